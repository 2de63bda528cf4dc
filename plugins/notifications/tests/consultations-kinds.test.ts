import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createFederation, createMember, createSection, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { todayInParis } from '@intranet-militant/shared';
import { mailTo, type ReceivedMail } from '../../../tests/support/mail';
import { advance, contribute, openConsultation, quickQuestion } from '../../consultations/tests/support/consultations';

/**
 * Consultations' kinds beyond the vote opening (kinds.test.ts): the contribution and
 * evaluation phases opening, and the results published — each to exactly the members the
 * consultation addresses who may take part (eligible on its reference date), once each.
 * The background worker is stopped: tests drain themselves.
 */
let strapi: Core.Strapi;
let w: World;
let fed: any;
let sectionOne: any;
let people: { a: TestMember; b: TestMember; otherSection: TestMember; unpaid: TestMember; excluded: TestMember; late: TestMember; elsewhere: TestMember; staff: TestMember };
const outbox = () => strapi.plugin('notifications').service('outbox');

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  await strapi.plugin('notifications').service('worker').stop();
  // A federation of its own, so that the recipients are exactly the people below.
  fed = await createFederation({ name: 'Cantal' });
  sectionOne = await createSection(fed, 'Aurillac');
  const sectionTwo = await createSection(fed, 'Saint-Flour');
  await strapi.plugin('modules').service('switches').set(fed.id, 'consultations', true);
  const member = (extra: Record<string, unknown> = {}) => createMember({ federation: fed, section: sectionOne, ...extra });
  people = {
    a: await member(),
    b: await member(),
    otherSection: await createMember({ federation: fed, section: sectionTwo }),
    unpaid: await member({ paidYears: [] }),
    excluded: await member({ status: 'excluded' }),
    late: await member({ joinedOn: todayInParis() }), // joined today, as Paris counts days
    elsewhere: await createMember({ federation: w.federation, section: w.sectionA }),
    staff: await createMember({ federation: fed, section: sectionTwo, role: 'federation-staff' }),
  };
});

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

const subjects = (m: TestMember, subject: string) => mailTo(m.user.email).filter((mail: ReceivedMail) => mail.subject === subject);

/** The members the consultation addresses and who may take part: the rule the kinds follow. */
async function addressedAndEligible(documentId: string): Promise<number[]> {
  const consultations = strapi.plugin('consultations').service('consultations');
  const c = await consultations.byDocumentId(documentId);
  return strapi.plugin('membership').service('eligibility').eligibleMemberIds(consultations.target(c), { on: consultations.referenceDate(c), cutoff: c.eligibilityCutoff });
}

async function recipientsOf(eventKey: string): Promise<number[]> {
  const rows = await strapi.db.connection('notifications_messages').where({ event_key: eventKey }).select('member_id');
  return rows.map((r: any) => Number(r.member_id)).sort((x: number, y: number) => x - y);
}

const sorted = (ids: number[]) => [...ids].sort((x, y) => x - y);

describe('consultations’ phase openings and results', () => {
  it('tell the addressed, eligible members when contributions open, then when the evaluation opens, once each', async () => {
    const http = await api();
    const title = 'Quel projet pour le Cantal ?';
    const id = await openConsultation(people.staff, { title });
    await strapi.plugin('consultations').service('clock').tick();
    const expected = await addressedAndEligible(id);
    expect(expected).toEqual(expect.arrayContaining([people.a.member.id, people.b.member.id, people.otherSection.member.id, people.staff.member.id]));
    for (const m of [people.unpaid, people.excluded, people.late, people.elsewhere]) expect(expected).not.toContain(m.member.id);
    await Promise.all([outbox().drain({ token: 'instance-1' }), outbox().drain({ token: 'instance-2' })]);
    expect(await recipientsOf(`consultations.phase-opened:${id}:contribution`)).toEqual(sorted(expected));
    const opened = `Les contributions sont ouvertes : ${title}`;
    for (const m of [people.a, people.b, people.otherSection, people.staff]) {
      const mails = subjects(m, opened);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.text).toContain(`/consultations/${id}/contribuer`);
    }
    for (const [name, m] of Object.entries({ unpaid: people.unpaid, excluded: people.excluded, late: people.late, elsewhere: people.elsewhere })) {
      expect(subjects(m, opened), name).toHaveLength(0);
    }

    // Contributions, one proposal, then the evaluation opens.
    const contribution = await contribute(people.a, id, 'Une maison des associations', 'Un lieu partagé à Aurillac.');
    await advance(people.staff, id, 'contribution');
    const proposal = await http
      .post(`/api/consultations/${id}/proposals`)
      .set(bearer(people.staff.token))
      .send({ title: 'Une maison des associations', summary: 'Reprend la contribution.', sources: [contribution] });
    expect(proposal.status, JSON.stringify(proposal.body)).toBe(201);
    await advance(people.staff, id, 'analysis');
    await outbox().drain();
    await outbox().drain();
    expect(await recipientsOf(`consultations.phase-opened:${id}:evaluation`)).toEqual(sorted(expected));
    const evaluation = `L’évaluation des propositions est ouverte : ${title}`;
    for (const m of [people.a, people.b, people.otherSection, people.staff]) {
      const mails = subjects(m, evaluation);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.text).toContain(`/consultations/${id}/evaluation`);
    }
    for (const m of [people.unpaid, people.excluded, people.late, people.elsewhere]) expect(subjects(m, evaluation)).toHaveLength(0);
    // The analysis phase tells nobody.
    expect(await recipientsOf(`consultations.phase-opened:${id}:analysis`)).toEqual([]);
    // Still one letter per opening for each member.
    expect(subjects(people.a, opened)).toHaveLength(1);
  });

  it('tell exactly the addressed, eligible members (a section’s) when the results are published, once, voters or not', async () => {
    const http = await api();
    const title = 'Permanence le samedi à Aurillac ?';
    const id = await quickQuestion(people.staff, { title, audience: 'section', section: sectionOne.documentId });
    await strapi.plugin('consultations').service('clock').tick();
    expect((await http.post(`/api/consultations/${id}/vote`).set(bearer(people.a.token)).send({ answer: 1 })).status).toBe(201);
    await advance(people.staff, id, 'vote');
    const expected = await addressedAndEligible(id);
    expect(sorted(expected)).toEqual(sorted([people.a.member.id, people.b.member.id]));
    await outbox().drain();
    // The same change announced again (a replayed event): the outbox's key keeps it to one.
    const c = await strapi.plugin('consultations').service('consultations').byDocumentId(id);
    await strapi.db.transaction(() => strapi.eventHub.emit('consultations.phase.changed', { consultationId: c.id, from: 'vote', to: 'results' }));
    await strapi.plugin('consultations').service('clock').tick();
    await outbox().drain();
    expect(await recipientsOf(`consultations.results-published:${id}`)).toEqual(sorted(expected));
    const published = `Résultats publiés : ${title}`;
    for (const m of [people.a, people.b]) {
      const mails = subjects(m, published);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.text).toContain(`/consultations/${id}`);
    }
    for (const [name, m] of Object.entries({ otherSection: people.otherSection, staff: people.staff, unpaid: people.unpaid, excluded: people.excluded, late: people.late, elsewhere: people.elsewhere })) {
      expect(subjects(m, published), name).toHaveLength(0);
    }
    const inbox = await http.get('/api/notifications/inbox?pageSize=50').set(bearer(people.b.token));
    expect(inbox.body.data.filter((n: any) => n.kind === 'consultations.results-published' && n.title === published)).toHaveLength(1);
  });
});
