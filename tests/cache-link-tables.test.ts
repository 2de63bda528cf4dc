import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from './support/strapi';
import { createMember, createWorld, type World } from './support/factories';
import { bearer } from './support/expect';
import { onPostgres, startInstance, type Instance } from './support/instances';

/**
 * Link tables written by SQL by hand (INSERT or UPDATE, not only DELETE) invalidate the request
 * caches: the consultations' federation and section links (the list and the home card, kept per
 * audience) and the member's section link (the actor, hence the audience key). On SQLite each
 * watched table needs its three triggers: a trigger name cut at 63 characters must keep its
 * `_insert`/`_update`/`_delete` suffix, or the three collapse into one (the last, DELETE).
 */

let strapi: Core.Strapi;
let w: World;
let other: Instance | undefined;
const C = 'plugin::consultations.consultation';
const tag = `lnk${Date.now().toString(36)}`;
const day = (n: number) => new Date(Date.now() + n * 86_400_000);

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  const switches = strapi.plugin('modules').service('switches');
  for (const f of [w.federation, w.other]) await switches.set(f.id, 'consultations', true);
  if (onPostgres()) other = await startInstance();
}, 300_000);

afterAll(async () => {
  await other?.stop();
});

type Where = 'here' | 'there';
const places = (): Where[] => (other ? ['here', 'there'] : ['here']);

/** The titles of this file's consultations in a list, here (supertest) or there (HTTP). */
async function titles(where: Where, path: string, token: string): Promise<string[]> {
  const body: any =
    where === 'here' ? (await (await api()).get(path).set(bearer(token)).expect(200)).body : await (await fetch(other!.url(path), { headers: bearer(token) })).json();
  return body.data.map((c: any) => c.title as string).filter((t: string) => t.includes(tag)).sort();
}

async function expectTitles(path: string, token: string, expected: string[]) {
  // Twice each: the second answer comes from the cache.
  for (const where of places()) for (let i = 0; i < 2; i++) expect({ where, path, titles: await titles(where, path, token) }).toEqual({ where, path, titles: [...expected].sort() });
}

const LIST = '/api/consultations?pageSize=100';
const OPEN = '/api/consultations/open';
const create = (title: string, data: Record<string, unknown>) =>
  strapi.db.query(C).create({ data: { title: `${title} ${tag}`, kind: 'full', phase: 'contribution', opensAt: day(-1), contributionEndsAt: day(10), analysisEndsAt: day(20), evaluationEndsAt: day(30), voteEndsAt: day(40), ...data } });
const joinOf = (uid: string, attribute: string) => (strapi.db.metadata.get(uid) as any).attributes[attribute].joinTable;

describe('request caches and link tables written by hand', () => {
  it('SQLite: the consultations’ and the members’ link tables have their INSERT, UPDATE and DELETE triggers', async (ctx) => {
    if (onPostgres()) return ctx.skip(); // one statement trigger per table there
    const tables = [joinOf(C, 'federation').name, joinOf(C, 'section').name, joinOf('plugin::membership.member', 'section').name, joinOf('plugin::membership.member', 'federation').name];
    for (const table of tables) {
      const rows: { sql: string }[] = await strapi.db.connection('sqlite_master').where({ type: 'trigger', tbl_name: table }).where('name', 'like', 'intranet_cache_%').select('sql');
      expect({ table, events: rows.map((r) => /AFTER (\w+)/.exec(r.sql)![1]).sort() }).toEqual({ table, events: ['DELETE', 'INSERT', 'UPDATE'] });
    }
  });

  it('a consultation moved to another federation by an UPDATE of its link row leaves the list and the home card at once', async () => {
    const c = await create('Déplacée', { audience: 'federation', federation: w.federation.id });
    try {
      await expectTitles(LIST, w.member.token, [`Déplacée ${tag}`]);
      await expectTitles(OPEN, w.member.token, [`Déplacée ${tag}`]);
      await expectTitles(LIST, w.otherMember.token, []);
      const join = joinOf(C, 'federation');
      expect(await strapi.db.connection(join.name).where({ [join.joinColumn.name]: c.id }).update({ [join.inverseJoinColumn.name]: w.other.id })).toBe(1);
      await expectTitles(LIST, w.member.token, []);
      await expectTitles(OPEN, w.member.token, []);
      await expectTitles(LIST, w.otherMember.token, [`Déplacée ${tag}`]);
    } finally {
      await strapi.db.query(C).delete({ where: { id: c.id } });
    }
  });

  it('a section given to a consultation by an INSERT of its link row shows on the next request', async () => {
    // Addressed to a section, none set yet: no member sees it.
    const c = await create('Section ajoutée', { audience: 'section', federation: w.federation.id });
    try {
      await expectTitles(LIST, w.member.token, []);
      await expectTitles(OPEN, w.member.token, []);
      const join = joinOf(C, 'section');
      await strapi.db.connection(join.name).insert({ [join.joinColumn.name]: c.id, [join.inverseJoinColumn.name]: w.sectionA.id });
      await expectTitles(LIST, w.member.token, [`Section ajoutée ${tag}`]);
      await expectTitles(OPEN, w.member.token, [`Section ajoutée ${tag}`]);
      await expectTitles(LIST, w.memberB.token, []);
    } finally {
      await strapi.db.query(C).delete({ where: { id: c.id } });
    }
  });

  it('a member moved to another section by an UPDATE of their link row reads that section’s consultations, not the old one’s', async () => {
    const a = await create('Seulement A', { audience: 'section', federation: w.federation.id, section: w.sectionA.id });
    const b = await create('Seulement B', { audience: 'section', federation: w.federation.id, section: w.sectionB.id });
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    try {
      await expectTitles(LIST, m.token, [`Seulement A ${tag}`]);
      const join = joinOf('plugin::membership.member', 'section');
      expect(await strapi.db.connection(join.name).where({ [join.joinColumn.name]: m.member.id }).update({ [join.inverseJoinColumn.name]: w.sectionB.id })).toBe(1);
      await expectTitles(LIST, m.token, [`Seulement B ${tag}`]);
    } finally {
      for (const c of [a, b]) await strapi.db.query(C).delete({ where: { id: c.id } });
    }
  });

  it('a trigger left by an earlier version (a name no longer wanted) is dropped at the next boot’s install', async () => {
    const { installCacheTriggers } = await import('../src/platform/cache-invalidation');
    const join = joinOf(C, 'federation');
    const stale = 'intranet_cache_left_by_an_earlier_version';
    const triggers = async (): Promise<string[]> =>
      onPostgres()
        ? (await strapi.db.connection.raw(`SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal AND tgname = ?`, [stale])).rows.map((r: { name: string }) => r.name)
        : (await strapi.db.connection('sqlite_master').where({ type: 'trigger', name: stale }).select('name')).map((r: { name: string }) => r.name);
    if (onPostgres()) await strapi.db.connection.raw(`CREATE TRIGGER ${stale} AFTER INSERT ON ?? FOR EACH STATEMENT EXECUTE FUNCTION intranet_cache_notify('consultations')`, [join.name]);
    else await strapi.db.connection.raw(`CREATE TRIGGER ${stale} AFTER INSERT ON \`${join.name}\` BEGIN SELECT 1; END`);
    expect(await triggers()).toEqual([stale]);
    await installCacheTriggers(strapi);
    expect(await triggers()).toEqual([]);
  });

  it('on PostgreSQL, an install finding every trigger as wanted touches no table (an instance starting beside running ones cannot deadlock with them)', async () => {
    if (!onPostgres()) return;
    const { installCacheTriggers } = await import('../src/platform/cache-invalidation');
    const oids = async () =>
      (await strapi.db.connection.raw(`SELECT t.oid::text AS oid FROM pg_trigger t WHERE NOT t.tgisinternal AND left(t.tgname, 14) = 'intranet_cache' ORDER BY 1`)).rows.map((r: { oid: string }) => r.oid);
    await installCacheTriggers(strapi);
    const before = await oids();
    expect(before.length).toBeGreaterThan(10);
    // Holding a lock a DROP TRIGGER would wait for: the install must not need it.
    const join = joinOf(C, 'federation');
    await strapi.db.connection.transaction(async (trx) => {
      await trx.raw('LOCK TABLE ?? IN ROW EXCLUSIVE MODE', [join.name]);
      await installCacheTriggers(strapi);
    });
    expect(await oids()).toEqual(before);
  });
});
