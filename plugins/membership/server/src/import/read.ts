import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { fieldError } from '@intranet-militant/shared';
import type { Cell } from './fields';

/**
 * Reads an import file as it comes from a French spreadsheet, streamed (never loaded whole):
 * CSV in UTF-8 (with or without BOM) or Windows-1252, `;` or `,` between fields (csv-parse),
 * or an Excel workbook's first sheet (exceljs's streaming reader). The first row holds the
 * column headers. Anything else is refused with a French 400 on the field `file`.
 */

export interface FileShape {
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'windows-1252' | null;
  delimiter: ';' | ',' | null;
}

export interface FileRow {
  /** The row's line in the spreadsheet (the header is line 1). */
  line: number;
  cells: Record<string, Cell>;
}

const NOT_A_TABLE = 'Le fichier n’est ni un CSV ni un classeur Excel (.xlsx) : enregistrez-le au format CSV ou XLSX.';

/** Detects the format, the encoding and the separator from the file's bytes (not its name). */
export async function shapeOf(path: string): Promise<FileShape> {
  const handle = await open(path, 'r');
  try {
    const head: any = Buffer.alloc(65_536);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes: Buffer = head.subarray(0, bytesRead);
    const starts = (...prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
    if (bytesRead === 0) throw fieldError('file', 'Le fichier est vide.');
    if (starts(0x50, 0x4b, 0x03, 0x04)) return { format: 'xlsx', encoding: null, delimiter: null };
    if (starts(0xd0, 0xcf, 0x11, 0xe0)) {
      throw fieldError('file', 'Ancien format Excel (.xls) non pris en charge : enregistrez le fichier en .xlsx ou en CSV.');
    }
    if (bytes.includes(0)) throw fieldError('file', NOT_A_TABLE);
    const encoding = (await isUtf8(path)) ? 'utf-8' : 'windows-1252';
    const firstLine = iconv.decode(bytes, encoding).replace(/^\ufeff/, '').split(/\r?\n/)[0] ?? '';
    const semicolons = firstLine.split(';').length - 1;
    const commas = firstLine.split(',').length - 1;
    if (semicolons === 0 && commas === 0) throw fieldError('file', 'Impossible de trouver les colonnes : la première ligne doit nommer les colonnes, séparées par « ; » ou « , ».');
    return { format: 'csv', encoding, delimiter: semicolons >= commas ? ';' : ',' };
  } finally {
    await handle.close();
  }
}

/** Is the whole file valid UTF-8? (A streamed pass: a spreadsheet saved in Windows-1252 is not.) */
async function isUtf8(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) decoder.decode(chunk as any, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/** Column headers: trimmed; empty or repeated ones named by position. */
function headersOf(raw: unknown[]): string[] {
  const seen = new Set<string>();
  return raw.map((value, i) => {
    let name = String(value ?? '').replace(/^\ufeff/, '').trim();
    if (!name || seen.has(name)) name = `Colonne ${i + 1}`;
    seen.add(name);
    return name;
  });
}

/**
 * The file's rows, header first read into `columns` (given to `onColumns` before any row).
 * Blank rows are skipped. @throws ValidationError (400, field `file`) for unreadable files.
 */
export async function* readRows(path: string, shape: FileShape, onColumns: (columns: string[]) => void): AsyncGenerator<FileRow> {
  if (shape.format === 'csv') yield* readCsv(path, shape, onColumns);
  else yield* readXlsx(path, onColumns);
}

async function* readCsv(path: string, shape: FileShape, onColumns: (columns: string[]) => void): AsyncGenerator<FileRow> {
  const decode = iconv.getDecoder(shape.encoding!);
  const decoder = new Transform({
    transform(chunk, _enc, done) { done(null, decode.write(chunk)); },
    flush(done) { done(null, decode.end() ?? ''); },
  });
  // The line where the last record the parser read ended (as it parses, ahead of this loop):
  // where a refusal starts, for the message.
  let lastLine = 0;
  const parser = createReadStream(path).pipe(decoder).pipe(
    parse({
      delimiter: shape.delimiter!, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true,
      on_record: (record, context) => { lastLine = context.lines; return record; },
    })
  );
  let columns: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!columns) {
        columns = headersOf(record);
        onColumns(columns);
        continue;
      }
      if (record.every((value) => !value.trim())) continue;
      const cells: Record<string, Cell> = {};
      columns.forEach((column, i) => { cells[column] = record[i] ?? null; });
      yield { line: info.lines, cells };
    }
  } catch (error) {
    const code = (error as { code?: string })?.code;
    if (code?.startsWith('CSV_')) throw fieldError('file', csvProblem(code, lastLine + 1));
    throw error;
  }
  if (!columns) throw fieldError('file', 'Le fichier est vide.');
}

/**
 * What csv-parse refused, in French, with the line where the record it could not read starts
 * (`from`: the line after the last record read, blank lines aside; the parser's own line
 * number points at the end of the file for an unclosed quote).
 */
function csvProblem(code: string, from: number): string {
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    return `Fichier CSV illisible : à partir de la ligne ${from}, un guillemet (") ouvert n’est jamais refermé. Corrigez cette ligne (un guillemet qui fait partie du texte s’écrit "") ou enregistrez à nouveau le fichier au format CSV depuis le tableur.`;
  }
  return `Fichier CSV illisible à partir de la ligne ${from} : enregistrez à nouveau le fichier au format CSV depuis le tableur.`;
}

/** An exceljs cell value as text, number or date (formulas give their result). */
function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellOf(value.result as ExcelJS.CellValue);
    if ('error' in value) return null;
  }
  return String(value);
}

async function* readXlsx(path: string, onColumns: (columns: string[]) => void): AsyncGenerator<FileRow> {
  let reader: ExcelJS.stream.xlsx.WorkbookReader;
  let columns: string[] | null = null;
  try {
    reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        if (!columns) {
          columns = headersOf(values.map(cellOf));
          onColumns(columns);
          continue;
        }
        const cells: Record<string, Cell> = {};
        columns.forEach((column, i) => { cells[column] = cellOf(values[i]); });
        if (Object.values(cells).every((cell) => cell === null || String(cell).trim() === '')) continue;
        yield { line: row.number, cells };
      }
      break; // the first sheet only
    }
  } catch (error) {
    if ((error as Error)?.name === 'ValidationError') throw error;
    throw fieldError('file', 'Classeur Excel illisible : enregistrez-le à nouveau en .xlsx ou en CSV.');
  }
  if (!columns) throw fieldError('file', 'Le classeur est vide.');
}
