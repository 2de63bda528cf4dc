import type { Core } from '@strapi/strapi';
import { cacheTags, effectiveStatusFilter, requestCache, todayInParis, withConnection, yearOf, type AudienceTarget } from '@intranet-militant/shared';
import type { Knex } from 'knex';
import { assessEligibility, standingOf, type Eligibility, type MemberStanding } from '../domain/eligibility';
import { DUE_UID, MEMBER_UID } from '../uids';

/**
 * How a standing is read: `kept` takes it from the request cache when it is there (issue 13):
 * any write to the member's row or to dues, by any door, drops it on every instance before
 * the member's next request (as their role and status in the actor), so reads that show
 * members where they stand (the home card) and the consultations' participation commands
 * (contribute, grade, vote: `assertEligible`) use it; without it, the database is read.
 */
export interface StandingSource {
  kept?: boolean;
}

export interface EligibilityQuery {
  /** The date the question is asked for (YYYY-MM-DD, default today in Paris). */
  on?: string;
  /** Members who joined after this date may not take part (YYYY-MM-DD). */
  cutoff?: string | null;
}

/** The query-engine filter of `countEligible` and `eligibleMemberIds`. */
function eligibleWhere(target: AudienceTarget, query: EligibilityQuery): Record<string, unknown> {
  const on = query.on ?? todayInParis();
  const cutoff = query.cutoff && query.cutoff < on ? query.cutoff : on;
  const where: Record<string, unknown> = {
    joinedOn: { $lte: cutoff },
    dues: { year: yearOf(on), cancelledOn: { $null: true } },
    // Active on `on`; members who left the party (issue 22) no longer take part from that day.
    $and: [effectiveStatusFilter('active', on)],
  };
  if (target.audience === 'federation') where.federation = { id: target.federationId ?? -1 };
  if (target.audience === 'section') where.section = { id: target.sectionId ?? -1 };
  return where;
}

/** A date column as YYYY-MM-DD (PostgreSQL gives text; SQLite may give text or a timestamp). */
function dateText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' || value instanceof Date) return new Date(value).toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/**
 * A member's standing (status, dates, years paid) in one statement: the member row left-joined
 * to its dues not cancelled (one row per due, or one with no year). Null when no such member.
 */
async function standingRead(strapi: Core.Strapi, memberId: number): Promise<MemberStanding | null> {
  const member = strapi.db.metadata.get(MEMBER_UID) as any;
  const due = strapi.db.metadata.get(DUE_UID) as any;
  const link = due.attributes.member.joinTable;
  const column = (meta: any, attribute: string) => meta.attributes[attribute].columnName ?? attribute;
  const rows: Record<string, unknown>[] = await withConnection(strapi, (trx) =>
    trx
      .select({
        membershipStatus: `m.${column(member, 'membershipStatus')}`,
        statusChangedOn: `m.${column(member, 'statusChangedOn')}`,
        suspendedUntil: `m.${column(member, 'suspendedUntil')}`,
        joinedOn: `m.${column(member, 'joinedOn')}`,
        leftOn: `m.${column(member, 'leftOn')}`,
        year: `d.${column(due, 'year')}`,
      })
      .from({ m: member.tableName })
      .leftJoin({ l: link.name }, `l.${link.inverseJoinColumn.name}`, 'm.id')
      .leftJoin({ d: due.tableName }, (on: any) => on.on('d.id', '=', `l.${link.joinColumn.name}`).andOnNull(`d.${column(due, 'cancelledOn')}`))
      .where('m.id', memberId)
  );
  if (!rows.length) return null;
  const first = rows[0]!;
  const paidYears = rows.map((r) => r.year).filter((y) => y !== null && y !== undefined).map(Number);
  return standingOf(
    {
      membershipStatus: first.membershipStatus as MemberStanding['status'],
      statusChangedOn: dateText(first.statusChangedOn),
      suspendedUntil: dateText(first.suspendedUntil),
      joinedOn: dateText(first.joinedOn) ?? undefined,
      leftOn: dateText(first.leftOn),
    },
    paidYears
  );
}

/**
 * « May this member take part? » — the one answer every participatory plugin uses:
 * active, paid up for the current year, member since the cut-off at the latest.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async ofMember(memberId: number, query: EligibilityQuery = {}): Promise<Eligibility> {
    return (await this.ofMemberOn(memberId, [query]))[0]!;
  },

  /**
   * The same answer as `ofMember` for several questions (each a date, YYYY-MM-DD Paris,
   * default today, and a cut-off) from **one** SQL statement (the member row joined to its
   * dues not cancelled): a consultation asks on its reference date and today (a sanction in
   * force bars at once); the portal's home card asks for every open consultation at once.
   * @param source `{ kept: true }`: the standing kept in the request cache (see `StandingSource`)
   * @returns one Eligibility per question, in the order given (never throws for an unknown
   * member: « not-a-member »)
   */
  async ofMemberOn(memberId: number, questions: EligibilityQuery[], source: StandingSource = {}): Promise<Eligibility[]> {
    const standing = !questions.length ? null : source.kept ? await this.keptStanding(memberId) : await standingRead(strapi, memberId);
    return questions.map(({ on = todayInParis(), cutoff = null }) =>
      standing ? assessEligibility(standing, on, cutoff) : { eligible: false, on, cutoff, reasons: [{ code: 'not-a-member', message: 'aucune fiche d’adhérent' }] }
    );
  },

  /**
   * The member's standing as `standingRead` gives it, kept in the request cache for every
   * reader on this instance (the date-independent facts: the rule is applied per question).
   * Any write to the member's row (status, dates) or to any dues, by any door, drops it on
   * every instance (tags `member:<id>`, `dues`); an unknown member is not kept.
   */
  keptStanding(memberId: number): Promise<MemberStanding | null> {
    return requestCache(strapi).read(`standing:${memberId}`, () => standingRead(strapi, memberId), {
      tags: () => [cacheTags.member(memberId), cacheTags.dues],
      ttlMs: (standing) => (standing ? Number.POSITIVE_INFINITY : 0),
    });
  },

  /**
   * How many members of an audience may take part on `on` with that cut-off: the same rule
   * as `ofMember`, counted by the database (participation figures, quorums).
   */
  async countEligible(target: AudienceTarget, query: EligibilityQuery = {}): Promise<number> {
    return strapi.db.query(MEMBER_UID).count({ where: eligibleWhere(target, query) });
  },

  /**
   * The ids of the members of an audience who may take part on `on` with that cut-off (the
   * same rule as `countEligible`), e.g. whom a consultation's phase opening is sent to.
   */
  async eligibleMemberIds(target: AudienceTarget, query: EligibilityQuery = {}): Promise<number[]> {
    const rows = await strapi.db.query(MEMBER_UID).findMany({ where: eligibleWhere(target, query), select: ['id'] });
    return rows.map((r: { id: number }) => r.id);
  },

  /**
   * The members of an audience who may take part on `on` with that cut-off (the same rule as
   * `countEligible`), as a subquery to embed in one set-based statement (a roll closed when a
   * vote opens: `INSERT … SELECT id FROM (<this>)`), so that 40,000 members never travel
   * through the process. Membership's SQL, read-only; the caller never looks inside it.
   * @returns a knex query selecting one column, `id` (distinct member ids), not yet run
   */
  eligibleMembersQuery(target: AudienceTarget, query: EligibilityQuery = {}): Knex.QueryBuilder {
    const qb = (strapi.db as any).entityManager.createQueryBuilder(MEMBER_UID).init({ where: eligibleWhere(target, query) }).select('id');
    return qb.getKnexQuery() as Knex.QueryBuilder;
  },

  /** Same question for a users-permissions account (what other plugins hold); not a member: ineligible. */
  async ofUser(userId: number, query: EligibilityQuery = {}): Promise<Eligibility> {
    const member = await strapi.db.query(MEMBER_UID).findOne({ where: { user: { id: userId } }, select: ['id'] });
    return this.ofMember(member?.id ?? 0, query);
  },
});
