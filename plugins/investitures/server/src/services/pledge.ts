import type { Core } from '@strapi/strapi';
import { withSeedLock } from '@intranet-militant/shared';
import { pledgeHash } from '../domain/criteria';
import { PLEDGE_V1 } from '../domain/pledge';
import { PLEDGE_UID } from '../uids';

/** The pledge's versions: version 1 (domain/pledge.ts) seeded at the first boot. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Seeds version 1 when the table is empty. Idempotent; instances booting together take turns (`withSeedLock`). */
  async ensureSeeded(): Promise<void> {
    await withSeedLock(strapi, 'investitures-pledge', async () => {
      if ((await strapi.db.query(PLEDGE_UID).count({})) > 0) return;
      await strapi.db.query(PLEDGE_UID).create({ data: { version: 1, text: PLEDGE_V1, sha256: pledgeHash(PLEDGE_V1), adoptedOn: '2026-01-01', adoptedBy: 'statuts, article 5.1.7' } });
    });
  },
});
