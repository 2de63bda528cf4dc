import { describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createAccount, createFederation, createMember, createSection } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';

/**
 * The development demo's events (issue 20 §7), seeded through the commands: two past
 * café-débats with their reports, one upcoming open to the public (citizens registered), a
 * federation debate with a researcher, the summer university. What the accounts then see.
 */
describe('the events demo', () => {
  it('seeds the café-débats, the debate and the summer university; the public page lists the open ones', { timeout: 120_000 }, async () => {
    const strapi = await bootStrapi();
    const federation = await createFederation();
    const nimes = await createSection(federation, 'Nîmes');
    const ales = await createSection(federation, 'Alès');
    const staff = await createMember({ federation, section: nimes, role: 'federation-staff' });
    const secretary = await createMember({ federation, section: nimes, role: 'section-secretary' });
    const national = await createAccount('national-admin');
    const members = [await createMember({ federation, section: nimes }), await createMember({ federation, section: ales })];
    await strapi.plugin('events').service('demo').seed({
      staffUserId: staff.user.id,
      secretaryUserId: secretary.user.id,
      nationalUserId: national.user.id,
      memberUserIds: members.map((m) => m.user.id),
      nimes: nimes.documentId,
      other: ales.documentId,
    });
    const http = await api();
    const past = (await http.get('/api/events/events?when=past&pageSize=100').set(bearer(staff.token))).body.data.filter((e: any) => e.organiser.label.includes(federation.name));
    expect(past).toHaveLength(2);
    expect(past.every((e: any) => e.kind === 'cafe-debat' && e.report?.attendance === 3)).toBe(true);
    const upcoming = (await http.get('/api/events/events?pageSize=100').set(bearer(members[0].token))).body.data;
    const mine = upcoming.filter((e: any) => e.organiser.label.includes(federation.name) || e.organiser.label === federation.name);
    expect(mine.map((e: any) => e.kind).sort()).toEqual(['cafe-debat', 'cafe-debat', 'debat']);
    const debate = mine.find((e: any) => e.kind === 'debat');
    expect(debate.speakers[0].title).toContain('chercheuse');
    expect(upcoming.some((e: any) => e.kind === 'universite-ete')).toBe(true);
    const open = (await http.get('/api/events/public/events?pageSize=100')).body.data.map((e: any) => e.documentId);
    const publicCafe = mine.find((e: any) => e.kind === 'cafe-debat' && e.audience === 'public');
    expect(open).toContain(publicCafe.documentId);
    expect(open).not.toContain(mine.find((e: any) => e.audience === 'members').documentId);
    // The summer university: the edition after three other hosts, its workshops, the delegation.
    const editions = (await http.get('/api/events/summer-universities').set(bearer(staff.token))).body.data.filter((e: any) => e.year < 2090);
    const edition = (await http.get(`/api/events/summer-universities/${editions[0].documentId}`).set(bearer(members[0].token))).body.data;
    expect(edition.hostRegion).toBe('Occitanie');
    // The three latest before it are the demo's (other test files may add older editions).
    expect(edition.pastHosts.slice(0, 3).map((h: any) => h.hostRegion)).toEqual(['Bretagne', 'Grand Est', 'Nouvelle-Aquitaine']);
    expect(edition.sessions.filter((x: any) => x.kind === 'workshop')).toHaveLength(3);
    expect(edition.sessions.find((x: any) => x.mine)).toBeTruthy();
    const delegation = (await http.get(`/api/events/summer-universities/${edition.documentId}/delegation`).set(bearer(staff.token))).body.data;
    expect(delegation.totals).toEqual([expect.objectContaining({ delegates: 3, seats: 4, transport: expect.objectContaining({ car: 2, train: 1 }) })]);
    const stats = (await http.get('/api/events/stats').set(bearer(staff.token))).body.data;
    // Each past café: two members and one citizen came.
    expect(stats.openEvents).toEqual({ attendance: 6, nonMembers: 2, nonMemberShare: 0.333 });
  });
});
