import { GRAVITIES, LEVELS } from '../domain/scale';
import { STATES } from '../domain/procedure';

// Factories, not shared objects: Strapi annotates each attribute object in place.
/** Cases hold confidential data (a reporter's identity, the commission's reasoning): never in the Content Manager. */
const hidden = () => ({ 'content-manager': { visible: false }, 'content-type-builder': { visible: false } });

/**
 * The national scale (one row per version, never rewritten) and the cases. Places and
 * people are ids of membership's rows (read through its directory), not relations: the
 * sanctions plugin never joins membership's tables.
 */
export default {
  'scale-version': {
    schema: {
      kind: 'collectionType',
      collectionName: 'sanctions_scale_versions',
      info: { singularName: 'scale-version', pluralName: 'scale-versions', displayName: 'Barème des sanctions' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        version: { type: 'integer', required: true, unique: true },
        adoptedOn: { type: 'date', required: true },
        categories: { type: 'json', required: true },
        namedLevels: { type: 'json', required: true },
        /** Who recorded the national council's vote: their actor label, and their profile id for erasure (`actedAs`). */
        adoptedBy: { type: 'string' },
        adoptedByMember: { type: 'integer' },
      },
    },
  },
  case: {
    schema: {
      kind: 'collectionType',
      collectionName: 'sanctions_cases',
      info: { singularName: 'case', pluralName: 'cases', displayName: 'Affaire disciplinaire' },
      options: { draftAndPublish: false },
      pluginOptions: hidden(),
      attributes: {
        reference: { type: 'string', required: true, unique: true },
        federationId: { type: 'integer', required: true },
        /** Null while a confidential report names someone the commission has not identified yet. */
        respondentId: { type: 'integer' },
        /** How the reporter described the person (name, section…) when they could not point to a profile. */
        respondentDescription: { type: 'string' },
        /** `referral` (staff, secretary, commission) or `report` (a member's confidential report). */
        origin: { type: 'enumeration', enum: ['referral', 'report'], required: true },
        /** The account that referred it (referral) — for a report, only the commission sees who. */
        referrerUserId: { type: 'integer' },
        referrerRole: { type: 'string' },
        /** The reporting member (confidential reports): never in a response the respondent or the staff can get. */
        reporterMemberId: { type: 'integer', private: true },
        categoryKey: { type: 'string', required: true },
        /** The category's label and article in the cited scale version (copied: the scale is versioned). */
        categoryLabel: { type: 'string', required: true },
        article: { type: 'string', required: true },
        gravity: { type: 'enumeration', enum: [...GRAVITIES], required: true },
        scaleVersion: { type: 'integer', required: true },
        facts: { type: 'text', required: true },
        state: { type: 'enumeration', enum: [...STATES], required: true, default: 'received' },
        receivedOn: { type: 'date', required: true },
        investigationOn: { type: 'date' },
        notifiedOn: { type: 'date' },
        hearingOn: { type: 'date' },
        heardOn: { type: 'date' },
        respondentAttended: { type: 'boolean' },
        hearingNotes: { type: 'text' },
        defence: { type: 'text' },
        defenceOn: { type: 'date' },
        /** The defence's file in the private store (`PrivateFile`: key, name, type, size, SHA-256), or null. */
        defenceFile: { type: 'json' },
        /** [{ title, content, addedOn, by: 'commission' | 'respondent' }] */
        documents: { type: 'json' },
        precautionaryUntil: { type: 'date' },
        /** The first-instance decision: { level | null (relaxe), months, reasoning, summary, article, scaleVersion, by } */
        decision: { type: 'json' },
        decidedOn: { type: 'date' },
        appealedOn: { type: 'date' },
        appealGrounds: { type: 'text' },
        nationalDecision: { type: 'json' },
        nationalDecidedOn: { type: 'date' },
        /** The sanction as it stands (the national decision's when there was an appeal); null: relaxe. */
        finalLevel: { type: 'enumeration', enum: [...LEVELS] },
        finalMonths: { type: 'integer' },
        finalOn: { type: 'date' },
        /** Whether the published decision names the respondent (the scale's named levels). */
        publishedNamed: { type: 'boolean', default: false },
        /** The respondent's name as published (only when the scale names that level), the federation's label. */
        publishedName: { type: 'string' },
        federationLabel: { type: 'string' },
        /** Applied effects: [{ on, status, until, seatsEnded }] */
        effects: { type: 'json' },
        /** Every step: [{ on, at, step, by }] (labels only; the audit log holds the rest). */
        history: { type: 'json' },
      },
    },
  },
};
