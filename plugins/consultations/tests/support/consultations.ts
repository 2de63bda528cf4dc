import { expect } from 'vitest';
import { api } from '../../../../tests/support/strapi';
import { bearer } from '../../../../tests/support/expect';
import type { TestMember } from '../../../../tests/support/factories';

/**
 * Consultations in a given phase, built through the API as their staff would (every step
 * checked): for tests that need one ready to contribute, grade, vote or read the results.
 */
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

type Token = { token: string };

async function ok(res: { status: number; body: any }, status = 200) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

/** Staff end the current phase (`from`) early. */
export async function advance(staff: Token, id: string, from: string) {
  const http = await api();
  return (await ok(await http.post(`/api/consultations/${id}/advance`).set(bearer(staff.token)).send({ from }))).data;
}

/** A full consultation of the staff's federation, published and open to contributions (opened yesterday). */
export async function openConsultation(staff: TestMember, overrides: Record<string, unknown> = {}): Promise<string> {
  const http = await api();
  const body = {
    title: 'Consultation fédérale : quelle fédération voulons-nous ?',
    description: 'Contributions libres, regroupement en propositions, évaluation effort × impact, synthèse soumise au vote.',
    audience: 'federation',
    opensAt: at(-1),
    phases: {
      contribution: { endsAt: at(10), inCharge: 'Secrétariat fédéral' },
      analysis: { endsAt: at(20), inCharge: 'Commission du projet' },
      evaluation: { endsAt: at(30), inCharge: 'Commission du projet' },
      vote: { endsAt: at(40), inCharge: 'Bureau fédéral' },
      results: { inCharge: 'Bureau fédéral' },
    },
    quorumPercent: 10,
    synthesisSize: 5,
    categories: ['Fonctionnement du parti', 'Projet pour le département'],
    ...overrides,
  };
  const id = (await ok(await http.post('/api/consultations').set(bearer(staff.token)).send(body), 201)).data.documentId as string;
  await advance(staff, id, 'draft');
  return id;
}

/** A member contributes; returns the contribution's documentId. */
export async function contribute(member: Token, id: string, title: string, text: string): Promise<string> {
  const http = await api();
  return (await ok(await http.post(`/api/consultations/${id}/contributions`).set(bearer(member.token)).send({ title, body: text }), 201)).data.documentId;
}

/**
 * A consultation in its evaluation phase: the contributions given (author, title, text) are
 * sent, then each becomes one proposal of its own. Returns the proposals' documentIds.
 */
export async function consultationInEvaluation(staff: TestMember, ideas: [Token, string, string][], overrides: Record<string, unknown> = {}) {
  const http = await api();
  const id = await openConsultation(staff, overrides);
  const contributions = [];
  for (const [author, title, text] of ideas) contributions.push({ id: await contribute(author, id, title, text), title });
  await advance(staff, id, 'contribution');
  const proposals: string[] = [];
  for (const c of contributions) {
    const created = await ok(await http.post(`/api/consultations/${id}/proposals`).set(bearer(staff.token)).send({ title: c.title, summary: `Reprend la contribution « ${c.title} ».`, sources: [c.id] }), 201);
    proposals.push(created.data.documentId);
  }
  await advance(staff, id, 'analysis');
  return { id, proposals };
}

/** Every given member grades every proposal (impact, effort). */
export async function gradeAll(members: Token[], id: string, proposals: string[], impact = 4, effort = 2) {
  const http = await api();
  for (const m of members) {
    await ok(await http.put(`/api/consultations/${id}/grades`).set(bearer(m.token)).send({ grades: proposals.map((proposal) => ({ proposal, impact, effort })) }));
  }
}

/** A consultation in its vote phase: evaluated, synthesis composed (the top of the ranking), vote open. */
export async function consultationInVote(staff: TestMember, ideas: [Token, string, string][], graders: Token[] = [], overrides: Record<string, unknown> = {}) {
  const http = await api();
  const { id, proposals } = await consultationInEvaluation(staff, ideas, overrides);
  await gradeAll(graders, id, proposals);
  await ok(await http.post(`/api/consultations/${id}/synthesis`).set(bearer(staff.token)).send({ title: 'Synthèse de la consultation' }), 201);
  await advance(staff, id, 'evaluation');
  return { id, proposals };
}

/** A quick question of the staff's federation, open to the vote (opened yesterday). */
export async function quickQuestion(staff: TestMember, overrides: Record<string, unknown> = {}): Promise<string> {
  const http = await api();
  const body = {
    kind: 'quick',
    title: 'Réunions de section le samedi matin ?',
    question: 'Faut-il tenir les réunions de section le samedi matin ?',
    answerType: 'choice',
    choices: ['Oui', 'Non', 'Peu importe'],
    audience: 'federation',
    opensAt: at(-1),
    phases: { vote: { endsAt: at(5), inCharge: 'Bureau fédéral' } },
    ...overrides,
  };
  const id = (await ok(await http.post('/api/consultations').set(bearer(staff.token)).send(body), 201)).data.documentId as string;
  await advance(staff, id, 'draft');
  return id;
}
