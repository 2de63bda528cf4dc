/**
 * The notifications plugin's public services, typed for `getService(strapi, 'notifications', name)`.
 * Other plugins import this (`import type {} from '@intranet-militant/notifications'`) and list
 * `../notifications` in their tsconfig references.
 */
import type invitationsFactory from './services/invitations';
import type mailerFactory from './services/mailer';
import type passwordsFactory from './services/passwords';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    notifications: {
      invitations: ReturnType<typeof invitationsFactory>;
      mailer: ReturnType<typeof mailerFactory>;
      passwords: ReturnType<typeof passwordsFactory>;
    };
  }
}

export {};
