import { describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createAccount, createFederation, createMember, createSection } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';

/**
 * The development demo's designations (issue 19 §8), seeded through the commands: the 2026
 * municipal list of Nîmes breaking alternation at position 7, a candidate whose cumul preview
 * fails, a pledge signed, a record checked; a closed primary with three candidates, voted and
 * counted. What staff and members then read.
 */
describe('the investitures demo', () => {
  it('seeds the Nîmes list and a counted closed primary through the commands', { timeout: 180_000 }, async () => {
    const strapi = await bootStrapi();
    const federation = await createFederation();
    const section = await createSection(federation, 'Nîmes');
    const staff = await createMember({ federation, section, role: 'federation-staff' });
    const national = await createAccount('national-admin');
    const sexes = ['F', 'M', 'F', 'M', 'F', 'M', 'M', 'F', 'M', 'F', 'M', 'F'] as const;
    const members = [];
    for (const sex of sexes) {
      const m = await createMember({ federation, section, joinedOn: '2019-05-10' });
      await strapi.db.query('plugin::membership.member').update({ where: { id: m.member.id }, data: { sex, birthYear: 1975 } });
      members.push(m);
    }
    const http = await api();
    // Position 10 already holds two local mandates: a municipal seat in Nîmes breaks L. 46-1.
    for (const [category, territoryCode, territoryName] of [['conseiller-departemental', '30', 'Gard'], ['conseiller-regional', '76', 'Occitanie']]) {
      const r = await http.post('/api/mandates/mandates').set(bearer(staff.token)).send({ member: members[9].member.documentId, category, territoryCode, territoryName, startOn: '2021-07-01' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    await strapi.plugin('investitures').service('demo').seed({
      staffUserId: staff.user.id,
      nationalUserId: national.user.id,
      listUserIds: members.slice(0, 10).map((m) => m.user.id),
      primaryUserIds: members.slice(9, 12).map((m) => m.user.id),
      voterUserIds: members.slice(0, 10).map((m) => m.user.id),
    });

    const designations = (await http.get('/api/investitures/designations').set(bearer(staff.token))).body.data;
    const nimes = designations.find((d: any) => d.kind === 'municipales' && d.manages);
    expect(nimes).toMatchObject({ title: 'Municipales 2026 — liste de Nîmes', period: 'decision' });
    // A real commune: Nîmes (30189) in the Gard, else the chef-lieu of the federation's department.
    const chefLieu = (require('@etalab/decoupage-administratif/data/departements.json') as { code: string; chefLieu: string }[]).find((d) => d.code === federation.departmentCode)!.chefLieu;
    const commune = (require('@etalab/decoupage-administratif/data/communes.json') as { code: string; nom: string; type: string }[]).find((c) => c.type === 'commune-actuelle' && c.code === chefLieu)!;
    expect(nimes.territory).toEqual({ code: chefLieu, name: commune.nom });
    const parity = (await http.get(`/api/investitures/designations/${nimes.documentId}/parity`).set(bearer(staff.token))).body.data;
    expect(parity.list.firstBreach.position).toBe(7);
    const detail = (await http.get(`/api/investitures/designations/${nimes.documentId}`).set(bearer(staff.token))).body.data;
    expect(detail.candidacies).toHaveLength(10);
    const verdict = (c: any, key: string) => c.criteria.find((x: any) => x.key === key).verdict;
    const head = detail.candidacies.find((c: any) => c.position === 1);
    expect([verdict(head, 'pledge'), verdict(head, 'criminalRecord'), verdict(head, 'standing'), verdict(head, 'cumul')]).toEqual(['ok', 'ok', 'ok', 'ok']);
    const tenth = detail.candidacies.find((c: any) => c.position === 10);
    expect(verdict(tenth, 'cumul')).toBe('failed');
    expect(tenth.cumul.violations[0]).toMatchObject({ rule: 'L46-1', giveUp: expect.arrayContaining([expect.stringContaining('Occitanie')]) });

    const primary = (await http.get('/api/investitures/designations').set(bearer(members[0].token))).body.data.find((d: any) => d.kind === 'presidentielle' && d.decided);
    expect(primary).toBeTruthy();
    const results = (await http.get(`/api/investitures/designations/${primary.documentId}/results`).set(bearer(members[0].token))).body.data;
    expect(results.rounds).toHaveLength(1);
    expect(results.rounds[0]).toMatchObject({ closed: true, turnout: 10, results: { method: 'single', expressed: 8, blank: 2 } });
    expect(results.rounds[0].candidates).toHaveLength(3);
    expect(results.rounds[0].results.winner).toBe(results.rounds[0].candidates[0].documentId);
    expect(results.rounds[0].ballots).toHaveLength(10);
  });
});
