import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { fieldError } from '@intranet-militant/shared';
import { quoted, type Cell } from './fields';

/**
 * Reads an import file as it comes from a French spreadsheet, streamed (never loaded whole):
 * CSV in UTF-8 (with or without BOM) or Windows-1252, `;` or `,` between fields (csv-parse),
 * or an Excel workbook's first sheet (exceljs's streaming reader). The first row holds the
 * column headers. Anything else is refused with a French 400 on the field `file`.
 * UTF-16 CSV (Excel's « Texte Unicode », tab-separated, with its byte order mark) is read too.
 * Bounds: `MAX_IMPORT_BYTES` per file (413), `MAX_IMPORT_ROWS` rows per file (400), and
 * `MAX_CELL_CHARS` per cell: a longer cell is stored cut and its row refused with a short
 * reason, so that nothing repeats a huge cell whole (rows, refused-rows CSV, admin screen).
 */

/** The largest file an import reads (20 MB: a 50,000-row file with a few dozen columns). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** The most member rows one import reads (the size measured by `bench/member-import.ts`). */
export const MAX_IMPORT_ROWS = 50_000;
/** The longest cell a row may have (characters); no field accepts more than 254. */
export const MAX_CELL_CHARS = 1_000;
/** The longest column header (characters): a mapping names columns of 255 at most. */
const MAX_HEADER_CHARS = 255;

export interface FileShape {
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be' | null;
  delimiter: ';' | ',' | '\t' | null;
}

export interface FileRow {
  /** The row's line in the spreadsheet (the header is line 1). */
  line: number;
  cells: Record<string, Cell>;
  /** Why the row cannot be read as the file's columns (French): its fields, a cell too long. */
  problems: string[];
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
    // UTF-16 text (Excel's « Texte Unicode »): recognised by its byte order mark.
    const utf16 = starts(0xff, 0xfe) ? 'utf-16le' : starts(0xfe, 0xff) ? 'utf-16be' : null;
    if (!utf16 && bytes.includes(0)) throw fieldError('file', NOT_A_TABLE);
    const encoding = utf16 ?? ((await isUtf8(path)) ? 'utf-8' : 'windows-1252');
    const firstLine = iconv.decode(bytes, encoding).replace(/^\ufeff/, '').split(/\r?\n/)[0] ?? '';
    const count = (separator: string) => firstLine.split(separator).length - 1;
    const [semicolons, commas, tabs] = [count(';'), count(','), count('\t')];
    if (utf16 && firstLine.includes('\0')) throw fieldError('file', NOT_A_TABLE);
    if (semicolons === 0 && commas === 0 && tabs === 0) throw fieldError('file', 'Impossible de trouver les colonnes : la première ligne doit nommer les colonnes, séparées par « ; » ou « , ».');
    const delimiter = tabs > semicolons && tabs > commas ? '\t' : semicolons >= commas ? ';' : ',';
    return { format: 'csv', encoding, delimiter };
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

/**
 * Column headers: trimmed; empty or repeated ones named by position (« Colonne 2 »). A
 * repeated header is told to staff (`warnings`, in French): which of the columns holds the
 * field is theirs to say. @throws ValidationError (400) for a header too long.
 */
function headersOf(raw: unknown[]): { columns: string[]; warnings: string[] } {
  const seen = new Set<string>();
  const repeated = new Map<string, number[]>();
  const columns = raw.map((value, i) => {
    let name = String(value ?? '').replace(/^\ufeff/, '').trim();
    if (name.length > MAX_HEADER_CHARS) {
      throw fieldError('file', `L’en-tête de la colonne ${i + 1} (« ${quoted(name)} ») est trop long : ${MAX_HEADER_CHARS} caractères au plus. La première ligne doit nommer les colonnes.`);
    }
    if (name && seen.has(name)) {
      const positions = repeated.get(name) ?? [raw.findIndex((other) => String(other ?? '').replace(/^\ufeff/, '').trim() === name) + 1];
      positions.push(i + 1);
      repeated.set(name, positions);
    }
    if (!name || seen.has(name)) name = `Colonne ${i + 1}`;
    seen.add(name);
    return name;
  });
  const list = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}` : items[0]);
  const warnings = [...repeated].map(([name, positions]) => {
    const renamed = positions.slice(1).map((p) => `« Colonne ${p} »`);
    return `Plusieurs colonnes s’appellent « ${quoted(name)} » (colonnes ${list(positions.map(String))}) : seule la première garde ce nom, les autres s’appellent ici ${list(renamed)}. Vérifiez la correspondance des colonnes.`;
  });
  return { columns, warnings };
}

/** A row's cells by column, each cut to `MAX_CELL_CHARS`, and the problems found (French). */
function cellsOf(columns: string[], values: Cell[], problems: string[]): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  columns.forEach((column, i) => {
    const value = values[i] ?? null;
    if (typeof value === 'string' && value.length > MAX_CELL_CHARS) {
      problems.push(`La cellule « ${quoted(column)} » compte ${value.length.toLocaleString('fr-FR')} caractères (${MAX_CELL_CHARS.toLocaleString('fr-FR')} au plus) : la ligne n’est pas importée.`);
      cells[column] = `${value.slice(0, MAX_CELL_CHARS)}…`;
    } else cells[column] = value;
  });
  return cells;
}

/**
 * The file's rows, header first read into `columns` (given to `onColumns` before any row).
 * Blank rows are skipped. @throws ValidationError (400, field `file`) for unreadable files.
 */
export async function* readRows(path: string, shape: FileShape, onColumns: OnColumns): AsyncGenerator<FileRow> {
  let rows = 0;
  for await (const row of shape.format === 'csv' ? readCsv(path, shape, onColumns) : readXlsx(path, onColumns)) {
    rows += 1;
    if (rows > MAX_IMPORT_ROWS) {
      const most = MAX_IMPORT_ROWS.toLocaleString('fr-FR');
      throw fieldError('file', `Le fichier compte plus de ${most} lignes d’adhérents, le maximum pour un import : découpez-le en fichiers de ${most} lignes au plus.`);
    }
    yield row;
  }
}

type OnColumns = (columns: string[], warnings: string[]) => void;

async function* readCsv(path: string, shape: FileShape, onColumns: OnColumns): AsyncGenerator<FileRow> {
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
        const headers = headersOf(record);
        columns = headers.columns;
        onColumns(columns, headers.warnings);
        continue;
      }
      if (record.every((value) => !value.trim())) continue;
      const problems: string[] = [];
      let values = record;
      if (record.length !== columns.length) {
        const separator = shape.delimiter === '\t' ? 'une tabulation' : `un « ${shape.delimiter} »`;
        problems.push(`Ligne de ${record.length} colonnes au lieu de ${columns.length} (${separator} non protégé par des guillemets ?) : la ligne n’est pas importée.`);
        // Nothing of the line is lost: the fields past the last column stay in it, as written.
        if (record.length > columns.length) values = [...record.slice(0, columns.length - 1), record.slice(columns.length - 1).join(shape.delimiter!)];
      }
      yield { line: info.lines, cells: cellsOf(columns, values, problems), problems };
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

async function* readXlsx(path: string, onColumns: OnColumns): AsyncGenerator<FileRow> {
  let reader: ExcelJS.stream.xlsx.WorkbookReader;
  let columns: string[] | null = null;
  try {
    reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        if (!columns) {
          const headers = headersOf(values.map(cellOf));
          columns = headers.columns;
          onColumns(columns, headers.warnings);
          continue;
        }
        const problems: string[] = [];
        const cells = cellsOf(columns, columns.map((_, i) => cellOf(values[i])), problems);
        // A cell right of the last header belongs to no column: refused, as a CSV line with
        // too many fields is, rather than dropped without a word (the cell is named and quoted).
        const beyond = values.slice(columns.length).map((value, i) => ({ value: cellOf(value), at: columns!.length + i + 1 })).filter(({ value }) => value !== null && String(value).trim() !== '');
        for (const { value, at } of beyond) {
          problems.push(`La cellule ${row.getCell(at).address} (« ${quoted(String(value instanceof Date ? value.toISOString().slice(0, 10) : value))} ») est à droite de la dernière colonne nommée : donnez un en-tête à sa colonne ou videz-la ; la ligne n’est pas importée.`);
        }
        if (beyond.length === 0 && Object.values(cells).every((cell) => cell === null || String(cell).trim() === '')) continue;
        yield { line: row.number, cells, problems };
      }
      break; // the first sheet only
    }
  } catch (error) {
    if ((error as Error)?.name === 'ValidationError') throw error;
    throw fieldError('file', 'Classeur Excel illisible : enregistrez-le à nouveau en .xlsx ou en CSV.');
  }
  if (!columns) throw fieldError('file', 'Le classeur est vide.');
}
