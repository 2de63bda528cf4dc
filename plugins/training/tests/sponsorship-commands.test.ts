import { beforeAll, describe, expect, it } from 'vitest';
import { bootStrapi } from '../../../tests/support/strapi';
import { actorOf, createMember, createWorld, type World } from '../../../tests/support/factories';
import { assignSponsor } from '../server/src/commands/sponsor';
import { suggestSponsors } from '../server/src/queries/sponsors';
import { parisDay } from '../../../tests/support/dates';

/**
 * The sponsorship commands against the run's database, without HTTP: a suspension past its
 * end counts as active (the shared effective status), whatever `membershipStatus` stores.
 */
let w: World;
const day = parisDay;


beforeAll(async () => {
  w = await createWorld();
});

describe('sponsorship commands', () => {
  it('suggest and assign a sponsor whose suspension ended yesterday; refuse one still suspended', async () => {
    const strapi = await bootStrapi();
    const staff = await actorOf(w.staff.user);
    const reinstated = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2011-01-10', status: 'suspended', suspendedUntil: day(-1) });
    const suspended = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: '2011-01-10', status: 'suspended', suspendedUntil: day(10) });
    const newcomer = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: day(-20) });

    const { suggestions, maxLoad } = await suggestSponsors(strapi, staff, newcomer.member.documentId);
    expect(maxLoad).toBe(3);
    const ids = suggestions.map((s) => s.member.documentId);
    expect(ids).toContain(reinstated.member.documentId);
    expect(ids).not.toContain(suspended.member.documentId);

    await expect(assignSponsor(strapi, staff, { newcomer: newcomer.member.documentId, sponsor: suspended.member.documentId })).rejects.toThrow(/adhérent actif/);
    const assigned = await assignSponsor(strapi, staff, { newcomer: newcomer.member.documentId, sponsor: reinstated.member.documentId });
    expect(assigned).toMatchObject({ sponsor: `${reinstated.member.firstName} ${reinstated.member.lastName}`, startedOn: expect.any(String) });
  });

  it('assigns a sponsor to a newcomer whose suspension has ended', async () => {
    const strapi = await bootStrapi();
    const staff = await actorOf(w.staff.user);
    const newcomer = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: day(-60), status: 'suspended', suspendedUntil: day(-2) });
    const sponsor = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: '2010-06-01' });
    await expect(assignSponsor(strapi, staff, { newcomer: newcomer.member.documentId, sponsor: sponsor.member.documentId })).resolves.toMatchObject({ startedOn: expect.any(String) });
  });
});
