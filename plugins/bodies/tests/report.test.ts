import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { parisDate } from '@intranet-militant/shared';
import { ok, routes } from '../../../tests/support/http';

/**
 * Issue 15, items 7 and 8: the yearly activity report (JSON for the body's scope; CSV and
 * PDF for its secretariat and those who manage it) and the composition of a body (sex as
 * registered, age brackets, seniority; aggregates with counts under 5 masked), with the
 * membership fields it reads (sex, year of birth: staff-only).
 */
let w: World;
let secretary: TestMember; // a plain member named to run the bureau's secretariat
let bureau: string;
const B = '/api/bodies';
// Paris dates, as the report dates minutes (a UTC date is yesterday from 23:00 or 22:00 UTC).
const day = (n: number) => parisDate(new Date(Date.now() - n * 86_400_000));
const HELD = day(20); // both meetings of the report on this day: the report's year is its year
const YEAR = Number(HELD.slice(0, 4));
const THIS_YEAR = Number(day(0).slice(0, 4));
const seats: Record<string, string> = {};
const meetings: Record<string, string> = {};

const { send, get } = routes(B);

async function withModuleOff<T>(run: () => Promise<T>) {
  const switches = (await bootStrapi()).plugin('modules').service('switches');
  await switches.set(w.federation.id, 'bodies', false);
  try {
    return await run();
  } finally {
    await switches.set(w.federation.id, 'bodies', true);
  }
}

beforeAll(async () => {
  w = await createWorld();
  secretary = await createMember({ federation: w.federation, section: w.sectionA });
  bureau = (await ok(send('post', '/bodies', w.staff.token, {
    name: 'Bureau fédéral', level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 9, secretariat: secretary.member.documentId,
  }), 201)).documentId;
  for (const [key, member, role] of [['member', w.member, 'titulaire'], ['memberB', w.memberB, 'titulaire'], ['elected', w.elected, 'titulaire'], ['commission', w.commission, 'titulaire']] as const) {
    seats[key] = (await ok(send('post', `/bodies/${bureau}/seats`, w.staff.token, { member: member.member.documentId, role, designation: 'elected-congress', startOn: day(400) }), 201)).documentId;
  }
  // Two meetings the same day (the second approves the first's minutes), one cancelled.
  meetings.first = (await ok(send('post', `/bodies/${bureau}/meetings`, secretary.token, { startsAt: `${HELD}T10:00:00+01:00`, place: 'Nîmes' }), 201)).documentId;
  meetings.second = (await ok(send('post', `/bodies/${bureau}/meetings`, secretary.token, { startsAt: `${HELD}T18:00:00+01:00`, place: 'Nîmes' }), 201)).documentId;
  meetings.cancelled = (await ok(send('post', `/bodies/${bureau}/meetings`, secretary.token, { startsAt: `${HELD}T20:00:00+01:00`, place: 'Alès' }), 201)).documentId;
  for (const m of ['first', 'second']) await ok(send('post', `/meetings/${meetings[m]}/status`, secretary.token, { status: 'held' }));
  await ok(send('post', `/meetings/${meetings.cancelled}/status`, secretary.token, { status: 'cancelled' }));
  await ok(send('put', `/meetings/${meetings.first}/attendance`, secretary.token, {
    rows: [
      { seat: seats.member, presence: 'present' },
      { seat: seats.memberB, presence: 'remote' },
      { seat: seats.elected, presence: 'absent' },
      { seat: seats.commission, presence: 'excused' },
    ],
  }));
  const minutes = await ok(send('put', `/meetings/${meetings.first}/minutes`, secretary.token, {
    summary: 'Budget adopté.',
    items: [
      { title: 'Budget', decisions: [{ text: 'Budget adopté', votesFor: 1, votesAgainst: 1, abstentions: 0 }] },
      { title: 'Huis clos', confidential: true, decisions: [{ text: 'Décision confidentielle', votesFor: 2 }] },
    ],
  }));
  await ok(send('post', `/minutes/${minutes.documentId}/approve`, secretary.token, { atMeeting: meetings.second }));
  await ok(send('post', `/minutes/${minutes.documentId}/publish`, secretary.token, {}));
});

describe('GET /bodies/:id/report (JSON)', () => {
  it('401, 403 without role, 403 module off, 400 year in French, 404 another federation and unknown, then the figures', async () => {
    const path = `/bodies/${bureau}/report?year=${YEAR}`;
    expectError(await get(path), 401);
    expectError(await get(path, w.outsider.token), 403);
    await withModuleOff(async () => expectError(await get(path, w.memberB.token), 403, 'Le module « Instances » n’est pas activé pour votre fédération.'));
    expect(badRequest(await get(`/bodies/${bureau}/report`, w.memberB.token)).year).toBe('L’année est obligatoire (AAAA).');
    expect(badRequest(await get(`/bodies/${bureau}/report?year=1999`, w.memberB.token)).year).toBe('L’année va de 2000 à l’année en cours.');
    expect(badRequest(await get(`/bodies/${bureau}/report?year=${THIS_YEAR + 1}`, w.memberB.token)).year).toBe('L’année va de 2000 à l’année en cours.');
    expect(badRequest(await get(`/bodies/${bureau}/report?year=2O26`, w.memberB.token)).year).toMatch(/AAAA/);
    expect(badRequest(await get(`${path}&extra=1`, w.memberB.token))).toBeDefined();
    expectError(await get(path, w.otherMember.token), 404, 'Instance introuvable.');
    expectError(await get(path, w.otherStaff.token), 404);
    expectError(await get(`/bodies/inconnue00000000000000000/report?year=${YEAR}`, w.staff.token), 404);

    const report = await ok(get(path, w.memberB.token)); // a member of the body's scope
    expect(report).toMatchObject({
      year: YEAR,
      body: { name: 'Bureau fédéral', kindLabel: 'Bureau' },
      meetings: { held: 2, cancelled: 1, planned: 0 },
      // present + remote ÷ (present + remote + absent): the excused and the unmarked second sheet count on neither side.
      attendance: { rateLabel: '66,7\u00a0%' },
      decisions: { count: 1, votesFor: 1, votesAgainst: 1, abstentions: 0 },
      // Published today, 20 days after the meeting: on time; the second's minutes are not written yet, 40 days remain.
      minutes: { onTimeDays: 60, onTime: 1, late: 0, pending: 1, rateLabel: '50\u00a0%' },
    });
    expect(report.attendance.rate).toBeCloseTo(2 / 3);
    const first = report.rows.find((r: any) => r.meeting === meetings.first);
    expect(first).toMatchObject({ present: 1, remote: 1, absent: 1, excused: 1, unmarked: 0, rateLabel: '66,7\u00a0%', minutes: { publishedOn: day(0), version: 1, timeliness: 'on-time' } });
    expect(first.decisions).toEqual([{ topic: 'Budget', text: 'Budget adopté', votesFor: 1, votesAgainst: 1, abstentions: 0 }]);
    expect(report.rows.find((r: any) => r.meeting === meetings.second)).toMatchObject({ unmarked: 4, rate: null, rateLabel: '—', decisions: [], minutes: { publishedOn: null, timeliness: 'pending' } });
    // Confidential items stay with the body: the report is read by its whole scope.
    expect(JSON.stringify(report)).not.toMatch(/confidentielle|Huis clos/);

    // Another year: nothing held, no rate.
    expect(await ok(get(`/bodies/${bureau}/report?year=2001`, w.staff.token))).toMatchObject({ meetings: { held: 0 }, attendance: { rate: null, rateLabel: '—' }, minutes: { rate: null }, rows: [] });
    expect((await get(path, w.national.token)).status).toBe(200);
  });
});

describe('GET /bodies/:id/report.csv and report.pdf', () => {
  it('the secretariat and those who manage the body download them; 403 for the rest of its scope; 404 elsewhere; 400 year', async () => {
    for (const ext of ['csv', 'pdf']) {
      const path = `/bodies/${bureau}/report.${ext}?year=${YEAR}`;
      expectError(await get(path), 401);
      expectError(await get(path, w.outsider.token), 403);
      await withModuleOff(async () => expectError(await get(path, secretary.token), 403, 'n’est pas activé'));
      expect(badRequest(await get(`/bodies/${bureau}/report.${ext}?year=1890`, secretary.token)).year).toBe('L’année va de 2000 à l’année en cours.');
      expectError(await get(path, w.memberB.token), 403, 'réservés au secrétariat de l’instance');
      expectError(await get(path, w.otherStaff.token), 404);
      expectError(await get(path, w.otherMember.token), 404);
      for (const who of [secretary, w.staff]) expect((await get(path, who.token)).status).toBe(200);
      expect((await get(path, w.national.token)).status).toBe(200);
    }
    const csv = await get(`/bodies/${bureau}/report.csv?year=${YEAR}`, secretary.token);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`rapport-activite-${YEAR}.csv`);
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Date;Présents;À distance;Excusés;Absents;À saisir;Taux de présence;Décisions;Décisions et votes;PV publié le;Publié sous 60 jours');
    expect(lines).toHaveLength(3); // two held meetings
    expect(lines).toContain(`${HELD};1;1;1;1;0;0,6667;1;Budget adopté (1 pour, 1 contre, 0 abstention);${day(0)};Publié dans les délais`);
    expect(csv.text).not.toMatch(/confidentielle/);

    const pdf = await (await api()).get(`${B}/bodies/${bureau}/report.pdf?year=${YEAR}`).set(bearer(w.staff.token)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(`rapport-activite-${YEAR}.pdf`);
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(1500);
  });
});

describe('composition (sex as registered, year of birth: staff-only in membership)', () => {
  let commission: string;
  const people: TestMember[] = [];

  it('membership: staff record sex and year of birth (French 400s); a member reads only their own', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const path = `/api/membership/members/${target.member.documentId}`;
    const bad = badRequest(await send('put', path, w.staff.token, { sex: 'X', birthYear: 1850 }));
    expect(bad).toMatchObject({ sex: 'Le sexe (tel qu’enregistré) : F ou M.', birthYear: 'L’année de naissance va de 1900 à l’année en cours.' });
    expect(badRequest(await send('put', path, w.staff.token, { birthYear: THIS_YEAR + 1 })).birthYear).toBe('L’année de naissance va de 1900 à l’année en cours.');
    expectError(await send('put', path, w.member.token, { sex: 'F' }), 403);
    expect(await ok(send('put', path, w.staff.token, { sex: 'F', birthYear: 1990 }))).toMatchObject({ sex: 'F', birthYear: 1990 });
    expectError(await get(path, w.member.token), 404, 'Adhérent introuvable'); // another member's profile: as unknown
    expect((await ok(get('/api/membership/me', target.token))).member).toMatchObject({ sex: 'F', birthYear: 1990 });
    // A member may not change their own.
    expectError(await send('put', path, target.token, { sex: 'M' }), 403);
    people.push(target);
    // Registering: the same fields on creation.
    const created = await ok(send('post', '/api/membership/members', w.staff.token, {
      firstName: 'Rose', lastName: 'Composée', email: `rose.${Date.now()}@test.intranet`, membershipNumber: `CMP-${Date.now().toString(36).toUpperCase().slice(-6)}`,
      federation: w.federation.documentId, joinedOn: day(200), sex: 'F', birthYear: 2001,
    }), 201);
    expect(created).toMatchObject({ sex: 'F', birthYear: 2001 });
    people.push({ member: { documentId: created.documentId } } as TestMember);
  });

  it('GET /bodies/:id/composition: 401, 403 member of the scope, 403 module off, 404 elsewhere; counts under 5 masked', async () => {
    // Five more members: four women born in 1990 (30–44), one man born in 1950 (60 and over); one member not given.
    for (const [sex, birthYear] of [['F', 1990], ['F', 1990], ['F', 1990], ['F', 1990], ['M', 1950]] as const) {
      const m = await createMember({ federation: w.federation, section: w.sectionB });
      await ok(send('put', `/api/membership/members/${m.member.documentId}`, w.staff.token, { sex, birthYear }));
      people.push(m);
    }
    people.push(await createMember({ federation: w.federation, section: w.sectionB }));
    commission = (await ok(send('post', '/bodies', w.staff.token, { name: 'Commission des finances', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 9, secretariat: secretary.member.documentId }), 201)).documentId;
    for (const p of people) {
      await ok(send('post', `/bodies/${commission}/seats`, w.staff.token, { member: p.member.documentId, role: 'membre', designation: 'elected-council', startOn: day(30) }), 201);
    }
    // A second seat of the same member counts them once.
    await ok(send('post', `/bodies/${commission}/seats`, w.staff.token, { member: people[1].member.documentId, role: 'president', designation: 'elected-council', startOn: day(30) }), 201);

    // The socio-professional category counts only for those who shared it (membership's consent):
    // five say « employés »; the first shares « cadres », then withdraws.
    for (const p of people.slice(2, 7)) await ok(send('put', '/api/membership/me/socio-professional', p.token, { category: 'employes', consent: true }));
    await ok(send('put', '/api/membership/me/socio-professional', people[0]!.token, { category: 'cadres', consent: true }));
    expect((await send('delete', '/api/membership/me/socio-professional', people[0]!.token)).status).toBe(200);

    const path = `/bodies/${commission}/composition`;
    expectError(await get(path), 401);
    expectError(await get(path, w.outsider.token), 403);
    expectError(await get(path, w.memberB.token), 403, 'réservés au secrétariat de l’instance');
    await withModuleOff(async () => expectError(await get(path, w.staff.token), 403, 'n’est pas activé'));
    expectError(await get(path, w.otherStaff.token), 404);
    expectError(await get('/bodies/inconnue00000000000000000/composition', w.staff.token), 404);

    const data = await ok(get(path, secretary.token));
    expect((await get(path, w.national.token)).status).toBe(200);
    expect(data.total).toBe(8);
    const cell = (list: any[], key: string) => list.find((c) => c.key === key);
    // Six women (1990 ×5, 2001 ×1), one man, one not given.
    expect(cell(data.sex, 'F')).toMatchObject({ count: 6, countLabel: '6', shareLabel: '75\u00a0%' });
    expect(cell(data.sex, 'M')).toMatchObject({ count: null, share: null, countLabel: 'moins de 5', shareLabel: '—' });
    expect(cell(data.sex, 'unknown')).toMatchObject({ count: null, countLabel: 'moins de 5' });
    expect(cell(data.age, '30-44')).toMatchObject({ count: 5, countLabel: '5' });
    for (const key of ['under-30', '45-59', '60-plus', 'unknown']) expect(cell(data.age, key)).toMatchObject({ count: null, countLabel: 'moins de 5' });
    // Joined 2020-01-15 (the factory's date) except Rose, 200 days ago: « plus de 5 ans » shows 7, the other two are masked.
    expect(cell(data.seniority, 'over-5')).toMatchObject({ count: 7 });
    expect(cell(data.seniority, 'under-2')).toMatchObject({ count: null, countLabel: 'moins de 5' });
    // Five shared « employés »; the three others (one withdrew) are « non communiquée », masked; every other category (0) masked.
    expect(cell(data.socioProfessional, 'employes')).toMatchObject({ count: 5, countLabel: '5', shareLabel: '62,5\u00a0%' });
    expect(cell(data.socioProfessional, 'unknown')).toMatchObject({ count: null, countLabel: 'moins de 5', label: 'Non communiquée' });
    expect(cell(data.socioProfessional, 'cadres')).toMatchObject({ count: null, countLabel: 'moins de 5' });
    expect(data.socioProfessional).toHaveLength(9);
    // No per-member data leaves: only the four distributions and the total.
    expect(Object.keys(data).sort()).toEqual(['age', 'body', 'on', 'seniority', 'sex', 'socioProfessional', 'total']);
    expect(JSON.stringify(data)).not.toMatch(/1990|1950|Nom\d/);
    // The body's public page shows no one's sex nor year of birth.
    expect(JSON.stringify(await ok(get(`/bodies/${commission}`, w.memberB.token)))).not.toMatch(/birthYear|"sex"/);
  });
});
