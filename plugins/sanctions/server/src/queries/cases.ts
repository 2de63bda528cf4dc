import type { Core } from '@strapi/strapi';
import { getService, NotFoundError, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { dueBy, isOverdue, STATE_LABELS, type State } from '../domain/procedure';
import { LEVEL_LABELS, rangeLabel, type Level } from '../domain/scale';
import { uniformity as computeUniformity } from '../domain/uniformity';
import { isNationalCommission } from '../permissions';
import { settingsOf } from '../settings';
import { CASE_UID, CASES_TABLE } from '../uids';
import { caseFor, presentCase, viewOf } from './access';
import { withTransaction } from '@intranet-militant/shared';
import '../public';

/** One case, as the caller may read it (404 when no party, 403 another federation's commission). */
export { caseFile } from './access';

export async function showCase(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { row, view } = await caseFor(strapi, actor, documentId);
  return presentCase(strapi, row, view);
}

/**
 * The cases the caller is party to, newest first: a commission's federation's cases (every
 * case for the national commission), those they referred or reported, their own as
 * respondent (from notification). `overdue`: past their step's deadline (commission).
 * Filtered in memory after a scoped query: a federation has few cases.
 */
export async function listCases(strapi: Core.Strapi, actor: Actor, query: { state?: State; overdue?: 'true' | 'false'; page: number; pageSize: number }) {
  const or: Record<string, unknown>[] = [{ referrerUserId: actor.userId }];
  if (actor.memberId != null) or.push({ respondentId: actor.memberId }, { reporterMemberId: actor.memberId });
  if (actor.role === 'conflicts-commission' && actor.federationId != null) or.push({ federationId: actor.federationId });
  const where: Record<string, unknown> = isNationalCommission(actor) ? {} : { $or: or };
  if (query.state) where.state = query.state;
  if (query.overdue === 'true') where.state = query.state ? { $eq: query.state, $ne: 'final' } : { $ne: 'final' };
  // Only what deciding the view and the deadline needs; the page's rows are read in full after.
  const rows = await strapi.db.query(CASE_UID).findMany({
    where,
    select: ['id', 'state', 'gravity', 'federationId', 'respondentId', 'referrerUserId', 'reporterMemberId', 'origin', 'precautionaryUntil', 'receivedOn', 'investigationOn', 'notifiedOn', 'hearingOn', 'heardOn', 'decidedOn', 'appealedOn'],
    orderBy: [{ receivedOn: 'desc' }, { id: 'desc' }],
  });
  const settings = settingsOf(strapi);
  const today = todayInParis();
  const visible = rows
    .map((row: any) => ({ row, view: viewOf(actor, row) }))
    .filter(({ row, view }: any) => view && (query.overdue !== 'true' || ((view === 'commission' || view === 'national') && isOverdue(row, today, settings))));
  const page = visible.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  const full = new Map<number, any>(
    page.length ? (await strapi.db.query(CASE_UID).findMany({ where: { id: { $in: page.map(({ row }: any) => row.id) } } })).map((r: any) => [r.id, r]) : []
  );
  const names = await getService(strapi, 'membership', 'directory').membersByIds(page.map(({ row }: any) => row.respondentId).filter((id: unknown) => typeof id === 'number'));
  const data = page.map(({ row, view }: any) => {
    const c = full.get(row.id);
    const person = names.get(c.respondentId);
    const sees = view !== 'respondent';
    return {
      documentId: c.documentId,
      reference: c.reference,
      state: c.state,
      stateLabel: STATE_LABELS[c.state as State],
      category: { key: c.categoryKey, label: c.categoryLabel, gravity: c.gravity, article: c.article },
      dates: { receivedOn: c.receivedOn, hearingOn: c.hearingOn ?? null, decidedOn: c.decidedOn ?? null, finalOn: c.finalOn ?? null },
      view,
      respondent: sees ? { name: person ? `${person.firstName} ${person.lastName}` : view === 'referrer' ? null : c.respondentDescription ?? null } : null,
      ...(view === 'commission' || view === 'national' ? { overdue: isOverdue(c, today, settings), dueBy: dueBy(c, settings) } : {}),
    };
  });
  return { data, total: visible.length };
}

/** The scale in force (or a version), with each category's range in words. 404 for an unknown version. */
export async function showScale(strapi: Core.Strapi, version?: number) {
  const service = getService(strapi, 'sanctions', 'scale');
  const scale = version === undefined ? await service.inForce() : await service.version(version);
  if (!scale) throw new NotFoundError('Version du barème introuvable.');
  return {
    ...scale,
    levels: Object.entries(LEVEL_LABELS).map(([key, label]) => ({ key, label, duration: key === 'suspension' ? 'de 1 à 24 mois' : null, named: scale.namedLevels.includes(key as Level) })),
    categories: scale.categories.map((c) => ({ ...c, range: rangeLabel(c), precautionarySuspension: c.gravity === 'grave' })),
  };
}

const publishedWhere = { state: 'final', finalLevel: { $notNull: true } };

/**
 * Published decisions (final sanctions), for every member: federation, date, category,
 * level, duration, article; the name only where the scale names that level.
 */
export async function listDecisions(strapi: Core.Strapi, query: { federation?: string; category?: string; level?: Level; page: number; pageSize: number }) {
  const where: Record<string, unknown> = { ...publishedWhere };
  if (query.federation) {
    const federation = await getService(strapi, 'membership', 'directory').federationByDocumentId(query.federation);
    if (!federation) return { data: [], total: 0 };
    where.federationId = federation.id;
  }
  if (query.category) where.categoryKey = query.category;
  if (query.level) where.finalLevel = query.level;
  const [rows, total] = await Promise.all([
    strapi.db.query(CASE_UID).findMany({ where, orderBy: [{ finalOn: 'desc' }, { id: 'desc' }], offset: (query.page - 1) * query.pageSize, limit: query.pageSize }),
    strapi.db.query(CASE_UID).count({ where }),
  ]);
  return { data: rows.map(presentDecision), total };
}

/** A published decision: never the facts, the reporter, the reasoning. */
export function presentDecision(row: any) {
  return {
    documentId: row.documentId,
    reference: row.reference,
    federation: row.federationLabel,
    finalOn: row.finalOn,
    category: { key: row.categoryKey, label: row.categoryLabel },
    level: row.finalLevel,
    levelLabel: LEVEL_LABELS[row.finalLevel as Level],
    months: row.finalMonths ?? null,
    article: row.article,
    summary: (row.nationalDecision ?? row.decision)?.summary ?? null,
    onAppeal: Boolean(row.nationalDecision),
    name: row.publishedNamed ? row.publishedName : null,
  };
}

/** The uniformity table over published decisions, with federations' labels. */
export async function uniformityTable(strapi: Core.Strapi) {
  // One GROUP BY over the plugin's own table (published: final with a sanction).
  const rows: { federation_id: number; category_key: string; final_level: Level; n: number | string }[] = await withTransaction(strapi, (trx) =>
    trx(CASES_TABLE)
      .where({ state: 'final' })
      .whereNotNull('final_level')
      .groupBy('federation_id', 'category_key', 'final_level')
      .select('federation_id', 'category_key', 'final_level')
      .count({ n: '*' })
  );
  const table = computeUniformity(rows.map((r) => ({ federationId: Number(r.federation_id), category: r.category_key, level: r.final_level, count: Number(r.n) })));
  const federations = new Map<number, { name: string; departmentCode: string }>(
    (await getService(strapi, 'membership', 'directory').listFederations()).map((f: any) => [f.id, f])
  );
  return {
    ...table,
    federations: table.federations.map(({ federationId, ...rest }) => {
      const f = federations.get(federationId);
      return { federation: f ? `${f.name} (${f.departmentCode})` : null, ...rest };
    }),
  };
}

/** Is this case published (for the search document and lists)? */
export const isPublished = (row: { state: string; finalLevel?: string | null }) => row.state === 'final' && Boolean(row.finalLevel);
