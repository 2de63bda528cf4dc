import type { Core } from '@strapi/strapi';
import { auditActorOf, fieldError, getService, NotFoundError, recordAudit, withTransaction, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { listOf, type ProfileRow } from '../commands/profile-index';
import { profileOfMember } from '../commands/profile';
import { termsMatching, withDescendants, type TermRow } from '../domain/terms';
import { levelSql, sees, served, servedSql, type DirectoryViewer } from '../domain/visibility';
import { assertConsultsDirectory, switchedOff } from '../access';
import {
  CONSENT_TEXT, CONSENT_VERSION, FIELD_LABELS, LEVEL_LABELS, PROFILE_FIELDS, SKILL_LEVEL_LABELS, WILLINGNESS_LABELS,
  type FieldLevel, type ProfileField, type Willingness,
} from '../domain/vocabulary';
import { spendSearch } from '../rate-limit';
import { PROFILE_TERMS, TERMS } from '../storage';
import { PROFILE_UID } from '../uids';
import type { SearchInput } from '../validation/schemas';
import { allTerms } from './terms';

export interface LinkRow {
  profile_id: number;
  kind: 'skill' | 'network' | 'interest';
  level: number | null;
  confirmed_by_label: string | null;
  confirmed_at: string | null;
  slug: string;
  label: string;
}

/** The term links of these profiles, with their labels. */
export async function linksOf(knex: any, profileIds: number[]): Promise<Map<number, LinkRow[]>> {
  const byProfile = new Map<number, LinkRow[]>();
  for (let i = 0; i < profileIds.length; i += 500) {
    const rows: LinkRow[] = await knex(PROFILE_TERMS)
      .join(TERMS, `${TERMS}.id`, `${PROFILE_TERMS}.term_id`)
      .whereIn(`${PROFILE_TERMS}.profile_id`, profileIds.slice(i, i + 500))
      .select(`${PROFILE_TERMS}.profile_id`, `${PROFILE_TERMS}.kind`, `${PROFILE_TERMS}.level`, `${PROFILE_TERMS}.confirmed_by_label`, `${PROFILE_TERMS}.confirmed_at`, `${TERMS}.slug`, `${TERMS}.label`)
      .orderBy([{ column: `${PROFILE_TERMS}.level`, order: 'desc' }, { column: `${TERMS}.label` }]);
    for (const row of rows) byProfile.set(Number(row.profile_id), [...(byProfile.get(Number(row.profile_id)) ?? []), row]);
  }
  return byProfile;
}

/** Contact details of a member (email from their account, phone as registered). */
export interface Contact {
  email: string | null;
  phone: string | null;
}

/**
 * A profile as `viewer` sees it: its name and section, and each field the viewer may see
 * (`'owner'`: all of it, with the levels chosen). Pure.
 */
export function presentProfile(profile: ProfileRow, links: LinkRow[], viewer: DirectoryViewer | 'owner', contact: Contact | null = null) {
  const shows = (field: ProfileField) => viewer === 'owner' || sees(viewer, profile, profile[`${field}Level`]);
  const terms = (kind: LinkRow['kind']) => links.filter((l) => l.kind === kind).map((l) => ({ term: l.slug, label: l.label }));
  return {
    documentId: profile.documentId,
    name: profile.displayName,
    section: profile.sectionName,
    skills: shows('skills')
      ? links
          .filter((l) => l.kind === 'skill')
          .map((l) => ({
            term: l.slug,
            label: l.label,
            level: Number(l.level),
            levelLabel: SKILL_LEVEL_LABELS[Number(l.level)],
            confirmed: l.confirmed_at ? { by: withoutAddress(l.confirmed_by_label), at: l.confirmed_at } : null,
          }))
      : undefined,
    sector: shows('sector') ? profile.sector : undefined,
    networks: shows('networks') ? terms('network') : undefined,
    interests: shows('interests') ? terms('interest') : undefined,
    availability: shows('availability')
      ? { willingness: listOf(profile.willingness).map((w) => ({ value: w, label: WILLINGNESS_LABELS[w as Willingness] ?? w })), hoursPerMonth: profile.hoursPerMonth }
      : undefined,
    languages: shows('languages') ? listOf(profile.languages) : undefined,
    email: contact && shows('email') ? contact.email : undefined,
    phone: contact && shows('phone') ? contact.phone : undefined,
  };
}

async function contactOf(strapi: Core.Strapi, memberId: number): Promise<Contact> {
  const member = await getService(strapi, 'membership', 'directory').memberById(memberId);
  return { email: member?.user?.email ?? null, phone: member?.phone ?? null };
}

/** The consent text members accept, with its version. */
export const consentText = () => ({ version: CONSENT_VERSION, text: CONSENT_TEXT });

/** The member's own profile (all of it, levels included), their consent state and the current consent text. */
export async function myProfile(strapi: Core.Strapi, actor: Actor) {
  const profile = actor.memberId != null ? await profileOfMember(strapi, actor.memberId) : null;
  const consent = {
    ...consentText(),
    given: Boolean(profile?.consentVersion),
    current: profile?.consentVersion === CONSENT_VERSION,
    givenAt: profile?.consentVersion ? profile.consentedAt : null,
    withdrawnAt: profile?.withdrawnAt ?? null,
  };
  const choices = { levels: LEVEL_LABELS, fields: FIELD_LABELS, willingness: WILLINGNESS_LABELS, skillLevels: SKILL_LEVEL_LABELS };
  if (!profile) return { profile: null, consent, listed: false, choices };
  const links = (await linksOf(strapi.db.connection, [profile.id])).get(profile.id) ?? [];
  return {
    profile: {
      ...presentProfile(profile, links, 'owner', await contactOf(strapi, profile.memberId)),
      visibility: profile.visibility,
      fieldLevels: profile.fieldLevels ?? {},
      effectiveLevels: Object.fromEntries(PROFILE_FIELDS.map((f) => [f, profile[`${f}Level`]])) as Record<ProfileField, FieldLevel>,
    },
    consent,
    listed: profile.listed,
    choices,
  };
}

/**
 * « Ce que voient les autres »: the member's profile as a member of their section, of their
 * federation, of another federation, or their federation's staff would see it — nothing
 * (`visible: false`) when it is not listed or not shown to them.
 */
export async function previewProfile(strapi: Core.Strapi, actor: Actor, as: 'section' | 'federation' | 'member' | 'staff') {
  const profile = actor.memberId != null ? await profileOfMember(strapi, actor.memberId) : null;
  if (!profile) return { as, visible: false, profile: null };
  const viewer: DirectoryViewer = {
    role: as === 'staff' ? 'federation-staff' : 'member',
    federationId: as === 'member' ? -1 : profile.federationId,
    sectionId: as === 'section' ? profile.sectionId : -1,
  };
  if (!sees(viewer, profile, profile.visibility)) return { as, visible: false, profile: null };
  const links = (await linksOf(strapi.db.connection, [profile.id])).get(profile.id) ?? [];
  return { as, visible: true, profile: presentProfile(profile, links, viewer, await contactOf(strapi, profile.memberId)) };
}

/**
 * One profile for the actor: 404 when it is not listed, not shown to them or of a federation
 * that switched the module off (its existence is not revealed); 403 for a suspended member.
 */
export async function showProfile(strapi: Core.Strapi, actor: Actor, documentId: string) {
  assertConsultsDirectory(actor);
  const profile = (await strapi.db.query(PROFILE_UID).findOne({ where: { documentId } })) as ProfileRow | null;
  if (!profile || !sees(actor, profile, profile.visibility) || !served(profile, await switchedOff(strapi))) throw new NotFoundError('Fiche introuvable.');
  const links = (await linksOf(strapi.db.connection, [profile.id])).get(profile.id) ?? [];
  return presentProfile(profile, links, actor, await contactOf(strapi, profile.memberId));
}

/** A WHERE clause being built: SQL fragments joined by AND, with their `?` bindings. */
class Where {
  parts: string[] = [];
  bindings: unknown[] = [];
  add(sql: string, bindings: unknown[] = []) {
    this.parts.push(sql);
    this.bindings.push(...bindings);
    return this;
  }
  addRule(rule: { sql: string; bindings: unknown[] }) {
    return this.add(rule.sql, rule.bindings);
  }
  get sql() {
    return this.parts.length ? this.parts.join(' AND ') : '1 = 1';
  }
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Term ids of these slugs of that kind with all their descendants; 400 naming an unknown slug. */
function expand(terms: TermRow[], slugs: string[], kind: string, path: string): number[][] {
  return slugs.map((slug) => {
    const term = terms.find((t) => t.slug === slug && t.kind === kind && t.status === 'active');
    if (!term) throw fieldError(path, `Terme inconnu du vocabulaire : ${slug}.`);
    return withDescendants(terms, [term.id]);
  });
}

/**
 * The WHERE of a directory search for `viewer`: the visibility rule on the profile and on
 * each field a filter reads (a filter on a field the viewer may not see matches nothing, so
 * a search cannot reveal it), and the filters (skills with the hierarchy, words matched
 * against labels and synonyms, networks, interests, willingness, hours, language, place).
 * Profiles of the federations in `off` (the module switched off there) are left out.
 * Exported for the benchmark and the agreement tests.
 */
export function directoryWhere(
  viewer: DirectoryViewer,
  terms: TermRow[],
  input: Omit<SearchInput, 'section' | 'federation' | 'page' | 'pageSize'> & { sectionId?: number; federationId?: number },
  off: readonly number[] = []
): Where | null {
  const where = new Where().addRule(levelSql(viewer, 'p.visibility')).addRule(servedSql(off));
  const linked = (ids: number[], kind: string) =>
    where.add(`EXISTS (SELECT 1 FROM ${PROFILE_TERMS} t WHERE t.profile_id = p.id AND t.kind = '${kind}' AND t.term_id IN (${placeholders(ids.length)}))`, ids);
  const byKind: [string[], 'skill' | 'network' | 'interest', string, string][] = [
    [input.skills, 'skill', 'skills', 'p.skills_level'],
    [input.networks, 'network', 'networks', 'p.networks_level'],
    [input.interests, 'interest', 'interests', 'p.interests_level'],
  ];
  for (const [slugs, kind, path, column] of byKind) {
    if (slugs.length === 0) continue;
    for (const ids of expand(terms, slugs, kind, path)) linked(ids, kind);
    where.addRule(levelSql(viewer, column));
  }
  if (input.q) {
    const ids = withDescendants(terms, termsMatching(terms, input.q).map((t) => t.id));
    const name = `%${input.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const shownKinds = (['skill', 'network', 'interest'] as const).map((kind) => {
      const rule = levelSql(viewer, `p.${kind === 'skill' ? 'skills' : kind === 'network' ? 'networks' : 'interests'}_level`);
      return { sql: `(t.kind = '${kind}' AND ${rule.sql})`, bindings: rule.bindings };
    });
    const termsPart = ids.length
      ? `EXISTS (SELECT 1 FROM ${PROFILE_TERMS} t WHERE t.profile_id = p.id AND t.term_id IN (${placeholders(ids.length)}) AND (${shownKinds.map((k) => k.sql).join(' OR ')}))`
      : null;
    const nameSql = `lower(p.display_name) LIKE ? ESCAPE '\\'`;
    if (termsPart) where.add(`(${nameSql} OR ${termsPart})`, [name, ...ids, ...shownKinds.flatMap((k) => k.bindings)]);
    else where.add(nameSql, [name]);
  }
  if (input.willing.length || input.minHours !== undefined) {
    where.addRule(levelSql(viewer, 'p.availability_level'));
    for (const w of input.willing) where.add('p.willingness LIKE ?', [`%,${w},%`]);
    if (input.minHours !== undefined) where.add('p.hours_per_month >= ?', [input.minHours]);
  }
  if (input.language) where.addRule(levelSql(viewer, 'p.languages_level')).add('p.languages LIKE ?', [`%,${input.language},%`]);
  if (input.sectionId !== undefined) where.add('p.section_id = ?', [input.sectionId]);
  if (input.federationId !== undefined) where.add('p.federation_id = ?', [input.federationId]);
  return where;
}

/** Section and federation filters by documentId → ids (400 when unknown). */
async function placeFilters(strapi: Core.Strapi, input: Pick<SearchInput, 'section' | 'federation'>) {
  const directory = getService(strapi, 'membership', 'directory');
  const out: { sectionId?: number; federationId?: number } = {};
  if (input.section) {
    const section = await directory.sectionByDocumentId(input.section);
    if (!section) throw fieldError('section', 'Section introuvable.');
    out.sectionId = section.id;
  }
  if (input.federation) {
    const federation = await directory.federationByDocumentId(input.federation);
    if (!federation) throw fieldError('federation', 'Fédération introuvable.');
    out.federationId = federation.id;
  }
  return out;
}

/** Counting stops past this many profiles (the total is then « plus de 1 000 »): a count of every match costs as much as the matches. */
export const COUNT_CAP = 1000;

/**
 * Runs a directory WHERE: one page of profile ids (by name, then id) and the total, exact up
 * to COUNT_CAP (`totalIsExact` false beyond: the total is then COUNT_CAP).
 */
export async function runDirectory(knex: any, where: Where, page: number, pageSize: number): Promise<{ ids: number[]; total: number; totalIsExact: boolean }> {
  const rows = await knex.raw(`SELECT p.id FROM skills_profiles p WHERE ${where.sql} ORDER BY p.display_name, p.id LIMIT ? OFFSET ?`, [...where.bindings, pageSize, (page - 1) * pageSize]);
  const counted = await knex.raw(`SELECT count(*) AS n FROM (SELECT 1 FROM skills_profiles p WHERE ${where.sql} LIMIT ?) capped`, [...where.bindings, COUNT_CAP + 1]);
  const n = Number((counted.rows ?? counted)[0]?.n ?? 0);
  return { ids: (rows.rows ?? rows).map((r: { id: number }) => Number(r.id)), total: Math.min(n, COUNT_CAP), totalIsExact: n <= COUNT_CAP };
}

/**
 * Searches the directory for the actor (see `directoryWhere`), spends one search of their
 * budget (429 past it) and records the search in the audit log (filters and count, GDPR
 * art. 30: searching people is processing of sensitive data). Returns profiles as the actor
 * sees them and the total. 400 for an unknown term or place; 403 for a suspended member.
 */
export async function searchDirectory(strapi: Core.Strapi, actor: Actor, input: SearchInput) {
  assertConsultsDirectory(actor);
  await spendSearch(strapi, actor.userId);
  const knex = strapi.db.connection;
  const terms = await allTerms(knex);
  const where = directoryWhere(actor, terms, { ...input, ...(await placeFilters(strapi, input)) }, await switchedOff(strapi))!;
  const { ids, total, totalIsExact } = await runDirectory(knex, where, input.page, input.pageSize);
  const rows = ids.length ? ((await strapi.db.query(PROFILE_UID).findMany({ where: { id: { $in: ids } } })) as ProfileRow[]) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const links = await linksOf(knex, ids);
  const { page, pageSize, ...filters } = input;
  await withTransaction(strapi, () =>
    recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::skills.directory.search', subject: { type: PROFILE_UID, id: null }, federationId: actor.federationId, details: { filters, page, total } })
  );
  return { data: ids.map((id) => presentProfile(byId.get(id)!, links.get(id) ?? [], actor)), total, totalIsExact };
}

/**
 * Who confirmed, as readers of a profile see it: « Prénom Nom (Rôle) ». Confirmations are
 * stamped with the actor's name (no address) since 2026-12-05; the address of a label stamped
 * before (« Prénom Nom <adresse> (Rôle) ») is left out here.
 */
function withoutAddress(label: string | null): string | null {
  return label == null ? null : label.replace(/ <[^<>]*>/, '');
}
