import { lazy } from 'react';
import { definePortalPlugin } from '@portal/registry';

/** The member's notifications (inbox), what they receive by email, and their calendar feed. Core: no module switch. */
export default definePortalPlugin({
  id: 'notifications',
  // No menu entry: the header shows « Notifications » with the unread count (src/portal/shell/unread.tsx).
  routes: [
    { path: 'notifications', title: 'Notifications', page: lazy(() => import('./inbox')) },
    { path: 'notifications/preferences', title: 'Mes notifications et mon agenda', page: lazy(() => import('./preferences')) },
  ],
});
