// Factories, not shared objects: Strapi annotates each attribute object in place.
const hidden = () => ({ 'content-manager': { visible: false }, 'content-type-builder': { visible: false } });
const federationCode = () => ({ type: 'string', maxLength: 3, private: true, visible: false, writable: false }) as const;

/** Staff of a federation edit what belongs to it in the admin panel (see membership's admin-scope). */
const staffEdits = (federationScope: string, mainField: string, labels: Record<string, string>) => ({
  'content-type-builder': { visible: false },
  intranet: { federationScope, staffActions: ['read', 'create', 'update', 'delete', 'publish'], mainField, labels },
});

/**
 * Courses and what they are made of are written by staff in the admin panel: a course
 * (draft until published) → its modules → their lessons and quizzes. Enrolments,
 * progress, quiz attempts, ratings and sponsorships are the members' side, written
 * through the API only.
 */
export default {
  course: {
    schema: {
      kind: 'collectionType',
      collectionName: 'training_courses',
      info: { singularName: 'course', pluralName: 'courses', displayName: 'Formation', description: 'Une formation : ses modules, leçons et quiz.' },
      options: { draftAndPublish: true },
      pluginOptions: staffEdits('federation.departmentCode', 'title', {
        title: 'Titre', summary: 'Présentation', audience: 'Niveau', federation: 'Fédération', section: 'Section',
        intendedFor: 'Public visé',
        openToOthers: 'Ouverte aussi aux autres adhérents', welcomePath: 'Parcours d’accueil des nouveaux adhérents',
        prerequisites: 'Prérequis', modules: 'Modules', estimatedHours: 'Durée estimée (heures)',
      }),
      attributes: {
        title: { type: 'string', required: true, maxLength: 200 },
        summary: { type: 'text', maxLength: 5000 },
        // The level: who runs it and whom it addresses (national, one federation, one section).
        audience: { type: 'enumeration', enum: ['national', 'federation', 'section'], default: 'federation', required: true },
        federation: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.federation' },
        section: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.section' },
        federationCode: federationCode(),
        intendedFor: { type: 'enumeration', enum: ['all-members', 'new-members', 'elected-officials'], default: 'all-members', required: true },
        openToOthers: { type: 'boolean', default: true },
        welcomePath: { type: 'boolean', default: false },
        estimatedHours: { type: 'decimal', min: 0, max: 1000 },
        prerequisites: { type: 'relation', relation: 'manyToMany', target: 'plugin::training.course' },
        modules: { type: 'relation', relation: 'oneToMany', target: 'plugin::training.course-module', mappedBy: 'course' },
      },
    },
  },

  'course-module': {
    schema: {
      kind: 'collectionType',
      collectionName: 'training_modules',
      info: { singularName: 'course-module', pluralName: 'course-modules', displayName: 'Module de formation' },
      options: { draftAndPublish: false },
      pluginOptions: staffEdits('course.federation.departmentCode', 'title', {
        course: 'Formation', position: 'Ordre', title: 'Titre', lessons: 'Leçons', quizzes: 'Quiz',
      }),
      attributes: {
        course: { type: 'relation', relation: 'manyToOne', target: 'plugin::training.course', inversedBy: 'modules' },
        position: { type: 'integer', required: true, min: 1, default: 1 },
        title: { type: 'string', required: true, maxLength: 200 },
        federationCode: federationCode(),
        lessons: { type: 'relation', relation: 'oneToMany', target: 'plugin::training.lesson', mappedBy: 'module' },
        quizzes: { type: 'relation', relation: 'oneToMany', target: 'plugin::training.quiz', mappedBy: 'module' },
      },
    },
  },

  lesson: {
    schema: {
      kind: 'collectionType',
      collectionName: 'training_lessons',
      info: { singularName: 'lesson', pluralName: 'lessons', displayName: 'Leçon' },
      options: { draftAndPublish: false },
      pluginOptions: staffEdits('module.course.federation.departmentCode', 'title', {
        module: 'Module', position: 'Ordre', title: 'Titre', body: 'Texte', videoUrl: 'Vidéo (lien https)',
        attachments: 'Pièces jointes', required: 'Obligatoire pour valider la formation',
      }),
      attributes: {
        module: { type: 'relation', relation: 'manyToOne', target: 'plugin::training.course-module', inversedBy: 'lessons' },
        position: { type: 'integer', required: true, min: 1, default: 1 },
        title: { type: 'string', required: true, maxLength: 200 },
        body: { type: 'blocks' },
        videoUrl: { type: 'string', maxLength: 500, regex: '^https://[^\\s]+$' },
        attachments: { type: 'media', multiple: true, allowedTypes: ['files', 'images'] },
        required: { type: 'boolean', default: true },
        federationCode: federationCode(),
      },
    },
  },

  quiz: {
    schema: {
      kind: 'collectionType',
      collectionName: 'training_quizzes',
      info: { singularName: 'quiz', pluralName: 'quizzes', displayName: 'Quiz' },
      options: { draftAndPublish: false },
      pluginOptions: staffEdits('module.course.federation.departmentCode', 'title', {
        module: 'Module', title: 'Titre', passMark: 'Note pour réussir (%)', maxAttempts: 'Essais autorisés',
        questions: 'Questions (liste JSON : chacune avec « text », « kind » single ou multiple, et ses « choices » avec « text » et « correct »)',
      }),
      attributes: {
        module: { type: 'relation', relation: 'manyToOne', target: 'plugin::training.course-module', inversedBy: 'quizzes' },
        title: { type: 'string', required: true, maxLength: 200 },
        passMark: { type: 'integer', required: true, min: 1, max: 100, default: 70 },
        maxAttempts: { type: 'integer', required: true, min: 1, max: 20, default: 3 },
        // Never sent to members as is: the correct answers stay on the server.
        questions: { type: 'json', required: true },
        federationCode: federationCode(),
      },
    },
  },

  enrolment: {
    schema: {
      kind: 'collectionType',
      collectionName: 'training_enrolments',
      info: { singularName: 'enrolment', pluralName: 'enrolments', displayName: 'Inscription' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        member: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.member' },
        // The course by documentId: publishing again replaces the published row, not the course.
        courseDocumentId: { type: 'string', required: true, maxLength: 40 },
        // `memberId:courseDocumentId`, unique: one enrolment per member and course, even under concurrent requests.
        enrolmentKey: { type: 'string', required: true, maxLength: 80 },
        origin: { type: 'enumeration', enum: ['self', 'welcome'], default: 'self', required: true },
        enrolledAt: { type: 'datetime', required: true },
        completedAt: { type: 'datetime' },
        certificateCode: { type: 'string', maxLength: 20 },
        // What the certificate says, fixed at completion: it stays verifiable whatever happens to the course.
        certificate: { type: 'json' },
      },
      indexes: [
        { name: 'training_enrolments_key_uq', columns: ['enrolment_key'], type: 'unique' },
        { name: 'training_enrolments_certificate_uq', columns: ['certificate_code'], type: 'unique' },
        { name: 'training_enrolments_course', columns: ['course_document_id'] },
      ],
    },
  },

  progress: {
    schema: {
      kind: 'collectionType',
      collectionName: 'training_progress',
      info: { singularName: 'progress', pluralName: 'progresses', displayName: 'Leçon suivie' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        enrolment: { type: 'relation', relation: 'manyToOne', target: 'plugin::training.enrolment' },
        lesson: { type: 'relation', relation: 'manyToOne', target: 'plugin::training.lesson' },
        // `enrolmentId:lessonId`, unique: a lesson is done once.
        progressKey: { type: 'string', required: true, maxLength: 40 },
        completedAt: { type: 'datetime', required: true },
      },
      indexes: [{ name: 'training_progress_key_uq', columns: ['progress_key'], type: 'unique' }],
    },
  },

  'quiz-attempt': {
    schema: {
      kind: 'collectionType',
      collectionName: 'training_quiz_attempts',
      info: { singularName: 'quiz-attempt', pluralName: 'quiz-attempts', displayName: 'Essai de quiz' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        enrolment: { type: 'relation', relation: 'manyToOne', target: 'plugin::training.enrolment' },
        quiz: { type: 'relation', relation: 'manyToOne', target: 'plugin::training.quiz' },
        // `enrolmentId:quizId:n`, unique: the attempt limit holds under concurrent submissions.
        attemptKey: { type: 'string', required: true, maxLength: 60 },
        answers: { type: 'json', required: true },
        // Whole percent, rounded down: a display of the best try; `passed` is decided on exact fractions.
        score: { type: 'integer', required: true, min: 0, max: 100 },
        passed: { type: 'boolean', required: true },
      },
      indexes: [{ name: 'training_attempts_key_uq', columns: ['attempt_key'], type: 'unique' }],
    },
  },

  rating: {
    schema: {
      kind: 'collectionType',
      collectionName: 'training_ratings',
      info: { singularName: 'rating', pluralName: 'ratings', displayName: 'Avis sur une formation' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        enrolment: { type: 'relation', relation: 'oneToOne', target: 'plugin::training.enrolment' },
        courseDocumentId: { type: 'string', required: true, maxLength: 40 },
        ratingKey: { type: 'string', required: true, maxLength: 40 },
        grade: { type: 'integer', required: true, min: 1, max: 5 },
        comment: { type: 'text', maxLength: 2000 },
      },
      indexes: [{ name: 'training_ratings_key_uq', columns: ['rating_key'], type: 'unique' }],
    },
  },

  sponsorship: {
    schema: {
      kind: 'collectionType',
      collectionName: 'training_sponsorships',
      info: { singularName: 'sponsorship', pluralName: 'sponsorships', displayName: 'Parrainage' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        sponsor: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.member' },
        newcomer: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.member' },
        // The newcomer's id while the sponsorship runs, null once ended: one running sponsor each.
        runningKey: { type: 'string', maxLength: 20 },
        startedOn: { type: 'date', required: true },
        endedOn: { type: 'date' },
      },
      indexes: [{ name: 'training_sponsorships_running_uq', columns: ['running_key'], type: 'unique' }],
    },
  },
};
