import type { Core } from '@strapi/strapi';
import { ForbiddenError, NotFoundError, type Actor } from '@intranet-militant/shared';
import type { DataExportContent } from '../commands/generate-data-export';
import type { DataExportRow } from '../commands/request-data-export';
import { renderPersonalDataHtml } from '../domain/personal-data-html';
import { renderPersonalDataPdf } from '../domain/personal-data-pdf';
import { can } from '../permissions';
import { DATA_EXPORT_UID } from '../uids';

/** What the member sees of one of their exports (never its content: that is the download). */
export function presentDataExport(row: DataExportRow) {
  return {
    documentId: row.documentId,
    state: row.state,
    requestedAt: row.requestedAt,
    readyAt: row.readyAt ?? null,
    /** Until when a ready export can be downloaded (then it is deleted). */
    expiresAt: row.state === 'ready' ? row.expiresAt : null,
    failure: row.failure ?? null,
  };
}

const ownerSubject = (actor: Actor) => ({ federationId: actor.federationId, sectionId: actor.sectionId, ownerUserId: actor.userId });

/**
 * The actor's own exports still on offer, newest first. Expired ones are absent (the hourly
 * job deletes them). Without a member profile: an empty list. Reads only.
 */
export async function myDataExports(strapi: Core.Strapi, actor: Actor, now: Date = new Date()) {
  if (!actor.memberId) return [];
  if (!can(actor, 'data-export.read', ownerSubject(actor))) throw new ForbiddenError('Vous ne pouvez pas consulter ces exports.');
  const rows = (await strapi.db.query(DATA_EXPORT_UID).findMany({
    where: { memberId: actor.memberId, expiresAt: { $gt: now } },
    select: ['id', 'documentId', 'state', 'requestedAt', 'readyAt', 'expiresAt', 'failure'],
    orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
  })) as DataExportRow[];
  return rows.map(presentDataExport);
}

/**
 * The file of one of the actor's ready exports: `json` (the stored content, indented),
 * `html` (a readable page) or `pdf` (the readable PDF the worker made; rendered now for an
 * export made before PDFs existed). Someone else's export, an expired one or one still being
 * prepared are absent (404), so that nobody learns another member's exports exist.
 * @throws NotFoundError (404).
 */
export async function dataExportFile(
  strapi: Core.Strapi,
  actor: Actor,
  documentId: string,
  format: 'json' | 'html' | 'pdf',
  now: Date = new Date()
): Promise<{ fileName: string; type: string; body: string | Buffer }> {
  const absent = new NotFoundError('Export introuvable ou expiré.');
  if (!actor.memberId || !can(actor, 'data-export.read', ownerSubject(actor))) throw absent;
  const row = (await strapi.db.query(DATA_EXPORT_UID).findOne({
    where: { documentId, memberId: actor.memberId, state: 'ready', expiresAt: { $gt: now } },
  })) as DataExportRow | null;
  if (!row) throw absent;
  const content = row.content as DataExportContent;
  const day = content.generatedAt.slice(0, 10);
  if (format === 'pdf') {
    const stored = (row as DataExportRow & { pdf?: string | null }).pdf;
    return { fileName: `mes-donnees-${day}.pdf`, type: 'application/pdf', body: stored ? Buffer.from(stored, 'base64') : await renderPersonalDataPdf(content) };
  }
  return format === 'html'
    ? { fileName: `mes-donnees-${day}.html`, type: 'text/html; charset=utf-8', body: renderPersonalDataHtml(content) }
    : { fileName: `mes-donnees-${day}.json`, type: 'application/json; charset=utf-8', body: `${JSON.stringify(content, null, 2)}\n` };
}
