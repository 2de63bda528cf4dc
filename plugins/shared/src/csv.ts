/**
 * CSV that opens as-is in a French spreadsheet (Excel, LibreOffice): UTF-8 with a BOM,
 * `;` between fields, decimal commas, CRLF lines, RFC 4180 quoting. A cell that a
 * spreadsheet would read as a formula (= + - @) is prefixed with an apostrophe.
 */
export type Cell = string | number | boolean | null | undefined;

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4))).replace('.', ',');
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (with its CRLF), for files written as a stream; the file starts with `\ufeff`. */
export function csvLine(row: Cell[]): string {
  return `${row.map(cell).join(';')}\r\n`;
}

export function toCsv(headers: string[], rows: Cell[][]): string {
  return `\ufeff${[headers, ...rows].map((row) => row.map(cell).join(';')).join('\r\n')}\r\n`;
}
