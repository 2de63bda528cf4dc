import type { Core } from '@strapi/strapi';
import { frenchDate, getService, MEMBER_LEFT, MEMBER_MOVED, MEMBER_STATUS_CHANGED, onEvent } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import type {} from '@intranet-militant/consultations';
import contentTypes from './content-types';
import investituresController from './controllers/investitures';
import { investituresModule } from './manifest';
import './public';
import routes from './routes';
import demo from './services/demo';
import erasure from './services/erasure';
import personalData from './services/personal-data';
import pledge from './services/pledge';
import { nameBoxes } from './commands/votes';
import { withdrawBinomesOfMate, withdrawCandidaciesOfMember, withdrawCandidaciesOutsidePlace } from './commands/candidacies';

/**
 * Investitures and designations (module « Investitures et désignations »): designations for
 * public elections and internal offices, candidacies checked against the party's criteria
 * (pledge of art. 5.1.7, bulletin n° 3, good standing through membership, cumul preview through
 * mandates, the federation's checklist), parity, diversity and renewal indicators, and
 * members' votes through the consultations plugin's secret ballot boxes.
 */
export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    getService(strapi, 'modules', 'registry').register(investituresModule);
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await getService(strapi, 'investitures', 'pledge').ensureSeeded();
    // The members' votes are cast in the consultations plugin's ballot boxes: it asks us how to
    // name ours in a voter's « Mes données ».
    getService(strapi, 'consultations', 'ballot-box').nameBoxesWith('investitures', (boxes) => nameBoxes(strapi, boxes));
    // One who leaves the party keeps no live candidacy (in membership's transaction).
    onEvent(strapi, MEMBER_LEFT, async ({ memberId, on }) => {
      await withdrawCandidaciesOfMember(strapi, memberId, `Départ du parti (le ${frenchDate(on)})`);
      // Nor is anyone's running mate: their binômes are withdrawn, their candidates told.
      await withdrawBinomesOfMate(strapi, memberId, `Colistier·ère : départ du parti (le ${frenchDate(on)})`);
    });
    // Nor one who is excluded (staff's status command, the admin panel, the commission's
    // decision): an exclusion ends membership. Their binômes' candidates read a neutral reason
    // (a staff-recorded exclusion is not published).
    onEvent(strapi, MEMBER_STATUS_CHANGED, async ({ memberId, to }) => {
      if (to !== 'excluded') return;
      await withdrawCandidaciesOfMember(strapi, memberId, 'Exclusion du parti');
      await withdrawBinomesOfMate(strapi, memberId, 'Colistier·ère : n’est plus adhérent·e');
    });
    // Nor one to a designation of a federation or section they moved out of (nor a running mate
    // of a binôme of the federation they left).
    onEvent(strapi, MEMBER_MOVED, async (move) => {
      await withdrawCandidaciesOutsidePlace(strapi, move);
    });
  },
  contentTypes,
  controllers: { investitures: investituresController },
  routes,
  services: { pledge, demo, erasure, 'personal-data': personalData },
};
