import { lazy } from 'react';
import { definePortalPlugin } from '@portal/registry';

/** « Journal d’audit »: federation staff and national admins read who did what (no module: audit is core). */
export default definePortalPlugin({
  id: 'audit',
  menu: [{ label: 'Journal d’audit', to: '/journal', order: 95, roles: ['federation-staff', 'national-admin'] }],
  routes: [{ path: 'journal', title: 'Journal d’audit', page: lazy(() => import('./journal')) }],
});
