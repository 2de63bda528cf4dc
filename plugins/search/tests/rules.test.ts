import { describe, expect, it } from 'vitest';
import { editDistance, normaliseForWebsearch, parseQuery, typosAllowed } from '../server/src/query-syntax';
import { highlight, snippetHtml } from '../server/src/snippet';
import { MARK_END, MARK_START, type IndexedDocument, type Viewer } from '../server/src/providers/types';
import { addresses, frenchKey } from '@intranet-militant/shared';

const doc = (over: Partial<IndexedDocument>): IndexedDocument => ({
  id: 'x:1', type: 'x', title: '', body: '', date: null, link: '/', facets: {},
  audience: 'national', federationId: null, sectionId: null, roles: [], ownerUserId: null, hash: '', ...over,
});
const viewer = (over: Partial<Viewer>): Viewer => ({ role: 'member', userId: 1, federationId: 30, sectionId: 301, ...over });

/** Who may see a search document: the shared audience rule with the `reader` reach (the providers render it). */
const mayView = (who: Viewer, what: IndexedDocument) => addresses(who, what, 'reader');

describe('who may see a search document (shared audience rule, reader reach)', () => {
  const cases: [string, Viewer, Partial<IndexedDocument>, boolean][] = [
    ['national content, any member', viewer({}), { audience: 'national' }, true],
    ['own federation', viewer({}), { audience: 'federation', federationId: 30 }, true],
    ['another federation', viewer({}), { audience: 'federation', federationId: 13 }, false],
    ['own section', viewer({}), { audience: 'section', federationId: 30, sectionId: 301 }, true],
    ['another section of the federation, member', viewer({}), { audience: 'section', federationId: 30, sectionId: 302 }, false],
    ['another section of the federation, staff', viewer({ role: 'federation-staff' }), { audience: 'section', federationId: 30, sectionId: 302 }, true],
    ['a section of another federation, staff', viewer({ role: 'federation-staff' }), { audience: 'section', federationId: 13, sectionId: 131 }, false],
    ['section secretary, another section', viewer({ role: 'section-secretary' }), { audience: 'section', federationId: 30, sectionId: 302 }, false],
    ['national admin, anywhere', viewer({ role: 'national-admin', federationId: null, sectionId: null }), { audience: 'section', federationId: 13, sectionId: 131 }, true],
    ['staff-only, member', viewer({}), { audience: 'federation', federationId: 30, roles: ['federation-staff', 'national-admin'] }, false],
    ['staff-only, staff', viewer({ role: 'federation-staff' }), { audience: 'federation', federationId: 30, roles: ['federation-staff', 'national-admin'] }, true],
    ['staff-only, staff of another federation', viewer({ role: 'federation-staff', federationId: 13 }), { audience: 'federation', federationId: 30, roles: ['federation-staff'] }, false],
    ['national-admin-only, national admin', viewer({ role: 'national-admin' }), { audience: 'national', roles: ['national-admin'] }, true],
    ['national-admin-only, staff', viewer({ role: 'federation-staff' }), { audience: 'national', roles: ['national-admin'] }, false],
    ['staff-only, its owner', viewer({ userId: 7 }), { audience: 'federation', federationId: 30, roles: ['federation-staff'], ownerUserId: 7 }, true],
    ['staff-only, someone else', viewer({ userId: 8 }), { audience: 'federation', federationId: 30, roles: ['federation-staff'], ownerUserId: 7 }, false],
    ['member without section, section content', viewer({ sectionId: null }), { audience: 'section', federationId: 30, sectionId: 301 }, false],
  ];
  it.each(cases)('%s', (_name, who, what, expected) => {
    expect(mayView(who, doc(what))).toBe(expected);
  });
});

describe('web-search syntax', () => {
  it('reads words, phrases, exclusions and alternatives (ou / or)', () => {
    expect(parseQuery('vélo "piste cyclable" -voiture')).toEqual([
      [{ words: ['vélo'], negated: false }, { words: ['piste', 'cyclable'], negated: false }, { words: ['voiture'], negated: true }],
    ]);
    expect(parseQuery('tram OU bus')).toEqual([[{ words: ['tram'], negated: false }], [{ words: ['bus'], negated: false }]]);
    expect(parseQuery('or ou')).toEqual([]);
    expect(normaliseForWebsearch('tram ou bus')).toBe('tram or bus');
  });

  it('never fails on odd input: quotes left open, symbols, SQL', () => {
    expect(parseQuery('"sans fin')).toEqual([[{ words: ['sans', 'fin'], negated: false }]]);
    expect(parseQuery(`'; DROP TABLE search_documents; --`)).toEqual([
      [{ words: ['drop'], negated: false }, { words: ['table'], negated: false }, { words: ['search', 'documents'], negated: false }],
    ]);
    expect(parseQuery('*** ((( ))) ---')).toEqual([]);
  });

  it('measures typos with transpositions, and allows more on longer words', () => {
    expect(editDistance('electon', 'election', 1)).toBe(1);
    expect(editDistance('elcetion', 'election', 1)).toBe(1); // swapped letters
    expect(editDistance('cotisation', 'cotsiatoin', 2)).toBe(2);
    expect(editDistance('adherent', 'adhesion', 2)).toBe(3); // more than allowed: max + 1
    expect(editDistance('vote', 'voter', 0)).toBe(1);
    expect([typosAllowed('vie'), typosAllowed('vote'), typosAllowed('cotisation')]).toEqual([0, 1, 2]);
  });
});

describe('snippets', () => {
  it('escapes the content and marks only the matched words', () => {
    expect(snippetHtml(`<script>alert(1)</script> ${MARK_START}élections${MARK_END} & "co"`)).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; <mark>élections</mark> &amp; &quot;co&quot;'
    );
  });

  it('cuts around the densest passage and marks every form of the word', () => {
    const filler = Array.from({ length: 40 }, (_, i) => `mot${i}`).join(' ');
    const text = `${filler} Les élections internes ; une élection ouverte. ${filler}`;
    const marked = highlight(text, new Set([frenchKey('election')]), frenchKey, 10);
    expect(marked.startsWith('… ')).toBe(true);
    expect(marked.endsWith(' …')).toBe(true);
    expect(marked).toContain(`${MARK_START}élections${MARK_END}`);
    expect(marked).toContain(`${MARK_START}élection${MARK_END}`);
  });
});
