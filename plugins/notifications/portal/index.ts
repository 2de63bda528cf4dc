import { lazy } from 'react';
import { definePortalPlugin } from '@portal/registry';

/** The member's notifications (inbox), what they receive by email, and their calendar feed. Core: no module switch. */
export default definePortalPlugin({
  id: 'notifications',
  menu: [{ label: 'Notifications', to: '/notifications', order: 90 }],
  routes: [
    { path: 'notifications', title: 'Notifications', page: lazy(() => import('./inbox')) },
    { path: 'notifications/preferences', title: 'Mes notifications et mon agenda', page: lazy(() => import('./preferences')) },
  ],
});
