/**
 * The notifications plugin's public services, typed for `getService(strapi, 'notifications', name)`.
 * Other plugins import this (`import type {} from '@intranet-militant/notifications'`) and list
 * `../notifications` in their tsconfig references.
 */
import type calendarFactory from './services/calendar';
import type erasureFactory from './services/erasure';
import type invitationsFactory from './services/invitations';
import type kindsFactory from './services/kinds';
import type mailerFactory from './services/mailer';
import type outboxFactory from './services/outbox';
import type personalDataFactory from './services/personal-data';
import type passwordsFactory from './services/passwords';
import type preferencesFactory from './services/preferences';
import type schedulerFactory from './services/scheduler';
import type workerFactory from './services/worker';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    notifications: {
      calendar: ReturnType<typeof calendarFactory>;
      /** Notifications' part of retention and erasure (messages, preferences, calendar feed, bounces). */
      erasure: ReturnType<typeof erasureFactory>;
      invitations: ReturnType<typeof invitationsFactory>;
      kinds: ReturnType<typeof kindsFactory>;
      mailer: ReturnType<typeof mailerFactory>;
      outbox: ReturnType<typeof outboxFactory>;
      /** Notifications' part of « Mes données » (inbox, emails, preferences, calendar address presence). */
      'personal-data': ReturnType<typeof personalDataFactory>;
      passwords: ReturnType<typeof passwordsFactory>;
      preferences: ReturnType<typeof preferencesFactory>;
      scheduler: ReturnType<typeof schedulerFactory>;
      worker: ReturnType<typeof workerFactory>;
    };
  }
}

export {};
