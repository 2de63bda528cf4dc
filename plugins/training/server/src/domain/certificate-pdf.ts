import PDFDocument from 'pdfkit';

export interface CertificateData {
  holder: string; // « Prénom Nom »
  course: string; // course title
  level: 'national' | 'federation' | 'section';
  organiser: string; // e.g. « Fédération du Gard », « Section de Nîmes », « National »
  completedOn: string; // YYYY-MM-DD
  code: string; // verification code, e.g. 'K7Q2-M9XA-3FTD'
  verifyUrl: string; // the portal's public check page, e.g. 'https://intranet.example/certificats/K7Q2-M9XA-3FTD' (domain/links.ts)
}

const LEVEL_LABELS: Record<CertificateData['level'], string> = {
  national: 'national',
  federation: 'fédéral',
  section: 'section',
};

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

const NBSP = '\u00A0';
const INK = '#1f2933';
const MUTED = '#52606d';
const ACCENT = '#1d3557';

/** Parses YYYY-MM-DD by hand: `new Date('2026-11-24')` is UTC midnight and may print as the 23rd locally. */
function parseDay(value: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) throw new Error(`Invalid completedOn date: ${value}`);
  const [year, month, day] = match.slice(1).map(Number);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw new Error(`Invalid completedOn date: ${value}`);
  return { year, month, day };
}

/** « 24 novembre 2026 », « 1er mars 2026 » (French writes the first day as an ordinal). */
export function frenchLongDate(value: string): string {
  const { year, month, day } = parseDay(value);
  return `${day === 1 ? '1er' : day}${NBSP}${MONTHS[month - 1]} ${year}`;
}

/**
 * The standard Helvetica fonts only know WinAnsi (cp1252). pdfkit maps Latin-1 and the cp1252 extras
 * itself (é è à ç ô « » and also ’ œ Œ – — … € are all fine), but any other character would be written
 * as a broken multi-byte hex code. So: narrow/thin spaces become a no-break space, other characters lose
 * their accents when that makes them encodable (ā → a), and whatever is left becomes « ? ».
 * French spacing is made non-breaking too, so that « and » : ; ! ? never start or end a wrapped line.
 */
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const encodable = (c: string) => {
  const code = c.charCodeAt(0);
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRAS.has(c);
};
export function toWinAnsi(text: string): string {
  const spaced = text
    .normalize('NFC')
    .replace(/[\u2009\u202F]/g, NBSP)
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/[^\S\u00A0]+/g, ' ') // collapse whitespace (newlines, tabs) but keep no-break spaces
    .replace(/« /g, `«${NBSP}`)
    .replace(/ ([»:;!?])/g, `${NBSP}$1`);
  let out = '';
  for (const c of spaced) {
    if (encodable(c)) out += c;
    else {
      const stripped = c.normalize('NFKD').replace(/\p{M}/gu, '');
      out += [...stripped].every(encodable) && stripped ? stripped : '?';
    }
  }
  return out.trim();
}

/** Renders the certificate as a one-page A4 landscape PDF. Same input → same bytes (fixed dates, ID derived from them). */
export async function renderCertificate(data: CertificateData): Promise<Buffer> {
  const { year, month, day } = parseDay(data.completedOn);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    // Small margins: pdfkit adds a page as soon as a line would pass the bottom margin, and the footer sits low.
    margin: 30,
    info: {
      Title: `Certificat — ${data.course}`,
      Author: 'intranet-militant',
      Subject: data.code,
      // pdfkit otherwise stamps `new Date()` and hashes it into the trailer /ID: fix it for reproducible bytes.
      CreationDate: new Date(Date.UTC(year, month - 1, day)),
    },
  });
  // Typed as Uint8Array: with TypeScript 5.9 and @types/node 20, Buffer[] is not accepted by Buffer.concat.
  const chunks: Uint8Array[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const { width: W, height: H } = doc.page;
  const left = 90;
  const width = W - 2 * left;

  // Double thin frame: a sober border without any image or font file.
  doc.lineWidth(1.2).strokeColor(ACCENT).rect(22, 22, W - 44, H - 44).stroke();
  doc.lineWidth(0.4).rect(28, 28, W - 56, H - 56).stroke();

  /** One centered line, shrunk down to `min` points if needed so that it never wraps. */
  const line = (text: string, font: string, size: number, y: number, color = INK, min = size, link?: string) => {
    const value = toWinAnsi(text);
    doc.font(font).fontSize(size);
    while (size > min && doc.widthOfString(value) > width) doc.fontSize(--size);
    doc.fillColor(color).text(value, left, y, { width, align: 'center', height: size * 1.3, ellipsis: true, link });
  };

  line('Certificat de réussite', 'Helvetica-Bold', 34, 78, ACCENT);
  doc.lineWidth(0.8).strokeColor(ACCENT).moveTo(W / 2 - 60, 128).lineTo(W / 2 + 60, 128).stroke();

  line('décerné à', 'Helvetica-Oblique', 13, 150, MUTED);
  line(data.holder, 'Helvetica-Bold', 30, 172, INK, 18);

  line('pour avoir suivi et validé la formation', 'Helvetica-Oblique', 13, 228, MUTED);
  // Course title: wraps on up to three lines, vertically centered in its box; anything longer ends with « … ».
  const course = toWinAnsi(data.course);
  const box = { top: 250, height: 78 };
  doc.font('Helvetica-Bold').fontSize(20);
  const options = { width, align: 'center' as const, lineGap: 2 };
  const used = Math.min(doc.heightOfString(course, options), box.height);
  doc.fillColor(INK).text(course, left, box.top + (box.height - used) / 2, { ...options, height: box.height, ellipsis: true });

  line(`Niveau${NBSP}: ${LEVEL_LABELS[data.level]}`, 'Helvetica', 13, 350);
  line(data.organiser, 'Helvetica', 13, 370, INK, 9);
  line(`le ${frenchLongDate(data.completedOn)}`, 'Helvetica', 13, 390);

  doc.lineWidth(0.4).strokeColor(MUTED).moveTo(W / 2 - 120, 470).lineTo(W / 2 + 120, 470).stroke();
  line(`Code de vérification${NBSP}: ${data.code}`, 'Helvetica-Bold', 11, 486, INK);
  line(`Vérifiable sur ${data.verifyUrl}`, 'Helvetica', 9, 504, MUTED, 6, data.verifyUrl);

  doc.end();
  return done;
}
