import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createFederation, createMember, createWorld, thisYear, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';

/**
 * `GET /api/consultations/:id/similar?text=`: while a member writes a contribution, the
 * titles of those already saying the same. Titles only (no author, no text), nothing
 * withdrawn or hidden, only to members who may contribute, only during the contributions.
 */
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
let w: World;
let switchedOff: TestMember;
let unpaid: TestMember;
let id: string;
let mine: string;
let withdrawn: string;
let hidden: string;

const calendar = () => ({
  opensAt: at(-1),
  phases: { contribution: { endsAt: at(10) }, analysis: { endsAt: at(20) }, evaluation: { endsAt: at(30) }, vote: { endsAt: at(40) } },
});
const similar = (text: string, extra = '') => `/api/consultations/${id}/similar?text=${encodeURIComponent(text)}${extra}`;

beforeAll(async () => {
  w = await createWorld();
  const strapi = await bootStrapi();
  await strapi.plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
  await strapi.plugin('modules').service('switches').set(w.other.id, 'consultations', true);
  switchedOff = await createMember({ federation: await createFederation() }); // the module's default: off
  unpaid = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [thisYear() - 1] });
  const http = await api();
  const created = await http.post('/api/consultations').set(bearer(w.staff.token)).send({ title: 'Transports du Gard', audience: 'federation', ...calendar() });
  id = created.body.data.documentId;
  await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'draft' });
  const contribute = async (token: string, title: string, body: string) =>
    (await http.post(`/api/consultations/${id}/contributions`).set(bearer(token)).send({ title, body })).body.data.documentId as string;
  mine = await contribute(w.member.token, 'Gratuité des bus', 'Des bus gratuits pour les jeunes dans l’agglomération.');
  await contribute(w.memberB.token, 'Transports en commun gratuits', 'La gratuité des transports en commun et des bus.');
  await contribute(w.memberB.token, 'Un journal interne', 'Une lettre d’information mensuelle pour les adhérents.');
  withdrawn = await contribute(w.memberB.token, 'Bus gratuits le dimanche', 'Des bus gratuits le dimanche.');
  await http.post(`/api/consultations/${id}/contributions/${withdrawn}/withdraw`).set(bearer(w.memberB.token));
  hidden = await contribute(w.elected.token, 'Bus gratuits, vite !', 'Les bus gratuits tout de suite, injures comprises.');
  await http.post(`/api/consultations/${id}/contributions/${hidden}/moderation`).set(bearer(w.staff.token)).send({ hidden: true, reason: 'Propos injurieux' });
});

describe('similar contributions for a member writing one', () => {
  it('refuses anonymous callers (401), accounts without a role (403), a federation with the module off (403)', async () => {
    const http = await api();
    expectError(await http.get(similar('bus gratuits')), 401);
    expectError(await http.get(similar('bus gratuits')).set(bearer(w.outsider.token)), 403);
    expectError(await http.get(similar('bus gratuits')).set(bearer(switchedOff.token)), 403, 'Le module « Consultations » n’est pas activé pour votre fédération.');
  });

  it('another federation’s members and staff: the consultation looks absent (404, as every consultation route)', async () => {
    const http = await api();
    expectError(await http.get(similar('bus gratuits')).set(bearer(w.otherMember.token)), 404, 'Consultation introuvable.');
    expectError(await http.get(similar('bus gratuits')).set(bearer(w.otherStaff.token)), 404, 'Consultation introuvable.');
  });

  it('refuses members who may not contribute, with the reason (403)', async () => {
    const http = await api();
    expectError(await http.get(similar('bus gratuits')).set(bearer(unpaid.token)), 403, `cotisation ${thisYear()} non réglée`);
  });

  it('answers 400 with French messages for bad input', async () => {
    const http = await api();
    const base = `/api/consultations/${id}/similar`;
    expect(badRequest(await http.get(base).set(bearer(w.member.token)))).toMatchObject({ text: 'Le texte est obligatoire.' });
    expect(badRequest(await http.get(`${base}?text=ab`).set(bearer(w.member.token)))).toMatchObject({ text: 'Le texte : 3 caractères au moins.' });
    expect(badRequest(await http.get(similar('x'.repeat(1001))).set(bearer(w.member.token)))).toMatchObject({ text: 'Le texte : 1000 caractères au plus.' });
    expect(badRequest(await http.get(similar('bus', '&except=pas%20un%20id')).set(bearer(w.member.token)))).toMatchObject({ except: 'La contribution modifiée : identifiant invalide.' });
    expectError(await http.get(similar('bus', '&author=1')).set(bearer(w.member.token)), 400);
  });

  it('has the typo correction’s French dictionary loaded at boot by a worker thread, not by the first request', async () => {
    const grouping = (await bootStrapi()).plugin('consultations').service('grouping');
    // The bootstrap started it (`not loaded` otherwise); waiting here only lets a slow machine finish (the same promise).
    expect(['loading', 'worker']).toContain(grouping.dictionaryState());
    const { loaded, size } = await grouping.preloadDictionary();
    expect(loaded).toBe('worker');
    expect(size.words).toBeGreaterThan(250_000);
    // A text with a near-miss of a vocabulary word (« cotisaton »): the correction consults the dictionary already there.
    const res = await (await api()).get(similar('Baisser la cotisaton des jeunes')).set(bearer(w.member.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await grouping.preloadDictionary()).toEqual({ loaded: 'worker', size });
  });

  it('gives the titles closest to the text, the member’s own marked, nothing withdrawn or hidden, no author or text', async () => {
    const http = await api();
    const before = await (await bootStrapi()).db.connection('audit_log').count({ n: '*' });
    const res = await http.get(similar('Des bus gratuits')).set(bearer(w.memberB.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const titles = res.body.data.map((x: any) => x.title);
    expect(titles).toEqual(expect.arrayContaining(['Gratuité des bus', 'Transports en commun gratuits']));
    expect(titles).not.toContain('Bus gratuits le dimanche'); // withdrawn
    expect(titles).not.toContain('Bus gratuits, vite !'); // hidden by moderation
    expect(titles).not.toContain('Un journal interne'); // unrelated
    for (const item of res.body.data) expect(Object.keys(item).sort()).toEqual(['mine', 'title']);
    expect(res.body.data.find((x: any) => x.title === 'Transports en commun gratuits').mine).toBe(true);
    expect(res.body.data.find((x: any) => x.title === 'Gratuité des bus').mine).toBe(false);
    // Reads never write (the read monitor watches every GET too).
    expect(await (await bootStrapi()).db.connection('audit_log').count({ n: '*' })).toEqual(before);
  });

  it('leaves out the contribution being edited', async () => {
    const http = await api();
    const res = await http.get(similar('Gratuité des bus', `&except=${mine}`)).set(bearer(w.member.token));
    expect(res.status).toBe(200);
    expect(res.body.data.map((x: any) => x.title)).not.toContain('Gratuité des bus');
  });

  it('answers only during the contributions (403 after)', async () => {
    const http = await api();
    expect((await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'contribution' })).status).toBe(200);
    expectError(await http.get(similar('bus gratuits')).set(bearer(w.member.token)), 403, 'pendant la phase « Contributions »');
  });
});
