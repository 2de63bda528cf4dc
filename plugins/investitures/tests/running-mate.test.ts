import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { parisDay } from '../../../tests/support/dates';
import { mailTo } from '../../../tests/support/mail';
import { ok, routes } from '../../../tests/support/http';
import { frenchDate } from '@intranet-militant/shared';

/**
 * A binôme's running mate is asked (départementales): told at once, the only one who accepts or
 * declines; not named to members until they agree; a decision or a ballot waits for their
 * agreement; a refusal, their departure or their move withdraws the binôme (its candidate told);
 * no double role on one designation; « Mes données ». Each route from 401 to success.
 */
let strapi: Core.Strapi;
let w: World;
const I = '/api/investitures';
const DESIGNATION_UID = 'plugin::investitures.designation';
const CANDIDACY_UID = 'plugin::investitures.candidacy';
const day = parisDay;
const { get, post, send } = routes(I);
const open = { candidaciesOpenOn: day(-5), candidaciesCloseOn: day(5), checksBy: day(10), decisionOn: day(20) };

const drain = () => strapi.plugin('notifications').service('outbox').drain();
const closeCandidacies = (documentId: string) => strapi.db.query(DESIGNATION_UID).update({ where: { documentId }, data: { candidaciesOpenOn: day(-20), candidaciesCloseOn: day(-1), checksBy: day(-1), decisionOn: day(0) } });
const stateOf = async (documentId: string) => (await strapi.db.query(CANDIDACY_UID).findOne({ where: { documentId } })).state;
const withdrawalsOf = async (documentId: string) =>
  (await auditEntriesFor(documentId)).filter((e: any) => e.action === 'plugin::investitures.candidacy.withdraw').map((e: any) => [e.actor_kind, JSON.parse(e.details).reason]);
const nameOf = (m: TestMember) => `${m.member.firstName} ${m.member.lastName}`;
const acceptance = (id: string) => `/candidacies/${id}/running-mate/acceptance`;
const refusal = (id: string) => `/candidacies/${id}/running-mate/refusal`;

async function withModuleOff<T>(run: () => Promise<T>) {
  const switches = strapi.plugin('modules').service('switches');
  await switches.set(w.federation.id, 'investitures', false);
  try {
    return await run();
  } finally {
    await switches.set(w.federation.id, 'investitures', true);
  }
}

/** A departmental election of the federation's canton 05 (a binôme), decided by a body unless told. */
async function binomeDesignation(over: Record<string, unknown> = {}): Promise<string> {
  const input = { title: 'Départementales — canton 5', kind: 'departementales', territoryCode: `${w.federation.departmentCode}-05`, decidedBy: 'body', ...open, ...over };
  return ok(await post('/designations', w.staff.token, input), 201).documentId;
}
const newMember = () => createMember({ federation: w.federation, section: w.sectionA, joinedOn: day(-400) });
const apply = (designation: string, candidate: TestMember, mate: TestMember) =>
  post(`/designations/${designation}/candidacies`, candidate.token, { statement: 'Un binôme pour le canton.', runningMate: mate.member.documentId });
/** A candidate and their running mate; the candidacy's criteria (standing, cumul) checked by staff. */
async function binome(designation: string) {
  const candidate = await newMember();
  const mate = await newMember();
  const id = ok(await apply(designation, candidate, mate), 201).documentId as string;
  ok(await post(`/candidacies/${id}/checks/standing`, w.staff.token));
  ok(await post(`/candidacies/${id}/checks/cumul`, w.staff.token));
  return { candidate, mate, id };
}

beforeAll(async () => {
  strapi = await bootStrapi();
  await strapi.plugin('notifications').service('worker').stop();
  w = await createWorld();
  // This federation's departmental criteria: standing and cumul (the staff's checks), so that the
  // running mate's agreement is what a candidacy lacks.
  ok(await send('put', '/criteria/departementales', w.staff.token, { pledge: false, criminalRecord: false, standing: true, cumul: true, checklist: [] }));
});

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

describe('a binôme’s running mate is asked', () => {
  it('applying names the running mate, who is told at once (mandatory email with the designation’s page); the candidacy awaits their agreement', async () => {
    const designation = await binomeDesignation();
    const candidate = await newMember();
    const mate = await newMember();
    const c = ok(await apply(designation, candidate, mate), 201);
    expect(c).toMatchObject({ view: 'candidate', runningMate: nameOf(mate), runningMateAgreement: 'awaited', runningMateAgreementLabel: 'Accord du ou de la colistier·ère attendu' });
    expect(c.criteria[0]).toMatchObject({ key: 'runningMate', label: 'Accord du ou de la colistier·ère', verdict: 'missing', verdictLabel: 'À faire' });
    await drain();
    const mails = mailTo(mate.user.email).filter((m) => m.subject === 'Vous êtes proposé·e comme colistier·ère — Départementales — canton 5');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`${nameOf(candidate)} vous propose comme colistier·ère de sa candidature en binôme`);
    expect(mails[0]!.text).toContain(`/investitures/${designation}`);
    // The candidate is not told anything about it.
    expect(mailTo(candidate.user.email).filter((m) => /colistier/.test(m.subject))).toHaveLength(0);
  });

  it('GET /candidacies/:id: the running mate sees it (« running-mate » view: public fields and their answer), another member 404', async () => {
    const designation = await binomeDesignation();
    const { candidate, mate, id } = await binome(designation);
    const seen = ok(await get(`/candidacies/${id}`, mate.token));
    expect(seen).toMatchObject({ view: 'running-mate', name: nameOf(candidate), runningMate: nameOf(mate), runningMateAgreement: 'awaited', answeredOn: null, may: { accept: true, decline: true } });
    expect(seen).not.toHaveProperty('criteria');
    expect(seen).not.toHaveProperty('sex');
    expectError(await get(`/candidacies/${id}`, (await newMember()).token), 404);
    // The designation's page lists it as theirs to answer.
    const page = ok(await get(`/designations/${designation}`, mate.token));
    expect(page.mine).toBeNull();
    expect(page.asRunningMate).toEqual([expect.objectContaining({ documentId: id, view: 'running-mate', name: nameOf(candidate) })]);
    expect(ok(await get(`/designations/${designation}`, candidate.token)).asRunningMate).toEqual([]);
  });

  it('POST /candidacies/:id/running-mate/acceptance: 401, 403 module off, 403 candidate and staff, 404 anyone else, 400, then 200 once (409 after), audited', async () => {
    const designation = await binomeDesignation();
    const { candidate, mate, id } = await binome(designation);
    expectError(await post(acceptance(id)), 401);
    await withModuleOff(async () => expectError(await post(acceptance(id), mate.token), 403, 'Investitures et désignations'));
    expectError(await post(acceptance(id), candidate.token), 403, 'Seul·e le ou la colistier·ère proposé·e répond à cette proposition.');
    expectError(await post(acceptance(id), w.staff.token), 403, 'Seul·e le ou la colistier·ère proposé·e répond à cette proposition.');
    expectError(await post(acceptance(id), w.otherStaff.token), 403, 'Cette candidature relève d’une autre fédération.');
    expectError(await post(acceptance(id), w.member.token), 404, 'Candidature introuvable.');
    expectError(await post(acceptance(id), w.national.token), 403);
    expectError(await post(acceptance(id), mate.token, { accept: true }), 400, 'Cette étape ne prend aucune donnée.');
    expect(badRequest(await post(acceptance('pas un identifiant!'), mate.token)).id).toMatch(/^La candidature/);
    expect(await strapi.db.query(CANDIDACY_UID).findOne({ where: { documentId: id }, select: ['mateConfirmedOn'] })).toMatchObject({ mateConfirmedOn: null });
    const accepted = ok(await post(acceptance(id), mate.token));
    expect(accepted).toMatchObject({ view: 'running-mate', runningMateAgreement: 'given', answeredOn: day(0), may: { accept: false, decline: false } });
    expect(accepted.runningMateAgreementLabel).toBe(`Accord du ou de la colistier·ère donné le ${frenchDate(day(0))}`);
    expectError(await post(acceptance(id), mate.token), 409, `Vous avez déjà donné votre accord à cette candidature (le ${frenchDate(day(0))}).`);
    expectError(await post(refusal(id), mate.token), 409, 'Vous avez déjà donné votre accord');
    const mine = ok(await get(`/candidacies/${id}`, candidate.token));
    expect(mine.criteria[0]).toMatchObject({ key: 'runningMate', verdict: 'ok', detail: `Accord donné le ${frenchDate(day(0))}.` });
    expect(mine.meetsCriteria).toBe(true);
    const entries = (await auditEntriesFor(id)).filter((e: any) => e.action === 'plugin::investitures.candidacy.mate-accept');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_kind: expect.not.stringMatching(/^system$/) });
  });

  it('POST /candidacies/:id/running-mate/refusal: 401, 403 module off, 403 candidate and staff, 404 anyone else, 400, then the binôme withdrawn by the system and its candidate told; they apply again with someone else', async () => {
    const designation = await binomeDesignation();
    const { candidate, mate, id } = await binome(designation);
    expectError(await post(refusal(id)), 401);
    await withModuleOff(async () => expectError(await post(refusal(id), mate.token), 403, 'Investitures et désignations'));
    expectError(await post(refusal(id), candidate.token), 403, 'Seul·e le ou la colistier·ère proposé·e répond à cette proposition.');
    expectError(await post(refusal(id), w.staff.token), 403);
    expectError(await post(refusal(id), w.member.token), 404, 'Candidature introuvable.');
    expectError(await post(refusal(id), mate.token, { reason: 'non' }), 400, 'Cette étape ne prend aucune donnée.');
    expect(await stateOf(id)).toBe('submitted');
    const declined = ok(await post(refusal(id), mate.token));
    expect(declined).toMatchObject({ view: 'running-mate', state: 'withdrawn', runningMateAgreement: 'declined', answeredOn: day(0), may: { accept: false, decline: false } });
    expect(await withdrawalsOf(id)).toEqual([['system', 'Le ou la colistier·ère a décliné']]);
    expect((await auditEntriesFor(id)).filter((e: any) => e.action === 'plugin::investitures.candidacy.mate-decline')).toHaveLength(1);
    expectError(await post(refusal(id), mate.token), 409, 'Cette candidature n’est plus en cours.');
    expectError(await post(acceptance(id), mate.token), 409, 'Cette candidature n’est plus en cours.');
    await drain();
    const told = mailTo(candidate.user.email).filter((m) => m.subject === 'Candidature retirée — Départementales — canton 5');
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain(`Votre candidature en binôme (Départementales — canton 5) a été retirée : ${nameOf(mate)} a décliné votre proposition.`);
    // The candidate applies again, with someone else.
    const other = await newMember();
    expect(ok(await apply(designation, candidate, other), 201)).toMatchObject({ runningMate: nameOf(other), runningMateAgreement: 'awaited' });
  });
});

describe('until the running mate agrees', () => {
  it('a body’s decision cannot designate the binôme (409); once they agreed, it can', async () => {
    const designation = await binomeDesignation();
    const { mate, id } = await binome(designation);
    await closeCandidacies(designation);
    const decide = () => post(`/designations/${designation}/decision`, w.staff.token, { minutesReference: 'PV du conseil fédéral', decidedOn: day(0), designated: [id] });
    expectError(await decide(), 409, 'Une candidature désignée ne remplit pas encore tous les critères.');
    ok(await post(acceptance(id), mate.token));
    ok(await decide());
    expect(await stateOf(id)).toBe('designated');
  });

  it('a members’ vote’s ballot leaves the binôme out; members see a running mate named only once they agreed', async () => {
    const designation = await binomeDesignation({ decidedBy: 'members', voteMethod: 'single' });
    const waiting = await binome(designation);
    const agreed = await binome(designation);
    ok(await post(acceptance(agreed.id), agreed.mate.token));
    await closeCandidacies(designation);
    ok(await post(`/designations/${designation}/vote/open`, w.staff.token));
    const row = await strapi.db.query(DESIGNATION_UID).findOne({ where: { documentId: designation } });
    expect(row.rounds[0].candidates).toEqual([agreed.id]);
    const voter = await newMember();
    const page = ok(await get(`/designations/${designation}`, voter.token));
    expect(page.ballot.candidates).toEqual([expect.objectContaining({ documentId: agreed.id, runningMate: nameOf(agreed.mate), runningMateAgreement: 'given' })]);
    expect(JSON.stringify(page)).not.toContain(nameOf(waiting.mate));
    // A binôme on a ballot without the agreement recorded (one written before it was asked):
    // members are told it is awaited, never the name.
    await strapi.db.query(CANDIDACY_UID).update({ where: { documentId: agreed.id }, data: { mateConfirmedOn: null } });
    const [before] = ok(await get(`/designations/${designation}`, voter.token)).ballot.candidates;
    expect(before).toMatchObject({ runningMate: null, runningMateAgreement: 'awaited', runningMateAgreementLabel: 'Accord du ou de la colistier·ère attendu' });
    expect(JSON.stringify(before)).not.toContain(nameOf(agreed.mate));
    // The running mate may still agree while on the ballot; they may not decline (a vote is open).
    expect(ok(await get(`/candidacies/${agreed.id}`, agreed.mate.token)).may).toEqual({ accept: true, decline: false });
    expectError(await post(refusal(agreed.id), agreed.mate.token), 409, 'Le vote est ouvert ou la désignation faite');
    ok(await post(acceptance(agreed.id), agreed.mate.token));
    const [after] = ok(await get(`/designations/${designation}`, voter.token)).ballot.candidates;
    expect(after).toMatchObject({ runningMate: nameOf(agreed.mate), runningMateAgreement: 'given' });
  });
});

describe('a vote’s close', () => {
  it('does not judge the running mate’s agreement again: a binôme on the ballot recorded before it was asked is designated when it wins', async () => {
    const designation = await binomeDesignation({ decidedBy: 'members', voteMethod: 'single' });
    const { mate, id } = await binome(designation);
    ok(await post(acceptance(id), mate.token));
    const voter = await newMember();
    await closeCandidacies(designation);
    ok(await post(`/designations/${designation}/vote/open`, w.staff.token));
    await strapi.db.query(CANDIDACY_UID).update({ where: { documentId: id }, data: { mateConfirmedOn: null } });
    ok(await post(`/designations/${designation}/ballots`, voter.token, { choice: id }), 201);
    const results = ok(await post(`/designations/${designation}/vote/close`, w.staff.token));
    expect(results.rounds[0].withheld).toBe(false);
    expect(await stateOf(id)).toBe('designated');
  });
});

describe('no double role on one designation', () => {
  it('one already a candidate or someone’s running mate cannot be named (400 on runningMate); one named cannot apply themself there (409) until the binôme is gone', async () => {
    const designation = await binomeDesignation();
    const { candidate, mate, id } = await binome(designation);
    const third = await newMember();
    expect(badRequest(await apply(designation, third, mate)).runningMate).toBe('Ce ou cette adhérent·e est déjà proposé·e comme colistier·ère d’une autre candidature à cette désignation.');
    expect(badRequest(await apply(designation, third, candidate)).runningMate).toBe('Ce ou cette adhérent·e est déjà candidat·e à cette désignation : il ou elle ne peut pas être votre colistier·ère.');
    expectError(await apply(designation, mate, third), 409, 'Vous êtes proposé·e comme colistier·ère d’une candidature à cette désignation : vous ne pouvez pas vous y présenter vous-même.');
    // Only a member of the federation still in the party: not one who left, was excluded, nor oneself or another federation's.
    const [left, excluded, outsider] = [await newMember(), await createMember({ federation: w.federation, section: w.sectionA, status: 'excluded' }), await createMember({ federation: w.other })];
    await strapi.db.query('plugin::membership.member').update({ where: { id: left.member.id }, data: { leftOn: day(-1) } });
    for (const who of [left, excluded, outsider, third]) expect(badRequest(await apply(designation, third, who)).runningMate).toBe('Colistier·ère introuvable dans votre fédération.');
    // Another designation is another matter.
    const elsewhere = await binomeDesignation({ title: 'Départementales — canton 6', territoryCode: `${w.federation.departmentCode}-06` });
    ok(await apply(elsewhere, mate, third), 201);
    // Once they declined, they are free to apply there themself.
    ok(await post(refusal(id), mate.token));
    ok(await apply(designation, mate, third), 201);
  });
  it('two at once (several instances on PostgreSQL): two candidacies naming the same running mate, one 201 and the other 400; one naming a member who applies at the same time, one stands and the other is refused', async () => {
    const designation = await binomeDesignation();
    const [a, b, mate] = [await newMember(), await newMember(), await newMember()];
    const both = await Promise.all([apply(designation, a, mate), apply(designation, b, mate)]);
    const seen = JSON.stringify(both.map((res) => ({ status: res.status, error: res.body?.error?.message ?? null })));
    expect(both.map((res) => res.status).sort(), seen).toEqual([201, 400]);
    expect(await strapi.db.query(CANDIDACY_UID).count({ where: { runningMateId: mate.member.id, state: 'submitted' } })).toBe(1);
    const [c, d, e] = [await newMember(), await newMember(), await newMember()];
    const crossed = await Promise.all([apply(designation, c, d), apply(designation, d, e)]);
    const seenCrossed = JSON.stringify(crossed.map((res) => ({ status: res.status, error: res.body?.error?.message ?? null })));
    // The first in wins: d named (d's own candidacy 409), or d a candidate (naming d is a 400).
    expect([[201, 409], [400, 201]], seenCrossed).toContainEqual(crossed.map((res) => res.status));
    const roles = (await strapi.db.query(CANDIDACY_UID).count({ where: { memberId: d.member.id, state: 'submitted' } })) + (await strapi.db.query(CANDIDACY_UID).count({ where: { runningMateId: d.member.id, state: 'submitted' } }));
    expect(roles, seenCrossed).toBe(1);
  });
});

describe('the running mate leaves, moves or is erased', () => {
  it('their departure withdraws the binômes that name them (reason, candidate told), one on an opened vote’s ballot stays', async () => {
    const standing = await binome(await binomeDesignation());
    const voted = await binomeDesignation({ decidedBy: 'members', voteMethod: 'single' });
    const onBallot = await binome(voted);
    ok(await post(acceptance(onBallot.id), onBallot.mate.token));
    await closeCandidacies(voted);
    ok(await post(`/designations/${voted}/vote/open`, w.staff.token));
    // The same member is the running mate of both: the one on the ballot named them too.
    await strapi.db.query(CANDIDACY_UID).update({ where: { documentId: onBallot.id }, data: { runningMateId: standing.mate.member.id } });
    const on = day(-1);
    const left = await (await api()).post(`/api/membership/members/${standing.mate.member.documentId}/departure`).set(bearer(w.staff.token)).send({ on, reason: 'Démission' });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect([await stateOf(standing.id), await stateOf(onBallot.id)]).toEqual(['withdrawn', 'submitted']);
    expect(await withdrawalsOf(standing.id)).toEqual([['system', `Colistier·ère : départ du parti (le ${frenchDate(on)})`]]);
    await drain();
    const told = mailTo(standing.candidate.user.email).filter((m) => m.subject === 'Candidature retirée — Départementales — canton 5');
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('votre colistier·ère a quitté le parti');
  });

  it('their exclusion withdraws the binômes that name them under a neutral reason (a staff exclusion is not published), the candidate told', async () => {
    const { candidate, mate, id } = await binome(await binomeDesignation());
    const excluded = await (await api()).post(`/api/membership/members/${mate.member.documentId}/status`).set(bearer(w.staff.token)).send({ status: 'excluded', reason: 'Propos contraires aux statuts' });
    expect(excluded.status, JSON.stringify(excluded.body)).toBe(200);
    expect(await stateOf(id)).toBe('withdrawn');
    expect(await withdrawalsOf(id)).toEqual([['system', 'Colistier·ère : n’est plus adhérent·e']]);
    await drain();
    const told = mailTo(candidate.user.email).filter((m) => m.subject.startsWith('Candidature retirée'));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).not.toContain('Propos contraires');
  });

  it('their move out of the designation’s federation withdraws the binôme (« Colistier·ère : changement de fédération »); a change of section does not', async () => {
    const { candidate, mate, id } = await binome(await binomeDesignation());
    const section = await (await api()).put(`/api/membership/members/${mate.member.documentId}`).set(bearer(w.staff.token)).send({ section: w.sectionB.documentId });
    expect(section.status, JSON.stringify(section.body)).toBe(200);
    expect(await stateOf(id)).toBe('submitted');
    const away = await (await api()).put(`/api/membership/members/${mate.member.documentId}`).set(bearer(w.national.token)).send({ federation: w.other.documentId });
    expect(away.status, JSON.stringify(away.body)).toBe(200);
    expect(await stateOf(id)).toBe('withdrawn');
    expect(await withdrawalsOf(id)).toEqual([['system', 'Colistier·ère : changement de fédération']]);
    await drain();
    expect(mailTo(candidate.user.email).filter((m) => m.subject.startsWith('Candidature retirée') && m.text.includes('a rejoint une autre fédération'))).toHaveLength(1);
  });

  it('their erasure withdraws a standing binôme that names them; « Mes données » lists the binômes one is named on, with one’s answer', async () => {
    const first = await binome(await binomeDesignation());
    const second = await binome(await binomeDesignation({ title: 'Départementales — canton 7', territoryCode: `${w.federation.departmentCode}-07` }));
    // The same running mate for both: they accepted the first, not yet the second.
    await strapi.db.query(CANDIDACY_UID).update({ where: { documentId: second.id }, data: { runningMateId: first.mate.member.id } });
    ok(await post(acceptance(first.id), first.mate.token));
    const part = await strapi.plugin('investitures').service('personal-data').personalData({ memberId: first.mate.member.id });
    const section = part.sections.find((s: any) => s.title === 'Binômes dont vous êtes colistier·ère');
    expect(section.rows).toEqual([
      { Désignation: 'Départementales — canton 5 (Élections départementales)', 'Proposé·e le': day(0), 'Étape de la candidature': expect.any(String), 'Votre réponse': `Accord donné le ${frenchDate(day(0))}` },
      { Désignation: 'Départementales — canton 7 (Élections départementales)', 'Proposé·e le': day(0), 'Étape de la candidature': expect.any(String), 'Votre réponse': 'En attente de votre réponse' },
    ]);
    const m = first.mate.member;
    const subject = { memberId: m.id, memberDocumentId: m.documentId, userId: null, federationId: w.federation.id, email: null, membershipNumber: m.membershipNumber, firstName: m.firstName, lastName: m.lastName };
    const report = await strapi.plugin('investitures').service('erasure').erase(subject);
    expect(report.counts).toMatchObject({ binomesAsRunningMate: 2, binomesWithdrawn: 2, binomesOnBallot: 0 });
    expect([await stateOf(first.id), await stateOf(second.id)]).toEqual(['withdrawn', 'withdrawn']);
    expect(await withdrawalsOf(second.id)).toEqual([['system', 'Colistier·ère : départ du parti']]);
  });
});
