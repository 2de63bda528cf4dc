import { lazy } from 'react';
import { definePortalPlugin } from '@portal/registry';

/**
 * « Investitures et désignations » in the member portal: open designations, applying and
 * signing the pledge, following one's candidacy's checks, voting (secret ballot), results with
 * receipts and recount; for staff, the checks, parity and the indicators.
 */
export default definePortalPlugin({
  id: 'investitures',
  module: 'investitures',
  menu: [{ label: 'Investitures', to: '/investitures', order: 58 }],
  routes: [
    { path: 'investitures', title: 'Investitures et désignations', page: lazy(() => import('./list')) },
    { path: 'investitures/indicateurs', title: 'Parité et renouvellement', page: lazy(() => import('./staff')) },
    { path: 'investitures/:id', title: 'Désignation', page: lazy(() => import('./designation')) },
    { path: 'investitures/:id/resultats', title: 'Résultats du vote', page: lazy(() => import('./results')) },
  ],
});
