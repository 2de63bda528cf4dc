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
 * A load that was running while an invalidation arrived is answered but not kept (its answer
 * may predate the change). Reads of a key that arrive while its load is running, with no
 * invalidation since it began, wait for that load instead of starting their own (one
 * statement, not one per caller, when a vote opens and its first requests arrive together).
 * Pure memory: this module never touches the database.
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

export class RequestCache {
  private entries = new Map<string, Entry>();
  private byTag = new Map<string, Set<string>>();
  /** Loads running, by key, with the epoch they began in (joined only while it is current). */
  private loading = new Map<string, { epoch: number; value: Promise<unknown> }>();
  /** Bumped by every invalidation: a load that saw it change keeps nothing. */
  private epoch = 0;
  private on = false;
  /** Hits (a read that joined a load in flight included), misses (loads) since start (the benchmark and tests read them). */
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  /**
   * @param ttlMs longest life of an entry, in ms (0: the cache is never on)
   * @param maxEntries beyond this, the oldest entries are dropped first
   */
  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 50_000
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
   * The answer for `key`: kept one while it lives, else the load of it already running (begun
   * with no invalidation since), else `load()` (kept when the cache is on and no invalidation
   * arrived meanwhile). Errors of `load` propagate (to every read that waited for it) and are
   * never kept.
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
    const running = this.loading.get(key);
    if (running && running.epoch === this.epoch) {
      this.stats.hits += 1;
      return running.value as Promise<T>;
    }
    this.stats.misses += 1;
    const epoch = this.epoch;
    const loaded = load();
    const flight = { epoch, value: loaded };
    this.loading.set(key, flight);
    let value: T;
    try {
      value = await loaded;
    } finally {
      if (this.loading.get(key) === flight) this.loading.delete(key);
    }
    if (!this.enabled || epoch !== this.epoch) return value;
    const ttl = Math.min(this.ttlMs, options.ttlMs ? options.ttlMs(value) : this.ttlMs);
    if (ttl <= 0) return value;
    if (this.entries.size >= this.maxEntries) this.drop(this.entries.keys().next().value as string);
    const tags = [key, ...(options.tags ? options.tags(value) : [])];
    this.entries.set(key, { value, expiresAt: Date.now() + ttl, tags });
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    return value;
  }

  /** Drops every entry carrying `tag` (a key is a tag of its own entry). */
  invalidate(tag: string): void {
    this.epoch += 1;
    this.stats.invalidations += 1;
    const keys = this.byTag.get(tag);
    if (!keys) return;
    for (const key of [...keys]) this.drop(key);
  }

  /** Drops everything (a counter moved, the listener reconnected). */
  clear(): void {
    this.epoch += 1;
    this.entries.clear();
    this.byTag.clear();
    this.loading.clear();
  }

  get size(): number {
    return this.entries.size;
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
  if (!cache) caches.set(strapi, (cache = new RequestCache(requestCacheTtlMs())));
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
  /** The investitures plugin's designations (any write: the list's first page is kept per filter). */
  designations: 'designations',
  /** users-permissions' roles, permissions and settings (Strapi's core store). */
  usersPermissions: 'users-permissions',
} as const;
