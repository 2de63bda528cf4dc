import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createFederation, createMember, createSection, createWorld, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { mailTo } from '../../../tests/support/mail';
import { createCourse } from '../../training/tests/support/courses';
import { parisDate } from '@intranet-militant/shared';

/**
 * Training's kinds: a newcomer enrolled in the welcome path is told once; a sponsor assigned
 * tells both the newcomer and the sponsor, once each; a completed course sends the
 * certificate's code, once.
 */
let strapi: Core.Strapi;
let w: World;
const recently = parisDate(new Date(Date.now() - 30 * 86_400_000));

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  await strapi.plugin('modules').service('switches').set(w.federation.id, 'training', true);
  await strapi.plugin('notifications').service('worker').stop();
});

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
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
  });

  it('welcome a newcomer joining a federation with a welcome path, once; a long-standing member is not told', async () => {
    const fed = await createFederation({ name: 'Aveyron' });
    const section = await createSection(fed);
    await strapi.plugin('modules').service('switches').set(fed.id, 'training', true);
    const path = await createCourse({ title: 'Bienvenue en Aveyron', federation: fed, audience: 'federation', welcomePath: true, lessons: 1, quiz: false });
    const newcomer = await createMember({ federation: fed, section, joinedOn: recently });
    const old = await createMember({ federation: fed, section, joinedOn: '2012-05-01' });
    // The same joining announced again (an import replayed): no second enrolment, no second letter.
    await strapi.eventHub.emit('membership.member.joined', { memberId: newcomer.member.id, joinedOn: recently });
    await strapi.plugin('notifications').service('outbox').drain();
    await strapi.plugin('notifications').service('outbox').drain();
    const subject = 'Bienvenue : votre parcours d’accueil « Bienvenue en Aveyron »';
    const letters = mailTo(newcomer.user.email).filter((m) => m.subject === subject);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.text).toContain(`/formation/cours/${path.documentId}`);
    expect(mailTo(old.user.email).filter((m) => m.subject.startsWith('Bienvenue'))).toHaveLength(0);
    const rows = await strapi.db.connection('notifications_messages').where({ kind: 'training.welcome-enrolment', member_id: newcomer.member.id }).count({ n: '*' });
    expect(Number(rows[0].n)).toBe(1);
  });

  it('send the certificate’s code once when a member completes a course', async () => {
    const http = await api();
    const course = await createCourse({ title: 'Animer une réunion publique', federation: w.federation, audience: 'federation', lessons: 1, quiz: false });
    const learner = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2019-09-01' });
    expect((await http.post(`/api/training/courses/${course.documentId}/enrolment`).set(bearer(learner.token)).send({})).status).toBe(201);
    const done = () => http.post(`/api/training/courses/${course.documentId}/lessons/${course.lessons[0]}/done`).set(bearer(learner.token)).send({});
    expect((await done()).status).toBe(200);
    expect((await done()).status).toBe(200); // the last step written again: already complete
    await strapi.plugin('notifications').service('outbox').drain();
    await strapi.plugin('notifications').service('outbox').drain();
    const me = (await http.get('/api/training/me').set(bearer(learner.token))).body.data;
    const code = me.enrolments.find((e: any) => e.course.documentId === course.documentId).enrolment.certificateCode;
    expect(code).toBeTruthy();
    const letters = mailTo(learner.user.email).filter((m) => m.subject === 'Votre attestation : Animer une réunion publique');
    expect(letters).toHaveLength(1);
    expect(letters[0]!.text).toContain(`Votre attestation porte le code ${code}, que chacun peut vérifier sans compte à l’adresse http`);
    expect(letters[0]!.text).toContain(`/certificats/${code}.`);
    expect(letters[0]!.text).toContain(`/formation/cours/${course.documentId}`);
  });
});
