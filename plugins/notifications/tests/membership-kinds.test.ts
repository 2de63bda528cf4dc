import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { mailTo } from '../../../tests/support/mail';

/**
 * Membership's kinds: in January, active members who have not paid the new year's dues are
 * told, once a year; from 1 December, those who still have not are told their membership
 * is about to lapse, once a year.
 */
let strapi: Core.Strapi;
let w: World;

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  await strapi.plugin('notifications').service('worker').stop();
});

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

describe('membership’s notifications', () => {
  it('call the new year’s dues in January, to active members who have not paid them, once', async () => {
    // The clock is driven to January of this year: members created with this year's dues have paid.
    const year = new Date().getFullYear();
    const unpaid = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [year - 1] });
    const paid = await createMember({ federation: w.federation, section: w.sectionA });
    const excluded = await createMember({ federation: w.federation, section: w.sectionA, status: 'excluded' });
    const scheduler = strapi.plugin('notifications').service('scheduler');
    // This kind's rows only: other plugins' scheduled kinds (census invitations, report reminders) fire at any tick.
    const calls = async () =>
      Number((await strapi.db.connection('notifications_messages').where({ event_key: `membership.dues-due:${year}` }).count({ n: '*' }))[0].n);
    await scheduler.tick(new Date(`${year}-02-03T10:00:00Z`));
    expect(await calls()).toBe(0); // February: not the moment (and not fired)
    await scheduler.tick(new Date(`${year}-01-05T10:00:00Z`));
    const sent = await calls();
    expect(sent).toBeGreaterThan(0);
    await scheduler.tick(new Date(`${year}-01-12T10:00:00Z`));
    expect(await calls()).toBe(sent); // once a year
    await strapi.plugin('notifications').service('outbox').drain();
    const subject = `Votre cotisation ${year}`;
    expect(mailTo(unpaid.user.email).filter((m) => m.subject === subject)).toHaveLength(1);
    expect(mailTo(unpaid.user.email).find((m) => m.subject === subject)!.text).toContain('/mon-adhesion');
    expect(mailTo(paid.user.email).filter((m) => m.subject === subject)).toHaveLength(0);
    expect(mailTo(excluded.user.email).filter((m) => m.subject === subject)).toHaveLength(0);
  });

  it('warn, from 1 December (Paris), active members without the year’s dues that their membership is about to lapse, once', async () => {
    const year = new Date().getFullYear();
    const key = `membership.lapse-warning:${year}`;
    const unpaid = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [year - 1] });
    const paid = await createMember({ federation: w.federation, section: w.sectionA });
    const excluded = await createMember({ federation: w.federation, section: w.sectionA, status: 'excluded', paidYears: [year - 1] });
    const scheduler = strapi.plugin('notifications').service('scheduler');
    // Another test file's clock may have fired this year's key already (today may be in December): forget it.
    await strapi.db.connection('notifications_triggers').where({ key }).del();
    const told = async (m: { member: { id: number } }) =>
      Number((await strapi.db.connection('notifications_messages').where({ event_key: key, member_id: m.member.id }).count({ n: '*' }))[0].n);
    await scheduler.tick(new Date(`${year}-11-30T22:30:00Z`)); // 30 November, 23:30 in Paris: not yet
    expect(await told(unpaid)).toBe(0);
    expect(Number((await strapi.db.connection('notifications_triggers').where({ key }).count({ n: '*' }))[0].n)).toBe(0); // not fired either
    await scheduler.tick(new Date(`${year}-11-30T23:30:00Z`)); // 1 December, 0:30 in Paris
    expect(await told(unpaid)).toBe(1);
    await scheduler.tick(new Date(`${year}-12-15T10:00:00Z`)); // once a year
    await strapi.db.connection('notifications_triggers').where({ key }).del();
    await scheduler.tick(new Date(`${year}-12-16T10:00:00Z`)); // even fired again, one message per member and year
    expect(await told(unpaid)).toBe(1);
    expect(await told(paid)).toBe(0);
    expect(await told(excluded)).toBe(0);
    await strapi.plugin('notifications').service('outbox').drain();
    const subject = `Votre adhésion ${year} n’est pas encore à jour`;
    const letters = mailTo(unpaid.user.email).filter((m) => m.subject === subject);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.text).toContain('Sans elle au 31 décembre');
    expect(letters[0]!.text).toContain('consultations et aux votes');
    expect(letters[0]!.text).toContain('/mon-adhesion');
    expect(mailTo(paid.user.email).filter((m) => m.subject === subject)).toHaveLength(0);
    expect(mailTo(excluded.user.email).filter((m) => m.subject === subject)).toHaveLength(0);
  });
});
