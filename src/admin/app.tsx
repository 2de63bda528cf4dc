import type { StrapiApp } from '@strapi/strapi/admin';

/** Staff use the admin panel in French: offer it (each user picks it in their profile). */
export default {
  config: {
    locales: ['fr'],
  },
  bootstrap(_app: StrapiApp) {},
};
