import type { StrapiApp } from '@strapi/strapi/admin';
import { SituationPanel } from './SituationPanel';

export const PLUGIN_ID = 'mandates';

/**
 * The mandates plugin in the admin panel: on a mandate's page in the Content Manager, a side
 * panel with its official's situation under the rules on holding several mandates (the
 * breaches, their deadline, the mandate to end, waivers) — the same query as the portal's.
 */
export default {
  register(app: StrapiApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'Élus et mandats' });
  },
  bootstrap(app: StrapiApp) {
    const contentManager = app.getPlugin('content-manager') as unknown as { apis: { addEditViewSidePanel(panels: unknown[]): void } };
    contentManager.apis.addEditViewSidePanel([SituationPanel]);
  },
  async registerTrads({ locales }: { locales: string[] }) {
    return locales.map((locale) => ({ locale, data: {} }));
  },
};
