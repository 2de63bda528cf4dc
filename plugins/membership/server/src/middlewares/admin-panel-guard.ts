import { createHash } from 'node:crypto';
import type { Core, UID } from '@strapi/strapi';
import { ENTRY_WRITES, getService, recordAudit, truncateText, writtenDocumentId } from '@intranet-militant/shared';
import { federationCodesOf } from '../services/admin-scope';
import { DUE_UID, MEMBER_UID, USER_UID } from '../uids';
import { adminAuditActor, adminOfRequest, rawBodyOfRequest } from './admin-request';
import {
  assertDueAllowed,
  assertOwnStandingUnchanged,
  assertRelationsInScope,
  assertNoCommandFieldChanged,
  attributesOf,
  checkMemberBefore,
  type Move,
} from './admin-panel-rules';

const WRITE_ACTIONS = new Set([...ENTRY_WRITES, 'delete', 'publish', 'unpublish', 'discardDraft']);

const TRACKED_TYPES = new Set(['string', 'text', 'email', 'enumeration', 'integer', 'biginteger', 'decimal', 'float', 'boolean', 'date', 'datetime', 'time', 'uid']);
/** What every entry has and nobody edits: left out of before/after (as a type's `derivedFields`, which follow other fields). */
const SYSTEM_FIELDS = new Set(['documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', 'federationCode']);
/** Long or structured values: the audit keeps a short text form and a hash. */
const DIGESTED_TYPES = new Set(['json', 'richtext', 'blocks', 'component', 'dynamiczone']);

type Version = 'draft' | 'published';

/** A long value as the audit log keeps it: its beginning, its length and a hash. */
function digest(value: unknown): unknown {
  if (value == null) return null;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return { text: truncateText(text, 80), length: text.length, sha256: createHash('sha256').update(text).digest('hex').slice(0, 16) };
}

/** The label of a related entry: its declared main field, else a usual one (never an account's email). */
function labelOf(strapi: Core.Strapi, uid: string, row: Record<string, unknown>): unknown {
  if (uid === USER_UID || uid === 'admin::user') return null;
  const main = (strapi.contentTypes[uid as UID.ContentType]?.pluginOptions as { intranet?: { mainField?: string } } | undefined)?.intranet?.mainField;
  return row[main ?? ''] ?? row.name ?? row.title ?? null;
}

/**
 * The values of an entry an audit entry can show before and after: plain fields, relations
 * (ids and labels), media (ids and names), JSON, rich text and components (short text and
 * hash). Never secrets. `version` picks the draft or the published row of a type with drafts.
 */
async function snapshot(strapi: Core.Strapi, uid: string, documentId: string | undefined, version: Version): Promise<Record<string, unknown>> {
  if (!documentId) return {};
  const schema = strapi.contentTypes[uid as UID.ContentType];
  const attributes = attributesOf(strapi, uid);
  const populate: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    if (SYSTEM_FIELDS.has(name)) continue;
    if (attribute.type === 'relation' && attribute.target) populate[name] = true;
    if (attribute.type === 'media') populate[name] = { select: ['id', 'name'] };
    if (attribute.type === 'component' || attribute.type === 'dynamiczone') populate[name] = true;
  }
  const drafts = Boolean((schema?.options as { draftAndPublish?: boolean } | undefined)?.draftAndPublish);
  const where = { documentId, ...(drafts ? { publishedAt: version === 'published' ? { $notNull: true } : { $null: true } } : {}) };
  const row = await strapi.db.query(uid as UID.ContentType).findOne({ where, populate: populate as any });
  if (!row) return {};
  const values: Record<string, unknown> = {};
  const derived = (schema?.pluginOptions as { intranet?: { derivedFields?: string[] } } | undefined)?.intranet?.derivedFields ?? [];
  for (const [name, attribute] of Object.entries(attributes)) {
    if (/token$|password/i.test(name) || SYSTEM_FIELDS.has(name) || derived.includes(name)) continue;
    const value = row[name];
    if (TRACKED_TYPES.has(attribute.type)) values[name] = typeof value === 'string' ? truncateText(value, 200) : value ?? null;
    else if (DIGESTED_TYPES.has(attribute.type)) values[name] = digest(value);
    else if (attribute.type === 'media' || attribute.type === 'relation') {
      const target = attribute.type === 'media' ? 'plugin::upload.file' : attribute.target!;
      const present = (r: Record<string, unknown>) => ({ id: r.id, label: labelOf(strapi, target, r) });
      values[name] = Array.isArray(value)
        ? value.map(present).sort((a, b) => Number(a.id) - Number(b.id))
        : value ? present(value) : null;
    }
  }
  return values;
}

function changesBetween(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null)) {
      changes[field] = { before: before[field] ?? null, after: after[field] ?? null };
    }
  }
  return changes;
}

/** Which version of the entry the action changes, before and after it. */
function versionsOf(action: string): { before: Version | null; after: Version | null } {
  switch (action) {
    case 'publish':
    case 'unpublish':
      return { before: 'published', after: 'published' };
    case 'delete':
      return { before: 'draft', after: null };
    case 'create':
      return { before: null, after: 'draft' };
    case 'clone':
      return { before: null, after: 'draft' };
    default:
      return { before: 'draft', after: 'draft' };
  }
}

/** Our content types (they declare `pluginOptions.intranet`) and the login accounts. */
function isAudited(strapi: Core.Strapi, uid: string): boolean {
  return uid === USER_UID || Boolean((strapi.contentTypes[uid as UID.ContentType]?.pluginOptions as { intranet?: unknown } | undefined)?.intranet);
}

/** The id of the member a due belongs to, or null. */
async function dueMemberOf(strapi: Core.Strapi, documentId: string): Promise<number | null> {
  const due = await strapi.db.query(DUE_UID).findOne({ where: { documentId }, select: ['id'], populate: { member: { select: ['id'] } } });
  return due?.member?.id ?? null;
}

/**
 * Writes made in the admin panel (the Content Manager calls the Document Service with
 * an admin session). A federation-bound staff member:
 * - may only write entries of their federation, and clone only entries they may read;
 * - goes through the same rules as the API for the same change (admin-panel-rules.ts):
 *   fields staff may not write, relations on both sides, rank, own standing, own dues.
 * Every write (national admins' too) is recorded in the audit log with before/after values,
 * the clone's source and the children a relation change moved. Writes from the API go
 * through commands, which check and record themselves.
 */
export function registerAdminPanelGuard(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (!WRITE_ACTIONS.has(context.action) || !isAudited(strapi, context.uid)) return next();
    const admin = adminOfRequest(strapi);
    if (!admin) return next();
    const scope = getService(strapi, 'membership', 'admin-scope');
    const staff = federationCodesOf(admin) !== null;

    return strapi.db.transaction(async () => {
      const uid = context.uid;
      const params = context.params as { documentId?: string; data?: Record<string, unknown> };
      const source = context.action === 'clone' ? params.documentId : undefined;
      const versions = versionsOf(context.action);
      let moves: Move[] = [];
      let own = false;
      if (staff) {
        // A clone copies its source: staff clone only what they may read.
        if (source) await scope.assertWithinScope(admin, uid, source);
        if (context.action === 'create' || context.action === 'update' || context.action === 'clone') {
          await assertNoCommandFieldChanged(strapi, uid, context.action === 'update' ? params.documentId : source, rawBodyOfRequest(strapi));
          moves = await assertRelationsInScope(strapi, scope, admin, uid, context.action === 'update' ? params.documentId : undefined, params.data ?? {});
        }
        if (uid === MEMBER_UID && params.documentId && context.action !== 'delete') {
          own = (await checkMemberBefore(strapi, scope, admin, params.documentId)).own;
        }
      }
      const federationBefore = params.documentId ? await scope.federationIdOf(uid, params.documentId) : null;
      const before = versions.before ? await snapshot(strapi, uid, params.documentId, versions.before) : {};
      const sourceValues = source ? await snapshot(strapi, uid, source, 'draft') : null;
      // A due's member before an update: moving it to someone else records a due for them.
      const dueMemberBefore = uid === DUE_UID && context.action === 'update' && params.documentId ? await dueMemberOf(strapi, params.documentId) : null;

      const result = await next();

      const documentId = writtenDocumentId(context, result) ?? params.documentId;
      let federationId = federationBefore;
      if (context.action !== 'delete' && documentId) {
        // No row: the action named an unknown entry (a bulk publish of an id that names
        // nothing), nothing was written and nothing is recorded.
        if ((await strapi.db.query(uid as UID.ContentType).count({ where: { documentId } })) === 0) return result;
        if (staff) await scope.assertWithinScope(admin, uid, documentId);
        federationId = (await scope.federationIdOf(uid, documentId)) ?? federationBefore;
      }
      const after = versions.after && documentId ? await snapshot(strapi, uid, documentId, versions.after) : {};
      const changes = changesBetween(before, after);
      if (staff && own && context.action === 'update') assertOwnStandingUnchanged(Object.keys(changes));
      // As the API's `recordDue`, for everyone: never one's own due, never an excluded member's —
      // whether the due is created, cloned, or moved to them by an update of its member.
      if (uid === DUE_UID && documentId) {
        const written = context.action === 'create' || context.action === 'clone';
        if (written || (context.action === 'update' && (await dueMemberOf(strapi, documentId)) !== dueMemberBefore)) await assertDueAllowed(strapi, admin, documentId);
      }

      // The panel's publish first stamps `updatedBy` on the draft: nothing to record.
      const fields = Object.keys(params.data ?? {}).sort();
      if (context.action === 'update' && Object.keys(changes).length === 0 && fields.every((f) => f === 'updatedBy')) return result;

      await recordAudit(strapi, {
        actor: adminAuditActor(admin),
        action: `${uid}.${context.action}`,
        subject: { type: uid, id: documentId ?? null },
        federationId,
        details: {
          via: 'admin-panel',
          fields,
          changes,
          ...(context.action === 'publish' && Object.keys(before).length === 0 ? { firstPublication: true } : {}),
          ...(source ? { source: { type: uid, documentId: source, label: labelOf(strapi, uid, sourceValues ?? {}) } } : {}),
          ...(moves.length ? { moved: moves } : {}),
        },
      });
      return result;
    });
  });
}
