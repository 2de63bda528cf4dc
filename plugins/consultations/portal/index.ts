import { definePortalPlugin, lazyNamed as page } from '@portal/registry';
import { ConsultationsCard } from './home-card';
import { primeConsultationsCard } from './home-reads';

/**
 * The consultations' member pages: the list, each consultation's calendar and rules with my
 * standing, contributing (with similar contributions shown while writing), my contributions
 * and what became of them, grading, results, the synthesis, the secret vote with its receipt,
 * the published ballots to find it and recount, and quick questions.
 */
export default definePortalPlugin({
  id: 'consultations',
  module: 'consultations',
  menu: [{ label: 'Consultations', to: '/consultations', order: 30 }],
  routes: [
    { path: 'consultations', title: 'Consultations', page: page(() => import('./list'), 'ConsultationsPage') },
    { path: 'consultations/:id', title: 'Consultation', page: page(() => import('./consultation'), 'ConsultationPage') },
    { path: 'consultations/:id/contribuer', title: 'Contribuer', page: page(() => import('./contribute'), 'ContributePage') },
    { path: 'consultations/:id/contributions/:contributionId', title: 'Ma contribution', page: page(() => import('./contribute'), 'EditContributionPage') },
    { path: 'consultations/:id/evaluation', title: 'Évaluer les propositions', page: page(() => import('./grading'), 'GradingPage') },
    { path: 'consultations/:id/resultats', title: 'Résultats de l’évaluation', page: page(() => import('./results'), 'ResultsPage') },
    { path: 'consultations/:id/synthese', title: 'Synthèse', page: page(() => import('./results'), 'SynthesisPage') },
    { path: 'consultations/:id/vote', title: 'Vote', page: page(() => import('./vote'), 'VotePage') },
    { path: 'consultations/:id/bulletins', title: 'Bulletins publiés', page: page(() => import('./ballots'), 'BallotsPage') },
  ],
  home: [{ order: 10, card: ConsultationsCard, prime: primeConsultationsCard }],
});
