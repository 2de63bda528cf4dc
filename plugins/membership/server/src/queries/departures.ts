import type { Core } from '@strapi/strapi';
import { erasureHold, fieldError, ForbiddenError, getService, todayInParis, type Actor } from '@intranet-militant/shared';
import { leftOnOf, type RetainedMember } from '../commands/erase-member';
import { answerByOf } from '../commands/request-erasure';
import { membershipPermissions } from '../permissions';
import { MEMBER_POPULATE } from '../services/directory';
import { memberRetentionYears } from '../services/erasure';
import { MEMBER_UID } from '../uids';
import type { DepartureListQuery } from '../validation/schemas';

/** One member who left and whose data is not erased yet, as the staff screen shows them. */
export interface PendingErasure {
  documentId: string;
  firstName: string;
  lastName: string;
  membershipNumber: string;
  federation: string | null;
  section: string | null;
  /**
   * `departure` (recorded by staff or asked by the member), `exclusion` (a decision), or
   * `request`: a member who asked for their own erasure while a hold they may not be told
   * of stands, and who is still a member (commands/request-erasure.ts).
   */
  cause: 'departure' | 'exclusion' | 'request';
  /** The day they left (YYYY-MM-DD, Paris); null for a `request` (still a member). */
  leftOn: string | null;
  /** The day the member asked for their own erasure, if they did and it waits; null otherwise. */
  erasureRequestedOn: string | null;
  /** The day staff answer that request by (one month: GDPR art. 12(3)), or null. */
  answerBy: string | null;
  /**
   * The day the retention job erases them: `leftOn` + `MEMBER_RETENTION_YEARS`, or, for a
   * request, the first run once no hold remains (shown as the answer's deadline).
   */
  erasureDue: string;
  /** Why a plugin keeps the data for now (French), e.g. an open disciplinary case; null otherwise. */
  hold: string | null;
}

/** `YYYY-MM-DD` plus whole years (29 February becomes 28 February). */
export function yearsAfter(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/**
 * The members who left the party (a recorded departure on or before today, or an exclusion),
 * or asked for their own erasure while a hold stands, and whose data is not erased yet, soonest erasure first (issue 22, staff screen): the
 * actor's federation for its staff, every federation (or `federation`) for national admins
 * (`member.erase` scope). Each with the day they left, the day the retention job erases them
 * (`MEMBER_RETENTION_YEARS` later: GDPR art. 5(1)(e), the party's delay to settle disputes)
 * and a plugin's hold if any (GDPR art. 17(3)(e)). Paged by the database. Reads only.
 * @throws ForbiddenError (403) for another federation's filter; ValidationError (400) for an unknown one.
 */
export async function listPendingErasures(strapi: Core.Strapi, actor: Actor, query: DepartureListQuery): Promise<{ results: PendingErasure[]; total: number }> {
  const today = todayInParis();
  const scope = membershipPermissions.scopeOf(actor, 'member.erase');
  const where: Record<string, unknown>[] = [
    { erasedOn: { $null: true } },
    { $or: [{ leftOn: { $notNull: true, $lte: today } }, { membershipStatus: 'excluded' }, { erasureRequestedOn: { $notNull: true } }] },
  ];
  if (scope !== 'all') where.push({ federation: { id: actor.federationId ?? -1 } });
  if (query.federation) {
    const federation = await getService(strapi, 'membership', 'directory').federationByDocumentId(query.federation);
    if (!federation) throw fieldError('federation', 'Fédération inconnue.');
    if (scope !== 'all' && federation.id !== actor.federationId) throw new ForbiddenError('Vous ne voyez que les départs de votre fédération.');
    where.push({ federation: { id: federation.id } });
  }
  const [rows, total] = await Promise.all([
    strapi.db.query(MEMBER_UID).findMany({
      where: { $and: where },
      populate: MEMBER_POPULATE,
      orderBy: [{ leftOn: 'asc' }, { statusChangedOn: 'asc' }, { id: 'asc' }],
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    }) as Promise<RetainedMember[]>,
    strapi.db.query(MEMBER_UID).count({ where: { $and: where } }),
  ]);
  const years = memberRetentionYears();
  const results: PendingErasure[] = [];
  for (const m of rows) {
    const left = leftOnOf(m, today);
    const requestedOn = (m as RetainedMember & { erasureRequestedOn?: string | null }).erasureRequestedOn ?? null;
    const answerBy = requestedOn ? answerByOf(requestedOn) : null;
    results.push({
      documentId: m.documentId,
      firstName: m.firstName,
      lastName: m.lastName,
      membershipNumber: m.membershipNumber,
      federation: m.federation?.name ?? null,
      section: m.section?.name ?? null,
      cause: !left ? 'request' : m.membershipStatus === 'excluded' && !(m.leftOn && m.leftOn <= today) ? 'exclusion' : 'departure',
      leftOn: left,
      erasureRequestedOn: requestedOn,
      answerBy,
      erasureDue: left ? yearsAfter(left, years) : answerBy!,
      hold: await erasureHold(strapi, { memberId: m.id }),
    });
  }
  return { results, total: Number(total) };
}
