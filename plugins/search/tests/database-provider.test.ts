import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootStrapi } from '../../../tests/support/strapi';
import { createWorld, type World } from '../../../tests/support/factories';
import { createDatabaseProvider } from '../server/src/providers/database';
import { MARK_END, MARK_START, type IndexedDocument, type SearchProvider, type Viewer } from '../server/src/providers/types';
import { addresses } from '@intranet-militant/shared';
import type { IndexedDocument as StoredDocument, Viewer as Reader } from '../server/src/providers/types';

/** The shared audience rule, `reader` reach: the reference every provider must agree with. */
const mayView = (viewer: Reader, doc: StoredDocument) => addresses(viewer, doc, 'reader');
import { indexedDocument } from './support/documents';

/**
 * The default provider on the database the run uses (SQLite, or PostgreSQL with
 * DATABASE_CLIENT=postgres), with the tables its migration created.
 */
let w: World;
let provider: SearchProvider;
let docs: IndexedDocument[];
const TYPES = ['fixture', 'fixture-staff'];

const doc = (key: string, over: Partial<IndexedDocument>): IndexedDocument =>
  indexedDocument(`fixture:${key}`, { title: '', body: '', date: '2026-01-01T00:00:00.000Z', link: `/fixtures/${key}`, hash: `h-${key}`, ...over });

const viewerOf = (m: { user: { id: number }; member?: any }, role: Viewer['role'], federationId: number | null, sectionId: number | null): Viewer => ({
  role, userId: m.user.id, federationId, sectionId,
});
let member: Viewer, memberB: Viewer, staff: Viewer, otherMember: Viewer, national: Viewer;

async function ids(text: string, viewer: Viewer, extra: { type?: string; offset?: number; limit?: number } = {}) {
  const results = await provider.search({ text, types: TYPES, viewer, offset: extra.offset ?? 0, limit: extra.limit ?? 20, type: extra.type });
  return results.hits.map((h) => h.id.replace('fixture:', '').replace('fixture-staff:', ''));
}

beforeAll(async () => {
  w = await createWorld();
  provider = createDatabaseProvider((await bootStrapi()) as any);
  member = viewerOf(w.member, 'member', w.federation.id, w.sectionA.id);
  memberB = viewerOf(w.memberB, 'member', w.federation.id, w.sectionB.id);
  staff = viewerOf(w.staff, 'federation-staff', w.federation.id, w.sectionA.id);
  otherMember = viewerOf(w.otherMember, 'member', w.other.id, w.otherSection.id);
  national = { role: 'national-admin', userId: w.national.user.id, federationId: null, sectionId: null };
  docs = [
    doc('elections', { title: 'Élections internes de 2027', body: 'Le calendrier des élections internes est publié : candidatures jusqu’au 15 mars.', audience: 'federation', federationId: w.federation.id }),
    doc('accueil', { title: 'Formation des nouveaux adhérents', body: 'Un parcours d’accueil avec un parrain ou une marraine pour chaque nouvel adhérent.' }),
    doc('section', { title: 'Réunion de section', body: 'Ordre du jour : cotisations annuelles et tractage du marché.', audience: 'section', federationId: w.federation.id, sectionId: w.sectionA.id }),
    doc('ailleurs', { title: 'Élection du bureau fédéral', body: 'Appel à candidatures pour le bureau.', audience: 'federation', federationId: w.other.id }),
    doc('interne', { id: 'fixture-staff:interne', type: 'fixture-staff', title: 'Contribution sur les transports', body: 'Des transports en commun le dimanche.', audience: 'federation', federationId: w.federation.id, roles: ['federation-staff', 'national-admin'], ownerUserId: w.member.user.id }),
    doc('velo', { title: 'Aménagements', body: 'Une piste cyclable entre Nîmes et Alès, sans voiture : le vélo au quotidien.', date: '2026-03-01T00:00:00.000Z' }),
    doc('voiture', { title: 'Voiture électrique', body: 'Des bornes de recharge sur les parkings.', date: '2026-02-01T00:00:00.000Z' }),
    doc('balise', { title: 'Code <b>gras</b>', body: 'Un texte avec <script>alert("x")</script> et des balises.' }),
  ];
  await provider.upsert(docs);
});

afterAll(async () => {
  await provider.remove(docs.map((d) => d.id));
});

describe('the database provider', () => {
  it('finds « élections » when typed « election », singular and without accent', async () => {
    expect(await ids('election', member)).toEqual(['elections']);
    expect(await ids('ÉLECTIONS', member)).toEqual(['elections']);
  });

  it('matches plural and singular', async () => {
    expect(await ids('cotisation annuelle', member)).toEqual(['section']);
    expect(await ids('adherents', member)).toEqual(['accueil']);
  });

  it('still finds a word with a one-letter typo (missing, extra, wrong or swapped letter)', async () => {
    for (const typo of ['electon', 'elections', 'électiions', 'elcetion']) expect(await ids(typo, member), typo).toEqual(['elections']);
    expect(await ids('parain', member)).toEqual(['accueil']);
    expect(await ids('cotisatoins', member)).toEqual(['section']);
  });

  it('never returns another federation’s or section’s documents', async () => {
    expect(await ids('election', otherMember)).toEqual(['ailleurs']);
    expect(await ids('cotisations', memberB)).toEqual([]);
    expect(await ids('cotisations', staff)).toEqual(['section']); // staff see their federation's sections
    expect((await ids('election', national)).sort()).toEqual(['ailleurs', 'elections']);
  });

  it('hides a staff-only type from members, but not from its owner', async () => {
    expect(await ids('transports', memberB)).toEqual([]);
    expect(await ids('transports', staff)).toEqual(['interne']);
    expect(await ids('transports', member)).toEqual(['interne']); // its author
    expect(await ids('transports', viewerOf(w.otherStaff, 'federation-staff', w.other.id, w.otherSection.id))).toEqual([]);
  });

  it('returns exactly what each viewer may see', async () => {
    for (const viewer of [member, memberB, staff, otherMember, national]) {
      for (const text of ['election', 'candidatures', 'transports', 'cotisations', 'velo ou voiture']) {
        const visible = docs.filter((d) => mayView(viewer, d)).map((d) => d.id);
        const found = (await provider.search({ text, types: TYPES, viewer, offset: 0, limit: 50 })).hits.map((h) => h.id);
        for (const id of found) expect(visible, `${text} for ${viewer.role}`).toContain(id);
      }
    }
  });

  it('reads the web-search syntax: phrases, exclusions, alternatives', async () => {
    expect(await ids('"piste cyclable"', member)).toEqual(['velo']);
    expect(await ids('"cyclable piste"', member)).toEqual([]);
    // A phrase keeps its gaps, stop words included, on both databases.
    expect(await ids('"ordre du jour"', member)).toEqual(['section']);
    expect(await ids('"ordre jour"', member)).toEqual([]);
    expect(await ids('"tractage marché"', member)).toEqual([]);
    expect(await ids('"tractage du marché"', member)).toEqual(['section']);
    expect(await ids('voiture -recharge', member)).toEqual(['velo']);
    expect((await ids('velo ou recharge', member)).sort()).toEqual(['velo', 'voiture']);
  });

  it('ranks a word in the title above the same word in the body', async () => {
    expect(await ids('voiture', member)).toEqual(['voiture', 'velo']);
  });

  it('counts per type over every type, narrows hits by type, and pages', async () => {
    const all = await provider.search({ text: 'transports ou election', types: TYPES, viewer: staff, offset: 0, limit: 20 });
    expect(all.facets).toEqual({ fixture: 1, 'fixture-staff': 1 });
    expect(all.total).toBe(2);
    const narrowed = await provider.search({ text: 'transports ou election', types: TYPES, type: 'fixture-staff', viewer: staff, offset: 0, limit: 20 });
    expect(narrowed.hits.map((h) => h.id)).toEqual(['fixture-staff:interne']);
    expect(narrowed.total).toBe(1);
    expect(narrowed.facets).toEqual(all.facets);
    const [first, second] = [await ids('voiture', member, { limit: 1 }), await ids('voiture', member, { limit: 1, offset: 1 })];
    expect([first, second]).toEqual([['voiture'], ['velo']]);
    const beyond = await provider.search({ text: 'voiture', types: TYPES, viewer: member, offset: 40, limit: 20 });
    expect([beyond.hits.length, beyond.total]).toEqual([0, 2]);
  });

  it('marks the matched words in the snippet and leaves markup as text', async () => {
    const [hit] = (await provider.search({ text: 'elections', types: TYPES, viewer: member, offset: 0, limit: 1 })).hits;
    expect(hit.snippet).toContain(`${MARK_START}élections${MARK_END}`);
    expect(hit).toMatchObject({ title: 'Élections internes de 2027', link: '/fixtures/elections', type: 'fixture' });
    const [tagged] = (await provider.search({ text: 'balises', types: TYPES, viewer: member, offset: 0, limit: 1 })).hits;
    // Plain text (PostgreSQL drops tags, SQLite keeps them as text): the API escapes it.
    expect(tagged.snippet).toContain(`${MARK_START}balises${MARK_END}`);
    expect(tagged.snippet).toContain('alert');
  });

  it('reads French the same way on both databases: the other number, compounds, elisions, decomposed accents, ligatures (issue 10)', async () => {
    const french = [
      doc('elus', { title: 'Formation des élus', body: 'Un cycle pour les conseillers municipaux.' }),
      doc('elu', { title: 'Guide de l’élu', body: 'Ce que doit savoir un conseiller.' }),
      doc('porte', { title: 'Communication', body: 'Le porte parole de la fédération répond à la presse.' }),
      doc('compose', { title: 'Presse', body: 'Une porte-parole nommée pour la campagne.' }),
      doc('adhesion', { title: 'Renouveler l’adhésion', body: 'Le bulletin d’adhésion est en ligne.' }),
      doc('coeur', { title: 'Au cœur des quartiers', body: 'Des permanences chaque samedi.' }),
      doc('nfd', { title: 'Cahier de vote', body: `Les e\u0301lus ruraux du canton.` }),
    ];
    await provider.upsert(french);
    try {
      expect((await ids('élu', member)).sort()).toEqual(['elu', 'elus', 'nfd']);
      expect((await ids('élus', member)).sort()).toEqual(['elu', 'elus', 'nfd']);
      expect((await ids('ELUS', member)).sort()).toEqual(['elu', 'elus', 'nfd']);
      expect(await ids('e\u0301lus ruraux', member)).toEqual(['nfd']); // typed decomposed too
      expect((await ids('porte-parole', member)).sort()).toEqual(['compose', 'porte']);
      expect((await ids('porte parole', member)).sort()).toEqual(['compose', 'porte']);
      expect((await ids('"porte parole"', member)).sort()).toEqual(['compose', 'porte']);
      for (const text of ['l’adhésion', "l'adhésion", 'adhésion', 'adhesions']) expect(await ids(text, member), text).toEqual(['adhesion']);
      expect(await ids('coeur', member)).toEqual(['coeur']);
      expect(await ids('cœur', member)).toEqual(['coeur']);
      expect(await ids('élus -formation', member)).not.toContain('elus');
    } finally {
      await provider.remove(french.map((d) => d.id));
    }
  });

  it('treats injection attempts and stop words as text, never as SQL or FTS syntax', async () => {
    for (const text of [`'); DROP TABLE search_documents; --`, 'title:election OR 1=1', 'NEAR(a b) * ^ " \\', 'le la les de', '-election']) {
      const results = await provider.search({ text, types: TYPES, viewer: member, offset: 0, limit: 5 });
      expect(Array.isArray(results.hits), text).toBe(true);
    }
    expect(await ids('le la les de', member)).toEqual([]);
    expect(await ids('election', member)).toEqual(['elections']); // the table is still there
  });

  it('indexes a long document (more distinct words than one SQLite statement takes)', async () => {
    const words = Array.from({ length: 700 }, (_, i) => `mot${i.toString(36)}x${'abcdefghij'[i % 10]}`).join(' ');
    await provider.upsert([doc('long', { title: 'Lexique', body: `${words} paragraphe final` })]);
    expect(await ids('paragraphe', member)).toContain('long');
    await provider.remove(['fixture:long']);
  });

  it('ranks by tier then date: the title holds every word first, then the newest first, the same as ranking every match', async () => {
    const ranked = [
      doc('t-old', { title: 'Fête de la rose', body: 'Buvette.', date: '2020-01-01T00:00:00.000Z' }),
      doc('t-new', { title: 'Rose et fête', body: 'Stands.', date: '2024-01-01T00:00:00.000Z' }),
      doc('b-new', { title: 'Programme', body: 'Une fête avec une rose pour chacun.', date: '2025-06-01T00:00:00.000Z' }),
      doc('b-january', { title: 'Janvier', body: 'Vœux, fête et rose.', date: '2025-01-15T00:00:00.000Z' }), // b-new's year, older: PostgreSQL reads a tier year by year
      doc('b-old', { title: 'Fête', body: 'La rose du quartier.', date: '2021-01-01T00:00:00.000Z' }), // one word only in the title
      doc('b-undated', { title: 'Roses', body: 'Une fête.', date: null }),
      doc('b-tie', { title: 'Note', body: 'Fête, rose.', date: '2021-01-01T00:00:00.000Z' }), // b-old's date: the id decides
    ];
    await provider.upsert(ranked);
    try {
      const order = ['t-new', 't-old', 'b-new', 'b-january', 'b-old', 'b-tie', 'b-undated'];
      expect(await ids('fete rose', member)).toEqual(order);
      const exhaustive = createDatabaseProvider((await bootStrapi()) as any, { countCap: 1_000_000, exhaustive: true });
      expect((await exhaustive.search({ text: 'fete rose', types: TYPES, viewer: member, offset: 0, limit: 20 })).hits.map((h) => h.id.replace('fixture:', ''))).toEqual(order);
      // SQLite reads a common word's tiers along the date index: the same order (here from the first match on).
      const walker = createDatabaseProvider((await bootStrapi()) as any, { countCap: 500, walkFrom: 1 });
      const walked = async (text: string, offset = 0, limit = 20) =>
        (await walker.search({ text, types: TYPES, viewer: member, offset, limit })).hits.map((h) => h.id.replace('fixture:', ''));
      expect(await walked('fete rose')).toEqual(order);
      // Pages cut the same order, across the tiers.
      for (let offset = 0; offset < order.length; offset += 2) {
        expect(await ids('fete rose', member, { offset, limit: 2 })).toEqual(order.slice(offset, offset + 2));
        expect(await walked('fete rose', offset, 2)).toEqual(order.slice(offset, offset + 2));
      }
      // An excluded word in a title-tier document's body takes it out entirely.
      expect(await ids('fete rose -stands', member)).toEqual(['t-old', 'b-new', 'b-january', 'b-old', 'b-tie', 'b-undated']);
      expect(await walked('fete rose -stands')).toEqual(['t-old', 'b-new', 'b-january', 'b-old', 'b-tie', 'b-undated']);
      // Visibility holds on the walk too: another federation's member sees none of them.
      expect((await walker.search({ text: 'fete rose', types: TYPES, viewer: otherMember, offset: 0, limit: 20 })).hits.map((h) => h.id)).toEqual(
        (await provider.search({ text: 'fete rose', types: TYPES, viewer: otherMember, offset: 0, limit: 20 })).hits.map((h) => h.id)
      );
    } finally {
      await provider.remove(ranked.map((d) => d.id));
    }
  });

  it.runIf(process.env.DATABASE_CLIENT === 'postgres')('counts up to its cap on PostgreSQL, and pages through both tiers', async () => {
    const bounded = createDatabaseProvider((await bootStrapi()) as any, { countCap: 2 });
    const search = (text: string, extra: { offset?: number; limit?: number } = {}) =>
      bounded.search({ text, types: TYPES, viewer: national, offset: extra.offset ?? 0, limit: extra.limit ?? 10 });
    // The title match (older), then the body match.
    expect((await search('voiture')).hits.map((h) => h.id)).toEqual(['fixture:voiture', 'fixture:velo']);
    expect((await search('voiture', { offset: 1, limit: 1 })).hits.map((h) => h.id)).toEqual(['fixture:velo']); // the body tier after an exhausted title tier
    const few = await search('election');
    expect([few.total, few.totalIsExact, few.facetsAreExact]).toEqual([2, true, true]); // two matches: counted exactly
    const many = await search('election ou voiture ou velo ou transports');
    expect([many.total, many.totalIsExact, many.facetsAreExact]).toEqual([2, false, false]); // « more than 2 »
    expect(many.facets.fixture).toBeLessThanOrEqual(2); // lower bounds, within the cap
  });

  it('counts a little past the page (countAhead), each page further, never past countCap', async () => {
    const ahead = createDatabaseProvider((await bootStrapi()) as any, { countCap: 3, countAhead: 1 });
    const search = (offset: number) => ahead.search({ text: 'election ou voiture ou velo ou transports', types: TYPES, viewer: national, offset, limit: 1 });
    const everything = await provider.search({ text: 'election ou voiture ou velo ou transports', types: TYPES, viewer: national, offset: 0, limit: 20 });
    expect(everything.total).toBe(5); // elections, ailleurs, voiture, velo, interne: 5 matches for the national admin
    const pages = await Promise.all([0, 1, 2, 3].map(search));
    expect(pages.map((r) => [r.total, r.totalIsExact, r.hits.length])).toEqual([
      [1, false, 1], // « plus de 1 »: one page, the next one reachable from it
      [2, false, 1],
      [3, false, 1],
      [3, false, 0], // the cap: no page past it
    ]);
    expect(pages.slice(0, 3).map((r) => r.hits[0].id)).toEqual(everything.hits.slice(0, 3).map((h) => h.id)); // the same order as one page
  });

  it.runIf(process.env.DATABASE_CLIENT === 'postgres')('PostgreSQL: the page and the count run as named prepared statements, one name per shape whatever the words (issue 13)', async () => {
    const knex = (await bootStrapi()).db.connection;
    const named: { sql: string; name?: string }[] = [];
    const listen = (q: { sql: string; options?: { name?: string } }) => {
      if (/search_documents/.test(q.sql) && /^\s*with recursive/i.test(q.sql)) named.push({ sql: q.sql, name: q.options?.name });
    };
    knex.on('query', listen);
    try {
      // Same shape (one word, same viewer and types), other words: the same two names.
      for (const text of ['élections', 'vélo', 'transports']) await provider.search({ text, types: TYPES, viewer: member, offset: 0, limit: 20 });
      // Another viewer's visibility is another shape: other names.
      await provider.search({ text: 'vélo', types: TYPES, viewer: national, offset: 0, limit: 20 });
    } finally {
      knex.removeListener('query', listen);
    }
    expect(named).toHaveLength(8);
    expect(named.every((q) => /^search_[0-9a-f]{24}$/.test(q.name ?? ''))).toBe(true);
    const member3 = named.slice(0, 6);
    expect(new Set(member3.map((q) => q.name)).size).toBe(2);
    // One name is always one text (pg refuses a name given twice with two texts).
    for (const q of named) expect(named.filter((o) => o.name === q.name).every((o) => o.sql === q.sql)).toBe(true);
    expect(new Set(named.map((q) => q.name)).size).toBe(4);
    // And the answers are those of the statements themselves (the provider's other tests).
    expect(await ids('vélo', member)).toEqual(['velo']);
  });

  it('replaces a document on upsert, removes it, and reports fingerprints and counts', async () => {
    await provider.upsert([{ ...docs[6], title: 'Voiture partagée', hash: 'h-changed' }]);
    expect(await ids('partagee', member)).toEqual(['voiture']);
    expect(await ids('electrique', member)).toEqual([]);
    expect((await provider.fingerprints('fixture')).get('fixture:voiture')).toBe('h-changed');
    await provider.remove(['fixture:voiture', 'fixture:unknown']);
    expect(await ids('partagee', member)).toEqual([]);
    expect((await provider.counts()).fixture).toBe(docs.length - 2);
  });
});
