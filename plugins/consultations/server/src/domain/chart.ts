import { QUADRANT_LABELS, type RankedProposal } from './ranking';

/**
 * The effort × impact chart, as SVG: effort on the horizontal axis (1 to 5), impact on the
 * vertical one, each proposal at its mean grades, numbered by its rank, with the four
 * quadrants. Self-contained: no script, no external resource.
 *
 * Drawn for 640 px; a phone shows it about 290 to 360 px wide, where 13 px text would
 * read as 6 or 7 px. Its own media query (an image's media queries see the width the image
 * is drawn at) then enlarges the text and the dots (`PHONE`): drawn 356 px wide (a 390 px
 * phone), labels read at 12 to 13 px and the ranks in the dots at 11 px.
 */
const SIZE = 640;
const MARGIN = 70;
const PLOT = SIZE - 2 * MARGIN;

const x = (grade: number) => MARGIN + ((grade - 1) / 4) * PLOT;
const y = (grade: number) => SIZE - MARGIN - ((grade - 1) / 4) * PLOT;

/** Below `width` px drawn, text is set in `text` units (quadrant names `quadrant`), dots scaled by `dot`. */
const PHONE = { width: 480, text: 24, quadrant: 22, dot: 1.8 } as const;
/**
 * Every rule under the chart's own class (`SCOPE`): the admin panel inserts the SVG inline,
 * where a bare `text{…}` or `.n{…}` would style the whole page.
 */
const SCOPE = 'effort-impact-chart';
const STYLE = [
  `.${SCOPE} text{font-family:system-ui,sans-serif;font-size:13px;fill:#222}`,
  `.${SCOPE} .q{font-size:15px;font-weight:600;fill:#555}`,
  `.${SCOPE} .n{font-size:11px;fill:#fff;font-weight:700}`,
  `@media (max-width:${PHONE.width}px){.${SCOPE} text{font-size:${PHONE.text}px}.${SCOPE} .q{font-size:${PHONE.quadrant}px}.${SCOPE} .dot{transform:scale(${PHONE.dot})}}`,
].join('');

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function effortImpactChart(title: string, proposals: (RankedProposal & { title: string })[], selected = new Set<number>()): string {
  const mid = { x: x(3), y: y(3) };
  const quadrants = [
    { key: 'quick-win', x: MARGIN, y: MARGIN, w: mid.x - MARGIN, h: mid.y - MARGIN, fill: '#e6f4ea' },
    { key: 'major-project', x: mid.x, y: MARGIN, w: SIZE - MARGIN - mid.x, h: mid.y - MARGIN, fill: '#fff4e0' },
    { key: 'fill-in', x: MARGIN, y: mid.y, w: mid.x - MARGIN, h: SIZE - MARGIN - mid.y, fill: '#eef1f6' },
    { key: 'thankless', x: mid.x, y: mid.y, w: SIZE - MARGIN - mid.x, h: SIZE - MARGIN - mid.y, fill: '#fbeaea' },
  ] as const;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="${SCOPE}" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}" role="img" aria-labelledby="${SCOPE}-title">`,
    `<title id="${SCOPE}-title">${escapeXml(title)}</title>`,
    `<style>${STYLE}</style>`
  );
  for (const q of quadrants) {
    parts.push(`<rect x="${q.x}" y="${q.y}" width="${q.w}" height="${q.h}" fill="${q.fill}"/>`);
    parts.push(`<text class="q" x="${q.x + 10}" y="${q.y + 28}">${escapeXml(QUADRANT_LABELS[q.key])}</text>`);
  }
  for (let g = 1; g <= 5; g++) {
    parts.push(`<line x1="${x(g)}" y1="${SIZE - MARGIN}" x2="${x(g)}" y2="${SIZE - MARGIN + 6}" stroke="#444"/>`);
    parts.push(`<text x="${x(g)}" y="${SIZE - MARGIN + 26}" text-anchor="middle">${g}</text>`);
    parts.push(`<line x1="${MARGIN - 6}" y1="${y(g)}" x2="${MARGIN}" y2="${y(g)}" stroke="#444"/>`);
    parts.push(`<text x="${MARGIN - 12}" y="${y(g) + 4}" text-anchor="end">${g}</text>`);
  }
  parts.push(
    `<rect x="${MARGIN}" y="${MARGIN}" width="${PLOT}" height="${PLOT}" fill="none" stroke="#444"/>`,
    `<text x="${SIZE / 2}" y="${SIZE - 10}" text-anchor="middle">Effort de mise en œuvre →</text>`,
    `<text x="20" y="${SIZE / 2}" text-anchor="middle" transform="rotate(-90 20 ${SIZE / 2})">Impact attendu →</text>`
  );
  for (const p of proposals) {
    if (p.effort.mean === null || p.impact.mean === null) continue;
    const colour = selected.has(p.id) ? '#c8102e' : '#6b7280';
    // Drawn around (0, 0) and moved into place, so that a phone's larger dot grows around its centre.
    parts.push(
      `<g transform="translate(${x(p.effort.mean).toFixed(1)} ${y(p.impact.mean).toFixed(1)})"><title>${escapeXml(`n° ${p.rank} — ${p.title} (effort ${p.effort.mean.toFixed(2)}, impact ${p.impact.mean.toFixed(2)})`)}</title>`,
      `<g class="dot"><circle r="10" fill="${colour}" fill-opacity="0.85"/>`,
      `<text class="n" y="4" text-anchor="middle">${p.rank}</text></g></g>`
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
