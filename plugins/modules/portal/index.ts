import { lazy } from 'react';
import { definePortalPlugin } from '@portal/registry';

/** « Modules de la fédération »: federation staff switch their federation's modules from the portal too (no module: modules is core). */
export default definePortalPlugin({
  id: 'modules',
  menu: [{ label: 'Modules de la fédération', to: '/modules', order: 96, roles: ['federation-staff'] }],
  routes: [{ path: 'modules', title: 'Modules de la fédération', page: lazy(() => import('./switches')) }],
});
