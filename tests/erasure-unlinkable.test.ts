import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { ERASED_REASON, getService, parisDate } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { bootStrapi } from './support/strapi';
import { createMember, createWorld, type TestMember, type World } from './support/factories';
import { ok, routes } from './support/http';

/**
 * What others see of a member once their data is erased (issue 22, item 4): the same
 * pseudonym in every place and for every erased member — no number (`EFF-<id>` carries the
 * profile's id: the same everywhere, and it tells the order of registration), no section, no
 * profile documentId (the one pages showed beside their name before the erasure) — and no free
 * text about them kept beside it: the end reason of a seat (a sanction's « Commission des
 * conflits, affaire … » among them) or of a mandate, a waiver's reason.
 */

let strapi: Core.Strapi;
let w: World;
let first: TestMember;
let second: TestMember;
let bureau: string;
const daysAgo = (n: number) => parisDate(new Date(Date.now() - n * 86_400_000));
const today = () => daysAgo(0);
const SEAT_REASON = 'Commission des conflits, affaire 2026-017';
const MANDATE_REASON = 'Démission pour raisons de santé';
const WAIVER_REASON = 'Situation familiale difficile (enfant malade)';

const { send } = routes();

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  await strapi.plugin('modules').service('switches').set(w.federation.id, 'bodies', true);
  first = await createMember({ federation: w.federation, section: w.sectionA });
  second = await createMember({ federation: w.federation, section: w.sectionB });
  bureau = ok(await send('post', '/api/bodies/bodies', w.staff.token, { name: `Bureau ${Date.now()}`, level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 12 }), 201).documentId;
  const seat = (who: TestMember, role: string, startOn: string) => send('post', `/api/bodies/bodies/${bureau}/seats`, w.staff.token, { member: who.member.documentId, role, designation: 'elected-congress', startOn });
  const ended = ok(await seat(first, 'titulaire', daysAgo(400)), 201);
  ok(await send('post', `/api/bodies/seats/${ended.documentId}/end`, w.staff.token, { endOn: daysAgo(10), reason: SEAT_REASON }));
  ok(await seat(second, 'suppleant', daysAgo(300)), 201);
  // A public mandate that ended, and a waiver granted to the member, each with its free-text reason.
  const category = await strapi.db.query('plugin::mandates.category').findOne({ where: {}, select: ['id'] });
  await strapi.db.query('plugin::mandates.mandate').create({
    data: { member: first.member.id, category: category.id, federation: w.federation.id, territoryCode: '30189', startOn: daysAgo(800), theoreticalEndOn: daysAgo(-1000), endOn: daysAgo(20), endReason: MANDATE_REASON },
  });
  await strapi.db.query('plugin::mandates.waiver').create({ data: { member: first.member.id, ruleId: 'cumul-test', reason: WAIVER_REASON, grantedOn: daysAgo(100), expiresOn: daysAgo(-100) } });
  for (const who of [first, second]) {
    ok(await send('post', `/api/membership/members/${who.member.documentId}/departure`, w.staff.token, { on: today(), reason: 'Démission' }));
    ok(await send('post', `/api/membership/members/${who.member.documentId}/erasure`, w.staff.token, {}));
  }
}, 300_000);

describe('after the erasure, what others see cannot be linked back', () => {
  it('membership’s directory names every erased member the same way: no number, no section (every plugin shows them through it)', async () => {
    const names = await getService(strapi, 'membership', 'directory').membersByIds([first.member.id, second.member.id, w.member.member.id]);
    const pseudonym = { membershipNumber: null, firstName: 'Ancien', lastName: 'adhérent', section: null, formerMember: true };
    expect(names.get(first.member.id)).toEqual(pseudonym);
    expect(names.get(second.member.id)).toEqual(pseudonym);
    // A member still here keeps their number and section.
    expect(names.get(w.member.member.id)).toMatchObject({ membershipNumber: w.member.member.membershipNumber, section: 'Section A', formerMember: false });
  });

  it('a body’s page shows the former holders as « Ancien adhérent » without their profile’s documentId, nor their number', async () => {
    const page = ok(await send('get', `/api/bodies/bodies/${bureau}`, w.member.token));
    const holders = page.seats.map((s: any) => s.member);
    expect(holders).toEqual([
      { documentId: null, name: 'Ancien adhérent' },
      { documentId: null, name: 'Ancien adhérent' },
    ]);
    const text = JSON.stringify(page);
    for (const who of [first, second]) expect(text).not.toContain(who.member.documentId);
    expect(text).not.toMatch(/EFF-/);
  });
});

describe('after the erasure, no free-text reason about them stays beside the pseudonym', () => {
  it('a seat’s end reason (a sanction’s included), a mandate’s end reason and a waiver’s reason read ERASED_REASON', async () => {
    const page = ok(await send('get', `/api/bodies/bodies/${bureau}`, w.member.token));
    // The second's seat was open: their departure ended it, the erasure gave it the same words (tests/erasure-running.test.ts).
    expect(page.seats.map((s: any) => s.endReason)).toEqual([ERASED_REASON, ERASED_REASON]);
    expect(JSON.stringify(page)).not.toContain('affaire 2026-017');
    const mandate = await strapi.db.query('plugin::mandates.mandate').findOne({ where: { member: { id: first.member.id } }, select: ['endReason', 'endOn'] });
    expect(mandate).toMatchObject({ endReason: ERASED_REASON, endOn: daysAgo(20) });
    const waiver = await strapi.db.query('plugin::mandates.waiver').findOne({ where: { member: { id: first.member.id } }, select: ['reason', 'ruleId'] });
    expect(waiver).toMatchObject({ reason: ERASED_REASON, ruleId: 'cumul-test' });
  });
});
