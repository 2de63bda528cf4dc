import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingError, embeddingKey, embeddingProviderFromEnv, HttpEmbeddings, packVector, unpackVector } from '../server/src/domain/embeddings';
import { PlacementModel } from '../server/src/domain/placement';
import { SimilarityIndex } from '../server/src/domain/similarity';
import { startEmbeddingServer, toyVector, type EmbeddingServer } from './support/embedding-server';

/**
 * The optional sentence-embedding provider against a real HTTP server speaking the
 * OpenAI-compatible `/v1/embeddings` contract (tests/support/embedding-server.ts): what we
 * send, what we accept, how every failure surfaces (an `EmbeddingError`, never a hang),
 * and what embeddings change in the similarity. Fixtures written for these tests.
 */
let server: EmbeddingServer;
beforeAll(async () => {
  server = await startEmbeddingServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.mode = 'ok';
  server.requests.length = 0;
});

describe('the /v1/embeddings contract', () => {
  it('posts the model and the texts as JSON, with the key as a bearer token, and reads one vector per text', async () => {
    const provider = new HttpEmbeddings({ url: server.url, model: 'modele-test', apiKey: 'secret-test' });
    const vectors = await provider.embed(['Payer sa cotisation', 'Publier la présence des élus']);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ path: '/v1/embeddings', authorization: 'Bearer secret-test', body: { model: 'modele-test', input: ['Payer sa cotisation', 'Publier la présence des élus'] } });
    expect(server.requests[0].contentType).toMatch(/application\/json/);
    expect(vectors).toEqual([toyVector('Payer sa cotisation'), toyVector('Publier la présence des élus')]);
  });

  it('accepts the base address, …/v1 or the full …/v1/embeddings, and sends no key when none is set', async () => {
    for (const url of [server.url, `${server.url}/`, `${server.url}/v1`, `${server.url}/v1/embeddings`]) {
      expect(await new HttpEmbeddings({ url }).embed(['carte'])).toHaveLength(1);
    }
    expect(server.requests.map((r) => r.path)).toEqual(Array(4).fill('/v1/embeddings'));
    expect(server.requests.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('puts vectors back in the order of the texts by their index, and sends long lists in batches', async () => {
    server.mode = 'shuffled';
    const texts = ['carte', 'absent', 'journal', 'bus', 'cotisation'];
    const vectors = await new HttpEmbeddings({ url: server.url, batchSize: 2 }).embed(texts);
    expect(server.requests.map((r) => r.body.input)).toEqual([['carte', 'absent'], ['journal', 'bus'], ['cotisation']]);
    expect(vectors).toEqual(texts.map(toyVector));
  });

  it('turns every failure into an EmbeddingError: an error status, a bad answer, a missing vector, a timeout, no server', async () => {
    const provider = new HttpEmbeddings({ url: server.url, timeoutMs: 300 });
    for (const [mode, message] of [
      ['error', /HTTP 500/],
      ['garbage', /not JSON/],
      ['short', /expected 2 vectors, got 1/],
      ['hang', /no answer within 300 ms/],
    ] as const) {
      server.mode = mode;
      const started = Date.now();
      const error = await provider.embed(['carte', 'absent']).catch((e) => e);
      expect(error, mode).toBeInstanceOf(EmbeddingError);
      expect(error.message, mode).toMatch(message);
      expect(Date.now() - started, mode).toBeLessThan(3000);
    }
    const closed = await startEmbeddingServer();
    await closed.close();
    const unreachable = await new HttpEmbeddings({ url: closed.url, timeoutMs: 1000 }).embed(['carte']).catch((e) => e);
    expect(unreachable).toBeInstanceOf(EmbeddingError);
    expect(unreachable.message).toMatch(/unreachable/);
  });

  it('is off unless GROUPING_EMBEDDINGS_URL is set, and refuses an address that is not http(s)', () => {
    expect(embeddingProviderFromEnv({})).toBeNull();
    expect(embeddingProviderFromEnv({ GROUPING_EMBEDDINGS_URL: '  ' })).toBeNull();
    const provider = embeddingProviderFromEnv({ GROUPING_EMBEDDINGS_URL: server.url, GROUPING_EMBEDDINGS_MODEL: 'bge-m3' });
    expect(provider?.model).toBe('bge-m3');
    expect(() => embeddingProviderFromEnv({ GROUPING_EMBEDDINGS_URL: 'file:///etc/passwd' })).toThrow(EmbeddingError);
  });

  it('keys a vector by model and text, and stores it as float32 without loss beyond float32', () => {
    expect(embeddingKey('a', 'texte')).toMatch(/^[0-9a-f]{64}$/);
    expect(embeddingKey('a', 'texte')).not.toBe(embeddingKey('b', 'texte'));
    expect(embeddingKey('a', 'texte')).not.toBe(embeddingKey('a', 'texte modifié'));
    const vector = [0.1, -2.5, 3e-7, 1];
    expect(Array.from(unpackVector(packVector(vector)))).toEqual(Array.from(Float32Array.from(vector)));
    expect(() => unpackVector('abc')).toThrow(EmbeddingError);
  });
});

describe('embeddings in the similarity', () => {
  // Two wordings of each idea that share no word with each other.
  const texts = [
    { id: 1, title: 'Carte', body: 'Une carte valable douze mois.' },
    { id: 2, title: 'Paiement', body: 'Payer une fois par an, en ligne.' },
    { id: 3, title: 'Séances', body: 'Trop de chaises vides aux séances.' },
    { id: 4, title: 'Absents', body: 'Les absent répétés doivent se justifier.' },
  ];
  const none = { revision: 'none', concepts: [] };

  it('ties texts that share no word but one idea, and learns from staff with them', async () => {
    const vectors = await new HttpEmbeddings({ url: server.url }).embed(texts.map((t) => `${t.title}\n${t.body}`));
    const embeddings = new Map(texts.map((t, i) => [t.id, vectors[i]]));
    const lexical = new SimilarityIndex(texts, { vocabulary: none, dimensions: 0 });
    const embedded = new SimilarityIndex(texts, { vocabulary: none, dimensions: 0, embeddings });
    expect(lexical.similarity(1, 2)).toBe(0);
    expect(embedded.similarity(1, 2)).toBeGreaterThan(0.4);
    expect(embedded.similarity(1, 3)).toBeLessThan(0.1);
    expect(embedded.nearest(3, 1)[0].id).toBe(4);
    expect(embedded.groups({ threshold: 0.3 }).map((g) => g.ids).sort((a, b) => a[0] - b[0])).toEqual([[1, 2], [3, 4]]);
    const model = new PlacementModel(embedded, [{ id: 1, proposal: 'dues' }, { id: 3, proposal: 'attendance' }], { candidates: [2, 4], threshold: 0.3 });
    expect(model.suggest(2)?.proposal).toBe('dues');
    expect(model.suggest(4)?.proposal).toBe('attendance');
  });

  it('takes off the direction every embedding shares, as sentence models give any two texts a high cosine', () => {
    // 40 texts on 4 ideas, each vector = a large shared part + its idea (as real models answer).
    const many = Array.from({ length: 40 }, (_, i) => ({ id: i + 1, title: `Texte ${i + 1}`, body: '' }));
    const vector = (i: number) => [3, 3, 3, ...[0, 1, 2, 3].map((idea) => (i % 4 === idea ? 1 : 0))];
    const embeddings = new Map(many.map((t, i) => [t.id, vector(i)]));
    const raw = (a: number, b: number) => {
      const [x, y] = [vector(a), vector(b)];
      const dot = x.reduce((s, v, d) => s + v * y[d], 0);
      return dot / Math.sqrt(x.reduce((s, v) => s + v * v, 0) * y.reduce((s, v) => s + v * v, 0));
    };
    expect(raw(0, 1)).toBeGreaterThan(0.9); // two ideas, yet near-identical raw vectors
    const index = new SimilarityIndex(many, { vocabulary: none, dimensions: 0, embeddings, embeddingShare: 1 });
    expect(index.similarity(1, 5)).toBeCloseTo(1, 5); // same idea
    expect(index.similarity(1, 2)).toBe(0); // other ideas: negative once centred, floored
    expect(index.nearest(1, 9).map((n) => n.id).sort((a, b) => a - b)).toEqual([5, 9, 13, 17, 21, 25, 29, 33, 37]);
  });

  it('folds in a later text with its vector, and scores a text without one on the other parts', async () => {
    const embeddings = new Map(texts.map((t) => [t.id, toyVector(`${t.title}\n${t.body}`)]));
    const index = new SimilarityIndex(texts, { vocabulary: none, dimensions: 0, embeddings });
    index.add({ id: 5, title: 'Tarif', body: 'Un tarif unique.' }, toyVector('Tarif\nUn tarif unique.'));
    expect(index.nearest(5, 2).map((n) => n.id).sort()).toEqual([1, 2]);
    // A text being written has no vector: only its words count, brought back to [0, 1].
    const [best] = index.nearestToText({ title: 'séances', body: 'chaises vides' }, 1, 0.1);
    expect(best.id).toBe(3);
    expect(best.score).toBeGreaterThan(0.5);
    expect(() => new SimilarityIndex(texts, { embeddings: new Map([[1, [1, 0]], [2, [1, 0, 0]]]) })).toThrow(/different lengths/);
  });
});
