import { lazy } from 'react';
import { definePortalPlugin, lazyNamed } from '@portal/registry';

/**
 * « Événements » in the member portal: upcoming and past events, one-click registration,
 * the door list and check-in from a phone, the report and its sending to a consultation,
 * feedback, statistics for staff; and, without an account, the open events' public page
 * (with its calendar feed) where citizens register, confirm and cancel.
 */
export default definePortalPlugin({
  id: 'events',
  module: 'events',
  menu: [{ label: 'Événements', to: '/evenements', order: 45 }],
  routes: [
    { path: 'evenements', title: 'Événements', page: lazy(() => import('./list')) },
    { path: 'evenements/nouveau', title: 'Annoncer un événement', page: lazy(() => import('./new-event')) },
    { path: 'evenements/universite-ete', title: 'Université d’été', page: lazy(() => import('./summer-university')) },
    { path: 'evenements/statistiques', title: 'Statistiques des événements', page: lazy(() => import('./stats')) },
    { path: 'evenements/:id', title: 'Événement', page: lazy(() => import('./event')) },
  ],
  publicRoutes: [
    { path: 'evenements-publics', title: 'Événements ouverts au public', page: lazyNamed(() => import('./public'), 'PublicListPage') },
    { path: 'evenements-publics/confirmer', title: 'Confirmer mon inscription', page: lazyNamed(() => import('./public'), 'ConfirmPage') },
    { path: 'evenements-publics/annuler', title: 'Annuler mon inscription', page: lazyNamed(() => import('./public'), 'CancelPage') },
    { path: 'evenements-publics/:id', title: 'Événement ouvert au public', page: lazyNamed(() => import('./public'), 'PublicEventPage') },
  ],
});
