import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, ForbiddenError, frenchDateTime, NotFoundError, recordAudit, uniqueConflicts, type Actor } from '@intranet-militant/shared';
import dataExport from '../content-types/data-export';
import { can } from '../permissions';
import { DATA_EXPORT_UID, MEMBER_UID } from '../uids';
import { purgeExpiredDataExports } from './purge-data-exports';

/** How long a ready export is offered before it is deleted (issue 22: « offered for 7 days »). */
export const DATA_EXPORT_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * At most one export a day (issue 22 newcomer pass: 30 requests in a row stored 30 copies of
 * ~120 KB and 60 audit entries): a ready export requested less than this many hours ago is
 * still on offer and answers instead of a new one (409 pointing to it, saying when the next
 * is possible); failed requests count towards `DATA_EXPORTS_PER_DAY`.
 */
export const DATA_EXPORT_INTERVAL_HOURS = 24;
/** Requests (ready or failed) per `DATA_EXPORT_INTERVAL_HOURS`, whatever their outcome. */
export const DATA_EXPORTS_PER_DAY = 3;
const HOUR_MS = 60 * 60 * 1000;

export const PENDING_EXPORT_REFUSED = 'Votre export précédent est en cours de préparation : il sera prêt dans quelques instants.';
const conflicts = uniqueConflicts(dataExport.schema, { membership_data_exports_pending_uq: PENDING_EXPORT_REFUSED });

/** The stored export row, as the commands and queries read it. */
export interface DataExportRow {
  id: number;
  documentId: string;
  memberId: number;
  federationId: number | null;
  state: 'requested' | 'ready' | 'failed';
  pendingKey: string | null;
  requestedAt: string;
  readyAt: string | null;
  expiresAt: string;
  content: unknown;
  failure: string | null;
}

/**
 * A member asks for everything the intranet holds about them (« Mes données », issue 22).
 * Records the request (state `requested`) and audits it; the caller starts the generation
 * after the commit (`generateDataExport`). Only for oneself: the export is the actor's own.
 * Returns the new row.
 * @throws NotFoundError (404) when the account has no member profile; ForbiddenError (403)
 *         when the rule refuses; ConflictError (409) while an earlier request is pending, or
 *         too soon after the last one (`assertNoRecentExport`).
 */
export async function requestDataExport(strapi: Core.Strapi, actor: Actor, now: Date = new Date()): Promise<DataExportRow> {
  if (!actor.memberId || !actor.memberDocumentId) throw new NotFoundError('Aucune fiche d’adhérent n’est liée à votre compte.');
  if (!can(actor, 'data-export.request', { federationId: actor.federationId, sectionId: actor.sectionId, ownerUserId: actor.userId })) {
    throw new ForbiddenError('Vous ne pouvez pas demander cet export.');
  }
  const memberId = actor.memberId;
  // Offers that have ended go first (the hourly job does the same when cron is on).
  await purgeExpiredDataExports(strapi, now);
  try {
    return await strapi.db.transaction(async () => {
      const pending = await strapi.db.query(DATA_EXPORT_UID).findOne({ where: { pendingKey: String(memberId) }, select: ['id'] });
      if (pending) throw new ConflictError(PENDING_EXPORT_REFUSED);
      assertNoRecentExport(
        (await strapi.db.query(DATA_EXPORT_UID).findMany({
          where: { memberId, state: { $in: ['ready', 'failed'] }, requestedAt: { $gt: new Date(now.getTime() - DATA_EXPORT_INTERVAL_HOURS * HOUR_MS) } },
          select: ['documentId', 'state', 'requestedAt'],
          orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
        })) as Pick<DataExportRow, 'documentId' | 'state' | 'requestedAt'>[]
      );
      const row = (await strapi.db.query(DATA_EXPORT_UID).create({
        data: {
          memberId,
          federationId: actor.federationId,
          state: 'requested',
          pendingKey: String(memberId),
          requestedAt: now,
          // Provisional: a request the worker never reaches is still cleaned away.
          expiresAt: new Date(now.getTime() + DATA_EXPORT_DAYS * DAY_MS),
        },
      })) as DataExportRow;
      await recordAudit(strapi, {
        actor: auditActorOf(actor),
        action: 'plugin::membership.data-export.request',
        subject: { type: MEMBER_UID, id: actor.memberDocumentId },
        federationId: actor.federationId,
        details: { export: row.documentId },
      });
      return row;
    });
  } catch (error) {
    return conflicts.rethrow(error);
  }
}

/**
 * Refuses a new export too soon after the last ones (`recent`: the member's ready or failed
 * exports requested in the last `DATA_EXPORT_INTERVAL_HOURS`, newest first): a ready one is
 * still on offer, so the answer points to it (`details.export`) and says when the next is
 * possible (`details.nextAt`, ISO); `DATA_EXPORTS_PER_DAY` requests of any outcome are the
 * most a day. Pure.
 * @throws ConflictError (409, French)
 */
export function assertNoRecentExport(recent: Pick<DataExportRow, 'documentId' | 'state' | 'requestedAt'>[]): void {
  const ready = recent.find((r) => r.state === 'ready');
  const limiting = ready ?? (recent.length >= DATA_EXPORTS_PER_DAY ? recent[DATA_EXPORTS_PER_DAY - 1] : null);
  if (!limiting) return;
  const nextAt = new Date(new Date(limiting.requestedAt).getTime() + DATA_EXPORT_INTERVAL_HOURS * HOUR_MS);
  const next = `Vous pourrez en demander un nouveau à partir du ${frenchDateTime(nextAt)}.`;
  throw new ConflictError(
    ready
      ? `Votre export du ${frenchDateTime(new Date(ready.requestedAt))} est prêt : téléchargez-le dans la liste de vos exports. ${next}`
      : `Vous avez demandé ${DATA_EXPORTS_PER_DAY} exports en moins de ${DATA_EXPORT_INTERVAL_HOURS} heures. ${next}`,
    { export: ready?.documentId ?? null, nextAt: nextAt.toISOString() }
  );
}
