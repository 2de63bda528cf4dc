import { contentApiRoutes } from '@intranet-militant/shared';
import { notificationPermissions } from '../permissions';
import { inputs } from '../validation/schemas';

const rules = notificationPermissions.table;

/** Mounted under /api/notifications. */
export default {
  'content-api': contentApiRoutes([
    // Anonymous (the code is the credential), budgeted like the other password routes (src/middlewares/auth-limits.ts).
    { method: 'POST', path: '/activation', handler: 'invitation.activate', rule: 'public', input: inputs.activate },
    { method: 'POST', path: '/invitations/:memberId', handler: 'invitation.resend', rule: rules['invitation.send'], input: inputs.resend },
    { method: 'GET', path: '/bounces', handler: 'notification.bounces', rule: rules['bounce.read'], input: inputs.bounces },
    { method: 'DELETE', path: '/bounces/:id', handler: 'notification.clearBounce', rule: rules['bounce.clear'], input: inputs.clearBounce },
    { method: 'GET', path: '/inbox', handler: 'notification.inbox', rule: rules['inbox.use'], input: inputs.inbox },
    { method: 'GET', path: '/inbox/unread', handler: 'notification.unread', rule: rules['inbox.use'], input: inputs.unreadCount },
    { method: 'POST', path: '/inbox/read', handler: 'notification.readAll', rule: rules['inbox.use'], input: inputs.markAllRead },
    { method: 'POST', path: '/inbox/:id/read', handler: 'notification.read', rule: rules['inbox.use'], input: inputs.markRead },
    { method: 'GET', path: '/preferences', handler: 'notification.preferences', rule: rules['preferences.manage'], input: inputs.preferences },
    { method: 'PUT', path: '/preferences', handler: 'notification.setPreference', rule: rules['preferences.manage'], input: inputs.setPreference },
    { method: 'GET', path: '/feed', handler: 'notification.feed', rule: rules['feed.manage'], input: inputs.feed },
    { method: 'POST', path: '/feed', handler: 'notification.resetFeed', rule: rules['feed.manage'], input: inputs.resetFeed },
    // The private calendar feed: anonymous (calendar apps), the token is the credential; failures budgeted per address.
    { method: 'GET', path: '/calendar.ics', handler: 'notification.calendar', rule: 'public', input: inputs.calendar },
    // One-click unsubscribe (RFC 8058): anonymous, the signature is the credential; budgeted per address.
    { method: 'POST', path: '/unsubscribe', handler: 'notification.unsubscribe', rule: 'public', input: inputs.unsubscribe },
  ]),
};
