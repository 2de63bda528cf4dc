import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { actorOf, createMember, createWorld, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { onPostgres } from '../../../tests/support/instances';
import { inTurnsAtTheAuditHead } from '../../../tests/support/races';
import { parisDay } from '../../../tests/support/dates';
import { ok, routes } from '../../../tests/support/http';
import { createBody } from '../../bodies/server/src/commands/manage-body';
import { designateSeat } from '../../bodies/server/src/commands/designate-seat';

/**
 * A member moved to another section (membership's MEMBER_MOVED) while a national designation
 * they are a candidate to changes (another candidate withdraws, a vote opens or closes): the
 * move withdraws nothing there (a national designation concerns every member), so it must not
 * hold it either. Bodies' listener, before investitures', ends the former section's seats and
 * so takes the audit log's head; a hold of the national designation after that, while the
 * other command holds the designation and waits for the head, is a deadlock (PostgreSQL aborts
 * one: a 409 to staff, or to the candidate, for a designation the move never touches).
 */
let strapi: Core.Strapi;
let w: World;
const day = parisDay;
const { post } = routes('/api/investitures');
const CANDIDACY_UID = 'plugin::investitures.candidacy';
const open = { candidaciesOpenOn: day(-5), candidaciesCloseOn: day(5), checksBy: day(10), decisionOn: day(20) };
const stateOf = async (documentId: string) => (await strapi.db.query(CANDIDACY_UID).findOne({ where: { documentId } })).state;

beforeAll(async () => {
  strapi = await bootStrapi();
  await strapi.plugin('notifications').service('worker').stop();
  w = await createWorld();
}, 120_000);

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

describe.skipIf(!onPostgres())('a move beside a change of a national designation (PostgreSQL)', () => {
  it('both succeed: the move neither withdraws nor holds the national candidacy; the other candidate’s withdrawal goes through', async () => {
    const staff = await actorOf(w.staff.user);
    const bureau = await createBody(strapi, staff, { kind: 'conseil', seatCount: 10, parityRequired: false, absenceAlertAfter: 3, name: 'Bureau de section (mutation et primaire)', level: 'section', federation: w.federation.documentId, section: w.sectionB.documentId });
    const primary = ok(await post('/designations', w.national.token, { ...open, decidedBy: 'members', voteMethod: 'single', title: 'Primaire (mutation en même temps)', kind: 'presidentielle', scope: 'national', territoryCode: 'FR' }), 201).documentId as string;
    const mover = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: day(-400) });
    const other = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: day(-400) });
    await designateSeat(strapi, staff, bureau.documentId, { member: mover.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30) });
    const moversCandidacy = ok(await post(`/designations/${primary}/candidacies`, mover.token, { statement: 'Je me présente.' }), 201).documentId as string;
    const othersCandidacy = ok(await post(`/designations/${primary}/candidacies`, other.token, { statement: 'Moi aussi.' }), 201).documentId as string;

    const [move, withdrawal] = await inTurnsAtTheAuditHead(
      strapi,
      async () => (await api()).put(`/api/membership/members/${mover.member.documentId}`).set(bearer(w.staff.token)).send({ section: w.sectionA.documentId }),
      () => post(`/candidacies/${othersCandidacy}/withdrawal`, other.token)
    );
    const seen = JSON.stringify({
      move: move.status === 'fulfilled' ? [move.value.status, move.value.body?.error?.message] : String(move.reason),
      withdrawal: withdrawal.status === 'fulfilled' ? [withdrawal.value.status, withdrawal.value.body?.error?.message] : String(withdrawal.reason),
    });
    expect(move.status === 'fulfilled' && move.value.status, seen).toBe(200);
    expect(withdrawal.status === 'fulfilled' && withdrawal.value.status, seen).toBe(200);
    expect([await stateOf(moversCandidacy), await stateOf(othersCandidacy)]).toEqual(['submitted', 'withdrawn']);
  });
});
