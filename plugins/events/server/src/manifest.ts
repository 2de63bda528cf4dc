import { defineManifest } from '@intranet-militant/shared';
import { eventsCalendar } from './calendar';
import { eventsNotifications } from './notifications';
import { eventsPermissions } from './permissions';

export const eventsModule = defineManifest({
  id: 'events',
  label: 'Événements',
  description: 'Événements : cafés-débats ouverts, débats fédéraux, formations, réunions publiques, université d’été — inscriptions avec liste d’attente, inscription des citoyens aux événements ouverts, émargement, compte rendu versé aux consultations.',
  defaultEnabled: true,
  permissions: eventsPermissions.table,
  searchable: [],
  notifications: eventsNotifications,
  calendar: eventsCalendar,
});
