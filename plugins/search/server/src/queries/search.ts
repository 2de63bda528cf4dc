import type { Core } from '@strapi/strapi';
import { fieldError, getService, pageMeta, UnavailableError, type Actor } from '@intranet-militant/shared';
import type { SearchQuery, SearchResults } from '../providers/types';
import type { Source } from '../services/indexer';
import { parseQuery, unsearchableReason, type UnsearchableReason } from '../query-syntax';
import { snippetHtml } from '../snippet';
import type { SearchQueryInput } from '../validation/schemas';

const NOTHING: SearchResults = { hits: [], total: 0, facets: {}, totalIsExact: true, facetsAreExact: true };

/**
 * Searches, for the actor, the types of the modules their federation has on; who may see
 * which document is part of the provider's query (the shared audience rule, `reader`
 * reach). Returns the page of hits, the totals and the count per type — or, with `parts`,
 * the page alone (and whether a match follows it) or the counts alone (issue 21: the page
 * does not wait for the counts), or nothing with `reason` when the query has no word to look
 * for (`unsearchableReason`: only very common words, or only exclusions). Throws 400 for a
 * type the actor may not search, 503 when the provider fails.
 */
export async function searchIntranet(
  strapi: Core.Strapi,
  actor: Actor,
  input: Pick<SearchQueryInput, 'q' | 'type' | 'page' | 'pageSize'>,
  parts: SearchQuery['parts'] = 'all'
): Promise<{ sources: Source[]; results: SearchResults; reason?: UnsearchableReason }> {
  const indexer = getService(strapi, 'search', 'indexer');
  const sources = await indexer.typesFor(actor);
  const types = sources.map((s) => s.searchable.type);
  if (input.type && !types.includes(input.type)) {
    const offered = sources.map((s) => `${s.searchable.type} (${s.searchable.label})`).join(', ');
    throw fieldError('type', `Type « ${input.type} » inconnu ou indisponible. Types possibles : ${offered || 'aucun'}.`);
  }
  if (types.length === 0) return { sources, results: NOTHING };
  // Nothing to look for (only very common words, or only exclusions): no provider asked, and
  // the answer says why (`meta.reason`), for the portal to say what to change.
  const provider = indexer.provider();
  const reason = unsearchableReason(parseQuery(input.q), (word) => provider.isStopWord(word));
  if (reason) return { sources, results: NOTHING, reason };
  try {
    const results = await provider.search({
      hidden: await indexer.hiddenFor(sources),
      text: input.q,
      types,
      type: input.type,
      viewer: { role: actor.role, userId: actor.userId, federationId: actor.federationId, sectionId: actor.sectionId },
      offset: (input.page - 1) * input.pageSize,
      limit: input.pageSize,
      parts,
    });
    return { sources, results };
  } catch (error) {
    strapi.log.error(`Search failed: ${(error as Error).message}`);
    throw new UnavailableError('La recherche est momentanément indisponible. Réessayez dans quelques minutes.');
  }
}

/**
 * The hits as the portal shows them (snippets escaped, matches marked), with paging and
 * facets — or, for the page alone (`count=false`), with `pagination.more` (does a match
 * follow?) and no counts.
 */
export function presentSearch({ sources, results, reason }: { sources: Source[]; results: SearchResults; reason?: UnsearchableReason }, input: Pick<SearchQueryInput, 'page' | 'pageSize' | 'count'>) {
  const labelOf = new Map(sources.map((s) => [s.searchable.type, s.searchable.label]));
  const data = results.hits.map((hit) => ({
    type: hit.type,
    typeLabel: labelOf.get(hit.type) ?? hit.type,
    title: hit.title,
    snippet: snippetHtml(hit.snippet),
    link: hit.link,
    date: hit.date,
  }));
  if (input.count === 'false') {
    const more = results.more ?? (input.page - 1) * input.pageSize + results.hits.length < results.total;
    return { data, meta: { pagination: { page: input.page, pageSize: input.pageSize, more }, ...reasonMeta(reason) } };
  }
  return { data, meta: { ...countsMeta(sources, results, input), ...reasonMeta(reason) } };
}

/**
 * `meta.reason` when the query had nothing to look for: `stop-words-only` (only very common
 * words: « le la les »), `exclusions-only` (« -budget ») or `no-words` (« !!! »); absent otherwise.
 */
const reasonMeta = (reason?: UnsearchableReason) => (reason ? { reason } : {});

/** The counts alone (GET /search/count): the pagination and the facets `presentSearch` gives. */
export function presentCounts({ sources, results, reason }: { sources: Source[]; results: SearchResults; reason?: UnsearchableReason }, input: Pick<SearchQueryInput, 'page' | 'pageSize'>) {
  return { data: { ...countsMeta(sources, results, input), ...reasonMeta(reason) } };
}

function countsMeta(sources: Source[], results: SearchResults, input: Pick<SearchQueryInput, 'page' | 'pageSize'>) {
  return {
    // Past the provider's counting limit, counts are lower bounds (« plus de 1 000 »).
    pagination: { ...pageMeta(input.page, input.pageSize, results.total).pagination, totalIsExact: results.totalIsExact },
    facets: sources.map((s) => ({ type: s.searchable.type, label: s.searchable.label, count: results.facets[s.searchable.type] ?? 0, exact: results.facetsAreExact })),
  };
}
