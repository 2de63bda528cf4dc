import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { mailTo } from '../../../tests/support/mail';

/** Membership's kind: in January, active members who have not paid the new year's dues are told, once a year. */
let strapi: Core.Strapi;
let w: World;

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  await strapi.plugin('notifications').service('worker').stop();
});

describe('membership’s notifications', () => {
  it('call the new year’s dues in January, to active members who have not paid them, once', async () => {
    // The clock is driven to January of this year: members created with this year's dues have paid.
    const year = new Date().getFullYear();
    const unpaid = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [year - 1] });
    const paid = await createMember({ federation: w.federation, section: w.sectionA });
    const excluded = await createMember({ federation: w.federation, section: w.sectionA, status: 'excluded' });
    const scheduler = strapi.plugin('notifications').service('scheduler');
    expect(await scheduler.tick(new Date(`${year}-02-03T10:00:00Z`))).toBe(0); // February: not the moment (and not fired)
    expect(await scheduler.tick(new Date(`${year}-01-05T10:00:00Z`))).toBeGreaterThan(0);
    expect(await scheduler.tick(new Date(`${year}-01-12T10:00:00Z`))).toBe(0); // once a year
    await strapi.plugin('notifications').service('outbox').drain();
    const subject = `Votre cotisation ${year}`;
    expect(mailTo(unpaid.user.email).filter((m) => m.subject === subject)).toHaveLength(1);
    expect(mailTo(unpaid.user.email).find((m) => m.subject === subject)!.text).toContain('/mon-adhesion');
    expect(mailTo(paid.user.email).filter((m) => m.subject === subject)).toHaveLength(0);
    expect(mailTo(excluded.user.email).filter((m) => m.subject === subject)).toHaveLength(0);
    strapi.plugin('notifications').service('worker').start(5000);
  });
});
