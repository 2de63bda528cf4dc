import { describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createAccount, createFederation, createMember, createSection } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';

/**
 * The development demo's cases (issue 17 §9), seeded through the commands: one case at each
 * state, a confidential harassment report with its precautionary suspension, an appeal,
 * published decisions (a named exclusion). What the demo accounts then see.
 */
describe('the sanctions demo', () => {
  it('seeds a case at each state through the commands, and the accounts see their part', { timeout: 120_000 }, async () => {
    const strapi = await bootStrapi();
    const federation = await createFederation();
    const section = await createSection(federation, 'Alès');
    const staff = await createMember({ federation, section, role: 'federation-staff' });
    const commission = await createMember({ federation, section, role: 'conflicts-commission' });
    const reporter = await createMember({ federation, section });
    const national = await createAccount('conflicts-commission');
    const respondents = [];
    for (let i = 0; i < 9; i++) respondents.push(await createMember({ federation, section }));
    await strapi.plugin('sanctions').service('demo').seed({
      staffUserId: staff.user.id,
      commissionUserId: commission.user.id,
      nationalCommissionUserId: national.user.id,
      reporterUserId: reporter.user.id,
      respondents: respondents.map((r) => r.member.documentId),
    });
    const http = await api();
    const cases = (await http.get('/api/sanctions/cases?pageSize=100').set(bearer(commission.token))).body.data;
    expect(cases.map((c: any) => c.state).sort()).toEqual(['appeal', 'decided', 'final', 'final', 'hearing', 'investigation', 'investigation', 'notified', 'received']);
    const report = cases.find((c: any) => c.category.key === 'harcelement');
    const full = (await http.get(`/api/sanctions/cases/${report.documentId}`).set(bearer(commission.token))).body.data;
    expect(full).toMatchObject({ origin: 'report', precautionaryUntil: expect.any(String), reporter: { name: `${reporter.member.firstName} ${reporter.member.lastName}` } });
    const decisions = (await http.get('/api/sanctions/decisions').set(bearer(reporter.token))).body.data.filter((d: any) => d.reference.startsWith(`CC-${federation.departmentCode}-`));
    expect(decisions.map((d: any) => [d.level, Boolean(d.name)]).sort()).toEqual([['exclusion', true], ['suspension', false]]);
    expect((await http.get('/api/sanctions/cases').set(bearer(staff.token))).body.data.length).toBe(6); // what staff referred

    // Each case's dates follow the procedure's order (received → investigation → notified → heard → decided → appeal → final).
    const steps = ['receivedOn', 'investigationOn', 'notifiedOn', 'heardOn', 'decidedOn', 'appealedOn', 'finalOn'];
    const rows = await strapi.db.query('plugin::sanctions.case').findMany({ where: { documentId: { $in: cases.map((c: any) => c.documentId) } } });
    for (const row of rows) {
      const dates = steps.map((step) => row[step]).filter(Boolean).map((d: any) => String(d).slice(0, 10));
      expect(dates, `${row.state}: ${steps.map((s) => `${s}=${row[s]}`).join(' ')}`).toEqual([...dates].sort());
    }
  });
});
