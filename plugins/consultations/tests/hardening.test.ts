import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { parisDate } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, thisYear, type World } from '../../../tests/support/factories';
import { bearer, expectError } from '../../../tests/support/expect';
import { consultationInEvaluation } from './support/consultations';

/** Issue 10: Paris dates, one reference date per consultation, what one may not see looks absent, strict numbers. */

const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
let w: World;

beforeAll(async () => {
  w = await createWorld();
  await (await bootStrapi()).plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
});

async function quickVote(title: string, options: { opensAt?: string; publish?: boolean } = {}) {
  const http = await api();
  const created = await http.post('/api/consultations').set(bearer(w.staff.token)).send({
    kind: 'quick', title, audience: 'federation', question: `${title} ?`, answerType: 'choice', choices: ['Oui', 'Non'],
    opensAt: options.opensAt ?? at(-1), phases: { vote: { endsAt: at(2) } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.data.documentId as string;
  if (options.publish !== false) {
    expect((await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'draft' })).status).toBe(200);
  }
  return id;
}

async function csvOf(path: string, token: string): Promise<string[][]> {
  const res = await (await api()).get(path).set(bearer(token)).buffer(true).parse((r, cb) => {
    let text = '';
    r.setEncoding('utf8');
    r.on('data', (chunk: string) => (text += chunk));
    r.on('end', () => cb(null, text));
  });
  expect(res.status).toBe(200);
  return Papa.parse<string[]>(String(res.body).replace(/^\uFEFF/, ''), { delimiter: ';' }).data.filter((row) => row.length > 1);
}

describe('dates are Paris dates', () => {
  it('reads an instant as its Paris calendar date', () => {
    expect(parisDate('2026-02-28T23:30:00.000Z')).toBe('2026-03-01'); // 00:30 in Paris (UTC+1)
    expect(parisDate('2026-07-31T22:30:00.000Z')).toBe('2026-08-01'); // 00:30 in Paris (UTC+2)
    expect(parisDate(new Date('2026-03-01T12:00:00.000Z'))).toBe('2026-03-01');
  });

  it('shows « Déposée le » as the Paris day of a contribution sent at 00:30 on 1 March', async () => {
    const http = await api();
    const created = await http.post('/api/consultations').set(bearer(w.staff.token)).send({
      title: 'Dates', audience: 'federation', opensAt: at(-1),
      phases: { contribution: { endsAt: at(1) }, analysis: { endsAt: at(2) }, evaluation: { endsAt: at(3) }, vote: { endsAt: at(4) } },
    });
    const id = created.body.data.documentId;
    await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'draft' });
    const sent = await http.post(`/api/consultations/${id}/contributions`).set(bearer(w.member.token)).send({ title: 'Nuit', body: 'Envoyée à minuit et demie.' });
    expect(sent.status).toBe(201);
    await (await bootStrapi()).db.query('plugin::consultations.contribution').update({ where: { documentId: sent.body.data.documentId }, data: { createdAt: '2026-02-28T23:30:00.000Z' } });
    const rows = await csvOf(`/api/consultations/${id}/exports/contributions`, w.staff.token);
    const column = rows[0].indexOf('Déposée le');
    expect(rows[1][column]).toBe('2026-03-01');
  });
});

describe('a contribution’s category', () => {
  it('is one of the consultation’s, or none: an empty text and null both clear it (stored null, never « »)', async () => {
    const http = await api();
    const created = await http.post('/api/consultations').set(bearer(w.staff.token)).send({
      title: 'Catégories', audience: 'federation', opensAt: at(-1), categories: ['Vie des sections', 'Actions publiques'],
      phases: { contribution: { endsAt: at(1) }, analysis: { endsAt: at(2) }, evaluation: { endsAt: at(3) }, vote: { endsAt: at(4) } },
    });
    const id = created.body.data.documentId;
    await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'draft' });
    const stored = async (documentId: string) => (await (await bootStrapi()).db.query('plugin::consultations.contribution').findOne({ where: { documentId } })).category;
    const sent = await http.post(`/api/consultations/${id}/contributions`).set(bearer(w.member.token)).send({ title: 'Un local', body: 'Un local partagé.', category: '' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(await stored(sent.body.data.documentId)).toBeNull();
    const path = `/api/consultations/${id}/contributions/${sent.body.data.documentId}`;
    expect((await http.put(path).set(bearer(w.member.token)).send({ category: 'Vie des sections' })).status).toBe(200);
    expect(await stored(sent.body.data.documentId)).toBe('Vie des sections');
    for (const none of ['', '   ', null]) {
      expect((await http.put(path).set(bearer(w.member.token)).send({ category: 'Actions publiques' })).status).toBe(200);
      const cleared = await http.put(path).set(bearer(w.member.token)).send({ category: none });
      expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
      expect(await stored(sent.body.data.documentId), JSON.stringify(none)).toBeNull();
    }
    expectError(await http.put(path).set(bearer(w.member.token)).send({ category: 'Ailleurs' }), 400, 'Catégorie inconnue');
    expectError(await http.put(path).set(bearer(w.member.token)).send({ category: 3 }), 400, 'La catégorie : un texte, ou null pour aucune.');
  });
});

describe('one reference date per consultation: its opening', () => {
  it('keeps the electorate it opened with when the vote runs into the new year', async () => {
    const year = thisYear();
    const world = await createWorld();
    await (await bootStrapi()).plugin('modules').service('switches').set(world.federation.id, 'consultations', true);
    // Opened on 20 December last year; today is in the new year. Dues of the opening's year count.
    const oldYearOnly = [await createMember({ federation: world.federation, section: world.sectionA, paidYears: [year - 1] }), await createMember({ federation: world.federation, section: world.sectionB, paidYears: [year - 1] })];
    const both = await createMember({ federation: world.federation, section: world.sectionA, paidYears: [year - 1, year] });
    const newYearOnly = await createMember({ federation: world.federation, section: world.sectionA, paidYears: [year] });
    const http = await api();
    const created = await http.post('/api/consultations').set(bearer(world.staff.token)).send({
      kind: 'quick', title: 'Nouvel an', audience: 'federation', question: 'Nouvel an ?', answerType: 'choice', choices: ['Oui', 'Non'],
      opensAt: `${year - 1}-12-20T10:00:00+01:00`, phases: { vote: { endsAt: at(2) } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.documentId;
    expect((await http.post(`/api/consultations/${id}/advance`).set(bearer(world.staff.token)).send({ from: 'draft' })).status).toBe(200);
    expect((await http.get(`/api/consultations/${id}`).set(bearer(both.token))).body.data.phase).toBe('vote');

    for (const m of [...oldYearOnly, both]) {
      const res = await http.post(`/api/consultations/${id}/vote`).set(bearer(m.token)).send({ answer: 1 });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    expectError(await http.post(`/api/consultations/${id}/vote`).set(bearer(newYearOnly.token)).send({ answer: 1 }), 403, `cotisation ${year - 1} non réglée`);
    const me = (await http.get(`/api/consultations/${id}`).set(bearer(newYearOnly.token))).body.data.me;
    expect(me.eligibility.eligible).toBe(false);

    // The quorum's base is the same people: the three paid for the opening's year.
    const stats = (await http.get(`/api/consultations/${id}/statistics`).set(bearer(world.staff.token))).body.data;
    expect(stats.participation).toMatchObject({ eligible: 3, eligibleAtVote: 3 });
  });

  it('still bars a member excluded since the opening', async () => {
    const id = await quickVote('Exclusion');
    const excluded = await createMember({ federation: w.federation, section: w.sectionA, status: 'excluded' });
    // (the account may already be shut out at the door: 401; else the rule refuses: 403)
    expect([401, 403]).toContain((await (await api()).post(`/api/consultations/${id}/vote`).set(bearer(excluded.token)).send({ answer: 1 })).status);
  });
});

describe('what one may not read looks absent', () => {
  it('answers 404 « Consultation introuvable. » on a draft, to reads and writes alike, without its phase', async () => {
    const id = await quickVote('Brouillon', { publish: false });
    const http = await api();
    for (const res of [
      await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send({ answer: 1 }),
      await http.get(`/api/consultations/${id}`).set(bearer(w.member.token)),
      await http.post(`/api/consultations/${id}/contributions`).set(bearer(w.member.token)).send({ title: 'Titre', body: 'Texte.' }),
      await http.get(`/api/consultations/${id}/contributions`).set(bearer(w.member.token)),
    ]) {
      expectError(res, 404, 'Consultation introuvable.');
      expect(JSON.stringify(res.body)).not.toContain('draft');
    }
    expect((await http.get(`/api/consultations/${id}`).set(bearer(w.staff.token))).status).toBe(200);
  });

  it('answers 404 on a consultation of another audience, and to another federation’s staff', async () => {
    const id = await quickVote('Autre fédération');
    await (await bootStrapi()).plugin('modules').service('switches').set(w.other.id, 'consultations', true);
    const http = await api();
    expectError(await http.post(`/api/consultations/${id}/vote`).set(bearer(w.otherMember.token)).send({ answer: 1 }), 404, 'Consultation introuvable.');
    expectError(await http.get(`/api/consultations/${id}`).set(bearer(w.otherMember.token)), 404, 'Consultation introuvable.');
    expectError(await http.post(`/api/consultations/${id}/advance`).set(bearer(w.otherStaff.token)).send({ from: 'vote' }), 404, 'Consultation introuvable.');
    expectError(await http.get(`/api/consultations/${id}/exports/votes`).set(bearer(w.otherStaff.token)), 404, 'Consultation introuvable.');
  });
});

describe('a proposal of another consultation', () => {
  it('looks absent when named in the path (404), and is pointed at in a body (400 at its item)', async () => {
    const http = await api();
    const a = await consultationInEvaluation(w.staff, [[w.member, 'Vélos', 'Des pistes cyclables.'], [w.memberB, 'Journal', 'Un journal interne.']], { title: 'Consultation A' });
    const b = await consultationInEvaluation(w.staff, [[w.member, 'Bus', 'Des bus gratuits.'], [w.memberB, 'Fêtes', 'Une fête de section.']], { title: 'Consultation B' });
    const gradeOne = (proposal: string) => http.put(`/api/consultations/${a.id}/proposals/${proposal}/grade`).set(bearer(w.member.token)).send({ impact: 4 });
    const notFound = expectError(await gradeOne(b.proposals[0]), 404, 'Proposition introuvable.');
    expect(notFound.name).toBe('NotFoundError');
    expectError(await gradeOne('inconnue'), 404, 'Proposition introuvable.');
    expect((await gradeOne(a.proposals[0])).status).toBe(200);

    const gradeMany = (proposals: string[]) =>
      http.put(`/api/consultations/${a.id}/grades`).set(bearer(w.memberB.token)).send({ grades: proposals.map((proposal) => ({ proposal, effort: 2 })) });
    const one = expectError(await gradeMany([a.proposals[1], b.proposals[0]]), 400);
    expect(one.message).toBe(`Proposition inconnue dans cette consultation : ${b.proposals[0]}.`);
    expect(one.details.errors).toEqual([{ path: ['grades', '1', 'proposal'], message: 'Proposition inconnue dans cette consultation.', name: 'ValidationError' }]);
    const two = expectError(await gradeMany([b.proposals[1], a.proposals[1], b.proposals[0]]), 400);
    expect(two.message).toBe(`Propositions inconnues dans cette consultation : ${b.proposals[1]}, ${b.proposals[0]}.`);
    expect(two.details.errors.map((e: { path: string[] }) => e.path)).toEqual([['grades', '0', 'proposal'], ['grades', '2', 'proposal']]);
    // Nothing of a refused body was recorded.
    const mine = (await http.get(`/api/consultations/${a.id}/proposals`).set(bearer(w.memberB.token))).body.data;
    expect(mine.map((p: { myGrades: unknown }) => p.myGrades)).toEqual([null, null]);
  });
});

describe('numbers are parsed strictly', () => {
  it('refuses an answer that is not a JSON number (« "2" » too), or not a whole one', async () => {
    const id = await quickVote('Nombres');
    const http = await api();
    for (const answer of ['2', '0', '123456789012345678901234567890', '0x1', '1e0', '+1', ' 1', '1 ', '01', '1.0', '', 'Infinity', true, 1.5]) {
      expectError(await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send({ answer }), 400, 'Votre réponse est le numéro d’un choix');
    }
    expect((await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send({ answer: 2 })).status).toBe(201);
    const published = await http.post(`/api/consultations/${id}/vote`).set(bearer(w.memberB.token)).send({ answer: 1 });
    expect(published.status).toBe(201);
  });

  it('answers the question’s range for any number out of it, however large (not « Au plus 9 007 199 254 740 991. »)', async () => {
    const id = await quickVote('Grands nombres');
    const http = await api();
    // Raw JSON: 2^53 + 1 as the member sent it (JavaScript would round it before sending).
    for (const raw of ['{"answer":9007199254740993}', '{"answer":1e300}', '{"answer":0}', '{"answer":-1}', '{"answer":3}', '{"answer":1.5}']) {
      const error = expectError(await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).set('Content-Type', 'application/json').send(raw), 400);
      expect(error.message, raw).toBe('Votre réponse est le numéro d’un choix, de 1 à 2.');
      expect(error.details.errors, raw).toEqual([{ path: ['answer'], message: error.message, name: 'ValidationError' }]);
    }
  });

  it('refuses query numbers that only Number() would read', async () => {
    const id = await quickVote('Requêtes');
    const http = await api();
    for (const q of ['limit=0x1', 'limit=1e1', 'limit=%201', 'limit=', 'threshold=1e-1', 'threshold=0x0', 'threshold=.3', 'threshold=Infinity']) {
      expectError(await http.get(`/api/consultations/${id}/suggestions?${q}`).set(bearer(w.staff.token)), 400);
    }
  });
});
