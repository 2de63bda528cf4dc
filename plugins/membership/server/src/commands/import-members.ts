import { stat } from 'node:fs/promises';
import type { Core } from '@strapi/strapi';
import {
  auditActorOf,
  fieldError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  recordAudit,
  todayInParis,
  ValidationError,
  withJobLock,
  type Actor,
} from '@intranet-militant/shared';
import { can, membershipPermissions } from '../permissions';
import { FEDERATION_UID, IMPORT_JOB_UID, IMPORT_ROW_UID, SECTION_UID } from '../uids';
import { decide, unusablePasswordHash, writeBatch, type BatchResult, type ImportScope, type PreparedRow } from '../import/engine';
import { mappingFor, mappingProblems, readRow, type Cell, type ColumnMapping, type ImportValues, type RowReason } from '../import/fields';
import { MAX_IMPORT_BYTES, readRows, shapeOf } from '../import/read';
import { createSection } from './save-section';

/**
 * Importing a federation's members and dues from a file (issue 22):
 *   1. `startImport`: the file is read (streamed) into the job's rows, the mapping is the
 *      federation's last one (or guessed from the headers), and a dry run is stored;
 *   2. `remapImport`: staff fix the mapping, the dry run is redone;
 *   3. `confirmImport`: staff choose which missing sections to create and whether to invite
 *      new members; the job is marked running;
 *   4. `runImport`: batches of rows, each in its own transaction with the job's progress and
 *      its audit entry (so a crash loses at most the batch in flight, and a restart resumes
 *      after the last committed one; every batch decides again against the database, so
 *      importing the same file twice changes nothing the second time).
 * Who: federation staff (their federation) and national admins (`member.import`).
 */

export const IMPORT_BATCH_SIZE = 500;
const PAGE = 1000;

export interface ImportCounts { create: number; update: number; unchanged: number; refused: number }
export interface ImportPreview {
  counts: ImportCounts | null;
  duesToRecord: number;
  missingSections: { name: string; rows: number }[];
  problems: { field: string; message: string }[];
  /** What staff should know about the file before confirming (French): repeated headers. */
  warnings: string[];
}
export interface ImportResult { created: number; updated: number; unchanged: number; refused: number; duesRecorded: number }

type Job = {
  id: number;
  documentId: string;
  federationId: number;
  actor: Actor;
  columns: string[];
  mapping: ColumnMapping;
  state: 'previewed' | 'running' | 'done' | 'failed';
  totalRows: number;
  processedRows: number;
  invite: boolean;
  result: ImportResult | null;
};

const jobs = (strapi: Core.Strapi) => strapi.db.query(IMPORT_JOB_UID);
const rowsOf = (strapi: Core.Strapi) => strapi.db.query(IMPORT_ROW_UID);

async function federationFor(strapi: Core.Strapi, actor: Actor, documentId: string | undefined) {
  if (!membershipPermissions.scopeOf(actor, 'member.import')) {
    throw new ForbiddenError('Ce compte ne peut pas importer d’adhérents : l’import est réservé à l’équipe d’une fédération et à l’administration nationale.');
  }
  const federation = documentId
    ? await strapi.db.query(FEDERATION_UID).findOne({ where: { documentId }, select: ['id', 'name', 'documentId'] })
    : actor.federationId != null ? await strapi.db.query(FEDERATION_UID).findOne({ where: { id: actor.federationId }, select: ['id', 'name', 'documentId'] }) : null;
  if (!federation) throw documentId ? fieldError('federation', 'Fédération inconnue.') : fieldError('federation', 'Précisez la fédération de l’import.');
  if (!can(actor, 'member.import', { federationId: federation.id })) {
    throw new ForbiddenError('Vous n’importez des adhérents que dans votre fédération.');
  }
  return federation as { id: number; name: string; documentId: string };
}

export async function scopeOf(strapi: Core.Strapi, actor: Actor, federationId: number): Promise<ImportScope> {
  const federation = await strapi.db.query(FEDERATION_UID).findOne({ where: { id: federationId }, select: ['id', 'name', 'departmentCode'] });
  const sections = await strapi.db.query(SECTION_UID).findMany({ where: { federation: { id: federationId } }, select: ['id', 'name'] });
  return { actor, federation, sections: new Map(sections.map((s: { id: number; name: string }) => [s.name.trim().toLowerCase(), s])) };
}

/** The job (by documentId) the actor may handle; other federations' jobs look absent. @throws NotFoundError (404) */
export async function importJobFor(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<Job> {
  const job = await jobs(strapi).findOne({ where: { documentId } });
  if (!job || !can(actor, 'member.import', { federationId: job.federationId })) throw new NotFoundError('Import introuvable.');
  return job as Job;
}

/**
 * Reads the file at `path` into a new job for the federation (the actor's, or `federation`
 * for national admins) and runs its dry run. Returns the job.
 * @throws ValidationError (400) for a file that is not CSV/XLSX, empty or unreadable, of
 *         more than MAX_IMPORT_ROWS rows, a mapping naming a column the file lacks, or an
 *         unknown federation; PayloadTooLargeError (413) for a file over MAX_IMPORT_BYTES;
 *         ForbiddenError (403) for an account that may not import, or another federation.
 */
export async function startImport(
  strapi: Core.Strapi,
  actor: Actor,
  input: { path: string; fileName: string; federation?: string; mapping?: ColumnMapping }
): Promise<Job> {
  const federation = await federationFor(strapi, actor, input.federation);
  const { size } = await stat(input.path);
  if (size > MAX_IMPORT_BYTES) {
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
    throw new PayloadTooLargeError(`Fichier trop volumineux (${mb(size)}) : un import lit ${mb(MAX_IMPORT_BYTES)} au plus. Découpez-le en plusieurs fichiers.`, { errors: [{ path: ['file'], message: `${mb(MAX_IMPORT_BYTES)} au plus.` }] });
  }
  const shape = await shapeOf(input.path);
  const remembered = await jobs(strapi).findOne({ where: { federationId: federation.id, mapping: { $notNull: true } }, orderBy: { id: 'desc' }, select: ['mapping'] });
  let job: Job | null = null;
  let warnings: string[] = [];
  try {
    // The rows are written in chunks as they are read (memory stays bounded); a file that
    // turns out unreadable half-way leaves nothing: its job and rows are removed.
    job = await jobs(strapi).create({
      data: { federationId: federation.id, actor: jobActor(actor), fileName: input.fileName.slice(0, 255), format: shape.format, encoding: shape.encoding, delimiter: shape.delimiter, state: 'previewed', totalRows: 0, processedRows: 0 },
    }) as Job;
    let columns: string[] = [];
    let chunk: Record<string, unknown>[] = [];
    let position = 0;
    for await (const row of readRows(input.path, shape, (c, w) => { columns = c; warnings = w; })) {
      const readReasons = row.problems.length ? row.problems.map((message) => ({ field: 'row', message })) : null;
      chunk.push({ jobId: job.id, position: position++, line: row.line, cells: row.cells, readReasons });
      if (chunk.length === PAGE) { await rowsOf(strapi).createMany({ data: chunk }); chunk = []; }
    }
    if (chunk.length) await rowsOf(strapi).createMany({ data: chunk });
    if (position === 0) throw fieldError('file', 'Le fichier ne contient aucune ligne d’adhérent sous ses en-têtes.');
    if (input.mapping) {
      // A mapping given with the file names its columns: one it lacks is a mistake to tell now.
      const absent = mappingProblems(columns, input.mapping).filter((p) => !p.message.startsWith('Colonne obligatoire'));
      if (absent.length) {
        throw new ValidationError(absent.length === 1 ? absent[0].message : 'Correspondance des colonnes invalide : des colonnes n’existent pas dans le fichier.', {
          errors: absent.map((p) => ({ path: ['mapping', p.field], message: p.message })),
        });
      }
    }
    const mapping = input.mapping ?? mappingFor(columns, remembered?.mapping ?? null);
    job = await jobs(strapi).update({ where: { id: job.id }, data: { columns, mapping, totalRows: position } }) as Job;
  } catch (error) {
    if (job) await discard(strapi, job.id);
    throw error;
  }
  const { refusedOutside } = await dryRun(strapi, job, warnings);
  await recordAudit(strapi, {
    actor: auditActorOf(actor),
    action: 'plugin::membership.import.preview',
    subject: { type: IMPORT_JOB_UID, id: job.documentId },
    federationId: federation.id,
    // Rows refused because of someone outside the federation: many of them in a staff's file
    // is what a search for who is a member elsewhere looks like (national admins read it here).
    details: { fileName: input.fileName, format: shape.format, rows: job.totalRows, refusedOutside },
  });
  return (await jobs(strapi).findOne({ where: { id: job.id } })) as Job;
}

/**
 * The actor as a job keeps it: what its batches check (account, role, places, status) and the
 * label its audit entries carry — not the name nor the joining day a request's actor holds.
 */
function jobActor(actor: Actor): Actor {
  const { kind, userId, label, role, memberId, memberDocumentId, federationId, sectionId, status } = actor;
  return { ...(kind ? { kind } : {}), userId, label, role, memberId, memberDocumentId, federationId, sectionId, status };
}

async function discard(strapi: Core.Strapi, jobId: number) {
  await rowsOf(strapi).deleteMany({ where: { jobId } });
  await jobs(strapi).delete({ where: { id: jobId } });
}

/**
 * A new mapping for a job not yet confirmed; the dry run is redone. Returns the job.
 * @throws NotFoundError (404); ValidationError (400) once confirmed.
 */
export async function remapImport(strapi: Core.Strapi, actor: Actor, documentId: string, mapping: ColumnMapping): Promise<Job> {
  const job = await importJobFor(strapi, actor, documentId);
  if (job.state !== 'previewed') throw new ValidationError('Cet import est déjà confirmé : sa correspondance des colonnes ne change plus.');
  const problems = mappingProblems(job.columns, mapping);
  if (problems.some((p) => !p.message.startsWith('Colonne obligatoire'))) {
    throw new ValidationError('Correspondance des colonnes invalide.', { errors: problems.map((p) => ({ path: ['mapping', p.field], message: p.message })) });
  }
  await jobs(strapi).update({ where: { id: job.id }, data: { mapping } });
  const { preview } = (await jobs(strapi).findOne({ where: { id: job.id }, select: ['preview'] })) ?? {};
  await dryRun(strapi, { ...job, mapping }, (preview as ImportPreview | null)?.warnings ?? []);
  return (await jobs(strapi).findOne({ where: { id: job.id } })) as Job;
}

/**
 * The dry run: what each row would do now (stored on the rows) and the counts, missing
 * sections and mapping problems (stored on the job). Writes nothing else. Returns the
 * preview and how many rows were refused for a reason about someone outside the federation.
 */
async function dryRun(strapi: Core.Strapi, job: Job, warnings: string[]): Promise<{ preview: ImportPreview; refusedOutside: number }> {
  const problems = mappingProblems(job.columns, job.mapping);
  const preview: ImportPreview = { counts: null, duesToRecord: 0, missingSections: [], problems, warnings };
  let refusedOutside = 0;
  if (problems.length === 0) {
    const today = todayInParis();
    const scope = await scopeOf(strapi, job.actor, job.federationId);
    const duplicates = await duplicatesIn(strapi, job, today);
    const counts: ImportCounts = { create: 0, update: 0, unchanged: 0, refused: 0 };
    const missing = new Map<string, { name: string; rows: number }>();
    for (let from = 0; from < job.totalRows; from += PAGE) {
      const page = await rowsOf(strapi).findMany({ where: { jobId: job.id, position: { $gte: from, $lt: from + PAGE } }, orderBy: { position: 'asc' } });
      const prepared = page.map((row: any) => prepare(row, job.mapping, today, duplicates));
      const decisions = await decide(strapi, scope, prepared);
      await strapi.db.transaction(async ({ trx }) => {
        const plain = new Map<string, number[]>(); // outcome → rows without reasons: one statement each
        for (let i = 0; i < page.length; i += 1) {
          const { outcome, reasons, addDue } = decisions[i];
          counts[outcome] += 1;
          if (reasons.some((r) => r.outside)) refusedOutside += 1;
          if (addDue && outcome !== 'refused') preview.duesToRecord += 1;
          const section = prepared[i].values?.section;
          if (section && !scope.sections.has(section.trim().toLowerCase())) {
            const entry = missing.get(section.trim().toLowerCase()) ?? { name: section, rows: 0 };
            entry.rows += 1;
            missing.set(section.trim().toLowerCase(), entry);
          }
          if (reasons.length === 0) {
            const ids = plain.get(outcome);
            if (ids) ids.push(page[i].id);
            else plain.set(outcome, [page[i].id]);
          }
          else await rowsOf(strapi).update({ where: { id: page[i].id }, data: { outcome, reasons, fileReasons: prepared[i].fileReasons } });
        }
        for (const [outcome, ids] of plain) {
          await strapi.db.connection('membership_import_rows').transacting(trx).whereIn('id', ids).update({ outcome, reasons: null, file_reasons: null });
        }
      });
    }
    preview.counts = counts;
    preview.missingSections = [...missing.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }
  await jobs(strapi).update({ where: { id: job.id }, data: { preview } });
  return { preview, refusedOutside };
}

/**
 * Rows sharing a membership number or an email with another row of the file: all refused.
 * One pass over the rows, page by page; keeps one number per distinct value (its first
 * line) and line lists only for the values that repeat, so its memory is a few bytes per
 * row (about 8 MB for 50,000 rows), never the rows themselves.
 */
async function duplicatesIn(strapi: Core.Strapi, job: Job, today: string) {
  const firstNumber = new Map<string, number>();
  const firstEmail = new Map<string, number>();
  const numbers = new Map<string, number[]>();
  const emails = new Map<string, number[]>();
  const note = (first: Map<string, number>, repeated: Map<string, number[]>, key: string, line: number) => {
    const seen = first.get(key);
    if (seen === undefined) first.set(key, line);
    else if (repeated.has(key)) repeated.get(key)!.push(line);
    else repeated.set(key, [seen, line]);
  };
  for (let from = 0; from < job.totalRows; from += PAGE) {
    const page = await rowsOf(strapi).findMany({ where: { jobId: job.id, position: { $gte: from, $lt: from + PAGE } }, select: ['line', 'cells', 'readReasons'], orderBy: { position: 'asc' } });
    for (const row of page) {
      const { values } = readStaged(row, job.mapping, today);
      if (!values) continue;
      note(firstNumber, numbers, values.membershipNumber, row.line);
      note(firstEmail, emails, values.email, row.line);
    }
  }
  return { numbers, emails };
}

/**
 * A staged row read through the mapping: the reasons found reading the file's line (its
 * fields shifted, a cell too long) refuse it alone, before its cells are checked (they would
 * only add noise about shifted values).
 */
function readStaged(
  row: { cells: Record<string, Cell>; readReasons?: RowReason[] | null },
  mapping: ColumnMapping,
  today: string
): { values: ImportValues | null; reasons: RowReason[] } {
  if (row.readReasons?.length) return { values: null, reasons: row.readReasons };
  return readRow(row.cells, mapping, today);
}

function prepare(
  row: { position: number; line: number; cells: Record<string, any>; readReasons?: RowReason[] | null },
  mapping: ColumnMapping,
  today: string,
  duplicates: { numbers: Map<string, number[]>; emails: Map<string, number[]> }
): PreparedRow & { fileReasons: RowReason[] } {
  const { values, reasons } = readStaged(row, mapping, today);
  const fileReasons: RowReason[] = [];
  if (values) {
    const others = (lines: number[] | undefined) => (lines ?? []).filter((l) => l !== row.line);
    const sameNumber = others(duplicates.numbers.get(values.membershipNumber));
    if (sameNumber.length) fileReasons.push({ field: 'membershipNumber', message: `Numéro ${values.membershipNumber} en double dans le fichier (aussi ligne ${sameNumber.join(', ')}).` });
    const sameEmail = others(duplicates.emails.get(values.email));
    if (sameEmail.length) fileReasons.push({ field: 'email', message: `Adresse ${values.email} en double dans le fichier (aussi ligne ${sameEmail.join(', ')}).` });
  }
  return { position: row.position, line: row.line, values: fileReasons.length ? null : values, reasons: [...reasons, ...fileReasons], fileReasons };
}

/**
 * Confirms a previewed job: the chosen missing sections are created (each audited as staff
 * creating it), the job is marked running and the confirmation audited with the dry run's
 * counts. The caller then runs it (`runImport`), in the background for the API.
 * @throws NotFoundError (404); ValidationError (400) for a job already confirmed, a mapping
 *         missing required columns, or a section to create that the file does not name.
 */
export async function confirmImport(
  strapi: Core.Strapi,
  actor: Actor,
  documentId: string,
  options: { invite: boolean; createSections: string[] }
): Promise<Job> {
  const job = await importJobFor(strapi, actor, documentId);
  if (job.state !== 'previewed') throw new ValidationError('Cet import est déjà confirmé.');
  const preview = (await jobs(strapi).findOne({ where: { id: job.id }, select: ['preview'] }))?.preview as ImportPreview | null;
  if (!preview?.counts) throw new ValidationError('Associez d’abord les colonnes obligatoires (voir l’aperçu).');
  const proposed = new Map(preview.missingSections.map((s) => [s.name.trim().toLowerCase(), s.name]));
  const unknown = options.createSections.filter((name) => !proposed.has(name.trim().toLowerCase()));
  if (unknown.length) throw fieldError('createSections', `Section non proposée par cet import : « ${unknown[0]} ».`);
  const federation = await strapi.db.query(FEDERATION_UID).findOne({ where: { id: job.federationId }, select: ['documentId'] });
  for (const name of options.createSections) await createSection(strapi, actor, federation.documentId, { name: proposed.get(name.trim().toLowerCase())! });
  return strapi.db.transaction(async ({ trx }) => {
    // A conditional update: of two confirmations at once, one wins.
    const claimed = await strapi.db.connection('membership_import_jobs').transacting(trx).where({ id: job.id, state: 'previewed' })
      .update({ state: 'running', invite: options.invite, create_sections: JSON.stringify(options.createSections), confirmed_at: new Date() });
    if (!claimed) throw new ValidationError('Cet import est déjà confirmé.');
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::membership.import.confirm',
      subject: { type: IMPORT_JOB_UID, id: job.documentId },
      federationId: job.federationId,
      details: { rows: job.totalRows, expected: preview.counts, invite: options.invite, createSections: options.createSections },
    });
    return (await jobs(strapi).findOne({ where: { id: job.id } })) as Job;
  });
}

type RunOptions = { batchSize?: number; stopAfterBatches?: number; onProgress?: (done: number, total: number) => void };

/** The job lock of an import (`withJobLock`): one runner of a job at a time, on every instance. */
const runnerOf = (jobId: number) => `member-import:${jobId}`;

/**
 * Writes a running job, batch after batch from its resume point, then marks it done (or
 * failed, with a French reason, if something unexpected stops it: it can be run again).
 * One runner at a time (`withJobLock`, held by the instance writing it: released when the run
 * ends; after a crash, on PostgreSQL when the lock's session closes — at once for a dead
 * process, about 2 minutes for a machine gone silent — and on SQLite at once when the process
 * exits, or once its lock file is stale, 20 s, when it was killed): while another instance
 * writes the job, this returns at once.
 * A runner that loses its lock (its database session ended) stops before its next batch, the
 * job left running from its last committed batch for the next resume (boot, `--resume`).
 * `stopAfterBatches` stops without finishing, as a crash would (tests).
 * Returns the job's result so far.
 */
export async function runImport(strapi: Core.Strapi, jobId: number, options: RunOptions = {}): Promise<ImportResult | null> {
  const run = await withJobLock(strapi, runnerOf(jobId), (signal) => writeImport(strapi, jobId, options, signal));
  if (run.ran) return run.value;
  const job = (await jobs(strapi).findOne({ where: { id: jobId }, select: ['result'] })) as Pick<Job, 'result'> | null;
  return job?.result ?? null;
}

/** `runImport`'s work, under its job lock. */
async function writeImport(strapi: Core.Strapi, jobId: number, options: RunOptions, signal: AbortSignal): Promise<ImportResult | null> {
  const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
  let job = (await jobs(strapi).findOne({ where: { id: jobId } })) as Job | null;
  if (!job || job.state !== 'running') return job?.result ?? null;
  const passwordHash = await unusablePasswordHash();
  const today = todayInParis();
  let batches = 0;
  try {
    const scope = await scopeOf(strapi, job.actor, job.federationId);
    while (job.processedRows < job.totalRows) {
      if (options.stopAfterBatches !== undefined && batches >= options.stopAfterBatches) return job.result;
      if (signal.aborted) return job.result; // the lock is lost: left running for the next resume
      const current: Job = job;
      job = await strapi.db.transaction(async ({ trx }) => {
        const page = await rowsOf(strapi).findMany({ where: { jobId: current.id, position: { $gte: current.processedRows } }, orderBy: { position: 'asc' }, limit: batchSize });
        const prepared = page.map((row: any) => {
          const { values, reasons } = readStaged(row, current.mapping, today);
          const fileReasons: RowReason[] = row.fileReasons ?? [];
          return { position: row.position, line: row.line, values: fileReasons.length ? null : values, reasons: [...reasons, ...fileReasons] };
        });
        const { decisions, result } = await writeBatch(strapi, trx, scope, prepared, { invite: current.invite, passwordHash });
        for (let i = 0; i < page.length; i += 1) {
          if (page[i].outcome !== decisions[i].outcome || decisions[i].outcome === 'refused') {
            await rowsOf(strapi).update({ where: { id: page[i].id }, data: { outcome: decisions[i].outcome, reasons: decisions[i].reasons } });
          }
        }
        const total = add(current.result, result);
        await recordAudit(strapi, {
          actor: auditActorOf(current.actor),
          action: 'plugin::membership.import.batch',
          subject: { type: IMPORT_JOB_UID, id: current.documentId },
          federationId: current.federationId,
          details: { from: current.processedRows, rows: page.length, created: result.created, updated: result.updated, unchanged: result.unchanged, refused: result.refused, duesRecorded: result.duesRecorded },
        });
        const last = page.length ? page[page.length - 1].position + 1 : current.totalRows;
        // Only from the resume point this batch started at: a second runner of the same job
        // (another process resuming it) rolls its batch back instead of writing it twice.
        const moved = await strapi.db.connection('membership_import_jobs').transacting(trx)
          .where({ id: current.id, processed_rows: current.processedRows, state: 'running' }).update({ processed_rows: last });
        if (!moved) throw new Error(`Import ${current.id}: another runner moved past row ${current.processedRows}.`);
        return (await jobs(strapi).update({ where: { id: current.id }, data: { result: total } })) as Job;
      });
      batches += 1;
      options.onProgress?.(job.processedRows, job.totalRows);
    }
    const finished = job;
    await strapi.db.transaction(async () => {
      await jobs(strapi).update({ where: { id: finished.id }, data: { state: 'done', finishedAt: new Date() } });
      await recordAudit(strapi, {
        actor: auditActorOf(finished.actor),
        action: 'plugin::membership.import.complete',
        subject: { type: IMPORT_JOB_UID, id: finished.documentId },
        federationId: finished.federationId,
        details: { rows: finished.totalRows, ...(finished.result ?? {}) },
      });
    });
    return finished.result;
  } catch (error) {
    strapi.log.error(`Import ${jobId} stopped: ${(error as Error)?.stack ?? error}`);
    await jobs(strapi).update({ where: { id: jobId }, data: { state: 'failed', failure: 'L’import s’est interrompu sur une erreur inattendue : les lots déjà enregistrés sont conservés ; relancez-le pour reprendre.' } });
    throw error;
  }
}

function add(total: ImportResult | null, batch: BatchResult): ImportResult {
  const t = total ?? { created: 0, updated: 0, unchanged: 0, refused: 0, duesRecorded: 0 };
  return {
    created: t.created + batch.created.length,
    updated: t.updated + batch.updated.length,
    unchanged: t.unchanged + batch.unchanged,
    refused: t.refused + batch.refused,
    duesRecorded: t.duesRecorded + batch.duesRecorded,
  };
}

/**
 * Runs again a job a crash or an error left unfinished (running or failed), from its
 * last committed batch. A job another instance is writing now (its job lock is held) is left
 * to it: an instance booting beside a running import (a rolling restart) neither writes it
 * twice nor marks it failed. Returns how many jobs this call resumed. Called at boot.
 */
export async function resumeImports(strapi: Core.Strapi, options: { batchSize?: number } = {}): Promise<number> {
  const stopped = await jobs(strapi).findMany({ where: { state: { $in: ['running', 'failed'] }, confirmedAt: { $notNull: true } }, select: ['id'] });
  let resumed = 0;
  for (const { id } of stopped) {
    const run = await withJobLock(strapi, runnerOf(id), async (signal) => {
      // Read again under the lock: the runner that held it may have finished the job since.
      const { count } = await jobs(strapi).updateMany({ where: { id, state: { $in: ['running', 'failed'] } }, data: { state: 'running', failure: null } });
      if (count) await writeImport(strapi, id, options, signal).catch(() => undefined);
      return count > 0;
    });
    if (run.ran && run.value) resumed += 1;
  }
  return resumed;
}
