import type { StrapiApp } from '@strapi/strapi/admin';
import fr from './translations/fr.json';

/**
 * Staff use the admin panel in French. Strapi starts in English until a user picks a language
 * in their profile (kept in this browser under `strapi-admin-language`): French is the first
 * language here, read before the panel renders; a user's own choice in their profile still wins.
 */
const LANGUAGE_KEY = 'strapi-admin-language';
if (typeof window !== 'undefined' && !window.localStorage.getItem(LANGUAGE_KEY)) window.localStorage.setItem(LANGUAGE_KEY, 'fr');

/**
 * Strapi's own French files lack some of its texts (Strapi 5.54: about 600 of the panel, the
 * Content Manager and the media library), which then show in English: `translations/fr.json`
 * supplies them, merged over Strapi's (plugins' keys carry their prefix, `content-manager.`,
 * `upload.`). `tests/admin-translations.test.ts` fails when an upgrade adds English texts
 * that neither file translates.
 */
export default {
  config: {
    locales: ['fr'],
    translations: { fr },
  },
  bootstrap(_app: StrapiApp) {},
};
