import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import {
  addresses,
  audienceClauses,
  audienceFilter,
  audienceSql,
  ROLE_LIST,
  type AudienceReach,
  type AudienceTarget,
  type Role,
  type Viewer,
} from '@intranet-militant/shared';
import { DOCUMENT_UID } from '../src/content/manifests';
import { createFederation, createSection } from './support/factories';
import { bootStrapi } from './support/strapi';

/**
 * One audience rule, four renderings: the pure predicate `addresses` must agree with the
 * query-engine filter (on real documents) and the SQL condition (on a table of flat
 * targets, with roles and owners) for every role, place and reach, on this run's database
 * (SQLite or PostgreSQL).
 */

const TABLE = 'test_audience_targets';
let strapi: Core.Strapi;
let places: { a: number; b: number; a1: number; a2: number; b1: number };
const prefix = `agreement-${Date.now().toString(36)}`;

const targetsOf = (p: typeof places): AudienceTarget[] => [
  { audience: 'national', federationId: null, sectionId: null },
  { audience: 'federation', federationId: p.a, sectionId: null },
  { audience: 'federation', federationId: p.b, sectionId: null },
  { audience: 'section', federationId: p.a, sectionId: p.a1 },
  { audience: 'section', federationId: p.a, sectionId: p.a2 },
  { audience: 'section', federationId: p.b, sectionId: p.b1 },
];

function viewers(p: typeof places): Viewer[] {
  const spots = [
    { federationId: p.a, sectionId: null },
    { federationId: p.a, sectionId: p.a1 },
    { federationId: p.b, sectionId: p.b1 },
    { federationId: null, sectionId: null },
  ];
  return ROLE_LIST.flatMap((role, i) => spots.map((spot, j) => ({ userId: 1000 + i * 10 + j, role, ...spot })));
}

const REACHES: AudienceReach[] = ['member', 'reader'];

beforeAll(async () => {
  strapi = await bootStrapi();
  const [fa, fb] = [await createFederation(), await createFederation()];
  const [a1, a2, b1] = [await createSection(fa), await createSection(fa), await createSection(fb)];
  places = { a: fa.id, b: fb.id, a1: a1.id, a2: a2.id, b1: b1.id };
  await strapi.db.connection.schema.dropTableIfExists(TABLE);
  await strapi.db.connection.schema.createTable(TABLE, (t) => {
    t.increments('id');
    t.string('audience');
    t.integer('federation_id').nullable();
    t.integer('section_id').nullable();
    t.string('roles');
    t.integer('owner_user_id').nullable();
  });
});

afterAll(async () => {
  await strapi.db.connection.schema.dropTableIfExists(TABLE);
});

describe('the audience rule', () => {
  it('query-engine filter ≡ predicate, on published documents, for every role, place and reach', async () => {
    const ids = new Map<number, AudienceTarget>();
    for (const [i, target] of targetsOf(places).entries()) {
      const created = await strapi.documents(DOCUMENT_UID).create({
        data: {
          title: `${prefix} ${i}`,
          audience: target.audience,
          federation: target.federationId,
          section: target.sectionId,
        } as never,
        status: 'published',
      });
      const row = await strapi.db.query(DOCUMENT_UID).findOne({ where: { documentId: created.documentId, publishedAt: { $notNull: true } } });
      ids.set(row.id, target);
    }
    let compared = 0;
    for (const viewer of viewers(places)) {
      for (const reach of REACHES) {
        const rows = await strapi.db.query(DOCUMENT_UID).findMany({
          where: { $and: [audienceFilter(audienceClauses(viewer, reach)), { title: { $startsWith: prefix } }, { publishedAt: { $notNull: true } }] },
          select: ['id'],
        });
        const byQuery = rows.map((r: { id: number }) => r.id).sort((x: number, y: number) => x - y);
        const byPredicate = [...ids].filter(([, target]) => addresses(viewer, target, reach)).map(([id]) => id).sort((x, y) => x - y);
        expect(byQuery, `${viewer.role} ${JSON.stringify(viewer)} ${reach}`).toEqual(byPredicate);
        compared++;
      }
    }
    expect(compared).toBe(ROLE_LIST.length * 4 * 2);
  });

  it('SQL condition ≡ predicate, with roles and owners, for every role, place and reach', async () => {
    const roleSets: (readonly Role[])[] = [[], ['federation-staff', 'national-admin'], ['elected-official']];
    const targets: AudienceTarget[] = targetsOf(places).flatMap((target) =>
      roleSets.flatMap((roles) => [null, 1001, 1023].map((ownerUserId) => ({ ...target, roles, ownerUserId })))
    );
    const knex = strapi.db.connection;
    const ids = new Map<number, AudienceTarget>();
    for (const target of targets) {
      const row = {
        audience: target.audience,
        federation_id: target.federationId,
        section_id: target.sectionId,
        roles: target.roles?.length ? `,${target.roles.join(',')},` : '',
        owner_user_id: target.ownerUserId ?? null,
      };
      const [inserted] = await knex(TABLE).insert(row).returning('id');
      ids.set(typeof inserted === 'object' ? inserted.id : inserted, target);
    }
    const columns = { audience: 'audience', federationId: 'federation_id', sectionId: 'section_id', roles: 'roles', ownerUserId: 'owner_user_id' };
    for (const viewer of viewers(places)) {
      for (const reach of REACHES) {
        const { sql, bindings } = audienceSql(audienceClauses(viewer, reach), columns);
        const rows = await knex(TABLE).select('id').whereRaw(sql, bindings as never[]);
        const byQuery = rows.map((r: { id: number }) => Number(r.id)).sort((x, y) => x - y);
        const byPredicate = [...ids].filter(([, target]) => addresses(viewer, target, reach)).map(([id]) => id).sort((x, y) => x - y);
        expect(byQuery, `${viewer.role} ${JSON.stringify(viewer)} ${reach}`).toEqual(byPredicate);
      }
    }
  });

  it('tells members from readers: staff read their federation’s sections, national admins everything', () => {
    const [staff] = viewers(places).filter((v) => v.role === 'federation-staff' && v.sectionId === null && v.federationId === places.a);
    const otherSection = targetsOf(places)[4];
    expect(addresses(staff, otherSection, 'member')).toBe(false);
    expect(addresses(staff, otherSection, 'reader')).toBe(true);
    const admin: Viewer = { userId: 1, role: 'national-admin', federationId: null, sectionId: null };
    expect(addresses(admin, targetsOf(places)[5], 'member')).toBe(false);
    expect(addresses(admin, targetsOf(places)[5], 'reader')).toBe(true);
  });
});
