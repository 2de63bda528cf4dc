import { contentApiRoutes } from '@intranet-militant/shared';
import { notificationPermissions } from '../permissions';
import { inputs } from '../validation/schemas';

/** Mounted under /api/notifications. */
export default {
  'content-api': contentApiRoutes([
    // Anonymous (the code is the credential), budgeted like the other password routes (src/middlewares/auth-limits.ts).
    { method: 'POST', path: '/activation', handler: 'invitation.activate', rule: 'public', input: inputs.activate },
    { method: 'POST', path: '/invitations/:memberId', handler: 'invitation.resend', rule: notificationPermissions.table['invitation.send'], input: inputs.resend },
  ]),
};
