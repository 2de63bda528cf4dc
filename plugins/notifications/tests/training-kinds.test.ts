import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { mailTo } from '../../../tests/support/mail';

/** Training's kinds: a sponsor assigned tells both the newcomer and the sponsor, once each. */
let strapi: Core.Strapi;
let w: World;
const recently = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  await strapi.plugin('modules').service('switches').set(w.federation.id, 'training', true);
  await strapi.plugin('notifications').service('worker').stop();
});

describe('training’s notifications', () => {
  it('tell the newcomer and the sponsor when a sponsor is assigned, once each, in their inboxes too', async () => {
    const newcomer = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: recently });
    const sponsor = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2015-03-01' });
    const res = await (await api()).post('/api/training/sponsorships').set(bearer(w.staff.token)).send({ newcomer: newcomer.member.documentId, sponsor: sponsor.member.documentId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await strapi.plugin('notifications').service('outbox').drain();
    await strapi.plugin('notifications').service('outbox').drain();
    const toNewcomer = mailTo(newcomer.user.email).filter((m) => m.subject === 'Votre parrain ou marraine');
    const toSponsor = mailTo(sponsor.user.email).filter((m) => m.subject.startsWith('Vous parrainez'));
    expect(toNewcomer).toHaveLength(1);
    expect(toNewcomer[0]!.text).toContain(`Prénom ${sponsor.member.lastName}`);
    expect(toSponsor).toHaveLength(1);
    expect(toSponsor[0]!.subject).toBe(`Vous parrainez Prénom ${newcomer.member.lastName}`);
    const inbox = await (await api()).get('/api/notifications/inbox').set(bearer(sponsor.token));
    expect(inbox.body.data.map((n: any) => n.kind)).toContain('training.sponsor-assigned');
    strapi.plugin('notifications').service('worker').start(5000);
  });
});
