import { LEVELS, SOURCES, TERRITORY_KINDS, VERIFICATIONS } from '../domain/catalogue';

// Factories, not shared objects: Strapi annotates each attribute object in place.
const hidden = () => ({ 'content-manager': { visible: false }, 'content-type-builder': { visible: false } });
const federationCode = () => ({ type: 'string', maxLength: 3, private: true, visible: false, writable: false }) as const;

/**
 * The national catalogue of mandate categories (national admins edit it in the admin panel),
 * mandates over half-open Paris date ranges, the versioned rule sets, waivers, mandate
 * reports and the questions members ask about them.
 */
export default {
  category: {
    schema: {
      kind: 'collectionType',
      collectionName: 'mandates_categories',
      info: { singularName: 'category', pluralName: 'categories', displayName: 'Catégorie de mandat', description: 'Le catalogue national des mandats et fonctions.' },
      options: { draftAndPublish: false },
      // National admins edit it; federation staff only read it (shared reference data, no
      // federation scope): the mandate form's « Mandat » picker lists it for them.
      pluginOptions: {
        'content-type-builder': { visible: false },
        intranet: { staffActions: ['read'], mainField: 'label', labels: { code: 'Code', label: 'Intitulé', executive: 'Fonction exécutive', level: 'Niveau', territoryKind: 'Type de territoire', reportingPeriodMonths: 'Période des comptes rendus (mois)', termYears: 'Durée du mandat (années)', mandateOf: 'Mandat dont la fonction découle', singleHolder: 'Un·e seul·e titulaire', collaborator: 'Collaborateur·rice d’élu·e', position: 'Ordre' } },
      },
      attributes: {
        code: { type: 'string', required: true, unique: true, maxLength: 60, regex: '^[a-z0-9-]+$' },
        label: { type: 'string', required: true, maxLength: 120 },
        executive: { type: 'boolean', required: true, default: false },
        level: { type: 'enumeration', enum: [...LEVELS], required: true },
        territoryKind: { type: 'enumeration', enum: [...TERRITORY_KINDS], required: true },
        /** Months per mandate report; 0: none owed. */
        reportingPeriodMonths: { type: 'integer', required: true, min: 0, max: 72, default: 12 },
        termYears: { type: 'integer', required: true, min: 1, max: 9, default: 6 },
        /** Code of the electoral mandate this function comes with (maire → conseiller-municipal). */
        mandateOf: { type: 'string', maxLength: 60 },
        singleHolder: { type: 'boolean', default: false },
        collaborator: { type: 'boolean', default: false },
        position: { type: 'integer', default: 0 },
      },
    },
  },

  mandate: {
    schema: {
      kind: 'collectionType',
      collectionName: 'mandates_mandates',
      info: { singularName: 'mandate', pluralName: 'mandates', displayName: 'Mandat' },
      options: { draftAndPublish: false },
      pluginOptions: {
        'content-type-builder': { visible: false },
        intranet: {
          federationScope: 'member.federation.departmentCode',
          staffActions: ['read', 'create', 'update'],
          staffFields: ['member', 'category', 'territoryCode', 'territoryName', 'employer', 'startOn', 'theoreticalEndOn', 'endOn', 'endReason', 'verification'],
          staffUpdateFields: ['territoryName', 'employer', 'endOn', 'endReason', 'verification'],
          // The federation (set from the member's when recorded) stays readable: the list's
          // « Fédération » column showed « - » to staff, who could not read it.
          staffHidden: ['federationCode', 'overlapKey', 'source', 'memberRef', 'federationRef', 'categoryCode', 'employerRef'],
          mainField: 'territoryName',
          labels: {
            member: 'Élu·e (adhérent)', category: 'Mandat', territoryCode: 'Code officiel du territoire (INSEE…)', territoryName: 'Territoire (facultatif : nom officiel d’après le code ; celui d’une commune ou d’un EPCI est toujours l’officiel)',
            employer: 'Employeur (l’élu·e adhérent·e dont il ou elle est collaborateur·rice ; postes de collaborateur seulement)',
            startOn: 'Début (inclus)', theoreticalEndOn: 'Fin prévue (exclue)', endOn: 'Fin effective (exclue ; vide tant que le mandat court)',
            endReason: 'Motif de fin', verification: 'Vérification',
            federation: 'Fédération', source: 'Origine de la saisie', verifiedOn: 'Vérifié le',
          },
        },
      },
      attributes: {
        member: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.member' },
        category: { type: 'relation', relation: 'manyToOne', target: 'plugin::mandates.category' },
        /** The member's federation when recorded (the scope of staff and of the directory). */
        federation: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.federation' },
        territoryCode: { type: 'string', required: true, maxLength: 12 },
        /** The territory's name: the official one of a commune or EPCI; else as typed, the official one when left empty (`territoryNameFor`). */
        territoryName: { type: 'string', maxLength: 200 },
        /**
         * For a collaborator's post: the elected official employing them, when a member of the
         * same federation (optional: an employer outside the party is not recorded).
         */
        employer: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.member' },
        /** First Paris day held (included). */
        startOn: { type: 'date', required: true },
        /** First Paris day after the term as scheduled (excluded). */
        theoreticalEndOn: { type: 'date', required: true },
        /** First Paris day no longer held (excluded), ≤ theoreticalEndOn; empty while it runs. */
        endOn: { type: 'date' },
        endReason: { type: 'string', maxLength: 500 },
        source: { type: 'enumeration', enum: [...SOURCES], required: true, default: 'declared' },
        verification: { type: 'enumeration', enum: [...VERIFICATIONS], required: true, default: 'declared' },
        verifiedOn: { type: 'date' },
        /** `memberId:categoryId:territoryCode` (or `categoryId:territoryCode` for a single holder): overlaps are checked on it. */
        overlapKey: { type: 'string', maxLength: 80, private: true, visible: false, writable: false },
        /**
         * The member's id, the federation's id and the category's code, copied from the
         * relations on every write: the rules' national read scans this one table
         * (services/store.ts `holdings`) instead of joining three link tables.
         */
        memberRef: { type: 'integer', private: true, visible: false, writable: false },
        federationRef: { type: 'integer', private: true, visible: false, writable: false },
        categoryCode: { type: 'string', maxLength: 60, private: true, visible: false, writable: false },
        /** The employer's member id, copied from `employer` (the rules' lean read). */
        employerRef: { type: 'integer', private: true, visible: false, writable: false },
        federationCode: federationCode(),
      },
      indexes: [
        { name: 'mandates_mandates_overlap_key', columns: ['overlap_key'] },
        { name: 'mandates_mandates_member_ref', columns: ['member_ref'] },
        { name: 'mandates_mandates_federation_ref', columns: ['federation_ref'] },
        { name: 'mandates_mandates_employer_ref', columns: ['employer_ref'] },
      ],
    },
  },

  'rule-set': {
    schema: {
      kind: 'collectionType',
      collectionName: 'mandates_rule_sets',
      info: { singularName: 'rule-set', pluralName: 'rule-sets', displayName: 'Règles de cumul (version)' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        version: { type: 'integer', required: true, unique: true, min: 1 },
        effectiveFrom: { type: 'date', required: true },
        rules: { type: 'json', required: true },
        note: { type: 'string', maxLength: 500 },
        /**
         * The day (Paris) a planned version was withdrawn (`withdrawRuleSet`), null while it
         * stands. A withdrawn version stays as a record that keeps its number: no later
         * version ever takes it, so « version 4 » names one rule set for good. Every reader
         * of the rules leaves withdrawn versions out.
         */
        withdrawnOn: { type: 'date' },
      },
      // `unique: true` above is the Document Service's check only: the database's own key makes
      // two versions published at once with the same number impossible (`publishRuleSet`: 409).
      indexes: [{ name: 'mandates_rule_sets_version_uq', columns: ['version'], type: 'unique' }],
    },
  },

  waiver: {
    schema: {
      kind: 'collectionType',
      collectionName: 'mandates_waivers',
      info: { singularName: 'waiver', pluralName: 'waivers', displayName: 'Dérogation' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        member: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.member' },
        ruleId: { type: 'string', required: true, maxLength: 60 },
        reason: { type: 'text', required: true, maxLength: 2000 },
        grantedOn: { type: 'date', required: true },
        expiresOn: { type: 'date', required: true },
        grantedBy: { type: 'string', maxLength: 300 },
        /** Who granted it: their member profile, when they have one (their erasure finds the label by it). */
        grantedByMember: { type: 'integer' },
      },
    },
  },

  report: {
    schema: {
      kind: 'collectionType',
      collectionName: 'mandates_reports',
      info: { singularName: 'report', pluralName: 'reports', displayName: 'Compte rendu de mandat' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        mandate: { type: 'relation', relation: 'manyToOne', target: 'plugin::mandates.mandate' },
        /** The reporting period `[periodStart, periodEnd)` and the day it is due (excluded: on time when submitted before). */
        periodStart: { type: 'date', required: true },
        periodEnd: { type: 'date', required: true },
        dueOn: { type: 'date', required: true },
        /** `mandateId:periodStart`: one report per mandate and period. */
        periodKey: { type: 'string', required: true, maxLength: 40, private: true },
        summary: { type: 'string', required: true, maxLength: 500 },
        /** Markdown. */
        body: { type: 'richtext', required: true, maxLength: 50000 },
        submittedOn: { type: 'date', required: true },
        /** Files in the private store (`ReportAttachment[]`: `PrivateFile` and the day added), never in the media library. */
        attachments: { type: 'json' },
        /** Earlier versions, oldest first (`ReportVersion[]`: summary, body, from, replacedOn), when the official corrected it. */
        versions: { type: 'json' },
        /** The day of the latest correction (the indicator keeps `submittedOn`). */
        correctedOn: { type: 'date' },
      },
      indexes: [{ name: 'mandates_reports_period_uq', columns: ['period_key'], type: 'unique' }],
    },
  },

  question: {
    schema: {
      kind: 'collectionType',
      collectionName: 'mandates_questions',
      info: { singularName: 'question', pluralName: 'questions', displayName: 'Question sur un compte rendu' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        report: { type: 'relation', relation: 'manyToOne', target: 'plugin::mandates.report' },
        author: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.member' },
        text: { type: 'text', required: true, maxLength: 2000 },
        /**
         * pending → published or rejected (staff moderation). Not `status`: Strapi 5 reserves that word
         * for draft & publish (renamed by database/migrations/2026.12.06T19.30.00.minutes-and-question-status.js).
         * The API still answers `status` (queries/reports.ts).
         */
        questionStatus: { type: 'enumeration', enum: ['pending', 'published', 'rejected'], required: true, default: 'pending' },
        answer: { type: 'text', maxLength: 5000 },
        answeredOn: { type: 'date' },
      },
    },
  },

  contact: {
    schema: {
      kind: 'collectionType',
      collectionName: 'mandates_contacts',
      info: { singularName: 'contact', pluralName: 'contacts', displayName: 'Coordonnées publiques d’élu·e' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        member: { type: 'relation', relation: 'manyToOne', target: 'plugin::membership.member' },
        /** The member's id: one row per official. */
        memberKey: { type: 'string', required: true, maxLength: 20, private: true },
        /** Shown to the members of the federation only when the official opts in. */
        visible: { type: 'boolean', required: true, default: false },
        publicEmail: { type: 'string', maxLength: 200 },
        publicPhone: { type: 'string', maxLength: 30 },
        /** Permanences, where and when to meet the official. */
        office: { type: 'text', maxLength: 1000 },
      },
      indexes: [{ name: 'mandates_contacts_member_uq', columns: ['member_key'], type: 'unique' }],
    },
  },
};
