import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createWorld, type World } from '../../../tests/support/factories';
import { adminToken, federationStaffRole, superAdminRole } from '../../../tests/support/admin';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { VOCABULARY_SEED } from '../server/src/domain/vocabulary-seed';
import { advance, contribute, openConsultation } from './support/consultations';

/**
 * Grouping suggestions through the workbench and the API: « add to proposal » learnt from
 * the proposals formed so far, rejected in one click and never suggested again; the index
 * kept per consultation and checked against the database; the vocabulary in the database,
 * national only.
 */
const CONCEPT = 'plugin::consultations.grouping-concept';
let w: World;
let staff: string;
let otherStaff: string;
let national: string;
let id: string;
const c: Record<string, string> = {};
const proposals: Record<string, string> = {};

beforeAll(async () => {
  w = await createWorld();
  await (await bootStrapi()).plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
  const code = w.federation.departmentCode.toLowerCase();
  staff = await adminToken(`regroupement.${code}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
  otherStaff = await adminToken(`regroupement.autre.${code}@admin.test`, [await federationStaffRole(w.other.departmentCode)]);
  national = await adminToken(`regroupement.national.${code}@admin.test`, [await superAdminRole()]);
  id = await openConsultation(w.staff);
  c.dues = await contribute(w.member, id, 'Cotisation annuelle', 'Payer sa cotisation une fois par an, simplement.');
  c.card = await contribute(w.memberB, id, 'Carte à jour', 'Reprendre sa carte du parti chaque année, sans rattrapage.');
  c.presence = await contribute(w.elected, id, 'Assiduité des élus', 'Publier la présence des élus aux séances du conseil.');
  c.absent = await contribute(w.secretary, id, 'Absentéisme', 'Sanctionner l’absentéisme des élus au conseil municipal.');
  c.thanks = await contribute(w.member, id, 'Merci', 'Bon courage à toutes et à tous.');
  c.news = await contribute(w.memberB, id, 'Bulletin', 'Un bulletin imprimé chaque mois pour informer les militants.');
  await advance(w.staff, id, 'contribution');
  const http = await api();
  for (const [key, title, source] of [['dues', 'Cotisation annuelle', c.dues], ['presence', 'Assiduité des élus', c.presence]] as const) {
    const created = await http.post(`/consultations/workbench/${id}/proposals`).set(bearer(staff)).send({ title, sources: [source] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    proposals[key] = created.body.data.documentId;
  }
});

const overview = async () => {
  const res = await (await api()).get(`/consultations/workbench/${id}?threshold=0.1`).set(bearer(staff));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data;
};

describe('« add to proposal » suggestions', () => {
  it('place each contribution with its idea, with a confidence and the words and concepts that tie them', async () => {
    const { placements } = await overview();
    const of = (documentId: string) => placements.find((p: any) => p.contribution.documentId === documentId);
    expect(of(c.card)).toMatchObject({ proposal: { documentId: proposals.dues, title: 'Cotisation annuelle' } });
    expect(of(c.card).confidence).toBeGreaterThan(0);
    expect(of(c.card).confidence).toBeLessThanOrEqual(1);
    expect(of(c.card).concepts).toContain('Cotisation et carte');
    expect(of(c.absent)).toMatchObject({ proposal: { documentId: proposals.presence } });
    expect(of(c.thanks)).toBeUndefined(); // off-topic: left to staff
    // The API gives the same, for other clients.
    const res = await (await api()).get(`/api/consultations/${id}/suggestions?threshold=0.1`).set(bearer(w.staff.token));
    expect(res.status).toBe(200);
    expect(res.body.meta.placements.map((p: any) => [p.contribution.documentId, p.proposal])).toContainEqual([c.card, proposals.dues]);
  });

  it('reject in one click: 401, 404 to another federation, 400 with a French message, 403 module off, then never suggested again', async () => {
    const http = await api();
    const path = `/consultations/workbench/${id}/rejections`;
    const body = { contribution: c.card, proposal: proposals.dues };
    expect((await http.post(path).send(body)).status).toBe(401);
    expectError(await http.post(path).set(bearer(otherStaff)).send(body), 404, 'Consultation introuvable.');
    expect(badRequest(await http.post(path).set(bearer(staff)).send({ contribution: c.card }))).toMatchObject({ '': expect.stringContaining('Indiquez la proposition') });
    expectError(await http.post(path).set(bearer(staff)).send({ contribution: 'inconnue', others: [c.dues] }), 400, 'Contributions inconnues');
    const switches = (await bootStrapi()).plugin('modules').service('switches');
    await switches.set(w.federation.id, 'consultations', false);
    try {
      expectError(await http.post(path).set(bearer(staff)).send(body), 403, 'n’est pas activé');
    } finally {
      await switches.set(w.federation.id, 'consultations', true);
    }
    const done = await http.post(path).set(bearer(staff)).send(body);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.data).toEqual({ rejected: 1 });
    const { placements } = await overview();
    expect(placements.some((p: any) => p.contribution.documentId === c.card && p.proposal.documentId === proposals.dues)).toBe(false);
    const strapi = await bootStrapi();
    const [entry] = await strapi.db.connection('audit_log').where({ action: 'plugin::consultations.suggestion.reject', subject_id: c.card });
    expect(entry).toMatchObject({ actor_kind: 'admin', federation_id: w.federation.id });
  });

  it('the API route: members 403, bad input 400, success; two contributions kept apart never form a group', async () => {
    const http = await api();
    const path = `/api/consultations/${id}/suggestions/rejections`;
    expectError(await http.post(path).set(bearer(w.member.token)).send({ contribution: c.absent, others: [c.thanks] }), 403);
    expectError(await http.post(path).set(bearer(w.staff.token)).send({ contribution: c.absent, others: 'tout' }), 400);
    expectError(await http.post(path).set(bearer(w.staff.token)).send({ contribution: c.absent, others: [c.card], everyPair: 'oui' }), 400, 'everyPair');
    const res = await http.post(path).set(bearer(w.staff.token)).send({ contribution: c.absent, others: [c.card, c.thanks], everyPair: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toEqual({ rejected: 3 }); // every pair of the three
    const { suggestions } = await overview();
    for (const g of suggestions) {
      const ids = g.contributions.map((x: any) => x.documentId);
      expect(ids.includes(c.absent) && ids.includes(c.card)).toBe(false);
      expect(ids.includes(c.card) && ids.includes(c.thanks)).toBe(false);
    }
  });

  it('a contribution staff take out of a proposal is not suggested back into it', async () => {
    const http = await api();
    expect((await http.post(`/consultations/workbench/${id}/proposals/${proposals.presence}/sources`).set(bearer(staff)).send({ add: [c.absent] })).status).toBe(200);
    expect((await http.post(`/consultations/workbench/${id}/proposals/${proposals.presence}/sources`).set(bearer(staff)).send({ remove: [c.absent] })).status).toBe(200);
    const { placements } = await overview();
    expect(placements.some((p: any) => p.contribution.documentId === c.absent && p.proposal.documentId === proposals.presence)).toBe(false);
  });
});

describe('a proposal’s title and summary', () => {
  it('count as a source: a proposal staff only named attracts the contributions that say it', async () => {
    const http = await api();
    const before = await overview();
    expect(before.placements.some((p: any) => p.contribution.documentId === c.news)).toBe(false);
    const created = await http
      .post(`/consultations/workbench/${id}/proposals`)
      .set(bearer(staff))
      .send({ title: 'Un journal interne', summary: 'Informer les militants par un bulletin mensuel.', sources: [] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { placements } = await overview();
    const news = placements.find((p: any) => p.contribution.documentId === c.news);
    expect(news).toMatchObject({ proposal: { documentId: created.body.data.documentId, title: 'Un journal interne' } });
    expect(news.shared.length + news.concepts.length).toBeGreaterThan(0);
    expect(placements.find((p: any) => p.contribution.documentId === c.card)?.proposal.documentId).not.toBe(created.body.data.documentId);
  });
});

describe('the index, kept per consultation', () => {
  it('is built once and reused while nothing changed; rebuilt when a text or the vocabulary changes', async () => {
    const strapi = await bootStrapi();
    const grouping = strapi.plugin('consultations').service('grouping');
    const consultation = await strapi.db.query('plugin::consultations.consultation').findOne({ where: { documentId: id } });
    const rows = () => strapi.plugin('consultations').service('consultations').contributionsOf(consultation.id);
    const first = await grouping.indexOf(consultation.id, await rows());
    expect(await grouping.indexOf(consultation.id, await rows())).toBe(first);
    await strapi.db.query('plugin::consultations.contribution').update({ where: { documentId: c.thanks }, data: { body: 'Bon courage, et merci à tous.' } });
    const edited = await grouping.indexOf(consultation.id, await rows());
    expect(edited).not.toBe(first);
    const concept = await strapi.db.query(CONCEPT).findOne({ where: { key: 'cotisation' } });
    await strapi.db.query(CONCEPT).update({ where: { id: concept.id }, data: { variants: `${concept.variants}\ntrésorerie militante` } });
    const revised = await grouping.indexOf(consultation.id, await rows());
    expect(revised).not.toBe(edited);
    expect(revised.vocabularyRevision).not.toBe(edited.vocabularyRevision);
  });
});

describe('the vocabulary', () => {
  it('is seeded in the database at boot, once', async () => {
    const strapi = await bootStrapi();
    expect(await strapi.db.query(CONCEPT).count()).toBeGreaterThanOrEqual(VOCABULARY_SEED.length);
    expect(await strapi.plugin('consultations').service('grouping').seedVocabulary()).toBe(0);
  });

  it('is edited by national admins in the admin panel, never by federation staff', async () => {
    const http = await api();
    const list = `/content-manager/collection-types/${CONCEPT}`;
    expect((await http.get(list).set(bearer(staff))).status).toBe(403);
    const created = await http.post(list).set(bearer(staff)).send({ key: 'test-federal', label: 'X', variants: 'x' });
    expect(created.status).toBe(403);
    const mine = await http.post(list).set(bearer(national)).send({ key: 'fete-de-la-rose', label: 'Fête de la rose', variants: 'fête de la rose\nrose' });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    const vocabulary = await (await bootStrapi()).plugin('consultations').service('grouping').vocabulary();
    expect(vocabulary.concepts.map((x: any) => x.key)).toContain('fete-de-la-rose');
  });

  it('takes a new seed version: its new concepts, and new variants for concepts nobody edited, never over an edit in the panel', async () => {
    const strapi = await bootStrapi();
    const grouping = strapi.plugin('consultations').service('grouping');
    const [untouched, edited, added] = [VOCABULARY_SEED[1], VOCABULARY_SEED[2], VOCABULARY_SEED.at(-1)!];
    const row = (key: string) => strapi.db.query(CONCEPT).findOne({ where: { key }, populate: { updatedBy: { select: ['id'] } } });
    // National staff edit one seeded concept in the admin panel (the panel stamps who saved it).
    const mine = `${edited.variants[0]}\nmon ajout`;
    const saved = await (await api()).put(`/content-manager/collection-types/${CONCEPT}/${(await row(edited.key)).documentId}`).set(bearer(national)).send({ variants: mine });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await row(edited.key)).updatedBy).toBeTruthy();
    // The table as an older seed left it: fewer variants, one concept missing.
    await strapi.db.query(CONCEPT).updateMany({ where: { seedVersion: { $notNull: true } }, data: { seedVersion: 1 } });
    await strapi.db.query(CONCEPT).update({ where: { key: untouched.key }, data: { variants: untouched.variants[0] } });
    await strapi.db.query(CONCEPT).delete({ where: { key: added.key } });
    expect(await grouping.seedVocabulary()).toBeGreaterThanOrEqual(2);
    expect((await row(untouched.key)).variants).toBe(untouched.variants.join('\n'));
    expect((await row(added.key)).variants).toBe(added.variants.join('\n'));
    expect((await row(edited.key)).variants).toBe(mine);
    expect(await strapi.db.query(CONCEPT).count({ where: { key: 'fete-de-la-rose', seedVersion: { $null: true } } })).toBe(1);
    expect(await grouping.seedVocabulary()).toBe(0);
    await strapi.db.query(CONCEPT).update({ where: { key: edited.key }, data: { variants: edited.variants.join('\n') } });
  });
});
