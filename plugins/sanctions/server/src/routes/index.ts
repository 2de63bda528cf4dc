import { contentApiRoutes, type RouteSpec } from '@intranet-militant/shared';
import { sanctionsPermissions } from '../permissions';
import { routeInput } from '../validation/schemas';

type Action = keyof typeof routeInput;
const rule = sanctionsPermissions.table;
const route = (method: RouteSpec['method'], path: string, handler: Action, action: keyof typeof rule): RouteSpec => ({
  method,
  path,
  handler: `sanctions.${handler}`,
  rule: rule[action],
  module: 'sanctions',
  input: routeInput[handler],
});

/** Mounted under /api/sanctions. */
export default {
  'content-api': contentApiRoutes([
    route('GET', '/scale', 'scale', 'scale.read'),
    route('GET', '/scale/versions/:id', 'scaleVersion', 'scale.read'),
    route('POST', '/scale/versions', 'adoptScale', 'scale.write'),
    route('POST', '/cases', 'refer', 'case.refer'),
    route('POST', '/reports', 'report', 'case.report'),
    route('GET', '/cases', 'cases', 'case.read'),
    route('GET', '/cases/:id', 'case', 'case.read'),
    route('POST', '/cases/:id/investigation', 'investigate', 'case.instruct'),
    route('POST', '/cases/:id/notification', 'notify', 'case.instruct'),
    route('POST', '/cases/:id/hearing', 'hearing', 'case.instruct'),
    route('POST', '/cases/:id/documents', 'document', 'case.instruct'),
    route('GET', '/cases/:id/files/:key', 'file', 'case.read'),
    route('POST', '/cases/:id/respondent', 'identify', 'case.instruct'),
    route('POST', '/cases/:id/precautionary-suspension', 'precautionary', 'case.instruct'),
    route('POST', '/cases/:id/decision', 'decide', 'case.instruct'),
    route('POST', '/cases/:id/national-decision', 'nationalDecision', 'case.instruct'),
    route('POST', '/cases/:id/finalization', 'finalize', 'case.instruct'),
    route('POST', '/cases/:id/defence', 'defence', 'case.defend'),
    route('POST', '/cases/:id/appeal', 'appeal', 'case.defend'),
    route('GET', '/decisions', 'decisions', 'decision.read'),
    route('GET', '/uniformity', 'uniformity', 'uniformity.read'),
  ]),
};
