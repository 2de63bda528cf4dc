import type { Core } from '@strapi/strapi';
import { actorOf, fieldError, pageMeta, parseInput, UnavailableError } from '@intranet-militant/shared';
import { snippetHtml } from '../snippet';
import type { SearchResults } from '../providers/types';
import type { Source } from '../services/indexer';
import { searchQuery } from '../validation/schemas';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const indexer = () => strapi.plugin('search').service('indexer');

  return {
    /** GET /api/search?q=&type=&page=&pageSize= */
    async query(ctx: any) {
      const actor = actorOf(ctx);
      const input = parseInput(searchQuery, ctx.query, 'Recherche invalide.');
      const sources: Source[] = await indexer().typesFor(actor);
      const types = sources.map((s) => s.searchable.type);
      if (input.type && !types.includes(input.type)) {
        throw fieldError('type', `Type « ${input.type} » inconnu ou indisponible. Types possibles : ${types.join(', ') || 'aucun'}.`);
      }
      let results: SearchResults = { hits: [], total: 0, facets: {}, totalIsExact: true, facetsAreExact: true };
      if (types.length > 0) {
        try {
          results = await indexer()
            .provider()
            .search({
              text: input.q,
              types,
              type: input.type,
              viewer: { role: actor.role, userId: actor.userId, federationId: actor.federationId, sectionId: actor.sectionId },
              offset: (input.page - 1) * input.pageSize,
              limit: input.pageSize,
            });
        } catch (error) {
          strapi.log.error(`Search failed: ${(error as Error).message}`);
          throw new UnavailableError('La recherche est momentanément indisponible. Réessayez dans quelques minutes.');
        }
      }
      const labelOf = new Map(sources.map((s) => [s.searchable.type, s.searchable.label]));

      ctx.body = {
        data: results.hits.map((hit: any) => ({
          type: hit.type,
          typeLabel: labelOf.get(hit.type) ?? hit.type,
          title: hit.title,
          snippet: snippetHtml(hit.snippet),
          link: hit.link,
          date: hit.date,
        })),
        meta: {
          // Past the provider's counting limit, counts are lower bounds (« plus de 1 000 »).
          pagination: { ...pageMeta(input.page, input.pageSize, results.total).pagination, totalIsExact: results.totalIsExact },
          facets: sources.map((s) => ({ type: s.searchable.type, label: s.searchable.label, count: results.facets[s.searchable.type] ?? 0, exact: results.facetsAreExact })),
        },
      };
    },
  };
};
