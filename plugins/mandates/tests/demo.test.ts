import { beforeAll, describe, expect, it } from 'vitest';
import { getService } from '@intranet-militant/shared';
import type {} from '@intranet-militant/mandates';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createFederation, createMember, createAccount, type TestMember } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';

/** The demo's officials (issue 16 §7), seeded on a test federation: every kind of case shows in the breaches table. */
let staff: TestMember;
let national: Awaited<ReturnType<typeof createAccount>>;
let federation: any;
const people: Record<string, TestMember> = {};
const EMAILS = ['elu@gard.example', 'tresoriere@gard.example', 'secretaire.nimes@gard.example', 'adherent.impaye@gard.example', 'adherent@gard.example', 'equipe@gard.example'];

beforeAll(async () => {
  const strapi = await bootStrapi();
  federation = await createFederation();
  staff = await createMember({ federation, role: 'federation-staff' });
  national = await createAccount('national-admin');
  for (const email of EMAILS) people[email] = email === 'equipe@gard.example' ? staff : await createMember({ federation, role: email === 'elu@gard.example' ? 'elected-official' : 'member' });
  // Camille Roux is the bureau's secretary (a party function), as in the bodies demo.
  const http = await api();
  const bureau = await http.post('/api/bodies/bodies').set(bearer(staff.token)).send({ name: 'Bureau fédéral', level: 'federation', kind: 'bureau', federation: federation.documentId, seatCount: 8 });
  const seat = await http.post(`/api/bodies/bodies/${bureau.body.data.documentId}/seats`).set(bearer(staff.token)).send({ member: people['adherent@gard.example'].member.documentId, role: 'secretaire', designation: 'elected-congress', startOn: '2024-01-01' });
  expect(seat.status, JSON.stringify(seat.body)).toBe(201);
  // Sophie Bonnet presides the bureau (the federation's first secretary).
  const president = await http.post(`/api/bodies/bodies/${bureau.body.data.documentId}/seats`).set(bearer(staff.token)).send({ member: staff.member.documentId, role: 'president', designation: 'elected-congress', startOn: '2024-01-01' });
  expect(president.status, JSON.stringify(president.body)).toBe(201);
  await getService(strapi, 'mandates', 'demo').seed({ staffUserId: staff.user.id, members: Object.fromEntries(EMAILS.map((e) => [e, people[e].member.documentId])) });
});

describe('the mandates demo', () => {
  it('shows every kind of breach in the federation table, and the fine official is not in it', async () => {
    const res = await (await api()).get(`/api/mandates/federations/${federation.documentId}/breaches`).set(bearer(staff.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rules = Object.fromEntries(res.body.data.officials.map((o: any) => [o.documentId, o.violations.map((v: any) => v.rule)]));
    expect(rules[people['tresoriere@gard.example'].member.documentId]).toEqual(['L46-1']);
    // Marc Fabre employs Camille Roux, the bureau's secretary: the cross-member party rule is his breach.
    expect(rules[people['secretaire.nimes@gard.example'].member.documentId].sort()).toEqual(['LO141-1', 'PARTI-EMPLOYEUR-COLLABORATEUR']);
    expect(rules[people['adherent.impaye@gard.example'].member.documentId]).toEqual(['PARTI-MANDATS-SUCCESSIFS']);
    expect(rules[people['adherent@gard.example'].member.documentId]).toEqual(['PARTI-COLLABORATEUR']);
    expect(rules[people['elu@gard.example'].member.documentId]).toBeUndefined();
    expect(rules[staff.member.documentId]).toEqual(['PARTI-PREMIER-SECRETAIRE']);
    const l46 = res.body.data.officials.find((o: any) => o.documentId === people['tresoriere@gard.example'].member.documentId).violations[0];
    expect(l46.toEnd.label).toMatch(/^Conseiller·ère départemental·e/);
    const employing = res.body.data.officials.find((o: any) => o.documentId === people['secretaire.nimes@gard.example'].member.documentId).violations.find((v: any) => v.rule === 'PARTI-EMPLOYEUR-COLLABORATEUR');
    expect(employing.mandates.map((m: any) => m.label)).toEqual([expect.stringMatching(/^Fonction au parti : Secrétaire/), 'Collaborateur·rice d’élu·e parlementaire — Gard (auprès du député de la 1re circonscription)']);
  });

  it('the employer’s breach shows on both people’s situation: his, and his collaborator’s (naming him)', async () => {
    const http = await api();
    const situation = async (email: string) => (await http.get(`/api/mandates/officials/${people[email].member.documentId}/situation`).set(bearer(staff.token))).body.data;
    const his = (await situation('secretaire.nimes@gard.example')).violations.find((v: any) => v.rule === 'PARTI-EMPLOYEUR-COLLABORATEUR');
    expect(his).toMatchObject({ employer: null, since: '2024-09-01' });
    expect(his.mandates.map((m: any) => m.label).join(' | ')).toContain(`(${people['adherent@gard.example'].member.firstName} ${people['adherent@gard.example'].member.lastName})`);
    const hers = (await situation('adherent@gard.example')).violations.find((v: any) => v.rule === 'PARTI-EMPLOYEUR-COLLABORATEUR');
    const marc = people['secretaire.nimes@gard.example'].member;
    expect(hers).toMatchObject({ employer: `${marc.firstName} ${marc.lastName}`, since: '2024-09-01' });
    expect(hers.text).toMatch(new RegExp(`^Concerne l’employeur·euse, ${marc.firstName} ${marc.lastName} : `));
  });

  it('good and poor report records show in the compliance table; national counts include the federation', async () => {
    const http = await api();
    const table = (await http.get(`/api/mandates/federations/${federation.documentId}/compliance`).set(bearer(staff.token))).body.data;
    const byName = (m: TestMember) => table.find((r: any) => r.lastName === m.member.lastName);
    expect(byName(people['elu@gard.example'])).toMatchObject({ rate: 1, late: 0, rateLabel: '100\u00a0%' });
    expect(byName(people['tresoriere@gard.example']).rate).toBeLessThan(0.5);
    expect(byName(people['tresoriere@gard.example']).late).toBeGreaterThan(0);
    const counts = (await http.get('/api/mandates/counts').set(bearer(national.token))).body.data.federations.find((f: any) => f.documentId === federation.documentId);
    expect(counts).toMatchObject({ officials: 6, inBreach: 5 });
  });
});
