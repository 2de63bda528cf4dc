import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { ERASED_REASON, frenchDate, getService, parisDate } from '@intranet-militant/shared';
import type {} from '@intranet-militant/bodies';
import { bootStrapi } from './support/strapi';
import { auditEntriesFor, createMember, createWorld, type TestMember, type World } from './support/factories';
import { ok, routes } from './support/http';

/**
 * What an erased member still held when erased (issue 22, item 4): they keep no party function
 * and no live candidacy. Their open seats (and one to come) ended the day their departure was
 * recorded (bodies' `onMemberLeft`; the erasure's `endSeatsOfMember` ends any left) and their
 * reason becomes « Motif retiré à l’effacement des données »; their standing candidacy was
 * withdrawn by the departure too, as they could withdraw it (its position freed); the bodies' and designations' counts
 * read it at the next request. A public mandate is a public fact: its row stays as it was (no
 * end written), out of every read of living officials, as after a departure (directory, page,
 * situation: as unknown).
 */

let strapi: Core.Strapi;
let w: World;
let leaving: TestMember;
let staying: TestMember;
let bureau: string;
let designation: string;
let candidacy: string;
let mandate: string;
let seats: { current: string; later: string };
let parts: Record<string, Record<string, number>>;
const daysAgo = (n: number) => parisDate(new Date(Date.now() - n * 86_400_000));
const today = () => daysAgo(0);

const { send } = routes();
const body = async () => ok(await send('get', `/api/bodies/bodies/${bureau}`, w.member.token));
const apply = (who: TestMember) => send('post', `/api/investitures/designations/${designation}/candidacies`, who.token, { position: 1, statement: 'Je m’engage pour la ville.' });

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  for (const module of ['bodies', 'mandates', 'investitures']) await strapi.plugin('modules').service('switches').set(w.federation.id, module, true);
  leaving = await createMember({ federation: w.federation, section: w.sectionA, role: 'elected-official' });
  staying = await createMember({ federation: w.federation, section: w.sectionB });
  bureau = ok(await send('post', '/api/bodies/bodies', w.staff.token, { name: `Bureau ${Date.now()}`, level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 12 }), 201).documentId;
  const seat = async (who: TestMember, role: string, startOn: string) =>
    ok(await send('post', `/api/bodies/bodies/${bureau}/seats`, w.staff.token, { member: who.member.documentId, role, designation: 'elected-congress', startOn }), 201).documentId as string;
  seats = { current: await seat(leaving, 'titulaire', daysAgo(100)), later: await seat(leaving, 'suppleant', daysAgo(-10)) };
  await seat(staying, 'titulaire', daysAgo(50));
  const commune = (require('@etalab/decoupage-administratif/data/communes.json') as { code: string; departement: string; type: string }[]).find(
    (c) => c.type === 'commune-actuelle' && c.departement === w.federation.departmentCode
  )!.code;
  designation = ok(
    await send('post', '/api/investitures/designations', w.staff.token, {
      title: 'Municipales — liste de la ville', kind: 'municipales', territoryCode: commune, seats: 8, decidedBy: 'body',
      candidaciesOpenOn: daysAgo(5), candidaciesCloseOn: daysAgo(-5), checksBy: daysAgo(-10), decisionOn: daysAgo(-20),
    }),
    201
  ).documentId;
  candidacy = ok(await apply(leaving), 201).documentId;
  mandate = ok(await send('post', '/api/mandates/mandates', leaving.token, { category: 'conseiller-municipal', territoryCode: commune, startOn: daysAgo(300) }), 201).documentId;
  // Before: the position is theirs, the seats count them, they are in the officials' directory.
  expect((await apply(staying)).status).toBe(409);
  expect((await body()).seats.filter((s: any) => s.current)).toHaveLength(2);
  expect(ok(await send('get', '/api/mandates/officials', w.member.token)).map((o: any) => o.documentId)).toContain(leaving.member.documentId);
  ok(await send('post', `/api/membership/members/${leaving.member.documentId}/departure`, w.staff.token, { on: today(), reason: 'Démission' }));
  parts = ok(await send('post', `/api/membership/members/${leaving.member.documentId}/erasure`, w.staff.token, {})).parts;
}, 300_000);

describe('an erased member keeps no seat', () => {
  it('their open seat ends today and the one to come where it starts, with ERASED_REASON, audited by the system; the body counts them no more', async () => {
    // The departure recorded before the erasure ended them (bodies' `onMemberLeft`); the erasure
    // ends nothing more and replaces the departure's reason.
    expect(parts.bodies).toMatchObject({ seatsKept: 2, seatsEnded: 0, seatEndReasonsRemoved: 2 });
    const page = await body();
    const ended = page.seats.filter((s: any) => s.documentId === seats.current || s.documentId === seats.later);
    expect(ended.map((s: any) => [s.documentId, s.endOn, s.endReason, s.current, s.member.name]).sort()).toEqual(
      [
        [seats.current, today(), ERASED_REASON, false, 'Ancien adhérent'],
        [seats.later, daysAgo(-10), ERASED_REASON, false, 'Ancien adhérent'],
      ].sort()
    );
    // The seats filled today: the other member's only.
    expect(page.seats.filter((s: any) => s.current)).toHaveLength(1);
    const [entry] = (await auditEntriesFor(seats.current)).filter((e: any) => e.action === 'plugin::bodies.seat.end');
    expect(entry).toMatchObject({ actor_kind: 'system' });
    expect(JSON.parse(entry.details)).toEqual({ endOn: today(), before: null, reason: `Départ du parti (le ${frenchDate(today())})`, convocationsWithdrawn: 0 });
  });

  it('erasing again ends nothing more (idempotent)', async () => {
    const subject = { memberId: leaving.member.id, memberDocumentId: leaving.member.documentId, userId: null, federationId: w.federation.id, email: null, membershipNumber: 'x', firstName: 'Ancien', lastName: 'adhérent' };
    expect((await getService(strapi, 'bodies', 'erasure').erase(subject)).counts).toMatchObject({ seatsEnded: 0 });
    expect((await auditEntriesFor(seats.later)).filter((e: any) => e.action === 'plugin::bodies.seat.end')).toHaveLength(1);
  });
});

describe('an erased member keeps no live candidacy', () => {
  it('their standing candidacy is withdrawn as they could withdraw it: the list shows it withdrawn and its position is free again', async () => {
    // Withdrawn by the departure recorded before the erasure (investitures' MEMBER_LEFT listener).
    expect(parts.investitures).toMatchObject({ candidaciesKept: 1, candidaciesWithdrawn: 0, candidaciesOnBallot: 0 });
    const staffView = ok(await send('get', `/api/investitures/designations/${designation}`, w.staff.token));
    expect(staffView.candidacies.find((c: any) => c.documentId === candidacy)).toMatchObject({ state: 'withdrawn' });
    const [entry] = (await auditEntriesFor(candidacy)).filter((e: any) => e.action === 'plugin::investitures.candidacy.withdraw');
    expect(JSON.parse(entry.details)).toEqual({ reason: `Départ du parti (le ${frenchDate(today())})` });
    expect((await apply(staying)).status).toBe(201);
  });
});

describe('an erased member’s public mandate stays a public fact, detached from the living', () => {
  it('the mandate’s row is kept as it was (no end written), and no read of living officials shows them: directory, page, situation answer as for an unknown official', async () => {
    const row = await strapi.db.query('plugin::mandates.mandate').findOne({ where: { documentId: mandate }, select: ['startOn', 'endOn', 'endReason', 'territoryCode'], populate: { member: { select: ['id'] } } });
    expect(row).toMatchObject({ startOn: daysAgo(300), endOn: null, endReason: null, member: { id: leaving.member.id } });
    expect(ok(await send('get', '/api/mandates/officials', w.member.token)).map((o: any) => o.documentId)).not.toContain(leaving.member.documentId);
    for (const path of [`/api/mandates/officials/${leaving.member.documentId}`, `/api/mandates/officials/${leaving.member.documentId}/situation`]) {
      const unknown = await send('get', path.replace(leaving.member.documentId, 'zzzzzzzzzzzzzzzzzzzzzzzz'), w.staff.token);
      const gone = await send('get', path, w.staff.token);
      expect([gone.status, gone.body], path).toEqual([404, unknown.body]);
    }
  });
});
