import type { StrapiApp } from '@strapi/strapi/admin';
import { StatusPanel } from './StatusPanel';

export const PLUGIN_ID = 'membership';

/**
 * The admin panel's side of membership: on a member's page in the Content Manager, where
 * the status fields are read-only, a panel that suspends, excludes or reinstates through
 * the same command as the API (`POST /membership/members/:id/status`).
 */
export default {
  register(app: StrapiApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'Adhésions' });
  },
  bootstrap(app: StrapiApp) {
    const contentManager = app.getPlugin('content-manager') as unknown as { apis: { addEditViewSidePanel(panels: unknown[]): void } };
    contentManager.apis.addEditViewSidePanel([StatusPanel]);
  },
  async registerTrads({ locales }: { locales: string[] }) {
    return locales.map((locale) => ({ locale, data: {} }));
  },
};
