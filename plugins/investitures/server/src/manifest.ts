import { defineManifest } from '@intranet-militant/shared';
import { investituresNotifications } from './notifications';
import { investituresPermissions } from './permissions';

/** Nothing of a candidacy is indexed (criteria and personal data stay in the plugin); a binôme's running mate and its candidate are told (notifications.ts). */
export const investituresModule = defineManifest({
  id: 'investitures',
  label: 'Investitures et désignations',
  description: 'Investitures et désignations : candidatures aux élections et aux fonctions du parti, critères (engagement de démission, casier judiciaire, cotisation, cumul), parité, indicateurs de renouvellement et votes des adhérents à bulletin secret.',
  defaultEnabled: true,
  permissions: investituresPermissions.table,
  searchable: [],
  notifications: investituresNotifications,
});
