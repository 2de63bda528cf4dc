import { lazy } from 'react';
import { definePortalPlugin } from '@portal/registry';

/**
 * The member's notifications (inbox), what they receive by email, and their calendar feed;
 * for federation staff and national admins, « Adresses en échec » (bouncing addresses).
 * Core: no module switch.
 */
export default definePortalPlugin({
  id: 'notifications',
  // No menu entry for the inbox: the header shows « Notifications » with the unread count (src/portal/shell/unread.tsx).
  menu: [{ label: 'Adresses en échec', to: '/notifications/adresses-en-echec', order: 97, roles: ['federation-staff', 'national-admin'] }],
  routes: [
    { path: 'notifications', title: 'Notifications', page: lazy(() => import('./inbox')) },
    { path: 'notifications/preferences', title: 'Mes notifications et mon agenda', page: lazy(() => import('./preferences')) },
    { path: 'notifications/adresses-en-echec', title: 'Adresses en échec', page: lazy(() => import('./bounces')) },
  ],
});
