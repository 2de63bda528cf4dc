import type { Core } from '@strapi/strapi';
import { auditActorOf, fieldError, recordAudit, withTransaction, type Actor, type Role } from '@intranet-militant/shared';
import { withDescendants } from '../domain/terms';
import { levelSql, servedSql, type DirectoryViewer } from '../domain/visibility';
import { switchedOff } from '../access';
import { SKILL_LEVEL_LABELS } from '../domain/vocabulary';
import { allTerms } from '../queries/terms';
import { PROFILE_TERMS } from '../storage';
import { PROFILE_UID } from '../uids';

/** One suggested person, best first. */
export interface Match {
  /** The profile's documentId (`GET /api/skills/profiles/:id`). */
  profile: string;
  memberId: number;
  name: string;
  section: string | null;
  /** The skill they hold (the one asked, or one below it in the hierarchy). */
  skill: { term: string; label: string; level: number; levelLabel: string; confirmed: boolean };
  /** Null when the viewer may not see the member's availability. */
  willingToTrain: boolean | null;
  hoursPerMonth: number | null;
  /** 2: same section as asked, 1: same federation, 0: elsewhere. */
  proximity: 0 | 1 | 2;
  score: number;
}

export interface MatchRequest {
  /** Who asks: matching shows only what this viewer may see (the directory's rule). */
  viewer: DirectoryViewer;
  /** The skill's slug (its descendants count too). */
  skill: string;
  /** Where the need is (proximity): a federation id, and optionally a section id. */
  federationId?: number | null;
  sectionId?: number | null;
  limit?: number;
}

/**
 * Ranks the people who hold a skill, for the viewer: level (×10), confirmation by staff or
 * a network coordinator (+5), willing to train (+8) and hours a month (up to +10) — only
 * when the viewer may see their availability — and proximity to the need (+6 same section,
 * +3 same federation). Only listed profiles whose skills the viewer may see, never of a
 * federation that switched the module off (other plugins' suggestions too). Throws a 400
 * for an unknown skill.
 */
export async function matchPeople(strapi: Core.Strapi, request: MatchRequest): Promise<Match[]> {
  const knex = strapi.db.connection;
  const terms = await allTerms(knex);
  const term = terms.find((t) => t.slug === request.skill && t.kind === 'skill' && t.status === 'active');
  if (!term) throw fieldError('skill', `Compétence inconnue du vocabulaire : ${request.skill}.`);
  const ids = withDescendants(terms, [term.id]);
  const profileRule = levelSql(request.viewer, 'p.visibility');
  const skillsRule = levelSql(request.viewer, 'p.skills_level');
  const availability = levelSql(request.viewer, 'p.availability_level');
  const servedRule = servedSql(await switchedOff(strapi));
  const federationId = request.federationId ?? -1;
  const sectionId = request.sectionId ?? -1;
  const proximity = `(CASE WHEN p.section_id = ? THEN 2 WHEN p.federation_id = ? THEN 1 ELSE 0 END)`;
  const sql = `
    SELECT p.id, p.document_id, p.member_id, p.display_name, p.section_name, t.level, t.confirmed_at, t.term_id,
      CASE WHEN ${availability.sql} THEN 1 ELSE 0 END AS sees_availability,
      p.willingness, p.hours_per_month,
      ${proximity} AS proximity,
      (t.level * 10 + CASE WHEN t.confirmed_at IS NOT NULL THEN 5 ELSE 0 END
        + CASE WHEN ${availability.sql} THEN (CASE WHEN p.willingness LIKE '%,train,%' THEN 8 ELSE 0 END) + (CASE WHEN COALESCE(p.hours_per_month, 0) >= 20 THEN 10 ELSE COALESCE(p.hours_per_month, 0) / 2 END) ELSE 0 END
        + ${proximity} * 3) AS score
    FROM ${PROFILE_TERMS} t JOIN skills_profiles p ON p.id = t.profile_id
    WHERE t.kind = 'skill' AND t.term_id IN (${ids.map(() => '?').join(', ')}) AND ${profileRule.sql} AND ${skillsRule.sql} AND ${servedRule.sql}
    ORDER BY score DESC, t.level DESC, p.display_name, p.id
    LIMIT ?`;
  const bindings = [
    ...availability.bindings, sectionId, federationId,
    ...availability.bindings, sectionId, federationId,
    ...ids, ...profileRule.bindings, ...skillsRule.bindings, ...servedRule.bindings,
    // A profile holding several terms of the subtree appears once: ask for more, keep the best.
    Math.min(500, (request.limit ?? 10) * 4),
  ];
  const result = await knex.raw(sql, bindings);
  const rows: any[] = result.rows ?? result;
  const label = new Map(terms.map((t) => [t.id, t]));
  const seen = new Set<number>();
  const out: Match[] = [];
  for (const r of rows) {
    if (seen.has(Number(r.id))) continue;
    seen.add(Number(r.id));
    const sees = Number(r.sees_availability) === 1;
    const t = label.get(Number(r.term_id))!;
    out.push({
      profile: r.document_id,
      memberId: Number(r.member_id),
      name: r.display_name,
      section: r.section_name ?? null,
      skill: { term: t.slug, label: t.label, level: Number(r.level), levelLabel: SKILL_LEVEL_LABELS[Number(r.level)], confirmed: r.confirmed_at != null },
      willingToTrain: sees ? String(r.willingness ?? '').includes(',train,') : null,
      hoursPerMonth: sees ? (r.hours_per_month == null ? null : Number(r.hours_per_month)) : null,
      proximity: Number(r.proximity) as 0 | 1 | 2,
      score: Number(r.score),
    });
    if (out.length >= (request.limit ?? 10)) break;
  }
  return out;
}

/** What another plugin asks the matching for (see `suggestMembers`). */
export interface SuggestionRequest {
  skill: string;
  federationId: number;
  sectionId?: number | null;
  limit?: number;
  requestedBy?: Actor;
  purpose?: Record<string, unknown>;
}

/**
 * The skills plugin's public matching, for other plugins (`getService(strapi, 'skills',
 * 'matching')`): training suggests trainers, bodies a member with a skill. What it returns
 * is what the staff of that federation may see in the directory (never more).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * People of (or near) a federation who have `skill`, best first (level, confirmation,
   * willingness to train, availability, proximity): as the federation's staff would see them.
   * `limit` 1–50 (default 10). `requestedBy` (the staff member asking, e.g. for a course or a
   * body) is recorded in the audit log with `purpose`: searching people is processing of
   * sensitive data. Throws 400 (`skill`) for an unknown skill.
   */
  async suggestMembers(input: SuggestionRequest): Promise<Match[]> {
    const viewer: DirectoryViewer = { role: 'federation-staff' as Role, federationId: input.federationId, sectionId: null };
    const matches = await matchPeople(strapi, { viewer, skill: input.skill, federationId: input.federationId, sectionId: input.sectionId ?? null, limit: Math.min(50, Math.max(1, input.limit ?? 10)) });
    if (input.requestedBy) {
      const actor = input.requestedBy;
      await withTransaction(strapi, () =>
        recordAudit(strapi, {
          actor: auditActorOf(actor),
          action: 'plugin::skills.matching.run',
          subject: { type: PROFILE_UID, id: null },
          federationId: input.federationId,
          details: { skill: input.skill, federationId: input.federationId, sectionId: input.sectionId ?? null, suggested: matches.length, ...(input.purpose ?? {}) },
        })
      );
    }
    return matches;
  },
  /** The same ranking for any viewer (an actor): see `matchPeople`. */
  match: (request: MatchRequest) => matchPeople(strapi, request),
});
