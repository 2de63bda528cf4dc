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
 * The commission's exclusion of a member who holds a seat, while staff edit the same member's
 * record: every command that writes a member takes its row, then the audit log's head, last. A
 * decision that ended the seats (and so took the head: their audit entries) before writing the
 * member's status took them the other way round: the two met in a deadlock, and PostgreSQL
 * aborted one of them (a 409 for a decision, or an edit, that nothing stood against).
 */
let strapi: Core.Strapi;
let w: World;
const day = parisDay;
const { post } = routes('/api/sanctions');
const CASE_UID = 'plugin::sanctions.case';

beforeAll(async () => {
  strapi = await bootStrapi();
  await strapi.plugin('notifications').service('worker').stop();
  w = await createWorld();
}, 120_000);

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

/** A case referred by staff and brought to the hearing (dates moved back as needed). */
async function heardCase(respondent: { member: { documentId: string } }, category: string) {
  const c = ok(await post('/cases', w.staff.token, { respondent: respondent.member.documentId, category, facts: 'Faits exposés par l’équipe fédérale.' }), 201);
  ok(await post(`/cases/${c.documentId}/investigation`, w.commission.token));
  ok(await post(`/cases/${c.documentId}/notification`, w.commission.token, { hearingOn: day(15) }));
  await strapi.db.query(CASE_UID).update({ where: { documentId: c.documentId }, data: { hearingOn: day(0), notifiedOn: day(-15) } });
  ok(await post(`/cases/${c.documentId}/hearing`, w.commission.token, { attended: false }));
  return c.documentId as string;
}

describe.skipIf(!onPostgres())('an exclusion decided while staff write the member (PostgreSQL)', () => {
  const writes = [
    { what: 'an edit of the record (their row)', send: (documentId: string) => ({ path: `/api/membership/members/${documentId}`, body: { phone: '04 66 00 00 00' } }) },
    { what: 'a role change (their login account’s row)', send: (documentId: string) => ({ path: `/api/membership/members/${documentId}/role`, body: { role: 'elected-official' } }) },
  ];
  it.each(writes)('$what: both succeed, one after the other; the seat ends under the case’s reference', async ({ send }) => {
    const staff = await actorOf(w.staff.user);
    const respondent = await createMember({ federation: w.federation, section: w.sectionB });
    const body = await createBody(strapi, staff, { kind: 'conseil', seatCount: 10, parityRequired: false, absenceAlertAfter: 3, name: `Conseil fédéral (décision ${respondent.member.id})`, level: 'federation', federation: w.federation.documentId });
    await designateSeat(strapi, staff, body.documentId, { member: respondent.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30) });
    const caseId = await heardCase(respondent, 'discrimination');
    const write = send(respondent.member.documentId);

    const [decision, edit] = await inTurnsAtTheAuditHead(
      strapi,
      () => post(`/cases/${caseId}/decision`, w.commission.token, { level: 'exclusion', reasoning: 'Motifs.', summary: 'Exclusion.' }),
      async () => (await api()).put(write.path).set(bearer(w.staff.token)).send(write.body)
    );
    const seen = JSON.stringify({
      decision: decision.status === 'fulfilled' ? [decision.value.status, decision.value.body?.error?.message] : String(decision.reason),
      write: edit.status === 'fulfilled' ? [edit.value.status, edit.value.body?.error?.message] : String(edit.reason),
    });
    expect(decision.status === 'fulfilled' && decision.value.status, seen).toBe(200);
    expect(edit.status === 'fulfilled' && edit.value.status, seen).toBe(200);
    const member = await strapi.db.query('plugin::membership.member').findOne({ where: { id: respondent.member.id } });
    expect(member.membershipStatus).toBe('excluded');
    const [seat] = await strapi.db.query('plugin::bodies.seat').findMany({ where: { member: { id: respondent.member.id } } });
    expect(seat.endReason).toMatch(/^Commission des conflits, affaire CC-/);
  });
});
