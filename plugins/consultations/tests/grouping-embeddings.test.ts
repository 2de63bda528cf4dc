import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createWorld, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { embeddingInput, embeddingKey, packVector } from '../server/src/domain/embeddings';
import { contribute, openConsultation } from './support/consultations';
import { startEmbeddingServer, type EmbeddingServer } from './support/embedding-server';

/**
 * The optional embedding provider inside the running server (GROUPING_EMBEDDINGS_URL set to
 * an in-process service speaking the OpenAI-compatible contract): vectors are computed once
 * per text — stored by the write that brings the text, found in the database afterwards,
 * never written by a read — and a service that fails or hangs leaves suggestions lexical
 * (a log line, never an error), without being asked again at every request.
 */
const EMBEDDING = 'plugin::consultations.grouping-embedding';
let w: World;
let strapi: Core.Strapi;
let server: EmbeddingServer;
let id: string;
let model: string;
const texts: [string, string][] = [
  ['Carte', 'Une carte valable douze mois.'],
  ['Paiement', 'Payer une fois par an, en ligne.'],
  ['Séances', 'Trop de chaises vides aux séances.'],
];

const grouping = () => strapi.plugin('consultations').service('grouping');
const stored = async () => {
  const keys = texts.map(([title, body]) => embeddingKey(model, embeddingInput({ title, body })));
  return strapi.db.query(EMBEDDING).findMany({ where: { key: { $in: keys } } });
};
/** The background write after a submission: waits until `count` vectors are stored. */
const storedEventually = async (count: number) => {
  for (let i = 0; i < 100 && (await stored()).length < count; i++) await new Promise((r) => setTimeout(r, 100));
  return stored();
};
const similar = (text: string) => `/api/consultations/${id}/similar?text=${encodeURIComponent(text)}`;

beforeAll(async () => {
  w = await createWorld();
  strapi = await bootStrapi();
  await strapi.plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
  server = await startEmbeddingServer();
  model = `modele-test-${w.federation.departmentCode}-${Date.now()}`;
  process.env.GROUPING_EMBEDDINGS_URL = server.url;
  process.env.GROUPING_EMBEDDINGS_MODEL = model;
  id = await openConsultation(w.staff);
});

afterAll(async () => {
  delete process.env.GROUPING_EMBEDDINGS_URL;
  delete process.env.GROUPING_EMBEDDINGS_MODEL;
  delete process.env.GROUPING_EMBEDDINGS_TIMEOUT_MS;
  grouping()?.forget();
  await server?.close();
});

describe('sentence embeddings in the running server', () => {
  it('stores each submitted text’s vector once, by model and text, and finds it in the database afterwards', async () => {
    await contribute(w.member, id, ...texts[0]);
    await contribute(w.memberB, id, ...texts[1]);
    const rows = await storedEventually(2);
    expect(rows).toHaveLength(2);
    expect(rows.every((r: any) => r.model === model && r.dimensions === 5)).toBe(true);
    expect(server.requests.every((r) => r.body.model === model)).toBe(true);
    // A fresh process (nothing in memory) asks the service for nothing it stored.
    grouping().forget();
    server.requests.length = 0;
    const res = await (await api()).get(similar('carte annuelle')).set(bearer(w.elected.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(server.requests).toEqual([]);
    const consultation = await strapi.db.query('plugin::consultations.consultation').findOne({ where: { documentId: id } });
    const rowsOf = () => strapi.plugin('consultations').service('consultations').contributionsOf(consultation.id);
    const index = await grouping().indexOf(consultation.id, await rowsOf());
    const idOf = async (title: string) => (await rowsOf()).find((r: any) => r.title === title)!.id;
    const [card, pay] = [await idOf('Carte'), await idOf('Paiement')];
    // « Carte … » and « Payer … » share no word; their vectors tie them.
    expect(index.similarity(card, pay)).toBeGreaterThan(0.3);
  });

  it('computes a missing vector during a read without writing it, and stores it with the next submission', async () => {
    await strapi.db.query(EMBEDDING).deleteMany({ where: { key: embeddingKey(model, embeddingInput({ title: texts[1][0], body: texts[1][1] })) } });
    grouping().forget();
    server.requests.length = 0;
    const res = await (await api()).get(similar('cotisation')).set(bearer(w.elected.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The read asked for the one missing text, and wrote nothing (the read monitor checks it too).
    expect(server.requests.map((r) => r.body.input)).toEqual([[embeddingInput({ title: texts[1][0], body: texts[1][1] })]]);
    expect(await stored()).toHaveLength(1);
    await contribute(w.secretary, id, ...texts[2]);
    expect(await storedEventually(3)).toHaveLength(3);
  });

  it('falls back to the lexical suggestions when the service hangs or fails, with a log line, and rests it', async () => {
    const warn = vi.spyOn(strapi.log, 'warn');
    try {
      process.env.GROUPING_EMBEDDINGS_MODEL = `${model}-autre`; // nothing stored for this model
      process.env.GROUPING_EMBEDDINGS_TIMEOUT_MS = '300';
      server.mode = 'hang';
      grouping().forget();
      const http = await api();
      const started = Date.now();
      const res = await http.get(similar('chaises vides aux séances')).set(bearer(w.elected.token));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.data.map((x: any) => x.title)).toContain('Séances');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(warn.mock.calls.some(([line]) => /Grouping embeddings unavailable \(no answer within 300 ms\)/.test(String(line)))).toBe(true);
      // Resting: the next requests do not wait for it again.
      server.requests.length = 0;
      server.mode = 'error';
      expect((await http.get(similar('carte')).set(bearer(w.elected.token))).status).toBe(200);
      expect(server.requests).toEqual([]);
      // A provider that answers errors from the start: lexical too.
      grouping().forget();
      const again = await http.get(similar('carte')).set(bearer(w.elected.token));
      expect(again.status).toBe(200);
      expect(warn.mock.calls.some(([line]) => /Grouping embeddings unavailable \(HTTP 500\)/.test(String(line)))).toBe(true);
    } finally {
      warn.mockRestore();
      server.mode = 'ok';
      process.env.GROUPING_EMBEDDINGS_MODEL = model;
      delete process.env.GROUPING_EMBEDDINGS_TIMEOUT_MS;
    }
  });
});

describe('retention of the stored vectors (row consultations.grouping-embeddings)', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const erasure = () => strapi.plugin('consultations').service('erasure');
  const row = (key: string, rowModel: string, createdAt: Date) =>
    strapi.db.query(EMBEDDING).create({ data: { key, model: rowModel, dimensions: 5, vector: packVector([1, 0, 0, 0, 0]), createdAt } });
  const exists = async (key: string) => (await strapi.db.query(EMBEDDING).findOne({ where: { key } })) !== null;

  it('deletes, past a day, the vectors of edited texts and of another model, keeps those of the texts as they stand', async () => {
    process.env.GROUPING_EMBEDDINGS_MODEL = model;
    await storedEventually(texts.length);
    const now = new Date();
    const old = new Date(now.getTime() - 2 * DAY);
    // The current texts' vectors, made old: still kept (their texts are contributions' texts under this model).
    for (const r of await stored()) await strapi.db.query(EMBEDDING).update({ where: { id: r.id }, data: { createdAt: old } });
    const edited = embeddingKey(model, embeddingInput({ title: 'Carte', body: `Texte d’avant une modification ${Date.now()}` }));
    const otherModel = embeddingKey(`${model}-ancien`, embeddingInput({ title: texts[0][0], body: texts[0][1] }));
    const fresh = embeddingKey(model, embeddingInput({ title: 'En cours', body: `Écrit à l’instant ${Date.now()}` }));
    await row(edited, model, old);
    await row(otherModel, `${model}-ancien`, old);
    await row(fresh, model, now);

    const dry = await erasure().purge(now, { dryRun: true });
    expect(dry.counts.embeddings).toBeGreaterThanOrEqual(2);
    expect(await exists(edited)).toBe(true); // a dry run deletes nothing

    const done = await erasure().purge(now);
    expect(done.counts.embeddings).toBeGreaterThanOrEqual(2);
    expect(await exists(edited)).toBe(false);
    expect(await exists(otherModel)).toBe(false);
    expect(await exists(fresh)).toBe(true); // younger than a day: its contribution may be being written
    expect(await stored()).toHaveLength(texts.length);
  });

  it('deletes every vector past a day when no embedding service is configured', async () => {
    const now = new Date();
    const key = embeddingKey(model, embeddingInput({ title: texts[2][0], body: texts[2][1] }));
    expect(await exists(key)).toBe(true);
    const url = process.env.GROUPING_EMBEDDINGS_URL;
    delete process.env.GROUPING_EMBEDDINGS_URL;
    grouping().forget();
    try {
      await erasure().purge(new Date(now.getTime() + DAY + 1000));
      expect(await exists(key)).toBe(false);
    } finally {
      process.env.GROUPING_EMBEDDINGS_URL = url;
      grouping().forget();
    }
  });

  it('is a row of the retention table', () => {
    expect(erasure().retention.map((r: { id: string }) => r.id)).toContain('consultations.grouping-embeddings');
  });
});
