import { Upload } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';

export const PLUGIN_ID = 'membership';
export const IMPORT_PERMISSIONS = [{ action: 'plugin::membership.import.use', subject: null }];

/** The staff screen of membership: importing a federation's members and dues from a file. */
export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Upload,
      intlLabel: { id: `${PLUGIN_ID}.menu`, defaultMessage: 'Import d’adhérents' },
      permissions: IMPORT_PERMISSIONS,
      Component: () => import('./pages/App'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'Adhésions' });
  },
  bootstrap() {},
  async registerTrads({ locales }: { locales: string[] }) {
    return locales.map((locale) => ({ locale, data: {} }));
  },
};
