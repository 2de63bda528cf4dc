import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { requestCache, requestCacheTtlMs, type RequestCache } from '@intranet-militant/shared';

/**
 * Invalidation of the request caches (plugins/shared/src/request-cache.ts) across instances
 * (issue 13 §2). The source of truth is the database itself: triggers on the tables the cached
 * answers come from say what changed, whoever wrote it (our commands, the Content Manager,
 * users-permissions' logout, SQL by hand).
 *
 * - **PostgreSQL**: `intranet_cache_notify()` runs `pg_notify('intranet_cache', tag)` for each
 *   changed row (`member:<id>`, `user:<id>`, `session:<session id>`) or statement (`modules`,
 *   `users-permissions`: roles, permissions, Strapi's core store).
 *   Notifications are delivered at commit, in commit order, to every instance that LISTENs on
 *   one dedicated connection (not from the pool). Caches are on only while that connection is
 *   up; on an error they go off and empty, and come back (empty) when it reconnects.
 * - **SQLite** (one process): the triggers bump `intranet_cache_version`, which the
 *   `global::request-caches` middleware reads once per API request; a new value empties them.
 *
 * Triggers are (re)installed at each boot, after Strapi's schema sync, under an advisory lock
 * on PostgreSQL (instances booting together). `REQUEST_CACHE_TTL_MS=0` turns the caches off.
 */

const CHANNEL = 'intranet_cache';
const VERSION_TABLE = 'intranet_cache_version';

interface Watch {
  table: string;
  /** Tag prefix; with `column`, the tag is `<prefix>:<value of column>`. */
  prefix: string;
  column?: string;
  /** Which writes matter (a new session row invalidates nothing: no answer was kept for it). */
  events: Array<'INSERT' | 'UPDATE' | 'DELETE'>;
}

/** The tables (and columns) whose changes invalidate cached answers, read from Strapi's metadata. */
function watches(strapi: Core.Strapi): Watch[] {
  const meta = (uid: string) => strapi.db.metadata.get(uid) as any;
  const all: Watch['events'] = ['INSERT', 'UPDATE', 'DELETE'];
  const member = meta('plugin::membership.member');
  const user = meta('plugin::users-permissions.user');
  const session = meta('admin::session');
  const switches = meta('plugin::modules.federation-module');
  const role = meta('plugin::users-permissions.role');
  const permission = meta('plugin::users-permissions.permission');
  const coreStore = meta('strapi::core-store');
  const link = (attribute: any, prefix: string, side: 'joinColumn' | 'inverseJoinColumn'): Watch => ({
    table: attribute.joinTable.name,
    prefix,
    column: attribute.joinTable[side].name,
    events: all,
  });
  // Reference tables kept in the caches whole (statement triggers, one tag), when their content
  // type is installed: the mandates catalogue and rule-set versions, the document categories.
  const whole = [
    { uid: 'plugin::mandates.category', tag: 'mandates-catalogue' },
    { uid: 'plugin::mandates.rule-set', tag: 'mandates-catalogue' },
    // The document categories (src/content/categories.ts).
    { uid: 'api::document-category.document-category', tag: 'document-categories' },
    // Federations and sections, for names kept with a `places` tag (the events' organiser labels).
    { uid: 'plugin::membership.federation', tag: 'places' },
    { uid: 'plugin::membership.section', tag: 'places' },
    // Intranet content (src/content/reading-queries.ts: pages kept by audience): entries, their
    // links, categories and attachments (Strapi's morph table of files).
    ...['api::document.document', 'api::article.article', 'api::document-category.document-category'].map((uid) => ({ uid, tag: 'content', links: true })),
    // The training catalogue (plugins/training: pages kept by audience, courses and their structure).
    ...['plugin::training.course', 'plugin::training.course-module', 'plugin::training.lesson', 'plugin::training.quiz'].map((uid) => ({ uid, tag: 'training-courses', links: true })),
    // The bodies plugin's tables and their links (the minutes members may read, kept by audience).
    ...['plugin::bodies.body', 'plugin::bodies.seat', 'plugin::bodies.meeting', 'plugin::bodies.minutes'].map((uid) => ({ uid, tag: 'bodies', links: true })),
    // Consultations and their federation and section links (the list and the home card, kept by audience).
    { uid: 'plugin::consultations.consultation', tag: 'consultations', links: true },
    // Dues and their link to members (standings and dues kept per member: plugins/membership).
    { uid: 'plugin::membership.due', tag: 'dues', links: true },
    // Sponsorships and their links (who sponsors a member, kept per member: plugins/training).
    { uid: 'plugin::training.sponsorship', tag: 'sponsorships', links: true },
    // Enrolments and their links (a member's enrolments, kept per member: plugins/training).
    { uid: 'plugin::training.enrolment', tag: 'training-enrolments', links: true },
    // Designations (the list's first page, kept per filter: plugins/investitures).
    { uid: 'plugin::investitures.designation', tag: 'designations' },
    // Events and their registrations (the upcoming events' first page with its counts, kept by audience).
    { uid: 'plugin::events.event', tag: 'events' },
    { uid: 'plugin::events.registration', tag: 'events' },
  ].flatMap(({ uid, tag, links }: { uid: string; tag: string; links?: boolean }) => {
    if (!strapi.db.metadata.has(uid)) return [];
    const own = meta(uid);
    // With `links`, the link tables its relations own too (a relation changed is a write there only).
    const joins = links ? Object.values(own.attributes).flatMap((a: any) => (a.type === 'relation' && a.joinTable?.name ? [a.joinTable.name as string] : [])) : [];
    return [...new Set([own.tableName as string, ...joins])].map((table) => ({ table, prefix: tag, events: all }));
  });
  const section = strapi.db.metadata.has('plugin::membership.section') ? meta('plugin::membership.section') : null;
  // Attachments are links in the upload plugin's morph table: the content pages count them.
  if (strapi.db.metadata.has('plugin::upload.file')) {
    const morph = meta('plugin::upload.file').attributes.related.joinTable.name as string;
    whole.push({ table: morph, prefix: 'content', events: all }, { table: morph, prefix: 'training-courses', events: all });
  }
  if (section?.attributes.federation?.joinTable) whole.push({ table: section.attributes.federation.joinTable.name as string, prefix: 'places', events: all });
  return [
    ...whole,
    // The database search's index (plugins/search providers/database.ts: first pages kept by
    // words and audience): its documents and its lexicon (typo corrections read it). Plain
    // tables of the search migrations, there on every database.
    { table: 'search_documents', prefix: 'search', events: all },
    { table: 'search_terms', prefix: 'search', events: all },
    { table: member.tableName, prefix: 'member', column: 'id', events: ['UPDATE', 'DELETE'] },
    link(member.attributes.user, 'member', 'joinColumn'),
    link(member.attributes.user, 'user', 'inverseJoinColumn'),
    link(member.attributes.federation, 'member', 'joinColumn'),
    link(member.attributes.section, 'member', 'joinColumn'),
    { table: user.tableName, prefix: 'user', column: 'id', events: ['UPDATE', 'DELETE'] },
    link(user.attributes.role, 'user', 'joinColumn'),
    { table: session.tableName, prefix: 'session', column: session.attributes.sessionId?.columnName ?? 'session_id', events: ['UPDATE', 'DELETE'] },
    { table: switches.tableName, prefix: 'modules', events: all },
    // A member's own registrations and their feedback (kept per member: plugins/events).
    ...(strapi.db.metadata.has('plugin::events.registration')
      ? [
          { table: meta('plugin::events.registration').tableName, prefix: 'event-registrations', column: meta('plugin::events.registration').attributes.memberId.columnName ?? 'member_id', events: all },
          { table: meta('plugin::events.feedback').tableName, prefix: 'event-feedback', column: meta('plugin::events.feedback').attributes.registrationId.columnName ?? 'registration_id', events: all },
        ]
      : []),
    // users-permissions' configuration (src/auth/authentication.ts): roles, their permissions, its settings.
    { table: role.tableName, prefix: 'users-permissions', events: ['UPDATE', 'DELETE'] },
    { table: permission.tableName, prefix: 'users-permissions', events: all },
    { table: permission.attributes.role.joinTable.name, prefix: 'users-permissions', events: all },
    { table: coreStore.tableName, prefix: 'users-permissions', events: all },
  ];
}

/** Every trigger this module installs starts so (those no longer wanted are dropped at install). */
const TRIGGER_PREFIX = 'intranet_cache_';

/**
 * A trigger's name, within PostgreSQL's 63 characters. A longer one is cut, and a hash of the
 * whole name keeps it unique, before the suffix (SQLite's `_insert` / `_update` / `_delete`):
 * cutting the suffix off gave a link table's three SQLite triggers one name, so only the last
 * (DELETE) was left and inserts and updates by hand invalidated nothing.
 */
function triggerName(w: Watch, suffix = ''): string {
  const full = `${TRIGGER_PREFIX}${w.table}_${w.prefix}${w.column ? `_${w.column}` : ''}${suffix}`.replace(/\W/g, '_');
  if (full.length <= 63) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, 63 - suffix.length - hash.length - 1)}_${hash}${suffix}`;
}

async function installPostgres(strapi: Core.Strapi): Promise<void> {
  await strapi.db.connection.transaction(async (trx) => {
    await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('intranet_cache_triggers'))`);
    await trx.raw(`
      CREATE OR REPLACE FUNCTION intranet_cache_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_NARGS < 2 THEN
          PERFORM pg_notify('${CHANNEL}', TG_ARGV[0]);
          RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('${CHANNEL}', TG_ARGV[0] || ':' || (to_jsonb(OLD) ->> TG_ARGV[1])); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('${CHANNEL}', TG_ARGV[0] || ':' || (to_jsonb(NEW) ->> TG_ARGV[1])); END IF;
        RETURN NULL;
      END $$`);
    const wanted = watches(strapi);
    // Triggers of an earlier version no longer wanted (a name changed, a table no longer watched),
    // on the tables of this schema only (the search path's, as the tables watched).
    const names = new Set(wanted.map((w) => `${w.table} ${triggerName(w)}`));
    const installed: { rows: { name: string; table: string; signature: string | null }[] } = await trx.raw(
      `SELECT t.tgname AS name, c.relname AS "table", obj_description(t.oid, 'pg_trigger') AS signature
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE NOT t.tgisinternal AND pg_table_is_visible(c.oid) AND left(t.tgname, ?) = ?`,
      [TRIGGER_PREFIX.length, TRIGGER_PREFIX]
    );
    for (const { name, table } of installed.rows) if (!names.has(`${table} ${name}`)) await trx.raw('DROP TRIGGER IF EXISTS ?? ON ??', [name, table]);
    // A trigger already as wanted (its definition's hash is its comment) is left alone: an
    // instance starting beside running ones takes no table lock, so it cannot deadlock with
    // their transactions (DROP TRIGGER locks the table exclusively).
    const current = new Map(installed.rows.map((r) => [`${r.table} ${r.name}`, r.signature]));
    for (const w of wanted) {
      const name = triggerName(w);
      const level = w.column ? 'FOR EACH ROW' : 'FOR EACH STATEMENT';
      const args = w.column ? `'${w.prefix}', '${w.column}'` : `'${w.prefix}'`;
      const definition = `AFTER ${w.events.join(' OR ')} ON ?? ${level} EXECUTE FUNCTION intranet_cache_notify(${args})`;
      const signature = createHash('sha256').update(`${w.table} ${definition}`).digest('hex').slice(0, 32);
      if (current.get(`${w.table} ${name}`) === signature) continue;
      await trx.raw(`DROP TRIGGER IF EXISTS ${name} ON ??`, [w.table]);
      await trx.raw(`CREATE TRIGGER ${name} ${definition}`, [w.table]);
      await trx.raw(`COMMENT ON TRIGGER ${name} ON ?? IS '${signature}'`, [w.table]);
    }
  });
}

async function installSqlite(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection;
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)`);
  await knex.raw(`INSERT OR IGNORE INTO ${VERSION_TABLE} (id, version) VALUES (1, 0)`);
  const wanted = watches(strapi);
  // Triggers of an earlier version no longer wanted (a name changed, a table no longer watched).
  const names = new Set(wanted.flatMap((w) => w.events.map((event) => triggerName(w, `_${event.toLowerCase()}`))));
  const installed: { name: string }[] = await knex('sqlite_master').where({ type: 'trigger' }).whereRaw('substr(name, 1, ?) = ?', [TRIGGER_PREFIX.length, TRIGGER_PREFIX]).select('name');
  for (const { name } of installed) if (!names.has(name)) await knex.raw('DROP TRIGGER IF EXISTS ??', [name]);
  for (const w of wanted) {
    for (const event of w.events) {
      const name = triggerName(w, `_${event.toLowerCase()}`);
      await knex.raw(`DROP TRIGGER IF EXISTS ${name}`);
      await knex.raw(`CREATE TRIGGER ${name} AFTER ${event} ON \`${w.table}\` BEGIN UPDATE ${VERSION_TABLE} SET version = version + 1 WHERE id = 1; END`);
    }
  }
}

interface Listener {
  stop(): Promise<void>;
}

const listeners = new WeakMap<object, Listener>();
const sqliteVersions = new WeakMap<object, { version: number | null }>();

/**
 * PostgreSQL: one connection outside the pool LISTENs; the cache is on only while it is up.
 * Reconnects after 1 s, 2 s… (at most 30 s).
 */
function listenPostgres(strapi: Core.Strapi, cache: RequestCache): Listener {
  let stopped = false;
  let connection: any = null;
  let retry: NodeJS.Timeout | undefined;
  let delay = 1000;
  const client = (strapi.db.connection as any).client;

  const down = (why: string) => {
    cache.setEnabled(false);
    const dead = connection;
    connection = null;
    dead?.removeAllListeners?.('notification');
    if (dead) client.destroyRawConnection(dead).catch(() => undefined);
    if (stopped) return;
    strapi.log.warn(`Request caches off (invalidation listener: ${why}); retrying in ${delay} ms.`);
    retry = setTimeout(connect, delay);
    retry.unref();
    delay = Math.min(delay * 2, 30_000);
  };

  async function connect() {
    try {
      const conn = await client.acquireRawConnection();
      if (stopped) return void client.destroyRawConnection(conn).catch(() => undefined);
      connection = conn;
      conn.on('notification', (message: { channel: string; payload?: string }) => {
        if (message.channel === CHANNEL && message.payload) cache.invalidate(message.payload);
      });
      conn.on('error', (error: Error) => connection === conn && down(error.message));
      conn.on('end', () => connection === conn && down('connection ended'));
      await conn.query(`LISTEN ${CHANNEL}`);
      delay = 1000;
      // Anything kept before this moment may have missed a notification: start empty.
      cache.setEnabled(true);
    } catch (error) {
      down((error as Error).message);
    }
  }

  void connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      cache.setEnabled(false);
      const conn = connection;
      connection = null;
      if (conn) await client.destroyRawConnection(conn).catch(() => undefined);
    },
  };
}

/**
 * PostgreSQL: this instance's own writes empty its caches at once, when they commit, before the
 * writer goes on — the notification of its own change would arrive a moment later, and the
 * writer's next request could come first. Other instances learn of it by NOTIFY.
 *
 * A write to a watched table outside a transaction empties the caches when it answers. Inside
 * a transaction, they are emptied when its COMMIT is sent (knex reports no answer to it), and
 * again after the commit by the transaction's commit hook when `strapi.db.transaction` opened
 * it (the query engine, the Document Service, our commands), before the writer resumes — an
 * answer loaded between the COMMIT and its end is dropped there; the NOTIFY then empties the
 * entries again for a bare knex transaction (none of ours).
 */
function watchOwnWrites(strapi: Core.Strapi, cache: RequestCache): () => void {
  const watched = new Map<string, Set<string>>();
  for (const w of watches(strapi)) {
    const events = watched.get(w.table) ?? new Set<string>();
    for (const event of w.events) events.add(event);
    watched.set(w.table, events);
  }
  const WRITE = /^\s*(insert\s+into|update|delete\s+from)\s+(?:"[^"]+"\.)?"?(\w+)"?/i;
  const pending = new Set<string>(); // transactions with a watched write, not yet ended
  const onResponse = (_response: unknown, query: { sql?: string; __knexTxId?: string }, builder?: { client?: { transacting?: boolean } }) => {
    const match = WRITE.exec(query?.sql ?? '');
    if (!match) return;
    const event = match[1]!.split(/\s+/)[0]!.toUpperCase();
    if (!watched.get(match[2]!)?.has(event)) return;
    // knex leaves a pooled connection's `__knexTxId` from its last transaction: only the
    // builder's client says whether this statement ran inside one.
    if (!builder?.client?.transacting || !query.__knexTxId) return cache.clear();
    pending.add(query.__knexTxId);
    // Nested: joins the transaction in progress (this async context's) for its commit hook.
    if (strapi.db.inTransaction()) void strapi.db.transaction(async ({ onCommit }) => onCommit(() => cache.clear()));
  };
  const onQuery = (query: { sql?: string; __knexTxId?: string }) => {
    if (!query?.__knexTxId || !pending.has(query.__knexTxId)) return;
    if (/^\s*(commit|rollback)\b/i.test(query.sql ?? '')) {
      pending.delete(query.__knexTxId);
      cache.clear();
    }
  };
  strapi.db.connection.on('query-response', onResponse);
  strapi.db.connection.on('query', onQuery);
  return () => {
    strapi.db.connection.removeListener('query-response', onResponse);
    strapi.db.connection.removeListener('query', onQuery);
  };
}

/**
 * Installs the invalidation triggers of the tables watched now (idempotent, safe with several
 * instances starting at once on PostgreSQL: an advisory lock), and drops those of an earlier
 * version no longer wanted. Part of `startCacheInvalidation`.
 */
export async function installCacheTriggers(strapi: Core.Strapi): Promise<void> {
  if (strapi.db.dialect.client === 'postgres') await installPostgres(strapi);
  else await installSqlite(strapi);
}

/**
 * Installs the triggers and turns the caches on with their invalidation. Call once, at bootstrap
 * (after the schema sync). Does nothing when `REQUEST_CACHE_TTL_MS` is 0.
 */
export async function startCacheInvalidation(strapi: Core.Strapi): Promise<void> {
  const cache = requestCache(strapi);
  if (requestCacheTtlMs() <= 0) return;
  await installCacheTriggers(strapi);
  if (strapi.db.dialect.client === 'postgres') {
    const listener = listenPostgres(strapi, cache);
    const unwatch = watchOwnWrites(strapi, cache);
    listeners.set(strapi, {
      async stop() {
        unwatch();
        await listener.stop();
      },
    });
  } else {
    sqliteVersions.set(strapi, { version: null });
    cache.setEnabled(true);
  }
}

/** Stops the listener (app `destroy`). */
export async function stopCacheInvalidation(strapi: Core.Strapi): Promise<void> {
  await listeners.get(strapi)?.stop();
  listeners.delete(strapi);
  requestCache(strapi).setEnabled(false);
}

/**
 * Before a request reads the caches.
 *
 * - SQLite: reads the version counter once (one statement) and empties the caches when it moved.
 * - PostgreSQL: yields one turn of the event loop, so that notifications already in the
 *   listening connection's socket are applied before the request reads the caches. A change
 *   committed before this request was sent has its NOTIFY sent by PostgreSQL at the commit, before
 *   the writer even learns of it; without this turn, a request whose reads all hit the cache
 *   could be answered in microtasks before the socket's data is read (seen under load).
 *
 * A no-op before `startCacheInvalidation` and when the caches are off.
 */
export async function syncCacheVersion(strapi: Core.Strapi): Promise<void> {
  const state = sqliteVersions.get(strapi);
  if (!state) {
    if (listeners.has(strapi) && requestCache(strapi).enabled) await new Promise<void>((resolve) => setImmediate(resolve));
    return;
  }
  const row = await strapi.db.connection(VERSION_TABLE).where({ id: 1 }).first('version');
  const version = Number(row?.version ?? 0);
  if (state.version !== version) {
    requestCache(strapi).clear();
    state.version = version;
  }
}
