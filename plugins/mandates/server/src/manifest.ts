import { defineManifest } from '@intranet-militant/shared';
import { mandatesNotifications } from './notifications';
import { mandatesPermissions } from './permissions';

export const mandatesModule = defineManifest({
  id: 'mandates',
  label: 'Élus et mandats',
  description: 'Élus et mandats : annuaire des élu·es, déclaration des mandats, règles de cumul et dérogations, comptes rendus de mandat et questions des adhérent·es.',
  defaultEnabled: true,
  permissions: mandatesPermissions.table,
  searchable: [],
  notifications: mandatesNotifications,
});
