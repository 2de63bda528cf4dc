import type { Core } from '@strapi/strapi';
import { getService, mayTakePart, recordAudit, SYSTEM_ACTOR, todayInParis, withTransaction, type EffectiveStatus } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { PROFILE_UID } from '../uids';

/** The profiles table (the content type's `collectionName`). */
const PROFILES = 'skills_profiles';
/** Profiles read, and members' statuses asked of membership, per step. */
const PAGE = 500;

/** What a profile's standing columns hold, or should. */
interface Standing {
  memberActive: boolean;
  listed: boolean;
}

type StandingRow = Standing & { id: number; documentId: string; memberId: number; federationId: number | null; consentVersion: string | null };

/**
 * What a run did: profiles read; listed again; taken out; brought up to date without a change
 * of listing (a member who never consented, whose suspension ended); left to another instance
 * that held them (PostgreSQL).
 */
export interface StandingReport {
  checked: number;
  relisted: number;
  unlisted: number;
  updated: number;
  skipped: number;
}

/**
 * What the profile's standing should be when its member's status is `status` (`undefined`: the
 * member is unknown to membership): active only when they may take part (`mayTakePart`), listed
 * only when active and consenting. Pure.
 */
export function standingFor(profile: { consentVersion: string | null }, status: EffectiveStatus | undefined): Standing {
  const memberActive = mayTakePart(status);
  return { memberActive, listed: memberActive && profile.consentVersion != null };
}

const differs = (row: Standing, want: Standing) => row.memberActive !== want.memberActive || row.listed !== want.listed;

/**
 * The daily check of the directory against members' statuses as they stand on `on` (Paris
 * date, today by default). A suspension ends by its date with no write in membership, hence
 * no event: this lists again the consented profiles of members whose suspension is over, and
 * takes out any profile whose member may no longer take part (a safety net: suspensions,
 * exclusions and departures are written, and their events unlist at once).
 *
 * Statuses come from membership's public service (`directory.effectiveStatusesOf`), never its
 * tables. Each change runs in its own transaction holding the profile's row; on PostgreSQL a
 * row another instance (or a member's write) holds is skipped (`FOR UPDATE SKIP LOCKED`), and
 * the status is read again under the lock, so two instances running the job at once change
 * each profile once. Idempotent: a second run finds nothing to do. Each change is written
 * through the query engine (the search outbox re-indexes the profile in the same transaction)
 * and audited (`plugin::skills.profile.member-status`, cause `daily-check`). Run by skills'
 * cron (`skillsStanding`, 00:10 Paris) — never by a read.
 */
export async function reconcileStanding(strapi: Core.Strapi, on: string = todayInParis()): Promise<StandingReport> {
  const directory = getService(strapi, 'membership', 'directory');
  const postgres = strapi.db.dialect.client === 'postgres';
  const report: StandingReport = { checked: 0, relisted: 0, unlisted: 0, updated: 0, skipped: 0 };
  const select = ['id', 'documentId', 'memberId', 'federationId', 'consentVersion', 'memberActive', 'listed'];
  for (let after = 0; ; ) {
    const rows = (await strapi.db.query(PROFILE_UID).findMany({ where: { id: { $gt: after } }, select, orderBy: { id: 'asc' }, limit: PAGE })) as StandingRow[];
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    report.checked += rows.length;
    const statuses = await directory.effectiveStatusesOf(rows.map((r) => r.memberId), on);
    for (const seen of rows) {
      if (!differs(seen, standingFor(seen, statuses.get(seen.memberId)))) continue;
      try {
        const outcome = await withTransaction<'relisted' | 'unlisted' | 'updated' | 'skipped' | 'unchanged'>(strapi, async (trx) => {
          if (postgres) {
            const locked = await trx.raw(`SELECT id FROM ${PROFILES} WHERE id = ? FOR UPDATE SKIP LOCKED`, [seen.id]);
            if (!(locked as { rows: unknown[] }).rows.length) return 'skipped' as const;
          }
          // Under the lock: the row and the status as they stand now (another run, or a member's write, may have been first).
          const row = (await strapi.db.query(PROFILE_UID).findOne({ where: { id: seen.id }, select })) as StandingRow | null;
          if (!row) return 'unchanged' as const;
          const status = (await directory.effectiveStatusesOf([row.memberId], on)).get(row.memberId);
          const want = standingFor(row, status);
          if (!differs(row, want)) return 'unchanged' as const;
          await strapi.db.query(PROFILE_UID).update({ where: { id: row.id }, data: want });
          await recordAudit(strapi, {
            actor: SYSTEM_ACTOR,
            action: 'plugin::skills.profile.member-status',
            subject: { type: PROFILE_UID, id: row.documentId },
            federationId: row.federationId,
            details: { status: status ?? null, listed: want.listed, cause: 'daily-check' },
          });
          return want.listed !== row.listed ? (want.listed ? ('relisted' as const) : ('unlisted' as const)) : ('updated' as const);
        });
        if (outcome !== 'unchanged') report[outcome]++;
      } catch (error) {
        strapi.log.error(`Skills directory check: profile ${seen.id} could not be brought up to date: ${(error as Error).message}`);
      }
    }
  }
  return report;
}
