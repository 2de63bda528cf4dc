import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';

/**
 * Pages of Strapi's panel that sell its Enterprise edition, which the panel still opens when
 * their address is typed or bookmarked though no menu links to them (`flags.promoteEE` off in
 * config/admin.ts): Paramètres › « Historique du contenu », « Journaux d’audit » and
 * « Authentification unique » (Strapi 5.54's `ROUTES_CE`, `purchase-*`). Relative to the panel's
 * path; each is sent where its menu would have been. (The Marketplace's address needs nothing:
 * the panel answers it « Page non trouvée » to staff, and its menu entry is hidden from a super
 * admin by src/admin/commercial-extras.ts.)
 */
export const UPSELL_PAGES: { path: RegExp; to: string }[] = [{ path: /^\/settings\/purchase-[a-z-]+\/?$/, to: '/settings' }];

/**
 * A browser opening one of those pages is redirected (302) to the panel's settings; nothing else
 * is touched (the panel's API answers JSON under the same path).
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const adminPath = String(strapi.config.get('admin.path', '/admin')).replace(/\/$/, '').toLowerCase();
  return async (ctx: Context, next: Next) => {
    // As the panel's router reads the address: percent-decoded, any case (`/settings/PURCHASE-…`, `%70urchase-…`).
    const shown = readable(ctx.path);
    if ((ctx.method === 'GET' || ctx.method === 'HEAD') && shown.startsWith(`${adminPath}/`)) {
      const page = UPSELL_PAGES.find(({ path }) => path.test(shown.slice(adminPath.length)));
      if (page) {
        ctx.set('Cache-Control', 'no-store');
        ctx.redirect(`${adminPath}${page.to}`);
        return;
      }
    }
    await next();
  };
};

/** A path percent-decoded and lower-cased, as the panel's client-side router matches it (undecodable: as it is, lower-cased). */
function readable(path: string): string {
  try {
    return decodeURIComponent(path).toLowerCase();
  } catch {
    return path.toLowerCase();
  }
}
