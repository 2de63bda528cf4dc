import { adminRoutes, contentApiRoutes, type RouteSpec } from '@intranet-militant/shared';
import { mandatesPermissions } from '../permissions';
import { MANDATE_UID } from '../uids';
import { adminInput, routeInput } from '../validation/schemas';

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

/** The Content Manager's read of mandates: who may open a mandate's page may read its official's situation there. */
const READ_MANDATES = 'plugin::content-manager.explorer.read';

/** Content API under /api/mandates; the admin panel's routes under /mandates. `:id` is always a documentId. */
export default {
  admin: adminRoutes([
    // The side panel of a mandate's page: its official's situation (federation scope in the query).
    { method: 'GET', path: '/mandates/:id/situation', handler: 'mandates-admin.situation', actions: [[READ_MANDATES, MANDATE_UID]], input: adminInput.situation },
  ]),
  'content-api': contentApiRoutes([
    route('GET', '/categories', 'categories', 'official.read'),
    route('GET', '/rule-sets/current', 'currentRules', 'rules.read'),
    route('POST', '/rule-sets', 'publishRules', 'rules.change'),
    route('DELETE', '/rule-sets/:version', 'withdrawRules', 'rules.change'),
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
