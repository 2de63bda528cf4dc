import type { Core } from '@strapi/strapi';
import { collectPersonalData, recordAudit, SYSTEM_ACTOR, type PersonalDataPart } from '@intranet-militant/shared';
import { renderPersonalDataPdf } from '../domain/personal-data-pdf';
import { DATA_EXPORT_UID, MEMBER_UID } from '../uids';
import { DATA_EXPORT_DAYS, type DataExportRow } from './request-data-export';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The order of the parts in the export; plugins not named come after, by id. */
export const PART_ORDER = ['membership', 'consultations', 'training', 'bodies', 'audit'] as const;

/** What a ready export holds (stored as JSON, rendered as HTML on download). */
export interface DataExportContent {
  generatedAt: string;
  /** `sex` as recorded (F, M or null): the export says « adhérente », « adhérent » or « adhérent·e ». */
  member: { documentId: string; membershipNumber: string; firstName: string; lastName: string; sex?: string | null };
  parts: PersonalDataPart[];
}

/**
 * The worker: gathers every plugin's part for the member of a `requested` export (each
 * through its `personal-data` service), stores it with its readable PDF (`renderPersonalDataPdf`), marks the export `ready` and offered for
 * `DATA_EXPORT_DAYS` days from now, and audits it. An export in another state is left alone.
 * Two runs at once (the request's own and another instance's resume at boot) may both gather;
 * only the first to store it marks it ready and audits it (a write conditional on `requested`).
 * On failure the export becomes `failed` (the member may ask again) and the error is logged.
 * Returns the export's state afterwards (null when it does not exist).
 */
export async function generateDataExport(strapi: Core.Strapi, exportId: number, now: () => Date = () => new Date()): Promise<DataExportRow['state'] | null> {
  const job = (await strapi.db.query(DATA_EXPORT_UID).findOne({ where: { id: exportId } })) as DataExportRow | null;
  if (!job || job.state !== 'requested') return job?.state ?? null;
  try {
    const member = await strapi.db.query(MEMBER_UID).findOne({ where: { id: job.memberId }, populate: { user: { select: ['id'] } } });
    if (!member) throw new Error(`member ${job.memberId} no longer exists`);
    const parts = await collectPersonalData(
      strapi as never,
      { memberId: member.id, memberDocumentId: member.documentId, userId: member.user?.id ?? null },
      PART_ORDER
    );
    const readyAt = now();
    const content: DataExportContent = {
      generatedAt: readyAt.toISOString(),
      member: { documentId: member.documentId, membershipNumber: member.membershipNumber, firstName: member.firstName, lastName: member.lastName, sex: member.sex ?? null },
      parts,
    };
    // The readable PDF is made here, once, and kept beside the content for the same 7 days.
    const pdf = (await renderPersonalDataPdf(content)).toString('base64');
    const stored = await strapi.db.transaction(async () => {
      const { count } = await strapi.db.query(DATA_EXPORT_UID).updateMany({
        where: { id: job.id, state: 'requested' },
        data: { state: 'ready', pendingKey: null, content, pdf, readyAt, expiresAt: new Date(readyAt.getTime() + DATA_EXPORT_DAYS * DAY_MS) },
      });
      if (!count) return false; // another run stored it first
      await recordAudit(strapi, {
        actor: SYSTEM_ACTOR,
        action: 'plugin::membership.data-export.ready',
        subject: { type: MEMBER_UID, id: member.documentId },
        federationId: job.federationId,
        details: { export: job.documentId, parts: parts.map((p) => p.source) },
      });
      return true;
    });
    return stored ? 'ready' : stateOf(strapi, job.id);
  } catch (error) {
    strapi.log.error(`Data export ${exportId} failed: ${(error as Error)?.stack ?? error}`);
    await strapi.db.query(DATA_EXPORT_UID).updateMany({
      where: { id: job.id, state: 'requested' },
      data: { state: 'failed', pendingKey: null, failure: 'La préparation de l’export a échoué. Vous pouvez le demander à nouveau.' },
    });
    return stateOf(strapi, job.id);
  }
}

async function stateOf(strapi: Core.Strapi, exportId: number): Promise<DataExportRow['state'] | null> {
  const row = (await strapi.db.query(DATA_EXPORT_UID).findOne({ where: { id: exportId }, select: ['state'] })) as Pick<DataExportRow, 'state'> | null;
  return row?.state ?? null;
}

/**
 * Generates every export still `requested` (after a restart). Returns how many. Called at
 * boot; does nothing (returns 0) with `MEMBER_DATA_EXPORT_RESUME=false`, which the command-line
 * scripts set: they stop as soon as their work is done, and the server's boot does this.
 */
export async function resumeDataExports(strapi: Core.Strapi): Promise<number> {
  if (process.env.MEMBER_DATA_EXPORT_RESUME === 'false') return 0;
  const waiting = await strapi.db.query(DATA_EXPORT_UID).findMany({ where: { state: 'requested' }, select: ['id'] });
  for (const { id } of waiting) await generateDataExport(strapi, id);
  return waiting.length;
}
