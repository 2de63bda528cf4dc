import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@intranet-militant/shared';
import { bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { advancePhase } from '../server/src/commands/advance-phase';
import { castBallot } from '../server/src/commands/cast-ballot';
import { buildSynthesis, editSynthesis } from '../server/src/commands/compose-synthesis';
import { editContribution } from '../server/src/commands/edit-contribution';
import { gradeProposal, gradeProposals } from '../server/src/commands/grade-proposal';
import { changeSources, createProposal, mergeProposal, updateProposal } from '../server/src/commands/group-proposals';
import { moderateContribution } from '../server/src/commands/moderate-contribution';
import { createConsultation, updateConsultation } from '../server/src/commands/save-consultation';
import { submitContribution } from '../server/src/commands/submit-contribution';

/**
 * Every command of the consultations plugin, called directly (no HTTP) against the run's
 * database, with actors built as the `authorize` policy builds them: allowed, refused
 * (403: not theirs to run, outside the audience, ineligible), conflict (409: wrong phase,
 * a second time), and a write after its deadline refused before the clock's job has run.
 */
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const STATUS: Record<string, number> = { ValidationError: 400, ForbiddenError: 403, NotFoundError: 404, ConflictError: 409 };
const CONSULTATION = 'plugin::consultations.consultation';

let w: World;
let staff: Actor;
let otherStaff: Actor;
let member: Actor;
let memberB: Actor;
let otherMember: Actor;
let unpaid: Actor;

/** The actor the `authorize` policy would build for this member's account. */
async function actorOf(m: Pick<TestMember, 'user'>): Promise<Actor> {
  const strapi = await bootStrapi();
  const user = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: m.user.id }, populate: ['role'] });
  return strapi.plugin('membership').service('actors').forUser(user);
}

/** The command is refused with this status (and message). */
async function refused(command: Promise<unknown>, status: number, message?: string) {
  const error = await command.then(
    () => null,
    (e: Error) => e
  );
  expect(error, 'the command should have been refused').not.toBeNull();
  expect(STATUS[error!.name], `${error!.name}: ${error!.message}`).toBe(status);
  if (message) expect(error!.message).toContain(message);
}

const stored = async (documentId: string) => (await (await bootStrapi()).db.query(CONSULTATION).findOne({ where: { documentId } })).phase as string;

/** Moves a planned end into the past, as time does (no rule, no clock). */
async function endNow(documentId: string, field: string) {
  await (await bootStrapi()).db.query(CONSULTATION).update({ where: { documentId }, data: { [field]: new Date(Date.now() - 1).toISOString() } });
}

const fullCalendar = () => ({
  opensAt: at(-1),
  phases: { contribution: { endsAt: at(10) }, analysis: { endsAt: at(20) }, evaluation: { endsAt: at(30) }, vote: { endsAt: at(40) } },
});

/** A published full consultation of w.federation (its contribution phase opened yesterday). */
async function published(title: string) {
  const strapi = await bootStrapi();
  const c = await createConsultation(strapi, staff, { kind: 'full', title, audience: 'federation', ...fullCalendar() });
  await advancePhase(strapi, staff, c.documentId, 'draft');
  return c.documentId;
}

beforeAll(async () => {
  w = await createWorld();
  staff = await actorOf(w.staff);
  otherStaff = await actorOf(w.otherStaff);
  member = await actorOf(w.member);
  memberB = await actorOf(w.memberB);
  otherMember = await actorOf(w.otherMember);
  unpaid = await actorOf(await createMember({ federation: w.federation, section: w.sectionA, paidYears: [] }));
});

describe('save-consultation', () => {
  it('creates a draft for its staff, refuses other federations, keeps published rules', async () => {
    const strapi = await bootStrapi();
    const c = await createConsultation(strapi, staff, { kind: 'full', title: 'Brouillon', audience: 'federation', ...fullCalendar() });
    expect(c).toMatchObject({ phase: 'draft', federation: { id: w.federation.id } });
    await refused(createConsultation(strapi, otherStaff, { kind: 'full', title: 'Ailleurs', audience: 'federation', federation: w.federation.documentId, ...fullCalendar() }), 403);
    await refused(updateConsultation(strapi, otherStaff, c.documentId, { title: 'Piraté' }), 404, 'Consultation introuvable'); // issue 10: looks absent
    expect((await updateConsultation(strapi, staff, c.documentId, { title: 'Brouillon revu' })).title).toBe('Brouillon revu');
    await advancePhase(strapi, staff, c.documentId, 'draft');
    await refused(updateConsultation(strapi, staff, c.documentId, { majority: 'two-thirds' }), 400, 'Ce réglage est publié');
  });
});

describe('advance-phase', () => {
  it('moves one phase for its staff, once, and refuses the rest', async () => {
    const strapi = await bootStrapi();
    const id = await published('Avancer');
    await refused(advancePhase(strapi, otherStaff, id, 'upcoming'), 404, 'Consultation introuvable'); // issue 10: looks absent
    await refused(advancePhase(strapi, member, id, 'upcoming'), 403);
    // Opened yesterday: the write takes the clock's step first, so `upcoming` is already over.
    await refused(advancePhase(strapi, staff, id, 'upcoming'), 409, 'déjà en phase « Contributions »');
    expect(await stored(id)).toBe('contribution');
    expect((await advancePhase(strapi, staff, id, 'contribution')).phase).toBe('analysis');
    await refused(advancePhase(strapi, staff, id, 'contribution'), 409, 'déjà en phase');
    await refused(advancePhase(strapi, staff, id, 'analysis'), 409, 'Aucune proposition à évaluer');
  });
});

describe('submit-contribution', () => {
  it('takes an eligible member’s contribution in the contribution phase only', async () => {
    const strapi = await bootStrapi();
    const id = await published('Contribuer');
    const created = await submitContribution(strapi, member, id, { title: 'Vélos', body: 'Des pistes cyclables.' });
    expect(created).toMatchObject({ title: 'Vélos', state: 'submitted' });
    await refused(submitContribution(strapi, otherMember, id, { title: 'x', body: 'y' }), 404, 'Consultation introuvable'); // issue 10: looks absent
    await refused(submitContribution(strapi, unpaid, id, { title: 'x', body: 'y' }), 403, 'non réglée');
    await endNow(id, 'contributionEndsAt');
    // No clock job has run: the command itself sees the phase has ended, and records the step.
    await refused(submitContribution(strapi, memberB, id, { title: 'Trop tard', body: 'y' }), 409, 'phase « Analyse et regroupement »');
    expect(await stored(id)).toBe('analysis');
  });
});

describe('edit-contribution', () => {
  it('lets the author edit and withdraw, nobody else, once', async () => {
    const strapi = await bootStrapi();
    const id = await published('Modifier');
    const mine = await submitContribution(strapi, member, id, { title: 'Avant', body: 'Texte.' });
    // Another member's contribution looks absent to a member (issue 10).
    await refused(editContribution(strapi, memberB, id, mine.documentId, { title: 'Piraté' }), 404, 'Contribution introuvable.');
    // Its staff read it: they are told why they may not edit it.
    await refused(editContribution(strapi, staff, id, mine.documentId, { title: 'Piraté' }), 403, 'vos propres contributions');
    await refused(editContribution(strapi, otherMember, id, mine.documentId, { title: 'Piraté' }), 404, 'Consultation introuvable'); // issue 10: looks absent
    expect((await editContribution(strapi, member, id, mine.documentId, { title: 'Après' })).title).toBe('Après');
    expect((await editContribution(strapi, member, id, mine.documentId, 'withdraw')).state).toBe('withdrawn');
    await refused(editContribution(strapi, member, id, mine.documentId, 'withdraw'), 409, 'déjà retirée');
    await refused(editContribution(strapi, member, id, 'inconnue', { title: 'x' }), 404);
  });
});

describe('moderate-contribution', () => {
  it('lets its staff hide and restore, with a reason, in any phase', async () => {
    const strapi = await bootStrapi();
    const id = await published('Modérer');
    const x = await submitContribution(strapi, member, id, { title: 'Propos', body: 'Texte.' });
    await refused(moderateContribution(strapi, member, id, x.documentId, { hidden: true, reason: 'Hors sujet' }), 403);
    await refused(moderateContribution(strapi, otherStaff, id, x.documentId, { hidden: true, reason: 'Hors sujet' }), 404, 'Consultation introuvable'); // issue 10: looks absent
    await advancePhase(strapi, staff, id, 'contribution');
    expect((await moderateContribution(strapi, staff, id, x.documentId, { hidden: true, reason: 'Hors sujet' })).state).toBe('hidden');
    await refused(moderateContribution(strapi, staff, id, x.documentId, { hidden: true, reason: 'Encore' }), 409, 'déjà masquée');
    expect((await moderateContribution(strapi, staff, id, x.documentId, { hidden: false, reason: 'Reformulée' })).state).toBe('submitted');
  });
});

describe('group-proposals', () => {
  it('groups contributions into proposals during the analysis, for its staff', async () => {
    const strapi = await bootStrapi();
    const id = await published('Regrouper');
    const a = await submitContribution(strapi, member, id, { title: 'Bus', body: 'Des bus gratuits.' });
    const b = await submitContribution(strapi, memberB, id, { title: 'Car', body: 'Des cars gratuits.' });
    await refused(createProposal(strapi, staff, id, { title: 'Trop tôt', sources: [a.documentId] }), 409, 'pas en phase « Analyse et regroupement »');
    await advancePhase(strapi, staff, id, 'contribution');
    await refused(createProposal(strapi, member, id, { title: 'P', sources: [] }), 403);
    await refused(createProposal(strapi, otherStaff, id, { title: 'P', sources: [] }), 404, 'Consultation introuvable'); // issue 10: looks absent
    await refused(createProposal(strapi, staff, id, { title: 'P', sources: ['inconnue'] }), 400, 'Contributions inconnues');
    const first = await createProposal(strapi, staff, id, { title: 'Transports', sources: [a.documentId] });
    const second = await createProposal(strapi, staff, id, { title: 'Cars', sources: [] });
    await changeSources(strapi, staff, id, second.documentId, { add: [b.documentId], remove: [] });
    expect((await updateProposal(strapi, staff, id, first.documentId, { title: 'Transports gratuits' }))?.title).toBe('Transports gratuits');
    await refused(mergeProposal(strapi, staff, id, first.documentId, first.documentId), 400, 'elle-même');
    expect((await mergeProposal(strapi, staff, id, second.documentId, first.documentId)).documentId).toBe(first.documentId);
    await refused(mergeProposal(strapi, staff, id, second.documentId, first.documentId), 409, 'fusionnée');
    await endNow(id, 'analysisEndsAt');
    // The write takes the clock's step (the proposals open the evaluation) and is refused.
    await refused(updateProposal(strapi, staff, id, first.documentId, { title: 'Trop tard' }), 409, 'pas en phase « Analyse et regroupement »');
    expect(await stored(id)).toBe('evaluation');
  });
});

/** A consultation in its evaluation, with two proposals; returns their documentIds. */
async function inEvaluation(title: string) {
  const strapi = await bootStrapi();
  const id = await published(title);
  const a = await submitContribution(strapi, member, id, { title: 'Bus', body: 'Des bus gratuits.' });
  const b = await submitContribution(strapi, memberB, id, { title: 'Journal', body: 'Un journal interne.' });
  await advancePhase(strapi, staff, id, 'contribution');
  const p1 = await createProposal(strapi, staff, id, { title: 'Bus gratuits', sources: [a.documentId] });
  const p2 = await createProposal(strapi, staff, id, { title: 'Journal', sources: [b.documentId] });
  await advancePhase(strapi, staff, id, 'analysis');
  return { id, proposals: [p1.documentId, p2.documentId] };
}

describe('grade-proposal', () => {
  it('records an eligible member’s grades during the evaluation, replacing them on a second grading', async () => {
    const strapi = await bootStrapi();
    const { id, proposals } = await inEvaluation('Noter');
    expect(await gradeProposals(strapi, member, id, [{ proposal: proposals[0], effort: 2, impact: 5 }])).toEqual([{ proposal: proposals[0], effort: 2, impact: 5 }]);
    expect(await gradeProposals(strapi, member, id, [{ proposal: proposals[0], impact: 3 }])).toEqual([{ proposal: proposals[0], effort: 2, impact: 3 }]);
    await refused(gradeProposals(strapi, unpaid, id, [{ proposal: proposals[0], impact: 3 }]), 403, 'non réglée');
    await refused(gradeProposals(strapi, otherMember, id, [{ proposal: proposals[0], impact: 3 }]), 404, 'Consultation introuvable'); // issue 10: looks absent
    await refused(gradeProposals(strapi, member, id, [{ proposal: 'inconnue', impact: 3 }]), 400, 'Proposition inconnue dans cette consultation : inconnue.');
    await refused(gradeProposal(strapi, member, id, 'inconnue', { impact: 3 }), 404, 'Proposition introuvable.'); // named in the path: looks absent
    await endNow(id, 'evaluationEndsAt');
    await refused(gradeProposals(strapi, memberB, id, [{ proposal: proposals[1], impact: 4 }]), 409, 'la phase « Évaluation » est close');
  });
});

describe('compose-synthesis', () => {
  it('composes and edits the synthesis during the evaluation, for its staff, frozen once the vote opens', async () => {
    const strapi = await bootStrapi();
    const { id, proposals } = await inEvaluation('Composer');
    await refused(buildSynthesis(strapi, member, id, {}), 403);
    await refused(buildSynthesis(strapi, otherStaff, id, {}), 404, 'Consultation introuvable'); // issue 10: looks absent
    const built = await buildSynthesis(strapi, staff, id, { proposals: [proposals[1], proposals[0]] });
    expect(built!.sections.map((s) => s.proposal?.documentId)).toEqual([proposals[1], proposals[0]]);
    const edited = await editSynthesis(strapi, staff, id, { title: 'Notre projet' });
    expect(edited!.title).toBe('Notre projet');
    await advancePhase(strapi, staff, id, 'evaluation');
    await refused(editSynthesis(strapi, staff, id, { title: 'Trop tard' }), 409, 'soumise au vote');
  });

  it('refuses a synthesis before the evaluation', async () => {
    const strapi = await bootStrapi();
    const id = await published('Composer trop tôt');
    await refused(buildSynthesis(strapi, staff, id, {}), 409, 'se compose pendant la phase « Évaluation »');
  });
});

describe('cast-ballot', () => {
  it('takes one secret ballot per eligible member during the vote, and none after its deadline', async () => {
    const strapi = await bootStrapi();
    const created = await createConsultation(strapi, staff, {
      kind: 'quick', title: 'Voter', audience: 'federation', question: 'Congrès à Nîmes ?', answerType: 'choice', choices: ['Oui', 'Non'],
      opensAt: at(-1), phases: { vote: { endsAt: at(2) } },
    });
    const id = created.documentId;
    await advancePhase(strapi, staff, id, 'draft');
    const ballot = await castBallot(strapi, member, id, { answer: 1 });
    expect(ballot.receipt).toMatch(/^[0-9a-f]{64}$/);
    await refused(castBallot(strapi, member, id, { answer: 2 }), 409, 'déjà voté');
    await refused(castBallot(strapi, otherMember, id, { answer: 1 }), 404, 'Consultation introuvable'); // issue 10: looks absent
    await refused(castBallot(strapi, unpaid, id, { answer: 1 }), 403, 'non réglée');
    await refused(castBallot(strapi, memberB, id, { answer: 3 }), 400, 'de 1 à 2');

    const row = await strapi.db.query(CONSULTATION).findOne({ where: { documentId: id } });
    const ballots = async () => Number((await strapi.db.connection('consultations_ballots').where({ consultation_id: row.id }).count({ n: '*' }))[0].n);
    await endNow(id, 'voteEndsAt');
    expect(await stored(id)).toBe('vote'); // no clock job has run
    await refused(castBallot(strapi, memberB, id, { answer: 2 }), 409, 'Vote impossible');
    expect(await ballots()).toBe(1);
    // The refusal kept the clock's step: the vote is closed and counted.
    const closed = await strapi.db.query(CONSULTATION).findOne({ where: { documentId: id } });
    expect(closed.phase).toBe('results');
    expect(closed.results).toMatchObject({ cast: 1, counts: { 1: 1, 2: 0 } });
  });
});

describe('reads never write', () => {
  it('shows the effective phase and the count of an ended vote without recording anything', async () => {
    const strapi = await bootStrapi();
    const created = await createConsultation(strapi, staff, {
      kind: 'quick', title: 'Lire', audience: 'federation', question: 'Lire ?', answerType: 'graded', opensAt: at(-1), phases: { vote: { endsAt: at(2) } },
    });
    const id = created.documentId;
    await advancePhase(strapi, staff, id, 'draft');
    await castBallot(strapi, member, id, { answer: 4 });
    await endNow(id, 'voteEndsAt');
    const audit = async () => Number((await strapi.db.connection('audit_log').count({ n: '*' }))[0].n);
    const before = await audit();
    const { readable, voteFor } = await import('../server/src/queries');
    const { c } = await readable(strapi, member, id);
    expect([c.phase, c.phaseStored, c.pendingTransition]).toEqual(['results', 'vote', true]);
    expect((await voteFor(strapi, member, id)).results).toMatchObject({ cast: 1, median: 4 });
    expect(await stored(id)).toBe('vote');
    expect(await audit()).toBe(before);
    // The clock's job records the step (and the same count).
    await strapi.plugin('consultations').service('clock').tick();
    const row = await strapi.db.query(CONSULTATION).findOne({ where: { documentId: id } });
    expect([row.phase, row.results.cast]).toEqual(['results', 1]);
  });
});
