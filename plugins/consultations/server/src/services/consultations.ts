import type { Core } from '@strapi/strapi';
import type { StandingSource } from '@intranet-militant/membership';
import { audienceOf, cacheTags, getService, parisDate, requestCache, todayInParis, withConnection, type AudienceTarget, type Subject } from '@intranet-militant/shared';
import { type Calendar, type Kind, type Phase } from '../domain/phases';
import type { RollQuestion } from './roll';
import type { VoteResults } from './tallies';
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
  /** The roll's size once the vote has opened (the electorate of the turnout and quorum). */
  eligibleAtVote: number | null;
  /** When the vote opened and its roll was closed; null before, or for a vote opened before rolls existed. */
  rollClosedAt?: string | null;
  results: VoteResults | null;
  /** When read: the stored phase, and whether the clock has a step to take (see the clock service). */
  phaseStored?: Phase;
  pendingTransition?: boolean;
  contributionEndsAt?: string | null;
  analysisEndsAt?: string | null;
  evaluationEndsAt?: string | null;
  voteEndsAt?: string | null;
  /** The other stored fields (people in charge…), read by name. */
  [field: string]: unknown;
}

const CONTRIBUTION_POPULATE = { author: { select: ['id'] }, proposal: { select: ['id', 'documentId', 'title', 'state'] } };

export type ContributionState = 'submitted' | 'withdrawn' | 'hidden';

export interface ContributionRow {
  id: number;
  documentId: string;
  number: number;
  title: string;
  body: string;
  category: string | null;
  state: ContributionState;
  hiddenReason: string | null;
  createdAt: string;
  updatedAt?: string;
  author: { id: number } | null;
  proposal: { id: number; documentId: string; title: string; state: string } | null;
}

export interface ContributionRef {
  id: number;
  documentId: string;
  number: number;
  title: string;
  state: ContributionState;
}

export interface ProposalRow {
  id: number;
  documentId: string;
  number: number;
  title: string;
  summary: string | null;
  state: 'active' | 'merged';
  createdAt: string;
  sources: { id: number; documentId: string }[];
  mergedInto: { id: number; documentId: string } | null;
}

export interface SynthesisRow {
  id: number;
  documentId: string;
  title: string;
  preamble: string | null;
  state: 'draft' | 'submitted' | 'adopted' | 'rejected';
  updatedAt: string;
  sections: { id: number; documentId: string; position: number; title: string; text: string | null; proposal: { id: number; documentId: string; title: string } | null }[];
}

/** What bars a member on the day itself, whatever their standing on the reference date: a sanction in force, or having left the party. */
const STANDING_TODAY = new Set(['excluded', 'suspended', 'left']);

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : undefined);

type Place = { id: number; documentId: string; name: string; departmentCode?: string };

/** A consultation's federation and section ids, as its link tables hold them. */
export interface PlaceLinks {
  id: number;
  federationId: number | null;
  sectionId: number | null;
}

/** Where the consultations' federation and section links are kept (Strapi's join tables). */
export function placeLinkColumns(strapi: Core.Strapi) {
  const meta = strapi.db.metadata.get(CONSULTATION_UID) as any;
  const link = (attribute: string) => {
    const join = meta.attributes[attribute].joinTable;
    return { table: join.name as string, consultation: join.joinColumn.name as string, place: join.inverseJoinColumn.name as string };
  };
  return { table: meta.tableName as string, federation: link('federation'), section: link('section') };
}

/**
 * Consultation rows with their federation and section as `CONSULTATION_POPULATE` gives them, in
 * one statement instead of two populates (issue 13): the link ids are read now (in the current
 * transaction, if any), the places' names from the membership directory through the request
 * cache (tag `places`: any write to federations, sections or their link invalidates them on
 * every instance). Rows are changed in place and returned.
 */
async function withPlaces<T extends { id: number }>(strapi: Core.Strapi, rows: T[], known?: PlaceLinks[]): Promise<T[]> {
  if (!rows.length) return rows;
  const links: PlaceLinks[] =
    known ??
    (await withConnection(strapi, (knex) => {
      const { table, federation, section } = placeLinkColumns(strapi);
      return knex({ c: table })
        .leftJoin({ fl: federation.table }, `fl.${federation.consultation}`, 'c.id')
        .leftJoin({ sl: section.table }, `sl.${section.consultation}`, 'c.id')
        .whereIn('c.id', rows.map((r) => r.id))
        .select({ id: 'c.id', federationId: `fl.${federation.place}`, sectionId: `sl.${section.place}` });
    }));
  const directory = getService(strapi, 'membership', 'directory');
  const cache = requestCache(strapi);
  const federation = (id: number) =>
    cache.read(`consultations-federation:${id}`, async (): Promise<Place | null> => {
      const f = await directory.federationById(id);
      return f ? { id: f.id, documentId: f.documentId, name: f.name, departmentCode: f.departmentCode } : null;
    }, { tags: () => [cacheTags.places] });
  const section = (id: number) =>
    cache.read(`consultations-section:${id}`, async (): Promise<Place | null> => {
      const s = await directory.sectionById(id);
      return s ? { id: s.id, documentId: s.documentId, name: s.name } : null;
    }, { tags: () => [cacheTags.places] });
  const byId = new Map(links.map((l) => [Number(l.id), l]));
  await Promise.all(
    rows.map(async (row) => {
      const link = byId.get(row.id);
      const f = link?.federationId != null ? await federation(Number(link.federationId)) : null;
      const s = link?.sectionId != null ? await section(Number(link.sectionId)) : null;
      // Copies: a cached place is never handed out to be changed.
      Object.assign(row, { federation: f ? { ...f } : null, section: s ? { ...s } : null });
    })
  );
  return rows;
}

/** Reads of consultations and of what belongs to them. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async byDocumentId(documentId: string): Promise<Consultation | null> {
    const row = await strapi.db.query(CONSULTATION_UID).findOne({ where: { documentId } });
    return row ? (await withPlaces(strapi, [row]))[0] : null;
  },

  async byId(id: number): Promise<Consultation> {
    const row = await strapi.db.query(CONSULTATION_UID).findOne({ where: { id } });
    return row ? (await withPlaces(strapi, [row]))[0] : row;
  },

  /**
   * `withPlaces` for rows read without their populates (a list page). `links`: the rows'
   * federation and section ids when the caller read them already (no link statement then).
   */
  withPlaces<T extends { id: number }>(rows: T[], links?: PlaceLinks[]): Promise<T[]> {
    return withPlaces(strapi, rows, links);
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

  /**
   * The one date a consultation's electorate is judged on (YYYY-MM-DD): the Paris date of
   * its opening. Dues are those of that year and members must have joined by then (or by
   * the cut-off, if earlier), for the contributors, the graders, the voters and the
   * electorate counted when the vote opens alike — a vote running into January keeps the
   * electorate it opened with. See the README, « Consultations ».
   */
  referenceDate(c: Pick<Consultation, 'opensAt'>): string {
    return parisDate(c.opensAt);
  },

  /**
   * May this member take part in this consultation: eligible on its reference date, and
   * neither excluded nor suspended today (a sanction in force bars at once), nor gone from
   * the party since. Never throws. Voting also needs the roll (services/roll.ts).
   */
  async eligibilityOf(memberId: number, c: Consultation, source: StandingSource = {}) {
    return (await this.eligibilitiesOf(memberId, [c], source))[0]!;
  },

  /**
   * `eligibilityOf` for several consultations, in the order given, from **one** SQL
   * statement (membership's `ofMemberOn` asked every reference date and today at once):
   * the portal's home card reads every open consultation's standing this way. Never throws.
   * `source`: `{ kept: true }` for the standing kept in the request cache (membership's `StandingSource`).
   */
  async eligibilitiesOf(memberId: number, cs: Consultation[], source: StandingSource = {}) {
    const today = todayInParis();
    const asks = cs.map((c) => ({ on: this.referenceDate(c), cutoff: c.eligibilityCutoff ?? null }));
    // Today is asked only after a reference date (before it, the reference date's answer is today's).
    const questions = asks.flatMap((q) => (today <= q.on ? [q] : [q, { on: today, cutoff: q.cutoff }]));
    const answers = await getService(strapi, 'membership', 'eligibility').ofMemberOn(memberId, questions, source);
    let next = 0;
    return asks.map((q) => {
      const atReference = answers[next++]!;
      const now = today <= q.on ? null : answers[next++]!;
      if (!now) return atReference;
      const sanctions = now.reasons.filter((r) => STANDING_TODAY.has(r.code) && !atReference.reasons.some((x) => x.code === r.code));
      if (sanctions.length === 0) return atReference;
      return { ...atReference, eligible: false, reasons: [...sanctions, ...atReference.reasons] };
    });
  },

  /**
   * How many members may take part, judged on the reference date, as of now: the size the
   * roll would have if the vote opened now (shown before it opens; the roll's size after).
   */
  async electorate(c: Consultation): Promise<number> {
    return getService(strapi, 'membership', 'eligibility').countEligible(this.target(c), { on: this.referenceDate(c), cutoff: c.eligibilityCutoff });
  },

  /** Who goes on the roll when the vote opens: the audience, eligible on the reference date with the cut-off (`electorate`'s rule). */
  rollQuestion(c: Consultation): RollQuestion {
    return { target: this.target(c), on: this.referenceDate(c), cutoff: c.eligibilityCutoff ?? null };
  },

  target(c: Consultation): AudienceTarget {
    return audienceOf(c);
  },

  /** Where a consultation lives, for the staff's permissions. */
  subject(c: Consultation): Subject {
    return { federationId: c.federation?.id ?? null, sectionId: c.section?.id ?? null };
  },

  async synthesisOf(consultationId: number): Promise<SynthesisRow | null> {
    return strapi.db.query(SYNTHESIS_UID).findOne({
      where: { consultation: { id: consultationId } },
      populate: { sections: { populate: { proposal: { select: ['id', 'documentId', 'title'] } } } },
    });
  },

  /** Contributions in submission order, numbered from 1 (the number is their reference). */
  async contributionsOf(consultationId: number): Promise<ContributionRow[]> {
    const rows: ContributionRow[] = await strapi.db.query(CONTRIBUTION_UID).findMany({
      where: { consultation: { id: consultationId } },
      orderBy: { id: 'asc' },
      populate: CONTRIBUTION_POPULATE,
    });
    return rows.map((row, index) => ({ ...row, number: index + 1 }));
  },

  /**
   * One page of the consultation's contributions matching `where` (query-engine filter), in
   * submission order, numbered as in the whole consultation; paged by the database.
   */
  async contributionsPage(consultationId: number, where: Record<string, unknown>, page: number, pageSize: number): Promise<{ rows: ContributionRow[]; total: number }> {
    const filter = { ...where, consultation: { id: consultationId } };
    const [rows, total]: [ContributionRow[], number] = await Promise.all([
      strapi.db.query(CONTRIBUTION_UID).findMany({ where: filter, orderBy: { id: 'asc' }, populate: CONTRIBUTION_POPULATE, limit: pageSize, offset: (page - 1) * pageSize }),
      strapi.db.query(CONTRIBUTION_UID).count({ where: filter }),
    ]);
    if (!rows.length) return { rows, total };
    // Their numbers: how many contributions of the consultation come before the first, then the ids in the page's range.
    const first = rows[0].id;
    const last = rows[rows.length - 1].id;
    const [before, range] = await Promise.all([
      strapi.db.query(CONTRIBUTION_UID).count({ where: { consultation: { id: consultationId }, id: { $lt: first } } }),
      strapi.db.query(CONTRIBUTION_UID).findMany({ where: { consultation: { id: consultationId }, id: { $gte: first, $lte: last } }, select: ['id'], orderBy: { id: 'asc' } }),
    ]);
    const numberOf = new Map((range as { id: number }[]).map((row, index) => [row.id, before + index + 1]));
    return { rows: rows.map((row) => ({ ...row, number: numberOf.get(row.id)! })), total };
  },

  /** The ids of the consultation's contributions that feed a proposal. */
  async assignedContributionIds(consultationId: number): Promise<number[]> {
    const rows: { id: number }[] = await strapi.db.query(CONTRIBUTION_UID).findMany({
      where: { consultation: { id: consultationId }, proposal: { id: { $notNull: true } } },
      select: ['id'],
    });
    return rows.map((row) => row.id);
  },

  /** One contribution with its number in the consultation, or null. */
  async contributionOf(consultationId: number, documentId: string): Promise<ContributionRow | null> {
    const row: ContributionRow | null = await strapi.db.query(CONTRIBUTION_UID).findOne({
      where: { documentId, consultation: { id: consultationId } },
      populate: CONTRIBUTION_POPULATE,
    });
    if (!row) return null;
    const before = await strapi.db.query(CONTRIBUTION_UID).count({ where: { consultation: { id: consultationId }, id: { $lt: row.id } } });
    return { ...row, number: before + 1 };
  },

  /** References of the contributions (no text): their number, title and state, for provenance. */
  async contributionRefs(consultationId: number): Promise<ContributionRef[]> {
    const rows: Omit<ContributionRef, 'number'>[] = await strapi.db.query(CONTRIBUTION_UID).findMany({
      where: { consultation: { id: consultationId } },
      orderBy: { id: 'asc' },
      select: ['id', 'documentId', 'title', 'state'],
    });
    return rows.map((row, index) => ({ ...row, number: index + 1 }));
  },

  /** Proposals in creation order, numbered from 1. */
  async proposalsOf(consultationId: number): Promise<ProposalRow[]> {
    const rows: ProposalRow[] = await strapi.db.query(PROPOSAL_UID).findMany({
      where: { consultation: { id: consultationId } },
      orderBy: { id: 'asc' },
      populate: { sources: { select: ['id', 'documentId'] }, mergedInto: { select: ['id', 'documentId'] } },
    });
    return rows.map((row, index) => ({ ...row, number: index + 1 }));
  },
});
