import { uniqueConflicts } from '@intranet-militant/shared';
import { CANDIDACY_ROLES, CANDIDACY_STATES, DECIDERS, KINDS, SCOPES, VOTE_METHODS } from '../domain/vocabulary';

// Factories, not shared objects: Strapi annotates each attribute object in place.
/** Candidacies hold criminal-record checks and sex as registered: never in the Content Manager; designations go through the API's commands. */
const hidden = () => ({ 'content-manager': { visible: false }, 'content-type-builder': { visible: false } });

/**
 * Designations, candidacies, the pledge's versions and each federation's criteria per kind.
 * Places and people are ids of membership's rows (read through its directory), not
 * relations: investitures never joins membership's tables.
 */
const candidacy = {
  kind: 'collectionType',
  collectionName: 'investitures_candidacies',
  info: { singularName: 'candidacy', pluralName: 'candidacies', displayName: 'Candidature' },
  options: { draftAndPublish: false },
  pluginOptions: hidden(),
  attributes: {
    designationId: { type: 'integer', required: true },
    memberId: { type: 'integer', required: true },
    federationId: { type: 'integer' },
    /** Position on a list (1…n), null for a single candidacy. */
    position: { type: 'integer' },
    role: { type: 'enumeration', enum: [...CANDIDACY_ROLES], default: 'titulaire', required: true },
    /** The running mate of a binôme (a member id), or a titulaire's suppléant. */
    runningMateId: { type: 'integer' },
    /** The running mate's agreement (a binôme): the Paris day they accepted, null until then. */
    mateConfirmedOn: { type: 'date' },
    /** The day the running mate declined (the candidacy was withdrawn then), null otherwise. */
    mateDeclinedOn: { type: 'date' },
    statement: { type: 'text', maxLength: 5000 },
    /** Documents the candidate gives (titles and text; no file is stored). */
    documents: { type: 'json' },
    /** Sex as registered in the membership file when applying (parity), year of birth (indicators). */
    sex: { type: 'enumeration', enum: ['F', 'M'] },
    birthYear: { type: 'integer' },
    /** Declared by the candidate: mandates held before, former collaborator of an elected official. */
    previousMandates: { type: 'integer', default: 0 },
    formerCollaborator: { type: 'boolean', default: false },
    /** From the mandates plugin when applying: { previousMandates, formerCollaborator, outgoing, consecutiveTerms }. */
    record: { type: 'json' },
    state: { type: 'enumeration', enum: [...CANDIDACY_STATES], default: 'submitted', required: true },
    submittedOn: { type: 'date', required: true },
    withdrawnOn: { type: 'date' },
    /** Each criterion's check, with who and when (domain/criteria.ts `Checks`). */
    checks: { type: 'json' },
    /** `<designation>:<member>` while the candidacy stands (one per member), null once withdrawn. */
    memberKey: { type: 'string', maxLength: 40 },
    /** `<designation>:<role>:<position>` while the candidacy stands (a position is taken once). */
    positionKey: { type: 'string', maxLength: 60 },
  },
  indexes: [
    { name: 'investitures_candidacies_member_key_uq', columns: ['member_key'], type: 'unique' },
    { name: 'investitures_candidacies_position_key_uq', columns: ['position_key'], type: 'unique' },
  ],
};

export const candidacyConflicts = uniqueConflicts(candidacy, {
  investitures_candidacies_member_key_uq: 'Vous êtes déjà candidat·e à cette désignation.',
  investitures_candidacies_position_key_uq: 'Cette position de la liste est déjà prise.',
});

export default {
  designation: {
    schema: {
      kind: 'collectionType',
      collectionName: 'investitures_designations',
      info: { singularName: 'designation', pluralName: 'designations', displayName: 'Désignation' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        title: { type: 'string', required: true, maxLength: 200 },
        kind: { type: 'enumeration', enum: [...KINDS], required: true },
        scope: { type: 'enumeration', enum: [...SCOPES], required: true },
        federationId: { type: 'integer' },
        sectionId: { type: 'integer' },
        territoryCode: { type: 'string', maxLength: 20 },
        territoryName: { type: 'string', maxLength: 120 },
        /** A body's seats: the body (bodies plugin) and its seats to fill. */
        bodyDocumentId: { type: 'string', maxLength: 64 },
        bodyName: { type: 'string', maxLength: 200 },
        seats: { type: 'integer' },
        candidaciesOpenOn: { type: 'date', required: true },
        candidaciesCloseOn: { type: 'date', required: true },
        checksBy: { type: 'date', required: true },
        decisionOn: { type: 'date', required: true },
        /** First day of the mandate won (cumul preview); the decision day when not given. */
        mandateStartOn: { type: 'date' },
        decidedBy: { type: 'enumeration', enum: [...DECIDERS], required: true },
        voteMethod: { type: 'enumeration', enum: [...VOTE_METHODS] },
        /** Members who joined after it do not vote (against entryism). */
        eligibilityCutoff: { type: 'date' },
        /** The members' vote: none yet, open, closed (round 1 or 2). */
        voteState: { type: 'enumeration', enum: ['none', 'open', 'closed'], default: 'none', required: true },
        round: { type: 'integer', default: 0 },
        /** Candidacies on the ballot of each round: [{ round, candidates: [documentId], eligible }]. */
        rounds: { type: 'json' },
        /** Each closed round's count: [{ round, results, turnout, eligible }]. */
        results: { type: 'json' },
        /** A body's decision from its minutes: { body, minutesReference, decidedOn, designated: [documentId], recordedBy, recordedByMember }. */
        bodyDecision: { type: 'json' },
        decided: { type: 'boolean', default: false },
        /** The day the designation was made: the body's decision's date (its minutes), or the close of the vote's deciding round. */
        decidedOn: { type: 'date' },
        /** The criteria in force for it (its federation's configuration of its kind, copied when created). */
        criteria: { type: 'json', required: true },
        createdByLabel: { type: 'string', maxLength: 300 },
        /** The creator's member profile, when they have one: their erasure finds the label by it. */
        createdByMember: { type: 'integer' },
      },
    },
  },
  candidacy: { schema: candidacy },
  'pledge-version': {
    schema: {
      kind: 'collectionType',
      collectionName: 'investitures_pledge_versions',
      info: { singularName: 'pledge-version', pluralName: 'pledge-versions', displayName: 'Engagement de démission (versions)' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        version: { type: 'integer', required: true },
        text: { type: 'text', required: true },
        sha256: { type: 'string', required: true, maxLength: 64 },
        adoptedOn: { type: 'date', required: true },
        adoptedBy: { type: 'string', maxLength: 300 },
        /** Who adopted it: their member profile, when they have one (erasure). */
        adoptedByMember: { type: 'integer' },
      },
      indexes: [{ name: 'investitures_pledge_version_uq', columns: ['version'], type: 'unique' }],
    },
  },
  'criteria-config': {
    schema: {
      kind: 'collectionType',
      collectionName: 'investitures_criteria_configs',
      info: { singularName: 'criteria-config', pluralName: 'criteria-configs', displayName: 'Critères d’investiture d’une fédération' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        federationId: { type: 'integer', required: true },
        kind: { type: 'enumeration', enum: [...KINDS], required: true },
        /** `<federation>:<kind>`: one configuration per federation and kind. */
        configKey: { type: 'string', required: true, maxLength: 60 },
        criteria: { type: 'json', required: true },
        updatedByLabel: { type: 'string', maxLength: 300 },
        /** Who last changed it: their member profile, when they have one (erasure). */
        updatedByMember: { type: 'integer' },
      },
      indexes: [{ name: 'investitures_criteria_key_uq', columns: ['config_key'], type: 'unique' }],
    },
  },
};
