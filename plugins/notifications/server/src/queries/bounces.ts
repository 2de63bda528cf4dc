import type { Core } from '@strapi/strapi';
import { getService, pageMeta, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { scopeOf } from '../permissions';
import { BOUNCES } from '../storage';

/**
 * What a permanent refusal means, in French, from its SMTP reply code (RFC 5321 § 4.2.3):
 * what staff read; the server's own words (`reason`, often English) stay beside it.
 */
export function bounceReasonLabel(code: number | null): string {
  switch (code) {
    case 550:
    case 551:
    case 553:
      return 'Adresse inconnue ou refusée par la messagerie du destinataire';
    case 552:
      return 'Boîte de réception pleine ou message trop volumineux';
    case 554:
      return 'Message refusé par la messagerie du destinataire';
    default:
      return 'Refus définitif de la messagerie du destinataire';
  }
}

/**
 * Addresses the SMTP server refused for good (5xx), newest first: their federation's for
 * staff, every one for national admins. Each with its reference (`id`, for
 * `DELETE …/bounces/:id`), the member (documentId and name) when known, the SMTP code, the
 * server's words (`reason`) and their meaning in French (`reasonLabel`).
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
      const code = r.code == null ? null : Number(r.code);
      return {
        id: r.ref as string,
        email: r.email,
        code,
        reason: r.reason,
        reasonLabel: bounceReasonLabel(code),
        since: new Date(Number(r.created_at)).toISOString(),
        member: member?.documentId ?? null,
        memberName: member ? `${member.firstName} ${member.lastName}` : null,
      };
    }),
    meta: pageMeta(page, pageSize, Number(n)),
  };
}
