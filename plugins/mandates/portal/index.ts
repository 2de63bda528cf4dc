import { lazy } from 'react';
import { definePortalPlugin } from '@portal/registry';

/**
 * « Élus et mandats » in the member portal: the officials' directory of my federation, an
 * official's page (mandates, reports, regularity, cumul situation), my mandates (declare
 * with a preview of the rules, my situation, my reports to write), and a report's page
 * with members' questions and the official's answers; for staff, « Suivi des élu·es »
 * (cumul breaches, report regularity, questions to moderate, national counts).
 */
export default definePortalPlugin({
  id: 'mandates',
  module: 'mandates',
  menu: [{ label: 'Élus', to: '/elus', order: 50 }],
  routes: [
    { path: 'elus', title: 'Nos élu·es', page: lazy(() => import('./directory')) },
    { path: 'elus/mes-mandats', title: 'Mes mandats', page: lazy(() => import('./mine')) },
    { path: 'elus/suivi', title: 'Suivi des élu·es', page: lazy(() => import('./staff')) },
    { path: 'elus/comptes-rendus/:id', title: 'Compte rendu de mandat', page: lazy(() => import('./report')) },
    { path: 'elus/:id', title: 'Élu·e', page: lazy(() => import('./official')) },
  ],
});
