import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import { audienceClauses, audienceFilter, audienceKey, cacheTags, ForbiddenError, getService, pageMeta, requestCache, totalFromPage, type Actor } from '@intranet-militant/shared';
import { assertRuns, assertSees, loadConsultation, runs } from '../commands/checks';
import { consultationPermissions } from '../permissions';
import type { Consultation } from '../services/consultations';
import type { Phase } from '../domain/phases';
import { hasRoll, withRoll } from '../domain/roll';
import { CONSULTATION_UID } from '../uids';

/**
 * Reads of consultations. Who may see what is decided here, with the plugin's
 * predicates (`can`/`scopeOf`, the one audience rule), never in controllers; a read never
 * writes (consultations are shown as the clock leaves them now: see the clock service).
 */

export interface Reading {
  actor: Actor;
  c: Consultation;
  /** Does the actor run it (its staff)? */
  staff: boolean;
}

/**
 * The consultation, if the actor may see it: the members it addresses once published,
 * its staff always. @throws NotFoundError (404), ForbiddenError (403)
 */
export async function readable(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<Reading> {
  const c = await loadConsultation(strapi, documentId);
  assertSees(actor, c);
  return { actor, c, staff: runs(actor, c) };
}

/** Same, for its staff only. @throws NotFoundError (404), ForbiddenError (403) */
export async function running(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<Reading> {
  const reading = await readable(strapi, actor, documentId);
  assertRuns(actor, reading.c);
  return reading;
}

/** A refusal to read part of a consultation at this point of its life (403, French message). */
export function refuse(message: string): never {
  throw new ForbiddenError(message);
}

/**
 * The consultations the actor may see, as a query-engine filter: those addressed to them
 * once published (the one audience rule), and those they run (the permission table's
 * scope of `consultation.manage`), drafts included.
 */
export function visibleTo(actor: Actor): Record<string, unknown> {
  const scope = consultationPermissions.scopeOf(actor, 'consultation.manage');
  if (scope === 'all') return {};
  const addressed = { phase: { $ne: 'draft' }, ...audienceFilter(audienceClauses(actor, 'member')) };
  if (scope === 'federation') return { $or: [addressed, { federation: { id: actor.federationId ?? -1 } }] };
  return addressed;
}

/**
 * What `visibleTo` depends on, as a key: every actor with the same key sees the same
 * consultations (the audience clauses, and for staff the federation they run). Pure.
 */
export function visibilityKey(actor: Actor): string {
  const scope = consultationPermissions.scopeOf(actor, 'consultation.manage');
  if (scope === 'all') return 'all';
  const addressed = audienceKey(audienceClauses(actor, 'member'));
  return scope === 'federation' ? `${addressed}+runs:${actor.federationId ?? -1}` : addressed;
}

/**
 * Stored consultations (with their federation and section) for every actor of the same
 * `visibilityKey`, read once and kept in the request cache (issue 13: the list and the home
 * card read no statement when warm). Tags `consultations` (any write to the consultations or
 * their links, by any door, on every instance) and `places` (the names shown). What is kept
 * is the rows as stored: the clock's effective phase is computed for each request.
 */
function keptForAudience<T>(strapi: Core.Strapi, actor: Actor, what: string, load: () => Promise<T>): Promise<T> {
  return requestCache(strapi).read(`consultations-${what}:${visibilityKey(actor)}`, load, { tags: () => [cacheTags.consultations, cacheTags.places] });
}

/**
 * The consultations the actor may see, newest first, one page (paged by the database). The
 * first page is kept per audience (later ones are read: a member paging through them, or asking
 * every page number, must not fill the cache that the request chain shares).
 */
export async function listConsultations(strapi: Core.Strapi, actor: Actor, query: { page: number; pageSize: number }) {
  const load = async () => {
    const where = visibleTo(actor);
    // Federation and section through `withPlaces` (one statement, names cached), not two populates.
    const rows: Consultation[] = await getService(strapi, 'consultations', 'consultations').withPlaces(
      await strapi.db.query(CONSULTATION_UID).findMany({ where, orderBy: [{ opensAt: 'desc' }, { id: 'desc' }], limit: query.pageSize, offset: (query.page - 1) * query.pageSize })
    );
    // Counted only when the page does not tell the total.
    const total = totalFromPage(query.page, query.pageSize, rows.length) ?? (await strapi.db.query(CONSULTATION_UID).count({ where }));
    return { rows, total };
  };
  const { rows, total } = query.page === 1 ? await keptForAudience(strapi, actor, `list:${query.pageSize}`, load) : await load();
  const clock = getService(strapi, 'consultations', 'clock');
  const views = getService(strapi, 'consultations', 'views');
  const page = [];
  for (const c of rows) page.push(views.summary(await clock.effective(c)));
  return { data: page, meta: pageMeta(query.page, query.pageSize, total) };
}

/** The phases of a consultation under way (published, not yet closed). */
export const OPEN_PHASES: readonly Phase[] = ['upcoming', 'contribution', 'analysis', 'evaluation', 'vote'];
/** Stored open phases read at most (the clock may have closed some since): far beyond a federation's open consultations. */
const OPEN_READ_CAP = 100;

/** One open consultation with where the reader stands in it (`GET /consultations/open`). */
export interface OpenConsultation {
  documentId: string;
  kind: Consultation['kind'];
  title: string;
  phase: Phase;
  phaseLabel: string;
  opensAt: string;
  /** When the current phase ends (null: none set). */
  endsAt: string | null;
  /** Null for an account without member profile. */
  me: {
    eligibility: { eligible: boolean; reasons: { code?: string; message: string }[] };
    /** My contributions still standing (withdrawn ones do not count). */
    contributions: number;
    /** During the evaluation, when I may grade: the active proposals and how many I graded on both axes. */
    grading: { graded: number; total: number } | null;
    voted: boolean;
  } | null;
}

/**
 * The open consultations the actor may see (upcoming to vote, as the clock leaves them now),
 * newest first, `limit` of them, each with what the reader still has to do: one read for the
 * portal's home card instead of the list, then each one's page, then its proposals.
 */
export async function openConsultations(strapi: Core.Strapi, actor: Actor, query: { limit: number }): Promise<OpenConsultation[]> {
  const rows: Consultation[] = await keptForAudience(strapi, actor, 'open', async () =>
    getService(strapi, 'consultations', 'consultations').withPlaces(
      await strapi.db.query(CONSULTATION_UID).findMany({ where: { $and: [visibleTo(actor), { phase: { $in: OPEN_PHASES } }] }, orderBy: [{ opensAt: 'desc' }, { id: 'desc' }], limit: OPEN_READ_CAP })
    )
  );
  const clock = getService(strapi, 'consultations', 'clock');
  const open: Consultation[] = [];
  for (const row of rows) {
    if (open.length === query.limit) break;
    const c = await clock.effective(row);
    if (OPEN_PHASES.includes(c.phase)) open.push(c);
  }
  const views = getService(strapi, 'consultations', 'views');
  const cards = open.map((c) => {
    const { documentId, kind, title, phase, phaseLabel, opensAt } = views.summary(c);
    const endsAt = views.calendar(c).find((p) => p.phase === c.phase)?.endsAt ?? null;
    return { documentId, kind, title, phase, phaseLabel, opensAt, endsAt };
  });
  if (!actor.memberId || !open.length) return cards.map((card) => ({ ...card, me: null }));
  // Where the reader stands, for every card at once: one statement for all the cards, not per card.
  const memberId = actor.memberId;
  const ids = (phase: Phase, kind?: Consultation['kind']) => open.filter((c) => c.phase === phase && (!kind || c.kind === kind)).map((c) => c.id);
  // The standing kept per member (membership's `StandingSource`); the rest in one statement.
  const [eligibilities, { contributions, grading, voted, rolled }] = await Promise.all([
    getService(strapi, 'consultations', 'consultations').eligibilitiesOf(memberId, open, { kept: true }),
    getService(strapi, 'consultations', 'participation').of(memberId, {
      contributions: open.map((c) => c.id),
      grading: ids('evaluation', 'full'),
      voted: ids('vote'),
      rolled: open.filter((c) => c.phase === 'vote' && hasRoll(c)).map((c) => c.id),
    }),
  ]);
  return cards.map((card, i) => {
    const c = open[i]!;
    // A vote under way with a roll: whoever is not on it may not vote (the reason says so).
    const eligibility = withRoll(eligibilities[i]!, c, rolled.has(c.id));
    // During the evaluation, for whoever may grade: the active proposals and how many they graded on both axes.
    const grades = c.phase === 'evaluation' && c.kind === 'full' && eligibility.eligible ? (grading.get(c.id) ?? { graded: 0, total: 0 }) : null;
    return { ...card, me: { eligibility, contributions: contributions.get(c.id) ?? 0, grading: grades, voted: voted.has(c.id) } };
  });
}

/** The consultation's page, if the actor may see it. */
export async function consultationDetail(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { c, staff } = await readable(strapi, actor, documentId);
  return getService(strapi, 'consultations', 'views').detail(c, actor, staff);
}

/** Participation and contribution figures, for its staff. */
export async function consultationStatistics(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { c } = await running(strapi, actor, documentId);
  return getService(strapi, 'consultations', 'views').statistics(c);
}

/** Does the consultation's federation have the module on (national ones always)? */
export async function moduleOn(strapi: Core.Strapi, c: Consultation): Promise<boolean> {
  return !c.federation || getService(strapi, 'modules', 'switches').isEnabled(c.federation.id, 'consultations');
}
