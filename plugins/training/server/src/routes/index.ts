import { contentApiRoutes, type RouteSpec } from '@intranet-militant/shared';
import { trainingPermissions } from '../permissions';
import { routeInput } from '../validation/schemas';

type Action = keyof typeof routeInput;
const rule = trainingPermissions.table;
const route = (method: RouteSpec['method'], path: string, handler: Action, action: keyof typeof rule): RouteSpec => ({
  method,
  path,
  handler: `training.${handler}`,
  rule: rule[action],
  module: 'training',
  input: routeInput[handler],
});

/** Mounted under /api/training. */
export default {
  'content-api': contentApiRoutes([
    route('GET', '/courses', 'courses', 'course.read'),
    route('GET', '/courses/:id', 'course', 'course.read'),
    route('GET', '/courses/:id/lessons/:lessonId/attachments/:fileId', 'lessonAttachment', 'course.read'),
    route('POST', '/courses/:id/enrolment', 'enrol', 'course.learn'),
    route('POST', '/courses/:id/lessons/:lessonId/done', 'completeLesson', 'course.learn'),
    route('POST', '/courses/:id/quizzes/:quizId/attempts', 'attempt', 'course.learn'),
    route('PUT', '/courses/:id/rating', 'rate', 'course.learn'),
    route('GET', '/courses/:id/certificate', 'certificatePdf', 'course.learn'),
    route('GET', '/me', 'mine', 'course.learn'),
    route('GET', '/sponsorships/mine', 'sponsored', 'sponsorship.read-own'),
    route('GET', '/sponsorships/suggestions', 'suggestions', 'sponsorship.manage'),
    route('POST', '/sponsorships', 'assign', 'sponsorship.manage'),
    route('POST', '/sponsorships/:id/end', 'end', 'sponsorship.manage'),
    route('GET', '/statistics', 'statistics', 'statistics.read'),
    route('GET', '/statistics/export', 'statisticsCsv', 'statistics.read'),
    route('POST', '/courses/:id/trainer-suggestions', 'trainerSuggestions', 'trainer.suggest'),
    // Anyone holding a certificate's code may check it: no account, no module switch.
    { method: 'GET', path: '/certificates/:code', handler: 'training.verifyCertificate', rule: 'public', input: routeInput.verifyCertificate },
  ]),
};
