import { definePortalPlugin, lazyPage as lazy } from '@portal/registry';
import TrainingCard from './home-card';
import { primeTrainingCard } from './home-reads';
import { CERTIFICATE_CHECK_PAGE } from '../server/src/domain/links';

const verifyPage = lazy(() => import('./verify'));

/**
 * « Formation » in the member portal: the catalogue by level, course pages with their
 * lessons and quizzes, the certificate and the rating, and « Mon parcours » (my courses,
 * my sponsor, the newcomers I sponsor); and, without an account, the page where anyone checks
 * a certificate by its code (the address the PDF prints). Each page is its own chunk, loaded
 * when opened.
 */
export default definePortalPlugin({
  id: 'training',
  module: 'training',
  menu: [{ label: 'Formation', to: '/formation', order: 40 }],
  routes: [
    { path: 'formation', title: 'Formations', page: lazy(() => import('./catalogue')) },
    { path: 'formation/mon-parcours', title: 'Mon parcours', page: lazy(() => import('./journey')) },
    { path: 'formation/cours/:id', title: 'Formation', page: lazy(() => import('./course')) },
    { path: 'formation/cours/:id/lecons/:lessonId', title: 'Leçon', page: lazy(() => import('./lesson')) },
    { path: 'formation/cours/:id/quiz/:quizId', title: 'Quiz', page: lazy(() => import('./quiz')) },
  ],
  publicRoutes: [
    { path: CERTIFICATE_CHECK_PAGE.slice(1), title: 'Vérifier un certificat', page: verifyPage },
    { path: `${CERTIFICATE_CHECK_PAGE.slice(1)}/:code`, title: 'Vérifier un certificat', page: verifyPage },
  ],
  home: [{ order: 20, card: TrainingCard, prime: primeTrainingCard }],
});
