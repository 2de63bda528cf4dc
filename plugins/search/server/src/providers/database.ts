import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { audienceClauses, audienceSql, cacheTags, frenchWords, requestCache, FRENCH_STOP_WORDS, searchKey, searchStems, searchVectorText, STOP_WORD_SLOT, stripAccents, statementName, truncateText, withTransaction, type AudienceColumns } from '@intranet-militant/shared';
import { editDistance, parseQuery, positiveWords, typosAllowed, type ParsedQuery } from '../query-syntax';
import { highlight } from '../snippet';
import { type IndexedDocument, type SearchHit, type SearchProvider, type SearchQuery, type SearchResults } from './types';

/**
 * The default provider: the database's own full-text search, in the tables of
 * database/migrations/…search-index.js, …search-folded-index.js and …search-inline-vectors.js. Both databases index
 * the same search keys, computed here (`searchKey`: French stem without accents, both
 * grammatical numbers folded into one key, issue 21): PostgreSQL keeps them in tsvectors
 * (kept in the rows) and corrects typos with trigrams; SQLite in FTS5. A query
 * is read into the same keys, so a word needs no alternatives but its typo correction.
 * Snippets are cut here, for the hits of the page only. Visibility and types are SQL
 * conditions of the same query that pages and counts. Both rank by the same scoring
 * (RANKING below) and stop counting a little past the page (`countAhead`, at most `countCap` matches).
 */
type Strapi = Pick<Core.Strapi, 'db'>;

const DOCUMENTS = 'search_documents';
const TERMS = 'search_terms';
const FTS = 'search_fts';
const LEXICON_WORD = /^[\p{L}\p{N}]{4,60}$/u;
const KNOWN_WORDS = 20_000;
/**
 * First pages of searches kept at most (the latest; each a few kilobytes: up to 50 hits with
 * their snippets), so that a member typing words at random cannot fill the shared cache.
 */
const KEPT_SEARCHES = 2_000;
/** SQLite: from this many matches of a tier on, its page is read along the date index (see `tier`). */
const SQLITE_WALK_FROM = 1_000;
/*
 * RANKING — the search's scoring, the same on both databases (issue 21), and what the exhaustive
 * baseline of the benchmark ranks every match by:
 *  1. the tier: documents whose title holds every looked-for word (or its other number,
 *     or its typo correction) come before those that hold them only in their text;
 *  2. within a tier, the newest first (the document's date; undated last);
 *  3. then the id, so that equal scores keep one order from page to page.
 * A scoring the indexes produce in order (the title vector's and the date's), so that
 * PostgreSQL reads the first page of each tier with a LIMIT instead of ranking candidates.
 */

/** Where `search_documents` (alias `d`) keeps who may see a document, for the shared audience rule. */
const VISIBILITY_COLUMNS: AudienceColumns = {
  audience: 'd.audience',
  federationId: 'd.federation_id',
  sectionId: 'd.section_id',
  roles: 'd.roles', // `,role,role,` or '' for every role
  ownerUserId: 'd.owner_user_id',
};

export interface DatabaseLimits {
  /** Counting never goes past this many matches (the total is then a lower bound), on both databases. */
  countCap: number;
  /**
   * Counting stops this many matches past the page's first hit (`offset`), within `countCap`:
   * the first page of a common word says « plus de 100 » after 101 matches instead of reading
   * on to the 501st (the count is the dearest statement: issue 21), and each page further
   * counts further, so the pages shown are always reachable. Unset: `countCap` for every page.
   */
  countAhead?: number;
  /** SQLite: from this many matches of a tier on, its page is read along the date index (default SQLITE_WALK_FROM). */
  walkFrom?: number;
  /**
   * Rank every match in one sort by the same scoring, and count every match, instead of
   * reading the scoring's tiers in order: the benchmark's baseline, never the server's.
   */
  exhaustive?: boolean;
}

export function createDatabaseProvider(strapi: Strapi, limits: DatabaseLimits = { countCap: 500 }): SearchProvider {
  const postgres = strapi.db.dialect.client === 'postgres';
  /** Where counting stops for a page (matches): at least the page's end, never past `countCap`. */
  const countBound = (query: SearchQuery) => Math.min(limits.countCap, query.offset + Math.max(query.limit, limits.countAhead ?? limits.countCap));
  /** Is there a page after this one to serve? Past `countCap` matches, no page is (as no count reaches them). */
  const servesBeyond = (query: SearchQuery) => query.offset + query.limit < limits.countCap;
  const dialect = postgres ? postgresDialect() : sqliteDialect();
  /**
   * Words seen in the lexicon (`search_terms` only grows: removals keep their words), so
   * remembering them is never wrong; at most KNOWN_WORDS, then forgotten all at once.
   */
  const knownWords = new Set<string>();
  /** Keys of the searches kept in the request cache, oldest first (at most KEPT_SEARCHES). */
  const keptSearches = new Set<string>();
  const remember = (words: Iterable<string>) => {
    for (const word of words) {
      if (knownWords.size >= KNOWN_WORDS) knownWords.clear();
      knownWords.add(word);
    }
  };
  /**
   * The first search reads up to half of KNOWN_WORDS lexicon words in one statement, so that
   * the words members type skip the lookup round trip from the start (issue 21: one
   * statement less per query before the search itself); others are remembered as met.
   */
  let preloaded: Promise<void> | null = null;
  const preload = () =>
    (preloaded ??= strapi.db
      .connection(TERMS)
      .select('term')
      .limit(KNOWN_WORDS / 2)
      .then((rows: { term: string }[]) => remember(rows.map((r) => r.term)))
      .catch(() => {
        preloaded = null; // looked up word by word meanwhile; tried again at the next search
      }));

  return {
    name: 'database',

    async setup() {
      // The tables come from the migration; nothing to configure at run time.
    },

    async upsert(documents) {
      if (documents.length === 0) return;
      await withTransaction(strapi, async (trx) => {
        for (let i = 0; i < documents.length; i += 500) {
          const batch = documents.slice(i, i + 500);
          await trx(DOCUMENTS).insert(batch.map((d) => ({ ...toRow(d), ...dialect.vectors(trx, d) }))).onConflict('id').merge();
          await dialect.afterUpsert(trx, batch);
          const words = [...new Set(batch.flatMap((d) => lexiconWords(`${d.title} ${d.body}`)))];
          // SQLite takes 500 rows per multi-row insert at most.
          for (let j = 0; j < words.length; j += 500) {
            await trx(TERMS).insert(words.slice(j, j + 500).map((term) => ({ term }))).onConflict('term').ignore();
          }
        }
      });
      forgetSearches();
    },

    async remove(ids) {
      if (ids.length === 0) return;
      await withTransaction(strapi, async (trx) => {
        for (let i = 0; i < ids.length; i += 500) {
          const batch = ids.slice(i, i + 500);
          await dialect.beforeRemove(trx, batch);
          await trx(DOCUMENTS).whereIn('id', batch).delete();
        }
      });
      forgetSearches();
    },

    /**
     * The hits of `query`. The first page of a search (`offset` 0), with its counts, is kept in
     * the request cache (issue 13) for every viewer who would get the same answer: the same
     * words, types, modules switched off and audience (role, federation, section) — and the
     * same account when the viewer owns indexed documents (their contributions, which they
     * alone find among members; `ownsDocuments`). A write to the index (tag `search`: triggers
     * on `search_documents` and `search_terms`, src/platform/cache-invalidation.ts) drops every
     * kept search on every instance, as Elasticsearch's shard request cache is dropped at each
     * refresh that changed the shard. Pages beyond the first are read, never kept.
     */
    async search(query) {
      const cache = requestCache(strapi);
      if (!cache.enabled || query.offset > 0) return searchNow(query);
      const { viewer } = query;
      const owner = viewer.userId != null && (await ownsDocuments(viewer.userId)) ? viewer.userId : null;
      const key = `search:${JSON.stringify([query.text, query.types, query.type ?? null, query.limit, query.parts ?? 'all', query.hidden ?? [], viewer.role, viewer.federationId, viewer.sectionId, owner])}`;
      // The latest KEPT_SEARCHES keys, oldest first: reading one moves it last.
      keptSearches.delete(key);
      keptSearches.add(key);
      if (keptSearches.size > KEPT_SEARCHES) {
        const oldest = keptSearches.values().next().value as string;
        keptSearches.delete(oldest);
        cache.forget(oldest);
      }
      return cache.read(key, () => searchNow(query), { tags: () => [cacheTags.search] });
    },

    isStopWord: (word) => FRENCH_STOP_WORDS.has(lexiconForm(word)),

    async fingerprints(type) {
      const rows: { id: string; hash: string }[] = await strapi.db.connection(DOCUMENTS).where({ type }).select('id', 'hash');
      return new Map(rows.map((r) => [r.id, r.hash]));
    },

    async counts() {
      const rows: { type: string; n: number | string }[] = await strapi.db.connection(DOCUMENTS).groupBy('type').select('type').count({ n: '*' });
      return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
    },
  };

  /**
   * Drops the kept searches after a write of this provider. The triggers do it for every door
   * (and this instance's own commits on PostgreSQL); on SQLite they move a counter each request
   * reads first, so a search called outside a request (a command, a test) would not see it.
   */
  function forgetSearches(): void {
    requestCache(strapi).invalidate(cacheTags.search);
  }

  /**
   * Does the account own an indexed document (`owner_user_id`: a contribution of theirs)? Kept
   * per account with the tag `search`; one indexed lookup (migration …search-owner-index.js).
   */
  function ownsDocuments(userId: number): Promise<boolean> {
    return requestCache(strapi).read(
      `search-owner:${userId}`,
      async () => Boolean(await strapi.db.connection(DOCUMENTS).where('owner_user_id', userId).first(strapi.db.connection.raw('1 AS found'))),
      { tags: () => [cacheTags.search] }
    );
  }

  /** The search itself, as `search` describes, read from the database. */
  async function searchNow(query: SearchQuery): Promise<SearchResults> {
    const parsed = parseQuery(query.text);
    // Nothing but stop words (« le la les ») or exclusions: nothing to look for.
    if (!positiveWords(parsed).some((w) => !FRENCH_STOP_WORDS.has(lexiconForm(w)))) return nothing(query);
    // Words known to be indexed need no correction: no lexicon round trip for them.
    await preload();
    const unknown = [...new Set(positiveWords(parsed).filter(needsLexicon).map(lexiconForm))].filter((w) => !knownWords.has(w));
    const corrections = unknown.length ? await dialect.corrections(unknown) : new Map<string, string>();
    return dialect.search(query, parsed, corrections);
  }

  /**
   * Rows of a query, with visibility and types as conditions. PostgreSQL: the type is tested on
   * the row, out of the GIN indexes' reach (`d.type || ''`): their type column made every
   * match look up the posting lists of every searched type (a viewer searches most types, so
   * ~all 100,000 rows): a 3-word query's bitmap took 15–35 ms with them, 2.5–5.7 ms without
   * (issue 21, `bench/search-explain.ts`). Statistics on the expression (migration
   * …search-lean-lookups.js) keep the planner's estimates of the types' shares.
   */
  function visible(qb: Knex.QueryBuilder, query: SearchQuery, types: string[]) {
    const visibility = audienceSql(audienceClauses(query.viewer, 'reader'), VISIBILITY_COLUMNS);
    const typed = postgres ? qb.whereRaw(`(d.type || '') IN (${types.map(() => '?').join(', ')})`, types) : qb.whereIn('d.type', types);
    // A module switched off in a federation: its documents there are found by nobody.
    for (const { types: off, federationIds } of query.hidden ?? []) {
      const within = off.filter((t) => types.includes(t));
      if (within.length === 0) continue;
      typed.whereRaw(
        `NOT (d.type IN (${within.map(() => '?').join(', ')}) AND coalesce(d.federation_id, 0) IN (${federationIds.map(() => '?').join(', ')}))`,
        [...within, ...federationIds]
      );
    }
    return typed.whereRaw(visibility.sql, visibility.bindings as Knex.RawBinding[]);
  }

  function postgresDialect() {
    return {
      /** The tsvectors, written with the row (the keys are computed here, not by PostgreSQL's parser). */
      vectors(trx: Knex, d: IndexedDocument) {
        return {
          search_vector: trx.raw('?::tsvector', [searchVectorText(d.title, d.body)]),
          title_vector: trx.raw('?::tsvector', [searchVectorText(d.title, '')]),
        };
      },
      async afterUpsert() {},
      async beforeRemove() {},

      /**
       * Closest indexed word (trigram candidates, then a real edit distance) for each word not
       * known yet, one statement per word, side by side: the word itself, when indexed, is its
       * own nearest candidate (distance 0), so the same statement says it is known (remembered,
       * nothing to correct) — no separate lookup round trip (issue 21).
       */
      async corrections(words: string[]): Promise<Map<string, string>> {
        const found = new Map<string, string>();
        const knex = strapi.db.connection;
        await Promise.all(
          words.map(async (word) => {
            const max = typosAllowed(word);
            const letters = [...word].length; // PostgreSQL's length() counts characters
            // The nearest words by trigrams, from the GiST index (migration
            // …search-lean-lookups.js: ~0.5 ms, where comparing with every lexicon word took
            // 20–40 ms); a word within `max` edits is within `max` letters of the typed length.
            const candidates: { term: string }[] = await knex(TERMS)
              .whereRaw('term % ?', [word])
              .whereRaw('length(term) BETWEEN ? AND ?', [letters - max, letters + max])
              .orderByRaw('term <-> ?, term', [word])
              .limit(8)
              .select('term');
            if (candidates.some((c) => c.term === word)) return remember([word]);
            const best = candidates.find((c) => editDistance(word, c.term, max) <= max);
            if (best) found.set(word, best.term);
          })
        );
        return found;
      },

      /**
       * The page of hits under the search's scoring (`RANKING`, shared with SQLite), read in
       * the scoring's own order so that no candidate bound is needed: the title tier (every
       * looked-for word in the title: the small title vector, newest first), then the body
       * tier (the other matches, newest first), each a `LIMIT` the planner serves along the
       * date index or from the GIN index, both in one statement. The
       * top 10 returned IS the top 10 of every match ranked by the same scoring (the
       * `exhaustive` mode ranks every match in one sort: the benchmark's baseline).
       * Counting stops past `countBound` matches (the total and the counts per type are then
       * lower bounds, as search engines say « plus de 1 000 résultats »), in its own
       * statement, beside the tiers.
       */
      async search(query: SearchQuery, parsed: ParsedQuery, corrections: Map<string, string>): Promise<SearchResults> {
        const knex = strapi.db.connection;
        const tsquery = tsqueryText(parsed, corrections);
        if (!tsquery) return nothing(query);
        const pageTypes = query.type ? [query.type] : query.types;
        // Without exclusions a title match is a match (the title's keys are in search_vector
        // too): the small title vector alone decides it. An excluded word may be in the body: then both.
        const excludes = parsed.some((group) => group.some((c) => c.negated));
        const inTitle = excludes ? 'd.title_vector @@ ?::tsquery AND d.search_vector @@ ?::tsquery' : 'd.title_vector @@ ?::tsquery';
        const inTitleBindings = excludes ? [tsquery, tsquery] : [tsquery];
        const columns = ['d.id', 'd.type', 'd.title', 'd.link', 'd.date'];
        const depth = query.offset + query.limit;
        // The page alone reads one row more: whether a match follows it.
        const reach = depth + (query.parts === 'page' ? 1 : 0);
        const counted = (types: string[]) =>
          limits.exhaustive
            ? visible(knex.from({ d: DOCUMENTS }), query, types).whereRaw('d.search_vector @@ ?::tsquery', [tsquery]).groupBy('d.type').select('d.type').count({ n: '*' })
            : countUpTo(query, types, tsquery, countBound(query));
        const page = async (): Promise<(HitRow & { body: string })[]> => {
          // Beyond the counted matches there are no pages.
          if (query.offset >= limits.countCap) return [];
          if (limits.exhaustive) {
            // Every match sorted without its body (a fair baseline), the page's bodies read after.
            const sorted: HitRow[] = await visible(knex.from({ d: DOCUMENTS }), query, pageTypes)
              .whereRaw('d.search_vector @@ ?::tsquery', [tsquery])
              .select('d.id', 'd.type', 'd.title', 'd.link', 'd.date')
              .orderByRaw(`CASE WHEN ${inTitle} THEN 0 ELSE 1 END, d.date DESC NULLS LAST, d.id`, inTitleBindings)
              .limit(query.limit)
              .offset(query.offset);
            const bodies = new Map<string, string>();
            if (sorted.length) for (const r of await knex(DOCUMENTS).whereIn('id', sorted.map((h) => h.id)).select('id', knex.raw('left(body, 20000) AS body'))) bodies.set(r.id, r.body);
            return sorted.map((h) => ({ ...h, body: bodies.get(h.id) ?? '' }));
          }
          // One round trip reads the page in the scoring's order and stops once it is full:
          // the title tier, then the text tier, each newest first (`newestFirst`: year by
          // year, the undated last; a UNION ALL's parts run in turn). A 2-word query matching 1,481 documents tested 70 rows
          // instead of testing all of them and sorting them (13 → 1.1 ms), a title word in 984
          // titles 6.8 → 1 ms; the text tier is not read when the titles fill the page
          // (issue 21). The bodies (in TOAST) are read for the rows kept only (a tier sorted
          // from the GIN index detoasted every match's body before keeping 10: 63 → 25 ms).
          const tierOf = (tier: 0 | 1) => () => {
            const qb = visible(knex.from({ d: DOCUMENTS }), query, pageTypes);
            const matched = tier === 0 ? qb.whereRaw(inTitle, inTitleBindings) : qb.whereRaw('d.search_vector @@ ?::tsquery', [tsquery]).whereRaw(`NOT coalesce(${inTitle}, false)`, inTitleBindings);
            return matched.select(...columns, knex.raw(`${tier} AS tier`)).limit(reach);
          };
          const inOrder = knex.unionAll([newestFirst(tierOf(0)), newestFirst(tierOf(1))], true);
          const rows = await prepared<HitRow & { body: string; tier: number }>(withYears(knex)
            .with('page', knex.select('*').from(inOrder.as('u')).limit(reach))
            .from({ p: 'page' })
            .join({ b: DOCUMENTS }, 'b.id', 'p.id')
            .select('p.id', 'p.type', 'p.title', 'p.link', 'p.date', 'p.tier', knex.raw('left(b.body, 20000) AS body'))
            .orderByRaw('p.tier, p.date DESC NULLS LAST, p.id'));
          return rows
            .map((row, at) => ({ row, at }))
            .sort((x, y) => x.row.tier - y.row.tier || x.at - y.at)
            .slice(query.offset, reach)
            .map(({ row: { tier: _tier, ...hit } }) => hit);
        };
        if (query.parts === 'page' && !limits.exhaustive) {
          const read = await page();
          return pageOnly(query, withSnippets(read.slice(0, query.limit), parsed, corrections), read.length > query.limit && servesBeyond(query));
        }
        const [ranked, sample, ofType] = await Promise.all([
          query.parts === 'counts' ? Promise.resolve([]) : page(),
          // The first countBound + 1 matches, by type: every match when there are fewer.
          counted(query.types),
          // Narrowed to a type, its own count decides the pages.
          query.type ? counted([query.type]) : Promise.resolve(null),
        ]);
        // Snippets for the page's hits only, highlighted on the same keys as the index.
        return capped(query, withSnippets(ranked, parsed, corrections), sample, ofType, countBound(query));
      },
    };
  }

  /**
   * PostgreSQL: `years`, the distinct years of the documents' dates, newest first, then NULL
   * (the undated), found along the date index in one probe per year — a common table
   * expression for `newestFirst`.
   */
  function withYears(knex: Knex) {
    return knex.withRecursive(
      'years',
      ['year'],
      knex.raw(`SELECT left(max(date), 4) FROM ${DOCUMENTS} UNION ALL SELECT (SELECT left(max(s.date), 4) FROM ${DOCUMENTS} AS s WHERE s.date < y.year) FROM years AS y WHERE y.year IS NOT NULL`)
    );
  }

  /**
   * PostgreSQL: `matches()` (a query over `d`, with its select list and LIMIT) newest first,
   * one year after the other from the newest, the undated last (the year ''): a LATERAL
   * subquery run once per year of `years` (`withYears` on the statement), and only while
   * rows are still wanted — under a LIMIT PostgreSQL stops pulling once it has its rows, so a
   * page or a count reads only the newest years it needs. A year's matches come from the GIN
   * indexes over the keys and the year, or along that year's dates for a common word
   * (migration …search-year-walk.js). Within a year, newest first then by id, unless
   * `ordered` is false (a count needs some of a year's matches, not its newest).
   */
  function newestFirst(matches: () => Knex.QueryBuilder, ordered = true): Knex.QueryBuilder {
    const knex = strapi.db.connection;
    const ofYear = matches().whereRaw(`coalesce(left(d.date, 4), '') = coalesce(y.year, '')`);
    if (ordered) ofYear.orderByRaw('d.date DESC, d.id');
    return knex.select('w.*').from({ y: 'years' }).crossJoin(knex.raw('LATERAL ? AS w', [ofYear]));
  }

  /**
   * The first `cap` + 1 visible matches of a tsquery, counted by type: the newest ones, year
   * by year (`newestFirst`). Reading a 3-word query's matches all at once from the GIN index
   * (the planner's choice for 8,000–13,000 matches) took 7.6–9 ms to keep 101 of them, a year
   * at a time 3.4–3.7 ms (issue 21).
   */
  function countUpTo(query: SearchQuery, types: string[], tsquery: string, cap: number): Promise<{ type: string; n: number | string }[]> {
    const knex = strapi.db.connection;
    const matches = () => visible(knex.from({ d: DOCUMENTS }), query, types).whereRaw('d.search_vector @@ ?::tsquery', [tsquery]).select('d.type').limit(cap + 1);
    const sample = newestFirst(matches, false).limit(cap + 1);
    return prepared<{ type: string; n: number | string }>(withYears(knex).from(sample.as('m')).groupBy('m.type').select('m.type').count({ n: '*' }));
  }

  /**
   * PostgreSQL: runs a statement as a named prepared statement of the pooled connection it
   * gets (`pg`'s `name`, through knex's query options; the name is a hash of the statement's
   * text, so one name is always one text), so that each connection parses a statement's
   * shape once instead of on every search (issue 13). Returns its rows.
   */
  async function prepared<Row>(builder: Knex.QueryBuilder): Promise<Row[]> {
    // Compiled once: the text names the statement and runs as it is (a builder run by knex
    // would compile itself a second time — the dearest part of a search in Node, issue 13).
    const { sql, bindings } = builder.toSQL();
    const result: { rows: Row[] } = await strapi.db.connection.raw(sql, bindings as Knex.RawBinding[]).options({ name: statementName('search', sql) });
    return result.rows;
  }

  function sqliteDialect() {
    return {
      vectors(_trx: Knex, _d: IndexedDocument) {
        return {}; // the FTS5 table, after the rows (it is keyed by their rowid)
      },
      async afterUpsert(trx: Knex.Transaction, batch: IndexedDocument[]) {
        const rows: { rowid: number; id: string }[] = await trx(DOCUMENTS).whereIn('id', batch.map((d) => d.id)).select(trx.raw('rowid'), 'id');
        const rowids = new Map(rows.map((r) => [r.id, r.rowid]));
        await trx(FTS).whereIn('rowid', rows.map((r) => r.rowid)).delete();
        await trx(FTS).insert(batch.map((d) => ({ rowid: rowids.get(d.id), title: searchStems(d.title), body: searchStems(d.body) })));
      },

      async beforeRemove(trx: Knex.Transaction, ids: string[]) {
        await trx(FTS).whereIn('rowid', trx(DOCUMENTS).whereIn('id', ids).select('rowid')).delete();
      },

      /** Indexed words of the same first letter within the typos allowed. */
      async corrections(words: string[]): Promise<Map<string, string>> {
        const found = new Map<string, string>();
        const knex = strapi.db.connection;
        const known = new Set((await knex(TERMS).whereIn('term', words).select('term')).map((r: { term: string }) => r.term));
        remember(known);
        for (const word of words.filter((w) => !known.has(w))) {
          const max = typosAllowed(word);
          const candidates: { term: string }[] = await knex(TERMS)
            .where('term', '>=', word[0])
            .andWhere('term', '<', String.fromCodePoint(word.codePointAt(0)! + 1))
            .whereRaw('length(term) BETWEEN ? AND ?', [word.length - max, word.length + max])
            .select('term');
          let best: { term: string; distance: number } | null = null;
          for (const { term } of candidates) {
            const distance = editDistance(word, term, max);
            if (distance <= max && (!best || distance < best.distance)) best = { term, distance };
          }
          if (best) found.set(word, best.term);
        }
        return found;
      },

      /**
       * The page under the search's scoring (`RANKING`), read tier by tier as on PostgreSQL:
       * the title tier (FTS5's column filter), newest first, then — only when it has fewer
       * hits than the page needs — the other matches, newest first; the bodies of the page's
       * hits only. Counting stops past `countBound` matches, as on PostgreSQL. `exhaustive`:
       * every match ranked in one sort and counted (the benchmark's baseline).
       */
      async search(query: SearchQuery, parsed: ParsedQuery, corrections: Map<string, string>): Promise<SearchResults> {
        const knex = strapi.db.connection;
        const match = ftsExpression(parsed, corrections);
        if (!match) return nothing(query);
        const titleMatch = `{title} : (${match})`;
        const pageTypes = query.type ? [query.type] : query.types;
        // FTS5 streams the rows of one MATCH expression; each tier is one: the title tier (an
        // excluded word may be in the body: then the whole expression too), the text tier.
        const excludes = parsed.some((group) => group.some((c) => c.negated));
        const tiers = { title: excludes ? `(${titleMatch}) AND (${match})` : titleMatch, text: `(${match}) NOT (${titleMatch})` };
        const matching = (expression: string, types: string[]) =>
          visible(knex.from(FTS).join({ d: DOCUMENTS }, 'd.rowid', `${FTS}.rowid`).whereRaw(`${FTS} MATCH ?`, [expression]), query, types);
        const newestFirst = 'd.date IS NULL, d.date DESC, d.id';
        const columns = ['d.rowid AS rowid', 'd.id', 'd.type', 'd.title', 'd.link', 'd.date'];
        // The page alone reads one row more: whether a match follows it.
        const depth = query.offset + query.limit + (query.parts === 'page' && !limits.exhaustive ? 1 : 0);
        /**
         * A tier's first `limit` rows, newest first. FTS5 streams its matches in rowid order, not
         * by date: with few matches they are all joined and sorted; from `walkFrom` on, the
         * documents are walked along the date index (`search_documents_date_id`, migration
         * …search-lean-lookups.js), each looked up in the set of matching rowids, until the page
         * is full — a common word's text tier took 90–140 ms sorted, 9–14 ms walked (issue 21).
         * `d.date DESC` puts undated documents last on SQLite (NULL is the smallest value), as
         * `newestFirst` does.
         */
        const tier = async (expression: string, limit: number): Promise<(HitRow & { rowid: number })[]> => {
          const walkFrom = limits.walkFrom ?? SQLITE_WALK_FROM;
          const [{ n }] = await knex.from(knex(FTS).whereRaw(`${FTS} MATCH ?`, [expression]).select('rowid').limit(walkFrom).as('m')).count({ n: '*' });
          if (Number(n) < walkFrom) return matching(expression, pageTypes).select(...columns).orderByRaw(newestFirst).limit(limit);
          return visible(knex.from(knex.raw(`${DOCUMENTS} AS d INDEXED BY search_documents_date_id`)), query, pageTypes)
            .whereRaw(`d.rowid IN (SELECT rowid FROM ${FTS} WHERE ${FTS} MATCH ?)`, [expression])
            .select(...columns)
            .orderByRaw('d.date DESC, d.id')
            .limit(limit);
        };
        const page = async (): Promise<(HitRow & { rowid: number })[]> => {
          if (limits.exhaustive) {
            return matching(match, pageTypes)
              .select(...columns)
              .orderByRaw(`CASE WHEN d.rowid IN (SELECT rowid FROM ${FTS} WHERE ${FTS} MATCH ?) THEN 0 ELSE 1 END, ${newestFirst}`, [titleMatch])
              .limit(query.limit)
              .offset(query.offset);
          }
          if (query.offset >= limits.countCap) return [];
          const titles = await tier(tiers.title, depth);
          if (titles.length >= depth) return titles.slice(query.offset);
          const texts = await tier(tiers.text, depth - titles.length);
          return [...titles, ...texts].slice(query.offset);
        };
        const counted = (types: string[]) => {
          const matches = matching(match, types).select('d.type');
          if (!limits.exhaustive) matches.limit(countBound(query) + 1);
          return knex.from(matches.as('m')).groupBy('m.type').select('m.type').count({ n: '*' }) as unknown as Promise<{ type: string; n: number | string }[]>;
        };
        const pageAlone = query.parts === 'page' && !limits.exhaustive;
        const [read, sample, ofType] = await Promise.all([
          query.parts === 'counts' && !limits.exhaustive ? Promise.resolve([]) : page(),
          pageAlone ? Promise.resolve([]) : counted(query.types),
          query.type && !pageAlone ? counted([query.type]) : Promise.resolve(null),
        ]);
        const ranked = read.slice(0, query.limit);
        const bodies = new Map<number, string>();
        if (ranked.length) {
          const rows: { rowid: number; body: string }[] = await knex(DOCUMENTS).whereRaw(`rowid IN (${ranked.map(() => '?').join(', ')})`, ranked.map((h) => h.rowid)).select(knex.raw('rowid AS rowid'), 'body');
          for (const r of rows) bodies.set(r.rowid, r.body);
        }
        const hits = withSnippets(ranked.map(({ rowid, ...h }) => ({ ...h, body: bodies.get(rowid) ?? '' })), parsed, corrections);
        if (pageAlone) return pageOnly(query, hits, read.length > query.limit && servesBeyond(query));
        return capped(query, hits, sample, ofType, countBound(query));
      },
    };
  }
}

/**
 * The results of a page and of counts that stopped past `cap` matches: when they did, the
 * counts per type are lower bounds (« au moins »), and so is the total beyond the cap.
 */
function capped(
  query: SearchQuery,
  hits: (HitRow & { snippet?: string })[],
  sample: { type: string; n: number | string }[],
  ofType: { type: string; n: number | string }[] | null,
  cap: number
): SearchResults {
  const rows = sample.map((r) => ({ type: r.type, n: Number(r.n) }));
  if (rows.reduce((sum, r) => sum + r.n, 0) <= cap) return results(query, hits, rows); // every match counted
  const narrowed = ofType ? Number(ofType[0]?.n ?? 0) : cap + 1;
  return {
    ...results(query, hits, rows.map((r) => ({ type: r.type, n: Math.min(r.n, cap) }))),
    total: Math.min(narrowed, cap),
    totalIsExact: narrowed <= cap,
    facetsAreExact: false,
  };
}

/**
 * A page read without counting (`parts: 'page'`): the total is what the page shows (a lower
 * bound when a match follows it), no count per type.
 */
function pageOnly(query: SearchQuery, hits: (HitRow & { snippet?: string })[], more: boolean): SearchResults {
  return { ...results(query, hits, []), facets: {}, total: query.offset + hits.length + (more ? 1 : 0), totalIsExact: !more, facetsAreExact: false, more };
}

/** A hit as the queries select it. */
interface HitRow {
  id: string;
  type: string;
  title: string;
  link: string;
  date: string | null;
}

function toRow(d: IndexedDocument) {
  return {
    id: d.id,
    type: d.type,
    // Composed, as queries are: PostgreSQL's parser would split a word at a combining accent.
    title: d.title.normalize('NFC'),
    body: d.body.normalize('NFC'),
    date: d.date,
    link: d.link,
    facets: JSON.stringify(d.facets),
    audience: d.audience,
    federation_id: d.federationId,
    section_id: d.sectionId,
    roles: d.roles.length ? `,${d.roles.join(',')},` : '',
    owner_user_id: d.ownerUserId,
    hash: d.hash,
  };
}

/** A word as the lexicon keeps it: lower case, without accents. */
const lexiconForm = (word: string) => stripAccents(word.toLowerCase());

/** Words worth correcting: long enough, not a stop word. */
const needsLexicon = (word: string) => word.length >= 4 && !FRENCH_STOP_WORDS.has(lexiconForm(word));

function lexiconWords(text: string): string[] {
  return frenchWords(text)
    .map(lexiconForm)
    .filter((w) => LEXICON_WORD.test(w) && !/^\d+$/.test(w));
}

/**
 * The search keys one typed word stands for: its own (both numbers, « élu » and « élus »,
 * share one) and that of the indexed word a typo most likely meant. Both providers look
 * for all of them, so they agree.
 */
function wordKeys(word: string, corrections: Map<string, string>): string[] {
  const corrected = corrections.get(lexiconForm(word));
  return [...new Set([searchKey(word), ...(corrected ? [searchKey(corrected)] : [])])].filter(Boolean);
}

/**
 * One clause of a query as search keys: a single word (with its typo correction), or the
 * kept words of a phrase or compound (« porte-parole ») with their offsets, stop words
 * keeping their places. Null when only stop words are left.
 */
function clauseKeys(words: string[], corrections: Map<string, string>): { single: string[] } | { phrase: { key: string; at: number }[] } | null {
  const kept = words.map((w, at) => ({ w, at })).filter(({ w }) => !FRENCH_STOP_WORDS.has(lexiconForm(w)));
  if (kept.length === 0) return null;
  if (kept.length === 1) {
    const keys = wordKeys(kept[0].w, corrections);
    return keys.length ? { single: keys } : null;
  }
  return { phrase: kept.map(({ w, at }) => ({ key: searchKey(w), at })).filter((k) => k.key) };
}

/** The keys a snippet marks: every key the query looks for outside exclusions. */
function positiveKeys(parsed: ParsedQuery, corrections: Map<string, string>): Set<string> {
  const keys = new Set<string>();
  for (const clause of parsed.flat()) {
    if (clause.negated) continue;
    const read = clauseKeys(clause.words, corrections);
    if (read && 'single' in read) read.single.forEach((k) => keys.add(k));
    else if (read) read.phrase.forEach((k) => keys.add(k.key));
  }
  return keys;
}

/** Hits with their snippet: the densest passage of the body, the query's keys marked. */
function withSnippets(rows: (HitRow & { body: string })[], parsed: ParsedQuery, corrections: Map<string, string>) {
  const keys = positiveKeys(parsed, corrections);
  return rows.map(({ body, ...r }) => ({ ...r, snippet: highlight(truncateText(body, 20000, ''), keys, searchKey) }));
}

/**
 * The parsed query as PostgreSQL tsquery input over search keys: a single word matches its
 * key or its typo correction's; a phrase is keys at their distances (`<->`, `<2>` over a
 * stop word); `-` negates; groups are alternatives. Null when only stop words are left.
 * Keys are letters and digits only, quoted: no tsquery syntax can come from what is typed,
 * and the whole is a bound value (`?::tsquery`).
 */
export function tsqueryText(parsed: ParsedQuery, corrections: Map<string, string>): string | null {
  const lexeme = (key: string) => `'${key.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  const clause = (words: string[]): string | null => {
    const read = clauseKeys(words, corrections);
    if (!read) return null;
    if ('single' in read) return read.single.length === 1 ? lexeme(read.single[0]) : `(${read.single.map(lexeme).join(' | ')})`;
    if (read.phrase.length === 0) return null;
    let out = lexeme(read.phrase[0].key);
    for (let i = 1; i < read.phrase.length; i++) {
      const gap = read.phrase[i].at - read.phrase[i - 1].at;
      out += ` ${gap === 1 ? '<->' : `<${gap}>`} ${lexeme(read.phrase[i].key)}`;
    }
    return `(${out})`;
  };
  const groups = parsed
    .map((group) => {
      const positive = group.filter((c) => !c.negated).map((c) => clause(c.words)).filter(Boolean);
      if (positive.length === 0) return null; // a group of exclusions only looks for nothing
      const negative = group.filter((c) => c.negated).map((c) => clause(c.words)).filter(Boolean);
      return `(${[...positive, ...negative.map((n) => `!${n}`)].join(' & ')})`;
    })
    .filter(Boolean);
  return groups.length ? groups.join(' | ') : null;
}

/** The parsed query as an FTS5 expression over search keys; null when nothing is left to look for. */
function ftsExpression(parsed: ParsedQuery, corrections: Map<string, string>): string | null {
  const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;
  const clause = (words: string[]): string | null => {
    const read = clauseKeys(words, corrections);
    if (!read) return null;
    if ('phrase' in read) {
      if (read.phrase.length === 0) return null;
      // The index holds a slot for each stop word (`searchStems`): a gap of n words is n - 1 slots.
      const tokens = read.phrase.flatMap((k, i) => [...Array(i === 0 ? 0 : k.at - read.phrase[i - 1].at - 1).fill(STOP_WORD_SLOT), k.key]);
      return quote(tokens.join(' '));
    }
    return read.single.length === 1 ? quote(read.single[0]) : `(${read.single.map(quote).join(' OR ')})`;
  };
  const groups = parsed
    .map((group) => {
      const positive = group.filter((c) => !c.negated).map((c) => clause(c.words)).filter(Boolean);
      const negative = group.filter((c) => c.negated).map((c) => clause(c.words)).filter(Boolean);
      if (positive.length === 0) return null;
      return `(${positive.join(' AND ')})${negative.map((n) => ` NOT ${n}`).join('')}`;
    })
    .filter(Boolean);
  return groups.length ? groups.join(' OR ') : null;
}

function nothing(query: SearchQuery): SearchResults {
  return { hits: [], total: 0, facets: zeroFacets(query.types), totalIsExact: true, facetsAreExact: true };
}

function zeroFacets(types: string[]): Record<string, number> {
  return Object.fromEntries(types.map((t) => [t, 0]));
}

function results(query: SearchQuery, rows: (HitRow & { snippet?: string })[], facetRows: { type: string; n: number | string }[]): SearchResults {
  const facets = zeroFacets(query.types);
  for (const row of facetRows) facets[row.type] = Number(row.n);
  const total = query.type ? facets[query.type] ?? 0 : Object.values(facets).reduce((a, b) => a + b, 0);
  const hits: SearchHit[] = rows.map((r) => ({ id: r.id, type: r.type, title: r.title, snippet: r.snippet ?? '', link: r.link, date: r.date ?? null }));
  return { hits, total, facets, totalIsExact: true, facetsAreExact: true };
}

