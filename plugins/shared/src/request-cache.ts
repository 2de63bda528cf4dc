/**
 * Per-process caches of the request chain (issue 13 §2): who the caller is (member row), whether
 * their session lives, which modules their federation switched on. Each entry lives a short
 * time (`ttlMs`) and carries **tags** (`user:12`, `member:7`, `session:<id>`, `modules`); a
 * change in the database invalidates the tags it touches, on every instance:
 *
 * - PostgreSQL: triggers on the tables these answers come from send `NOTIFY intranet_cache`
 *   with the tag, at commit; each instance LISTENs (src/platform/cache-invalidation.ts) and
 *   drops the entries. While the listener is not connected, the caches are **off** (every
 *   request reads the database), and they are emptied when it reconnects.
 * - SQLite (one process): triggers bump a version counter that each API request reads once;
 *   a new version empties the caches.
 *
 * Whatever writes (our commands, the admin panel, users-permissions' logout, SQL by hand), the
 * triggers see it: the caches never depend on the writer remembering to invalidate.
 *
 * A load that was running while an invalidation of its key or of one of its answer's tags
 * arrived (or a `clear()`) is answered but not kept: its answer may predate the change. An
 * invalidation of other tags does not stop it being kept (it would not have dropped the entry
 * had the load ended just before), so a busy tag — the search index written by its outbox —
 * does not keep every other answer out of the cache. Reads of a key that arrive while its load
 * is running, with no invalidation at all since it began, wait for that load instead of
 * starting their own (one statement, not one per caller, when a vote opens and its first
 * requests arrive together).
 *
 * A read inside a database transaction takes a kept answer, but on a miss loads on its own
 * transaction's connection: it neither waits for a load running on another connection nor
 * keeps its answer. Waiting would deadlock the pool: transactions holding every connection,
 * each waiting for a load that waits for a connection (seen: 24 ballots and a close, the
 * ballots' transactions joining the consultation's federation name loaded by a ballot outside
 * any transaction, until knex's acquire timeout answered 500). Keeping would hand other
 * requests what the transaction read, its own uncommitted writes included, even if it rolls back.
 * Pure memory: this module never touches the database (`inTransaction` is the caller's).
 */

export interface CacheOptions<T> {
  /** Tags of an answer, besides its key (which is a tag too). */
  tags?: (value: T) => string[];
  /** How long this answer may be kept, in ms (capped by the cache's `ttlMs`); ≤ 0: not kept. */
  ttlMs?: (value: T) => number;
}

interface Entry {
  value: unknown;
  expiresAt: number;
  tags: string[];
}

/** Invalidations remembered for the loads running, at most (`invalidate`). */
const MAX_RECENT_CHANGES = 10_000;

export class RequestCache {
  private entries = new Map<string, Entry>();
  private byTag = new Map<string, Set<string>>();
  /** Loads running, by key, with the epoch they began in (joined only while it is current). */
  private loading = new Map<string, { epoch: number; value: Promise<unknown> }>();
  /** Bumped by every invalidation and clear. */
  private epoch = 0;
  /** Epoch of the latest `clear()`: a load begun before it keeps nothing. */
  private clearedAt = 0;
  /** Loads running, counted by the epoch they began in (oldest first: epochs only grow). */
  private running = new Map<number, number>();
  /** Invalidations since the oldest load running began: the epoch each made, and its tag. */
  private recent: { epoch: number; tag: string }[] = [];
  private on = false;
  /** Hits (a read that joined a load in flight included), misses (loads) since start (the benchmark and tests read them). */
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  /**
   * @param ttlMs longest life of an entry, in ms (0: the cache is never on)
   * @param maxEntries beyond this, the oldest entries are dropped first
   * @param inTransaction whether the read in progress runs inside a database transaction
   * (Strapi's `db.inTransaction()`; see the module doc)
   */
  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 50_000,
    private readonly inTransaction: () => boolean = () => false
  ) {}

  /** Whether answers are kept at all (off until invalidation is live, see the module doc). */
  get enabled(): boolean {
    return this.on && this.ttlMs > 0;
  }

  /** Turns the cache on or off; either way it starts empty. */
  setEnabled(on: boolean): void {
    this.clear();
    this.on = on;
  }

  /**
   * The answer for `key`: kept one while it lives, else (outside a transaction) the load of it
   * already running (begun with no invalidation since), else `load()` (kept when the cache is
   * on, the read is outside a transaction, and neither its key nor a tag of its answer was
   * invalidated meanwhile, nor the cache cleared). Errors of `load` propagate (to every read
   * that waited for it) and are never kept.
   */
  async read<T>(key: string, load: () => Promise<T>, options: CacheOptions<T> = {}): Promise<T> {
    if (!this.enabled) return load();
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) {
      this.stats.hits += 1;
      return entry.value as T;
    }
    if (entry) this.drop(key);
    if (this.inTransaction()) {
      // On the transaction's own connection, shared with no one and kept for no one (module doc).
      this.stats.misses += 1;
      return load();
    }
    const running = this.loading.get(key);
    if (running && running.epoch === this.epoch) {
      this.stats.hits += 1;
      return running.value as Promise<T>;
    }
    this.stats.misses += 1;
    const epoch = this.epoch;
    this.running.set(epoch, (this.running.get(epoch) ?? 0) + 1);
    let value: T;
    try {
      const loaded = load();
      const flight = { epoch, value: loaded };
      this.loading.set(key, flight);
      try {
        value = await loaded;
      } finally {
        if (this.loading.get(key) === flight) this.loading.delete(key);
      }
      this.keep(key, epoch, value, options);
    } finally {
      this.ended(epoch);
    }
    return value;
  }

  /** Keeps the answer of a load begun in `epoch`, unless the cache is off or a change it may predate arrived since. */
  private keep<T>(key: string, epoch: number, value: T, options: CacheOptions<T>): void {
    if (!this.enabled || this.clearedAt > epoch) return;
    const ttl = Math.min(this.ttlMs, options.ttlMs ? options.ttlMs(value) : this.ttlMs);
    if (ttl <= 0) return;
    const tags = [key, ...(options.tags ? options.tags(value) : [])];
    if (this.recent.some((change) => change.epoch > epoch && tags.includes(change.tag))) return;
    this.drop(key);
    if (this.entries.size >= this.maxEntries) this.drop(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expiresAt: Date.now() + ttl, tags });
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  /** Drops every entry carrying `tag` (a key is a tag of its own entry). */
  invalidate(tag: string): void {
    this.epoch += 1;
    this.stats.invalidations += 1;
    if (this.running.size > 0) {
      this.recent.push({ epoch: this.epoch, tag });
      // A load that never ends (a hung connection) would keep the list growing: past a bound,
      // the loads running keep nothing, as after a clear, and the list starts again.
      if (this.recent.length > MAX_RECENT_CHANGES) {
        this.clearedAt = this.epoch;
        this.recent = [];
      }
    }
    const keys = this.byTag.get(tag);
    if (!keys) return;
    for (const key of [...keys]) this.drop(key);
  }

  /**
   * Drops the entry of `key` alone, as if it had expired: for a caller bounding its own share
   * of the cache (search keeps its latest answers only). Not an invalidation: loads in flight
   * are still kept.
   */
  forget(key: string): void {
    this.drop(key);
  }

  /** Drops everything (a counter moved, the listener reconnected). */
  clear(): void {
    this.epoch += 1;
    this.clearedAt = this.epoch;
    this.entries.clear();
    this.byTag.clear();
    this.loading.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** A load begun in `epoch` ended: forgets the invalidations no load running can still need. */
  private ended(epoch: number): void {
    const left = (this.running.get(epoch) ?? 1) - 1;
    if (left > 0) this.running.set(epoch, left);
    else this.running.delete(epoch);
    if (this.running.size === 0) this.recent = [];
    else if (this.recent.length > 64) {
      const oldest = this.running.keys().next().value as number;
      this.recent = this.recent.filter((change) => change.epoch > oldest);
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys && keys.size === 0) this.byTag.delete(tag);
    }
  }
}

/** Default life of an entry: `REQUEST_CACHE_TTL_MS`, 30 s (0 turns the caches off). */
export function requestCacheTtlMs(): number {
  const raw = process.env.REQUEST_CACHE_TTL_MS;
  const value = raw === undefined || raw === '' ? 30_000 : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : 30_000;
}

const caches = new WeakMap<object, RequestCache>();

/**
 * The request cache of a Strapi instance (one per instance, shared by every plugin). Off until
 * the app turns invalidation on (src/platform/cache-invalidation.ts).
 */
export function requestCache(strapi: object): RequestCache {
  let cache = caches.get(strapi);
  if (!cache) {
    const inTransaction = () => Boolean((strapi as { db?: { inTransaction?: () => boolean } }).db?.inTransaction?.());
    caches.set(strapi, (cache = new RequestCache(requestCacheTtlMs(), undefined, inTransaction)));
  }
  return cache;
}

/** Tags the invalidation triggers send (keep in step with src/platform/cache-invalidation.ts). */
export const cacheTags = {
  user: (id: number | string) => `user:${id}`,
  member: (id: number | string) => `member:${id}`,
  session: (id: string) => `session:${id}`,
  modules: 'modules',
  /** The mandates plugin's catalogue and rule-set versions (any write to their tables). */
  mandatesCatalogue: 'mandates-catalogue',
  /** Federations, sections and the section → federation link (names and places; any write to them). */
  places: 'places',
  /** The document categories (a small national list, any write to their table). */
  documentCategories: 'document-categories',
  /** Intranet content (documents, news): entries, their links, attachments and categories (any write to them). */
  content: 'content',
  /** The training plugin's courses, modules, lessons, quizzes, their links and attachments (any write to them). */
  trainingCourses: 'training-courses',
  /** The bodies plugin's bodies, meetings, minutes and seats, with their links (any write to them). */
  bodies: 'bodies',
  /** The consultations plugin's consultations and their federation and section links (any write to them). */
  consultations: 'consultations',
  /** The events plugin's events and registrations (any write to them: the counts change with every registration). */
  events: 'events',
  /** One member's event registrations (a row of theirs written: `event-registrations:<member id>`). */
  eventRegistrations: (memberId: number | string) => `event-registrations:${memberId}`,
  /** The feedback on one registration (`event-feedback:<registration id>`). */
  eventFeedback: (registrationId: number | string) => `event-feedback:${registrationId}`,
  /** Members' dues and their link to members (any write to them: standings read from them are kept per member). */
  dues: 'dues',
  /** The training plugin's enrolments and their links (any write: a member's enrolments are kept per member). */
  trainingEnrolments: 'training-enrolments',
  /** The training plugin's sponsorships and their links (any write: who sponsors a member is kept per member). */
  sponsorships: 'sponsorships',
  /** The search index of the database provider (`search_documents`, `search_terms`: any write to them). */
  search: 'search',
  /** The investitures plugin's designations (any write: the list's first page is kept per filter). */
  designations: 'designations',
  /** users-permissions' roles, permissions and settings (Strapi's core store). */
  usersPermissions: 'users-permissions',
} as const;
