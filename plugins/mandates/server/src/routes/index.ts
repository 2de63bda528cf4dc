import { contentApiRoutes, type RouteSpec } from '@intranet-militant/shared';
import { mandatesPermissions } from '../permissions';
import { routeInput } from '../validation/schemas';

type Action = keyof typeof routeInput;
const rule = mandatesPermissions.table;
const route = (method: RouteSpec['method'], path: string, handler: Action, action: keyof typeof rule): RouteSpec => ({
  method,
  path,
  handler: `mandates.${handler}`,
  rule: rule[action],
  module: 'mandates',
  input: routeInput[handler],
});

/** Mounted under /api/mandates. */
export default {
  'content-api': contentApiRoutes([
    route('GET', '/categories', 'categories', 'official.read'),
    route('GET', '/rule-sets/current', 'currentRules', 'rules.read'),
    route('POST', '/rule-sets', 'publishRules', 'rules.change'),
    route('GET', '/me', 'mine', 'situation.read'),
    route('PUT', '/me/contact', 'saveContact', 'contact.edit'),
    route('GET', '/officials', 'officials', 'official.read'),
    route('GET', '/officials/:id', 'official', 'official.read'),
    route('GET', '/officials/:id/situation', 'situation', 'situation.read'),
    route('POST', '/mandates', 'record', 'mandate.record'),
    route('POST', '/mandates/preview', 'preview', 'mandate.record'),
    route('POST', '/mandates/:id/end', 'end', 'mandate.record'),
    route('POST', '/mandates/:id/verify', 'verify', 'mandate.verify'),
    route('POST', '/mandates/:id/reports', 'submitReport', 'report.write'),
    route('GET', '/reports/:id', 'report', 'official.read'),
    route('PUT', '/reports/:id', 'correctReport', 'report.write'),
    route('POST', '/reports/:id/attachments', 'attach', 'report.write'),
    route('DELETE', '/reports/:id/attachments/:key', 'detach', 'report.write'),
    route('GET', '/reports/:id/files/:key', 'reportFile', 'official.read'),
    route('POST', '/reports/:id/questions', 'ask', 'question.ask'),
    route('POST', '/questions/:id/moderate', 'moderate', 'question.moderate'),
    route('POST', '/questions/:id/answer', 'answer', 'question.answer'),
    route('GET', '/federations/:id/breaches', 'breaches', 'breaches.read'),
    route('GET', '/federations/:id/compliance', 'compliance', 'breaches.read'),
    route('GET', '/federations/:id/questions', 'pendingQuestions', 'question.moderate'),
    route('GET', '/counts', 'counts', 'counts.read'),
    route('POST', '/waivers', 'grantWaiver', 'waiver.grant'),
  ]),
};
