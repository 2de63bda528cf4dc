import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { ROLE_LIST } from '@intranet-militant/shared';
import { bootStrapi } from '../../../tests/support/strapi';
import { levelSql, sees, type DirectoryViewer } from '../server/src/domain/visibility';
import { searchVisibility } from '../server/src/manifest';
import { FIELD_LEVELS, PROFILE_LEVELS } from '../server/src/domain/vocabulary';
import { addresses } from '@intranet-militant/shared';

/**
 * The directory's rule is one pure predicate (`sees`) and its SQL (`levelSql`): both must
 * agree on every combination of viewer (role × place) and profile (listed × level × place),
 * on the database this run uses (SQLite by default, PostgreSQL with DATABASE_CLIENT=postgres).
 * The search plugin's visibility of a profile (`searchVisibility`) must agree too.
 */
const BASE = 9_000_000;
const FED_A = BASE + 1;
const FED_B = BASE + 2;
const SEC_A1 = BASE + 11;
const SEC_A2 = BASE + 12;
const SEC_B1 = BASE + 21;
const places = [
  { federationId: FED_A, sectionId: SEC_A1 },
  { federationId: FED_A, sectionId: SEC_A2 },
  { federationId: FED_B, sectionId: SEC_B1 },
];

interface Fixture {
  id: number;
  listed: boolean;
  visibility: (typeof PROFILE_LEVELS)[number];
  skillsLevel: (typeof FIELD_LEVELS)[number];
  federationId: number;
  sectionId: number;
}

let strapi: Core.Strapi;
const fixtures: Fixture[] = [];

beforeAll(async () => {
  strapi = await bootStrapi();
  let n = 0;
  for (const listed of [true, false]) {
    for (const visibility of PROFILE_LEVELS) {
      for (const skillsLevel of FIELD_LEVELS) {
        for (const place of places) {
          // Plain rows (no search indexing): only the rule's columns matter here.
          const [row] = await strapi.db
            .connection('skills_profiles')
            .insert({ document_id: `fixture${++n}`, member_id: BASE + n, display_name: `Fixture ${n}`, listed, visibility, skills_level: skillsLevel, federation_id: place.federationId, section_id: place.sectionId })
            .returning('id');
          fixtures.push({ id: Number(row.id ?? row), listed, visibility, skillsLevel, ...place });
        }
      }
    }
  }
});

const viewers: DirectoryViewer[] = ROLE_LIST.flatMap((role) => [
  { role, federationId: FED_A, sectionId: SEC_A1 },
  { role, federationId: FED_B, sectionId: SEC_B1 },
  { role, federationId: null, sectionId: null },
]);

describe('the directory’s visibility rule', () => {
  it('the predicate and the SQL agree for every viewer, profile, level and field', async () => {
    let checked = 0;
    for (const viewer of viewers) {
      for (const [column, level] of [['p.visibility', 'visibility'], ['p.skills_level', 'skillsLevel']] as const) {
        const rule = levelSql(viewer, column);
        const result = await strapi.db.connection.raw(`SELECT p.id FROM skills_profiles p WHERE p.member_id > ? AND ${rule.sql}`, [BASE, ...rule.bindings]);
        const fromSql = ((result.rows ?? result) as { id: number }[]).map((r) => Number(r.id)).sort((a, b) => a - b);
        const fromPredicate = fixtures.filter((f) => sees(viewer, f, f[level])).map((f) => f.id).sort((a, b) => a - b);
        expect(fromSql, `${viewer.role} ${viewer.federationId} ${column}`).toEqual(fromPredicate);
        checked++;
      }
    }
    expect(checked).toBe(viewers.length * 2);
  });

  it('no one but national and federation staff sees a profile held at « staff », and nothing unlisted or private is ever seen', () => {
    for (const viewer of viewers) {
      for (const f of fixtures) {
        if (!f.listed) expect(sees(viewer, f, f.visibility)).toBe(false);
        expect(sees(viewer, f, 'private')).toBe(false);
        if (f.visibility === 'staff' && sees(viewer, f, 'staff')) expect(['national-admin', 'federation-staff']).toContain(viewer.role);
      }
    }
  });

  it('the search index shows a listed profile to exactly the viewers the directory shows it to', () => {
    for (const viewer of viewers) {
      for (const f of fixtures.filter((x) => x.listed)) {
        const v = searchVisibility(f.visibility, f.federationId, f.sectionId);
        const target = { audience: v.audience, federationId: v.federationId ?? null, sectionId: v.sectionId ?? null, roles: 'roles' in v ? v.roles : null };
        // The search plugin stores the section's federation with section documents (readers: its staff).
        const stored = { ...target, federationId: target.federationId ?? f.federationId };
        const actor = { userId: 1, ...viewer };
        expect(addresses(actor, stored, 'reader'), `${viewer.role} ${viewer.federationId} ${f.visibility}`).toBe(sees(viewer, f, f.visibility));
      }
    }
  });
});
