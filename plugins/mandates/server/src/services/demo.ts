import type { Core } from '@strapi/strapi';

/** Filled below (demo officials of the Gard). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async seed(_places: { federation: string; staffUserId: number; nationalUserId: number; members: Record<string, string> }): Promise<void> {
    void strapi;
  },
});
