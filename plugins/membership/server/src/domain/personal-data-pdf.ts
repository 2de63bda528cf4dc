import PDFDocument from 'pdfkit';
import { frenchDateTime, pdfText, readablePersonalValue, type PersonalDataValue } from '@intranet-militant/shared';
import type { DataExportContent } from '../commands/generate-data-export';
import { memberWord } from './member-word';

const INK = '#1f2933';
const MUTED = '#52606d';
const ACCENT = '#1d3557';

/** A section with at most this many fields is one table (a column per field); wider ones get a table per record. */
const WIDE = 4;
const LINE = '#cbd2d9';
const HEAD = '#e4e7eb';

/** The PDF's text for a cell: in words (`readablePersonalValue`: French dates, labels, « — » for nothing), in WinAnsi (`pdfText`). */
const cell = (v: PersonalDataValue | undefined) => pdfText(readablePersonalValue(v));

/**
 * A section's records as tables (pdfkit's `table`, which breaks across pages): up to `WIDE`
 * fields, one table with a header row and one row per record; wider records (long texts,
 * many fields), one two-column table « field | value » per record, so that nothing is
 * squeezed into a column a few characters wide.
 */
function recordsTable(doc: PDFKit.PDFDocument, rows: Record<string, PersonalDataValue>[]): void {
  const labels = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const style = { border: 0.5, borderColor: LINE, padding: 4, font: { size: 8.5 } } as const;
  doc.font('Helvetica').fontSize(8.5).fillColor(INK);
  if (labels.length <= WIDE) {
    doc.table({
      defaultStyle: style as any,
      rowStyles: (i: number) => (i === 0 ? { backgroundColor: HEAD, font: { src: 'Helvetica-Bold' } } : undefined) as any,
      data: [labels.map((l) => pdfText(l)), ...rows.map((row) => labels.map((l) => cell(row[l])))],
    });
    doc.moveDown(0.6);
    return;
  }
  for (const row of rows) {
    doc.table({
      defaultStyle: style as any,
      columnStyles: [{ width: 140, backgroundColor: HEAD, font: { src: 'Helvetica-Bold' } } as any, '*'],
      data: Object.entries(row).map(([label, v]) => [pdfText(label), cell(v)]),
    });
    doc.moveDown(0.5);
  }
}

/**
 * « Mes données » as a readable A4 PDF (issue 22, item 3; pdfkit, standard fonts: no font
 * file, no image, no script): the member's name and number (« adhérente », « adhérent » or
 * « adhérent·e » after the recorded sex), the day it was prepared (Paris time), then each
 * plugin's part as a heading, each section as a subheading with its note, and its records as
 * tables (`recordsTable`). The same content as the JSON and HTML files. Returns the file's bytes.
 */
export async function renderPersonalDataPdf(content: DataExportContent): Promise<Buffer> {
  const generated = frenchDateTime(content.generatedAt);
  const name = `${content.member.firstName} ${content.member.lastName}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: pdfText(`Mes données — ${name}`), Author: 'intranet-militant', CreationDate: new Date(content.generatedAt) },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const write = (text: string, font = 'Helvetica', size = 10, color = INK, gap = 3) => {
    doc.font(font).fontSize(size).fillColor(color).text(pdfText(text), { paragraphGap: gap });
  };

  write('Mes données', 'Helvetica-Bold', 22, ACCENT, 4);
  write(`${name} — ${memberWord(content.member.sex)} n° ${content.member.membershipNumber}`, 'Helvetica-Bold', 13, INK, 2);
  write(`Tout ce que l’intranet conserve à votre sujet, préparé le ${generated}. Les bulletins de vote sont anonymes : aucun n’y figure.`, 'Helvetica', 10, MUTED, 14);
  for (const part of content.parts) {
    write(part.title, 'Helvetica-Bold', 15, ACCENT, 6);
    for (const section of part.sections) {
      write(section.title, 'Helvetica-Bold', 12, INK, 4);
      if (section.note) write(section.note, 'Helvetica-Oblique', 9, MUTED, 4);
      if (!section.rows.length) write('Aucune donnée.', 'Helvetica-Oblique', 10, MUTED, 6);
      if (section.rows.length) recordsTable(doc, section.rows);
      doc.x = doc.page.margins.left;
      doc.moveDown(0.4);
    }
    doc.moveDown(0.6);
  }
  write('Export préparé à votre demande (RGPD, article 15), proposé 7 jours puis supprimé.', 'Helvetica-Oblique', 8, MUTED);
  doc.end();
  return done;
}
