import { lazy } from 'react';
import { definePortalPlugin } from '@portal/registry';

/**
 * « Instances » in the member portal: my bodies and their next meetings (ICS), minutes to
 * read, each body's seats and attendance indicators, my own attendance, and for the
 * secretary the attendance sheet (phone-first) and the minutes editor on the meeting page.
 */
export default definePortalPlugin({
  id: 'bodies',
  module: 'bodies',
  menu: [{ label: 'Instances', to: '/instances', order: 45 }],
  routes: [
    { path: 'instances', title: 'Instances', page: lazy(() => import('./mine')) },
    { path: 'instances/mes-presences', title: 'Mes présences', page: lazy(() => import('./my-attendance')) },
    { path: 'instances/:id', title: 'Instance', page: lazy(() => import('./body')) },
    { path: 'instances/:id/rapport', title: 'Rapport d’activité', page: lazy(() => import('./report')) },
    // Also where search hits on published minutes land (the manifest's link).
    { path: 'instances/reunions/:id', title: 'Réunion', page: lazy(() => import('./meeting')) },
  ],
});
