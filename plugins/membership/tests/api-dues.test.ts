import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, recordDues, thisYear, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError, fieldMessages } from '../../../tests/support/expect';
import { adminToken, superAdminRole } from '../../../tests/support/admin';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});

const due = (over: Record<string, unknown> = {}) => ({
  year: thisYear(),
  amountCents: 3600,
  paidOn: `${thisYear()}-02-10`,
  method: 'cheque',
  reference: 'CHQ 0042',
  ...over,
});

describe('GET /api/membership/members/:id/dues', () => {
  it('shows a member their own dues, staff their federation’s, nobody else', async () => {
    const http = await api();
    const path = `/api/membership/members/${w.member.member.documentId}/dues`;
    expectError(await http.get(path), 401);
    // Whose dues one may not see read as an unknown member's (404).
    expectError(await http.get(path).set(bearer(w.memberB.token)), 404, 'Adhérent introuvable.');
    expectError(await http.get(path).set(bearer(w.otherStaff.token)), 404, 'Adhérent introuvable.');
    expectError(await http.get('/api/membership/members/inconnu/dues').set(bearer(w.staff.token)), 404);
    const own = await http.get(path).set(bearer(w.member.token));
    expect(own.status).toBe(200);
    expect(own.body.data.map((d: any) => d.year)).toEqual([thisYear()]);
    expect((await http.get(path).set(bearer(w.staff.token))).status).toBe(200);
  });
});

describe('POST /api/membership/members/:id/dues', () => {
  it('refuses anonymous (401), members and the commission (403); another federation’s or section’s member is unknown (404)', async () => {
    const http = await api();
    const path = `/api/membership/members/${w.memberB.member.documentId}/dues`;
    expectError(await http.post(path).send(due()), 401);
    expectError(await http.post(path).set(bearer(w.memberB.token)).send(due()), 403);
    expectError(await http.post(path).set(bearer(w.commission.token)).send(due()), 403);
    expectError(await http.post(path).set(bearer(w.otherStaff.token)).send(due()), 404, 'Adhérent introuvable.');
    expectError(await http.post(path).set(bearer(w.secretary.token)).send(due()), 404, 'Adhérent introuvable.'); // memberB is in section B
  });

  it('rejects bad input field by field', async () => {
    const res = await (await api())
      .post(`/api/membership/members/${w.memberB.member.documentId}/dues`)
      .set(bearer(w.staff.token))
      .send({ year: 'deux mille', amountCents: -5, paidOn: 'hier', method: 'bitcoin' });
    expectError(res, 400);
    expect(fieldMessages(res)).toMatchObject({
      amountCents: 'Le montant doit être positif.',
      paidOn: 'La date de paiement : date attendue au format AAAA-MM-JJ.',
      method: 'Mode de paiement inconnu : cheque, virement, prelevement, carte ou especes.',
    });
    expect(fieldMessages(res).year).toBeDefined();
    const future = await (await api())
      .post(`/api/membership/members/${w.memberB.member.documentId}/dues`)
      .set(bearer(w.staff.token))
      .send(due({ year: thisYear() + 3 }));
    expect(badRequest(future).year).toBe(`On ne règle pas de cotisation au-delà de ${thisYear() + 1}.`);
  });

  it("refuses an amount below DUES_MINIMUM_CENTS (default 5 €), through the API and the admin panel alike", async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const target = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [] });
    const path = `/api/membership/members/${target.member.documentId}/dues`;
    // 25 typed meaning 25 €: 0,25 € would make the member eligible to vote.
    expect(badRequest(await http.post(path).set(bearer(w.staff.token)).send(due({ amountCents: 25 }))).amountCents).toBe('La cotisation minimale est de 5,00 €.');
    expect(badRequest(await http.post(path).set(bearer(w.staff.token)).send(due({ amountCents: 499 }))).amountCents).toBe('La cotisation minimale est de 5,00 €.');
    const token = await adminToken(`dues.minimum.${Date.now()}@admin.test`, [await superAdminRole()]);
    const byPanel = await http.post('/content-manager/collection-types/plugin::membership.due').set(bearer(token))
      .send({ ...due({ amountCents: 25 }), member: { connect: [{ documentId: target.member.documentId }] } });
    expect(badRequest(byPanel).amountCents).toBe('La cotisation minimale est de 5,00 €.');
    expect(await strapi.db.query('plugin::membership.due').count({ where: { member: { id: target.member.id } } })).toBe(0);
    const previous = process.env.DUES_MINIMUM_CENTS;
    process.env.DUES_MINIMUM_CENTS = '1200';
    try {
      expect(badRequest(await http.post(path).set(bearer(w.staff.token)).send(due({ amountCents: 1000 }))).amountCents).toBe('La cotisation minimale est de 12,00 €.');
      expect((await http.post(path).set(bearer(w.staff.token)).send(due({ amountCents: 1200 }))).status).toBe(201);
    } finally {
      if (previous === undefined) delete process.env.DUES_MINIMUM_CENTS;
      else process.env.DUES_MINIMUM_CENTS = previous;
    }
  });

  it('makes a member paid up for that year only: paying year N never settles year N-1', async () => {
    const http = await api();
    const late = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [] });
    const path = `/api/membership/members/${late.member.documentId}`;
    const before = await http.get(`${path}/eligibility`).set(bearer(late.token));
    expect(before.body.data.reasons).toEqual([{ code: 'dues-unpaid', message: `cotisation ${thisYear()} non réglée` }]);

    const next = await http.post(`${path}/dues`).set(bearer(w.secretary.token)).send(due({ year: thisYear() + 1, paidOn: `${thisYear()}-11-01` }));
    expect(next.status).toBe(201);
    const still = await http.get(`${path}/eligibility`).set(bearer(late.token));
    expect(still.body.data.eligible).toBe(false);

    const paid = await http.post(`${path}/dues`).set(bearer(w.secretary.token)).send(due());
    expect(paid.status).toBe(201);
    expect(paid.body.data).toMatchObject({ year: thisYear(), amountCents: 3600, method: 'cheque', reference: 'CHQ 0042', cancelledOn: null });
    const now = await http.get(`${path}/eligibility`).set(bearer(late.token));
    expect(now.body.data).toMatchObject({ eligible: true, reasons: [] });
    const [entry] = await auditEntriesFor(paid.body.data.documentId);
    expect(entry.action).toBe('plugin::membership.due.record');
  });

  it('refuses a second due for the same year (409), even from concurrent requests', async () => {
    const http = await api();
    const target = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [] });
    const path = `/api/membership/members/${target.member.documentId}/dues`;
    const results = await Promise.all([0, 1, 2, 3].map(() => http.post(path).set(bearer(w.staff.token)).send(due())));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const conflict = results.find((r) => r.status === 409)!;
    expect(conflict.body.error.message).toMatch(/cotisation .*déjà enregistrée/);
    const strapi = await bootStrapi();
    expect(await strapi.db.query('plugin::membership.due').count({ where: { member: { id: target.member.id }, year: thisYear() } })).toBe(1);
  });

  it('refuses dues for an excluded member (409)', async () => {
    const excluded = await createMember({ federation: w.federation, section: w.sectionA, status: 'excluded', paidYears: [] });
    const res = await (await api()).post(`/api/membership/members/${excluded.member.documentId}/dues`).set(bearer(w.staff.token)).send(due());
    expectError(res, 409, 'exclu');
  });
});

describe('POST /api/membership/dues/:id/cancel', () => {
  it('refuses anonymous and secretaries; another federation’s due is unknown (404); requires a reason; cancels without deleting', async () => {
    const http = await api();
    const target = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [] });
    const recorded: any = await recordDues(target.member, thisYear());
    const path = `/api/membership/dues/${recorded.documentId}/cancel`;
    expectError(await http.post(path).send({ reason: 'Chèque rejeté' }), 401);
    expectError(await http.post(path).set(bearer(w.secretary.token)).send({ reason: 'Chèque rejeté' }), 403);
    expectError(await http.post(path).set(bearer(w.otherStaff.token)).send({ reason: 'Chèque rejeté' }), 404, 'Cotisation introuvable.');
    expectError(await http.post(path).set(bearer(w.staff.token)).send({}), 400, 'Le motif est obligatoire');
    expectError(await http.post('/api/membership/dues/inconnue/cancel').set(bearer(w.staff.token)).send({ reason: 'Chèque rejeté' }), 404);

    const res = await http.post(path).set(bearer(w.staff.token)).send({ reason: 'Chèque rejeté' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ year: thisYear(), cancelReason: 'Chèque rejeté', cancelledOn: expect.any(String) });
    expectError(await http.post(path).set(bearer(w.staff.token)).send({ reason: 'Encore' }), 409, 'déjà annulée');

    const eligibility = await http.get(`/api/membership/members/${target.member.documentId}/eligibility`).set(bearer(target.token));
    expect(eligibility.body.data.eligible).toBe(false);
    // The year can be paid again once the wrong payment is cancelled; the cancelled one stays on record.
    const again = await http.post(`/api/membership/members/${target.member.documentId}/dues`).set(bearer(w.staff.token)).send(due());
    expect(again.status).toBe(201);
    const list = await http.get(`/api/membership/members/${target.member.documentId}/dues`).set(bearer(target.token));
    expect(list.body.data).toHaveLength(2);
  });
});

describe('GET /api/membership/members/:id/eligibility', () => {
  it('answers 401 anonymous, 404 for someone else’s (as an unknown member), 400 for a bad date', async () => {
    const http = await api();
    const path = `/api/membership/members/${w.member.member.documentId}/eligibility`;
    expectError(await http.get(path), 401);
    expectError(await http.get(path).set(bearer(w.memberB.token)), 404, 'Adhérent introuvable.');
    expectError(await http.get(path).set(bearer(w.otherStaff.token)), 404, 'Adhérent introuvable.');
    const bad = await http.get(`${path}?cutoff=01/03/2026`).set(bearer(w.member.token));
    expect(badRequest(bad)).toEqual({ cutoff: 'La date limite d’adhésion : date attendue au format AAAA-MM-JJ.' });
  });

  it('refuses a member who joined after the cut-off, with the reason', async () => {
    const http = await api();
    const recent = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: `${thisYear()}-03-02` });
    const path = `/api/membership/members/${recent.member.documentId}/eligibility`;
    const res = await http.get(`${path}?cutoff=${thisYear()}-03-01`).set(bearer(w.staff.token));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      eligible: false,
      on: expect.any(String),
      cutoff: `${thisYear()}-03-01`,
      reasons: [{ code: 'joined-after-cutoff', message: `adhésion postérieure au 1er mars ${thisYear()}` }],
    });
    const earlier = await http.get(`${path}?cutoff=${thisYear()}-03-02`).set(bearer(w.staff.token));
    expect(earlier.body.data.eligible).toBe(true);
  });

  it('is the service other plugins call, by user as well as by member', async () => {
    const strapi = await bootStrapi();
    const eligibility = strapi.plugin('membership').service('eligibility');
    expect((await eligibility.ofUser(w.member.user.id)).eligible).toBe(true);
    expect((await eligibility.ofUser(w.national.user.id)).reasons).toEqual([{ code: 'not-a-member', message: 'aucune fiche d’adhérent' }]);
  });
});

describe('GET /api/membership/me', () => {
  it('answers 401 anonymous and 403 without an intranet role', async () => {
    const http = await api();
    expectError(await http.get('/api/membership/me'), 401);
    expectError(await http.get('/api/membership/me').set(bearer(w.outsider.token)), 403);
  });

  it('gives a member their profile, dues and standing; an account without profile gets its role', async () => {
    const http = await api();
    const me = await http.get('/api/membership/me').set(bearer(w.member.token));
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({
      role: 'member',
      member: { documentId: w.member.member.documentId, federation: { documentId: w.federation.documentId } },
      eligibility: { eligible: true },
    });
    expect(me.body.data.dues.map((d: any) => d.year)).toEqual([thisYear()]);
    const national = await http.get('/api/membership/me').set(bearer(w.national.token));
    expect(national.body.data).toEqual({ role: 'national-admin', member: null, dues: [], eligibility: null });
  });

  it('closes the intranet to an excluded member whose account is still open', async () => {
    const excluded = await createMember({ federation: w.federation, status: 'excluded' });
    // Exclusion blocks the account (401 at login); reopen it behind the rules' back to
    // check the second lock: the profile alone closes the intranet.
    const strapi = await bootStrapi();
    await strapi.db.query('plugin::users-permissions.user').update({ where: { id: excluded.user.id }, data: { blocked: false } });
    expectError(await (await api()).get('/api/membership/me').set(bearer(excluded.token)), 403, 'Votre adhésion a pris fin');
  });
});


describe('counting eligible members (participation figures, quorums)', () => {
  it('counts exactly the members the one-by-one rule accepts', async () => {
    const strapi = await bootStrapi();
    const federation = w.federation;
    await createMember({ federation, section: w.sectionB, paidYears: [] });
    await createMember({ federation, section: w.sectionB, joinedOn: `${thisYear()}-06-01` });
    await createMember({ federation, section: w.sectionB, status: 'suspended', suspendedUntil: '2020-01-01' });
    await createMember({ federation, section: w.sectionB, status: 'suspended', suspendedUntil: `${thisYear() + 1}-01-01` });
    await createMember({ federation, section: w.sectionB, status: 'excluded' });
    const eligibility = strapi.plugin('membership').service('eligibility');
    const cutoff = `${thisYear()}-03-01`;
    const members = await strapi.db.query('plugin::membership.member').findMany({ where: { federation: { id: federation.id } }, select: ['id'] });
    let oneByOne = 0;
    for (const m of members) if ((await eligibility.ofMember(m.id, { cutoff })).eligible) oneByOne++;
    expect(await eligibility.countEligible({ audience: 'federation', federationId: federation.id, sectionId: null }, { cutoff })).toBe(oneByOne);
    const sectionB = await strapi.db.query('plugin::membership.member').findMany({ where: { section: { id: w.sectionB.id } }, select: ['id'] });
    let sectionCount = 0;
    for (const m of sectionB) if ((await eligibility.ofMember(m.id, { cutoff })).eligible) sectionCount++;
    expect(await eligibility.countEligible({ audience: 'section', federationId: federation.id, sectionId: w.sectionB.id }, { cutoff })).toBe(sectionCount);
    expect(sectionCount).toBeGreaterThan(0);
  });
});
