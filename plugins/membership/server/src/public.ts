/**
 * The membership plugin's public services, typed for `getService(strapi, 'membership', name)`.
 * Other plugins import this (`import type {} from '@intranet-militant/membership'`) and list
 * `../membership` in their tsconfig references.
 */
import type accessFactory from './services/access';
import type actorsFactory from './services/actors';
import type adminScopeFactory from './services/admin-scope';
import type audiencesFactory from './services/audiences';
import type directoryFactory from './services/directory';
import type eligibilityFactory from './services/eligibility';
import type erasureFactory from './services/erasure';
import type personalDataFactory from './services/personal-data';
import type statusFactory from './services/status';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    membership: {
      access: ReturnType<typeof accessFactory>;
      actors: ReturnType<typeof actorsFactory>;
      'admin-scope': ReturnType<typeof adminScopeFactory>;
      audiences: ReturnType<typeof audiencesFactory>;
      directory: ReturnType<typeof directoryFactory>;
      eligibility: ReturnType<typeof eligibilityFactory>;
      /** Membership's part of retention and erasure (profile, account, dues, import rows): an `ErasureProvider`. */
      erasure: ReturnType<typeof erasureFactory>;
      /** Membership's part of « Mes données » (profile, dues): a `PersonalDataProvider`. */
      'personal-data': ReturnType<typeof personalDataFactory>;
      /** Status changes decided by other plugins (sanctions) and the exclusion traces. */
      status: ReturnType<typeof statusFactory>;
    };
  }
}

/** An admin-panel user as membership's admin scope reads it (also used by the app's admin doors). */
export type { AdminUser } from './services/admin-scope';
export type { MemberCard, MemberContact } from './services/directory';
export type { StandingSource } from './services/eligibility';
