import { Discuss } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';

const MENU_LABEL = 'Consultations';
export const PLUGIN_ID = 'consultations';
export const WORKBENCH_PERMISSIONS = [{ action: 'plugin::consultations.workbench.use', subject: null }];

/** The staff screens of consultations: grouping workbench and results, in the admin panel's menu. */
export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Discuss,
      intlLabel: { id: `${PLUGIN_ID}.menu`, defaultMessage: MENU_LABEL },
      permissions: WORKBENCH_PERMISSIONS,
      Component: () => import('./pages/App'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'Consultations' });
  },
  bootstrap() {},
  /** The menu entry's label, the same in every language of the panel (staff read French). */
  async registerTrads({ locales }: { locales: string[] }) {
    return locales.map((locale) => ({ locale, data: { [`${PLUGIN_ID}.menu`]: MENU_LABEL } }));
  },
};
