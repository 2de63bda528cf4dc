import type { Core } from '@strapi/strapi';
import { z, parseInput } from '@intranet-militant/shared';
import { seesVoteResults } from '../services/views';
import { refuse, running } from './context';

const kinds = z.enum(['contributions', 'proposals', 'evaluation', 'votes'], {
  error: 'Export inconnu : contributions, proposals, evaluation ou votes.',
});

/** CSV exports for staff, named after the consultation, ready for a spreadsheet. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async csv(ctx: any) {
    const kind = parseInput(kinds, ctx.params.kind, 'Export inconnu.');
    const { c } = await running(strapi, ctx);
    if (kind === 'votes' && !seesVoteResults(c)) refuse('Les bulletins ne sont exportables qu’après la clôture du vote.');
    const csv: string = await strapi.plugin('consultations').service('exports')[kind](c);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="consultation-${c.documentId}-${kind}.csv"`);
    ctx.body = csv;
  },
});
