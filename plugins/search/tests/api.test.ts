import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { paragraphs } from '../../../src/content/blocks';
import { indexedDocument } from './support/documents';
import { indexSettled } from './support/index-state';

let w: World;
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function publish(uid: string, data: Record<string, unknown>) {
  return (await bootStrapi()).documents(uid as any).create({ data: data as any, status: 'published' });
}

async function search(token: string, query: Record<string, string | number>) {
  return (await api()).get('/api/search').query(query).set(bearer(token));
}

const titles = (res: any) => res.body.data.map((h: any) => h.title);

beforeAll(async () => {
  w = await createWorld();
  const tag = w.federation.departmentCode;
  await publish('api::document.document', { title: `Statuts de la mutuelle ${tag}`, body: paragraphs('Les statuts adoptés au congrès.'), audience: 'national' });
  await publish('api::document.document', {
    title: `Compte rendu du conseil ${tag}`, body: paragraphs('Le conseil fédéral a préparé les élections municipales.'), audience: 'federation', federation: w.federation.id,
  });
  await publish('api::document.document', { title: `Tractage du marché ${tag}`, body: paragraphs('Rendez-vous samedi pour les élections.'), audience: 'section', section: w.sectionA.id });
  await publish('api::document.document', { title: `Élections ailleurs ${tag}`, body: paragraphs('Calendrier électoral.'), audience: 'federation', federation: w.other.id });
  await (await bootStrapi()).documents('api::document.document' as any).create({
    data: { title: `Brouillon des élections ${tag}`, audience: 'federation', federation: w.federation.id } as any,
  });
  await publish('api::article.article', { title: `Victoire aux élections ${tag}`, summary: 'Une belle soirée <b>électorale</b>.', audience: 'federation', federation: w.federation.id });
  await indexSettled();
});

describe('GET /api/search', () => {
  it.each(['/api/search', '/api/search/count'])('%s: 401 anonymous, 403 without an intranet role, 403 when the federation switched search off', async (path) => {
    const http = await api();
    expectError(await http.get(path).query({ q: 'élections' }), 401);
    expectError(await http.get(path).query({ q: 'élections' }).set(bearer(w.outsider.token)), 403);
    const switches = (await bootStrapi()).plugin('modules').service('switches');
    await switches.set(w.federation.id, 'search', false);
    try {
      expectError(await http.get(path).query({ q: 'élections' }).set(bearer(w.member.token)), 403, 'Le module « Recherche » n’est pas activé pour votre fédération.');
      expect((await http.get(path).query({ q: 'élections' }).set(bearer(w.otherMember.token))).status).toBe(200);
    } finally {
      await switches.set(w.federation.id, 'search', true);
    }
  });

  it('answers 400 with a French message for a missing, empty or oversized query, a bad page or an unknown type', async () => {
    expect(badRequest(await search(w.member.token, {})).q).toBe('Saisissez ce que vous cherchez (paramètre q).');
    // Given, but not one text: told so, not asked for.
    const nested = await (await api()).get('/api/search?q[a]=b').set(bearer(w.member.token));
    expect(expectError(nested, 400).details.errors.map((e: { path: string[]; message: string }) => [e.path.join('.'), e.message])).toEqual([['q', 'La recherche est un texte (paramètre q).']]);
    expect(badRequest(await search(w.member.token, { q: '   ' })).q).toBe('Saisissez au moins un mot.');
    expect(badRequest(await search(w.member.token, { q: '\u200b\u3164' })).q).toBe('Saisissez au moins un mot.');
    expect(badRequest(await search(w.member.token, { q: 'x'.repeat(201) })).q).toBe('La recherche est limitée à 200 caractères.');
    expect(badRequest(await search(w.member.token, { q: 'vote', page: 0 })).page).toBe('Les pages commencent à 1.');
    expect(badRequest(await search(w.member.token, { q: 'vote', pageSize: 500 })).pageSize).toBe('50 résultats par page au plus.');
    expectError(await search(w.member.token, { q: 'vote', type: 'sondage' }), 400, 'Type « sondage » inconnu ou indisponible.');
    expect(badRequest(await search(w.member.token, { q: 'vote', tri: 'date' }))).toBeDefined();
    // A parameter given twice is told as such, not as missing.
    const twice = await (await api()).get('/api/search?q=a&q=b').set(bearer(w.member.token));
    expect(expectError(twice, 400).details.errors).toEqual([{ path: ['q'], message: 'Ce paramètre est donné plusieurs fois : une seule valeur est attendue.', name: 'ValidationError' }]);
    const pages = await (await api()).get('/api/search?q=vote&page=1&page=2').set(bearer(w.member.token));
    expect(expectError(pages, 400).details.errors.map((e: { path: string[]; message: string }) => [e.path.join('.'), e.message])).toEqual([['page', 'Ce paramètre est donné plusieurs fois : une seule valeur est attendue.']]);
  });

  it('finds what the member may read, with highlighted snippets, types and facets', async () => {
    const res = await search(w.member.token, { q: 'election' });
    expect(res.status).toBe(200);
    const tag = w.federation.departmentCode;
    expect(titles(res).sort()).toEqual([`Compte rendu du conseil ${tag}`, `Tractage du marché ${tag}`, `Victoire aux élections ${tag}`].sort());
    const article = res.body.data.find((h: any) => h.type === 'article');
    expect(article).toMatchObject({ typeLabel: 'Actualités', link: expect.stringMatching(/^\/news\//), date: expect.any(String) });
    expect(article.snippet).not.toContain('<b>'); // content markup is never HTML in a snippet
    const report = res.body.data.find((h: any) => h.title.startsWith('Compte rendu'));
    expect(report.snippet).toMatch(/<mark>élections<\/mark> municipales/);
    expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 10, total: 3, pageCount: 1, totalIsExact: true });
    expect(res.body.meta.facets.every((f: any) => f.exact === true)).toBe(true);
    const facets = Object.fromEntries(res.body.meta.facets.map((f: any) => [f.type, f.count]));
    expect(facets).toMatchObject({ document: 2, article: 1 });
    expect(res.body.meta.facets.find((f: any) => f.type === 'document').label).toBe('Documents');
  });

  it('never shows another federation’s or section’s documents, nor drafts', async () => {
    const tag = w.federation.departmentCode;
    expect(titles(await search(w.memberB.token, { q: 'élections' }))).not.toContain(`Tractage du marché ${tag}`);
    expect(titles(await search(w.staff.token, { q: 'élections' }))).toContain(`Tractage du marché ${tag}`);
    expect(titles(await search(w.otherMember.token, { q: `election ${tag}` }))).toEqual([`Élections ailleurs ${tag}`]);
    expect(titles(await search(w.member.token, { q: `brouillon ${tag}` }))).toEqual([]);
  });

  it('narrows by type, pages, and answers an empty page beyond the end', async () => {
    const onlyNews = await search(w.member.token, { q: 'élections', type: 'article' });
    expect(onlyNews.body.data.map((h: any) => h.type)).toEqual(['article']);
    expect(onlyNews.body.meta.pagination.total).toBe(1);
    const first = await search(w.member.token, { q: 'election', pageSize: 2 });
    const second = await search(w.member.token, { q: 'election', pageSize: 2, page: 2 });
    expect(first.body.data).toHaveLength(2);
    expect(second.body.data).toHaveLength(1);
    expect(new Set([...titles(first), ...titles(second)]).size).toBe(3);
    const beyond = await search(w.member.token, { q: 'election', page: 40 });
    expect(beyond.status).toBe(200);
    expect(beyond.body.data).toEqual([]);
    expect(beyond.body.meta.pagination.total).toBe(3);
  });

  it('tells why a query looks for nothing: only very common words, only exclusions, no word (`meta.reason`)', async () => {
    const http = await api();
    const count = (q: string) => http.get('/api/search/count').query({ q }).set(bearer(w.member.token));
    for (const q of ['le la les', 'De', 'et ou de', 'le -élections']) {
      const res = await search(w.member.token, { q });
      expect(res.status, q).toBe(200);
      expect(res.body, q).toMatchObject({ data: [], meta: { reason: 'stop-words-only', pagination: { total: 0 } } });
      expect((await count(q)).body.data, q).toMatchObject({ reason: 'stop-words-only', pagination: { total: 0 } });
      expect((await search(w.member.token, { q, count: 'false' })).body.meta, q).toMatchObject({ reason: 'stop-words-only', pagination: { more: false } });
    }
    for (const q of ['-élections', '-élections -"conseil fédéral"']) {
      const res = await search(w.member.token, { q });
      expect(res.body, q).toMatchObject({ data: [], meta: { reason: 'exclusions-only' } });
      expect((await count(q)).body.data.reason, q).toBe('exclusions-only');
    }
    expect((await search(w.member.token, { q: '!!! ?' })).body.meta.reason).toBe('no-words');
    // A query with a word to look for has no reason, found or not.
    for (const q of ['élections -marché', 'les élections', 'introuvablissime']) {
      const res = await search(w.member.token, { q });
      expect(res.body.meta, q).not.toHaveProperty('reason');
      expect((await count(q)).body.data, q).not.toHaveProperty('reason');
    }
  });

  it('says « more than » once the provider stops counting (100 matches past the page, 500 at most, on both databases)', async () => {
    const provider = (await bootStrapi()).plugin('search').service('indexer').provider();
    const many = Array.from({ length: 501 }, (_, i) => indexedDocument(`document:kermesse${i}`, { title: `Kermesse numéro ${i}`, body: 'Stands et buvette.', date: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() }));
    await provider.upsert(many);
    try {
      const res = await search(w.member.token, { q: 'kermesse' });
      const facet = res.body.meta.facets.find((f: any) => f.type === 'document');
      // The first page counts 101 matches: « plus de 100 », 10 pages (SEARCH_COUNT_AHEAD).
      expect(res.body.meta.pagination).toMatchObject({ total: 100, totalIsExact: false, pageCount: 10 });
      expect(facet).toMatchObject({ count: 100, exact: false });
      const narrowed = await search(w.member.token, { q: 'kermesse', type: 'document', page: 2 });
      expect(narrowed.body.meta.pagination).toMatchObject({ total: 110, totalIsExact: false, pageCount: 11 }); // each page counts further
      expect(narrowed.body.data).toHaveLength(10); // deeper pages are served
      expect(narrowed.body.data.map((h: any) => h.title)).toEqual(Array.from({ length: 10 }, (_, i) => `Kermesse numéro ${490 - i}`)); // newest first, page 2
      expect(res.body.data).toHaveLength(10);
      // Far pages count up to SEARCH_COUNT_CAP (500), and stop there.
      const far = await search(w.member.token, { q: 'kermesse', page: 45 });
      expect(far.body.meta.pagination).toMatchObject({ total: 500, totalIsExact: false, pageCount: 50 });
      expect(far.body.data.map((h: any) => h.title)).toEqual(Array.from({ length: 10 }, (_, i) => `Kermesse numéro ${60 - i}`));
      const last = await search(w.member.token, { q: 'kermesse', page: 50 });
      expect(last.body.data).toHaveLength(10);
      expect((await search(w.member.token, { q: 'kermesse', page: 51 })).body.data).toEqual([]);
      // The page alone says whether another follows, up to the last page served.
      expect((await search(w.member.token, { q: 'kermesse', page: 49, count: 'false' })).body.meta.pagination.more).toBe(true);
      const lastAlone = await search(w.member.token, { q: 'kermesse', page: 50, count: 'false' });
      expect(lastAlone.body.data).toEqual(last.body.data);
      expect(lastAlone.body.meta.pagination.more).toBe(false);
    } finally {
      await provider.remove(many.map((d) => d.id));
    }
  });

  it('gives the page alone (count=false) and its counts apart (GET /search/count): together, the whole answer', async () => {
    const whole = await search(w.member.token, { q: 'election', pageSize: 2 });
    const pageAlone = await search(w.member.token, { q: 'election', pageSize: 2, count: 'false' });
    expect(pageAlone.status).toBe(200);
    expect(pageAlone.body.data).toEqual(whole.body.data);
    expect(pageAlone.body.meta).toEqual({ pagination: { page: 1, pageSize: 2, more: true } });
    expect((await search(w.member.token, { q: 'election', pageSize: 2, page: 2, count: 'false' })).body.meta.pagination.more).toBe(false);
    expect((await search(w.member.token, { q: 'election', pageSize: 3, count: 'false' })).body.meta.pagination.more).toBe(false);
    expect((await search(w.member.token, { q: 'election', page: 9, count: 'false' })).body).toEqual({ data: [], meta: { pagination: { page: 9, pageSize: 10, more: false } } });
    const counts = await (await api()).get('/api/search/count').query({ q: 'election', pageSize: 2 }).set(bearer(w.member.token));
    expect(counts.status).toBe(200);
    expect(counts.body.data).toEqual(whole.body.meta);
    const narrowed = await (await api()).get('/api/search/count').query({ q: 'élections', type: 'article' }).set(bearer(w.member.token));
    expect(narrowed.body.data.pagination).toMatchObject({ total: 1, totalIsExact: true });
    // What one may not see is not counted either.
    const other = await (await api()).get('/api/search/count').query({ q: 'election' }).set(bearer(w.otherMember.token));
    expect(other.body.data.pagination.total).toBe((await search(w.otherMember.token, { q: 'election' })).body.meta.pagination.total);
    expect(other.body.data.pagination.total).not.toBe(whole.body.meta.pagination.total);
  });

  it('GET /search/count and count=false: 400 with French messages', async () => {
    const http = await api();
    expect(badRequest(await http.get('/api/search/count').query({ q: '  ' }).set(bearer(w.member.token))).q).toBe('Saisissez au moins un mot.');
    expect(badRequest(await http.get('/api/search/count').query({ q: 'vote', count: 'false' }).set(bearer(w.member.token)))).toBeDefined();
    expectError(await http.get('/api/search/count').query({ q: 'vote', type: 'sondage' }).set(bearer(w.member.token)), 400, 'Type « sondage » inconnu ou indisponible.');
    expect(badRequest(await search(w.member.token, { q: 'vote', count: 'peut-être' })).count).toBe('« count » vaut true ou false.');
  });

  it.each(['/api/search', '/api/search/count'])('%s: a query that is not UTF-8 or whose encoding is cut short: 400 in French, on q', async (path) => {
    const http = await api();
    for (const q of ['%FF%FE', 'ab%C3', '%E0%A4%A', 'vote%']) {
      const res = await http.get(`${path}?q=${q}`).set(bearer(w.member.token));
      expectError(res, 400, 'Paramètres invalides. q : Texte mal encodé : ce n’est pas de l’UTF-8 valide ; renvoyez-le encodé en UTF-8.');
      expect(badRequest(res)).toEqual({ q: 'Texte mal encodé : ce n’est pas de l’UTF-8 valide ; renvoyez-le encodé en UTF-8.' });
    }
    expect((await http.get(`${path}?q=%C3%A9lections`).set(bearer(w.member.token))).status).toBe(200);
  });

  it('answers injection attempts as text: 200, never a 500', async () => {
    for (const q of [`' OR 1=1 --`, `"); DROP TABLE search_documents; --`, 'type = contribution OR audience = national', '<script>alert(1)</script>', 'NEAR(a b) * ^']) {
      const res = await search(w.member.token, { q });
      expect(res.status, q).toBe(200);
      expect(JSON.stringify(res.body.data)).not.toContain('<script>');
    }
  });

  it('follows publication: unpublished or deleted, a document leaves the index', async () => {
    const strapi = await bootStrapi();
    const tag = w.federation.departmentCode;
    const doc = await publish('api::document.document', { title: `Motion éphémère ${tag}`, audience: 'national' });
    await indexSettled();
    expect(titles(await search(w.member.token, { q: `motion ephemere ${tag}` }))).toEqual([`Motion éphémère ${tag}`]);
    await strapi.documents('api::document.document' as any).unpublish({ documentId: doc.documentId });
    await indexSettled();
    expect(titles(await search(w.member.token, { q: `motion ephemere ${tag}` }))).toEqual([]);
    await strapi.documents('api::document.document' as any).publish({ documentId: doc.documentId });
    await indexSettled();
    expect(titles(await search(w.member.token, { q: `motion ephemere ${tag}` }))).toHaveLength(1);
    await strapi.documents('api::document.document' as any).delete({ documentId: doc.documentId });
    await indexSettled();
    expect(titles(await search(w.member.token, { q: `motion ephemere ${tag}` }))).toEqual([]);
  });

  it('writes the index change with the content, or not at all', async () => {
    const strapi = await bootStrapi();
    const outbox = () => strapi.db.connection('search_outbox').where({ uid: 'api::document.document' }).count({ n: '*' }).then((r: any) => Number(r[0].n));
    strapi.plugin('search').service('worker').stop();
    try {
      const before = await outbox();
      await expect(
        strapi.db.transaction(async () => {
          await strapi.documents('api::document.document' as any).create({ data: { title: 'Annulé', audience: 'national' } as any, status: 'published' });
          throw new Error('rollback');
        })
      ).rejects.toThrow('rollback');
      expect(await outbox()).toBe(before);
      await publish('api::document.document', { title: 'Gardé', audience: 'national' });
      expect(await outbox()).toBeGreaterThan(before);
    } finally {
      strapi.plugin('search').service('worker').start(5000);
    }
    await indexSettled();
  });
});

describe('search and consultations', () => {
  it('shows proposals once the evaluation opens, contributions to staff and their authors, per the module switch', async () => {
    const strapi = await bootStrapi();
    const http = await api();
    await strapi.plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
    const tag = w.federation.departmentCode;
    const created = await http.post('/api/consultations').set(bearer(w.staff.token)).send({
      title: `Transports ${tag}`, audience: 'federation', opensAt: at(-1),
      phases: { contribution: { endsAt: at(1) }, analysis: { endsAt: at(2) }, evaluation: { endsAt: at(3) }, vote: { endsAt: at(4) } },
    });
    const id = created.body.data.documentId;
    await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'draft' });
    const contribution = await http.post(`/api/consultations/${id}/contributions`).set(bearer(w.member.token)).send({ title: `Navettes gratuites ${tag}`, body: 'Des navettes vers la gare.' });
    expect(contribution.status).toBe(201);
    await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'contribution' });
    await http.post(`/api/consultations/${id}/proposals`).set(bearer(w.staff.token)).send({ title: `Navettes du samedi ${tag}`, sources: [contribution.body.data.documentId] });
    await indexSettled();

    const found = async (token: string, q: string) => titles(await search(token, { q }));
    expect(await found(w.memberB.token, `navettes ${tag}`)).toEqual([]); // analysis: nothing public yet
    expect((await found(w.staff.token, `navettes ${tag}`)).sort()).toEqual([`Navettes gratuites ${tag}`]);
    expect(await found(w.member.token, `navettes ${tag}`)).toEqual([`Navettes gratuites ${tag}`]); // its author

    await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'analysis' });
    await indexSettled();
    expect(await found(w.memberB.token, `navettes ${tag}`)).toEqual([`Navettes du samedi ${tag}`]);
    expect(await found(w.otherMember.token, `navettes ${tag}`)).toEqual([]);
    const staffHits = await search(w.staff.token, { q: `navettes ${tag}` });
    expect(staffHits.body.data.map((h: any) => h.typeLabel).sort()).toEqual(['Contributions', 'Propositions']);

    await strapi.plugin('modules').service('switches').set(w.federation.id, 'consultations', false);
    try {
      const off = await search(w.memberB.token, { q: `navettes ${tag}` });
      expect(off.body.data).toEqual([]);
      expect(off.body.meta.facets.map((f: any) => f.type)).not.toContain('proposal');
      expectError(await search(w.memberB.token, { q: 'navettes', type: 'proposal' }), 400, 'inconnu ou indisponible');
    } finally {
      await strapi.plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
    }
  });
});

describe('types only members allowed to take part find (`activeMembersOnly`, skills profiles)', () => {
  it('are searched by an active member and by an account without member profile, not by a suspended, excluded or departed member', async () => {
    const indexer = (await bootStrapi()).plugin('search').service('indexer');
    const actor = (status: 'active' | 'suspended' | 'excluded' | 'left' | null) => ({
      userId: 1, label: 'Test', role: 'national-admin' as const, memberId: status == null ? null : 1, memberDocumentId: null, federationId: null, sectionId: null, status,
    });
    const types = async (status: Parameters<typeof actor>[0]) => (await indexer.typesFor(actor(status))).map((s: any) => s.searchable.type as string);
    // The rule is `notBarredByMembership`: no membership (null) bars nothing; a membership bars unless the member may take part.
    expect(await types('active')).toContain('skills-profile');
    expect(await types(null)).toContain('skills-profile');
    for (const status of ['suspended', 'excluded', 'left'] as const) {
      const found = await types(status);
      expect(found, status).not.toContain('skills-profile');
      expect(found, status).toContain('document'); // other types stay searchable
    }
  });
});

describe('« Mes données »: what the index holds about the member', () => {
  it('says truthfully that a consenting member’s skills profile is in the index, lists it, and no longer once consent is withdrawn', async () => {
    const strapi = await bootStrapi();
    const http = await api();
    const tag = w.federation.departmentCode;
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    const skill = await http.post('/api/skills/terms').set(bearer(w.national.token)).send({ label: `Maraîchage ${tag}`, kind: 'skill', parent: null, synonyms: [] });
    expect(skill.status, JSON.stringify(skill.body)).toBe(201);
    const saved = await http.put('/api/skills/me/profile').set(bearer(m.token)).send({
      visibility: 'staff', fieldLevels: {}, skills: [{ term: skill.body.data.slug, level: 3 }], networks: [], interests: [], sector: null, willingness: [], hoursPerMonth: null, languages: [],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const consent = await http.post('/api/skills/me/consent').set(bearer(m.token)).send({ version: '2026-12-v1' });
    expect(consent.status, JSON.stringify(consent.body)).toBe(200);
    await indexSettled();
    // Staff find the profile by the member's name…
    const staffHits = await search(w.staff.token, { q: m.member.lastName, type: 'skills-profile' });
    expect(titles(staffHits)).toEqual([expect.stringContaining(m.member.lastName)]);

    // …so « Mes données » says so and lists it, in French (the stored type kept beside its label).
    const subject = { memberId: m.member.id, memberDocumentId: m.member.documentId, userId: m.user.id };
    const part = await strapi.plugin('search').service('personal-data').personalData(subject);
    const [about, owned] = part.sections;
    expect(about.title).toBe('Documents de l’index de recherche qui vous concernent');
    expect(about.note).toContain('Votre fiche de compétences y est tant que vous acceptez de figurer dans l’annuaire des compétences');
    expect(about.note).not.toMatch(/aucune fiche d’adhérent/);
    expect(about.rows).toEqual([
      {
        Type: { value: 'skills-profile', label: 'Fiches compétences' },
        Titre: expect.stringContaining(`${m.member.firstName} ${m.member.lastName}`),
        'Texte indexé': expect.stringContaining(`Maraîchage ${tag}`),
        'Trouvé par': 'les adhérents de la fédération, seulement : Équipe fédérale, Administration nationale',
        Date: null,
      },
    ]);
    expect(owned.rows).toEqual([]);

    const withdrawn = await http.post('/api/skills/me/consent/withdraw').set(bearer(m.token)).send({});
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    await indexSettled();
    expect(titles(await search(w.staff.token, { q: m.member.lastName, type: 'skills-profile' }))).toEqual([]);
    expect((await strapi.plugin('search').service('personal-data').personalData(subject)).sections[0].rows).toEqual([]);
  });

  it('lists the texts linked to the member’s account, their type in French', async () => {
    const strapi = await bootStrapi();
    const part = await strapi.plugin('search').service('personal-data').personalData({ memberId: w.member.member.id, memberDocumentId: w.member.member.documentId, userId: w.member.user.id });
    const owned = part.sections[1];
    expect(owned.title).toBe('Documents de l’index de recherche rattachés à votre compte');
    expect(owned.rows).toEqual([expect.objectContaining({ Type: { value: 'contribution', label: 'Contributions' }, Titre: expect.stringContaining('Navettes gratuites') })]);
    expect(part.sections[0].rows).toEqual([]);
  });
});
