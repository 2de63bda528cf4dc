import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { parisDate, todayInParis } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createFederation, createMember, thisYear, type TestMember } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { consultationInEvaluation, consultationInVote, contribute, openConsultation, quickQuestion } from './support/consultations';
import { statementsDuring } from '../../../tests/support/statements';
import { onPostgres } from '../../../tests/support/instances';

/**
 * `GET /api/consultations/open`, the portal's home card (issue 13): every open consultation
 * with where the reader stands — eligibility, contributions still standing, grading, vote —
 * read for all the cards at once (one statement per question, not per card), and each card
 * saying exactly what the consultation's own page says.
 */
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

let strapi: Core.Strapi;
let staff: TestMember;
let alice: TestMember;
let bob: TestMember;
/** Joined today: not a member on the reference date of what opened before. */
let late: TestMember;
const ids: Record<string, string> = {};

/** SQL statements this instance runs for `GET /api/consultations/open` while `run` runs (not the workers'). */
const countQueries = async (run: () => Promise<unknown>): Promise<number> =>
  (await statementsDuring(strapi, run)).filter((s) => s.path === '/api/consultations/open').length;

const open = async (member: TestMember, limit = 20) =>
  (await (await api()).get(`/api/consultations/open?limit=${limit}`).set(bearer(member.token)).expect(200)).body.data as any[];
const card = (cards: any[], name: string) => cards.find((c) => c.documentId === ids[name]);

beforeAll(async () => {
  strapi = await bootStrapi();
  const federation = await createFederation();
  await strapi.plugin('modules').service('switches').set(federation.id, 'consultations', true);
  // (An upcoming consultation opening next January is judged on next year's dues, which
  // nobody has paid in December: the upcoming cards' expectations leave dues aside.)
  const paid = [thisYear()];
  staff = await createMember({ federation, role: 'federation-staff', paidYears: paid });
  alice = await createMember({ federation, paidYears: paid, joinedOn: '2020-01-15' });
  bob = await createMember({ federation, paidYears: paid, joinedOn: '2020-01-15' });
  late = await createMember({ federation, paidYears: paid, joinedOn: todayInParis() });
  const http = await api();

  ids.contribution = await openConsultation(staff, { title: 'Contributions ouvertes' });
  await contribute(alice, ids.contribution, 'Une idée', 'Des réunions de section plus courtes.');
  const withdrawn = await contribute(alice, ids.contribution, 'Une autre idée', 'Un journal de fédération.');
  await http.post(`/api/consultations/${ids.contribution}/contributions/${withdrawn}/withdraw`).set(bearer(alice.token)).expect(200);
  await contribute(bob, ids.contribution, 'L’idée de Bob', 'Des permanences le samedi.');

  const evaluation = await consultationInEvaluation(staff, [
    [alice, 'Formation des nouveaux', 'Un parcours d’accueil avec un parrain.'],
    [bob, 'Cotisation annuelle', 'Une carte à jour chaque année.'],
    [bob, 'Comptes rendus', 'Le compte rendu de chaque réunion en ligne.'],
  ], { title: 'Évaluation en cours' });
  ids.evaluation = evaluation.id;
  // Alice grades two proposals on both axes and the third on one axis only.
  const [p1, p2, p3] = evaluation.proposals;
  await http.put(`/api/consultations/${ids.evaluation}/grades`).set(bearer(alice.token))
    .send({ grades: [{ proposal: p1, impact: 4, effort: 2 }, { proposal: p2, impact: 3, effort: 3 }, { proposal: p3, impact: 5 }] }).expect(200);

  ids.vote = (await consultationInVote(staff, [[bob, 'Primaires fermées', 'Les adhérents choisissent les candidats.']], [bob], { title: 'Vote en cours' })).id;
  await http.post(`/api/consultations/${ids.vote}/vote`).set(bearer(alice.token)).send({ choice: 'for' }).expect(201);

  ids.quick = await quickQuestion(staff, { title: 'Question rapide' });
  ids.upcoming = await openConsultation(staff, { title: 'À venir', opensAt: at(2), phases: { contribution: { endsAt: at(10) }, analysis: { endsAt: at(20) }, evaluation: { endsAt: at(30) }, vote: { endsAt: at(40) } } });
  ids.upcomingCutoff = await openConsultation(staff, {
    title: 'À venir, adhésions arrêtées hier',
    opensAt: at(3),
    eligibilityCutoff: parisDate(at(-1)),
    phases: { contribution: { endsAt: at(10) }, analysis: { endsAt: at(20) }, evaluation: { endsAt: at(30) }, vote: { endsAt: at(40) } },
  });
}, 300_000);

describe('the home card of open consultations', () => {
  it('says where the reader stands in each, as each consultation’s page says it', async () => {
    const cards = await open(alice);
    // Its own six cards (an open national consultation of another test file may be there too).
    expect(cards.map((c) => c.documentId)).toEqual(expect.arrayContaining(Object.values(ids)));
    expect(card(cards, 'contribution').me).toMatchObject({ eligibility: { eligible: true }, contributions: 1, grading: null, voted: false });
    expect(card(cards, 'evaluation')).toMatchObject({ phase: 'evaluation', me: { contributions: 1, grading: { graded: 2, total: 3 }, voted: false } });
    expect(card(cards, 'vote')).toMatchObject({ phase: 'vote', me: { contributions: 0, grading: null, voted: true } });
    expect(card(cards, 'quick')).toMatchObject({ phase: 'vote', me: { voted: false } });
    expect(card(cards, 'upcoming')).toMatchObject({ phase: 'upcoming', me: { contributions: 0, grading: null, voted: false } });

    const bobs = await open(bob);
    expect(card(bobs, 'evaluation').me.grading).toEqual({ graded: 0, total: 3 });
    expect(card(bobs, 'vote').me).toMatchObject({ contributions: 1, voted: false });
    expect(card(bobs, 'contribution').me.contributions).toBe(1);

    // Each card's eligibility and contributions are those of the consultation's own page.
    const http = await api();
    for (const member of [alice, bob, late]) {
      for (const c of await open(member)) {
        const page = (await http.get(`/api/consultations/${c.documentId}`).set(bearer(member.token)).expect(200)).body.data;
        expect({ id: c.documentId, eligibility: c.me.eligibility, contributions: c.me.contributions, voted: c.me.voted })
          .toEqual({ id: c.documentId, eligibility: page.me.eligibility, contributions: page.me.contributions, voted: page.me.voted });
      }
    }
  });

  it('asks each consultation its own reference date and cut-off, in one batch', async () => {
    const cards = await open(late);
    // Opened yesterday: she joined after its reference date.
    expect(card(cards, 'contribution').me.eligibility).toMatchObject({ eligible: false, reasons: [expect.objectContaining({ code: 'not-yet-member' })] });
    // Opens in two days: she will have joined by then.
    const codes = (name: string) => card(cards, name).me.eligibility.reasons.map((r: { code: string }) => r.code);
    expect(codes('upcoming')).not.toContain('not-yet-member');
    expect(codes('upcoming')).not.toContain('joined-after-cutoff');
    // Opens in three days, but memberships were closed yesterday.
    expect(card(cards, 'upcomingCutoff').me.eligibility.eligible).toBe(false);
    expect(codes('upcomingCutoff')).toContain('joined-after-cutoff');
    // Not eligible in the evaluation: no grading counter for her.
    expect(card(cards, 'evaluation').me.grading).toBeNull();
  });

  it('reads where the reader stands in a fixed number of statements, whatever the number of cards', async () => {
    // The clock job records the phases the calendar has reached (the quick question's vote):
    // a read of a phase not yet recorded counts its electorate, once per request, until then.
    await strapi.plugin('consultations').service('clock').tick();
    await open(alice);
    await open(alice, 1); // caches warm (actor, session, module switches, places)
    const one = await countQueries(() => open(alice, 1));
    const all = await countQueries(() => open(alice));
    expect((await open(alice)).filter((c) => Object.values(ids).includes(c.documentId))).toHaveLength(6);
    // The rows and their places are kept per audience, the member's standing per member (warm:
    // none read); contributions, grading and votes are one statement, one card or six (grading
    // and votes are asked only when a card is in that phase). SQLite reads the caches' version
    // counter once a request besides.
    const expected = onPostgres() ? 1 : 2;
    expect({ one, all }).toEqual({ one: expected, all: expected });
  });
});

describe('the participation statement, kept per set of questions', () => {
  it('answers for any number of consultations with the one statement text (one list parameter per question)', async () => {
    const idOf = async (name: string) => (await strapi.db.query('plugin::consultations.consultation').findOne({ where: { documentId: ids[name] }, select: ['id'] })).id as number;
    const [contribution, evaluation, vote, quick] = await Promise.all(['contribution', 'evaluation', 'vote', 'quick'].map(idOf));
    const participation = strapi.plugin('consultations').service('participation');
    const of = async (memberId: number, questions: Record<string, number[]>) => {
      const p = await participation.of(memberId, questions);
      return { contributions: Object.fromEntries(p.contributions), grading: Object.fromEntries(p.grading), voted: [...p.voted].sort(), rolled: [...p.rolled].sort() };
    };
    // The same questions asked about one, three, then one other consultation: each time its own answers.
    expect(await of(alice.member.id, { contributions: [contribution], voted: [vote] })).toEqual({ contributions: { [contribution]: 1 }, grading: {}, voted: [vote], rolled: [] });
    expect(await of(alice.member.id, { contributions: [contribution, evaluation, vote], voted: [vote, quick] })).toEqual({ contributions: { [contribution]: 1, [evaluation]: 1 }, grading: {}, voted: [vote], rolled: [] });
    expect(await of(alice.member.id, { contributions: [vote], voted: [quick] })).toEqual({ contributions: {}, grading: {}, voted: [], rolled: [] });
    expect(await of(bob.member.id, { contributions: [contribution, evaluation, vote], voted: [vote] })).toEqual({ contributions: { [contribution]: 1, [evaluation]: 2, [vote]: 1 }, grading: {}, voted: [], rolled: [] });
    // Every question at once (she is on the vote's roll), and an id nobody knows: absent, never an error.
    expect(await of(alice.member.id, { contributions: [999_999_999], grading: [evaluation, 999_999_999], voted: [999_999_999], rolled: [vote, 999_999_999] })).toEqual({ contributions: {}, grading: { [evaluation]: { graded: 2, total: 3 } }, voted: [], rolled: [vote] });
    // Nothing asked: no statement.
    expect(await of(alice.member.id, { contributions: [], voted: [] })).toEqual({ contributions: {}, grading: {}, voted: [], rolled: [] });
  });
});
