import { randomBytes } from 'node:crypto';
import { ROLES } from '@intranet-militant/shared';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeilisearchProvider } from '../server/src/providers/meilisearch';
import { MARK_END, MARK_START, type IndexedDocument, type SearchProvider, type SearchQuery, type Viewer } from '../server/src/providers/types';
import { addresses } from '@intranet-militant/shared';
import type { IndexedDocument as StoredDocument, Viewer as Reader } from '../server/src/providers/types';

/** The shared audience rule, `reader` reach: the reference every provider must agree with. */
const mayView = (viewer: Reader, doc: StoredDocument) => addresses(viewer, doc, 'reader');
import { indexedDocument } from './support/documents';

// Against a real Meilisearch: MEILISEARCH_HOST (and MEILISEARCH_API_KEY when it has a master key).
// What the fake cannot show: French tokenization, accents, typos, synonyms, the real filter engine.
const host = process.env.MEILISEARCH_HOST;
const apiKey = process.env.MEILISEARCH_API_KEY;

const TYPES = ['document', 'news', 'contribution'];

const doc = (id: string, title: string, body: string, over: Partial<IndexedDocument> = {}) => indexedDocument(id, { title, body, ...over });

const DOCS: IndexedDocument[] = [
  doc('document:elections', 'Calendrier', 'Le calendrier des élections municipales et le dépôt des listes.'),
  doc('news:cotisation', 'Rappel', 'La cotisation annuelle est à régler avant le premier mars.', { audience: 'federation', federationId: 1 }),
  doc('news:ag', 'Convocation', "L'assemblée générale de la section se tiendra samedi.", { audience: 'section', federationId: 1, sectionId: 11 }),
  doc('document:gard', 'Tract', 'Tract de la fédération du Gard pour le marché.', { audience: 'federation', federationId: 2 }),
  doc('document:staff', 'Notes', "Notes internes de l'équipe fédérale.", { audience: 'federation', federationId: 1, roles: [ROLES.federationStaff] }),
  doc('contribution:mine', 'Ma contribution', 'Proposition sur les transports.', { audience: 'section', federationId: 2, sectionId: 21, roles: [ROLES.federationStaff], ownerUserId: 100 }),
];

const VIEWERS: Viewer[] = [
  { role: ROLES.member, userId: 100, federationId: 1, sectionId: 11 },
  { role: ROLES.sectionSecretary, userId: 101, federationId: 1, sectionId: 12 },
  { role: ROLES.federationStaff, userId: 102, federationId: 1, sectionId: null },
  { role: ROLES.nationalAdmin, userId: 103, federationId: null, sectionId: null },
];
const ADMIN = VIEWERS[3];

const query = (text: string, viewer: Viewer): SearchQuery => ({ text, types: TYPES, viewer, offset: 0, limit: 20 });
const ids = (items: { id: string }[]) => items.map((d) => d.id).sort();

describe.skipIf(!host)('Meilisearch provider against a real server', () => {
  const index = `intranet_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let provider: SearchProvider;

  beforeAll(async () => {
    provider = createMeilisearchProvider({ host: host!, apiKey, index });
    await provider.setup();
    await provider.upsert(DOCS);
  });

  afterAll(async () => {
    await new Meilisearch({ host: host!, apiKey }).deleteIndex(index).waitTask();
  });

  it('applies the settings, idempotently', async () => {
    await provider.setup();
    const settings = await new Meilisearch({ host: host!, apiKey }).index(index).getSettings();
    expect(settings.searchableAttributes).toEqual(['title', 'body']);
    expect([...(settings.filterableAttributes ?? [])].sort()).toEqual(['audience', 'federationId', 'ownerUserId', 'roles', 'sectionId', 'type']);
    expect(settings.stopWords).toEqual(expect.arrayContaining(['le', 'les']));
    expect(settings.typoTolerance?.minWordSizeForTypos).toEqual({ oneTypo: 4, twoTypos: 8 });
  });

  it('finds « élections » from « election », with the matched word marked in the snippet', async () => {
    const { hits } = await provider.search(query('election', ADMIN));
    expect(hits[0].id).toBe('document:elections');
    expect(hits[0].snippet).toContain(MARK_START);
    expect(hits[0].snippet).toContain(MARK_END);
  });

  it('forgives a one-letter typo', async () => {
    expect((await provider.search(query('cotisaton', ADMIN))).hits[0]?.id).toBe('news:cotisation');
  });

  it('expands the synonyms: « AG » finds the assemblée générale', async () => {
    expect(ids((await provider.search(query('AG', VIEWERS[0]))).hits)).toContain('news:ag');
  });

  it('returns to each viewer exactly what mayView allows, and counts it', async () => {
    for (const viewer of VIEWERS) {
      const visible = DOCS.filter((d) => mayView(viewer, d));
      const result = await provider.search(query('', viewer));
      expect(ids(result.hits), viewer.role).toEqual(ids(visible));
      expect(result.total).toBe(visible.length);
      expect(result.facets).toEqual(Object.fromEntries(TYPES.map((t) => [t, visible.filter((d) => d.type === t).length])));
    }
  });

  it('removes documents, and reports fingerprints and counts', async () => {
    await provider.remove(['document:gard']);
    expect(ids((await provider.search(query('tract', ADMIN))).hits)).toEqual([]);
    expect(await provider.fingerprints('document')).toEqual(new Map([
      ['document:elections', 'hash-document:elections'],
      ['document:staff', 'hash-document:staff'],
    ]));
    expect(await provider.counts()).toEqual({ document: 2, news: 2, contribution: 1 });
  });
});
