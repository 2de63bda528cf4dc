import type { Core } from '@strapi/strapi';

/** Filled below: the admin panel's door to the same rules as the API. */
export function registerIntegrity(_strapi: Core.Strapi): void {}
