import { PHASES } from '../domain/phases';

// Factories, not shared objects: Strapi annotates each attribute object in place.
const hidden = () => ({ 'content-manager': { visible: false }, 'content-type-builder': { visible: false } });
const datetime = () => ({ type: 'datetime' }) as const;
const inCharge = () => ({ type: 'string', maxLength: 300 }) as const;

/**
 * A consultation and what members and staff make of it. The consultation itself is
 * edited by staff in the admin panel too (its calendar, people in charge, rules); its
 * phase only moves through the plugin (staff action or clock). Contributions, proposals
 * and the synthesis are handled through the API and the staff workbench. Grades, ballots
 * and the register of voters live in plain tables (storage.ts), for speed and secrecy.
 */
export default {
  consultation: {
    schema: {
      kind: 'collectionType',
      collectionName: 'consultations_consultations',
      info: { singularName: 'consultation', pluralName: 'consultations', displayName: 'Consultation', description: 'Une consultation des adhérents.' },
      options: { draftAndPublish: false },
      pluginOptions: {
        'content-type-builder': { visible: false },
        intranet: {
          federationScope: 'federation.departmentCode',
          staffActions: ['read', 'create', 'update'],
          staffHidden: ['phase', 'phaseChangedAt', 'eligibleAtVote', 'rollClosedAt', 'results'],
          mainField: 'title',
          labels: {
            kind: 'Type', title: 'Titre', description: 'Déroulement',
            audience: 'Périmètre', federation: 'Fédération', section: 'Section',
            eligibilityCutoff: 'Date limite d’adhésion', opensAt: 'Ouverture',
            contributionEndsAt: 'Fin des contributions', contributionInCharge: 'Responsables des contributions',
            analysisEndsAt: 'Fin de l’analyse', analysisInCharge: 'Responsables de l’analyse',
            evaluationEndsAt: 'Fin de l’évaluation', evaluationInCharge: 'Responsables de l’évaluation',
            voteEndsAt: 'Fin du vote', voteInCharge: 'Responsables du vote', resultsInCharge: 'Responsables des résultats',
            quorumPercent: 'Quorum (% des adhérents à jour)', majority: 'Majorité',
            votePerSection: 'Vote aussi par partie', synthesisSize: 'Propositions retenues par défaut',
            categories: 'Catégories de contribution (liste JSON)', question: 'Question', answerType: 'Type de réponse',
            choices: 'Choix proposés (liste JSON)', phase: 'Étape', phaseChangedAt: 'Changement d’étape',
          },
        },
      },
      attributes: {
        kind: { type: 'enumeration', enum: ['full', 'quick'], default: 'full', required: true },
        title: { type: 'string', required: true, maxLength: 200 },
        description: { type: 'text', maxLength: 10000 },
        audience: { type: 'enumeration', enum: ['national', 'federation', 'section'], default: 'federation', required: true },
        federation: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.federation' },
        section: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.section' },
        federationCode: { type: 'string', maxLength: 3, private: true, visible: false, writable: false },
        eligibilityCutoff: { type: 'date' },
        opensAt: { ...datetime(), required: true },
        contributionEndsAt: datetime(),
        contributionInCharge: inCharge(),
        analysisEndsAt: datetime(),
        analysisInCharge: inCharge(),
        evaluationEndsAt: datetime(),
        evaluationInCharge: inCharge(),
        voteEndsAt: { ...datetime(), required: true },
        voteInCharge: inCharge(),
        resultsInCharge: inCharge(),
        // Not `status` (reserved by Strapi 5 for draft/published).
        phase: { type: 'enumeration', enum: [...PHASES], default: 'draft', required: true },
        phaseChangedAt: datetime(),
        quorumPercent: { type: 'integer', min: 0, max: 100, default: 25, required: true },
        majority: { type: 'enumeration', enum: ['simple', 'absolute', 'two-thirds'], default: 'simple', required: true },
        votePerSection: { type: 'boolean', default: false },
        synthesisSize: { type: 'integer', min: 1, max: 500, default: 20 },
        categories: { type: 'json' },
        question: { type: 'text', maxLength: 1000 },
        answerType: { type: 'enumeration', enum: ['graded', 'choice'] },
        choices: { type: 'json' },
        // Frozen when the vote opens and closes: the roll's size, and when the roll was closed
        // (null: a vote opened before rolls existed, judged member by member; services/roll.ts).
        eligibleAtVote: { type: 'integer', visible: false, writable: false },
        rollClosedAt: { ...datetime(), visible: false, writable: false },
        results: { type: 'json', visible: false, writable: false },
      },
    },
  },

  contribution: {
    schema: {
      kind: 'collectionType',
      collectionName: 'consultations_contributions',
      info: { singularName: 'contribution', pluralName: 'contributions', displayName: 'Contribution' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        consultation: { type: 'relation', relation: 'manyToOne', target: 'plugin::consultations.consultation' },
        author: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.member' },
        title: { type: 'string', required: true, maxLength: 200 },
        body: { type: 'text', required: true, maxLength: 5000 },
        category: { type: 'string', maxLength: 80 },
        state: { type: 'enumeration', enum: ['submitted', 'withdrawn', 'hidden'], default: 'submitted', required: true },
        hiddenReason: { type: 'text', maxLength: 1000 },
        proposal: { type: 'relation', relation: 'manyToOne', target: 'plugin::consultations.proposal', inversedBy: 'sources' },
      },
    },
  },

  proposal: {
    schema: {
      kind: 'collectionType',
      collectionName: 'consultations_proposals',
      info: { singularName: 'proposal', pluralName: 'proposals', displayName: 'Proposition' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        consultation: { type: 'relation', relation: 'manyToOne', target: 'plugin::consultations.consultation' },
        title: { type: 'string', required: true, maxLength: 200 },
        summary: { type: 'text', maxLength: 5000 },
        state: { type: 'enumeration', enum: ['active', 'merged'], default: 'active', required: true },
        mergedInto: { type: 'relation', relation: 'manyToOne', target: 'plugin::consultations.proposal' },
        sources: { type: 'relation', relation: 'oneToMany', target: 'plugin::consultations.contribution', mappedBy: 'proposal' },
      },
    },
  },

  synthesis: {
    schema: {
      kind: 'collectionType',
      collectionName: 'consultations_syntheses',
      info: { singularName: 'synthesis', pluralName: 'syntheses', displayName: 'Synthèse' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        consultation: { type: 'relation', relation: 'oneToOne', target: 'plugin::consultations.consultation' },
        title: { type: 'string', required: true, maxLength: 200 },
        preamble: { type: 'text', maxLength: 10000 },
        state: { type: 'enumeration', enum: ['draft', 'submitted', 'adopted', 'rejected'], default: 'draft', required: true },
        sections: { type: 'relation', relation: 'oneToMany', target: 'plugin::consultations.synthesis-section', mappedBy: 'synthesis' },
      },
    },
  },

  'synthesis-section': {
    schema: {
      kind: 'collectionType',
      collectionName: 'consultations_synthesis_sections',
      info: { singularName: 'synthesis-section', pluralName: 'synthesis-sections', displayName: 'Partie de synthèse' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        synthesis: { type: 'relation', relation: 'manyToOne', target: 'plugin::consultations.synthesis', inversedBy: 'sections' },
        position: { type: 'integer', required: true },
        title: { type: 'string', required: true, maxLength: 200 },
        text: { type: 'text', maxLength: 10000 },
        proposal: { type: 'relation', relation: 'manyToOne', target: 'plugin::consultations.proposal' },
      },
    },
  },

  // The domain vocabulary of grouping suggestions: national, edited by national admins in the
  // admin panel (no `intranet.staffActions`: federation staff roles get no right on it).
  'grouping-concept': {
    schema: {
      kind: 'collectionType',
      collectionName: 'consultations_grouping_concepts',
      info: {
        singularName: 'grouping-concept',
        pluralName: 'grouping-concepts',
        displayName: 'Concept de regroupement',
        description: 'Vocabulaire des suggestions de regroupement : une notion de la vie du parti et les façons de l’écrire (une par ligne).',
      },
      options: { draftAndPublish: false },
      pluginOptions: {
        'content-type-builder': { visible: false },
        intranet: { mainField: 'label', labels: { key: 'Identifiant', label: 'Notion', variants: 'Façons de l’écrire (une par ligne)', active: 'Utilisé', seedVersion: 'Version du vocabulaire fourni' } },
      },
      attributes: {
        key: { type: 'string', required: true, unique: true, maxLength: 60, regex: '^[a-z0-9][a-z0-9-]*$' },
        label: { type: 'string', required: true, maxLength: 120 },
        variants: { type: 'text', required: true, maxLength: 10000 },
        active: { type: 'boolean', default: true, required: true },
        // The seed version that wrote it (null for a concept staff created): a later seed adds its new concepts and brings up to date those nobody edited in the panel (no `updatedBy`), never rewrites one staff changed.
        seedVersion: { type: 'integer', writable: false },
      },
    },
  },

  // Sentence embeddings of contributions' texts, from the optional provider (domain/embeddings.ts):
  // computed once per text and model, keyed by a hash of both (no link to a member nor a
  // contribution: an edited text is another key; the text itself is not stored here).
  'grouping-embedding': {
    schema: {
      kind: 'collectionType',
      collectionName: 'consultations_grouping_embeddings',
      info: { singularName: 'grouping-embedding', pluralName: 'grouping-embeddings', displayName: 'Vecteur de regroupement' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        key: { type: 'string', required: true, unique: true, maxLength: 64 },
        model: { type: 'string', required: true, maxLength: 200 },
        dimensions: { type: 'integer', required: true },
        // Little-endian float32, base64 (domain/embeddings.ts `packVector`).
        vector: { type: 'text', required: true },
      },
    },
  },

  // Staff decisions the suggestions learn from: « this contribution does not go into that
  // proposal » or « these two contributions are not one idea ». Handled through the workbench.
  'grouping-rejection': {
    schema: {
      kind: 'collectionType',
      collectionName: 'consultations_grouping_rejections',
      info: { singularName: 'grouping-rejection', pluralName: 'grouping-rejections', displayName: 'Suggestion écartée' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        consultation: { type: 'relation', relation: 'manyToOne', target: 'plugin::consultations.consultation' },
        contribution: { type: 'relation', relation: 'manyToOne', target: 'plugin::consultations.contribution' },
        proposal: { type: 'relation', relation: 'manyToOne', target: 'plugin::consultations.proposal' },
        other: { type: 'relation', relation: 'manyToOne', target: 'plugin::consultations.contribution' },
      },
    },
  },
};
