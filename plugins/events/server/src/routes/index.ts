import { contentApiRoutes, type RouteSpec } from '@intranet-militant/shared';
import { eventsPermissions } from '../permissions';
import { routeInput } from '../validation/schemas';

type Action = keyof typeof routeInput;
const rule = eventsPermissions.table;
const route = (method: RouteSpec['method'], path: string, handler: Action, action: keyof typeof rule): RouteSpec => ({
  method,
  path,
  handler: `events.${handler}`,
  rule: rule[action],
  module: 'events',
  input: routeInput[handler],
});
const su = (method: RouteSpec['method'], path: string, handler: Action, action: keyof typeof rule): RouteSpec => ({ ...route(method, path, handler, action), handler: `summerUniversity.${handler}` });
/** No account: open events, their calendar, citizens' registrations (rate-limited, honeypot). */
const open = (method: RouteSpec['method'], path: string, handler: Action): RouteSpec => ({ method, path, handler: `publicEvents.${handler}`, rule: 'public', input: routeInput[handler] });

/** Mounted under /api/events. */
export default {
  'content-api': contentApiRoutes([
    route('GET', '/events', 'list', 'event.read'),
    route('POST', '/events', 'create', 'event.manage'),
    route('GET', '/events/:id', 'show', 'event.read'),
    route('POST', '/events/:id', 'update', 'event.manage'),
    route('POST', '/events/:id/registration', 'register', 'event.register'),
    route('POST', '/events/:id/registration/cancellation', 'unregister', 'event.register'),
    route('GET', '/events/:id/registrations', 'registrations', 'event.manage'),
    route('POST', '/events/:id/check-in', 'checkIn', 'event.manage'),
    route('POST', '/events/:id/report', 'report', 'event.manage'),
    route('GET', '/events/:id/consultations', 'consultations', 'event.manage'),
    route('POST', '/events/:id/report/contribution', 'contribute', 'event.manage'),
    route('POST', '/events/:id/feedback', 'feedback', 'event.register'),
    route('GET', '/stats', 'stats', 'stats.read'),
    su('GET', '/summer-universities', 'editions', 'su.read'),
    su('POST', '/summer-universities', 'createEdition', 'su.manage'),
    su('GET', '/summer-universities/:id', 'edition', 'su.read'),
    su('POST', '/summer-universities/:id/sessions', 'addSession', 'su.manage'),
    su('POST', '/summer-universities/sessions/:id/registration', 'attend', 'su.attend'),
    su('POST', '/summer-universities/sessions/:id/registration/cancellation', 'leave', 'su.attend'),
    su('POST', '/summer-universities/sessions/:id/output', 'output', 'su.manage'),
    su('POST', '/summer-universities/:id/delegates', 'delegate', 'su.delegation'),
    su('GET', '/summer-universities/:id/delegation', 'delegation', 'su.delegation'),
    su('GET', '/summer-universities/:id/delegation.csv', 'delegationCsv', 'su.delegation'),
    open('GET', '/public/events', 'publicList'),
    open('GET', '/public/events.ics', 'publicCalendar'),
    open('GET', '/public/events/:id', 'publicShow'),
    open('POST', '/public/events/:id/registrations', 'publicRegister'),
    open('POST', '/public/registrations/confirmation', 'publicConfirm'),
    open('POST', '/public/registrations/cancellation', 'publicCancel'),
  ]),
};
