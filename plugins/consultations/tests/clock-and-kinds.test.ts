import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createWorld, type World } from '../../../tests/support/factories';
import { bearer, expectError } from '../../../tests/support/expect';

const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
let w: World;

beforeAll(async () => {
  w = await createWorld();
  await (await bootStrapi()).plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
});

/**
 * Moves a phase's end into the past, as if its date had come (bypassing the rules, as time
 * does). Reads never write: time passing is the clock's job ticking, so it runs first, as
 * its minute would have before this date came.
 */
async function endNow(documentId: string, field: string) {
  const strapi = await bootStrapi();
  await strapi.plugin('consultations').service('clock').tick();
  await strapi.db.query('plugin::consultations.consultation').update({ where: { documentId }, data: { [field]: at(-0.001) } });
}

async function create(body: object, token = w.staff.token) {
  const http = await api();
  const res = await http.post('/api/consultations').set(bearer(token)).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await http.post(`/api/consultations/${res.body.data.documentId}/advance`).set(bearer(token)).send({ from: 'draft' });
  return res.body.data.documentId as string;
}

describe('the clock', () => {
  it('ends phases on their dates, records each step as the clock’s, and waits for a synthesis before the vote', async () => {
    const http = await api();
    const id = await create({
      title: 'Au fil du calendrier', audience: 'federation', opensAt: at(1),
      phases: { contribution: { endsAt: at(2) }, analysis: { endsAt: at(3) }, evaluation: { endsAt: at(4) }, vote: { endsAt: at(5) } },
    });
    const phase = async () => (await http.get(`/api/consultations/${id}`).set(bearer(w.member.token))).body.data.phase;
    expect(await phase()).toBe('upcoming');
    await endNow(id, 'opensAt');
    expect(await phase()).toBe('contribution');
    await http.post(`/api/consultations/${id}/contributions`).set(bearer(w.member.token)).send({ title: 'Transports', body: 'Des bus gratuits.' });
    await endNow(id, 'contributionEndsAt');
    expect(await phase()).toBe('analysis');
    const [contribution] = (await http.get(`/api/consultations/${id}/contributions`).set(bearer(w.staff.token))).body.data;
    const proposal = await http.post(`/api/consultations/${id}/proposals`).set(bearer(w.staff.token)).send({ title: 'Bus gratuits', sources: [contribution.documentId] });
    expect(proposal.status).toBe(201);
    await endNow(id, 'analysisEndsAt');
    expect(await phase()).toBe('evaluation');
    await endNow(id, 'evaluationEndsAt');
    expect(await phase()).toBe('evaluation'); // no synthesis yet: the vote cannot open
    expectError(
      await http.put(`/api/consultations/${id}/grades`).set(bearer(w.member.token)).send({ grades: [{ proposal: proposal.body.data.documentId, impact: 4 }] }),
      409,
      'la phase « Évaluation » est close'
    );
    expect((await http.post(`/api/consultations/${id}/synthesis`).set(bearer(w.staff.token)).send({})).status).toBe(201);
    expect(await phase()).toBe('vote'); // the synthesis is there: the clock opens the vote
    await endNow(id, 'voteEndsAt');
    expect(await phase()).toBe('results');

    // Reads never write: the last two steps are shown to readers at once, and recorded by the clock's job.
    const strapi = await bootStrapi();
    await strapi.plugin('consultations').service('clock').tick();
    const steps = await strapi.db.connection('audit_log').where({ subject_id: id, action: 'plugin::consultations.consultation.phase' }).orderBy('seq');
    expect(steps.map((s: any) => JSON.parse(s.details))).toEqual([
      { from: 'draft', to: 'upcoming', by: 'staff' },
      { from: 'upcoming', to: 'contribution', by: 'clock' },
      { from: 'contribution', to: 'analysis', by: 'clock' },
      { from: 'analysis', to: 'evaluation', by: 'clock' },
      { from: 'evaluation', to: 'vote', by: 'clock' },
      { from: 'vote', to: 'results', by: 'clock' },
    ]);
  });

  it('catches up every running consultation on its minute’s tick', async () => {
    const id = await create({ kind: 'quick', title: 'Tic', audience: 'federation', question: 'Tic ?', answerType: 'graded', opensAt: at(1), phases: { vote: { endsAt: at(2) } } });
    await endNow(id, 'opensAt');
    const strapi = await bootStrapi();
    await strapi.plugin('consultations').service('clock').tick();
    const row = await strapi.db.query('plugin::consultations.consultation').findOne({ where: { documentId: id } });
    expect(row.phase).toBe('vote');
  });
});

describe('quick consultations', () => {
  it('asks one graded question and publishes the distribution and median after the close', async () => {
    const http = await api();
    const id = await create({ kind: 'quick', title: 'Satisfaction', audience: 'federation', question: 'Êtes-vous satisfait de la fédération ?', answerType: 'graded', opensAt: at(-1), phases: { vote: { endsAt: at(3) } } });
    const voters = [w.member, w.memberB, w.secretary, w.elected, w.commission];
    for (const [i, m] of voters.entries()) {
      expect((await http.post(`/api/consultations/${id}/vote`).set(bearer(m.token)).send({ answer: [4, 5, 3, 4, 2][i] })).status).toBe(201);
    }
    expectError(await http.post(`/api/consultations/${id}/vote`).set(bearer(w.staff.token)).send({ answer: 6 }), 400, 'de 1 à 5');
    expectError(await http.post(`/api/consultations/${id}/vote`).set(bearer(w.staff.token)).send({}), 400, 'Répondez à la question');
    expectError(await http.post(`/api/consultations/${id}/contributions`).set(bearer(w.staff.token)).send({ title: 'x', body: 'y' }), 409, 'ne reçoit pas de contributions');
    await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'vote' });
    const results = (await http.get(`/api/consultations/${id}/vote`).set(bearer(w.member.token))).body.data.results;
    expect(results).toMatchObject({ cast: 5, counts: { 1: 0, 2: 1, 3: 1, 4: 2, 5: 1 }, median: 4 });
  });

  it('offers choices and counts them', async () => {
    const http = await api();
    const id = await create({ kind: 'quick', title: 'Lieu du congrès', audience: 'federation', question: 'Où tenir le congrès ?', answerType: 'choice', choices: ['Nîmes', 'Alès', 'Uzès'], opensAt: at(-1), phases: { vote: { endsAt: at(3) } } });
    expectError(await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send({ answer: 4 }), 400, 'de 1 à 3');
    await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send({ answer: 2 });
    await http.post(`/api/consultations/${id}/vote`).set(bearer(w.memberB.token)).send({ answer: 2 });
    await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'vote' });
    const results = (await http.get(`/api/consultations/${id}/vote`).set(bearer(w.member.token))).body.data.results;
    expect(results).toMatchObject({ cast: 2, counts: { 1: 0, 2: 2, 3: 0 }, median: null });
  });

  it('names the field that has no place in a quick question’s ballot, not the answer given', async () => {
    const http = await api();
    const id = await create({ kind: 'quick', title: 'Champ de trop', audience: 'federation', question: 'Un champ de trop ?', answerType: 'choice', choices: ['Oui', 'Non', 'Peut-être'], opensAt: at(-1), phases: { vote: { endsAt: at(3) } } });
    const vote = (body: object) => http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send(body);
    const choice = expectError(await vote({ answer: 1, choice: 'for' }), 400, '« choice » n’y a pas sa place');
    expect(choice.message).not.toContain('Répondez à la question');
    expect(choice.details.errors).toEqual([{ path: ['choice'], message: choice.message, name: 'ValidationError' }]);
    const sections = expectError(await vote({ answer: 1, sections: { partie: 'for' } }), 400, '« sections » n’y a pas sa place');
    expect(sections.details.errors[0].path).toEqual(['sections']);
    // A word where a synthesis expects for / against / abstain: the message says how a quick question is answered.
    const word = expectError(await vote({ answer: 1, choice: 'oui' }), 400, 'une question rapide se répond par le numéro d’un choix (« answer »)');
    expect(word.details.errors[0].path).toEqual(['choice']);
    expect((await vote({ answer: 1 })).status).toBe(201); // nothing was recorded before
  });
});

describe('a section’s consultation', () => {
  it('is for that section’s members only, run by their federation’s staff', async () => {
    const http = await api();
    const id = await create({ kind: 'quick', title: 'Section A', audience: 'section', section: w.sectionA.documentId, question: 'Réunion le mardi ?', answerType: 'graded', opensAt: at(-1), phases: { vote: { endsAt: at(3) } } });
    const detail = await http.get(`/api/consultations/${id}`).set(bearer(w.member.token));
    expect(detail.body.data.federation.documentId).toBe(w.federation.documentId); // filled in from the section
    expectError(await http.get(`/api/consultations/${id}`).set(bearer(w.memberB.token)), 404, 'Consultation introuvable.'); // issue 10: looks absent
    expect((await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send({ answer: 5 })).status).toBe(201);
    // The staff member belongs to section A too: they vote like any member of it.
    expect((await http.post(`/api/consultations/${id}/vote`).set(bearer(w.staff.token)).send({ answer: 4 })).status).toBe(201);
    expectError(await http.post(`/api/consultations/${id}/vote`).set(bearer(w.memberB.token)).send({ answer: 5 }), 404, 'Consultation introuvable.');
  });

  it('another federation’s section looks absent to staff: exactly an unknown section’s answer (400)', async () => {
    const http = await api();
    const input = { kind: 'quick', title: 'Ailleurs', audience: 'section', question: 'Réunion le mardi ?', answerType: 'graded', opensAt: at(-1), phases: { vote: { endsAt: at(3) } } };
    const elsewhere = await http.post('/api/consultations').set(bearer(w.staff.token)).send({ ...input, section: w.otherSection.documentId });
    const unknown = await http.post('/api/consultations').set(bearer(w.staff.token)).send({ ...input, section: 'zzzzzzzzzzzzzzzzzzzzzzzz' });
    expectError(elsewhere, 400, 'Section inconnue.');
    expect({ status: elsewhere.status, body: elsewhere.body }).toEqual({ status: unknown.status, body: unknown.body });
  });
});

describe('voting part by part', () => {
  it('records a choice per part of the synthesis and counts each part', async () => {
    const http = await api();
    const id = await create({
      title: 'Vote par partie', audience: 'federation', votePerSection: true, opensAt: at(-1),
      phases: { contribution: { endsAt: at(2) }, analysis: { endsAt: at(3) }, evaluation: { endsAt: at(4) }, vote: { endsAt: at(5) } },
    });
    for (const [m, text] of [[w.member, 'Des vélos'], [w.memberB, 'Un journal']] as const) {
      await http.post(`/api/consultations/${id}/contributions`).set(bearer(m.token)).send({ title: text, body: text });
    }
    await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'contribution' });
    const contributions = (await http.get(`/api/consultations/${id}/contributions`).set(bearer(w.staff.token))).body.data;
    for (const c of contributions) await http.post(`/api/consultations/${id}/proposals`).set(bearer(w.staff.token)).send({ title: c.title, sources: [c.documentId] });
    await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'analysis' });
    const synthesis = (await http.post(`/api/consultations/${id}/synthesis`).set(bearer(w.staff.token)).send({ size: 2 })).body.data;
    await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'evaluation' });
    const [first, second] = synthesis.sections.map((s: any) => s.documentId);
    expectError(await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send({ choice: 'for', sections: { inconnue: 'for' } }), 400, 'Parties inconnues');
    // A quick question's « answer » has no place in a vote on a synthesis: said at its path.
    const answer = expectError(await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send({ choice: 'for', answer: 1 }), 400, '« answer » sert aux questions rapides');
    expect(answer.details.errors[0].path).toEqual(['answer']);
    await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send({ choice: 'for', sections: { [first]: 'for', [second]: 'against' } });
    await http.post(`/api/consultations/${id}/vote`).set(bearer(w.memberB.token)).send({ choice: 'for', sections: { [first]: 'for' } });
    await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'vote' });
    const results = (await http.get(`/api/consultations/${id}/vote`).set(bearer(w.member.token))).body.data.results;
    expect(results.sections[first]).toMatchObject({ for: 2, against: 0 });
    expect(results.sections[second]).toMatchObject({ for: 0, against: 1, abstain: 1 });
  });
});
