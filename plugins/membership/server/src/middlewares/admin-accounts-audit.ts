import type { Core } from '@strapi/strapi';
import { recordAudit } from '@intranet-militant/shared';
import { adminAuditActor, adminOfRequest } from './admin-request';

/** Fields whose value is a secret: the audit says they changed, never what they became. */
const SECRET_FIELDS = new Set(['password', 'resetPasswordToken', 'registrationToken', 'accessKey', 'encryptedKey']);
/** Fields Strapi writes on its own (bookkeeping), not changes anyone made. */
const BOOKKEEPING = new Set(['updatedAt', 'createdAt', 'updatedBy', 'createdBy', 'lastUsedAt', 'documentId', 'publishedAt', 'locale']);

/** What a write set, as the audit shows it: secret fields named only, relations by their ids. */
function changesOf(data: Record<string, unknown> | undefined): { fields: string[]; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  const fields = Object.keys(data ?? {}).filter((f) => !BOOKKEEPING.has(f));
  for (const field of fields) {
    if (SECRET_FIELDS.has(field)) continue;
    const value = data![field];
    if (field === 'roles') values.roles = relationIds(value);
    else if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) values[field] = value;
  }
  return { fields, values };
}

/** The ids a relation write names (an array of ids or objects, or `{ set|connect: [...] }`). */
function relationIds(value: unknown): unknown {
  const list = Array.isArray(value) ? value : ((value as { set?: unknown[]; connect?: unknown[] } | null)?.set ?? (value as { connect?: unknown[] } | null)?.connect);
  return Array.isArray(list) ? list.map((item) => (item !== null && typeof item === 'object' ? (item as { id?: unknown }).id : item)) : value;
}

/**
 * The admin panel's own settings are audited like everything else (every door, one trace):
 * an admin account created, changed (roles, active or not, identity; a password only as « changed »)
 * or deleted, an API token created, changed or deleted, when done by an admin-panel user —
 * Strapi's admin services write these with the query engine, outside the Document Service the
 * Content Manager's audit wraps (admin-panel-guard.ts). Query-engine lifecycles, in the
 * write's transaction. Never records a secret (passwords, tokens, access keys).
 */
export function registerAdminAccountsAudit(strapi: Core.Strapi): void {
  const record = async (action: string, type: 'admin::user' | 'admin::api-token', id: unknown, details: Record<string, unknown>) => {
    const admin = adminOfRequest(strapi);
    if (!admin) return; // boot syncs, seeds, commands: they record themselves
    await recordAudit(strapi, { actor: adminAuditActor(admin), action, subject: { type, id: id == null ? null : String(id) }, federationId: null, details: { via: 'admin-panel', ...details } });
  };
  const labelOfAccount = (row: any) => (row ? `${[row.firstname, row.lastname].filter(Boolean).join(' ')} <${row.email}>` : undefined);
  strapi.db.lifecycles.subscribe({
    models: ['admin::user'],
    async afterCreate(event: any) {
      await record('plugin::membership.admin-account.create', 'admin::user', event.result?.id, { account: labelOfAccount(event.result), ...changesOf(event.params?.data) });
    },
    async afterUpdate(event: any) {
      const changes = changesOf(event.params?.data);
      if (changes.fields.length === 0) return;
      await record('plugin::membership.admin-account.update', 'admin::user', event.result?.id, { account: labelOfAccount(event.result), ...changes });
    },
    async afterDelete(event: any) {
      await record('plugin::membership.admin-account.delete', 'admin::user', event.result?.id, { account: labelOfAccount(event.result) });
    },
    async afterDeleteMany(event: any) {
      await record('plugin::membership.admin-account.delete', 'admin::user', null, { where: JSON.parse(JSON.stringify(event.params?.where ?? {})) });
    },
  });
  strapi.db.lifecycles.subscribe({
    models: ['admin::api-token'],
    async afterCreate(event: any) {
      await record('plugin::membership.api-token.create', 'admin::api-token', event.result?.id, { name: event.result?.name, type: event.result?.type });
    },
    async afterUpdate(event: any) {
      const changes = changesOf(event.params?.data);
      if (changes.fields.length === 0) return;
      await record('plugin::membership.api-token.update', 'admin::api-token', event.result?.id, { name: event.result?.name, ...changes });
    },
    async afterDelete(event: any) {
      await record('plugin::membership.api-token.delete', 'admin::api-token', event.result?.id, { name: event.result?.name });
    },
  });
}
