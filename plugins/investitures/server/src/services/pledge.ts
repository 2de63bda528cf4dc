import type { Core } from '@strapi/strapi';
import { pledgeHash } from '../domain/criteria';
import { PLEDGE_V1 } from '../domain/pledge';
import { PLEDGE_UID } from '../uids';

/** The pledge's versions: version 1 (domain/pledge.ts) seeded at the first boot. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async ensureSeeded(): Promise<void> {
    if ((await strapi.db.query(PLEDGE_UID).count({})) > 0) return;
    try {
      await strapi.db.query(PLEDGE_UID).create({ data: { version: 1, text: PLEDGE_V1, sha256: pledgeHash(PLEDGE_V1), adoptedOn: '2026-01-01', adoptedBy: 'statuts, article 5.1.7' } });
    } catch {
      // Another instance seeded it at the same time (unique version).
    }
  },
});
