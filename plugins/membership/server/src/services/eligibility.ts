import type { Core } from '@strapi/strapi';
import { effectiveStatusFilter, getService, todayInParis, yearOf, type AudienceTarget } from '@intranet-militant/shared';
import { assessEligibility, standingOf, type Eligibility } from '../domain/eligibility';
import { MEMBER_UID } from '../uids';

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

/**
 * « May this member take part? » — the one answer every participatory plugin uses:
 * active, paid up for the current year, member since the cut-off at the latest.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async ofMember(memberId: number, query: EligibilityQuery = {}): Promise<Eligibility> {
    const on = query.on ?? todayInParis();
    const member = await strapi.db.query(MEMBER_UID).findOne({
      where: { id: memberId },
      select: ['membershipStatus', 'statusChangedOn', 'suspendedUntil', 'joinedOn', 'leftOn'],
    });
    if (!member) {
      return { eligible: false, on, cutoff: query.cutoff ?? null, reasons: [{ code: 'not-a-member', message: 'aucune fiche d’adhérent' }] };
    }
    const paidYears = await getService(strapi, 'membership', 'directory').paidYears(memberId);
    return assessEligibility(standingOf(member, paidYears), on, query.cutoff ?? null);
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

  /** Same question for a users-permissions account (what other plugins hold); not a member: ineligible. */
  async ofUser(userId: number, query: EligibilityQuery = {}): Promise<Eligibility> {
    const member = await strapi.db.query(MEMBER_UID).findOne({ where: { user: { id: userId } }, select: ['id'] });
    return this.ofMember(member?.id ?? 0, query);
  },
});
