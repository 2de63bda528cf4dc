import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import Papa from 'papaparse';
import { bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { badRequest, expectError } from '../../../tests/support/expect';
import { mailTo, waitForMail } from '../../../tests/support/mail';
import { withEventsOff } from './support/events';
import { ok, routes } from '../../../tests/support/http';

/**
 * Issue 20 §4, the summer university: an edition with its host region (rotation), dates
 * published N months ahead (staff warned when late), sessions and workshops with capacities
 * (never overbooked: a full workshop has a waiting list, promoted on withdrawal), workshops' written output, per-federation delegations (transport,
 * lodging), totals and the host's CSV — every route from 401 to success.
 */
let strapi: Core.Strapi;
let w: World;
let year: number;
const S = '/api/events/summer-universities';
const { get, post } = routes(S);

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  // A year no other test file uses; its predecessor hosted by Bretagne. Both from 2090 on: the
  // demo's test reads the editions before 2090 as its own (2090 made a predecessor in 2089).
  year = 2091 + Math.floor(Math.random() * 8);
  await strapi.db.query('plugin::events.su-edition').deleteMany({ where: { year: { $in: [year, year - 1] } } });
  await strapi.db.query('plugin::events.su-edition').create({ data: { year: year - 1, title: `UE ${year - 1}`, hostRegion: 'Bretagne', startsOn: `${year - 1}-08-24`, endsOn: `${year - 1}-08-27`, datesPublishedOn: `${year - 2}-12-01` } });
}, 300_000);

describe('the summer university', () => {
  it('editions: national admins only; the host rotates; late dates warn staff; sessions, workshops, outputs; delegations and the CSV', async () => {
    const body = { year, title: `Université d’été ${year}`, hostRegion: 'Bretagne', startsOn: `${year}-08-25`, endsOn: `${year}-08-28` };
    expectError(await post('', undefined, body), 401);
    expectError(await post('', w.staff.token, body), 403);
    expectError(await post('', w.member.token, body), 403);
    expect(badRequest(await post('', w.national.token, { ...body, startsOn: `${year}-02-30` }))).toHaveProperty('startsOn');
    expect(badRequest(await post('', w.national.token, { ...body, endsOn: `${year}-08-20` }))).toHaveProperty('endsOn', 'La fin doit suivre le début.');
    expectError(await post('', w.national.token, body), 409, 'change de région');
    const edition = ok(await post('', w.national.token, { ...body, hostRegion: 'Occitanie' }), 201);
    expect(edition.pastHosts[0]).toEqual({ year: year - 1, hostRegion: 'Bretagne' });
    expect(edition.notice).toMatchObject({ months: 6, deadline: `${year}-02-25`, late: false, warning: null });
    expectError(await post('', w.national.token, { ...body, hostRegion: 'Corse' }), 409, 'existe déjà');
    const id = edition.documentId;
    expectError(await get(`/${id}`), 401);
    expectError(await get(`/${id}`, w.outsider.token), 403);
    expect(ok(await get(`/${id}`, w.member.token))).not.toHaveProperty('notice');
    expectError(await get('/inconnue', w.member.token), 404);
    await (async () => {
      const switches = strapi.plugin('modules').service('switches');
      await switches.set(w.federation.id, 'events', false);
      try {
        expectError(await get(`/${id}`, w.member.token), 403);
      } finally {
        await switches.set(w.federation.id, 'events', true);
      }
    })();
    // Late: dates published less than 6 months before.
    const row = await strapi.db.query('plugin::events.su-edition').findOne({ where: { documentId: id } });
    await strapi.db.query('plugin::events.su-edition').update({ where: { id: row.id }, data: { datesPublishedOn: `${year}-04-01` } });
    expect(ok(await get(`/${id}`, w.staff.token)).notice.warning).toContain('moins de 6 mois');
    expect(ok(await get('', w.staff.token)).find((e: any) => e.documentId === id).notice.late).toBe(true);

    // Sessions and workshops.
    const workshop = { kind: 'workshop', title: 'Atelier : notre programme pour l’eau', startsAt: `${year}-08-26T14:30`, capacity: 2 };
    expectError(await post(`/${id}/sessions`, w.staff.token, workshop), 403);
    expect(badRequest(await post(`/${id}/sessions`, w.national.token, { ...workshop, startsAt: `${year}-09-26T14:30` }))).toHaveProperty('startsAt');
    expect(badRequest(await post(`/${id}/sessions`, w.national.token, { ...workshop, startsAt: '2030-10-27T02:30' }))).toHaveProperty('startsAt', 'Le début : cette heure existe deux fois le 27 octobre 2030 (passage à l’heure d’hiver) : choisissez une autre heure.');
    expect(badRequest(await post(`/${id}/sessions`, w.national.token, { ...workshop, kind: 'banquet' }))).toHaveProperty('kind');
    const withSessions = ok(await post(`/${id}/sessions`, w.national.token, workshop), 201);
    ok(await post(`/${id}/sessions`, w.national.token, { kind: 'plenary', title: 'Ouverture', startsAt: `${year}-08-25T10:00` }), 201);
    const ws = withSessions.sessions.find((s: any) => s.kind === 'workshop');
    expectError(await post(`/sessions/${ws.documentId}/registration`), 401);
    expectError(await post(`/sessions/${ws.documentId}/registration`, w.national.token), 403);
    expectError(await post('/sessions/inconnue/registration', w.member.token), 404);
    // Concurrent registrations on a 2-place workshop: exactly 2 in, the 3 others on its waiting list.
    const crowd = [w.member, w.memberB, w.secretary, w.elected, w.otherMember];
    const answers = await Promise.all(crowd.map((m) => post(`/sessions/${ws.documentId}/registration`, m.token)));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
    expect(answers.filter((a) => a.body.data.state === 'confirmed')).toHaveLength(2);
    expect(answers.filter((a) => a.body.data.state === 'waiting')).toHaveLength(3);
    const shown = ok(await get(`/${id}`, w.member.token)).sessions.find((s: any) => s.documentId === ws.documentId);
    expect(shown).toMatchObject({ registered: 2, placesLeft: 0, waiting: 3 });
    const again = crowd[answers.findIndex((a) => a.body.data.state === 'waiting')];
    expect(ok(await post(`/sessions/${ws.documentId}/registration`, again.token)).state).toBe('waiting'); // again: unchanged
    // Withdrawing: 401, 400, module off 403, not registered 404; concurrent withdrawals of the two
    // places promote exactly the first two waiting (order of arrival), who are emailed.
    const leave = (token?: string, body: unknown = {}) => post(`/sessions/${ws.documentId}/registration/cancellation`, token, body);
    expectError(await leave(), 401);
    expect(badRequest(await leave(w.member.token, { extra: 1 }))).toBeTruthy();
    expectError(await leave(w.staff.token), 404, 'Aucune inscription');
    expectError(await post('/sessions/inconnue/registration/cancellation', w.member.token), 404);
    await withEventsOff(strapi, w.federation.id, async () => expectError(await leave(w.member.token), 403));
    const sessionRow = await strapi.db.query('plugin::events.su-session').findOne({ where: { documentId: ws.documentId } });
    const queue = await strapi.db.query('plugin::events.su-attendance').findMany({ where: { sessionId: sessionRow.id, state: 'waiting' }, orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }] });
    const byMember = (memberId: number) => crowd.find((m) => m.member.id === memberId)!;
    const firstTwo = queue.slice(0, 2).map((a: any) => byMember(a.memberId));
    const placed = crowd.filter((_, i) => answers[i].body.data.state === 'confirmed');
    const since = Object.fromEntries(firstTwo.map((m) => [m.user.email, mailTo(m.user.email).length]));
    const left = await Promise.all(placed.map((m) => leave(m.token)));
    expect(left.map((r) => r.status)).toEqual([200, 200]);
    const after = await strapi.db.query('plugin::events.su-attendance').findMany({ where: { sessionId: sessionRow.id } });
    expect(after.filter((a: any) => a.state === 'confirmed').map((a: any) => a.memberId).sort()).toEqual(firstTwo.map((m) => m.member.id).sort());
    expect(after.filter((a: any) => a.state === 'waiting')).toHaveLength(1);
    for (const m of firstTwo) {
      const mail = await waitForMail(m.user.email, { since: since[m.user.email], match: (x) => x.subject.startsWith('Une place s’est libérée') });
      expect(mail.text).toContain('Atelier : notre programme pour l’eau');
      expect(mail.text).toContain('vous êtes inscrit·e à l’atelier');
    }
    // Back in: the workshop is full again, so the newcomer waits.
    expect(ok(await post(`/sessions/${ws.documentId}/registration`, placed[0].token)).state).toBe('waiting');
    const plenary = ok(await get(`/${id}`, w.member.token)).sessions.find((s: any) => s.kind === 'plenary');
    expectError(await post(`/sessions/${plenary.documentId}/output`, w.national.token, { text: 'x' }), 409, 'ateliers');
    expectError(await post(`/sessions/${ws.documentId}/output`, w.staff.token, { text: 'x' }), 403);
    expect(badRequest(await post(`/sessions/${ws.documentId}/output`, w.national.token, {}))).toHaveProperty('text');
    ok(await post(`/sessions/${ws.documentId}/output`, w.national.token, { text: 'Trois propositions pour une gestion publique de l’eau.' }));
    expect(ok(await get(`/${id}`, w.member.token)).sessions.find((s: any) => s.documentId === ws.documentId).output).toContain('gestion publique');

    // Delegations.
    const driver = await createMember({ federation: w.federation, section: w.sectionA });
    const delegate = { member: driver.member.documentId, transportMode: 'car', departure: 'Nîmes', seats: 4, lodging: 'shared' };
    expectError(await post(`/${id}/delegates`, undefined, delegate), 401);
    expectError(await post(`/${id}/delegates`, w.member.token, delegate), 403);
    // Another federation's member looks absent to its organisers: exactly an unknown member's answer.
    const elsewhere = await post(`/${id}/delegates`, w.otherStaff.token, delegate);
    const unknownMember = await post(`/${id}/delegates`, w.otherStaff.token, { ...delegate, member: 'inconnu' });
    expect(badRequest(elsewhere)).toHaveProperty('member', 'Adhérent introuvable.');
    expect({ status: elsewhere.status, body: elsewhere.body }).toEqual({ status: unknownMember.status, body: unknownMember.body });
    expect(badRequest(await post(`/${id}/delegates`, w.staff.token, { ...delegate, transportMode: 'fusée' }))).toHaveProperty('transportMode');
    expect(badRequest(await post(`/${id}/delegates`, w.staff.token, { ...delegate, member: 'inconnu' }))).toHaveProperty('member', 'Adhérent introuvable.');
    ok(await post(`/${id}/delegates`, w.staff.token, delegate));
    ok(await post(`/${id}/delegates`, w.staff.token, { member: w.member.member.documentId, transportMode: 'train', departure: 'Alès', lodging: 'single' }));
    ok(await post(`/${id}/delegates`, w.staff.token, { ...delegate, departure: 'Nîmes', seats: 3 })); // updated, not twice
    ok(await post(`/${id}/delegates`, w.otherStaff.token, { member: w.otherMember.member.documentId, transportMode: 'bus', departure: 'Montpellier', seats: 50, lodging: 'none' }));
    // National admins read every member: they name anyone's delegate (here, the same row again).
    ok(await post(`/${id}/delegates`, w.national.token, { member: w.otherMember.member.documentId, transportMode: 'bus', departure: 'Montpellier', seats: 50, lodging: 'none' }));
    const mine = ok(await get(`/${id}/delegation`, w.staff.token));
    expect(mine.delegates).toHaveLength(2);
    expect(mine.totals).toHaveLength(1);
    expect(mine.totals[0]).toMatchObject({ delegates: 2, seats: 3, transport: { car: 1, train: 1 }, lodging: { shared: 1, single: 1 } });
    expectError(await get(`/${id}/delegation`, w.member.token), 403);
    // The federation's module switch governs its delegation too.
    const switches = strapi.plugin('modules').service('switches');
    await switches.set(w.federation.id, 'events', false);
    try {
      expectError(await get(`/${id}/delegation`, w.staff.token), 403);
      expectError(await get(`/${id}/delegation.csv`, w.staff.token), 403);
    } finally {
      await switches.set(w.federation.id, 'events', true);
    }
    expect((await get(`/${id}/delegation.csv`, w.staff.token)).status).toBe(200); // on again: their federation's CSV
    const all = ok(await get(`/${id}/delegation`, w.national.token));
    expect(all.totals).toHaveLength(2);
    const csv = await get(`/${id}/delegation.csv`, w.national.token);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const parsed = Papa.parse<string[]>(csv.text.replace(/^\ufeff/, ''), { delimiter: ';', skipEmptyLines: true }).data;
    expect(parsed[0][0]).toBe('Fédération');
    expect(parsed).toHaveLength(3);
    const gard = parsed.find((r) => r[0].startsWith(w.federation.name))!;
    expect(gard[1]).toBe('2');
    expectError(await get(`/${id}/delegation.csv`, w.member.token), 403);
  });
});
