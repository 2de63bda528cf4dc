import type { Core } from '@strapi/strapi';
import { SYSTEM_ACTOR, type AuditActor } from '@intranet-militant/shared';
import type { AdminUser } from '../services/admin-scope';

/** What a Document Service middleware reads of the request in progress. */
interface RequestState {
  state?: { auth?: { strategy?: { name?: string } }; user?: AdminUser };
  request?: { body?: unknown };
}

/** The admin-panel user of the request in progress (an admin session), or null. */
export function adminOfRequest(strapi: Core.Strapi): AdminUser | null {
  const request = strapi.requestContext.get() as RequestState | undefined;
  return request?.state?.auth?.strategy?.name === 'admin' ? request.state.user ?? null : null;
}

/** The raw body of the request in progress, before the Content Manager strips the fields its role may not write. */
export function rawBodyOfRequest(strapi: Core.Strapi): Record<string, unknown> {
  const body = (strapi.requestContext.get() as RequestState | undefined)?.request?.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** How the audit log names an admin-panel user. */
export function adminAuditActor(admin: AdminUser): AuditActor {
  return { kind: 'admin', id: admin.id, label: `${[admin.firstname, admin.lastname].filter(Boolean).join(' ')} <${admin.email}>` };
}

/** The audit actor of the request in progress when it is an admin-panel one, else the system. */
export function requestAuditActor(strapi: Core.Strapi): AuditActor {
  const admin = adminOfRequest(strapi);
  return admin ? adminAuditActor(admin) : SYSTEM_ACTOR;
}
