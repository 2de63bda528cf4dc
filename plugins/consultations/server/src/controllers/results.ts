import type { Core } from '@strapi/strapi';
import { effortImpactChart } from '../domain/chart';
import { seesEvaluation } from '../services/views';
import { reading, refuse } from './context';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => strapi.plugin('consultations').service('views');

  async function evaluation(ctx: any) {
    const { c, staff } = await reading(strapi, ctx);
    if (c.kind !== 'full') refuse('Une question rapide n’a pas d’évaluation : voyez les résultats du vote.');
    if (!seesEvaluation(c, staff)) refuse('Les résultats de l’évaluation sont publiés à la fin de l’évaluation.');
    return { c, results: await views().evaluation(c) };
  }

  return {
    async show(ctx: any) {
      ctx.body = { data: (await evaluation(ctx)).results };
    },

    /** The effort × impact chart, as an SVG image. */
    async chart(ctx: any) {
      const { c, results } = await evaluation(ctx);
      const proposals = results.proposals.map((p: any) => ({ ...p, id: p.number }));
      const selected = new Set<number>(results.proposals.filter((p: any) => p.inSynthesis).map((p: any) => p.number));
      ctx.type = 'image/svg+xml';
      ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      ctx.body = effortImpactChart(`Effort et impact des propositions — ${c.title}`, proposals, selected);
    },
  };
};
