import type { Core } from '@strapi/strapi';
import { fieldError, getService, pageMeta, UnavailableError, type Actor } from '@intranet-militant/shared';
import type { SearchResults } from '../providers/types';
import type { Source } from '../services/indexer';
import { snippetHtml } from '../snippet';
import type { SearchQueryInput } from '../validation/schemas';

const NOTHING: SearchResults = { hits: [], total: 0, facets: {}, totalIsExact: true, facetsAreExact: true };

/**
 * Searches, for the actor, the types of the modules their federation has on; who may see
 * which document is part of the provider's query (the shared audience rule, `reader`
 * reach). Returns the page of hits, the totals and the count per type. Throws 400 for a
 * type the actor may not search, 503 when the provider fails.
 */
export async function searchIntranet(strapi: Core.Strapi, actor: Actor, input: SearchQueryInput): Promise<{ sources: Source[]; results: SearchResults }> {
  const indexer = getService(strapi, 'search', 'indexer');
  const sources = await indexer.typesFor(actor);
  const types = sources.map((s) => s.searchable.type);
  if (input.type && !types.includes(input.type)) {
    const offered = sources.map((s) => `${s.searchable.type} (${s.searchable.label})`).join(', ');
    throw fieldError('type', `Type « ${input.type} » inconnu ou indisponible. Types possibles : ${offered || 'aucun'}.`);
  }
  if (types.length === 0) return { sources, results: NOTHING };
  try {
    const results = await indexer.provider().search({
      text: input.q,
      types,
      type: input.type,
      viewer: { role: actor.role, userId: actor.userId, federationId: actor.federationId, sectionId: actor.sectionId },
      offset: (input.page - 1) * input.pageSize,
      limit: input.pageSize,
    });
    return { sources, results };
  } catch (error) {
    strapi.log.error(`Search failed: ${(error as Error).message}`);
    throw new UnavailableError('La recherche est momentanément indisponible. Réessayez dans quelques minutes.');
  }
}

/** The hits as the portal shows them (snippets escaped, matches marked), with paging and facets. */
export function presentSearch({ sources, results }: { sources: Source[]; results: SearchResults }, input: Pick<SearchQueryInput, 'page' | 'pageSize'>) {
  const labelOf = new Map(sources.map((s) => [s.searchable.type, s.searchable.label]));
  return {
    data: results.hits.map((hit) => ({
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
}
