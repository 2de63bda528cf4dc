import { beforeAll, describe, expect, it } from 'vitest';
import { parisDate, todayInParis, type Actor } from '@intranet-militant/shared';
import { bootStrapi } from '../../../tests/support/strapi';
import { actorOf, createMember, createWorld, type World } from '../../../tests/support/factories';
import { createBody } from '../server/src/commands/manage-body';
import { designateSeat } from '../server/src/commands/designate-seat';
import { createMeeting, setMeetingStatus } from '../server/src/commands/manage-meeting';
import { approveMinutes, correctMinutes, publishMinutes, saveMinutes } from '../server/src/commands/minutes';
import { bodyIndicators, myIndicators } from '../server/src/queries/views';
import { violatesSeatOverlap } from '../server/src/storage';

let w: World;
let staff: Actor;


beforeAll(async () => {
  w = await createWorld();
  staff = await actorOf(w.staff.user);
});

describe('the overlap rule', () => {
  it('two designations of the same member, role and body at once: one seat, one 409', async () => {
    const strapi = await bootStrapi();
    const body = await createBody(strapi, staff, { name: 'Commission des finances', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 5, parityRequired: false, absenceAlertAfter: 3 });
    const input = { member: w.member.member.documentId, role: 'titulaire' as const, designation: 'co-opted' as const, startOn: '2026-01-01' };
    const results = await Promise.allSettled([designateSeat(strapi, staff, body.documentId, input), designateSeat(strapi, staff, body.documentId, { ...input, startOn: '2026-02-01' })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ status: 409, name: 'ConflictError' });
    expect(refused.reason.message).toMatch(/chevauche/);
  });

  it('PostgreSQL refuses an overlapping seat written around the command (exclusion constraint); SQLite relies on the command', async () => {
    const strapi = await bootStrapi();
    const body = await createBody(strapi, staff, { name: 'Commission électorale', level: 'federation', kind: 'commission', federation: w.federation.documentId, seatCount: 5, parityRequired: false, absenceAlertAfter: 3 });
    const seat = await designateSeat(strapi, staff, body.documentId, { member: w.member.member.documentId, role: 'titulaire', designation: 'co-opted', startOn: '2026-01-01', endOn: '2026-07-01' });
    const raw = (startOn: string, endOn: string | null) =>
      strapi.db.query('plugin::bodies.seat').create({ data: { body: body.id, member: w.member.member.id, role: 'titulaire', designation: 'co-opted', startOn, endOn, overlapKey: `${body.id}:${w.member.member.id}:titulaire` } });
    // Half-open: a seat starting on the end date does not overlap, on any database.
    expect((await raw('2026-07-01', null)).id).toBeGreaterThan(seat.id);
    if (strapi.db.dialect.client === 'postgres') {
      const error = await raw('2026-03-01', '2026-04-01').catch((e: unknown) => e);
      expect(violatesSeatOverlap(error)).toBe(true);
    }
  });
});

describe('the development demo (made through the commands)', () => {
  it('bodies, twelve months of meetings, minutes, and a member with low attendance and three absences in a row', async () => {
    const strapi = await bootStrapi();
    const emails = ['adherent@gard.example', 'adherent.impaye@gard.example', 'nouvelle.adherente@gard.example', 'secretaire.nimes@gard.example', 'equipe@gard.example', 'elu@gard.example', 'tresoriere@gard.example'];
    const members: Record<string, string> = {};
    const people: Record<string, Awaited<ReturnType<typeof createMember>>> = {};
    for (const email of emails) {
      people[email] = email === 'equipe@gard.example' ? w.staff : await createMember({ federation: w.federation, section: w.sectionA });
      members[email] = people[email].member.documentId;
    }
    await strapi.plugin('bodies').service('demo').seed({ federation: w.federation.documentId, section: w.sectionA.documentId, staffUserId: w.staff.user.id, members });
    const bureau = await strapi.db.query('plugin::bodies.body').findOne({ where: { name: 'Bureau fédéral du Gard' } });
    const indicators = await bodyIndicators(strapi, staff, bureau.documentId, {});
    const julien = indicators.seats.find((s) => s.member.documentId === members['adherent.impaye@gard.example'])!;
    expect(julien).toMatchObject({ streak: 3, alert: true });
    expect(julien.rate!).toBeLessThan(0.5);
    expect(indicators.alerts.map((a) => a.member.documentId)).toEqual([members['adherent.impaye@gard.example']]);
    const published = await strapi.db.query('plugin::bodies.minutes').count({ where: { minutesStatus: 'published' } });
    expect(published).toBeGreaterThanOrEqual(11 + 3 + 11);
    // Each published a few days after the meeting that approved it, not all on the seed day.
    const bureauMinutes: { releasedOn: string; approvedOn: string }[] = await strapi.db
      .query('plugin::bodies.minutes')
      .findMany({ where: { minutesStatus: 'published', meeting: { body: { id: bureau.id } } }, select: ['releasedOn', 'approvedOn'] });
    expect(bureauMinutes).toHaveLength(11);
    for (const m of bureauMinutes) {
      expect(m.releasedOn >= m.approvedOn && m.releasedOn <= todayInParis(), JSON.stringify(m)).toBe(true);
      expect(Date.parse(m.releasedOn) - Date.parse(m.approvedOn)).toBeLessThanOrEqual(4 * 86_400_000);
    }
    expect(new Set(bureauMinutes.map((m) => m.releasedOn)).size).toBe(11);
    // Place names keep their capitals in the minutes' summaries (« section de Nîmes », not « nîmes »).
    const section = await strapi.db.query('plugin::bodies.body').findOne({ where: { name: 'Bureau de la section de Nîmes' } });
    const sectionMinutes: { summary: string }[] = await strapi.db.query('plugin::bodies.minutes').findMany({ where: { meeting: { body: { id: section.id } } }, select: ['summary'] });
    expect(sectionMinutes.length).toBeGreaterThan(0);
    for (const m of sectionMinutes) expect(m.summary).toMatch(/^Réunion du bureau de la section de Nîmes : [a-zé]/);
    const bureauSummary: { summary: string } = await strapi.db.query('plugin::bodies.minutes').findOne({ where: { meeting: { body: { id: bureau.id } } }, select: ['summary'] });
    expect(bureauSummary.summary).toMatch(/^Réunion du bureau fédéral du Gard : /);
    const camille = await actorOf(people['adherent@gard.example'].user);
    const own = await myIndicators(strapi, camille, {});
    expect(own.seats.map((s) => s.body.name).sort()).toEqual(['Bureau de la section de Nîmes', 'Bureau fédéral du Gard', 'Conseil fédéral du Gard']);
    // The conseil fédéral's mid-period seat goes to a member of long standing, not to the
    // newcomer of two months (who is on her welcome path).
    const conseil = await strapi.db.query('plugin::bodies.body').findOne({ where: { name: 'Conseil fédéral du Gard' } });
    const conseilSeats: { startOn: string; member: { documentId: string } }[] = await strapi.db
      .query('plugin::bodies.seat')
      .findMany({ where: { body: { id: conseil.id } }, select: ['startOn'], populate: { member: { select: ['documentId'] } } });
    expect(conseilSeats.map((s) => s.member.documentId)).not.toContain(members['nouvelle.adherente@gard.example']);
    const latest = conseilSeats.reduce((a, b) => (b.startOn > a.startOn ? b : a));
    expect(latest.member.documentId).toBe(members['secretaire.nimes@gard.example']);
    expect(conseilSeats.filter((s) => s.startOn < latest.startOn).length).toBe(conseilSeats.length - 1); // the others sat before
  }, 300_000);
});

describe('publishing minutes on an earlier day (the demo, an archive’s import)', () => {
  it('takes a day between the approval and today, and refuses any other', async () => {
    const strapi = await bootStrapi();
    const body = await createBody(strapi, staff, { name: 'Commission des archives', level: 'federation', kind: 'bureau', seatCount: 3, parityRequired: false, absenceAlertAfter: 3, federation: w.federation.documentId });
    const held = async (daysAgo: number) => {
      const startsAt = new Date(Date.now() - daysAgo * 86_400_000);
      const meeting = await createMeeting(strapi, staff, body.documentId, { startsAt: startsAt.toISOString(), durationMinutes: 60, place: 'Nîmes', agenda: [{ title: 'Ordre du jour' }] });
      await setMeetingStatus(strapi, staff, meeting.documentId, 'held');
      return meeting;
    };
    const first = await held(40);
    const second = await held(10);
    const minutes = await saveMinutes(strapi, staff, first.documentId, { summary: 'Réunion de la commission.', items: [] });
    const approved = await approveMinutes(strapi, staff, minutes.documentId, second.documentId);
    const day = (n: number) => parisDate(new Date(Date.now() + n * 86_400_000));
    await expect(publishMinutes(strapi, staff, minutes.documentId, { on: day(1) })).rejects.toThrow(/between the approval/);
    await expect(publishMinutes(strapi, staff, minutes.documentId, { on: parisDate(new Date(Date.parse(approved.approvedOn!) - 86_400_000)) })).rejects.toThrow(/between the approval/);
    expect((await strapi.db.query('plugin::bodies.minutes').findOne({ where: { id: approved.id } })).minutesStatus).toBe('approved');
    const published = await publishMinutes(strapi, staff, minutes.documentId, { on: day(-7) });
    expect(published).toMatchObject({ minutesStatus: 'published', releasedOn: day(-7) });
    // A correction approved before that release is still published after it: the version it
    // replaces was public until then.
    const correction = await correctMinutes(strapi, staff, minutes.documentId);
    const approvedCorrection = await approveMinutes(strapi, staff, correction.documentId, second.documentId);
    expect(approvedCorrection.approvedOn! < day(-7)).toBe(true);
    await expect(publishMinutes(strapi, staff, correction.documentId, { on: day(-8) })).rejects.toThrow(/before the release of the version it replaces/);
    expect((await strapi.db.query('plugin::bodies.minutes').findOne({ where: { id: published.id } })).supersededOn).toBeNull();
    expect(await publishMinutes(strapi, staff, correction.documentId, { on: day(-5) })).toMatchObject({ minutesStatus: 'published', releasedOn: day(-5) });
    expect((await strapi.db.query('plugin::bodies.minutes').findOne({ where: { id: published.id } })).supersededOn).toBe(day(-5));
  }, 120_000);
});
