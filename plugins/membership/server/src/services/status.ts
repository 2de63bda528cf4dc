import { createHmac } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { ConflictError, effectiveStatus, holdJobForTransaction, holdRows, recordAudit, todayInParis, withTransaction, type AuditActor, type MemberStatus } from '@intranet-militant/shared';
import { erasureJobOf } from '../commands/erase-member';
import { applyStatusEffects, writeWithExplicitEffects } from '../commands/membership-effects';
import { MEMBER_UID } from '../uids';

/** The tables whose rows `holdMember` holds (members', login accounts'). */
const MEMBERS_TABLE = 'membership_members';
const USERS_TABLE = 'up_users';

/** Pseudonymised traces of excluded members (created at bootstrap; never a name, an email or a number in clear). */
export const EXCLUSION_TRACES = 'membership_exclusion_traces';

/** Makes the traces table (idempotent, at bootstrap). */
export async function ensureExclusionTraces(knex: any): Promise<void> {
  if (await knex.schema.hasTable(EXCLUSION_TRACES)) return;
  await knex.schema.createTable(EXCLUSION_TRACES, (t: any) => {
    t.increments('id');
    t.string('email_hash', 64).notNullable().index();
    t.string('number_hash', 64).notNullable().index();
    t.date('excluded_on').notNullable();
    t.integer('federation_id');
  });
}

/**
 * Keyed hash (HMAC-SHA256, hex) of an identifier: `EXCLUSION_TRACE_KEY`, or the app's
 * first key when unset. Without the key a trace cannot be matched to a person, with it a
 * given email or number can be checked (RGPD art. 4(5): pseudonymisation).
 */
function keyedHash(strapi: Core.Strapi, value: string): string {
  const key = process.env.EXCLUSION_TRACE_KEY || String((strapi.config.get('server.app.keys') as string[] | undefined)?.[0] ?? '');
  if (!key) throw new Error('No key for exclusion traces: set EXCLUSION_TRACE_KEY (or APP_KEYS).');
  return createHmac('sha256', `exclusion-trace:${key}`).update(value.trim().toLowerCase()).digest('hex');
}

/**
 * Membership's status door for other plugins (sanctions): the effects of a decision taken
 * elsewhere, by the rules of that plugin (which authorised it). Never their tables.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * For a record that holds a member's data from erasure (a disciplinary case naming them as
   * respondent), written in the caller's transaction: keeps the member's erasure from starting
   * until that transaction ends, so the erasure — which checks such holds once, then erases in
   * several transactions — either sees the record or ran before it. A case referred while
   * the member's erasure runs (a few seconds) is refused.
   * @param memberDocumentId membership's member documentId
   * @throws ConflictError (409) while the member's erasure runs
   */
  async keepFromErasure(memberDocumentId: string): Promise<void> {
    if (!(await holdJobForTransaction(strapi, erasureJobOf(memberDocumentId)))) {
      throw new ConflictError('Les données de cet adhérent sont en cours d’effacement : réessayez dans quelques minutes.');
    }
  },

  /**
   * Holds a member's row, then their login account's, until the caller's transaction ends
   * (PostgreSQL `FOR UPDATE`; SQLite has one writer): for a decision whose other effects are
   * written before its status (sanctions: the seats ended first, under the case's reference).
   * Their audit entries take the audit log's head, which every command takes last, after the
   * member's rows — as `applyDecision` itself takes them, and every write of a member: taken
   * the other way round, an edit of the member at the same moment met the decision in a
   * deadlock (one of them refused, 409).
   * @param memberId membership's member id (an unknown id holds nothing)
   */
  async holdMember(memberId: number): Promise<void> {
    await strapi.db.transaction(async () => {
      await holdRows(strapi, MEMBERS_TABLE, { id: memberId });
      const member = await strapi.db.query(MEMBER_UID).findOne({ where: { id: memberId }, select: ['id'], populate: { user: { select: ['id'] } } });
      if (member?.user) await holdRows(strapi, USERS_TABLE, { id: member.user.id });
    });
  },

  /**
   * Sets a member's stored status on the sanctions commission's decision, inside the
   * caller's transaction, with the same effects as membership's own status command
   * (`applyStatusEffects`: an exclusion blocks the login account; suspension and exclusion
   * revoke every session and deactivate the admin-panel account; MEMBER_STATUS_CHANGED).
   * A suspension ends by its date itself (`suspendedUntil`, inclusive: `effectiveStatus`).
   * An exclusion also records a pseudonymised trace (keyed hashes of the email and the
   * membership number) so that a later registration of the same person is flagged.
   * Audited as `plugin::membership.member.<suspend|exclude|reinstate>` with `details.by`.
   * @param memberId membership's member id
   * @param change `until`: last day of a suspension (Paris date, YYYY-MM-DD), required for `suspended`
   * @returns the effective status before and the stored status after; null when there is no such member
   */
  async applyDecision(
    memberId: number,
    change: { status: MemberStatus; until?: string | null; reason: string; by: string },
    actor: AuditActor
  ): Promise<{ from: MemberStatus; to: MemberStatus } | null> {
    return strapi.db.transaction(async () => {
      const member = await strapi.db.query(MEMBER_UID).findOne({
        where: { id: memberId },
        populate: { user: { select: ['id', 'email'] }, federation: { select: ['id'] } },
      });
      if (!member) return null;
      const stored = member.membershipStatus as MemberStatus;
      const from = effectiveStatus({ status: stored, suspendedUntil: member.suspendedUntil ?? null, leftOn: null }, todayInParis()) as MemberStatus // the stored transition;
      await writeWithExplicitEffects(() =>
        strapi.documents(MEMBER_UID).update({
          documentId: member.documentId,
          data: {
            membershipStatus: change.status,
            statusReason: change.reason,
            statusChangedOn: todayInParis(),
            suspendedUntil: change.status === 'suspended' ? change.until ?? null : null,
          } as any,
        })
      );
      await applyStatusEffects(strapi, member, stored, change.status, actor);
      if (change.status === 'excluded') {
        await withTransaction(strapi, (trx) =>
          trx(EXCLUSION_TRACES).insert({
            email_hash: keyedHash(strapi, member.user?.email ?? `sans-compte:${member.membershipNumber}`),
            number_hash: keyedHash(strapi, member.membershipNumber),
            excluded_on: todayInParis(),
            federation_id: member.federation?.id ?? null,
          })
        );
      }
      await recordAudit(strapi, {
        actor,
        action: `plugin::membership.member.${change.status === 'active' ? 'reinstate' : change.status === 'suspended' ? 'suspend' : 'exclude'}`,
        subject: { type: MEMBER_UID, id: member.documentId },
        federationId: member.federation?.id ?? null,
        details: { from, to: change.status, reason: change.reason, until: change.until ?? null, by: change.by, trace: change.status === 'excluded' },
      });
      return { from, to: change.status };
    });
  },

  /**
   * Which of these people an exclusion trace matches, by email or membership number (read
   * only; one query per 400 people: the import asks once per batch).
   * @param people emails (as the row gives them; compared trimmed and lower-cased) and numbers
   * @returns the emails and the numbers, as given, that a trace matches, each with the
   *          federations whose exclusions match it (null: a member without federation)
   */
  async excludedAmong(people: { email: string; membershipNumber: string }[]): Promise<{ emails: Map<string, (number | null)[]>; numbers: Map<string, (number | null)[]> }> {
    const emails = new Map<string, (number | null)[]>();
    const numbers = new Map<string, (number | null)[]>();
    const note = (found: Map<string, (number | null)[]>, key: string, federationId: number | null) => {
      const list = found.get(key);
      if (!list) found.set(key, [federationId]);
      else if (!list.includes(federationId)) list.push(federationId);
    };
    for (let start = 0; start < people.length; start += 400) {
      const slice = people.slice(start, start + 400);
      const byEmail = new Map(slice.map((p) => [keyedHash(strapi, p.email), p.email]));
      const byNumber = new Map(slice.map((p) => [keyedHash(strapi, p.membershipNumber), p.membershipNumber]));
      const rows: { email_hash: string; number_hash: string; federation_id: number | string | null }[] = await withTransaction(strapi, (trx) =>
        trx(EXCLUSION_TRACES).whereIn('email_hash', [...byEmail.keys()]).orWhereIn('number_hash', [...byNumber.keys()]).select('email_hash', 'number_hash', 'federation_id')
      );
      for (const row of rows) {
        const federationId = row.federation_id === null ? null : Number(row.federation_id);
        if (byEmail.has(row.email_hash)) note(emails, byEmail.get(row.email_hash)!, federationId);
        if (byNumber.has(row.number_hash)) note(numbers, byNumber.get(row.number_hash)!, federationId);
      }
    }
    return { emails, numbers };
  },
});
