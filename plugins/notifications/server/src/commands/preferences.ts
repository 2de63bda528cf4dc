import type { Core } from '@strapi/strapi';
import { auditActorOf, fieldError, ForbiddenError, getService, recordAudit, type Actor, type NotificationMode } from '@intranet-militant/shared';
import { EMAIL_ONLY_KINDS } from '../kinds/account';
import { PREFERENCES } from '../storage';

const UNKNOWN = 'Type de notification inconnu.';
const MANDATORY = 'Ce message est obligatoire : il vous est toujours envoyé par e-mail.';

async function store(strapi: Core.Strapi, memberId: number, kind: string, mode: NotificationMode) {
  await strapi.db.transaction(async ({ trx }) => {
    await trx(PREFERENCES).insert({ member_id: memberId, kind, mode, updated_at: Date.now() }).onConflict(['member_id', 'kind']).merge(['mode', 'updated_at']);
  });
}

function assertChoosable(strapi: Core.Strapi, kindId: string, mode: NotificationMode) {
  const kind = getService(strapi, 'notifications', 'kinds').all().find((k) => k.id === kindId);
  if (!kind || EMAIL_ONLY_KINDS.has(kindId)) throw fieldError('kind', UNKNOWN);
  if (kind.mandatory && mode !== 'email') throw fieldError('kind', MANDATORY);
  return kind;
}

/**
 * A member chooses how a kind reaches them: email at once, the weekly digest, or the
 * portal only. Mandatory kinds stay on email (400). Applies to messages enqueued after it.
 * @throws ForbiddenError (403) for an account without a member profile; ValidationError (400)
 */
export async function setPreference(strapi: Core.Strapi, actor: Actor, kindId: string, mode: NotificationMode) {
  if (!actor.memberId) throw new ForbiddenError('Ce compte n’a pas de fiche d’adhérent : aucune notification ne lui est adressée.');
  assertChoosable(strapi, kindId, mode);
  await strapi.db.transaction(async () => {
    await store(strapi, actor.memberId!, kindId, mode);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::notifications.preference.set',
      subject: { type: 'plugin::notifications.preference', id: `${actor.memberId}:${kindId}` },
      federationId: actor.federationId,
      details: { kind: kindId, mode },
    });
  });
  return { kind: kindId, mode };
}

/**
 * One-click unsubscribe (RFC 8058): the signed link of an email stops that kind by email
 * for that member (it stays in their inbox). Anonymous: the signature is the credential;
 * the route is budgeted per address (src/middlewares/auth-limits.ts).
 * @throws ValidationError (400) for a bad signature, an unknown or mandatory kind
 */
export async function unsubscribe(strapi: Core.Strapi, memberId: number, kindId: string, signature: string) {
  if (!getService(strapi, 'notifications', 'preferences').verifyUnsubscribe(memberId, kindId, signature)) {
    throw fieldError('t', 'Ce lien de désabonnement n’est pas valide.');
  }
  const kind = assertChoosable(strapi, kindId, 'portal');
  await strapi.db.transaction(async () => {
    await store(strapi, memberId, kindId, 'portal');
    await recordAudit(strapi, {
      actor: { kind: 'system', id: null, label: 'lien de désabonnement' },
      action: 'plugin::notifications.preference.unsubscribe',
      subject: { type: 'plugin::notifications.preference', id: `${memberId}:${kindId}` },
      federationId: null,
      details: { kind: kindId },
    });
  });
  return { kind: kindId, label: kind.label, mode: 'portal' as const };
}
