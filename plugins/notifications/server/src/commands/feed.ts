import type { Core } from '@strapi/strapi';
import { auditActorOf, ForbiddenError, getService, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';

/**
 * A member creates (or replaces) their private calendar address; the former one stops
 * working. Audited (not the token). Returns the address, shown once.
 * @throws ForbiddenError (403) for an account without a member profile
 */
export async function resetFeed(strapi: Core.Strapi, actor: Actor): Promise<{ url: string }> {
  if (!actor.memberId) throw new ForbiddenError('Ce compte n’a pas de fiche d’adhérent : il n’a pas d’agenda.');
  return strapi.db.transaction(async () => {
    const issued = await getService(strapi, 'notifications', 'calendar').issue(actor.memberId!);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::notifications.feed.reset',
      subject: { type: 'plugin::notifications.feed', id: String(actor.memberId) },
      federationId: actor.federationId,
      details: {},
    });
    return issued;
  });
}

/**
 * The calendar a token opens (anonymous: the token is the credential; failures are budgeted
 * per address). @throws NotFoundError (404) for an unknown or replaced token, or a member who
 * may no longer see anything.
 */
export async function calendarOfToken(strapi: Core.Strapi, token: string): Promise<string> {
  const calendar = getService(strapi, 'notifications', 'calendar');
  const memberId = await calendar.memberOfToken(token);
  const text = memberId == null ? null : await calendar.render(memberId);
  if (text == null) throw new NotFoundError('Agenda introuvable : cette adresse a peut-être été remplacée.');
  return text;
}
