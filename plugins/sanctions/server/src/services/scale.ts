import type { Core } from '@strapi/strapi';
import { todayInParis, withSeedLock } from '@intranet-militant/shared';
import { SCALE_V1, type Scale } from '../domain/scale';
import { SCALE_UID } from '../uids';

const asScale = (row: any): Scale => ({ version: row.version, adoptedOn: row.adoptedOn, categories: row.categories, namedLevels: row.namedLevels });

/** The national scale's versions (reads, and the first version's seed at bootstrap). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The version in force on a Paris date (default today): the latest adopted on or before it; null before any. */
  async inForce(on: string = todayInParis()): Promise<Scale | null> {
    const row = await strapi.db.query(SCALE_UID).findOne({ where: { adoptedOn: { $lte: on } }, orderBy: { version: 'desc' } });
    return row ? asScale(row) : null;
  },
  /** One version, or null. */
  async version(version: number): Promise<Scale | null> {
    const row = await strapi.db.query(SCALE_UID).findOne({ where: { version } });
    return row ? asScale(row) : null;
  },
  /** Every version, newest first. */
  async versions(): Promise<Scale[]> {
    return (await strapi.db.query(SCALE_UID).findMany({ orderBy: { version: 'desc' } })).map(asScale);
  },
  /** Seeds version 1 (adopted on 1 January 2020) when the table is empty. Idempotent; instances booting together take turns (`withSeedLock`). */
  async ensureSeeded(): Promise<void> {
    await withSeedLock(strapi, 'sanctions-scale', async () => {
      if ((await strapi.db.query(SCALE_UID).count({})) > 0) return;
      await strapi.db.query(SCALE_UID).create({ data: { ...SCALE_V1, adoptedOn: '2020-01-01', adoptedBy: 'Conseil national' } });
    });
  },
});
