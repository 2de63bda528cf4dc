import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from './support/strapi';
import { createWorld, type World } from './support/factories';
import { badRequest, bearer, expectError } from './support/expect';
import { paragraphs } from '../src/content/blocks';

let w: World;
const docs: Record<string, any> = {};
let category: any;
let attachment: any;

async function publish(uid: string, data: Record<string, unknown>) {
  const strapi = await bootStrapi();
  return strapi.documents(uid as any).create({ data: data as any, status: 'published' });
}

beforeAll(async () => {
  w = await createWorld();
  const strapi = await bootStrapi();
  category = await strapi.documents('api::document-category.document-category' as any).create({
    data: { name: `Comptes rendus ${w.federation.departmentCode}`, slug: `comptes-rendus-${w.federation.departmentCode.toLowerCase()}` } as any,
  });
  const file = path.join(tmpdir(), `cr-${Date.now()}.txt`);
  writeFileSync(file, 'Compte rendu du conseil fédéral');
  [attachment] = await strapi.plugin('upload').service('upload').upload({
    data: {},
    files: { filepath: file, originalFilename: 'compte-rendu.txt', mimetype: 'text/plain', size: 31 },
  });
  docs.national = await publish('api::document.document', { title: 'Statuts nationaux', body: paragraphs('Article premier.'), audience: 'national' });
  docs.federation = await publish('api::document.document', {
    title: 'Compte rendu du conseil fédéral', body: paragraphs('Présents : 24.'), audience: 'federation',
    federation: w.federation.id, category: category.id, attachments: [attachment.id],
  });
  docs.sectionA = await publish('api::document.document', { title: 'Réunion de la section A', audience: 'section', section: w.sectionA.id });
  docs.sectionB = await publish('api::document.document', { title: 'Réunion de la section B', audience: 'section', section: w.sectionB.id });
  docs.other = await publish('api::document.document', { title: 'Document de l’autre fédération', audience: 'federation', federation: w.other.id });
  docs.draft = await strapi.documents('api::document.document' as any).create({
    data: { title: 'Brouillon', audience: 'federation', federation: w.federation.id } as any,
  });
  docs.news = await publish('api::article.article', { title: 'Nouvelle du Gard', summary: 'Résumé', audience: 'federation', federation: w.federation.id });
  docs.otherNews = await publish('api::article.article', { title: 'Nouvelle d’ailleurs', audience: 'federation', federation: w.other.id });
});

afterAll(async () => {
  await (await bootStrapi()).plugin('upload').service('upload').remove(attachment);
});

const titles = (res: any) => res.body.data.map((d: any) => d.title);

describe('GET /api/documents', () => {
  it('answers 401 anonymous and 403 without an intranet role', async () => {
    const http = await api();
    expectError(await http.get('/api/documents'), 401);
    expectError(await http.get('/api/documents').set(bearer(w.outsider.token)), 403);
  });

  it('lists what the member’s audience allows, published only, with correct counts', async () => {
    const res = await (await api()).get('/api/documents?pageSize=100').set(bearer(w.member.token));
    expect(res.status).toBe(200);
    expect(titles(res)).toEqual(expect.arrayContaining(['Statuts nationaux', 'Compte rendu du conseil fédéral', 'Réunion de la section A']));
    expect(titles(res)).not.toContain('Réunion de la section B');
    expect(titles(res)).not.toContain('Document de l’autre fédération');
    expect(titles(res)).not.toContain('Brouillon');
    expect(res.body.meta.pagination.total).toBe(res.body.data.length);
  });

  it('shows staff every section of their federation, and nothing of another federation', async () => {
    const res = await (await api()).get('/api/documents?pageSize=100').set(bearer(w.staff.token));
    expect(titles(res)).toEqual(expect.arrayContaining(['Réunion de la section A', 'Réunion de la section B']));
    expect(titles(res)).not.toContain('Document de l’autre fédération');
  });

  it('filters by category and rejects an unknown one or bad paging (400)', async () => {
    const http = await api();
    const res = await http.get(`/api/documents?category=${category.slug}`).set(bearer(w.member.token));
    expect(titles(res)).toEqual(['Compte rendu du conseil fédéral']);
    expect(res.body.data[0]).toMatchObject({ category: { slug: category.slug }, excerpt: 'Présents : 24.', attachmentCount: 1 });
    expect(badRequest(await http.get('/api/documents?category=inconnue').set(bearer(w.member.token)))).toEqual({
      category: 'Catégorie inconnue : inconnue.',
    });
    expectError(await http.get('/api/documents?page=0').set(bearer(w.member.token)), 400, 'La page commence à 1.');
    expectError(await http.get('/api/documents?sort=title').set(bearer(w.member.token)), 400);
  });
});

describe('GET /api/documents/:id', () => {
  it('answers 401, and 404 for another federation’s or section’s document as for a draft or unknown one', async () => {
    const http = await api();
    expectError(await http.get(`/api/documents/${docs.federation.documentId}`), 401);
    expectError(await http.get(`/api/documents/${docs.other.documentId}`).set(bearer(w.member.token)), 404, 'Document introuvable.');
    expectError(await http.get(`/api/documents/${docs.sectionB.documentId}`).set(bearer(w.member.token)), 404);
    expectError(await http.get(`/api/documents/${docs.draft.documentId}`).set(bearer(w.member.token)), 404, 'Document introuvable.');
    expectError(await http.get('/api/documents/pas%20valide').set(bearer(w.member.token)), 400);
  });

  it('gives the full document with links to its attachments through the API', async () => {
    const res = await (await api()).get(`/api/documents/${docs.federation.documentId}`).set(bearer(w.member.token));
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      title: 'Compte rendu du conseil fédéral',
      audience: 'federation',
      federation: { documentId: w.federation.documentId },
      body: paragraphs('Présents : 24.'),
    });
    expect(res.body.data.attachments).toEqual([
      expect.objectContaining({ name: 'compte-rendu.txt', url: `/api/documents/${docs.federation.documentId}/attachments/${attachment.id}` }),
    ]);
  });
});

describe('GET /api/documents/:id/attachments/:fileId', () => {
  it('streams the file to readers only', async () => {
    const http = await api();
    const path = `/api/documents/${docs.federation.documentId}/attachments/${attachment.id}`;
    expectError(await http.get(path), 401);
    expectError(await http.get(path).set(bearer(w.otherMember.token)), 404);
    expectError(await http.get(`/api/documents/${docs.national.documentId}/attachments/${attachment.id}`).set(bearer(w.member.token)), 404, 'Pièce jointe introuvable.');
    const res = await http.get(path).set(bearer(w.member.token)).buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString()));
      r.on('end', () => cb(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('Compte rendu du conseil fédéral');
    expect(res.headers['content-disposition']).toContain('compte-rendu.txt');
    expect(res.headers['cache-control']).toBe('private, no-store');
  });
});

describe('news', () => {
  it('lists and shows news by audience; 401 and 404 as for documents', async () => {
    const http = await api();
    expectError(await http.get('/api/news'), 401);
    const list = await http.get('/api/news?pageSize=100').set(bearer(w.member.token));
    expect(titles(list)).toContain('Nouvelle du Gard');
    expect(titles(list)).not.toContain('Nouvelle d’ailleurs');
    expectError(await http.get(`/api/news/${docs.otherNews.documentId}`).set(bearer(w.member.token)), 404, 'Actualité introuvable.');
    expectError(await http.get('/api/news/inconnue').set(bearer(w.member.token)), 404, 'Actualité introuvable.');
    expectError(await http.get('/api/news?category=x').set(bearer(w.member.token)), 400, 'pas de catégorie');
    const one = await http.get(`/api/news/${docs.news.documentId}`).set(bearer(w.member.token));
    expect(one.body.data).toMatchObject({ title: 'Nouvelle du Gard', summary: 'Résumé', attachments: [] });
  });
});

describe('GET /api/document-categories', () => {
  it('lists categories to members; 401 anonymous', async () => {
    const http = await api();
    expectError(await http.get('/api/document-categories'), 401);
    const res = await http.get('/api/document-categories').set(bearer(w.member.token));
    expect(res.body.data).toContainEqual({ name: category.name, slug: category.slug });
  });
});

describe('audience integrity', () => {
  it('refuses inconsistent audiences whoever writes, and fills a section’s federation', async () => {
    const strapi = await bootStrapi();
    const documents = strapi.documents('api::document.document' as any);
    await expect(documents.create({ data: { title: 'X', audience: 'federation' } as any })).rejects.toThrow('Choisissez la fédération destinataire.');
    await expect(documents.create({ data: { title: 'X', audience: 'national', federation: w.federation.id } as any })).rejects.toThrow(/Un contenu national/);
    await expect(
      documents.create({ data: { title: 'X', audience: 'section', section: w.sectionA.id, federation: w.other.id } as any })
    ).rejects.toThrow('La section choisie n’appartient pas à cette fédération.');
    expect(await strapi.db.query('api::document.document').count({ where: { title: 'X' } })).toBe(0);
    const row = await strapi.db.query('api::document.document').findOne({ where: { documentId: docs.sectionA.documentId }, populate: ['federation'] });
    expect(row.federation.id).toBe(w.federation.id);
  });
});


describe('module switched off for the federation', () => {
  it('closes every documents and news route with the module’s 403', async () => {
    const http = await api();
    const switches = (await bootStrapi()).plugin('modules').service('switches');
    await switches.set(w.federation.id, 'documents', false);
    await switches.set(w.federation.id, 'news', false);
    try {
      const routes: [string, string][] = [
        ['/api/documents', 'Documents'],
        [`/api/documents/${docs.federation.documentId}`, 'Documents'],
        [`/api/documents/${docs.federation.documentId}/attachments/${attachment.id}`, 'Documents'],
        ['/api/document-categories', 'Documents'],
        ['/api/news', 'Actualités'],
        [`/api/news/${docs.news.documentId}`, 'Actualités'],
        [`/api/news/${docs.news.documentId}/attachments/1`, 'Actualités'],
      ];
      for (const [path, label] of routes) {
        expectError(await http.get(path).set(bearer(w.member.token)), 403, `Le module « ${label} » n’est pas activé pour votre fédération.`);
      }
    } finally {
      await switches.set(w.federation.id, 'documents', true);
      await switches.set(w.federation.id, 'news', true);
    }
  });
});
