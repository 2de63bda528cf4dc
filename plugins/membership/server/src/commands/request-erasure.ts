import type { Core } from '@strapi/strapi';
import {
  budget,
  ConflictError,
  erasureHolds,
  fieldError,
  ForbiddenError,
  NotFoundError,
  recordAudit,
  spendBudget,
  todayInParis,
  type Actor,
  type BudgetSpec,
} from '@intranet-militant/shared';
import { errors } from '@strapi/utils';
import { can } from '../permissions';
import { MEMBER_UID, USER_UID } from '../uids';
import { eraseMember } from './erase-member';

/**
 * What a member asking for their own erasure reads when a plugin must keep their data for a
 * reason they may not be told (`ErasureHold.disclosable: false`: a disciplinary case they
 * have not been notified of). The same words, byte for byte, whatever that reason is, so
 * that the answer reveals nothing of it: the request is recorded and the federation answers
 * within the legal delay (GDPR art. 12(3): one month). Staff see the request and the reason
 * on « Départs et effacements » and in the audit log, and the retention job completes the
 * erasure once nothing holds the data any more. Keeping the data meanwhile: GDPR art.
 * 17(3)(e) (the establishment, exercise or defence of legal claims).
 */
export const DEFERRED_ERASURE_MESSAGE =
  'Votre demande d’effacement est enregistrée. Votre fédération y répondra dans un délai d’un mois (RGPD, art. 12.3). D’ici là, votre compte reste ouvert.';

/** A wrong current password: the same words whatever is wrong (no hint of what the account holds). */
export const WRONG_PASSWORD = 'Mot de passe incorrect.';

/**
 * Wrong passwords per account before the erasure door closes for a while (15 minutes), as
 * sign-in's per-account budget (src/middlewares/auth-limits.ts): someone holding a stolen
 * access token cannot try passwords at leisure. Per address, the app's auth limits count
 * this route's failures too.
 */
export const ERASURE_PASSWORD_BUDGET: BudgetSpec = { name: 'erasure-password-account', points: 5, durationSeconds: 15 * 60 };

/** The answer of `requestErasure`: erased now, or recorded for staff (`DEFERRED_ERASURE_MESSAGE`). */
export type ErasureRequestOutcome =
  | { state: 'erased'; erasedOn: string }
  | { state: 'recorded'; requestedOn: string; answerBy: string; message: string };

/**
 * A member asks for the erasure of their data (GDPR art. 17; issue 22, item 4), confirming
 * with their current password (as a password change does: a 15-minute access token alone
 * must not erase anyone for good). Every account that signs in to the portal has one: sign-in
 * is by password only (users-permissions `local`), and an account created without one (an
 * import, a registration) gets it through its invitation or « mot de passe oublié » before it
 * can sign in — which is also the way for a member who forgot it.
 *
 * Then, per the retention table:
 * - nothing holds the data: their departure is recorded (today, unless already recorded) and
 *   the erasure follows at once: their account is anonymised and blocked, so this is the last
 *   thing they do in the intranet. Dues stay as accounting records (10 years).
 * - a hold they may be told of (a notified disciplinary case): 409 with its reason, nothing
 *   recorded.
 * - only holds they may not be told of: the request is recorded (`erasureRequestedOn`, an
 *   audit entry `plugin::membership.member.erasure-request`), nothing else changes, and the
 *   answer is `DEFERRED_ERASURE_MESSAGE`, identical whatever the hold (GDPR art. 17(3)(e),
 *   12(3)). The retention job erases them once no hold remains (`completeRequestedErasures`).
 * @throws NotFoundError (404) for an account without a member profile; ForbiddenError (403)
 *         when the rule refuses; ValidationError (400) on `password` for a wrong password;
 *         RateLimitError (429) after `ERASURE_PASSWORD_BUDGET` wrong ones; ConflictError (409)
 *         when already erased or while a disclosable hold stands.
 */
export async function requestErasure(strapi: Core.Strapi, actor: Actor, password: string): Promise<ErasureRequestOutcome> {
  if (!actor.memberId || !actor.memberDocumentId) throw new NotFoundError('Aucune fiche d’adhérent n’est liée à votre compte.');
  if (!can(actor, 'erasure.request', { federationId: actor.federationId, sectionId: actor.sectionId, ownerUserId: actor.userId })) {
    throw new ForbiddenError('Vous ne pouvez pas demander cet effacement.');
  }
  await assertCurrentPassword(strapi, actor.userId, password);
  const holds = await erasureHolds(strapi, { memberId: actor.memberId });
  const told = holds.find((h) => h.disclosable);
  // Nothing changes (not even the departure) while a hold the member knows of stands.
  if (told) throw new ConflictError(told.reason);
  const today = todayInParis();
  if (holds.length > 0) {
    await strapi.db.transaction(async () => {
      const member = await strapi.db.query(MEMBER_UID).findOne({ where: { id: actor.memberId }, select: ['id', 'erasureRequestedOn'] });
      if (!member?.erasureRequestedOn) await strapi.db.query(MEMBER_UID).update({ where: { id: actor.memberId }, data: { erasureRequestedOn: today } });
      await recordAudit(strapi, {
        actor: { kind: 'user', id: actor.userId, label: actor.label },
        action: 'plugin::membership.member.erasure-request',
        subject: { type: MEMBER_UID, id: actor.memberDocumentId },
        federationId: actor.federationId,
        // Staff read the reason on the departures screen; the entry says only that it waits.
        details: { deferred: true, requestedOn: member?.erasureRequestedOn ?? today },
      });
    });
    return { state: 'recorded', requestedOn: today, answerBy: answerByOf(today), message: DEFERRED_ERASURE_MESSAGE };
  }
  await departNow(strapi, actor.memberId, actor.userId, today);
  const { erasedOn } = await eraseMember(strapi, actor, actor.memberDocumentId, 'request');
  return { state: 'erased', erasedOn };
}

/** The day by which the federation answers a request made on `day` (GDPR art. 12(3): one month; Paris dates). */
export function answerByOf(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y, m, d));
  if (target.getUTCMonth() !== m % 12) target.setUTCDate(0); // 31 January → 28/29 February
  return target.toISOString().slice(0, 10);
}

/** Records today's departure (unless one is recorded) and blocks the account, for an erasure that follows at once. */
async function departNow(strapi: Core.Strapi, memberId: number, userId: number | null, today: string): Promise<void> {
  await strapi.db.transaction(async () => {
    const member = await strapi.db.query(MEMBER_UID).findOne({ where: { id: memberId }, select: ['id', 'leftOn', 'erasedOn'], populate: { user: { select: ['id'] } } });
    if (member && !member.erasedOn && (!member.leftOn || member.leftOn > today)) {
      await strapi.db.query(MEMBER_UID).update({ where: { id: member.id }, data: { leftOn: today } });
      const account = userId ?? member.user?.id ?? null;
      if (account != null) await strapi.db.query(USER_UID).update({ where: { id: account }, data: { blocked: true } });
    }
  });
}

/**
 * Erases the members whose own request was recorded (`erasureRequestedOn`) and whom nothing
 * holds any more (run by the retention job): departure recorded today if none, then the
 * erasure, audited with the reason `request`. Returns the documentIds erased and those that
 * failed (documentId → message). `dryRun`: lists them without change.
 */
export async function completeRequestedErasures(strapi: Core.Strapi, options: { dryRun?: boolean } = {}): Promise<{ erased: string[]; failed: Record<string, string> }> {
  const today = todayInParis();
  const rows = (await strapi.db.query(MEMBER_UID).findMany({
    where: { erasureRequestedOn: { $notNull: true }, erasedOn: { $null: true } },
    select: ['id', 'documentId'],
    orderBy: { id: 'asc' },
  })) as { id: number; documentId: string }[];
  const erased: string[] = [];
  const failed: Record<string, string> = {};
  for (const row of rows) {
    if ((await erasureHolds(strapi, { memberId: row.id })).length > 0) continue;
    if (options.dryRun) {
      erased.push(row.documentId);
      continue;
    }
    try {
      await departNow(strapi, row.id, null, today);
      await eraseMember(strapi, null, row.documentId, 'request');
      erased.push(row.documentId);
    } catch (error) {
      failed[row.documentId] = error instanceof Error ? error.message : String(error);
    }
  }
  return { erased, failed };
}

/**
 * Checks the account's current password with users-permissions' own check (its bcrypt hash),
 * spending the account's `ERASURE_PASSWORD_BUDGET` on a wrong one.
 * @throws ValidationError (400, field `password`, `WRONG_PASSWORD`); RateLimitError (429)
 *         once the budget is spent (before comparing anything).
 */
async function assertCurrentPassword(strapi: Core.Strapi, userId: number, password: string): Promise<void> {
  const limiter = budget(strapi, ERASURE_PASSWORD_BUDGET);
  const key = `user:${userId}`;
  const state = await limiter.get(key);
  if (state && state.consumedPoints >= ERASURE_PASSWORD_BUDGET.points) throw tooManyTries(state.msBeforeNext);
  const account = await strapi.db.query(USER_UID).findOne({ where: { id: userId }, select: ['id', 'password'] });
  const users = strapi.plugin('users-permissions').service('user') as { validatePassword(password: string, hash: string): Promise<boolean> };
  const valid = Boolean(account?.password) && (await users.validatePassword(password, account.password));
  if (!valid) {
    const spent = await spendBudget(strapi, ERASURE_PASSWORD_BUDGET, key);
    if (!spent.allowed) throw tooManyTries(spent.msBeforeNext);
    throw fieldError('password', WRONG_PASSWORD);
  }
}

/** 429 in French, with when to try again (`retryAfterSeconds`). */
function tooManyTries(msBeforeNext: number) {
  const minutes = Math.max(1, Math.ceil(msBeforeNext / 60_000));
  return new errors.RateLimitError(`Trop de tentatives : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`, { retryAfterSeconds: Math.ceil(msBeforeNext / 1000) });
}
