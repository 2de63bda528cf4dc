import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { frenchDate, parisDate, type Actor } from '@intranet-militant/shared';
import { bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { onPostgres } from '../../../tests/support/instances';
import { mailTo } from '../../../tests/support/mail';
import { createBody } from '../server/src/commands/manage-body';
import { designateSeat } from '../server/src/commands/designate-seat';
import { createMeeting, setMeetingStatus, updateMeeting } from '../server/src/commands/manage-meeting';
import { inTurnsAtTheAuditHead } from '../../../tests/support/races';

/**
 * Hostile-tester findings on moving a meeting:
 * - moved to another date and back to the first, its seat holders were never told it was back:
 *   the convocation's email is sent once per meeting, date and member, and the first one for
 *   that date had gone — their last email named the date it no longer had;
 * - moved to another time of the same day in the admin panel, it convened no one again: the
 *   convocations kept the old time, and no one was told the new one;
 * - a move checked before a cancellation committed at the same moment was written after it: the
 *   cancelled meeting took the new date and its seat holders were emailed « Nouvelle date » (in
 *   the admin panel too);
 * - its place and its link removed at once, each checked against the meeting still holding the
 *   other: it was left with neither.
 */
let strapi: Core.Strapi;
let w: World;
let staff: Actor;
const day = (offset: number) => parisDate(new Date(Date.now() + offset * 86_400_000));
const at = (offset: number) => `${day(offset)}T18:30:00+01:00`;
const drain = () => strapi.plugin('notifications').service('outbox').drain();
const subjectsTo = (email: string, meeting: { documentId: string }) =>
  mailTo(email).filter((mail) => mail.text.includes(`/instances/reunions/${meeting.documentId}`)).map((mail) => mail.subject);

beforeAll(async () => {
  strapi = await bootStrapi();
  // The test drains the outbox itself: the background worker, woken after each enqueue, would take messages first.
  await strapi.plugin('notifications').service('worker').stop();
  w = await createWorld();
  const full = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: w.staff.user.id }, populate: { role: true } });
  staff = await strapi.plugin('membership').service('actors').forUser(full);
}, 120_000);

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

async function bodyWithHolder(name: string) {
  const anne = await createMember({ federation: w.federation, section: w.sectionA });
  const body = await createBody(strapi, staff, { name, level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 3, parityRequired: false, absenceAlertAfter: 3 });
  await designateSeat(strapi, staff, body.documentId, { member: anne.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: day(-30) });
  const meeting = await createMeeting(strapi, staff, body.documentId, { startsAt: at(4), durationMinutes: 120, place: 'Nîmes', agenda: [{ title: 'Point' }] });
  await drain();
  return { anne, meeting };
}

describe('a meeting moved', () => {
  it('back to the date it had: its seat holders are convened to that date again', async () => {
    const { anne, meeting } = await bodyWithHolder('Bureau (revenu à sa date)');
    await updateMeeting(strapi, staff, meeting.documentId, { startsAt: at(9) });
    await drain();
    await updateMeeting(strapi, staff, meeting.documentId, { startsAt: at(4) });
    await drain();
    const subjects = subjectsTo(anne.user.email, meeting);
    expect(subjects).toHaveLength(3);
    expect(subjects).toContainEqual(`Nouvelle date — convocation : Bureau (revenu à sa date), le ${frenchDate(day(4))} à 18 h 30`);
  });

  it('to another time of the same day in the admin panel: its seat holders are told the new time, as through the API', async () => {
    const { anne, meeting } = await bodyWithHolder('Bureau (avancé dans la journée)');
    const earlier = `${day(4)}T14:00:00+01:00`;
    await strapi.documents('plugin::bodies.meeting').update({ documentId: meeting.documentId, data: { startsAt: new Date(earlier).toISOString() } as any });
    const recorded = await strapi.db.connection('bodies_convocations').where({ meeting_id: meeting.id }).select('starts_at');
    expect(recorded.map((r: { starts_at: unknown }) => new Date(/^\d+$/.test(String(r.starts_at)) ? Number(r.starts_at) : (r.starts_at as string)).toISOString())).toEqual([new Date(earlier).toISOString()]);
    await drain();
    expect(subjectsTo(anne.user.email, meeting)).toContainEqual(`Nouvelle date — convocation : Bureau (avancé dans la journée), le ${frenchDate(day(4))} à 14 h 00`);
  });

  it('twice to one date: its seat holders are told once', async () => {
    const { anne, meeting } = await bodyWithHolder('Bureau (même date)');
    await updateMeeting(strapi, staff, meeting.documentId, { startsAt: at(9) });
    await updateMeeting(strapi, staff, meeting.documentId, { startsAt: at(9), place: 'Alès' });
    await drain();
    expect(subjectsTo(anne.user.email, meeting)).toHaveLength(2);
  });
});

describe.skipIf(!onPostgres())('two changes of a meeting at the same moment (PostgreSQL)', () => {
  /** `first`, then `second` checked against the meeting as it was, committed in that order (tests/support/races.ts). */
  const oneAfterTheOther = (first: () => Promise<unknown>, second: () => Promise<unknown>) => inTurnsAtTheAuditHead(strapi, first, second);

  /** A move of the meeting to day +9, through each door. */
  const moves = {
    'the API': (meeting: { documentId: string }) => updateMeeting(strapi, staff, meeting.documentId, { startsAt: at(9) }),
    'the admin panel': (meeting: { documentId: string }) =>
      strapi.documents('plugin::bodies.meeting').update({ documentId: meeting.documentId, data: { startsAt: new Date(at(9)).toISOString() } as any }),
  };

  it.each(Object.keys(moves) as (keyof typeof moves)[])('a move committed after a cancellation is refused (409) through %s: the meeting keeps its date, no one is told a new one', async (door) => {
    const { anne, meeting } = await bodyWithHolder(`Bureau (annulé pendant un déplacement, ${door})`);
    const [cancelled, moved] = await oneAfterTheOther(
      () => setMeetingStatus(strapi, staff, meeting.documentId, 'cancelled'),
      () => moves[door](meeting)
    );
    expect(cancelled!.status).toBe('fulfilled');
    expect(moved!.status).toBe('rejected');
    expect((moved as PromiseRejectedResult).reason).toMatchObject({ name: 'ConflictError', message: 'Cette réunion est déjà tenue ou annulée : elle ne change plus.' });
    const row = await strapi.db.query('plugin::bodies.meeting').findOne({ where: { id: meeting.id } });
    expect({ status: row.meetingStatus, startsAt: new Date(row.startsAt).toISOString() }).toEqual({ status: 'cancelled', startsAt: new Date(at(4)).toISOString() });
    await drain();
    expect(subjectsTo(anne.user.email, meeting)).toHaveLength(1);
  });

  it('its place and its link removed at once: the second removal is refused (400), the meeting still says where it is', async () => {
    const { meeting } = await bodyWithHolder('Bureau (lieu et lien retirés ensemble)');
    await updateMeeting(strapi, staff, meeting.documentId, { remoteLink: 'https://visio.example.org/bureau' });
    const [placeRemoved, linkRemoved] = await oneAfterTheOther(
      () => updateMeeting(strapi, staff, meeting.documentId, { place: null }),
      () => updateMeeting(strapi, staff, meeting.documentId, { remoteLink: null })
    );
    expect(placeRemoved!.status).toBe('fulfilled');
    expect(linkRemoved!.status).toBe('rejected');
    expect((linkRemoved as PromiseRejectedResult).reason).toMatchObject({ name: 'ValidationError' });
    const row = await strapi.db.query('plugin::bodies.meeting').findOne({ where: { id: meeting.id } });
    expect({ place: row.place, remoteLink: row.remoteLink }).toEqual({ place: null, remoteLink: 'https://visio.example.org/bureau' });
  });
});
