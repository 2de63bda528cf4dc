import PDFDocument from 'pdfkit';
import { frenchDate } from '@intranet-militant/shared';
import type { ActivityReport } from '../queries/report';
import { ON_TIME_DAYS } from './report';

const NBSP = '\u00A0';
const INK = '#1f2933';
const MUTED = '#52606d';
const ACCENT = '#1d3557';

/**
 * pdfkit's standard Helvetica knows WinAnsi (cp1252) only (see training's certificate-pdf.ts,
 * whose rule this follows): narrow spaces become no-break spaces, other characters lose their
 * accents when that makes them encodable (the « · » of « Présent·e » is cp1252 already), and
 * whatever is left becomes « ? ».
 */
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const encodable = (c: string) => {
  const code = c.charCodeAt(0);
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRAS.has(c);
};
export function pdfText(text: string): string {
  let out = '';
  for (const c of text.normalize('NFC').replace(/[\u2009\u202F]/g, NBSP).replace(/[^\S\u00A0]+/g, ' ')) {
    if (encodable(c)) out += c;
    else {
      const stripped = c.normalize('NFKD').replace(/\p{M}/gu, '');
      out += stripped && [...stripped].every(encodable) ? stripped : '?';
    }
  }
  return out.trim();
}

const votes = (d: { votesFor: number; votesAgainst: number; abstentions: number }) => `${d.votesFor} pour, ${d.votesAgainst} contre, ${d.abstentions} abstention${d.abstentions > 1 ? 's' : ''}`;

/**
 * The activity report as an A4 PDF (pdfkit, standard fonts: no font file, no image). Pages
 * are added as the meetings and decisions flow. `generatedOn`: the Paris date printed at the foot.
 */
export async function renderActivityReport(report: ActivityReport, generatedOn: string): Promise<Buffer> {
  const [y, m, d] = generatedOn.split('-').map(Number);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: pdfText(`Rapport d’activité ${report.year} — ${report.body.name}`), Author: 'intranet-militant', CreationDate: new Date(Date.UTC(y, m - 1, d)) },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const write = (text: string, font = 'Helvetica', size = 11, color = INK, gap = 4) => {
    doc.font(font).fontSize(size).fillColor(color).text(pdfText(text), { paragraphGap: gap });
  };

  write(`Rapport d’activité ${report.year}`, 'Helvetica-Bold', 22, ACCENT, 2);
  write(`${report.body.name} (${report.body.kindLabel})`, 'Helvetica-Bold', 14, INK, 14);

  write('En bref', 'Helvetica-Bold', 13, ACCENT, 6);
  write(`Réunions tenues : ${report.meetings.held} (annulées : ${report.meetings.cancelled}, prévues : ${report.meetings.planned})`);
  write(`Présence moyenne : ${report.attendance.rateLabel} (présents et à distance ÷ réunions tenues pendant le mandat, hors excusés)`);
  write(`Décisions : ${report.decisions.count} (${votes(report.decisions)} au total)`);
  write(`Procès-verbaux publiés sous ${ON_TIME_DAYS} jours : ${report.minutes.onTime} sur ${report.meetings.held} (${report.minutes.rateLabel}) ; en retard : ${report.minutes.late} ; délai en cours : ${report.minutes.pending}`, 'Helvetica', 11, INK, 14);

  write('Réunions tenues', 'Helvetica-Bold', 13, ACCENT, 6);
  if (!report.rows.length) write('Aucune réunion tenue cette année.', 'Helvetica-Oblique', 11, MUTED);
  for (const row of report.rows) {
    write(`${frenchDate(row.heldOn)} : présence ${row.rateLabel}`, 'Helvetica-Bold', 11, INK, 2);
    write(`Présents ${row.present}, à distance ${row.remote}, excusés ${row.excused}, absents ${row.absent}, à saisir ${row.unmarked}. Procès-verbal : ${row.minutes.publishedOn ? `publié le ${frenchDate(row.minutes.publishedOn)}` : 'non publié'} (${row.minutes.timelinessLabel.toLowerCase()}).`, 'Helvetica', 10, MUTED, 2);
    for (const decision of row.decisions) write(`• ${decision.topic} : ${decision.text} (${votes(decision)})`, 'Helvetica', 10, INK, 2);
    doc.moveDown(0.6);
  }
  doc.moveDown(1);
  write(`Les points confidentiels des procès-verbaux n’y figurent pas. Édité le ${frenchDate(generatedOn)}.`, 'Helvetica-Oblique', 9, MUTED);
  doc.end();
  return done;
}
