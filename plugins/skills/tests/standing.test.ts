import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { todayInParis } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { bearer, expectError } from '../../../tests/support/expect';
import { routes } from '../../../tests/support/http';

/**
 * A profile is listed only while its member consents and may take part. Suspensions,
 * exclusions and departures are written (membership's events unlist at once); a return is
 * announced too (`membership.member.returned`); a suspension that ends by its date is not:
 * the daily check (`standing.reconcile`, the plugin's cron) lists the profile again.
 */
let strapi: Core.Strapi;
let w: World;
let tag: string;
const CONSENT = '2026-12-v1';
const PROFILE_UID = 'plugin::skills.profile';
const postgres = process.env.DATABASE_CLIENT === 'postgres';

const { send: skills } = routes('/api/skills');
const membership = async (path: string, token: string, body: unknown) => (await api()).post(`/api/membership/members${path}`).set(bearer(token)).send(body as object);

const profileBody = (term: string) => ({
  visibility: 'all',
  fieldLevels: {},
  skills: [{ term, level: 2 }],
  networks: [],
  interests: [],
  sector: null,
  willingness: [],
  hoursPerMonth: null,
  languages: [],
});

/** A term of this file's vocabulary (national staff create it). */
async function term(label: string) {
  const res = await skills('post', '/terms', w.national.token, { label: `${label} ${tag}`, kind: 'skill', parent: null, synonyms: [] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.slug as string;
}

/** A member of the federation with a profile holding `slug`, visible to all; consented unless `consent: false`. Returns the profile's documentId. */
async function withProfile(slug: string, consent = true): Promise<{ m: TestMember; id: string }> {
  const m = await createMember({ federation: w.federation, section: w.sectionA });
  const saved = await skills('put', '/me/profile', m.token, profileBody(slug));
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  if (consent) expect((await skills('post', '/me/consent', m.token, { version: CONSENT })).status).toBe(200);
  const row = await strapi.db.query(PROFILE_UID).findOne({ where: { memberId: m.member.id } });
  return { m, id: row.documentId };
}

const row = (id: string) => strapi.db.query(PROFILE_UID).findOne({ where: { documentId: id }, select: ['listed', 'memberActive'] });

/** The profiles the directory shows a reader of another section for that skill. */
async function found(slug: string): Promise<string[]> {
  const res = await skills('post', '/directory/search', w.memberB.token, { skills: [slug] });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.map((p: { documentId: string }) => p.documentId);
}

/** The skills profiles the search plugin finds for these words, once the outbox drained (their portal links). */
async function searched(q: string): Promise<string[]> {
  await strapi.plugin('search').service('indexer').drain();
  const res = await (await api()).get('/api/search').query({ q }).set(bearer(w.memberB.token));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.filter((h: any) => h.type === 'skills-profile').map((h: any) => h.link.replace('/competences/fiches/', ''));
}

async function suspend(m: TestMember, until = '2099-12-31') {
  const res = await membership(`/${m.member.documentId}/status`, w.commission.token, { status: 'suspended', until, reason: 'Suspension conservatoire' });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

async function depart(m: TestMember) {
  const res = await membership(`/${m.member.documentId}/departure`, w.staff.token, { on: todayInParis(), reason: 'Démission' });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

/** Time passes: the suspension's last day is behind (no write in membership, as in real life). */
const lapse = (m: TestMember) => strapi.db.query('plugin::membership.member').update({ where: { id: m.member.id }, data: { suspendedUntil: '2020-01-01' } });

/** The audit entries the skills directory wrote about a profile for a member's status, newest first, with their details. */
async function statusEntries(id: string) {
  return (await auditEntriesFor(id))
    .filter((e: any) => e.action === 'plugin::skills.profile.member-status')
    .map((e: any) => ({ ...e, details: typeof e.details === 'string' ? JSON.parse(e.details) : e.details }));
}

const reconcile = () => strapi.plugin('skills').service('standing').reconcile();

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  tag = w.federation.departmentCode.toLowerCase();
});

describe('a member who comes back (« réadhésion »)', () => {
  it('has their consented profile listed again at once — directory and search — audited; a profile never consented stays out', async () => {
    const slug = await term('Vitrail');
    const leaver = await withProfile(slug);
    const silent = await withProfile(slug, false);
    expect(await found(slug)).toEqual([leaver.id]);
    expect(await searched(`Vitrail ${tag}`)).toEqual([leaver.id]);
    const today = todayInParis();
    for (const { m } of [leaver, silent]) await depart(m);
    expect(await found(slug)).toEqual([]);
    expect(await searched(`Vitrail ${tag}`)).toEqual([]);

    for (const { m } of [leaver, silent]) {
      const back = await membership(`/${m.member.documentId}/return`, w.staff.token, { on: today, reason: 'Réadhésion' });
      expect(back.status, JSON.stringify(back.body)).toBe(200);
    }
    expect(await row(leaver.id)).toMatchObject({ listed: true, memberActive: true });
    expect(await row(silent.id)).toMatchObject({ listed: false, memberActive: true });
    expect(await found(slug)).toEqual([leaver.id]);
    expect((await skills('get', `/profiles/${leaver.id}`, w.memberB.token)).status).toBe(200);
    expect(await searched(`Vitrail ${tag}`)).toEqual([leaver.id]);
    expect((await statusEntries(leaver.id))[0]).toMatchObject({ actor_kind: 'system', details: { status: 'active', listed: true, cause: 'return' } });
  });

  it('stays out while a suspension still runs, and is listed again by the daily check once it has ended', async () => {
    const slug = await term('Dorure');
    const { m, id } = await withProfile(slug);
    await suspend(m);
    await depart(m);
    expect((await membership(`/${m.member.documentId}/return`, w.staff.token, { on: todayInParis(), reason: 'Réadhésion' })).status).toBe(200);
    expect(await row(id)).toMatchObject({ listed: false, memberActive: false });
    expect((await statusEntries(id))[0].details).toMatchObject({ status: 'suspended', listed: false, cause: 'return' });
    expect(await found(slug)).toEqual([]);
    await lapse(m);
    expect((await reconcile()).relisted).toBeGreaterThanOrEqual(1);
    expect(await found(slug)).toEqual([id]);
    expect(await searched(`Dorure ${tag}`)).toEqual([id]);
  });
});

describe('the daily check of members’ statuses', () => {
  it('lists again a consented profile whose suspension ended by its date — not one still suspended, nor one never consented; a read does not do it', async () => {
    const slug = await term('Marqueterie');
    const lapsed = await withProfile(slug);
    const running = await withProfile(slug);
    const silent = await withProfile(slug, false);
    for (const p of [lapsed, running, silent]) await suspend(p.m);
    expect(await found(slug)).toEqual([]);
    await lapse(lapsed.m);
    await lapse(silent.m);
    // Reads never write: the profile page and the directory still answer from what is stored.
    expectError(await skills('get', `/profiles/${lapsed.id}`, w.memberB.token), 404);
    expect(await row(lapsed.id)).toMatchObject({ listed: false, memberActive: false });

    const report = await reconcile();
    expect(report.relisted).toBeGreaterThanOrEqual(1);
    expect(report.updated).toBeGreaterThanOrEqual(1);
    expect(await row(lapsed.id)).toMatchObject({ listed: true, memberActive: true });
    expect(await row(running.id)).toMatchObject({ listed: false, memberActive: false });
    expect(await row(silent.id)).toMatchObject({ listed: false, memberActive: true });
    expect(await found(slug)).toEqual([lapsed.id]);
    expect((await skills('get', `/profiles/${lapsed.id}`, w.memberB.token)).status).toBe(200);
    expect(await searched(`Marqueterie ${tag}`)).toEqual([lapsed.id]);
    expect((await statusEntries(lapsed.id))[0]).toMatchObject({ actor_kind: 'system', details: { status: 'active', listed: true, cause: 'daily-check' } });
    expect(await statusEntries(running.id)).toHaveLength(1); // the suspension's only
  });

  it('takes out a listed profile whose member may no longer take part, though no event said so (directory and search)', async () => {
    const slug = await term('Reliure');
    const { m, id } = await withProfile(slug);
    expect(await searched(`Reliure ${tag}`)).toEqual([id]);
    // A departure written without its event (a script, a restore): the stored listing is stale.
    await strapi.db.query('plugin::membership.member').update({ where: { id: m.member.id }, data: { leftOn: todayInParis() } });
    expect(await row(id)).toMatchObject({ listed: true });
    expect((await reconcile()).unlisted).toBeGreaterThanOrEqual(1);
    expect(await row(id)).toMatchObject({ listed: false, memberActive: false });
    expect(await found(slug)).toEqual([]);
    expect(await searched(`Reliure ${tag}`)).toEqual([]);
    expect((await statusEntries(id))[0].details).toMatchObject({ status: 'left', listed: false, cause: 'daily-check' });
  });

  it('is idempotent: two runs at once change each profile once, a further run changes nothing and writes nothing', async () => {
    const slug = await term('Lutherie');
    const profiles = [await withProfile(slug), await withProfile(slug), await withProfile(slug)];
    for (const p of profiles) await suspend(p.m);
    for (const p of profiles) await lapse(p.m);
    const [a, b] = await Promise.all([reconcile(), reconcile()]);
    expect(a.relisted + b.relisted).toBeGreaterThanOrEqual(profiles.length);
    for (const p of profiles) {
      expect(await row(p.id)).toMatchObject({ listed: true, memberActive: true });
      expect((await statusEntries(p.id)).filter((e: any) => e.details.cause === 'daily-check')).toHaveLength(1);
    }
    expect((await found(slug)).sort()).toEqual(profiles.map((p) => p.id).sort());

    // The next run: every statement it runs is a read (no profile, audit entry or outbox row written).
    const writes: string[] = [];
    const watch = (query: { sql?: string }) => {
      if (query.sql && /^\s*(insert|update|delete)\b/i.test(query.sql) && /skills_profiles|audit_log|search_outbox/.test(query.sql) && !/^\s*delete from .search_outbox./i.test(query.sql)) writes.push(query.sql);
    };
    strapi.db.connection.on('query', watch);
    try {
      expect(await reconcile()).toMatchObject({ relisted: 0, unlisted: 0, updated: 0, skipped: 0 });
    } finally {
      strapi.db.connection.off('query', watch);
    }
    expect(writes).toEqual([]);
  });

  it.runIf(postgres)('skips a profile another instance holds (FOR UPDATE SKIP LOCKED): that one brings it up to date', async () => {
    const slug = await term('Ébénisterie');
    const { m, id } = await withProfile(slug);
    await suspend(m);
    await lapse(m);
    const knex = strapi.db.connection;
    const holder = await knex.transaction();
    try {
      await holder.raw('SELECT id FROM skills_profiles WHERE document_id = ? FOR UPDATE', [id]);
      const report = await reconcile();
      expect(report.skipped).toBeGreaterThanOrEqual(1);
      expect(await row(id)).toMatchObject({ listed: false });
    } finally {
      await holder.rollback();
    }
    expect((await reconcile()).relisted).toBeGreaterThanOrEqual(1);
    expect(await row(id)).toMatchObject({ listed: true });
  });
});
