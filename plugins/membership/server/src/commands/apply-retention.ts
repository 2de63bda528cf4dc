import type { Core } from '@strapi/strapi';
import { erasureProviders, recordAudit, SYSTEM_ACTOR, todayInParis, withJobLock, type ErasureReport } from '@intranet-militant/shared';
import { memberRetentionYears, yearsBefore } from '../services/erasure';
import { MEMBER_UID } from '../uids';
import { erasedByAnotherRun, eraseMember } from './erase-member';
import { completeRequestedErasures } from './request-erasure';
import { purgeExpiredDataExports } from './purge-data-exports';

export interface RetentionRun {
  /** The day the table was applied (Paris). */
  on: string;
  /** Members whose retention period after leaving has passed (erased, or to erase in a dry run). */
  members: string[];
  /** Each plugin's purge counts. */
  purged: ErasureReport[];
  /** Members whose erasure failed (documentId → message); the next run tries again. */
  failed: Record<string, string>;
  dryRun: boolean;
  /** True when another run (another instance's job, the command) was applying the table: this one did nothing. */
  skipped: boolean;
  /**
   * True when the run lost its job lock (`withJobLock`: its database session ended) and
   * stopped before the end: `members` lists those it got to; the next run does the rest.
   */
  stopped: boolean;
}

/**
 * Applies the retention table (issue 22, item 4) at `now`: erases the members who asked for
 * their own erasure while a hold stood, once nothing holds their data any more
 * (`completeRequestedErasures`), and the members who left (a recorded departure, or an
 * exclusion) `MEMBER_RETENTION_YEARS` or more ago, then runs every
 * installed plugin's `purge` (import rows, old dues of erased members, sent notifications…),
 * and deletes expired « Mes données » exports. Records one audit entry
 * `plugin::membership.retention.apply` with the counts when anything changed (each erasure
 * has its own entry). `dryRun`: counts only, nothing changes, nothing is audited.
 * Run hourly by the scheduled job (with cron on) and by `npm run members:retention`; once at
 * a time across instances (`withJobLock`): a run finding another under way returns `skipped`;
 * a run that loses its lock stops before its next member (or before the purges) and returns
 * `stopped`.
 */
export async function applyRetention(strapi: Core.Strapi, options: { now?: Date; dryRun?: boolean } = {}): Promise<RetentionRun> {
  if (options.dryRun) return retentionRun(strapi, options);
  // Once at a time across instances (the hourly job runs on each, the command may run beside
  // them): two runs would erase one member twice, and audit it twice.
  const held = await withJobLock(strapi, 'membership-retention', (signal) => retentionRun(strapi, { ...options, signal }));
  if (held.ran) return held.value;
  return { on: todayInParis(options.now ?? new Date()), members: [], purged: [], failed: {}, dryRun: false, skipped: true, stopped: false };
}

async function retentionRun(strapi: Core.Strapi, options: { now?: Date; dryRun?: boolean; signal?: AbortSignal }): Promise<RetentionRun> {
  const now = options.now ?? new Date();
  const dryRun = Boolean(options.dryRun);
  const today = todayInParis(now);
  const limit = yearsBefore(today, memberRetentionYears());
  const due = await strapi.db.query(MEMBER_UID).findMany({
    where: {
      erasedOn: { $null: true },
      $or: [{ leftOn: { $notNull: true, $lte: limit } }, { membershipStatus: 'excluded', statusChangedOn: { $lte: limit } }],
    },
    select: ['documentId'],
    orderBy: { id: 'asc' },
  });
  const run: RetentionRun = { on: today, members: due.map((m: { documentId: string }) => m.documentId), purged: [], failed: {}, dryRun, skipped: false, stopped: false };
  // Members' own requests that waited for a hold to end (commands/request-erasure.ts).
  const requested = await completeRequestedErasures(strapi, { dryRun, signal: options.signal });
  Object.assign(run.failed, requested.failed);
  run.members = [...new Set([...requested.erased, ...Object.keys(requested.failed), ...run.members])];
  // Members another run erases (or has just erased) meanwhile: neither this run's nor failed.
  const elsewhere = new Set(requested.elsewhere);
  const stopped = () => options.signal?.aborted === true;
  if (!dryRun) {
    for (const documentId of run.members) {
      if (requested.erased.includes(documentId) || documentId in requested.failed) continue;
      if (stopped()) {
        elsewhere.add(documentId); // not reached: left to the next run (or to the one that took the job)
        continue;
      }
      try {
        await eraseMember(strapi, null, documentId, 'retention');
      } catch (error) {
        if (erasedByAnotherRun(error)) elsewhere.add(documentId);
        else run.failed[documentId] = error instanceof Error ? error.message : String(error);
      }
    }
  }
  run.members = run.members.filter((documentId) => !elsewhere.has(documentId));
  for (const { provider } of erasureProviders(strapi, ['membership'])) {
    if (stopped()) break;
    if (provider.purge) run.purged.push(await provider.purge(now, { dryRun }));
  }
  if (!dryRun) {
    const exports = stopped() ? 0 : await purgeExpiredDataExports(strapi, now);
    if (exports) run.purged.push({ source: 'membership-exports', counts: { dataExports: exports } });
    const purged = Object.fromEntries(run.purged.map((r) => [r.source, r.counts]));
    const changed = run.members.length > 0 || run.purged.some((r) => Object.values(r.counts).some((n) => n > 0));
    if (changed) {
      await recordAudit(strapi, {
        actor: SYSTEM_ACTOR,
        action: 'plugin::membership.retention.apply',
        subject: { type: MEMBER_UID, id: null },
        federationId: null,
        details: { on: today, erased: run.members.length - Object.keys(run.failed).length, failed: Object.keys(run.failed).length, purged },
      });
    }
  }
  run.stopped = stopped();
  return run;
}
