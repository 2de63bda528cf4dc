import { ROLES } from '@intranet-militant/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMeilisearchProvider, visibilityFilter } from '../server/src/providers/meilisearch';
import { MARK_END, MARK_START, type IndexedDocument, type SearchProvider, type SearchQuery, type Viewer } from '../server/src/providers/types';
import { addresses } from '@intranet-militant/shared';
import type { IndexedDocument as StoredDocument, Viewer as Reader } from '../server/src/providers/types';

/** The shared audience rule, `reader` reach: the reference every provider must agree with. */
const mayView = (viewer: Reader, doc: StoredDocument) => addresses(viewer, doc, 'reader');
import { indexedDocument } from './support/documents';
import { FakeMeilisearch } from './support/fake-meilisearch';

// The real client talks HTTP to an in-process fake that implements Meilisearch's API contract.

const TYPES = ['document', 'news', 'contribution', 'proposal'];

const doc = indexedDocument;

// Two federations: 1 (sections 11 and 12) and 2 (section 21).
const DOCS: IndexedDocument[] = [
  doc('document:national'),
  doc('document:fed1', { audience: 'federation', federationId: 1 }),
  doc('document:fed2', { audience: 'federation', federationId: 2 }),
  doc('news:sec11', { audience: 'section', federationId: 1, sectionId: 11 }),
  doc('news:sec12', { audience: 'section', federationId: 1, sectionId: 12 }),
  doc('news:sec21', { audience: 'section', federationId: 2, sectionId: 21 }),
  doc('document:staffnotes', { roles: [ROLES.federationStaff, ROLES.nationalAdmin] }),
  doc('contribution:mine', { audience: 'section', federationId: 2, sectionId: 21, roles: [ROLES.federationStaff], ownerUserId: 100 }),
  doc('contribution:other', { audience: 'section', federationId: 1, sectionId: 11, ownerUserId: 999 }),
  doc('proposal:elected', { audience: 'federation', federationId: 1, roles: [ROLES.electedOfficial] }),
];

const VIEWERS: Record<string, Viewer> = {
  member: { role: ROLES.member, userId: 100, federationId: 1, sectionId: 11 },
  secretary: { role: ROLES.sectionSecretary, userId: 101, federationId: 1, sectionId: 12 },
  staff: { role: ROLES.federationStaff, userId: 102, federationId: 1, sectionId: null },
  otherStaff: { role: ROLES.federationStaff, userId: 106, federationId: 2, sectionId: null },
  admin: { role: ROLES.nationalAdmin, userId: 103, federationId: null, sectionId: null },
  elected: { role: ROLES.electedOfficial, userId: 104, federationId: 1, sectionId: 11 },
  noFederation: { role: ROLES.member, userId: 105, federationId: null, sectionId: null },
};

const query = (viewer: Viewer, over: Partial<SearchQuery> = {}): SearchQuery => ({ text: 'reunion', types: TYPES, viewer, offset: 0, limit: 50, ...over });
const ids = (items: { id: string }[]) => items.map((d) => d.id).sort();
const countByType = (docs: IndexedDocument[], types = TYPES) => Object.fromEntries(types.map((t) => [t, docs.filter((d) => d.type === t).length]));

const storedIds = () => fake.documents('intranet').map((d) => String(d.id)).sort();

let fake: FakeMeilisearch;
let provider: SearchProvider;

beforeEach(async () => {
  fake = new FakeMeilisearch();
  provider = createMeilisearchProvider({ host: await fake.start() });
});

afterEach(() => fake.stop());

describe('setup', () => {
  it('creates the index once, with `key` as primary key, and sends the settings every time', async () => {
    await provider.setup();
    await provider.setup();
    expect(fake.requestsTo('POST', '/indexes').map((r) => r.body)).toEqual([{ uid: 'intranet', primaryKey: 'key' }]);
    const patches = fake.requestsTo('PATCH', '/indexes/intranet/settings');
    expect(patches).toHaveLength(2);
    const settings = patches[0].body as Record<string, any>;
    expect(settings).toMatchObject({
      searchableAttributes: ['title', 'body'],
      filterableAttributes: ['type', 'audience', 'federationId', 'sectionId', 'roles', 'ownerUserId'],
      sortableAttributes: ['dateTs'],
      displayedAttributes: ['id', 'type', 'title', 'body', 'link', 'date', 'hash'],
      typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
      localizedAttributes: [{ attributePatterns: ['*'], locales: ['fra'] }],
      pagination: { maxTotalHits: 10_000 },
    });
    expect(settings.stopWords).toEqual(expect.arrayContaining(['le', 'les', 'de', 'et']));
    expect(settings.stopWords).not.toContain('ca'); // an abbreviation with synonyms
    expect(settings.synonyms).toMatchObject({ ag: ['assemblée générale'], 'assemblée générale': ['ag'], fédé: ['fédération'] });
    expect(fake.indexes.get('intranet')).toMatchObject({ primaryKey: 'key', settings: { sortableAttributes: ['dateTs'] } });
  });

  it('accepts an index created meanwhile by another instance', async () => {
    fake.failNextTasks(1, { code: 'index_already_exists', message: 'Index `intranet` already exists.' });
    await expect(provider.setup()).resolves.toBeUndefined();
    expect(fake.requestsTo('PATCH', '/indexes/intranet/settings')).toHaveLength(1);
  });

  it('rejects with Meilisearch’s message and code when the settings task fails', async () => {
    await provider.setup();
    fake.failNextTasks(1, { code: 'invalid_settings_stop_words', message: 'Invalid value at `.stopWords`.' });
    await expect(provider.setup()).rejects.toThrow(/failed: Invalid value at `\.stopWords`\. \(invalid_settings_stop_words\)/);
  });
});

describe('upsert and remove', () => {
  beforeEach(() => provider.setup());

  it('sends batches of 1,000 keyed documents and resolves once every task has succeeded', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => doc(`document:d${i}`, { date: i === 0 ? null : '2026-03-01T10:00:00.000Z' }));
    await provider.upsert(many);

    const sent = fake.requestsTo('POST', '/indexes/intranet/documents');
    expect(sent.map((r) => (r.body as unknown[]).length)).toEqual([1000, 1000, 500]);
    expect(sent.every((r) => r.query.primaryKey === 'key')).toBe(true);
    const [first, second] = sent[0].body as Record<string, unknown>[];
    expect(first).toMatchObject({ key: 'document_d0', id: 'document:d0', date: null, dateTs: 0, hash: 'hash-document:d0', roles: [] });
    expect(second).toMatchObject({ key: 'document_d1', dateTs: Date.parse('2026-03-01T10:00:00.000Z') / 1000 });
    // The fake applies a task only once polled to its end: every document is there, so upsert waited.
    expect(fake.documents('intranet')).toHaveLength(2500);
    const taskPolls = fake.requestsTo('GET', /^\/tasks\/\d+$/);
    for (const uid of [2, 3, 4]) expect(taskPolls.filter((r) => r.path === `/tasks/${uid}`).length).toBeGreaterThanOrEqual(3);
  });

  it('sends no request for nothing', async () => {
    const before = fake.requests.length;
    await provider.upsert([]);
    await provider.remove([]);
    expect(fake.requests).toHaveLength(before);
  });

  it('rejects with Meilisearch’s message and code when a task fails, even after earlier batches succeeded', async () => {
    const small = createMeilisearchProvider({ host: fake.host, batchSize: 2 });
    await small.upsert([doc('news:a1'), doc('news:a2')]);
    // Meilisearch fails the whole batch when one identifier is invalid.
    await expect(small.upsert([doc('news:b1'), doc('news:b2'), doc('news:b.3')])).rejects.toThrow(
      /Meilisearch task \d+ \(documentAdditionOrUpdate\) failed: Document identifier `"news_b\.3"` is invalid\. \(invalid_document_id\)/,
    );
    expect(storedIds()).toEqual(['news:a1', 'news:a2', 'news:b1', 'news:b2']);

    fake.failNextTasks(1, { code: 'internal', message: 'No space left on device.' });
    await expect(provider.remove(['news:a1'])).rejects.toThrow(/No space left on device\. \(internal\)/);
  });

  it('rejects while the server is down, and works again once it is back (the outbox retries)', async () => {
    fake.down();
    await expect(provider.upsert([doc('news:x')])).rejects.toThrow(/503/);
    await expect(provider.search(query(VIEWERS.admin))).rejects.toThrow(/503/);
    fake.up();
    await provider.upsert([doc('news:x')]);
    expect(ids((await provider.search(query(VIEWERS.admin))).hits)).toEqual(['news:x']);
  });

  it('removes documents by id in one batch, ignoring unknown ids', async () => {
    await provider.upsert(DOCS);
    await provider.remove(['news:sec11', 'news:unknown']);
    expect(fake.requestsTo('POST', '/indexes/intranet/documents/delete-batch').map((r) => r.body)).toEqual([['news_sec11', 'news_unknown']]);
    expect(storedIds()).toEqual(ids(DOCS.filter((d) => d.id !== 'news:sec11')));
  });
});

describe('visibilityFilter', () => {
  it.each([
    ['member', `ownerUserId = 100 OR ((roles IS EMPTY OR roles = 'member') AND (audience = 'national' OR (audience = 'federation' AND federationId = 1) OR (audience = 'section' AND sectionId = 11)))`],
    ['secretary', `ownerUserId = 101 OR ((roles IS EMPTY OR roles = 'section-secretary') AND (audience = 'national' OR (audience = 'federation' AND federationId = 1) OR (audience = 'section' AND sectionId = 12)))`],
    ['staff', `ownerUserId = 102 OR ((roles IS EMPTY OR roles = 'federation-staff') AND (audience = 'national' OR (audience = 'federation' AND federationId = 1) OR (audience = 'section' AND federationId = 1)))`],
    ['admin', `ownerUserId = 103 OR (roles IS EMPTY OR roles = 'national-admin')`],
    ['noFederation', `ownerUserId = 105 OR ((roles IS EMPTY OR roles = 'member') AND (audience = 'national'))`],
  ])('%s: the owner, or an allowed role and an addressed audience', (name, expected) => {
    expect(visibilityFilter(VIEWERS[name])).toBe(expected);
  });

  it('refuses an id that is not an integer rather than writing it into a filter', () => {
    expect(() => visibilityFilter({ ...VIEWERS.member, userId: Number.NaN })).toThrow(TypeError);
  });
});

describe('search', () => {
  beforeEach(async () => {
    await provider.setup();
    await provider.upsert(DOCS);
  });

  it('returns to each viewer exactly the documents mayView allows, with matching totals and facets', async () => {
    const seen = new Set<string>();
    for (const viewer of Object.values(VIEWERS)) {
      const visible = DOCS.filter((d) => mayView(viewer, d));
      const result = await provider.search(query(viewer));
      expect(ids(result.hits), viewer.role).toEqual(ids(visible));
      expect(result.total).toBe(visible.length);
      expect(result.facets).toEqual(countByType(visible));
      seen.add(ids(visible).join());
    }
    expect(seen.size).toBe(Object.keys(VIEWERS).length); // every viewer sees a different set
  });

  it('narrows the hits with `type` but still counts every type in the facets', async () => {
    const viewer = VIEWERS.staff;
    const visible = DOCS.filter((d) => mayView(viewer, d));
    const result = await provider.search(query(viewer, { type: 'news' }));
    expect(ids(result.hits)).toEqual(ids(visible.filter((d) => d.type === 'news')));
    expect(result.total).toBe(2);
    expect(result.facets).toEqual(countByType(visible));
  });

  it('searches only the types given, and counts only those', async () => {
    const viewer = VIEWERS.member;
    const result = await provider.search(query(viewer, { types: ['document', 'news'] }));
    const visible = DOCS.filter((d) => mayView(viewer, d) && ['document', 'news'].includes(d.type));
    expect(ids(result.hits)).toEqual(ids(visible));
    expect(result.facets).toEqual(countByType(visible, ['document', 'news']));
  });

  it('pages with page/hitsPerPage (exact total) when aligned, with offset/limit otherwise', async () => {
    const viewer = VIEWERS.admin;
    const visible = DOCS.filter((d) => mayView(viewer, d));
    const pages = [];
    for (const offset of [0, 3, 6]) pages.push(await provider.search(query(viewer, { offset, limit: 3 })));
    expect(pages.map((p) => p.total)).toEqual([visible.length, visible.length, visible.length]);
    expect(ids(pages.flatMap((p) => p.hits))).toEqual(ids(visible));
    const [aligned] = (fake.requestsTo('POST', '/multi-search')[1].body as { queries: Record<string, unknown>[] }).queries;
    expect(aligned).toMatchObject({ page: 2, hitsPerPage: 3 });

    const shifted = await provider.search(query(viewer, { offset: 1, limit: 3 }));
    expect(shifted.hits.map((h) => h.id)).toEqual(pages.flatMap((p) => p.hits).slice(1, 4).map((h) => h.id));
    expect(shifted.total).toBe(visible.length);
    expect((fake.requestsTo('POST', '/multi-search').at(-1)!.body as { queries: unknown[] }).queries[0]).toMatchObject({ offset: 1, limit: 3 });
  });

  it('sends one multi-search: hits with crop and highlight, facets with limit 0, user text only as q', async () => {
    const viewer = VIEWERS.noFederation;
    const text = `x' OR type = 'contribution`;
    const result = await provider.search(query(viewer, { text, type: 'document' }));
    expect(result.hits.every((h) => mayView(viewer, DOCS.find((d) => d.id === h.id)!))).toBe(true);

    const searches = fake.requestsTo('POST', '/multi-search');
    expect(searches).toHaveLength(1);
    const visible = `(${visibilityFilter(viewer)})`;
    const types = `type IN ['document', 'news', 'contribution', 'proposal']`;
    expect((searches[0].body as { queries: unknown[] }).queries).toEqual([
      {
        indexUid: 'intranet',
        q: text,
        matchingStrategy: 'all',
        filter: `${visible} AND ${types} AND type = 'document'`,
        page: 1,
        hitsPerPage: 50,
        attributesToRetrieve: ['id', 'type', 'title', 'link', 'date'],
        attributesToCrop: ['body'],
        cropLength: 30,
        cropMarker: '…',
        attributesToHighlight: ['body'],
        highlightPreTag: MARK_START,
        highlightPostTag: MARK_END,
      },
      { indexUid: 'intranet', q: text, matchingStrategy: 'all', filter: `${visible} AND ${types}`, facets: ['type'], limit: 0 },
    ]);
  });

  it('quotes type values, so that one cannot change the filter', async () => {
    const result = await provider.search(query(VIEWERS.admin, { types: [`news' OR type = 'document`] }));
    expect(result).toEqual({ hits: [], total: 0, more: false, facets: { [`news' OR type = 'document`]: 0 }, totalIsExact: true, facetsAreExact: true });
  });

  it('returns the fields of a hit and a snippet with the matched words between the markers', async () => {
    const filler = Array.from({ length: 40 }, (_, i) => `mot${i}`).join(' ');
    await provider.upsert([doc('news:budget', { title: 'Budget 2026', body: `${filler} le budget fédéral est adopté. ${filler}` })]);
    const { hits } = await provider.search(query(VIEWERS.admin, { text: 'budget' }));
    expect(hits).toEqual([
      { id: 'news:budget', type: 'news', title: 'Budget 2026', link: '/intranet/news/budget', date: '2026-03-01T10:00:00.000Z', snippet: expect.any(String) },
    ]);
    const { snippet } = hits[0];
    expect(snippet).toContain(`${MARK_START}budget${MARK_END} fédéral`);
    expect(snippet.startsWith('…') && snippet.endsWith('…')).toBe(true);
    expect(snippet.split(' ').length).toBeLessThanOrEqual(30);
  });
});

describe('fingerprints and counts', () => {
  beforeEach(() => provider.setup());

  it('pages through the documents of a type: id → hash', async () => {
    await provider.upsert([...DOCS, ...Array.from({ length: 2100 }, (_, i) => doc(`proposal:p${i}`))]);
    expect(await provider.fingerprints('news')).toEqual(new Map(DOCS.filter((d) => d.type === 'news').map((d) => [d.id, d.hash])));
    const proposals = await provider.fingerprints('proposal');
    expect(proposals.size).toBe(2101);
    expect(proposals.get('proposal:p2099')).toBe('hash-proposal:p2099');
    const fetches = fake.requestsTo('POST', '/indexes/intranet/documents/fetch').map((r) => r.body);
    expect(fetches).toEqual([
      { filter: `type = 'news'`, fields: ['id', 'hash'], limit: 1000, offset: 0 },
      ...[0, 1000, 2000].map((offset) => ({ filter: `type = 'proposal'`, fields: ['id', 'hash'], limit: 1000, offset })),
    ]);
  });

  it('counts the documents of each type in one empty search', async () => {
    await provider.upsert(DOCS);
    expect(await provider.counts()).toEqual({ document: 4, news: 3, contribution: 2, proposal: 1 });
    expect(fake.requestsTo('POST', '/indexes/intranet/search').map((r) => r.body)).toEqual([{ q: '', limit: 0, facets: ['type'] }]);
  });
});

describe('API key', () => {
  it('sends the key as a bearer token; a wrong key is refused', async () => {
    const guarded = new FakeMeilisearch('master-key');
    const host = await guarded.start();
    try {
      await createMeilisearchProvider({ host, apiKey: 'master-key' }).setup();
      expect(guarded.indexes.has('intranet')).toBe(true);
      await expect(createMeilisearchProvider({ host, apiKey: 'wrong' }).counts()).rejects.toThrow('The provided API key is invalid.');
    } finally {
      await guarded.stop();
    }
  });
});
