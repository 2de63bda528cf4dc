import type { Actor } from './actor';

export interface AuditActor {
  kind: 'user' | 'admin' | 'system';
  id: number | null;
  /** Human-readable: who it was at the time, even if the account changes later. */
  label: string;
}

export interface AuditEntryInput {
  actor: AuditActor;
  /** `plugin::<id>.<subject>.<verb>`, e.g. `plugin::membership.member.suspend`. */
  action: string;
  subject: { type: string; id: string | number | null };
  federationId: number | null;
  details?: Record<string, unknown>;
}

export function auditActorOf(actor: Actor): AuditActor {
  return { kind: actor.kind ?? 'user', id: actor.userId, label: actor.label };
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: null, label: 'système' };

/**
 * Records an audit entry through the audit plugin's public service, inside the current
 * transaction: commands call it before they return, so entry and change commit together.
 */
export async function recordAudit(strapi: { plugin(name: string): any }, entry: AuditEntryInput): Promise<void> {
  await strapi.plugin('audit').service('log').record(entry);
}
