import type { Core } from '@strapi/strapi';
import { csvLine, pageMeta, type Actor } from '@intranet-militant/shared';
import { importJobFor } from '../commands/import-members';
import { reasonsSeenBy } from '../import/engine';
import { FIELD_LABELS, IMPORT_FIELDS } from '../import/fields';
import { IMPORT_ROW_UID } from '../uids';
import type { ImportRowsQuery } from '../validation/schemas';

/** Reads of imports (their staff's, national admins'): never write. */

/** An import as staff see it: file, mapping, dry run, progress and result. @throws NotFoundError (404) */
export async function importFor(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const job = (await importJobFor(strapi, actor, documentId)) as any;
  return {
    id: job.documentId,
    fileName: job.fileName,
    format: job.format,
    encoding: job.encoding,
    delimiter: job.delimiter,
    columns: job.columns ?? [],
    mapping: job.mapping ?? {},
    fields: IMPORT_FIELDS.map((field) => ({ field, label: FIELD_LABELS[field] })),
    state: job.state,
    totalRows: job.totalRows,
    processedRows: job.processedRows,
    preview: job.preview,
    result: job.result,
    invite: job.invite,
    failure: job.failure,
    createdAt: job.createdAt,
    confirmedAt: job.confirmedAt,
    finishedAt: job.finishedAt,
  };
}

/**
 * One page of an import's rows (optionally of one outcome), with their reasons as the actor
 * may read them (`reasonsSeenBy`: nothing about people outside the federation but for
 * national admins). @throws NotFoundError (404)
 */
export async function importRows(strapi: Core.Strapi, actor: Actor, documentId: string, query: ImportRowsQuery) {
  const job = await importJobFor(strapi, actor, documentId);
  const where = { jobId: job.id, ...(query.outcome ? { outcome: query.outcome } : {}) };
  const [rows, total] = await Promise.all([
    strapi.db.query(IMPORT_ROW_UID).findMany({ where, orderBy: { position: 'asc' }, offset: (query.page - 1) * query.pageSize, limit: query.pageSize }),
    strapi.db.query(IMPORT_ROW_UID).count({ where }),
  ]);
  return {
    data: rows.map((row: any) => ({ line: row.line, cells: row.cells, outcome: row.outcome, reasons: reasonsSeenBy(actor, row.reasons) })),
    meta: pageMeta(query.page, query.pageSize, total),
  };
}

/**
 * The refused rows as a CSV a French spreadsheet opens (the file's own columns, then
 * « Ligne » and « Motifs »), to fix and import again. Streamed: the job is checked first
 * (404), then the rows are read 1,000 at a time as the answer is sent, so memory does not
 * grow with the number of refused rows. Reasons as `importRows` shows them.
 */
export async function refusedRowsCsv(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<{ fileName: string; csv: AsyncIterable<string> }> {
  const job = (await importJobFor(strapi, actor, documentId)) as any;
  const columns: string[] = job.columns ?? [];
  async function* lines(): AsyncGenerator<string> {
    yield `\ufeff${csvLine(['Ligne', ...columns, 'Motifs'])}`;
    let after = -1;
    for (;;) {
      // Keyset paging on position: each page is found by the index, however far in.
      const page = await strapi.db.query(IMPORT_ROW_UID).findMany({ where: { jobId: job.id, outcome: 'refused', position: { $gt: after } }, orderBy: { position: 'asc' }, limit: 1000 });
      let text = '';
      for (const row of page as any[]) {
        const cells = columns.map((c) => {
          const value = row.cells?.[c];
          return value === null || value === undefined ? null : typeof value === 'number' ? value : String(value);
        });
        text += csvLine([row.line, ...cells, reasonsSeenBy(actor, row.reasons).map((r) => r.message).join(' ; ')]);
        after = row.position;
      }
      if (text) yield text;
      if (page.length < 1000) break;
    }
  }
  const base = String(job.fileName ?? 'import').replace(/\.[^.]+$/, '');
  return { fileName: `${base}-refusees.csv`, csv: lines() };
}
