import type { Core } from '@strapi/strapi';
import { erasureHoldFor, fieldError, ForbiddenError, getService, todayInParis, type Actor } from '@intranet-militant/shared';
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
   * `departure` (recorded by staff), `exclusion` (a decision), or `request`: the member asked
   * for their own erasure (their departure recorded that day, their account closed) and it is
   * not done yet — it runs just after the request, or waits on a hold (commands/request-erasure.ts).
   */
  cause: 'departure' | 'exclusion' | 'request';
  /** The day they left (YYYY-MM-DD, Paris); null only for a request recorded before requests recorded the departure. */
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
  /**
   * Why a plugin keeps the data for now (French), e.g. an open disciplinary case, as the
   * actor may read it: « Conservation requise (motif confidentiel) » (`CONFIDENTIAL_HOLD`)
   * for a case they are no party to; null when nothing holds the data.
   */
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
 * The day the retention job is due to erase a pending member, as one SQL expression on the
 * member table (alias `alias`), for ordering in the database: a request's answer day (one
 * month after it, GDPR art. 12(3)), otherwise the day they left (`leftOn` on or before
 * `today`, or the exclusion's day) plus `years`. Month and year arithmetic as `answerByOf`
 * and `yearsAfter`: 31 January + 1 month is 28 (29) February, 29 February + 1 year 28 February
 * (PostgreSQL does that itself; SQLite rolls over, so the day is brought back to the month's last).
 */
function dueDaySql(strapi: Core.Strapi, alias: string, today: string, years: number): { sql: string; bindings: (string | number)[] } {
  const attributes = strapi.db.metadata.get(MEMBER_UID).attributes as Record<string, { columnName?: string }>;
  const column = (name: string) => `${alias}.${attributes[name]?.columnName ?? name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
  const [requested, left, changed] = [column('erasureRequestedOn'), column('leftOn'), column('statusChangedOn')];
  if (strapi.db.dialect.client === 'postgres') {
    return {
      sql: `CASE WHEN ${requested} IS NOT NULL THEN (${requested} + interval '1 month')::date WHEN ${left} IS NOT NULL AND ${left} <= ?::date THEN (${left} + make_interval(years => ?))::date ELSE (COALESCE(${changed}, ?::date) + make_interval(years => ?))::date END`,
      bindings: [today, years, today, years],
    };
  }
  // SQLite repeats each day in `plus`: the day is written in the SQL (a checked YYYY-MM-DD), not bound.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`Not a day: ${today}`);
  const plus = (day: string, modifier: string) =>
    `CASE WHEN strftime('%d', date(${day}, '${modifier}')) = strftime('%d', ${day}) THEN date(${day}, '${modifier}') ELSE date(${day}, '${modifier}', 'start of month', '-1 day') END`;
  const yearsModifier = `+${Math.trunc(years)} years`;
  return {
    sql: `CASE WHEN ${requested} IS NOT NULL THEN ${plus(requested, '+1 months')} WHEN ${left} IS NOT NULL AND ${left} <= '${today}' THEN ${plus(left, yearsModifier)} ELSE ${plus(`COALESCE(${changed}, '${today}')`, yearsModifier)} END`,
    bindings: [],
  };
}

/**
 * The members who left the party (a recorded departure on or before today, or an exclusion),
 * or asked for their own erasure, and whose data is not erased yet, the soonest due first
 * (`erasureDue`, ordered by the database on SQLite and PostgreSQL alike; issue 22, staff
 * screen): the actor's federation for its staff, every federation (or `federation`) for
 * national admins (`member.erase` scope). Each with the day they left, the day the retention
 * job erases them (`MEMBER_RETENTION_YEARS` later: GDPR art. 5(1)(e), the party's delay to
 * settle disputes; for a request, the day to answer by) and a plugin's hold if any (GDPR art.
 * 17(3)(e)), its reason only for who may know it (`erasureHoldFor`). Paged by the database.
 * Reads only.
 * @throws ForbiddenError (403) for another federation's filter; ValidationError (400) for an unknown one.
 */
export async function listPendingErasures(strapi: Core.Strapi, actor: Actor, query: DepartureListQuery): Promise<{ results: PendingErasure[]; total: number }> {
  const today = todayInParis();
  const years = memberRetentionYears();
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
  // The page's ids, soonest due first, then the rows themselves.
  const builder = strapi.db.queryBuilder(MEMBER_UID).select(['id']).where({ $and: where }).limit(query.pageSize).offset((query.page - 1) * query.pageSize);
  const due = dueDaySql(strapi, builder.alias, today, years);
  const ordered = builder
    .getKnexQuery()
    .select(strapi.db.connection.raw(`${due.sql} as due_on`, due.bindings))
    // Strapi orders a paged query by id for stability: the due day comes first, the id breaks ties.
    .clearOrder()
    .orderByRaw(`due_on asc, ${builder.alias}.id asc`);
  const [page, total] = await Promise.all([ordered as unknown as Promise<{ id: number }[]>, strapi.db.query(MEMBER_UID).count({ where: { $and: where } })]);
  const ids = page.map((row) => Number(row.id));
  const found = (await strapi.db.query(MEMBER_UID).findMany({ where: { id: { $in: ids.length ? ids : [0] } }, populate: MEMBER_POPULATE })) as RetainedMember[];
  const byId = new Map(found.map((m) => [m.id, m]));
  const results: PendingErasure[] = [];
  for (const id of ids) {
    const m = byId.get(id);
    if (!m) continue;
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
      cause: requestedOn ? 'request' : m.membershipStatus === 'excluded' && !(m.leftOn && m.leftOn <= today) ? 'exclusion' : 'departure',
      leftOn: left,
      erasureRequestedOn: requestedOn,
      answerBy,
      erasureDue: answerBy ?? yearsAfter(left!, years),
      hold: await erasureHoldFor(strapi, { memberId: m.id }, actor),
    });
  }
  return { results, total: Number(total) };
}
