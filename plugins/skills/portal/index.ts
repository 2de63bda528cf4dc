import { lazy } from 'react';
import { definePortalPlugin } from '@portal/registry';

/**
 * « Compétences et réseaux » in the member portal: my profile with its consent and the
 * preview « ce que voient les autres », the directory search, a profile, the thematic
 * networks, and for staff the matching and the census campaigns. The census invitation
 * shows on my profile page.
 */
export default definePortalPlugin({
  id: 'skills',
  module: 'skills',
  menu: [{ label: 'Compétences', to: '/competences', order: 55 }],
  routes: [
    { path: 'competences', title: 'Annuaire des compétences', page: lazy(() => import('./directory')) },
    { path: 'competences/ma-fiche', title: 'Ma fiche compétences', page: lazy(() => import('./my-profile')) },
    { path: 'competences/fiches/:id', title: 'Fiche compétences', page: lazy(() => import('./profile')) },
    { path: 'competences/reseaux', title: 'Réseaux thématiques', page: lazy(() => import('./networks')) },
    { path: 'competences/reseaux/:id', title: 'Réseau thématique', page: lazy(() => import('./network')) },
    { path: 'competences/equipe', title: 'Mise en relation et recensements', page: lazy(() => import('./staff')) },
  ],
});
