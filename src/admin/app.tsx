import type { StrapiApp } from '@strapi/strapi/admin';

/**
 * Staff use the admin panel in French. Strapi starts in English until a user picks a language
 * in their profile (kept in this browser under `strapi-admin-language`): French is the first
 * language here, read before the panel renders; a user's own choice in their profile still wins.
 */
const LANGUAGE_KEY = 'strapi-admin-language';
if (typeof window !== 'undefined' && !window.localStorage.getItem(LANGUAGE_KEY)) window.localStorage.setItem(LANGUAGE_KEY, 'fr');

export default {
  config: {
    locales: ['fr'],
  },
  bootstrap(_app: StrapiApp) {},
};
