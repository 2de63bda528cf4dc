import type { Core } from '@strapi/strapi';
import { declaredNotificationKinds, getService, type NotificationKind } from '@intranet-militant/shared';
import type {} from '@intranet-militant/modules';
import { accountKinds } from '../kinds/account';

/**
 * Every notification kind of the installed plugins: the modules' manifests
 * (`notifications`), core plugins' declarations (`declareNotificationKinds`), and this
 * plugin's own (invitation, password reset).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const extra: NotificationKind[] = [];
  return {
    /** Adds kinds at run time (tests, scripts); plugins declare theirs in their manifest. */
    declare(kinds: NotificationKind[]): void {
      for (const kind of kinds) if (!extra.some((k) => k.id === kind.id)) extra.push(kind);
    },

    all(): NotificationKind[] {
      const fromModules = getService(strapi, 'modules', 'registry')
        .list()
        .flatMap((m) => m.notifications ?? []);
      return [...accountKinds, ...declaredNotificationKinds(strapi), ...fromModules, ...extra];
    },

    /** The kind with that id. @throws Error for an unknown kind (a programming error). */
    get(id: string): NotificationKind {
      const kind = this.all().find((k) => k.id === id);
      if (!kind) throw new Error(`Unknown notification kind "${id}".`);
      return kind;
    },
  };
};
