import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { frenchDate, parisDate, type Actor } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { actorOf, createMember, createWorld, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { onPostgres } from '../../../tests/support/instances';
import { inTurnsAtTheAuditHead } from '../../../tests/support/races';
import { createBody } from '../server/src/commands/manage-body';
import { designateSeat } from '../server/src/commands/designate-seat';

/**
 * A member excluded by staff (membership's status command: MEMBER_STATUS_CHANGED, on which
 * bodies ends their seats) while staff end one of those seats by hand, at the same moment:
 * the seat's end holds its row, then takes the audit log's head; the exclusion must not hold
 * the head while it writes the seat (its account's audit entries come after the event's
 * listeners, as a departure's do), or the two meet in a deadlock and PostgreSQL refuses one
 * (409). Either way round, both succeed and the seat ends once, the earlier end kept.
 */
let strapi: Core.Strapi;
let w: World;
let staff: Actor;
const day = (offset: number) => parisDate(new Date(Date.now() + offset * 86_400_000));

beforeAll(async () => {
  strapi = await bootStrapi();
  await strapi.plugin('notifications').service('worker').stop();
  w = await createWorld();
  staff = await actorOf(w.staff.user);
}, 120_000);

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

describe.skipIf(!onPostgres())('an exclusion by staff while the seat is ended by hand (PostgreSQL)', () => {
  it.each(['exclusion first', 'seat end first'])('%s: neither is refused for meeting the other; the seat ends today, « Exclusion du parti »', async (order) => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    const body = await createBody(strapi, staff, { kind: 'conseil', seatCount: 10, parityRequired: false, absenceAlertAfter: 3, name: `Conseil (exclusion ${m.member.id})`, level: 'federation', federation: w.federation.documentId });
    const seat = await designateSeat(strapi, staff, body.documentId, { member: m.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30) });
    const exclude = async () => (await api()).post(`/api/membership/members/${m.member.documentId}/status`).set(bearer(w.staff.token)).send({ status: 'excluded', reason: 'Motif' });
    const end = async () => (await api()).post(`/api/bodies/seats/${seat.documentId}/end`).set(bearer(w.staff.token)).send({ endOn: day(10), reason: 'Démission du conseil' });
    const [a, b] = order === 'exclusion first' ? await inTurnsAtTheAuditHead(strapi, exclude, end) : await inTurnsAtTheAuditHead(strapi, end, exclude);
    const seen = JSON.stringify([a, b].map((r) => (r.status === 'fulfilled' ? [r.value.status, r.value.body?.error?.message ?? null] : String(r.reason))));
    // Never refused for meeting the other (a deadlock); a hand's end after the exclusion's, later
    // than it, is refused for what it is (the seat already ends earlier).
    const expected = order === 'exclusion first' ? [[200, null], [409, `Ce siège prend déjà fin le ${frenchDate(day(0))}.`]] : [[200, null], [200, null]];
    expect(JSON.parse(seen), seen).toEqual(expected);
    const ended = await strapi.db.query('plugin::bodies.seat').findOne({ where: { documentId: seat.documentId } });
    expect([String(ended.endOn).slice(0, 10), ended.endReason]).toEqual([day(0), 'Exclusion du parti']);
  });
});
