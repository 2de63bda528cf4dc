import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { frenchLongDate, renderCertificate, toWinAnsi, type CertificateData } from '../server/src/domain/certificate-pdf';
import { readCertificateCode } from '../server/src/domain/links';

const sample: CertificateData = {
  holder: 'Élodie Martin',
  course: 'Animer une réunion publique : méthodes, prise de parole et cœur du débat',
  level: 'federation',
  organiser: 'Fédération du Gard',
  completedOn: '2026-11-24',
  code: 'K7Q2-M9XA-3FTD',
  verifyUrl: 'https://intranet.example/certificats/K7Q2-M9XA-3FTD',
};

// The PDF is ASCII structure around binary streams: latin1 keeps one char per byte.
const raw = (pdf: Buffer) => pdf.toString('latin1');

const pageCount = (pdf: Buffer) => (raw(pdf).match(/\/Type \/Page(?!s)\b/g) ?? []).length;

/** cp1252 bytes 0x80–0x9F differ from latin1; only those pdfkit may emit for French text. */
const CP1252: Record<number, string> = { 0x80: '€', 0x85: '…', 0x8c: 'Œ', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—', 0x9c: 'œ' };
const decodeHex = (hex: string) =>
  (hex.match(/../g) ?? []).map((h) => CP1252[parseInt(h, 16)] ?? String.fromCharCode(parseInt(h, 16))).join('');

/**
 * The text drawn on the page, one entry per shown line: inflates every FlateDecode stream, then joins the hex
 * strings of each `[<…> kerning <…>] TJ` array (the numbers are kerning adjustments, not spaces).
 */
function pageText(pdf: Buffer): string[] {
  const lines: string[] = [];
  const source = raw(pdf);
  for (const match of source.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Uint8Array.from(Buffer.from(match[1], 'latin1'))).toString('latin1');
    } catch {
      continue; // not a compressed stream
    }
    for (const tj of content.matchAll(/\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)+)\]\s*TJ/gi)) {
      lines.push([...tj[1].matchAll(/<([0-9a-f]*)>/gi)].map((m) => decodeHex(m[1])).join('').replace(/ +$/, '')); // wrapped lines keep their trailing space
    }
  }
  return lines;
}

/** Resolves an Info entry: pdfkit writes each value as its own object (`/Subject 12 0 R` → `12 0 obj\n(…)\nendobj`). */
function infoEntry(pdf: Buffer, key: string): string | undefined {
  const source = raw(pdf);
  const info = /\/Info (\d+) 0 R/.exec(source);
  const dict = info && new RegExp(`\\n${info[1]} 0 obj\\n<<([\\s\\S]*?)>>`).exec(source);
  const ref = dict && new RegExp(`/${key} (\\d+) 0 R`).exec(dict[1]);
  return ref ? new RegExp(`\\n${ref[1]} 0 obj\\n([^\\n]*)\\nendobj`).exec(source)?.[1] : undefined;
}

describe('certificate PDF', () => {
  it('renders a one-page PDF carrying the code, the holder and the date', async () => {
    const pdf = await renderCertificate(sample);
    const source = raw(pdf);
    expect(source.startsWith('%PDF-1.')).toBe(true);
    expect(source).toMatch(/%%EOF\n?$/);
    expect(pageCount(pdf)).toBe(1);
    expect(source).toContain('/MediaBox [0 0 841.89 595.28]'); // A4 landscape

    expect(infoEntry(pdf, 'Subject')).toBe('(K7Q2-M9XA-3FTD)');
    expect(infoEntry(pdf, 'Author')).toBe('(intranet-militant)');
    expect(infoEntry(pdf, 'CreationDate')).toBe('(D:20261124000000Z)');
    // Non-ASCII strings (the em dash) are written as UTF-16BE with a BOM.
    const title = infoEntry(pdf, 'Title')!;
    expect(title.startsWith('(\xFE\xFF')).toBe(true);

    const text = pageText(pdf);
    expect(text).toContain('Certificat de réussite');
    expect(text).toContain('décerné à');
    expect(text).toContain('Élodie Martin');
    expect(text).toContain('pour avoir suivi et validé la formation');
    expect(text.join(' ')).toContain('publique\u00A0: méthodes');
    expect(text.join(' ')).toContain('cœur du débat');
    expect(text).toContain('Niveau\u00A0: fédéral');
    expect(text).toContain('Fédération du Gard');
    expect(text).toContain('le 24\u00A0novembre 2026');
    expect(text).toContain('Code de vérification\u00A0: K7Q2-M9XA-3FTD');
    expect(text).toContain(`Vérifiable sur ${sample.verifyUrl}`);
    expect(source).toContain(`/URI (${sample.verifyUrl})`); // the address is also a link
  });

  it('is reproducible: same input, same bytes', async () => {
    expect(await renderCertificate(sample)).toEqual(await renderCertificate(sample));
  });

  it('keeps long course titles and names on the single page', async () => {
    const course = 'Comprendre le budget d’une collectivité territoriale : ressources, dépenses, dette et œuvres sociales, '.repeat(2).slice(0, 150);
    expect(course).toHaveLength(150);
    const pdf = await renderCertificate({ ...sample, course, holder: 'Marie-Françoise de La Tour d’Auvergne-Lauraguais '.repeat(3) });
    expect(pageCount(pdf)).toBe(1);
    expect(pageText(pdf).join(' ')).toContain('Comprendre le budget d’une collectivité');

    const huge = await renderCertificate({ ...sample, course: 'Très long intitulé '.repeat(60) });
    expect(pageCount(huge)).toBe(1);
    expect(pageText(huge).some((line) => line.endsWith('…'))).toBe(true); // cut after three lines
  });

  it('labels every level in French', async () => {
    for (const [level, label] of [['national', 'national'], ['section', 'section']] as const) {
      expect(pageText(await renderCertificate({ ...sample, level }))).toContain(`Niveau\u00A0: ${label}`);
    }
  });

  it('formats dates in long French form without timezone shifts', () => {
    expect(frenchLongDate('2026-11-24')).toBe('24\u00A0novembre 2026');
    expect(frenchLongDate('2026-03-01')).toBe('1er\u00A0mars 2026');
    expect(frenchLongDate('2027-01-01')).toBe('1er\u00A0janvier 2027'); // would be 31 December west of UTC if parsed as a Date
    expect(frenchLongDate('2026-08-15')).toBe('15\u00A0août 2026');
    expect(() => frenchLongDate('2026-02-30')).toThrow();
    expect(() => frenchLongDate('24/11/2026')).toThrow();
  });

  it('keeps WinAnsi characters and replaces the others', () => {
    expect(toWinAnsi('é è à ç ô œ Œ « » ’ – — … €')).toBe('é è à ç ô œ Œ «\u00A0» ’ – — … €');
    expect(toWinAnsi('«\u202Foui\u202F»')).toBe('«\u00A0oui\u00A0»'); // narrow no-break space
    expect(toWinAnsi('Cours « Débat » : bilan ?')).toBe('Cours «\u00A0Débat\u00A0»\u00A0: bilan\u00A0?');
    expect(toWinAnsi('Dvořák e\u0301')).toBe('Dvorák é'); // accents dropped when not encodable; NFC first
    expect(toWinAnsi('日本 ✓')).toBe('?? ?');
  });
});

describe('a certificate code as people type it', () => {
  it('is written as printed: upper case, three groups of four, whatever the separators', () => {
    for (const typed of ['k7q2-m9xa-3ftd', ' K7Q2 M9XA 3FTD ', 'K7Q2M9XA3FTD', 'k7q2–m9xa—3ftd', 'K7Q2.M9XA.3FTD', 'K7Q2 - M9XA - 3FTD']) {
      expect(readCertificateCode(typed)).toBe('K7Q2-M9XA-3FTD');
    }
  });
  it('leaves what is not a code for the check to refuse, trimmed and upper-cased', () => {
    expect(readCertificateCode(' pas-un-code ')).toBe('PAS-UN-CODE');
    expect(readCertificateCode('K7Q2-M9XA-3FT')).toBe('K7Q2-M9XA-3FT');
    expect(readCertificateCode('K7Q2-M9XA-3FTD-X')).toBe('K7Q2-M9XA-3FTD-X');
  });
});
