import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frenchDateTime, parisDate } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { bearer, expectError } from '../../../tests/support/expect';
import { createMember, createWorld, recordDues, thisYear, type TestMember, type World } from '../../../tests/support/factories';
import { statementsDuring } from '../../../tests/support/statements';
import { onPostgres } from '../../../tests/support/instances';

/**
 * The roll (« liste électorale arrêtée »): closed when the vote opens, in the phase change's
 * transaction; voting needs to be on it and still in good standing; turnout and quorum are
 * shares of it. A vote opened before rolls existed keeps the per-vote rule.
 */
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const CONSULTATION_UID = 'plugin::consultations.consultation';
let w: World;

beforeAll(async () => {
  w = await createWorld();
  await (await bootStrapi()).plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
});

/** The questions made here, closed at the end: a vote still open keeps its ballots in voting order (other files check none is left linkable). */
const made: string[] = [];

afterAll(async () => {
  for (const id of made) if ((await row(id)).phase === 'vote') await close(id);
});

/** A quick question of the world's federation whose opening date has passed: published (upcoming), its vote opened by the next tick. */
async function quickQuestion(title: string) {
  const http = await api();
  const created = await http.post('/api/consultations').set(bearer(w.staff.token)).send({
    kind: 'quick', title, audience: 'federation', question: `${title} ?`, answerType: 'choice', choices: ['Oui', 'Non'], opensAt: at(-1), phases: { vote: { endsAt: at(2) } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.data.documentId as string;
  made.push(id);
  expect((await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'draft' })).status).toBe(200);
  return id;
}

const row = async (id: string) => (await bootStrapi()).db.query(CONSULTATION_UID).findOne({ where: { documentId: id } });
const rollOf = async (id: string) => (await bootStrapi()).db.connection('consultations_roll').where({ consultation_id: (await row(id)).id }).select('member_id');
const vote = async (m: TestMember, id: string, answer = 1) => (await api()).post(`/api/consultations/${id}/vote`).set(bearer(m.token)).send({ answer });
const close = async (id: string) => (await api()).post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'vote' });

/** Members of the world's federation: eligible (paid up, joined long ago). */
const members = (n: number) => Promise.all(Array.from({ length: n }, () => createMember({ federation: w.federation, section: w.sectionA })));

describe('the roll, closed when the vote opens', () => {
  it('is recorded with the phase change: its size is eligibleAtVote, and it lists exactly the eligible members', async () => {
    await members(2);
    const id = await quickQuestion('Liste arrêtée');
    const strapi = await bootStrapi();
    await strapi.plugin('consultations').service('clock').tick();
    const c = await row(id);
    expect(c.phase).toBe('vote');
    expect(c.rollClosedAt).toBeTruthy();
    const roll = await rollOf(id);
    expect(roll.length).toBe(c.eligibleAtVote);
    const consultation = await strapi.plugin('consultations').service('consultations').byId(c.id);
    expect(c.eligibleAtVote).toBe(await strapi.plugin('consultations').service('consultations').electorate(consultation));
    const eligibleIds = await strapi.plugin('membership').service('eligibility').eligibleMemberIds({ audience: 'federation', federationId: w.federation.id, sectionId: null }, { on: parisDate(c.opensAt) });
    expect(roll.map((r: { member_id: number }) => Number(r.member_id)).sort((a: number, b: number) => a - b)).toEqual([...eligibleIds].sort((a, b) => a - b));
    // Who may vote, never linked to a ballot: the roll holds a consultation and a member, nothing else.
    const columns = Object.keys(await strapi.db.connection('consultations_roll').columnInfo()).sort();
    expect(columns).toEqual(['consultation_id', 'member_id']);
  });

  it('refuses a member record created after the opening with an old join date (403, French, Paris time), and does not count them', async () => {
    const [early] = await members(1);
    const id = await quickQuestion('Arrivé après l’ouverture');
    const strapi = await bootStrapi();
    await strapi.plugin('consultations').service('clock').tick();
    expect((await vote(early!, id)).status).toBe(201); // this instance now holds the row (the one-statement path on PostgreSQL)
    const late = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2015-01-10' });
    const c = await row(id);
    const error = expectError(await vote(late, id), 403, `Vous ne pouvez pas voter : la liste électorale a été arrêtée à l’ouverture du vote, le ${frenchDateTime(c.rollClosedAt)}, et vous n’y figurez pas`);
    expect(error.details.reasons).toEqual([expect.objectContaining({ code: 'not-on-roll' })]);
    // Nothing written for them: the register has the early voter only.
    const register = await strapi.db.connection('consultations_voters').where({ consultation_id: c.id }).select('member_id');
    expect(register.map((r: { member_id: number }) => Number(r.member_id))).toEqual([early!.member.id]);
    // Their page and home card say why.
    const page = await (await api()).get(`/api/consultations/${id}`).set(bearer(late.token));
    expect(page.body.data.me.eligibility).toMatchObject({ eligible: false, reasons: [expect.objectContaining({ code: 'not-on-roll', message: `absent de la liste électorale arrêtée à l’ouverture du vote, le ${frenchDateTime(c.rollClosedAt)}` })] });
    const cards = await (await api()).get('/api/consultations/open').query({ limit: 20 }).set(bearer(late.token));
    const card = cards.body.data.find((x: { documentId: string }) => x.documentId === id);
    expect(card.me.eligibility).toEqual(page.body.data.me.eligibility);
    // Someone on the roll is told they may vote.
    const mine = await (await api()).get(`/api/consultations/${id}`).set(bearer(early!.token));
    expect(mine.body.data.me.eligibility.eligible).toBe(true);
    // Closed: the electorate is the roll's, unchanged by the late record.
    expect((await close(id)).status).toBe(200);
    const closed = await row(id);
    expect(closed.results).toMatchObject({ cast: 1, eligible: c.eligibleAtVote });
    expect(closed.results.turnout).toBeLessThanOrEqual(1);
  });

  it('refuses a member who became eligible during the vote (dues paid late)', async () => {
    const unpaid = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [] });
    const id = await quickQuestion('Cotisation réglée pendant le vote');
    await (await bootStrapi()).plugin('consultations').service('clock').tick();
    expectError(await vote(unpaid, id), 403, `cotisation ${thisYear()} non réglée`); // the existing reason, kept
    await recordDues(unpaid.member, thisYear());
    const refused = expectError(await vote(unpaid, id), 403, 'la liste électorale a été arrêtée à l’ouverture du vote');
    expect(refused.details.reasons[0].code).toBe('not-on-roll');
    expect((await rollOf(id)).map((r: { member_id: number }) => Number(r.member_id))).not.toContain(unpaid.member.id);
  });

  it('refuses a member on the roll who was suspended, or left the party, since the opening (their reason, not the roll)', async () => {
    const [suspended, leaving, staying] = await members(3);
    const id = await quickQuestion('Sanction pendant le vote');
    const strapi = await bootStrapi();
    await strapi.plugin('consultations').service('clock').tick();
    const onRoll = (await rollOf(id)).map((r: { member_id: number }) => Number(r.member_id));
    expect(onRoll).toEqual(expect.arrayContaining([suspended!.member.id, leaving!.member.id, staying!.member.id]));
    await strapi.db.query('plugin::membership.member').update({ where: { id: suspended!.member.id }, data: { membershipStatus: 'suspended', suspendedUntil: null, statusReason: 'Motif de test' } });
    await strapi.db.query('plugin::membership.member').update({ where: { id: leaving!.member.id }, data: { leftOn: new Date().toISOString().slice(0, 10) } });
    expectError(await vote(suspended!, id), 403, 'adhérent suspendu');
    expectError(await vote(leaving!, id), 403, 'a quitté le parti');
    expect((await vote(staying!, id)).status).toBe(201);
  });

  it('is written once when clocks, votes and staff race to open the vote', async () => {
    const voters = await members(4);
    const id = await quickQuestion('Ouverture disputée');
    const strapi = await bootStrapi();
    const clock = strapi.plugin('consultations').service('clock');
    // Three ticks (as three instances' minute jobs) and four first ballots, all at once: each may take the step.
    const results = await Promise.all([clock.tick(), clock.tick(), clock.tick(), ...voters.map((m) => vote(m, id))]);
    const ballots = results.slice(3) as { status: number; body: unknown }[];
    for (const b of ballots) expect(b.status, JSON.stringify(b.body)).toBe(201);
    const steps = await strapi.db.connection('audit_log').where({ subject_id: id, action: 'plugin::consultations.consultation.phase' }).select('details');
    const toVote = steps.map((s: { details: string | object }) => (typeof s.details === 'string' ? JSON.parse(s.details) : s.details)).filter((d: { to: string }) => d.to === 'vote');
    expect(toVote).toHaveLength(1);
    const c = await row(id);
    const roll = await rollOf(id);
    expect(roll.length).toBe(c.eligibleAtVote);
    expect(new Set(roll.map((r: { member_id: number }) => r.member_id)).size).toBe(roll.length);
    for (const m of voters) expect(roll.map((r: { member_id: number }) => Number(r.member_id))).toContain(m.member.id);
  });

  it.skipIf(!onPostgres())('checks the roll inside the one statement of a vote (PostgreSQL): no statement added', async () => {
    const [first, second] = await members(2);
    const id = await quickQuestion('Une seule instruction');
    const strapi = await bootStrapi();
    await strapi.plugin('consultations').service('clock').tick();
    expect((await vote(first!, id)).status).toBe(201);
    let answer: any;
    const statements = (await statementsDuring(strapi, async () => (answer = await vote(second!, id)))).filter((s) => s.path === `/api/consultations/${id}/vote`).map((s) => s.sql);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const own = statements.filter((sql) => sql.includes('consultations_'));
    expect(own, statements.join('\n')).toHaveLength(1);
    expect(own[0]).toContain('consultations_roll');
  });
});

describe('a vote opened before rolls existed (upgrade)', () => {
  it('keeps the per-vote rule, and its turnout never passes 100 %', async () => {
    const [voter] = await members(1);
    const id = await quickQuestion('Vote d’avant les listes');
    const strapi = await bootStrapi();
    await strapi.plugin('consultations').service('clock').tick();
    // As an upgrade finds it: in its vote, an electorate counted, no roll.
    const c = await row(id);
    await strapi.db.connection('consultations_roll').where({ consultation_id: c.id }).del();
    await strapi.db.query(CONSULTATION_UID).update({ where: { id: c.id }, data: { rollClosedAt: null, eligibleAtVote: 1 } });
    const late = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2015-01-10' });
    expect((await vote(voter!, id)).status).toBe(201);
    expect((await vote(late, id)).status).toBe(201); // eligible on the reference date: votes, as before rolls
    const page = await (await api()).get(`/api/consultations/${id}`).set(bearer(late.token));
    expect(page.body.data.me.eligibility.reasons.map((r: { code: string }) => r.code)).not.toContain('not-on-roll');
    expect((await close(id)).status).toBe(200);
    const closed = await row(id);
    // Two ballots for an electorate counted as one: the electorate is never below the ballots.
    expect(closed.results).toMatchObject({ cast: 2, eligible: 2, turnout: 1 });
    const published = await (await api()).get(`/api/consultations/${id}/ballots`).set(bearer(voter!.token));
    expect(published.body.meta).toEqual({ total: 2, eligible: 2 });
  });
});

describe('the roll in « Mes données » and at erasure', () => {
  it('is listed for the member and kept, as the voter register is', async () => {
    const [member] = await members(1);
    const id = await quickQuestion('Liste et données personnelles');
    const strapi = await bootStrapi();
    await strapi.plugin('consultations').service('clock').tick();
    const c = await row(id);
    const part = await strapi.plugin('consultations').service('personal-data').personalData({ memberId: member!.member.id } as any);
    const lists = part.sections.find((s: { title: string }) => s.title === 'Listes électorales');
    expect(lists.rows).toContainEqual({ Scrutin: 'Consultation « Liste et données personnelles »', 'Liste arrêtée le': new Date(c.rollClosedAt).toISOString() });
    const report = await strapi.plugin('consultations').service('erasure').erase({ memberId: member!.member.id } as any);
    expect(report.counts.rollsKept).toBeGreaterThanOrEqual(1);
    expect((await rollOf(id)).map((r: { member_id: number }) => Number(r.member_id))).toContain(member!.member.id);
    expect(strapi.plugin('consultations').service('erasure').retention.map((r: { id: string }) => r.id)).toContain('consultations.rolls');
  });
});
