import { describe, expect, it } from 'vitest';
import { parisDate, todayInParis } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createFederation, createMember, createSection } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { seedSponsorship, seedTrainingCourses, seedWelcome } from '../../../src/seed/training-demo';
import { enrolInWelcomePaths } from '../server/src/commands/enrol';
import { createCourse } from './support/courses';
import { parisDay } from '../../../tests/support/dates';

const day = parisDay;

/**
 * The development demo's newcomer joined weeks before the seed runs: « Mon parcours » must not
 * say she was enrolled « à votre arrivée » on the seed's day while her membership and her
 * sponsorship started weeks earlier.
 */
describe('the demo’s welcome enrolment', () => {
  it('is dated at the newcomer’s arrival, as her sponsorship is', async () => {
    const strapi = await bootStrapi();
    const federation = await createFederation();
    const nimes = await createSection(federation, 'Nîmes');
    const joinedOn = day(-60);
    // Members first, then the courses, then the welcome: the demo's order.
    const sponsor = await createMember({ federation, section: nimes, joinedOn: '2019-03-02' });
    const newcomer = await createMember({ federation, section: nimes, joinedOn });
    await seedTrainingCourses(strapi, { gard: federation, nimes });
    await seedWelcome(strapi, newcomer.user.email);
    await seedSponsorship(strapi, newcomer.user.email, sponsor.user.email);

    const me = (await (await api()).get('/api/training/me').set(bearer(newcomer.token))).body.data;
    const welcome = me.enrolments.filter((e: any) => e.course.welcomePath && e.course.title.startsWith('Bienvenue au parti'));
    expect(welcome).toHaveLength(1);
    expect(welcome[0].enrolment.origin).toBe('welcome');
    expect(parisDate(welcome[0].enrolment.enrolledAt)).toBe(joinedOn);
    expect(me.sponsor.since).toBe(joinedOn);
  });

  it('the welcome command’s date is bounded as an import’s: never before the membership started, never in the future', async () => {
    const federation = await createFederation();
    const joinedOn = day(-40);
    const [early, later, future, unset] = [
      await createMember({ federation, joinedOn }),
      await createMember({ federation, joinedOn }),
      await createMember({ federation, joinedOn }),
      await createMember({ federation, joinedOn }),
    ];
    const course = await createCourse({ title: 'Accueil borné', federation, intendedFor: 'new-members', welcomePath: true });
    const strapi = await bootStrapi();
    const enrolledOn = async (member: { member: { id: number } }, requested?: string) => {
      const before = Date.now();
      const made = await enrolInWelcomePaths(strapi, member.member.id, requested === undefined ? {} : { enrolledOn: requested });
      const mine = made.find((e) => e.courseDocumentId === course.documentId)!;
      return { day: parisDate(mine.enrolledAt), now: Date.parse(mine.enrolledAt) >= before - 1000 };
    };
    expect(await enrolledOn(early, day(-100))).toEqual({ day: joinedOn, now: false }); // before she joined: her arrival
    expect(await enrolledOn(later, day(-10))).toEqual({ day: day(-10), now: false });
    expect(await enrolledOn(future, day(3))).toEqual({ day: todayInParis(), now: true }); // never in the future
    expect(await enrolledOn(unset)).toEqual({ day: todayInParis(), now: true }); // as every newcomer joining today
  });
});
