import { Upload } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { StatusPanel } from './StatusPanel';

const MENU_LABEL = 'Import d’adhérents';
export const PLUGIN_ID = 'membership';
export const IMPORT_PERMISSIONS = [{ action: 'plugin::membership.import.use', subject: null }];

/**
 * The staff side of membership in the admin panel: the screen importing a federation's
 * members and dues from a file, and, on a member's page in the Content Manager (where the
 * status fields are read-only), a panel that suspends, excludes or reinstates through the
 * same command as the API (`POST /membership/members/:id/status`).
 */
export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Upload,
      intlLabel: { id: `${PLUGIN_ID}.menu`, defaultMessage: MENU_LABEL },
      permissions: IMPORT_PERMISSIONS,
      Component: () => import('./pages/App'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'Adhésions' });
  },
  bootstrap(app: StrapiApp) {
    const contentManager = app.getPlugin('content-manager') as unknown as { apis: { addEditViewSidePanel(panels: unknown[]): void } };
    contentManager.apis.addEditViewSidePanel([StatusPanel]);
  },
  /** The menu entry's label, the same in every language of the panel (staff read French). */
  async registerTrads({ locales }: { locales: string[] }) {
    return locales.map((locale) => ({ locale, data: { [`${PLUGIN_ID}.menu`]: MENU_LABEL } }));
  },
};
