import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * The text a PDF shows, as Mozilla's pdf.js reads it (`getTextContent`), page after page: one
 * entry per run of text drawn at once — for pdfkit's documents, a line of a paragraph or a
 * table's cell. Tests read our generated PDFs with it rather than with a hand-made parser of
 * their streams (one cut a compressed stream whose last byte was a carriage return, losing that
 * page's text in one run of a few hundred).
 */
export async function pdfTextRuns(pdf: Buffer | Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const runs: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const { items } = await (await doc.getPage(n)).getTextContent({ disableNormalization: true }); // as drawn: no-break spaces kept
      for (const item of items) if ('str' in item && item.str !== '') runs.push(item.str);
    }
    return runs;
  } finally {
    await doc.destroy();
  }
}
