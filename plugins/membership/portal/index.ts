import { definePortalPlugin, lazyPage as lazy } from '@portal/registry';
import MembershipCard from './home-card';
import { primeMembershipCard } from './standing';

/**
 * « Mon adhésion »: the member's profile, dues per year and whether they may take part today
 * (with the reasons and what to do when not). No module: every member sees it. Officers also
 * get « Adhérents » (register a member and invite them, issue 11); staff « Départs et
 * effacements » (issue 22).
 */
export default definePortalPlugin({
  id: 'membership',
  menu: [
    { label: 'Mon adhésion', to: '/mon-adhesion', order: 90 },
    // Officers (issue 11): register a member (the invitation leaves), send an invitation again.
    { label: 'Adhérents', to: '/adherents', order: 93, roles: ['section-secretary', 'federation-staff', 'national-admin'] },
    // Staff (issue 22): departures pending erasure, record a departure, erase now.
    { label: 'Départs et effacements', to: '/departs', order: 94, roles: ['federation-staff', 'national-admin'] },
  ],
  routes: [
    { path: 'mon-adhesion', title: 'Mon adhésion', page: lazy(() => import('./my-membership')) },
    // « Mes données » (issue 22): linked from « Mon adhésion », not in the menu.
    { path: 'mes-donnees', title: 'Mes données', page: lazy(() => import('./my-data')) },
    { path: 'departs', title: 'Départs et effacements', page: lazy(() => import('./departures')) },
    { path: 'adherents', title: 'Adhérents', page: lazy(() => import('./members')) },
  ],
  home: [{ order: 30, card: MembershipCard, prime: primeMembershipCard }],
});
