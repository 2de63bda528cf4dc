import { audienceClauses, audienceMeiliFilter, FRENCH_STOP_WORDS, stripAccents } from '@intranet-militant/shared';
// The client is ESM-only without a `types` field, which node10 resolution cannot follow from
// the bare name: types come from its declaration file (type-only import, erased), the code
// from `require`, which Node ≥ 20.19 resolves to the ESM build.
import type * as Meili from 'meilisearch/dist/index';
import { MARK_END, MARK_START, type IndexedDocument, type SearchProvider, type SearchQuery, type Viewer } from './types';

const { Meilisearch, MeilisearchApiError } = require('meilisearch') as typeof Meili;

export interface MeilisearchOptions {
  host: string;
  apiKey?: string;
  /** Index uid; default `intranet`. */
  index?: string;
  /** Documents per request; default 1000. */
  batchSize?: number;
  /** Limit of each HTTP request and of each wait for a task; default 30 s. */
  timeoutMs?: number;
}

/** What the index stores: the document, its id made valid as a Meilisearch key, a sortable date. */
type StoredDocument = IndexedDocument & { key: string; dateTs: number };
type HitFields = Pick<StoredDocument, 'id' | 'type' | 'title' | 'link' | 'date' | 'body'>;

const PAGE_SIZE = 1000;
const MAX_TOTAL_HITS = 10_000;
const HIT_FIELDS = ['id', 'type', 'title', 'link', 'date'];

// Members type the abbreviations; documents spell them out (and the reverse), so each pair is
// searched as one word. Keys are single words or phrases, lower case as Meilisearch stores them.
const SYNONYMS: Record<string, string[]> = {
  ...mutual('ag', 'assemblée générale'),
  ...mutual('ca', "conseil d'administration"),
  ...mutual('élu', 'élue'),
  ...mutual('militant', 'adhérent'),
  ...mutual('formation', 'mooc'),
  fédé: ['fédération'],
  cotis: ['cotisation'],
};

const SETTINGS: Meili.Settings = {
  searchableAttributes: ['title', 'body'], // order = weight: a match in the title ranks first
  filterableAttributes: ['type', 'audience', 'federationId', 'sectionId', 'roles', 'ownerUserId'],
  sortableAttributes: ['dateTs'],
  // Hits need the first five, snippets `body`, the reconcile `hash`; who-may-see stays hidden.
  displayedAttributes: ['id', 'type', 'title', 'body', 'link', 'date', 'hash'],
  rankingRules: null, // null resets to Meilisearch's default rules
  // A stop word is dropped from queries before synonyms apply: keep the abbreviations (« ca »).
  stopWords: [...FRENCH_STOP_WORDS].filter((word) => !(word in SYNONYMS)),
  synonyms: SYNONYMS,
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
  localizedAttributes: [{ attributePatterns: ['*'], locales: ['fra'] }],
  // Exact totals and pages up to 10,000 hits (the default stops at 1,000).
  pagination: { maxTotalHits: MAX_TOTAL_HITS },
};

export function createMeilisearchProvider(options: MeilisearchOptions): SearchProvider {
  const indexUid = options.index ?? 'intranet';
  const batchSize = options.batchSize ?? 1000;
  const timeout = options.timeoutMs ?? 30_000;
  const client = new Meilisearch({ host: options.host, apiKey: options.apiKey, timeout });
  const index = client.index<StoredDocument>(indexUid);

  /** Waits for each task in turn; a task that did not succeed is an error (the outbox retries). */
  async function settle(tasks: Meili.EnqueuedTask[], tolerated?: string): Promise<void> {
    for (const enqueued of tasks) {
      const task = await client.tasks.waitForTask(enqueued.taskUid, { timeout });
      if (task.status === 'succeeded' || (tolerated && task.error?.code === tolerated)) continue;
      const reason = task.error ? `${task.error.message} (${task.error.code})` : 'no error given';
      throw new Error(`Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${reason}`);
    }
  }

  async function indexExists(): Promise<boolean> {
    try {
      await client.getRawIndex(indexUid);
      return true;
    } catch (error) {
      if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') return false;
      throw error;
    }
  }

  return {
    name: 'meilisearch',

    async setup() {
      // Another instance booting at the same time may create it first: that is fine.
      if (!(await indexExists())) await settle([await client.createIndex(indexUid, { primaryKey: 'key' })], 'index_already_exists');
      await settle([await index.updateSettings(SETTINGS)]);
    },

    async upsert(documents) {
      // Enqueue every batch before waiting, so that Meilisearch can index them together.
      const tasks: Meili.EnqueuedTask[] = [];
      for (const batch of chunks(documents.map(toStored), batchSize)) tasks.push(await index.addDocuments(batch, { primaryKey: 'key' }));
      await settle(tasks);
    },

    async remove(ids) {
      const tasks: Meili.EnqueuedTask[] = [];
      for (const batch of chunks(ids.map(keyOf), batchSize)) tasks.push(await index.deleteDocuments(batch));
      await settle(tasks);
    },

    // Its stop words are the shared ones less the abbreviations it expands (« ca »).
    isStopWord: (word) => !(word in SYNONYMS) && FRENCH_STOP_WORDS.has(stripAccents(word.toLowerCase())),

    async search(query) {
      // A module switched off in a federation: its documents there are found by nobody.
      const hidden = (query.hidden ?? []).map(({ types, federationIds }) => ` AND NOT (type IN [${types.map(quote).join(', ')}] AND federationId IN [${federationIds.join(', ')}])`).join('');
      const visible = `(${visibilityFilter(query.viewer)})${hidden}`;
      const ofTypes = `type IN [${query.types.map(quote).join(', ')}]`;
      // `type` also stays within `types`: a type the viewer may not search finds nothing.
      const hitsFilter = query.type ? `${visible} AND ${ofTypes} AND type = ${quote(query.type)}` : `${visible} AND ${ofTypes}`;
      const { results } = await client.multiSearch<Meili.MultiSearchParams, HitFields>({
        queries: [
          {
            indexUid,
            q: query.text.normalize('NFC'),
            matchingStrategy: 'all', // every word, as the database provider does
            filter: hitsFilter,
            ...pageOf(query),
            attributesToRetrieve: HIT_FIELDS,
            attributesToCrop: ['body'],
            cropLength: 30,
            cropMarker: '…',
            attributesToHighlight: ['body'],
            highlightPreTag: MARK_START,
            highlightPostTag: MARK_END,
          },
          { indexUid, q: query.text.normalize('NFC'), matchingStrategy: 'all', filter: `${visible} AND ${ofTypes}`, facets: ['type'], limit: 0 },
        ],
      });
      const [found, counted] = results;
      const perType = counted.facetDistribution?.type ?? {};
      const total = found.totalHits ?? found.estimatedTotalHits ?? 0;
      // Counting costs Meilisearch nothing: `parts` is not read, the page and its counts come together.
      return {
        hits: found.hits.map((hit) => ({
          id: hit.id,
          type: hit.type,
          title: hit.title,
          snippet: hit._formatted?.body ?? '',
          link: hit.link,
          date: hit.date ?? null,
        })),
        total,
        more: query.offset + found.hits.length < total,
        facets: Object.fromEntries(query.types.map((type) => [type, perType[type] ?? 0])),
        // Page mode counts exactly up to maxTotalHits; offset mode only estimates.
        totalIsExact: found.totalHits !== undefined && found.totalHits < MAX_TOTAL_HITS,
        facetsAreExact: true,
      };
    },

    async fingerprints(type) {
      const hashes = new Map<string, string>();
      for (let offset = 0; ; offset += PAGE_SIZE) {
        const page = await index.getDocuments<Pick<StoredDocument, 'id' | 'hash'>>({
          filter: `type = ${quote(type)}`,
          fields: ['id', 'hash'],
          limit: PAGE_SIZE,
          offset,
        });
        for (const doc of page.results) hashes.set(doc.id, doc.hash);
        if (page.results.length < PAGE_SIZE || offset + PAGE_SIZE >= page.total) return hashes;
      }
    },

    async counts() {
      const result = await index.search('', { limit: 0, facets: ['type'] });
      return { ...result.facetDistribution?.type };
    },
  };
}

/**
 * Who may see a document, as a Meilisearch filter: the shared audience rule (`reader`
 * reach) rendered on the index's attributes — the owner, or an allowed role and an
 * addressed audience. Throws a TypeError for an id that is not an integer.
 */
export function visibilityFilter(viewer: Viewer): string {
  return audienceMeiliFilter(audienceClauses(viewer, 'reader'), { audience: 'audience', federationId: 'federationId', sectionId: 'sectionId', roles: 'roles', ownerUserId: 'ownerUserId' });
}

/** A filter string literal: backslash and quote escaped, as Meilisearch's filter parser reads them. */
function quote(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** Meilisearch keys allow [a-zA-Z0-9_-]: `type:documentId` becomes `type_documentId` (types are kebab-case). */
function keyOf(id: string): string {
  return id.replace(':', '_');
}

function toStored(doc: IndexedDocument): StoredDocument {
  const time = doc.date ? Date.parse(doc.date) : NaN;
  return { ...doc, key: keyOf(doc.id), dateTs: Number.isNaN(time) ? 0 : Math.floor(time / 1000) };
}

/**
 * Page mode answers an exhaustive `totalHits`, offset mode only `estimatedTotalHits`: the
 * results pages are aligned (offset a multiple of limit), so they get the exact count.
 */
function pageOf({ offset, limit }: Pick<SearchQuery, 'offset' | 'limit'>): Meili.SearchParams {
  return limit > 0 && offset % limit === 0 ? { page: offset / limit + 1, hitsPerPage: limit } : { offset, limit };
}

function mutual(a: string, b: string): Record<string, string[]> {
  return { [a]: [b], [b]: [a] };
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
