import type { Core } from '@strapi/strapi';
import { getService, pageMeta, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { scopeOf } from '../permissions';
import { BOUNCES } from '../storage';

/**
 * Addresses the SMTP server refused for good (5xx), newest first: their federation's for
 * staff, every one for national admins. Each with the member (documentId and name) when known.
 */
export async function listBounces(strapi: Core.Strapi, actor: Actor, page: number, pageSize: number) {
  const scope = scopeOf(actor, 'bounce.read');
  const base = () => {
    const q = strapi.db.connection(BOUNCES);
    return scope === 'all' ? q : q.where('federation_id', actor.federationId ?? -1);
  };
  const [rows, [{ n }]] = await Promise.all([
    base().orderBy('created_at', 'desc').orderBy('email').limit(pageSize).offset((page - 1) * pageSize).select('*'),
    base().count({ n: '*' }),
  ]);
  const contacts = await getService(strapi, 'membership', 'directory').contactsByIds(rows.map((r: any) => r.member_id).filter((id: unknown) => id != null).map(Number));
  return {
    data: rows.map((r: any) => {
      const member = r.member_id != null ? contacts.get(Number(r.member_id)) : undefined;
      return {
        email: r.email,
        code: r.code == null ? null : Number(r.code),
        reason: r.reason,
        since: new Date(Number(r.created_at)).toISOString(),
        member: member?.documentId ?? null,
        memberName: member ? `${member.firstName} ${member.lastName}` : null,
      };
    }),
    meta: pageMeta(page, pageSize, Number(n)),
  };
}
