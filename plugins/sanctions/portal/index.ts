import { lazy } from 'react';
import { definePortalPlugin } from '@portal/registry';

/**
 * « Commission des conflits » in the member portal: my cases (as respondent, referrer,
 * reporter or commission), a case's page (the respondent's file, deadlines, defence, appeal;
 * the commission's steps), a confidential report, the published decisions and the scale.
 */
export default definePortalPlugin({
  id: 'sanctions',
  module: 'sanctions',
  menu: [{ label: 'Commission des conflits', to: '/commission', order: 60 }],
  routes: [
    { path: 'commission', title: 'Commission des conflits', page: lazy(() => import('./home')) },
    { path: 'commission/signaler', title: 'Signaler un acte', page: lazy(() => import('./report')) },
    { path: 'commission/decisions', title: 'Décisions publiées', page: lazy(() => import('./decisions')) },
    { path: 'commission/affaires/:id', title: 'Affaire', page: lazy(() => import('./case')) },
  ],
});
