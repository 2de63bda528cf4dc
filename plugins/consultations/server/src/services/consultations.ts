import type { Core } from '@strapi/strapi';
import { audienceOf, type AudienceTarget, type Subject } from '@intranet-militant/shared';
import { type Calendar, type Kind, type Phase } from '../domain/phases';
import { CONSULTATION_UID, CONTRIBUTION_UID, PROPOSAL_UID, SYNTHESIS_UID } from '../uids';

export const CONSULTATION_POPULATE = {
  federation: { select: ['id', 'documentId', 'name', 'departmentCode'] },
  section: { select: ['id', 'documentId', 'name'] },
};

export interface Consultation {
  id: number;
  documentId: string;
  kind: Kind;
  title: string;
  description: string | null;
  audience: AudienceTarget['audience'];
  federation: { id: number; documentId: string; name: string; departmentCode: string } | null;
  section: { id: number; documentId: string; name: string } | null;
  eligibilityCutoff: string | null;
  opensAt: string;
  phase: Phase;
  phaseChangedAt: string | null;
  quorumPercent: number;
  majority: 'simple' | 'absolute' | 'two-thirds';
  votePerSection: boolean;
  synthesisSize: number | null;
  categories: string[] | null;
  question: string | null;
  answerType: 'graded' | 'choice' | null;
  choices: string[] | null;
  eligibleAtVote: number | null;
  results: any;
  [field: string]: any;
}

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : undefined);

/** Reads of consultations and of what belongs to them. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async byDocumentId(documentId: string): Promise<Consultation | null> {
    return strapi.db.query(CONSULTATION_UID).findOne({ where: { documentId }, populate: CONSULTATION_POPULATE });
  },

  async byId(id: number): Promise<Consultation> {
    return strapi.db.query(CONSULTATION_UID).findOne({ where: { id }, populate: CONSULTATION_POPULATE });
  },

  calendar(c: Consultation): Calendar {
    return {
      kind: c.kind,
      opensAt: iso(c.opensAt)!,
      endsAt: {
        contribution: iso(c.contributionEndsAt),
        analysis: iso(c.analysisEndsAt),
        evaluation: iso(c.evaluationEndsAt),
        vote: iso(c.voteEndsAt),
      },
    };
  },

  target(c: Consultation): AudienceTarget {
    return audienceOf(c);
  },

  /** Where a consultation lives, for the staff's permissions. */
  subject(c: Consultation): Subject {
    return { federationId: c.federation?.id ?? null, sectionId: c.section?.id ?? null };
  },

  async synthesisOf(consultationId: number) {
    return strapi.db.query(SYNTHESIS_UID).findOne({
      where: { consultation: { id: consultationId } },
      populate: { sections: { populate: { proposal: { select: ['id', 'documentId', 'title'] } } } },
    });
  },

  /** Contributions in submission order, numbered from 1 (the number is their reference). */
  async contributionsOf(consultationId: number) {
    const rows = await strapi.db.query(CONTRIBUTION_UID).findMany({
      where: { consultation: { id: consultationId } },
      orderBy: { id: 'asc' },
      populate: { author: { select: ['id'] }, proposal: { select: ['id', 'documentId', 'title', 'state'] } },
    });
    return rows.map((row: any, index: number) => ({ ...row, number: index + 1 }));
  },

  /** References of the contributions (no text): their number, title and state, for provenance. */
  async contributionRefs(consultationId: number) {
    const rows = await strapi.db.query(CONTRIBUTION_UID).findMany({
      where: { consultation: { id: consultationId } },
      orderBy: { id: 'asc' },
      select: ['id', 'documentId', 'title', 'state'],
    });
    return rows.map((row: any, index: number) => ({ ...row, number: index + 1 }));
  },

  /** Proposals in creation order, numbered from 1. */
  async proposalsOf(consultationId: number) {
    const rows = await strapi.db.query(PROPOSAL_UID).findMany({
      where: { consultation: { id: consultationId } },
      orderBy: { id: 'asc' },
      populate: { sources: { select: ['id', 'documentId'] }, mergedInto: { select: ['id', 'documentId'] } },
    });
    return rows.map((row: any, index: number) => ({ ...row, number: index + 1 }));
  },
});
