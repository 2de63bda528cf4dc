import type { Core } from '@strapi/strapi';
import { getService } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { enrolInWelcomePaths } from '../commands/enrol';
import type { Enrolment } from './courses';

/**
 * Training's part of the development demo, through the commands. The demo's newcomer joined
 * weeks before the seed runs: she is enrolled in her welcome path as every newcomer is, but
 * dated at her arrival (as if the intranet had welcomed her then), so that « Mon parcours »
 * agrees with her membership and her sponsorship.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async welcomeNewcomer(memberId: number): Promise<Enrolment[]> {
    const member = await getService(strapi, 'membership', 'directory').memberById(memberId);
    return enrolInWelcomePaths(strapi, memberId, { enrolledOn: member?.joinedOn ?? undefined });
  },
});
