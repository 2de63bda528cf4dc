import type { Knex } from 'knex';

export const TERMS = 'skills_terms';
export const PROFILE_TERMS = 'skills_profile_terms';
export const NETWORKS = 'skills_networks';
export const NETWORK_MEMBERS = 'skills_network_members';
export const CENSUSES = 'skills_censuses';
export const TERM_KEY_INDEX = 'skills_terms_key_uq';

/**
 * Tables of « Compétences et réseaux » that are not content (made at bootstrap; Strapi's
 * schema sync leaves tables it never declared alone):
 *
 * - `skills_terms`: the national vocabulary. `key` is the label's comparison form; one live
 *   term (active or proposed) per kind and key (partial unique index). `search_keys` holds
 *   `|label|synonym|…|` in comparison form for lookups. A merged term points to the term it
 *   was merged into; refused and merged terms are kept (history of proposals).
 * - `skills_profile_terms`: a profile's skills (level 1–4, optional confirmation: who and
 *   when), networks and interests (no level). Primary key (profile, term).
 * - `skills_networks` and `skills_network_members`: thematic networks, their coordinators and
 *   the members who joined, each with the fields they share with the network.
 * - `skills_censuses`: census campaigns of a federation.
 *
 * A label of who acted (`reviewed_by`, `created_by`) has the actor's member profile beside it
 * (`reviewed_by_member`, `created_by_member`; none for an admin-panel account).
 */
export async function ensureSkillsTables(knex: Knex, client: string): Promise<void> {
  const id = client === 'postgres' ? 'serial PRIMARY KEY' : 'integer PRIMARY KEY AUTOINCREMENT';
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${TERMS} (
    id ${id},
    slug varchar(80) NOT NULL UNIQUE,
    kind varchar(10) NOT NULL CHECK (kind IN ('skill', 'network', 'interest')),
    label varchar(120) NOT NULL,
    key varchar(120) NOT NULL,
    synonyms text NOT NULL DEFAULT '[]',
    search_keys text NOT NULL DEFAULT '',
    parent_id integer,
    status varchar(10) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'proposed', 'refused', 'merged')),
    merged_into integer,
    proposed_by integer,
    reviewed_by varchar(300),
    reviewed_at varchar(30),
    created_at varchar(30) NOT NULL
  )`);
  await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ${TERM_KEY_INDEX} ON ${TERMS} (kind, key) WHERE status IN ('active', 'proposed')`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ${TERMS}_parent_idx ON ${TERMS} (parent_id)`);
  const withoutRowid = client === 'sqlite' ? ' WITHOUT ROWID' : '';
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${PROFILE_TERMS} (
    profile_id integer NOT NULL,
    term_id integer NOT NULL,
    kind varchar(10) NOT NULL,
    level smallint CHECK (level BETWEEN 1 AND 4),
    confirmed_by integer,
    confirmed_by_label varchar(300),
    confirmed_at varchar(30),
    PRIMARY KEY (profile_id, term_id)
  )${withoutRowid}`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ${PROFILE_TERMS}_term_idx ON ${PROFILE_TERMS} (term_id, profile_id)`);
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${NETWORKS} (
    id ${id},
    slug varchar(80) NOT NULL UNIQUE,
    name varchar(200) NOT NULL,
    description text,
    federation_id integer,
    created_at varchar(30) NOT NULL
  )`);
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${NETWORK_MEMBERS} (
    network_id integer NOT NULL,
    member_id integer NOT NULL,
    role varchar(12) NOT NULL CHECK (role IN ('coordinator', 'member')),
    shared_fields text NOT NULL DEFAULT '[]',
    joined_at varchar(30) NOT NULL,
    PRIMARY KEY (network_id, member_id)
  )${withoutRowid}`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ${NETWORK_MEMBERS}_member_idx ON ${NETWORK_MEMBERS} (member_id)`);
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${CENSUSES} (
    id ${id},
    federation_id integer NOT NULL,
    title varchar(200) NOT NULL,
    message text,
    opened_on varchar(10) NOT NULL,
    closes_on varchar(10) NOT NULL,
    created_by varchar(300) NOT NULL,
    created_at varchar(30) NOT NULL
  )`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ${PROFILE_TERMS}_profile_idx ON ${PROFILE_TERMS} (profile_id, kind)`);
  // Who reviewed a term, who opened a census: their member profile beside their label, so that
  // their erasure finds it (services/erasure.ts). Added to tables made before.
  for (const [table, column] of [[TERMS, 'reviewed_by_member'], [CENSUSES, 'created_by_member']] as const) {
    if (!(await knex.schema.hasColumn(table, column))) await knex.schema.alterTable(table, (t) => { t.integer(column); });
  }
}

/** Did the database refuse this term because a live term of the same kind has that label? */
export function violatesTermKey(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (e?.code === '23505') return e.constraint === TERM_KEY_INDEX;
  return Boolean(e?.code?.startsWith('SQLITE_CONSTRAINT') && /skills_terms\.kind, skills_terms\.key|skills_terms_key_uq/.test(e.message ?? ''));
}
