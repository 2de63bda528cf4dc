import { frenchDateTime, readablePersonalValue, type PersonalDataValue } from '@intranet-militant/shared';
import type { DataExportContent } from '../commands/generate-data-export';
import { memberWord } from './member-word';

/** Escapes text for HTML element content and double-quoted attributes. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** A value as the member reads it (`readablePersonalValue`: French dates, labels, oui/non), escaped; « — » greyed. */
function cell(value: PersonalDataValue): string {
  const text = readablePersonalValue(value);
  return text === '—' ? '<span class="empty">—</span>' : escapeHtml(text);
}

/**
 * « Mes données » as a page a person reads (French, standalone: no script, no external
 * resource, one inline stylesheet, printable). Each part is a heading; each section a table
 * whose columns are the records' labels; values in words (`readablePersonalValue`: dates in
 * French, Paris time for instants, a code's label rather than the code). Every value is
 * escaped: contributions are members' own text. `generatedAt` is shown in Paris time.
 */
export function renderPersonalDataHtml(content: DataExportContent): string {
  const generated = frenchDateTime(content.generatedAt);
  const name = `${content.member.firstName} ${content.member.lastName}`;
  const parts = content.parts
    .map((part) => {
      const sections = part.sections
        .map((section) => {
          const columns = [...new Set(section.rows.flatMap((row) => Object.keys(row)))];
          const note = section.note ? `<p class="note">${escapeHtml(section.note)}</p>` : '';
          const table = section.rows.length
            ? `<div class="scroll"><table><thead><tr>${columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${section.rows
                .map((row) => `<tr>${columns.map((c) => `<td>${cell(row[c] ?? null)}</td>`).join('')}</tr>`)
                .join('')}</tbody></table></div>`
            : '<p>Aucune donnée.</p>';
          return `<section><h3>${escapeHtml(section.title)}</h3>${note}${table}</section>`;
        })
        .join('');
      return `<section><h2>${escapeHtml(part.title)}</h2>${sections}</section>`;
    })
    .join('');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mes données — ${escapeHtml(name)}</title>
<style>
body{font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff;margin:0 auto;padding:1rem;max-width:70rem}
h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:2px solid #1a1a1a;margin-top:2rem}h3{font-size:1.1rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{border:1px solid #767676;padding:.3rem .5rem;text-align:left;vertical-align:top;white-space:pre-line}th{background:#f0f0f0}
.note{font-style:italic}.empty{color:#595959}
</style>
</head>
<body>
<main>
<h1>Mes données</h1>
<p>Données que l’intranet conserve sur ${escapeHtml(name)} (${memberWord(content.member.sex)} n° ${escapeHtml(content.member.membershipNumber)}), préparées le ${escapeHtml(generated)}.</p>
${parts}
</main>
</body>
</html>
`;
}
