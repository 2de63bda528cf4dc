import { createHash } from 'node:crypto';

/**
 * Optional sentence embeddings for grouping suggestions (issue 14: « an optional provider
 * for sentence embeddings … behind an interface, off by default, contract-tested — it must
 * never be required »). Suggestions work without one (words, vocabulary, LSA); with one,
 * the cosine of two contributions' embeddings joins their similarity
 * (`IndexOptions.embeddings`), tying paraphrases that share no word nor concept.
 *
 * The one provider shipped speaks the OpenAI-compatible `POST /v1/embeddings` contract
 * (`{ model, input: string[] }` → `{ data: [{ index, embedding: number[] }] }`), which
 * Ollama, vLLM, llama.cpp's server, HuggingFace TEI and LocalAI all serve: a deployment
 * runs a multilingual model there (e.g. multilingual-e5, bge-m3, paraphrase-multilingual)
 * and sets `GROUPING_EMBEDDINGS_URL`. No npm package ships a French or multilingual
 * sentence model inside it (transformers.js, fastembed and TensorFlow.js's Universal
 * Sentence Encoder fetch their weights from a hub at run time), so there is no local one.
 */
export interface EmbeddingProvider {
  /** The model's name: part of every cached vector's key, so vectors of two models never mix. */
  readonly model: string;
  /**
   * One vector per text, in the order given (all of one length).
   * @throws EmbeddingError when the service fails, times out or answers off-contract
   */
  embed(texts: string[]): Promise<number[][]>;
}

export class EmbeddingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddingError';
  }
}

export interface HttpEmbeddingOptions {
  /** Base address (`http://127.0.0.1:11434`, `…/v1`) or the full `…/embeddings` address. */
  url: string;
  /** Model name sent with each request (default `DEFAULT_EMBEDDINGS_MODEL`). */
  model?: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  /** Per request, in milliseconds (default 10,000). */
  timeoutMs?: number;
  /** Texts per request (default 64). */
  batchSize?: number;
}

/** The model asked for when `GROUPING_EMBEDDINGS_MODEL` is unset: a small multilingual one that the servers above serve. */
export const DEFAULT_EMBEDDINGS_MODEL = 'multilingual-e5-small';
/** Longest text sent, in characters (contributions are capped lower; a bound for the service). */
const MAX_INPUT = 4000;

/** The OpenAI-compatible `POST /v1/embeddings` provider. */
export class HttpEmbeddings implements EmbeddingProvider {
  readonly model: string;
  private readonly endpoint: string;
  private readonly apiKey?: string;
  private readonly timeoutMs: number;
  private readonly batchSize: number;

  constructor(options: HttpEmbeddingOptions) {
    const base = options.url.trim().replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/i.test(base)) throw new EmbeddingError(`GROUPING_EMBEDDINGS_URL is not an http(s) address: ${options.url}`);
    this.endpoint = /\/embeddings$/.test(base) ? base : /\/v1$/.test(base) ? `${base}/embeddings` : `${base}/v1/embeddings`;
    this.model = options.model?.trim() || DEFAULT_EMBEDDINGS_MODEL;
    this.apiKey = options.apiKey?.trim() || undefined;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.batchSize = Math.max(1, options.batchSize ?? 64);
  }

  async embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) out.push(...(await this.batch(texts.slice(start, start + this.batchSize))));
    const lengths = new Set(out.map((v) => v.length));
    if (lengths.size > 1) throw new EmbeddingError(`the service answered vectors of different lengths (${[...lengths].join(', ')})`);
    return out;
  }

  private async batch(input: string[]): Promise<number[][]> {
    if (input.length === 0) return [];
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) },
        body: JSON.stringify({ model: this.model, input: input.map((t) => t.slice(0, MAX_INPUT)), encoding_format: 'float' }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const e = error as Error;
      throw new EmbeddingError(e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer within ${this.timeoutMs} ms` : `unreachable (${e.message})`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new EmbeddingError(`HTTP ${response.status}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new EmbeddingError('the answer is not JSON');
    }
    const data = (body as { data?: unknown })?.data;
    if (!Array.isArray(data) || data.length !== input.length) throw new EmbeddingError(`expected ${input.length} vectors, got ${Array.isArray(data) ? data.length : 'none'}`);
    const vectors: number[][] = new Array(input.length);
    data.forEach((item: { index?: unknown; embedding?: unknown }, position) => {
      const at = typeof item?.index === 'number' ? item.index : position;
      const v = item?.embedding;
      if (!Number.isInteger(at) || at < 0 || at >= input.length || vectors[at]) throw new EmbeddingError(`bad index ${String(item?.index)}`);
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new EmbeddingError('an embedding is not a list of numbers');
      vectors[at] = v;
    });
    return vectors;
  }
}

/**
 * The provider the environment configures, or null (the default: no embeddings).
 * `GROUPING_EMBEDDINGS_URL` (on), `GROUPING_EMBEDDINGS_MODEL`, `GROUPING_EMBEDDINGS_API_KEY`,
 * `GROUPING_EMBEDDINGS_TIMEOUT_MS`. @throws EmbeddingError on an address that is not http(s)
 */
export function embeddingProviderFromEnv(env: NodeJS.ProcessEnv = process.env): EmbeddingProvider | null {
  const url = env.GROUPING_EMBEDDINGS_URL?.trim();
  if (!url) return null;
  const timeout = Number(env.GROUPING_EMBEDDINGS_TIMEOUT_MS);
  return new HttpEmbeddings({
    url,
    model: env.GROUPING_EMBEDDINGS_MODEL,
    apiKey: env.GROUPING_EMBEDDINGS_API_KEY,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
  });
}

/** What is embedded for a contribution: its title, then its text. */
export const embeddingInput = (text: { title: string; body: string }) => `${text.title.trim()}\n${text.body.trim()}`;

/** The cache key of one text's vector under one model (hex SHA-256): a text edited, or another model, is another key. */
export const embeddingKey = (model: string, input: string) => createHash('sha256').update(model).update('\u0000').update(input).digest('hex');

/** A vector as stored (little-endian float32, base64): 4 bytes a dimension. */
export function packVector(vector: ArrayLike<number>): string {
  const floats = Float32Array.from(vector as ArrayLike<number>);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}

/** The vector `packVector` stored. @throws EmbeddingError on a value that is not one */
export function unpackVector(packed: string): Float32Array {
  const bytes = Buffer.from(packed, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0) throw new EmbeddingError('a stored vector is damaged');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}
