import type { Core } from '@strapi/strapi';
import { frenchDate, getService, parisDate, toCsv } from '@intranet-militant/shared';
import { escapeXml } from '../domain/chart';
import { AXES, type AxisResult } from '../domain/grades';
import { CHOICE_LABELS, type Choice } from '../domain/tally';
import type { Consultation } from './consultations';

/** Exports for staff (CSV that opens in a spreadsheet) and the printable synthesis with its provenance. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => getService(strapi, 'consultations', 'views');
  const tallies = () => getService(strapi, 'consultations', 'tallies');

  return {
    async contributions(c: Consultation) {
      const rows = await views().contributions(c);
      return toCsv(
        ['Référence', 'Déposée le', 'Numéro d’adhérent', 'Nom', 'Prénom', 'Section', 'Catégorie', 'Titre', 'Texte', 'État', 'Motif de masquage', 'Proposition', 'Titre de la proposition'],
        rows.map((x) => [
          x.reference, x.submittedAt ? parisDate(x.submittedAt) : null, x.author?.membershipNumber, x.author?.lastName,
          x.author?.firstName, x.author?.section, x.category, x.title, x.body, x.state, x.hiddenReason,
          x.proposal ? `P-${x.proposal.number}` : null, x.proposal?.title,
        ])
      );
    },

    async proposals(c: Consultation) {
      const rows = await views().proposals(c, { memberId: null }, true);
      const byId = new Map(rows.map((p) => [p.documentId, p]));
      return toCsv(
        ['Proposition', 'Titre', 'Résumé', 'État', 'Fusionnée dans', 'Nombre de sources', 'Sources', 'Titres des sources'],
        rows.map((p) => [
          `P-${p.number}`, p.title, p.summary, p.state === 'active' ? 'active' : 'fusionnée',
          p.mergedInto ? `P-${byId.get(p.mergedInto)?.number}` : null, p.sources.length,
          p.sources.map((s) => s.reference).join(', '), p.sources.map((s) => s.title).join(' | '),
        ])
      );
    },

    async evaluation(c: Consultation) {
      const { proposals } = await views().evaluation(c);
      const axisColumns = (axis: string) => [`${axis} : notes`, `${axis} : médiane`, `${axis} : médiane (libellé)`, `${axis} : départage`, `${axis} : part au-dessus`, `${axis} : part au-dessous`, `${axis} : moyenne`, ...[1, 2, 3, 4, 5].map((g) => `${axis} : ${g}`)];
      const axisCells = (r: AxisResult & { medianLabel: string | null }) => [r.count, r.median, r.medianLabel, r.gauge, r.above, r.below, r.mean, ...r.distribution];
      return toCsv(
        ['Rang', 'Proposition', 'Titre', 'Quadrant', 'Dans la synthèse', ...AXES.flatMap((a) => axisColumns(a === 'impact' ? 'Impact' : 'Effort'))],
        proposals.map((p) => [p.rank, `P-${p.number}`, p.title, p.quadrantLabel, p.inSynthesis, ...axisCells(p.effort), ...axisCells(p.impact)])
      );
    },

    /** The closed vote: the count, then every ballot with its receipt (anyone can recount). */
    async votes(c: Consultation) {
      const ballots = await tallies().ballotsOf(c.id);
      const synthesis = c.kind === 'full' ? await views().synthesis(c) : null;
      const parts = c.votePerSection ? synthesis?.sections ?? [] : [];
      const label = (choice: string) => CHOICE_LABELS[choice as Choice] ?? (c.kind === 'quick' && c.answerType === 'choice' ? c.choices?.[Number(choice) - 1] ?? choice : choice);
      return toCsv(
        ['Reçu', 'Vote', ...parts.map((s) => `Partie ${s.position} : ${s.title}`)],
        ballots.map((b) => [b.receipt, label(b.choice), ...parts.map((s) => label(b.sections?.[s.documentId] ?? 'abstain'))])
      );
    },

    /** The synthesis as a printable page: each part with the proposal and contributions it came from. */
    async printable(c: Consultation) {
      const synthesis = await views().synthesis(c);
      const results = c.phase === 'results' && c.results && 'adopted' in c.results ? c.results : null;
      const e = (text: unknown) => escapeXml(String(text ?? ''));
      const outcome = results
        ? `<p class="outcome">${results.adopted ? 'Adoptée' : 'Non adoptée'} : ${results.for} pour, ${results.against} contre, ${results.abstain} abstentions, sur ${results.cast} votants (${results.eligible} adhérents appelés à voter, participation ${(results.turnout * 100).toFixed(1).replace('.', ',')} %).</p>`
        : '<p class="outcome">Vote non encore clos.</p>';
      const parts = (synthesis?.sections ?? [])
        .map(
          (s) => `<section>
  <h2>${s.position}. ${e(s.title)}</h2>
  ${s.text ? `<p>${e(s.text).replace(/\n/g, '<br>')}</p>` : ''}
  <p class="provenance">Issue de la proposition P-${e(s.proposal?.number)} « ${e(s.proposal?.title)} », elle-même issue de ${s.sources.length} contribution${s.sources.length > 1 ? 's' : ''} :</p>
  <ul>${s.sources.map((x) => `<li>${e(x.reference)} — ${e(x.title)}</li>`).join('')}</ul>
</section>`
        )
        .join('\n');
      return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>${e(synthesis?.title ?? c.title)}</title>
<style>
  body { font-family: Georgia, serif; max-width: 46rem; margin: 2rem auto; line-height: 1.5; color: #111; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
  .meta, .provenance { color: #444; font-size: .9rem; } .outcome { font-weight: bold; }
  ul { font-size: .9rem; } section { break-inside: avoid; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>${e(synthesis?.title ?? c.title)}</h1>
<p class="meta">Consultation « ${e(c.title)} » — ouverte le ${frenchDate(parisDate(c.opensAt))}${c.federation ? `, fédération ${e(c.federation.name)}` : ''}${c.section ? `, section ${e(c.section.name)}` : ''}.</p>
${outcome}
${synthesis?.preamble ? `<p>${e(synthesis.preamble).replace(/\n/g, '<br>')}</p>` : ''}
${parts}
</body>
</html>
`;
    },
  };
};
