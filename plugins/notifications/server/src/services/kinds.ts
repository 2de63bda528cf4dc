import type { Core } from '@strapi/strapi';
import { declaredNotificationKinds, getService, type NotificationKind } from '@intranet-militant/shared';
import type {} from '@intranet-militant/modules';
import { accountKinds } from '../kinds/account';

/**
 * Every notification kind of the installed plugins: the modules' manifests
 * (`notifications`), core plugins' declarations (`declareNotificationKinds`), and this
 * plugin's own (invitation, password reset).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  all(): NotificationKind[] {
    const fromModules = getService(strapi, 'modules', 'registry')
      .list()
      .flatMap((m) => m.notifications ?? []);
    return [...accountKinds, ...declaredNotificationKinds(strapi), ...fromModules];
  },

  /** The kind with that id. @throws Error for an unknown kind (a programming error). */
  get(id: string): NotificationKind {
    const kind = this.all().find((k) => k.id === id);
    if (!kind) throw new Error(`Unknown notification kind "${id}".`);
    return kind;
  },

  /** The module a kind belongs to, when it is a module's (its switch gates nothing here: members are told regardless). */
  find(id: string): NotificationKind | undefined {
    return this.all().find((k) => k.id === id);
  },
});
