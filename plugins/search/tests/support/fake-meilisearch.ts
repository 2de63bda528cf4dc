import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An in-process stand-in for a Meilisearch server (no binary can be installed here): the subset
 * of its HTTP API the provider uses, with its real request and response shapes, so that the
 * official client runs unchanged against it. Searching is simplified (every query word must
 * prefix a word of title or body, accents and case ignored; no ranking, typos, synonyms,
 * phrases or negation), but filters are really evaluated, so visibility is enforced here the
 * way Meilisearch enforces it.
 */

type Doc = Record<string, unknown>;
type ApiError = { code: string; message: string };
type Params = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

interface FakeIndex {
  uid: string;
  primaryKey: string | null;
  settings: Record<string, unknown>;
  documents: Map<string, Doc>;
}

interface Task {
  uid: number;
  indexUid: string;
  type: string;
  status: 'enqueued' | 'processing' | 'succeeded' | 'failed';
  error: (ApiError & { type: string; link: string }) | null;
  enqueuedAt: string;
  finishedAt: string | null;
  polls: number;
  injected: ApiError | null;
  run: () => ApiError | null;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const apiError = (e: ApiError) => ({ ...e, type: 'invalid_request', link: `https://docs.meilisearch.com/errors#${e.code}` });
const normalize = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const wordsOf = (s: string) => normalize(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

export class FakeMeilisearch {
  readonly requests: RecordedRequest[] = [];
  readonly indexes = new Map<string, FakeIndex>();
  host = '';
  private readonly tasks: Task[] = [];
  private failures = { left: 0, error: { code: '', message: '' } };
  private isDown = false;
  private server: Server | null = null;

  /** With a key, every request must carry `Authorization: Bearer <key>`. */
  constructor(private readonly apiKey?: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.host = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.host;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The next `count` tasks enqueued end `failed` with this error. */
  failNextTasks(count: number, error: ApiError): void {
    this.failures = { left: count, error };
  }

  /** While down, every request answers 503, as a server restarting behind a proxy does. */
  down(down = true): void {
    this.isDown = down;
  }

  up(): void {
    this.down(false);
  }

  documents(indexUid: string): Doc[] {
    return [...(this.indexes.get(indexUid)?.documents.values() ?? [])];
  }

  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body: unknown = raw ? JSON.parse(raw) : undefined;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body });
    const send = (status: number, payload?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(payload === undefined ? '' : JSON.stringify(payload));
    };
    if (this.isDown) return send(503);
    if (this.apiKey && req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return send(403, apiError({ code: 'invalid_api_key', message: 'The provided API key is invalid.' }));
    }
    try {
      const [status, payload] = this.route(req.method ?? 'GET', url, body);
      send(status, payload);
    } catch (error) {
      const { status, code } = error instanceof HttpError ? error : { status: 500, code: 'internal' };
      send(status, apiError({ code, message: (error as Error).message }));
    }
  }

  private route(method: string, url: URL, body: any): [number, unknown] {
    const path = url.pathname;
    let m: RegExpMatchArray | null;
    if (method === 'POST' && path === '/multi-search') {
      return [200, { results: body.queries.map((q: Params) => ({ indexUid: q.indexUid, ...this.search(this.index(String(q.indexUid)), q) })) }];
    }
    if (method === 'GET' && (m = path.match(/^\/tasks\/(\d+)$/))) return [200, this.poll(Number(m[1]))];
    if (method === 'POST' && path === '/indexes') {
      const { uid, primaryKey = null } = body;
      return this.enqueue(uid, 'indexCreation', () => {
        if (this.indexes.has(uid)) return { code: 'index_already_exists', message: `Index \`${uid}\` already exists.` };
        this.indexes.set(uid, newIndex(uid, primaryKey));
        return null;
      });
    }
    if (!(m = path.match(/^\/indexes\/([\w-]+)(\/.*)?$/))) throw new HttpError(404, 'not_found', `No route ${method} ${path}.`);
    const [, uid, rest = ''] = m;
    switch (`${method} ${rest}`) {
      case 'GET ': {
        const { primaryKey } = this.index(uid);
        return [200, { uid, primaryKey, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }];
      }
      case 'PATCH /settings':
        return this.enqueue(uid, 'settingsUpdate', () => {
          const { settings } = this.ensureIndex(uid);
          for (const [name, value] of Object.entries(body as Params)) value === null ? delete settings[name] : (settings[name] = value);
          return null;
        });
      case 'POST /documents':
        return this.enqueue(uid, 'documentAdditionOrUpdate', () => this.addDocuments(this.ensureIndex(uid), body, url.searchParams.get('primaryKey')));
      case 'POST /documents/delete-batch':
        return this.enqueue(uid, 'documentDeletion', () => {
          for (const id of body as string[]) this.ensureIndex(uid).documents.delete(String(id));
          return null;
        });
      case 'POST /documents/fetch': {
        const index = this.index(uid);
        const found = [...index.documents.values()].filter(compileFilter(body.filter, filterable(index)));
        const offset = body.offset ?? 0;
        const results = found.slice(offset, offset + (body.limit ?? 20)).map((d) => project(d, body.fields ?? ['*'], index));
        return [200, { results, offset, limit: body.limit ?? 20, total: found.length }];
      }
      case 'POST /search':
        return [200, this.search(this.index(uid), body)];
      default:
        throw new HttpError(404, 'not_found', `No route ${method} ${path}.`);
    }
  }

  private index(uid: string): FakeIndex {
    const index = this.indexes.get(uid);
    if (!index) throw new HttpError(404, 'index_not_found', `Index \`${uid}\` not found.`);
    return index;
  }

  /** Settings and documents create a missing index, as in Meilisearch. */
  private ensureIndex(uid: string): FakeIndex {
    if (!this.indexes.has(uid)) this.indexes.set(uid, newIndex(uid, null));
    return this.indexes.get(uid)!;
  }

  private enqueue(indexUid: string, type: string, run: Task['run']): [number, unknown] {
    const injected = this.failures.left > 0 ? this.failures.error : null;
    if (injected) this.failures.left--;
    const task: Task = { uid: this.tasks.length, indexUid, type, status: 'enqueued', error: null, enqueuedAt: new Date().toISOString(), finishedAt: null, polls: 0, injected, run };
    this.tasks.push(task);
    return [202, { taskUid: task.uid, indexUid, status: 'enqueued', type, enqueuedAt: task.enqueuedAt }];
  }

  /** A task reads `enqueued`, then `processing`, then is done: its work (and every earlier task's, in order) happens then. */
  private poll(uid: number) {
    const task = this.tasks[uid];
    if (!task) throw new HttpError(404, 'task_not_found', `Task \`${uid}\` not found.`);
    task.polls++;
    if (task.status === 'enqueued' && task.polls === 2) task.status = 'processing';
    if (task.polls >= 3) for (const earlier of this.tasks.slice(0, uid + 1)) this.process(earlier);
    const { polls, injected, run, ...visible } = task;
    return { ...visible, batchUid: uid, canceledBy: null, details: {}, duration: task.finishedAt ? 'PT0.001S' : null, startedAt: task.finishedAt };
  }

  private process(task: Task): void {
    if (task.status === 'succeeded' || task.status === 'failed') return;
    const error = task.injected ?? task.run();
    task.status = error ? 'failed' : 'succeeded';
    task.error = error && apiError(error);
    task.finishedAt = new Date().toISOString();
  }

  private addDocuments(index: FakeIndex, docs: Doc[], primaryKey: string | null): ApiError | null {
    if (index.primaryKey && primaryKey && primaryKey !== index.primaryKey) {
      return { code: 'index_primary_key_already_exists', message: `Index already has a primary key: \`${index.primaryKey}\`.` };
    }
    const key = index.primaryKey ?? primaryKey;
    if (!key) return { code: 'index_primary_key_no_candidate_found', message: 'The primary key inference failed.' };
    // The whole batch fails on one bad id, as in Meilisearch.
    const bad = docs.find((d) => !/^[A-Za-z0-9_-]{1,511}$/.test(String(d[key] ?? '')));
    if (bad) return { code: 'invalid_document_id', message: `Document identifier \`${JSON.stringify(bad[key])}\` is invalid.` };
    index.primaryKey = key;
    for (const doc of docs) index.documents.set(String(doc[key]), doc);
    return null;
  }

  private search(index: FakeIndex, p: Params) {
    const words = wordsOf(String(p.q ?? ''));
    const hitsWord = (text: string) => wordsOf(text).some((w) => words.some((q) => w.startsWith(q)));
    const matches = (doc: Doc) => words.every((q) => wordsOf(`${doc.title ?? ''} ${doc.body ?? ''}`).some((w) => w.startsWith(q)));
    const found = [...index.documents.values()].filter(compileFilter(p.filter, filterable(index))).filter(matches);
    const facets = (p.facets as string[] | undefined) ?? [];
    const unknown = facets.find((f) => !filterable(index).includes(f));
    if (unknown) throw new HttpError(400, 'invalid_search_facets', `Attribute \`${unknown}\` is not filterable.`);
    const facetDistribution = Object.fromEntries(facets.map((f) => [f, countValues(found, f)]));
    const pageMode = p.page !== undefined || p.hitsPerPage !== undefined;
    const limit = Number(pageMode ? (p.hitsPerPage ?? 20) : (p.limit ?? 20));
    const offset = pageMode ? (Number(p.page ?? 1) - 1) * limit : Number(p.offset ?? 0);
    const formatted = new Set([...((p.attributesToHighlight as string[]) ?? []), ...((p.attributesToCrop as string[]) ?? [])]);
    const hits = found.slice(offset, offset + limit).map((doc) => {
      const hit = project(doc, (p.attributesToRetrieve as string[]) ?? ['*'], index);
      if (formatted.size === 0) return hit;
      const _formatted: Doc = { ...hit };
      for (const name of formatted) if (typeof doc[name] === 'string') _formatted[name] = format(doc[name] as string, hitsWord, p);
      return { ...hit, _formatted };
    });
    const paging = pageMode
      ? { hitsPerPage: limit, page: Number(p.page ?? 1), totalPages: Math.ceil(found.length / limit), totalHits: found.length }
      : { limit, offset, estimatedTotalHits: found.length };
    return { hits, query: p.q ?? '', processingTimeMs: 0, ...paging, ...(facets.length ? { facetDistribution } : {}) };
  }
}

const newIndex = (uid: string, primaryKey: string | null): FakeIndex => ({ uid, primaryKey, settings: {}, documents: new Map() });
const filterable = (index: FakeIndex) => (index.settings.filterableAttributes as string[] | undefined) ?? [];

function countValues(docs: Doc[], field: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const doc of docs) for (const value of [doc[field]].flat()) if (value != null) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}

/** Attributes to retrieve, within the displayed ones (hidden attributes never leave the index). */
function project(doc: Doc, fields: string[], index: FakeIndex): Doc {
  const displayed = (index.settings.displayedAttributes as string[] | undefined) ?? ['*'];
  const shown = (name: string) => (displayed.includes('*') || displayed.includes(name)) && (fields.includes('*') || fields.includes(name));
  return Object.fromEntries(Object.entries(doc).filter(([name]) => shown(name)));
}

/** Crops to `cropLength` words around the first match and wraps matched words in the tags. */
function format(text: string, isHit: (word: string) => boolean, p: Params): string {
  const words = text.split(/\s+/).filter(Boolean);
  const length = Array.isArray(p.attributesToCrop) && p.attributesToCrop.length ? Number(p.cropLength ?? 10) : words.length;
  const start = Math.max(0, Math.min(words.findIndex(isHit) - Math.floor(length / 3), words.length - length));
  const [pre, post, marker] = [p.highlightPreTag ?? '<em>', p.highlightPostTag ?? '</em>', p.cropMarker ?? '…'];
  const shown = words.slice(start, start + length).map((w) => w.replace(/[\p{L}\p{N}]+/gu, (part) => (isHit(part) ? `${pre}${part}${post}` : part)));
  return `${start > 0 ? marker : ''}${shown.join(' ')}${start + length < words.length ? marker : ''}`;
}

/**
 * Meilisearch's filter grammar, the part the provider writes: `attr = v`, `attr != v`,
 * `attr IN [v, …]`, `attr IS [NOT] EMPTY`, NOT, AND (binds tighter), OR, parentheses; values
 * bare or quoted with backslash escapes. An array field equals v when it contains v.
 */
function compileFilter(filter: unknown, filterableAttributes: string[]): (doc: Doc) => boolean {
  if (filter === undefined || filter === null) return () => true;
  if (typeof filter !== 'string') throw new HttpError(400, 'invalid_search_filter', 'The fake only takes string filters.');
  const tokens = filter.match(/\(|\)|\[|\]|,|!=|=|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|[^\s()[\],=!]+/g) ?? [];
  let at = 0;
  const fail = (why: string): never => {
    throw new HttpError(400, 'invalid_search_filter', `${why} in filter \`${filter}\`.`);
  };
  const peek = () => tokens[at]?.toUpperCase();
  const take = (expected?: string) => (expected && peek() !== expected ? fail(`Expected ${expected} at token ${at}`) : tokens[at++] ?? fail('Unexpected end'));
  const value = () => {
    const t = take();
    return /^['"]/.test(t) ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
  };
  const equals = (field: unknown, v: string): boolean =>
    Array.isArray(field) ? field.some((f) => equals(f, v)) : typeof field === 'number' ? field === Number(v) : typeof field === 'string' && normalize(field) === normalize(v);
  const condition = (): ((d: Doc) => boolean) => {
    const name = take();
    if (!filterableAttributes.includes(name)) fail(`Attribute \`${name}\` is not filterable`);
    const op = take().toUpperCase();
    if (op === '=' || op === '!=') {
      const v = value();
      return (d) => equals(d[name], v) === (op === '=');
    }
    if (op === 'IN') {
      take('[');
      const vs = [value()];
      while (peek() === ',') take(), vs.push(value());
      take(']');
      return (d) => vs.some((v) => equals(d[name], v));
    }
    if (op !== 'IS') return fail(`Unknown operator ${op}`);
    const negated = peek() === 'NOT' && !!take();
    take('EMPTY');
    const empty = (f: unknown) => f === '' || (Array.isArray(f) && f.length === 0) || (typeof f === 'object' && f !== null && Object.keys(f).length === 0);
    return (d) => d[name] !== undefined && d[name] !== null && empty(d[name]) !== negated;
  };
  const unary = (): ((d: Doc) => boolean) => {
    if (peek() === 'NOT') return take(), ((inner) => (d: Doc) => !inner(d))(unary());
    if (peek() !== '(') return condition();
    take('(');
    const inner = or();
    take(')');
    return inner;
  };
  const and = () => {
    const parts = [unary()];
    while (peek() === 'AND') take(), parts.push(unary());
    return (d: Doc) => parts.every((part) => part(d));
  };
  const or = () => {
    const parts = [and()];
    while (peek() === 'OR') take(), parts.push(and());
    return (d: Doc) => parts.some((part) => part(d));
  };
  const predicate = or();
  if (at < tokens.length) fail(`Unexpected \`${tokens[at]}\``);
  return predicate;
}
