import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { parisDate } from '@intranet-militant/shared';
import { routes } from '../../../tests/support/http';

let w: World;
let secretary: TestMember; // a member of the Gard named to run the bureau's secretariat
let bureau: any; // the Gard's bureau fédéral
const B = '/api/bodies';
const daysAgo = (n: number) => parisDate(new Date(Date.now() - n * 86_400_000));
const at = (day: string, time = '18:30:00+01:00') => `${day}T${time}`;

const { send, get, post, put } = routes(B);

async function withModuleOff<T>(run: () => Promise<T>) {
  const switches = (await bootStrapi()).plugin('modules').service('switches');
  await switches.set(w.federation.id, 'bodies', false);
  try {
    return await run();
  } finally {
    await switches.set(w.federation.id, 'bodies', true);
  }
}

const bureauInput = () => ({
  name: 'Bureau fédéral',
  level: 'federation',
  kind: 'bureau',
  federation: w.federation.documentId,
  seatCount: 12,
  parityRequired: true,
  secretariat: secretary.member.documentId,
});

beforeAll(async () => {
  w = await createWorld();
  secretary = await createMember({ federation: w.federation, section: w.sectionA });
});

describe('bodies', () => {
  it('POST /bodies: 401, 403 without role, 403 a member, 403 module off, 400 in French, 403 another federation’s staff, then 201 and audited', async () => {
    expectError(await post('/bodies', undefined, bureauInput()), 401);
    expectError(await post('/bodies', w.outsider.token, bureauInput()), 403);
    expectError(await post('/bodies', w.member.token, bureauInput()), 403);
    await withModuleOff(async () => expectError(await post('/bodies', w.staff.token, bureauInput()), 403, 'Le module « Instances » n’est pas activé pour votre fédération.'));
    const bad = badRequest(await post('/bodies', w.staff.token, { ...bureauInput(), level: 'mondial', seatCount: 0, name: '' }));
    expect(bad).toMatchObject({ level: 'Niveau : « national » (national), « federation » (fédération) ou « section » (section).', seatCount: 'Nombre de sièges : de 1 à 1000.', name: 'Le nom est obligatoire.' });
    // A name of invisible characters alone (zero-width spaces) would show as a blank.
    expect(badRequest(await post('/bodies', w.staff.token, { ...bureauInput(), name: '\u200b\u200b\u200b' })).name).toBe('Le nom est obligatoire.');
    // Without a federation named: the caller's own; an account without one is told to name it.
    expect(badRequest(await post('/bodies', w.national.token, { ...bureauInput(), federation: undefined })).federation).toBe('Une instance fédérale a besoin de sa fédération.');
    expectError(await post('/bodies', w.otherStaff.token, bureauInput()), 403, 'Vous ne gérez pas les instances de ce niveau ou de ce lieu.');
    expectError(await post('/bodies', w.staff.token, { ...bureauInput(), level: 'national' }), 403);
    expect(badRequest(await post('/bodies', w.staff.token, { ...bureauInput(), secretariat: w.otherMember.member.documentId })).secretariat).toMatch(/fédération de l’instance/);
    const res = await post('/bodies', w.staff.token, bureauInput());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    bureau = res.body.data;
    expect(bureau).toMatchObject({ name: 'Bureau fédéral', kindLabel: 'Bureau', seatCount: 12, parityRequired: true, seats: [], may: { manage: true, runSecretariat: true } });
    expect(bureau.secretariat.documentId).toBe(secretary.member.documentId);
    expect((await auditEntriesFor(bureau.documentId))[0]).toMatchObject({ action: 'plugin::bodies.body.create' });
  });

  it('a federal body without a federation named is the staff member’s own federation’s', async () => {
    const res = await post('/bodies', w.staff.token, { ...bureauInput(), name: 'Commission sans fédération nommée', federation: undefined, secretariat: undefined });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await get(`/bodies/${res.body.data.documentId}`, w.staff.token)).status).toBe(200);
    expectError(await get(`/bodies/${res.body.data.documentId}`, w.otherStaff.token), 404, 'Instance introuvable.');
  });

  it('a section secretary creates their section’s bureau, not another section’s nor the federation’s', async () => {
    const input = { name: 'Bureau de section', level: 'section', kind: 'bureau', section: w.sectionB.documentId, seatCount: 5 };
    expectError(await post('/bodies', w.secretary.token, input), 403);
    // Another federation's section looks absent: exactly an unknown section's answer.
    const elsewhere = await post('/bodies', w.secretary.token, { ...input, section: w.otherSection.documentId });
    const unknown = await post('/bodies', w.secretary.token, { ...input, section: 'zzzzzzzzzzzzzzzzzzzzzzzz' });
    expect(badRequest(elsewhere).section).toBe('Section introuvable.');
    expect({ status: elsewhere.status, body: elsewhere.body }).toEqual({ status: unknown.status, body: unknown.body });
    expectError(await post('/bodies', w.secretary.token, bureauInput()), 403);
    const res = await post('/bodies', w.secretary.token, { ...input, section: w.sectionA.documentId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // Members of section B do not see section A's bureau; staff of the federation do.
    expectError(await get(`/bodies/${res.body.data.documentId}`, w.memberB.token), 404, 'Instance introuvable.');
    expect((await get(`/bodies/${res.body.data.documentId}`, w.staff.token)).status).toBe(200);
  });

  it('GET /bodies and /bodies/:id: members of the scope read, another federation’s member finds nothing (404)', async () => {
    expectError(await get('/bodies'), 401);
    const list = await get('/bodies', w.memberB.token);
    expect(list.status).toBe(200);
    expect(list.body.data.map((b: any) => b.name)).toContain('Bureau fédéral');
    expect((await get('/bodies', w.otherMember.token)).body.data.map((b: any) => b.name)).not.toContain('Bureau fédéral');
    expectError(await get(`/bodies/${bureau.documentId}`, w.otherMember.token), 404, 'Instance introuvable.');
    expect(badRequest(await get('/bodies?level=mondial', w.member.token)).level).toMatch(/Niveau/);
    expectError(await get('/bodies/%20', w.member.token), 400);
    await withModuleOff(async () => expectError(await get('/bodies', w.member.token), 403));
  });

  it('PUT /bodies/:id: staff of the federation; 404 another federation’s staff (as unknown), 403 a member', async () => {
    expectError(await put(`/bodies/${bureau.documentId}`, w.member.token, { seatCount: 13 }), 403);
    // Another federation's body looks absent to its staff: exactly an unknown body's answer.
    const elsewhere = await put(`/bodies/${bureau.documentId}`, w.otherStaff.token, { seatCount: 13 });
    const unknown = await put('/bodies/zzzzzzzzzzzzzzzzzzzzzzzz', w.otherStaff.token, { seatCount: 13 });
    expectError(elsewhere, 404, 'Instance introuvable.');
    expect({ status: elsewhere.status, body: elsewhere.body }).toEqual({ status: unknown.status, body: unknown.body });
    expect(badRequest(await put(`/bodies/${bureau.documentId}`, w.staff.token, { level: 'national' }))).toBeDefined();
    const res = await put(`/bodies/${bureau.documentId}`, w.staff.token, { seatCount: 13, absenceAlertAfter: 3 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.seatCount).toBe(13);
  });
});

const seats: Record<string, string> = {};

describe('seats', () => {
  it('POST /bodies/:id/seats: 403 member, 404 another federation’s staff, 400 end before start, 400 outside the scope (another federation’s member: as unknown), 201, then 409 overlap naming the seat; half-open: the next seat may start on the end date', async () => {
    const seat = (member: TestMember, role: string, startOn: string, endOn?: string) => ({ member: member.member.documentId, role, designation: 'elected-congress', startOn, ...(endOn ? { endOn } : {}) });
    expectError(await post(`/bodies/${bureau.documentId}/seats`, undefined, seat(w.member, 'titulaire', daysAgo(400))), 401);
    expectError(await post(`/bodies/${bureau.documentId}/seats`, w.member.token, seat(w.member, 'titulaire', daysAgo(400))), 403);
    expectError(await post(`/bodies/${bureau.documentId}/seats`, w.otherStaff.token, seat(w.member, 'titulaire', daysAgo(400))), 404, 'Instance introuvable.');
    expect(badRequest(await post(`/bodies/${bureau.documentId}/seats`, w.staff.token, seat(w.member, 'titulaire', '2026-03-01', '2026-02-01'))).endOn).toBe('La fin (exclue) vient après le début.');
    expect(badRequest(await post(`/bodies/${bureau.documentId}/seats`, w.staff.token, seat(w.member, 'roi', '2026-03-01'))).role).toMatch(/^Rôle :/);
    // Another federation's member looks absent to the federation's staff (exactly an unknown
    // member's answer); national admins, who read every member, are told why it cannot be.
    const hidden = await post(`/bodies/${bureau.documentId}/seats`, w.staff.token, seat(w.otherMember, 'titulaire', daysAgo(400)));
    const unknown = await post(`/bodies/${bureau.documentId}/seats`, w.staff.token, { ...seat(w.otherMember, 'titulaire', daysAgo(400)), member: 'zzzzzzzzzzzzzzzzzzzzzzzz' });
    expect(badRequest(hidden).member).toBe('Adhérent introuvable.');
    expect({ status: hidden.status, body: hidden.body }).toEqual({ status: unknown.status, body: unknown.body });
    expect(badRequest(await post(`/bodies/${bureau.documentId}/seats`, w.national.token, seat(w.otherMember, 'titulaire', daysAgo(400)))).member).toBe('Cet adhérent ne relève pas du périmètre de cette instance.');
    const first = await post(`/bodies/${bureau.documentId}/seats`, w.staff.token, seat(w.member, 'titulaire', daysAgo(400), daysAgo(100)));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    seats.memberOld = first.body.data.documentId;
    const clash = expectError(await post(`/bodies/${bureau.documentId}/seats`, w.staff.token, seat(w.member, 'titulaire', daysAgo(200))), 409, /chevauche : Titulaire du .* \(exclu\)/);
    expect(clash.details).toEqual({ seat: seats.memberOld });
    // Another role in the same body is another seat.
    expect((await post(`/bodies/${bureau.documentId}/seats`, w.staff.token, seat(w.member, 'tresorier', daysAgo(200)))).status).toBe(201);
    const next = await post(`/bodies/${bureau.documentId}/seats`, w.staff.token, seat(w.member, 'titulaire', daysAgo(100)));
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    seats.member = next.body.data.documentId;
    for (const [key, member, role] of [['memberB', w.memberB, 'suppleant'], ['elected', w.elected, 'titulaire'], ['secretary', secretary, 'secretaire']] as const) {
      const res = await post(`/bodies/${bureau.documentId}/seats`, w.staff.token, seat(member, role, daysAgo(300)));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      seats[key] = res.body.data.documentId;
    }
    const shown = await get(`/bodies/${bureau.documentId}`, w.member.token);
    expect(shown.body.data.seats).toHaveLength(6);
    expect(shown.body.data.seats.filter((s: any) => s.current)).toHaveLength(5);
  });

  it('POST /seats/:id/end: history is only shortened; 409 when it already ends earlier; 400 before the start', async () => {
    const extra = await post(`/bodies/${bureau.documentId}/seats`, w.staff.token, { member: w.commission.member.documentId, role: 'membre', designation: 'co-opted', startOn: daysAgo(50) });
    expect(extra.status).toBe(201);
    expect(badRequest(await post(`/seats/${extra.body.data.documentId}/end`, w.staff.token, { endOn: daysAgo(60) })).endOn).toMatch(/après le début/);
    expectError(await post(`/seats/${extra.body.data.documentId}/end`, w.otherStaff.token, { endOn: daysAgo(10) }), 404, 'Siège introuvable.');
    const ended = await post(`/seats/${extra.body.data.documentId}/end`, w.staff.token, { endOn: daysAgo(10), reason: 'Démission' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body.data.endOn).toBe(daysAgo(10));
    expectError(await post(`/seats/${extra.body.data.documentId}/end`, w.staff.token, { endOn: daysAgo(5) }), 409, 'prend déjà fin');
    expectError(await post('/seats/inconnu000000000000000000/end', w.staff.token, { endOn: daysAgo(5) }), 404);
  });
});

const meetings: Record<string, string> = {};

describe('meetings and attendance', () => {
  it('POST /bodies/:id/meetings: the secretariat plans it; every seat holder is convened (recorded as due)', async () => {
    const input = { startsAt: at(daysAgo(30)), place: 'Siège fédéral, Nîmes', agenda: [{ title: 'Budget' }, { title: 'Campagne d’adhésion' }] };
    expectError(await post(`/bodies/${bureau.documentId}/meetings`, undefined, input), 401);
    expectError(await post(`/bodies/${bureau.documentId}/meetings`, w.member.token, input), 403, 'secrétaire');
    expectError(await post(`/bodies/${bureau.documentId}/meetings`, w.otherStaff.token, input), 404, 'Instance introuvable.');
    expectError(await post(`/bodies/${bureau.documentId}/meetings`, w.otherMember.token, input), 404);
    expect(badRequest(await post(`/bodies/${bureau.documentId}/meetings`, secretary.token, { startsAt: 'demain' })).startsAt).toMatch(/format ISO/);
    expect(badRequest(await post(`/bodies/${bureau.documentId}/meetings`, secretary.token, { startsAt: at(daysAgo(30)) })).place).toBe('Indiquez un lieu ou un lien de visioconférence.');
    expect(badRequest(await post(`/bodies/${bureau.documentId}/meetings`, secretary.token, { startsAt: at(daysAgo(30)), place: '\u200b\u3164' })).place).toBe('Indiquez un lieu ou un lien de visioconférence.');
    expect(badRequest(await post(`/bodies/${bureau.documentId}/meetings`, secretary.token, { startsAt: at(daysAgo(30)), remoteLink: 'javascript:alert(1)' })).remoteLink).toMatch(/https/);
    const res = await post(`/bodies/${bureau.documentId}/meetings`, secretary.token, input);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toMatchObject({ status: 'planned', statusLabel: 'Prévue', convocations: 6, heldOn: daysAgo(30) });
    meetings.past = res.body.data.documentId;
    const later = await post(`/bodies/${bureau.documentId}/meetings`, w.staff.token, { startsAt: at(daysAgo(2)), remoteLink: 'https://visio.example.org/bureau' });
    meetings.later = later.body.data.documentId;
    const future = await post(`/bodies/${bureau.documentId}/meetings`, w.staff.token, { startsAt: at(daysAgo(-20)), place: 'Alès' });
    meetings.future = future.body.data.documentId;
  });

  it('GET /meetings/:id/ics: an ICS file for whoever may read the body', async () => {
    expectError(await get(`/meetings/${meetings.future}/ics`, w.otherMember.token), 404);
    const res = await get(`/meetings/${meetings.future}/ics`, w.memberB.token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/calendar/);
    expect(res.text).toMatch(/BEGIN:VEVENT/);
    expect(res.text).toMatch(/SUMMARY:Bureau fédéral/);
    expect(res.text).toMatch(/LOCATION:Alès/);
  });

  it('PUT /meetings/:id and POST …/status: planned meetings change; a future one cannot be held; held and cancelled are final', async () => {
    const moved = await put(`/meetings/${meetings.future}`, secretary.token, { place: 'Uzès' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.data.place).toBe('Uzès');
    expectError(await post(`/meetings/${meetings.future}/status`, secretary.token, { status: 'held' }), 409, 'à venir');
    expect(badRequest(await post(`/meetings/${meetings.future}/status`, secretary.token, { status: 'planned' })).status).toMatch(/held/);
    expectError(await put(`/meetings/${meetings.past}/attendance`, secretary.token, { rows: [{ seat: seats.member, presence: 'present' }] }), 409, 'tenue');
    const held = await post(`/meetings/${meetings.past}/status`, secretary.token, { status: 'held' });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    // Six seats run that day: four members, the treasurer's seat and a co-opted member since ended.
    expect(held.body.data.sheet).toHaveLength(6);
    expect(held.body.data.sheet.every((r: any) => r.presenceLabel === 'À saisir')).toBe(true);
    expectError(await post(`/meetings/${meetings.past}/status`, secretary.token, { status: 'cancelled' }), 409, 'déjà tenue');
    expect((await post(`/meetings/${meetings.future}/status`, w.staff.token, { status: 'cancelled' })).body.data.status).toBe('cancelled');
    expectError(await put(`/meetings/${meetings.future}`, secretary.token, { place: 'Nîmes' }), 409);
    expect((await post(`/meetings/${meetings.later}/status`, secretary.token, { status: 'held' })).status).toBe(200);
  });

  it('PUT /meetings/:id/attendance: all rows checked before any is written; a seat without a seat that day → 400; substitute rules; then saved', async () => {
    const path = `/meetings/${meetings.past}/attendance`;
    expectError(await put(path, w.member.token, { rows: [{ seat: seats.member, presence: 'present' }] }), 403);
    expectError(await put(path, w.otherStaff.token, { rows: [{ seat: seats.member, presence: 'present' }] }), 404, 'Réunion introuvable.');
    expect(badRequest(await put(path, secretary.token, { rows: [{ seat: seats.member, presence: 'peut-être' }] }))['rows.0.presence']).toMatch(/Présence/);
    // The old seat had ended before the meeting: 400, and the valid first row was not written either.
    const refusal = await put(path, secretary.token, { rows: [{ seat: seats.elected, presence: 'present' }, { seat: seats.memberOld, presence: 'present' }] });
    expect(badRequest(refusal)['rows.1.seat']).toBe('Ce siège n’est pas occupé dans cette instance le jour de la réunion.');
    expect(refusal.body.error.details.errors[0].path).toEqual(['rows', '1', 'seat']); // keys, as the schema's errors give them
    expect((await get(`/meetings/${meetings.past}`, w.member.token)).body.data.sheet.every((r: any) => r.presence === null)).toBe(true);
    expect(badRequest(await put(path, secretary.token, { rows: [{ seat: seats.elected, presence: 'present', substituteFor: seats.member }] }))['rows.0.substituteFor']).toMatch(/suppléant/);
    expect(badRequest(await put(path, secretary.token, { rows: [{ seat: seats.memberB, presence: 'present', substituteFor: seats.secretary }] }))['rows.0.substituteFor']).toMatch(/titulaire/);
    // The same seat twice: 400 naming the row it repeats (the last row does not win silently).
    expect(badRequest(await put(path, secretary.token, { rows: [{ seat: seats.elected, presence: 'present' }, { seat: seats.secretary, presence: 'present' }, { seat: seats.elected, presence: 'absent' }] }))['rows.2.seat'])
      .toBe('Ce siège figure déjà à la ligne 1 de la feuille : une seule ligne par siège.');
    // Nobody stands in for a titular who is there.
    expect(badRequest(await put(path, secretary.token, { rows: [{ seat: seats.member, presence: 'present' }, { seat: seats.memberB, presence: 'present', substituteFor: seats.member }] }))['rows.1.substituteFor'])
      .toBe('Le ou la titulaire de ce siège est présent·e (ou à distance) sur la feuille : personne ne le ou la remplace.');
    expect((await get(`/meetings/${meetings.past}`, w.member.token)).body.data.sheet.every((r: any) => r.presence === null)).toBe(true);
    const res = await put(path, secretary.token, {
      rows: [
        { seat: seats.member, presence: 'absent' },
        { seat: seats.memberB, presence: 'present', substituteFor: seats.member },
        { seat: seats.elected, presence: 'remote', arrivedLate: true },
        { seat: seats.secretary, presence: 'present' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const line = (seat: string) => res.body.data.sheet.find((r: any) => r.seat === seat);
    expect(line(seats.member)).toMatchObject({ presence: 'absent', replaced: true });
    expect(line(seats.memberB)).toMatchObject({ presence: 'present', substituteFor: seats.member });
    expect(line(seats.elected)).toMatchObject({ presence: 'remote', arrivedLate: true });
    expect(res.body.data.sheet.filter((r: any) => r.presenceLabel === 'À saisir')).toHaveLength(2);
    expect((await auditEntriesFor(meetings.past))[0]).toMatchObject({ action: 'plugin::bodies.attendance.mark' });
    // The titular marked present later, while the suppléant's stored row still stands in for them: 400.
    expect(badRequest(await put(path, secretary.token, { rows: [{ seat: seats.member, presence: 'remote' }] }))['rows.0.presence'])
      .toBe('Un·e suppléant·e remplace ce ou cette titulaire sur la feuille : retirez d’abord le remplacement pour le ou la marquer présent·e.');
    expect((await get(`/meetings/${meetings.past}`, w.member.token)).body.data.sheet.find((r: any) => r.seat === seats.member)).toMatchObject({ presence: 'absent', replaced: true });
  });
});

let minutesId: string;

describe('minutes', () => {
  const draft = {
    summary: 'Le bureau a adopté le budget.',
    items: [
      { title: 'Budget 2026', discussion: 'Débat nourri.', decisions: [{ text: 'Budget adopté', votesFor: 3, votesAgainst: 1, abstentions: 1 }] },
      { title: 'Situation d’un adhérent', discussion: 'Huis clos.', confidential: true },
    ],
  };

  it('draft → approved at a later meeting (frozen) → published; confidential items stay with the body; corrections are new versions', async () => {
    const path = `/meetings/${meetings.past}/minutes`;
    expectError(await put(path, w.member.token, draft), 403);
    expectError(await put(`/meetings/${meetings.future}/minutes`, secretary.token, draft), 409, 'réunion tenue');
    expect(badRequest(await put(path, secretary.token, { items: [{ title: '' }] }))['items.0.title']).toBe('Le sujet est obligatoire.');
    // Five could vote (present: 2, remote: 1, « à saisir »: 2; the titular stood in for is not counted twice): six votes are a 400.
    const tooMany = { ...draft, items: [{ ...draft.items[0], decisions: [{ text: 'Budget adopté', votesFor: 4, votesAgainst: 1, abstentions: 1 }] }] };
    expect(badRequest(await put(path, secretary.token, tooMany))['items.0.decisions.0.votesFor'])
      .toBe('Cette décision compte 6 voix (pour, contre et abstentions) : 5 membres au plus ont pu voter à cette réunion (présents, à distance ou pas encore saisis sur la feuille de présence).');
    expect(badRequest(await put(path, secretary.token, { items: [{ title: 'Budget', decisions: [{ text: 'Budget adopté', votesFor: 100000 }] }] }))['items.0.decisions.0.votesFor']).toMatch(/100000 voix/);
    const saved = await put(path, secretary.token, draft);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.data).toMatchObject({ version: 1, status: 'draft' });
    minutesId = saved.body.data.documentId;
    // Members read nothing until published.
    expect((await get(path, w.memberB.token)).body.data.versions).toEqual([]);
    expect(badRequest(await post(`/minutes/${minutesId}/approve`, secretary.token, { atMeeting: meetings.past })).atMeeting).toMatch(/ultérieure/);
    expectError(await post(`/minutes/${minutesId}/approve`, w.member.token, { atMeeting: meetings.later }), 403);
    expectError(await post(`/minutes/${minutesId}/publish`, secretary.token), 409, 'approuvé avant');
    const approved = await post(`/minutes/${minutesId}/approve`, secretary.token, { atMeeting: meetings.later });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'approved', approvedOn: daysAgo(2) });
    expectError(await put(path, secretary.token, draft), 409, 'créez une nouvelle version');
    expect((await post(`/minutes/${minutesId}/publish`, secretary.token)).body.data.status).toBe('published');
    const read = await get(path, w.otherMember.token);
    expectError(read, 404);
    const member = (await get(path, w.member.token)).body.data; // w.member sits in the bureau
    expect(member.versions[0].items.map((i: any) => i.title)).toEqual(['Budget 2026', 'Situation d’un adhérent']);
    const outsiderOfBody = (await get(path, w.secretary.token)).body.data; // in the Gard, never in the bureau
    expect(outsiderOfBody.versions[0].items.map((i: any) => i.title)).toEqual(['Budget 2026']);
    expect(JSON.stringify(outsiderOfBody)).not.toMatch(/Huis clos/);
    expect(outsiderOfBody.sheet).toHaveLength(6);
    const correction = await post(`/minutes/${minutesId}/versions`, secretary.token);
    expect(correction.status, JSON.stringify(correction.body)).toBe(201);
    expect(correction.body.data).toMatchObject({ version: 2, status: 'draft' });
    expectError(await post(`/minutes/${minutesId}/versions`, secretary.token), 409, 'brouillon');
    const secretariatView = (await get(path, secretary.token)).body.data;
    expect(secretariatView.versions.map((v: any) => [v.version, v.status])).toEqual([[2, 'draft'], [1, 'published']]);
  });

  it('the sheet and the minutes stay consistent: no sheet with fewer possible voters than a decision counts votes; approval judges again', async () => {
    // Version 2 (a draft copying version 1) counts 5 votes; 5 could vote (present 2, remote 1, « à saisir » 2).
    const sheet = (await get(`/meetings/${meetings.past}`, secretary.token)).body.data.sheet as any[];
    const pending = sheet.filter((r) => r.presence === null && !r.replaced).map((r) => r.seat);
    expect(pending).toHaveLength(2);
    const refused = await put(`/meetings/${meetings.past}/attendance`, secretary.token, { rows: [{ seat: pending[0], presence: 'absent' }] });
    expectError(refused, 409, 'Avec cette feuille de présence, 4 membres au plus ont pu voter à cette réunion, mais la décision 1 du point 1 du procès-verbal (version 2) compte 5 voix : corrigez d’abord ce brouillon.');
    expect((await get(`/meetings/${meetings.past}`, secretary.token)).body.data.sheet.find((r: any) => r.seat === pending[0]).presence).toBeNull();
    // A sheet changed behind the draft's back (data written before the rule): the approval refuses it.
    const strapi = await bootStrapi();
    const meeting = await strapi.db.query('plugin::bodies.meeting').findOne({ where: { documentId: meetings.past }, select: ['id'] });
    const seatIds = (await strapi.db.query('plugin::bodies.seat').findMany({ where: { documentId: { $in: pending } }, select: ['id'] })).map((s: any) => s.id);
    const sheetRows = () => strapi.db.connection('bodies_attendance').where('meeting_id', meeting.id).whereIn('seat_id', seatIds);
    await sheetRows().update({ presence: 'absent' });
    try {
      const draftId = (await get(`/meetings/${meetings.past}/minutes`, secretary.token)).body.data.versions[0].documentId;
      expectError(await post(`/minutes/${draftId}/approve`, secretary.token, { atMeeting: meetings.later }), 409,
        'La décision 1 du point 1 compte 5 voix, mais selon la feuille de présence 3 membres au plus ont pu voter à cette réunion : corrigez le brouillon ou la feuille avant de l’approuver.');
    } finally {
      await sheetRows().update({ presence: null });
    }
    // Marking a pending seat present keeps the count: accepted.
    expect((await put(`/meetings/${meetings.past}/attendance`, secretary.token, { rows: [{ seat: pending[0], presence: 'present' }] })).status).toBe(200);
    expect((await put(`/meetings/${meetings.past}/attendance`, secretary.token, { rows: [{ seat: pending[0], presence: null }] })).status).toBe(200);
  });

  it('a sheet and a draft saved at once cannot both pass the votes check against the other’s old state (the meeting’s hold)', async () => {
    const sheetPath = `/meetings/${meetings.past}/attendance`;
    const minutesPath = `/meetings/${meetings.past}/minutes`;
    const pending = ((await get(`/meetings/${meetings.past}`, secretary.token)).body.data.sheet as any[]).filter((r) => r.presence === null && !r.replaced).map((r) => r.seat);
    const withVotes = (votesFor: number) => ({ ...draft, items: [{ ...draft.items[0], decisions: [{ text: 'Budget adopté', votesFor, votesAgainst: 1, abstentions: 1 }] }] });
    try {
      for (let attempt = 0; attempt < 6; attempt++) {
        // From 4 votes and 5 possible voters: a draft counting 5, and a sheet leaving 4, each fine alone.
        expect((await put(minutesPath, secretary.token, withVotes(2))).status).toBe(200);
        const [minutes, sheet] = await Promise.all([
          put(minutesPath, secretary.token, withVotes(3)),
          put(sheetPath, secretary.token, { rows: [{ seat: pending[0], presence: 'absent' }] }),
        ]);
        // Whichever came first stands; the other is refused, and the two never both pass.
        expect([minutes.status, sheet.status].sort()).toEqual(minutes.status === 200 ? [200, 409] : [200, 400]);
        if (minutes.status === 200) expect(sheet.body.error.message).toMatch(/^Avec cette feuille de présence, 4 membres au plus ont pu voter/);
        else expect(badRequest(minutes)['items.0.decisions.0.votesFor']).toMatch(/5 voix .* 4 membres au plus/);
        // Back to the start: the seat « à saisir » again.
        expect((await put(sheetPath, secretary.token, { rows: [{ seat: pending[0], presence: null }] })).status).toBe(200);
      }
    } finally {
      // As the tests after this one expect it: the seat « à saisir », the draft as copied (5 votes).
      await put(sheetPath, secretary.token, { rows: [{ seat: pending[0], presence: null }] });
      await put(minutesPath, secretary.token, draft);
    }
  });
});

describe('indicators', () => {
  it('GET /bodies/:id/indicators: members of the scope see each seat holder’s; the secretariat sees the alerts; 404 elsewhere', async () => {
    expectError(await get(`/bodies/${bureau.documentId}/indicators`), 401);
    expectError(await get(`/bodies/${bureau.documentId}/indicators`, w.otherMember.token), 404);
    expect(badRequest(await get(`/bodies/${bureau.documentId}/indicators?from=2026-05-01&to=2026-01-01`, w.member.token)).to).toMatch(/après son début/);
    const res = await get(`/bodies/${bureau.documentId}/indicators`, w.memberB.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const bySeat = (seat: string) => res.body.data.seats.find((s: any) => s.seat === seat);
    // Replaced by the substitute: excused, nothing counted yet.
    expect(bySeat(seats.member)).toMatchObject({ excused: 1, rate: null, rateLabel: '—' });
    expect(bySeat(seats.memberB)).toMatchObject({ present: 1, rate: 1, rateLabel: '100\u00a0%' });
    expect(bySeat(seats.elected)).toMatchObject({ remote: 1, rate: 1 });
    expect(res.body.data.alerts).toEqual([]);
    // The absence runs and alerts are the secretariat's: not on a member's seat lines.
    for (const token of [w.memberB.token, w.member.token]) {
      const lines = (await get(`/bodies/${bureau.documentId}/indicators`, token)).body.data.seats;
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) {
        expect(l).not.toHaveProperty('streak');
        expect(l).not.toHaveProperty('alert');
      }
    }
    const forSecretariat = (await get(`/bodies/${bureau.documentId}/indicators`, secretary.token)).body.data.seats;
    expect(forSecretariat.find((s: any) => s.seat === seats.member)).toMatchObject({ streak: 0, alert: false });
  });

  it('GET /me/indicators: a member’s own seats and history; GET /me: bodies, next meetings, minutes to read', async () => {
    const mine = await get('/me/indicators', w.member.token);
    expect(mine.status).toBe(200);
    expect(mine.body.data.seats.map((s: any) => s.roleLabel).sort()).toEqual(['Titulaire', 'Titulaire', 'Trésorier·e']);
    const current = mine.body.data.seats.find((s: any) => s.seat === seats.member);
    expect(current.history.find((h: any) => h.meeting === meetings.past)).toMatchObject({ presence: 'absent', replaced: true });
    expect(current.history.find((h: any) => h.meeting === meetings.later)).toMatchObject({ presence: null, presenceLabel: 'À saisir' });
    const home = await get('/me', w.member.token);
    expect(home.status).toBe(200);
    expect(home.body.data.bodies.map((b: any) => b.name)).toContain('Bureau fédéral');
    expect(home.body.data.minutesToRead[0]).toMatchObject({ bodyName: 'Bureau fédéral', version: 1 });
    expect((await get('/me', w.otherMember.token)).body.data.minutesToRead).toEqual([]);
  });

  it('GET /federations/:id/indicators: staff of the federation and national admins; 403 member, another federation’s staff', async () => {
    const path = `/federations/${w.federation.documentId}/indicators`;
    expectError(await get(path, w.member.token), 403);
    expectError(await get(path, w.otherStaff.token), 403);
    expectError(await get('/federations/inconnue00000000000000000/indicators', w.staff.token), 404);
    const res = await get(path, w.staff.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.seats.length).toBeGreaterThanOrEqual(4);
    expect((await get(path, w.national.token)).status).toBe(200);
  });
});

describe('minutes in the search', () => {
  /** The `minutes` hits of this run's meeting a reader finds for these words (after the indexer drained), as their titles. */
  const minutesHits = async (token: string, q: string) => {
    const strapi = await bootStrapi();
    await strapi.plugin('search').service('indexer').drain();
    const res = await (await api()).get('/api/search').query({ q }).set(bearer(token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.data as any[]).filter((h) => h.type === 'minutes' && h.link === `/instances/reunions/${meetings.past}`).map((h) => h.title as string);
  };

  it('published minutes are found by the members of the body’s scope, not by another federation; confidential words never', async () => {
    const [title] = await minutesHits(w.member.token, 'budget adopté');
    expect(title).toMatch(/^Bureau fédéral — réunion du (1er|\d{1,2}) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}$/);
    // A member of the Gard who sits in no body reads the federation's minutes too.
    expect(await minutesHits(w.secretary.token, 'budget adopté')).toEqual([title]);
    expect(await minutesHits(w.otherMember.token, 'budget adopté')).toEqual([]);
    expect(await minutesHits(w.otherStaff.token, 'budget adopté')).toEqual([]);
    // The confidential item's title and debate stay out of the index, even for the body's own members and staff.
    for (const token of [w.member.token, w.staff.token, secretary.token]) {
      expect(await minutesHits(token, 'huis clos')).toEqual([]);
      expect(await minutesHits(token, 'situation adhérent')).toEqual([]);
    }
  });

  it('a corrected version, once published, replaces the one it corrects in the index (the history stays readable)', async () => {
    const path = `/meetings/${meetings.past}/minutes`;
    const draft = (await get(path, secretary.token)).body.data.versions[0];
    expect(draft).toMatchObject({ version: 2, status: 'draft' });
    const saved = await put(path, secretary.token, { summary: 'Le bureau a adopté le budget rectificatif.', items: [{ title: 'Budget 2026', decisions: [{ text: 'Budget adopté', votesFor: 4, votesAgainst: 1, abstentions: 0 }] }] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await post(`/minutes/${draft.documentId}/approve`, secretary.token, { atMeeting: meetings.later })).status).toBe(200);
    const [before] = await minutesHits(w.member.token, 'budget adopté');
    expect(before).not.toMatch(/version 2/); // the first version is still the one found until the second is published
    expect((await post(`/minutes/${draft.documentId}/publish`, secretary.token)).status).toBe(200);
    const after = await minutesHits(w.member.token, 'budget adopté');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/\(version 2\)$/);
    expect(await minutesHits(w.member.token, 'rectificatif')).toEqual(after);
    expect((await get(path, w.member.token)).body.data.versions.map((v: any) => v.version)).toEqual([2, 1]);
  });
});

/**
 * Every route of « Instances » (server/src/routes/index.ts), one row each: anonymous 401, the
 * module off 403 with its French message, another federation 403 (a write) or 404 (what one may
 * not see; lists simply hold nothing of ours) — and beside them the same call by someone
 * entitled, which must succeed, so a refusal cannot come from a broken call. Rows run in order:
 * the successful calls build on each other (a seat designated then ended, minutes saved,
 * approved, published, corrected).
 */
describe('every route’s refusals, beside its success', () => {
  const f: Record<string, string> = {};
  let holder: TestMember; // holds a seat in the test body
  let clerk: TestMember; // runs its secretariat
  const year = new Date().getFullYear();
  const MODULE_OFF = 'Le module « Instances » n’est pas activé pour votre fédération.';

  beforeAll(async () => {
    holder = await createMember({ federation: w.federation, section: w.sectionB });
    clerk = await createMember({ federation: w.federation, section: w.sectionB });
    const body = await post('/bodies', w.staff.token, { name: 'Commission des refus', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 5, secretariat: clerk.member.documentId });
    expect(body.status, JSON.stringify(body.body)).toBe(201);
    f.body = body.body.data.documentId;
    const seat = await post(`/bodies/${f.body}/seats`, w.staff.token, { member: holder.member.documentId, role: 'titulaire', designation: 'elected-council', startOn: daysAgo(300) });
    expect(seat.status, JSON.stringify(seat.body)).toBe(201);
    for (const [key, day] of [['held', 20], ['toHold', 10], ['planned', -30]] as const) {
      const m = await post(`/bodies/${f.body}/meetings`, clerk.token, { startsAt: at(daysAgo(day)), place: 'Nîmes' });
      expect(m.status, JSON.stringify(m.body)).toBe(201);
      f[key] = m.body.data.documentId;
    }
    expect((await post(`/meetings/${f.held}/status`, clerk.token, { status: 'held' })).status).toBe(200);
    f.seat = seat.body.data.documentId;
    const term = await (await api()).post('/api/skills/terms').set(bearer(w.national.token)).send({ label: `Trésorerie ${w.federation.departmentCode}`, kind: 'skill' });
    expect(term.status, JSON.stringify(term.body)).toBe(201);
    f.skill = term.body.data.slug;
  });

  type Method = 'get' | 'post' | 'put';
  interface Row {
    route: string;
    method: Method;
    path: () => string;
    body?: () => object;
    /** Who succeeds, and with which status. */
    by: () => TestMember;
    ok: number;
    /** Someone of the other federation: refused with this status, or (lists) answered with nothing of ours. */
    other: { who: () => TestMember; status: 403 | 404 } | { who: () => TestMember; lists: true };
    then?: (res: any) => void;
  }
  const staff = () => w.staff;
  const member = () => holder;
  const secretariat = () => clerk;
  const otherStaff = () => w.otherStaff;
  const otherMember = () => w.otherMember;
  const rows: Row[] = [
    { route: 'GET /me', method: 'get', path: () => '/me', by: member, ok: 200, other: { who: otherMember, lists: true } },
    { route: 'GET /me/indicators', method: 'get', path: () => '/me/indicators', by: member, ok: 200, other: { who: otherMember, lists: true } },
    { route: 'GET /bodies', method: 'get', path: () => '/bodies', by: member, ok: 200, other: { who: otherStaff, lists: true } },
    {
      route: 'POST /bodies',
      method: 'post',
      path: () => '/bodies',
      body: () => ({ name: 'Commission des refus (bis)', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 3 }),
      by: staff,
      ok: 201,
      other: { who: otherStaff, status: 403 }, // every member lists the federations
    },
    { route: 'GET /bodies/:id', method: 'get', path: () => `/bodies/${f.body}`, by: member, ok: 200, other: { who: otherMember, status: 404 } },
    { route: 'PUT /bodies/:id', method: 'put', path: () => `/bodies/${f.body}`, body: () => ({ seatCount: 6 }), by: staff, ok: 200, other: { who: otherStaff, status: 404 } },
    {
      route: 'POST /bodies/:id/seats',
      method: 'post',
      path: () => `/bodies/${f.body}/seats`,
      body: () => ({ member: w.memberB.member.documentId, role: 'membre', designation: 'co-opted', startOn: daysAgo(100) }),
      by: staff,
      ok: 201,
      other: { who: otherStaff, status: 404 },
      then: (res) => (f.extraSeat = res.body.data.documentId),
    },
    { route: 'POST /seats/:id/end', method: 'post', path: () => `/seats/${f.extraSeat}/end`, body: () => ({ endOn: daysAgo(5) }), by: staff, ok: 200, other: { who: otherStaff, status: 404 } },
    { route: 'GET /bodies/:id/meetings', method: 'get', path: () => `/bodies/${f.body}/meetings`, by: member, ok: 200, other: { who: otherMember, status: 404 } },
    {
      route: 'POST /bodies/:id/meetings',
      method: 'post',
      path: () => `/bodies/${f.body}/meetings`,
      body: () => ({ startsAt: at(daysAgo(-60)), remoteLink: 'https://visio.example.org/refus' }),
      by: secretariat,
      ok: 201,
      other: { who: otherStaff, status: 404 },
    },
    { route: 'GET /bodies/:id/indicators', method: 'get', path: () => `/bodies/${f.body}/indicators`, by: member, ok: 200, other: { who: otherMember, status: 404 } },
    { route: 'GET /bodies/:id/report', method: 'get', path: () => `/bodies/${f.body}/report?year=${year}`, by: member, ok: 200, other: { who: otherMember, status: 404 } },
    { route: 'GET /bodies/:id/report.csv', method: 'get', path: () => `/bodies/${f.body}/report.csv?year=${year}`, by: secretariat, ok: 200, other: { who: otherStaff, status: 404 } },
    { route: 'GET /bodies/:id/report.pdf', method: 'get', path: () => `/bodies/${f.body}/report.pdf?year=${year}`, by: staff, ok: 200, other: { who: otherStaff, status: 404 } },
    { route: 'GET /bodies/:id/composition', method: 'get', path: () => `/bodies/${f.body}/composition`, by: staff, ok: 200, other: { who: otherStaff, status: 404 } }, // reads of a body out of reach: 404
    { route: 'POST /bodies/:id/skill-suggestions', method: 'post', path: () => `/bodies/${f.body}/skill-suggestions`, body: () => ({ skill: f.skill }), by: staff, ok: 200, other: { who: otherStaff, status: 404 } },
    { route: 'GET /federations/:id/indicators', method: 'get', path: () => `/federations/${w.federation.documentId}/indicators`, by: staff, ok: 200, other: { who: otherStaff, status: 403 } }, // every member lists the federations
    { route: 'GET /meetings/:id', method: 'get', path: () => `/meetings/${f.held}`, by: member, ok: 200, other: { who: otherMember, status: 404 } },
    { route: 'PUT /meetings/:id', method: 'put', path: () => `/meetings/${f.planned}`, body: () => ({ place: 'Alès' }), by: secretariat, ok: 200, other: { who: otherStaff, status: 404 } },
    { route: 'POST /meetings/:id/status', method: 'post', path: () => `/meetings/${f.toHold}/status`, body: () => ({ status: 'held' }), by: secretariat, ok: 200, other: { who: otherStaff, status: 404 } },
    { route: 'GET /meetings/:id/ics', method: 'get', path: () => `/meetings/${f.planned}/ics`, by: member, ok: 200, other: { who: otherMember, status: 404 } },
    {
      route: 'PUT /meetings/:id/attendance',
      method: 'put',
      path: () => `/meetings/${f.held}/attendance`,
      body: () => ({ rows: [{ seat: f.seat, presence: 'present' }] }),
      by: secretariat,
      ok: 200,
      other: { who: otherStaff, status: 404 },
    },
    { route: 'GET /meetings/:id/minutes', method: 'get', path: () => `/meetings/${f.held}/minutes`, by: member, ok: 200, other: { who: otherMember, status: 404 } },
    {
      route: 'PUT /meetings/:id/minutes',
      method: 'put',
      path: () => `/meetings/${f.held}/minutes`,
      body: () => ({ summary: 'Revue des refus.', items: [{ title: 'Point unique' }] }),
      by: secretariat,
      ok: 200,
      other: { who: otherStaff, status: 404 },
      then: (res) => (f.minutes = res.body.data.documentId),
    },
    { route: 'POST /minutes/:id/approve', method: 'post', path: () => `/minutes/${f.minutes}/approve`, body: () => ({ atMeeting: f.toHold }), by: secretariat, ok: 200, other: { who: otherStaff, status: 404 } },
    { route: 'POST /minutes/:id/publish', method: 'post', path: () => `/minutes/${f.minutes}/publish`, by: secretariat, ok: 200, other: { who: otherStaff, status: 404 } },
    { route: 'POST /minutes/:id/versions', method: 'post', path: () => `/minutes/${f.minutes}/versions`, by: secretariat, ok: 201, other: { who: otherStaff, status: 404 } },
  ];

  it('the table lists every route of the plugin', async () => {
    const strapi = await bootStrapi();
    const { routes: routers } = strapi.plugin('bodies');
    if (Array.isArray(routers)) throw new Error('bodies declares its routes by router (content-api), not as one list');
    const declared = routers['content-api'].routes.map((r) => `${r.method} ${r.path}`).sort();
    expect(rows.map((r) => r.route).sort()).toEqual(declared);
  });

  it.each(rows)('$route: 401 anonymous, 403 module off, other federation refused or shown nothing, then success', async (row) => {
    const call = (token?: string) => send(row.method, row.path(), token, row.body?.() ?? (row.method === 'get' ? undefined : {}));
    expectError(await call(), 401);
    await withModuleOff(async () => expectError(await call(row.by().token), 403, MODULE_OFF));
    if ('lists' in row.other) {
      const res = await call(row.other.who().token);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(f.body);
    } else {
      const refused = await call(row.other.who().token);
      expectError(refused, row.other.status);
      // Out of reach looks absent: exactly the answer to an unknown id in the same place.
      if (row.other.status === 404) {
        expect(refused.body.error.message).toMatch(/ introuvable\.$/);
        const unknownPath = row.path().replace(/\/[a-z0-9]{24}(?=\/|$)/, '/zzzzzzzzzzzzzzzzzzzzzzzz');
        expect(unknownPath).not.toBe(row.path());
        const unknown = await send(row.method, unknownPath, row.other.who().token, row.body?.() ?? (row.method === 'get' ? undefined : {}));
        expect({ status: refused.status, body: refused.body }).toEqual({ status: unknown.status, body: unknown.body });
      }
    }
    const res = await call(row.by().token);
    expect(res.status, JSON.stringify(res.body)).toBe(row.ok);
    if ('lists' in row.other && row.route !== 'GET /me/indicators') expect(JSON.stringify(res.body)).toContain(f.body);
    row.then?.(res);
  });
});
