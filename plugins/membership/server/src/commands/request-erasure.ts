import type { Core } from '@strapi/strapi';
import {
  budget,
  ConflictError,
  emitEvent,
  erasureHolds,
  fieldError,
  ForbiddenError,
  MEMBER_ERASURE_REQUESTED,
  MEMBER_LEFT,
  MEMBER_RETURNED,
  NotFoundError,
  recordAudit,
  spendBudget,
  SYSTEM_ACTOR,
  todayInParis,
  type Actor,
  type AuditActor,
  type BudgetSpec,
  type MemberStatus,
  withTransaction,
} from '@intranet-militant/shared';
import { errors } from '@strapi/utils';
import { afterAnswer } from '../after-answer';
import { unusablePasswordHash } from '../import/engine';
import { can } from '../permissions';
import { MEMBER_UID, USER_UID } from '../uids';
import { ALREADY_ERASED, erasedByAnotherRun, eraseMember } from './erase-member';
import { applyStatusEffects } from './membership-effects';

/**
 * What every member whose own erasure request is accepted reads (202), whatever happens
 * behind it: erased just after the answer, or kept while a hold they may not be told of
 * stands (an unnotified disciplinary case, a running import). The same words, byte for byte,
 * and the same shape, so that the answer reveals nothing: the request is recorded, the
 * account is closed now, the request cannot be withdrawn, and it is dealt with within the
 * legal delay (GDPR art. 12(3): one month — the erasure itself, or the federation's answer
 * saying why the data is kept, GDPR art. 17(3)(e)); and what it gives up at once for good:
 * registrations, session places and delegation lines still to come (events'
 * `releaseUpcomingOfRequest`) are cancelled and never restored, even if the request is later
 * refused — restoring one could take back a place the waiting list gave someone else, and
 * session places and delegation lines are deleted, not kept aside. The portal says so before
 * the member asks (« Mes données », « Effacer mes données »).
 */
export const ERASURE_REQUEST_MESSAGE =
  'Votre demande d’effacement est enregistrée et votre compte est fermé dès maintenant. Cette demande ne peut pas être retirée. Elle est traitée dans un délai d’un mois au plus (RGPD, art. 12.3). Vos inscriptions à venir (événements, places aux séances et délégations de l’université d’été) sont annulées dès maintenant et ne seront pas rétablies.';

/** A wrong current password: the same words whatever is wrong (no hint of what the account holds). */
export const WRONG_PASSWORD = 'Mot de passe incorrect.';

/**
 * Wrong passwords per account before the erasure door closes for a while (15 minutes), as
 * sign-in's per-account budget (src/middlewares/auth-limits.ts): someone holding a stolen
 * access token cannot try passwords at leisure. Per address, the app's auth limits count
 * this route's failures too.
 */
export const ERASURE_PASSWORD_BUDGET: BudgetSpec = { name: 'erasure-password-account', points: 5, durationSeconds: 15 * 60 };

/** The answer of `requestErasure`: always the same shape and words (`ERASURE_REQUEST_MESSAGE`). */
export interface ErasureRequestOutcome {
  state: 'recorded';
  /** The day of the (first) request, Paris. */
  requestedOn: string;
  /** One month later (GDPR art. 12(3)). */
  answerBy: string;
  message: string;
}

/**
 * A member asks for the erasure of their data (GDPR art. 17; issue 22, item 4), confirming
 * with their current password (as a password change does: a 15-minute access token alone
 * must not erase anyone for good). Every account that signs in to the portal has one: sign-in
 * is by password only (users-permissions `local`), and an account created without one (an
 * import, a registration) gets it through its invitation or « mot de passe oublié » before it
 * can sign in — which is also the way for a member who forgot it.
 *
 * A hold the member may be told of (a disciplinary case they were notified of) refuses the
 * request: 409 with its reason, nothing recorded. Otherwise every request gets the same
 * answer (`ERASURE_REQUEST_MESSAGE`, 202), whatever holds the data, and the same things
 * happen at once (`closeAccount`): the request is recorded (`erasureRequestedOn`, audited
 * once, without any reason), the departure recorded today if none, the login account blocked,
 * its password made unusable and its sessions revoked. Then, just after the answer and
 * outside the request (`afterAnswer`), the erasure runs if nothing holds the data; otherwise,
 * or if it fails, the retention job completes it once nothing does (`completeRequestedErasures`).
 * An unnotified case that is then notified (or a precautionary suspension) reopens the account
 * (`reopenAfterNotice`): the respondent must be able to defend themself.
 *
 * A repeat request (one already recorded) answers the same, with the first request's day,
 * and is not audited again.
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
  const requestedOn = await closeAccount(strapi, actor, await unusablePasswordHash());
  // The erasure itself after the answer, outside the request: neither the answer nor its time
  // depends on whether something holds the data (then the retention job waits for it to end).
  const memberId = actor.memberId;
  afterAnswer(strapi, 'A requested erasure', () => completeRequestedErasure(strapi, memberId, actor));
  return { state: 'recorded', requestedOn, answerBy: answerByOf(requestedOn), message: ERASURE_REQUEST_MESSAGE };
}

/**
 * Records the member's own erasure request and closes their account, in one transaction, then
 * revokes the account's sessions: `erasureRequestedOn` (claimed once: a second request, even
 * sent at the same instant, finds it set and keeps its day), the departure today if none
 * (MEMBER_LEFT: the skills directory unlists them), the login account blocked with an
 * unusable password (`password`: a hash of forgotten random bytes; once reopened, the member
 * chooses a new one through « mot de passe oublié »), an active admin-panel account with the
 * same address deactivated (recorded in `erasureClosedAdmins`, so that a withdrawn request
 * reopens it: `reopenAdminAccountsOfRequest`; audited as `admin::user.deactivate`, each, even on
 * a repeat request). The audit entry
 * `plugin::membership.member.erasure-request` is written for the first request only and says
 * nothing of any hold (staff without access to a case read the audit log too).
 * Returns the day of the first request.
 * @throws ConflictError (409) when the member's data is already erased
 */
async function closeAccount(strapi: Core.Strapi, actor: Actor, password: string): Promise<string> {
  const today = todayInParis();
  const { requestedOn, account, admins } = await strapi.db.transaction(async () => {
    const members = strapi.db.query(MEMBER_UID);
    const read = () =>
      members.findOne({
        where: { id: actor.memberId },
        select: ['id', 'documentId', 'leftOn', 'erasedOn', 'erasureRequestedOn', 'erasureClosedAdmins'],
        populate: { user: { select: ['id'] } },
      });
    const found = await read();
    if (!found) throw new NotFoundError('Aucune fiche d’adhérent n’est liée à votre compte.');
    // A request already recorded answers with its day, even once the erasure it led to is done
    // (a second request sent with the first must read as the first does, hold or not).
    if (found.erasedOn && !found.erasureRequestedOn) throw new ConflictError(ALREADY_ERASED, { erasedOn: found.erasedOn });
    // One writer claims the request: PostgreSQL makes a concurrent one wait for its commit and
    // re-check the condition (SQLite has one writer at a time); then read what it left.
    const claimed = await members.updateMany({ where: { id: found.id, erasureRequestedOn: { $null: true } }, data: { erasureRequestedOn: today } });
    const first = Number(claimed?.count ?? 0) > 0;
    const member = first ? found : ((await read()) ?? found);
    const stored = first ? today : String(member.erasureRequestedOn ?? today).slice(0, 10);
    if (member.erasedOn) return { requestedOn: stored, account: null, admins: [] as number[] }; // done since: nothing left to close
    // Under the row's claim, the holds again: a case notified since the first look (its
    // notification takes this row too, `reopenAfterNotice`) refuses the request, rolled back.
    if (first) {
      const told = (await erasureHolds(strapi, { memberId: member.id })).find((h) => h.disclosable);
      if (told) throw new ConflictError(told.reason);
    }
    const departs = !member.leftOn || String(member.leftOn).slice(0, 10) > today;
    if (departs) await members.update({ where: { id: member.id }, data: { leftOn: today } });
    const account = member.user?.id ?? actor.userId ?? null;
    const admins: number[] = [];
    if (account != null) {
      const user = await strapi.db.query(USER_UID).update({
        where: { id: account },
        data: { blocked: true, password, resetPasswordToken: null, confirmationToken: null },
        select: ['id', 'email'],
      });
      // An admin-panel account with the same address closes too (as the erasure would, and as
      // an exclusion does): open, it would tell that the erasure waits, and keep its access.
      // Those it closes are recorded on the row (`erasureClosedAdmins`), in this transaction:
      // a request withdrawn reopens them, and only them (`reopenAdminAccountsOfRequest`).
      // Each is audited as `admin::user.deactivate` in the member's name, as their reactivation
      // at a withdrawal is (`admin::user.reactivate`), with no more than the request's own entry
      // says (staff who may not see a case read it).
      const closed: ClosedAdmin[] = [];
      if (user?.email) {
        for (const admin of await strapi.db.query('admin::user').findMany({ where: { email: { $eqi: user.email }, isActive: true }, select: ['id'] })) {
          const after = await strapi.db.query('admin::user').update({ where: { id: admin.id }, data: { isActive: false }, select: ['id', 'updatedAt'] });
          closed.push({ id: admin.id, stamp: stampOf(after?.updatedAt) });
          admins.push(admin.id);
          await recordAudit(strapi, {
            actor: { kind: 'user', id: actor.userId, label: actor.label },
            action: 'admin::user.deactivate',
            subject: { type: 'admin::user', id: admin.id },
            federationId: actor.federationId,
            details: { effectOf: { type: MEMBER_UID, id: member.documentId, action: 'plugin::membership.member.erasure-request' }, isActive: { before: true, after: false }, sessions: 'admin' },
          });
        }
      }
      // A repeat request (an older version's, whose account stayed open) adds to the first's.
      const earlier = first ? [] : closedAdminsOf(member.erasureClosedAdmins);
      if (closed.length > 0) await members.update({ where: { id: member.id }, data: { erasureClosedAdmins: [...earlier, ...closed] } });
    }
    if (departs) await emitEvent(strapi, MEMBER_LEFT, { memberId: member.id, on: today });
    await emitEvent(strapi, MEMBER_ERASURE_REQUESTED, { memberId: member.id, on: today });
    if (first) {
      await recordAudit(strapi, {
        actor: { kind: 'user', id: actor.userId, label: actor.label },
        action: 'plugin::membership.member.erasure-request',
        subject: { type: MEMBER_UID, id: member.documentId },
        federationId: actor.federationId,
        // The same details whatever holds the data: staff who may not see a case read this too.
        details: { requestedOn: today, leftOn: departs ? today : String(member.leftOn).slice(0, 10), accountClosed: account != null },
      });
    }
    return { requestedOn: stored, account, admins };
  });
  // Sessions live outside the transaction's tables: revoked once the closing is committed.
  if (account != null) await strapi.sessionManager('users-permissions').invalidateRefreshToken(String(account));
  for (const admin of admins) await strapi.sessionManager('admin').invalidateRefreshToken(String(admin));
  return requestedOn;
}

/** An admin-panel account a request deactivated, and its `updatedAt` as that left it (`erasureClosedAdmins`). */
interface ClosedAdmin {
  id: number;
  stamp: string;
}

/** A stored `updatedAt` as one text, to compare as stored (the query engine hands back ISO text; a Date is taken too). */
const stampOf = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value ?? ''));

/** The `erasureClosedAdmins` of a member row (a JSON attribute: the query engine parses it) as a list, empty when none or not of that shape. */
function closedAdminsOf(value: unknown): ClosedAdmin[] {
  return Array.isArray(value) ? value.filter((a): a is ClosedAdmin => Number.isInteger(a?.id) && typeof a?.stamp === 'string') : [];
}

/**
 * When a member's own erasure request is withdrawn (`reopenAfterNotice`, `recordReturn`):
 * reactivates the admin-panel accounts that request deactivated (`erasureClosedAdmins`) and
 * clears that record, in the caller's transaction. Only an account still inactive and left as
 * the request left it (same `updatedAt`) is reactivated: one deactivated before the request was
 * never recorded, and one changed since (a national admin reactivating then deactivating it,
 * its roles or address changed) was decided about since and stays as it is. A suspension or an
 * exclusion since clears the record (`applyStatusEffects`: only a national admin reopens the
 * account then). Each reactivation is audited as `admin::user.reactivate` in the name of
 * `actor`, with no cause (staff who may not see a case read it). Returns the ids reactivated.
 */
export async function reopenAdminAccountsOfRequest(
  strapi: Core.Strapi,
  member: { id: number; documentId: string; federationId: number | null },
  actor: AuditActor,
  effectOf: string
): Promise<number[]> {
  const row = await strapi.db.query(MEMBER_UID).findOne({ where: { id: member.id }, select: ['id', 'erasureClosedAdmins'] });
  if (row?.erasureClosedAdmins == null) return [];
  const closed = closedAdminsOf(row.erasureClosedAdmins);
  await strapi.db.query(MEMBER_UID).update({ where: { id: member.id }, data: { erasureClosedAdmins: null } });
  const reopened: number[] = [];
  for (const { id, stamp } of closed) {
    const admin = await strapi.db.query('admin::user').findOne({ where: { id }, select: ['id', 'isActive', 'updatedAt'] });
    if (!admin || admin.isActive || stampOf(admin.updatedAt) !== stamp) continue;
    await strapi.db.query('admin::user').update({ where: { id }, data: { isActive: true } });
    await recordAudit(strapi, {
      actor,
      action: 'admin::user.reactivate',
      subject: { type: 'admin::user', id },
      federationId: member.federationId,
      details: { effectOf: { type: MEMBER_UID, id: member.documentId, action: effectOf }, isActive: { before: false, after: true } },
    });
    reopened.push(id);
  }
  return reopened;
}

/** The day by which the federation answers a request made on `day` (GDPR art. 12(3): one month; Paris dates). */
export function answerByOf(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y, m, d));
  if (target.getUTCMonth() !== m % 12) target.setUTCDate(0); // 31 January → 28/29 February
  return target.toISOString().slice(0, 10);
}

/** Records today's departure (unless one is recorded) and blocks the account, for an erasure that follows. */
async function departNow(strapi: Core.Strapi, memberId: number, today: string): Promise<void> {
  await strapi.db.transaction(async () => {
    const member = await strapi.db.query(MEMBER_UID).findOne({ where: { id: memberId }, select: ['id', 'leftOn', 'erasedOn'], populate: { user: { select: ['id', 'blocked'] } } });
    if (!member || member.erasedOn) return;
    if (!member.leftOn || String(member.leftOn).slice(0, 10) > today) await strapi.db.query(MEMBER_UID).update({ where: { id: member.id }, data: { leftOn: today } });
    if (member.user && !member.user.blocked) await strapi.db.query(USER_UID).update({ where: { id: member.user.id }, data: { blocked: true } });
  });
}

/** Members whose requested erasure runs in this process now (the task after the answer and the job never both run it). */
const erasing = new Set<number>();

/**
 * Completes one member's own erasure request if it still stands and nothing holds their data:
 * departure today if none, then the erasure (audited with the reason `request`, under
 * « ancien adhérent (à sa demande) » when `actor` is the member, the system otherwise).
 * Returns true when erased now, false when there was nothing to do (no request, already
 * erased, a hold, or already running here).
 * @throws what `eraseMember` throws (a database failure): the retention job tries again
 */
export async function completeRequestedErasure(strapi: Core.Strapi, memberId: number, actor: Actor | null = null): Promise<boolean> {
  if (erasing.has(memberId)) return false;
  erasing.add(memberId);
  try {
    const row = await strapi.db.query(MEMBER_UID).findOne({ where: { id: memberId }, select: ['id', 'documentId', 'erasureRequestedOn', 'erasedOn'] });
    if (!row?.erasureRequestedOn || row.erasedOn) return false;
    if ((await erasureHolds(strapi, { memberId })).length > 0) return false;
    await departNow(strapi, memberId, todayInParis());
    await eraseMember(strapi, actor, row.documentId, 'request');
    return true;
  } finally {
    erasing.delete(memberId);
  }
}

/**
 * Erases the members whose own request was recorded (`erasureRequestedOn`) and whom nothing
 * holds any more (run by the retention job): those a hold kept (until it ended), and those
 * whose erasure just after their request failed. Returns the documentIds erased, those that
 * failed (documentId → message) and those another run erases or has just erased
 * (`elsewhere`: neither erased here nor failed). `dryRun`: lists them without change.
 * `signal` (the retention job's lock, `withJobLock`): once aborted, stops before the next member.
 */
export async function completeRequestedErasures(
  strapi: Core.Strapi,
  options: { dryRun?: boolean; signal?: AbortSignal } = {}
): Promise<{ erased: string[]; failed: Record<string, string>; elsewhere: string[] }> {
  const rows = (await strapi.db.query(MEMBER_UID).findMany({
    where: { erasureRequestedOn: { $notNull: true }, erasedOn: { $null: true } },
    select: ['id', 'documentId'],
    orderBy: { id: 'asc' },
  })) as { id: number; documentId: string }[];
  const erased: string[] = [];
  const failed: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const row of rows) {
    if (options.signal?.aborted) break; // the retention job lost its lock: the next run goes on
    if (options.dryRun) {
      if ((await erasureHolds(strapi, { memberId: row.id })).length === 0) erased.push(row.documentId);
      continue;
    }
    try {
      if (await completeRequestedErasure(strapi, row.id)) erased.push(row.documentId);
    } catch (error) {
      if (erasedByAnotherRun(error)) elsewhere.push(row.documentId);
      else failed[row.documentId] = error instanceof Error ? error.message : String(error);
    }
  }
  return { erased, failed, elsewhere };
}

/**
 * The member now knows of a disciplinary case about them (notified, or a precautionary
 * suspension they must be able to contest: sanctions' events), so an erasure request they
 * made while it was confidential no longer stands: it is answered as one refused for a known
 * hold (GDPR art. 17(3)(e)) — `erasureRequestedOn` cleared, the departure the request
 * recorded cleared (one recorded by staff before it stays), the login account reopened as
 * their status allows (`applyStatusEffects`: suspended members sign in, excluded ones do
 * not), the admin-panel accounts the request deactivated reactivated
 * (`reopenAdminAccountsOfRequest`), audited as `plugin::membership.member.erasure-refuse`.
 * What the request hid from the public without blanking it (training's certificate check asks
 * `directory.erasureRequestedOrDone`) shows again by itself. Their password stays unusable:
 * they choose a new one through « mot de passe oublié » (the notice tells them of the case).
 * In the caller's transaction (the event's); does nothing for a member without a pending
 * request. Returns whether a request was withdrawn.
 */
export async function reopenAfterNotice(strapi: Core.Strapi, memberId: number): Promise<boolean> {
  const members = strapi.db.query(MEMBER_UID);
  // The member's row, held until the notice commits: a request being recorded at this moment
  // either commits first (then reopened here) or waits and sees the notice (`closeAccount`).
  if (strapi.db.dialect.client === 'postgres') {
    const table = strapi.db.metadata.get(MEMBER_UID).tableName;
    await withTransaction(strapi, (trx) => trx.raw(`SELECT id FROM ${table} WHERE id = ? FOR UPDATE`, [memberId]));
  }
  const member = await members.findOne({
    where: { id: memberId },
    select: ['id', 'documentId', 'membershipStatus', 'leftOn', 'erasedOn', 'erasureRequestedOn'],
    populate: { user: { select: ['id'] }, federation: { select: ['id'] } },
  });
  if (!member?.erasureRequestedOn || member.erasedOn) return false;
  const requestedOn = String(member.erasureRequestedOn).slice(0, 10);
  const leftOn = member.leftOn ? String(member.leftOn).slice(0, 10) : null;
  // The request recorded the departure on its day; staff cannot record another one after it.
  const departureOfRequest = leftOn != null && leftOn >= requestedOn;
  await members.update({ where: { id: member.id }, data: { erasureRequestedOn: null, ...(departureOfRequest ? { leftOn: null } : {}) } });
  const status = member.membershipStatus as MemberStatus;
  await applyStatusEffects(strapi, member, status, status);
  // The admin-panel accounts the request deactivated, and only those (none after a suspension
  // or exclusion meanwhile: `applyStatusEffects` cleared the record then).
  await reopenAdminAccountsOfRequest(strapi, { id: member.id, documentId: member.documentId, federationId: member.federation?.id ?? null }, SYSTEM_ACTOR, 'plugin::membership.member.erasure-refuse');
  // The departure the request recorded is undone: announced as a return, so that listeners
  // (the skills directory, which unlisted them at the departure) take them back as their
  // status allows (a precautionary suspension keeps them out).
  if (departureOfRequest) await emitEvent(strapi, MEMBER_RETURNED, { memberId: member.id, on: todayInParis() });
  await recordAudit(strapi, {
    actor: SYSTEM_ACTOR,
    action: 'plugin::membership.member.erasure-refuse',
    subject: { type: MEMBER_UID, id: member.documentId },
    federationId: member.federation?.id ?? null,
    // No cause: staff who may not see the case read this entry (its reason is the case's).
    details: { requestedOn, departureCleared: departureOfRequest },
  });
  return true;
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
