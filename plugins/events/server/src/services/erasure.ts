import type { Core } from '@strapi/strapi';
import { getService, parisDate, todayInParis, withTransaction, type ErasureProvider, type ErasureReport, type ErasureSubject, type RetentionRule } from '@intranet-militant/shared';
import { promoteWaiting, sendAll, type Mail } from '../commands/registrations';
import { holdSession, promoteSessionWaiting, tellPromoted } from '../commands/summer-university';
import { citizenOutcome, PERSONAL_FIELDS_CLEARED } from '../domain/retention';
import { settingsOf, DEFAULT_SETTINGS } from '../settings';
import type { RegistrationRow } from './store';
import { EVENT_UID, FEEDBACK_UID, REGISTRATION_UID, SU_ATTENDANCE_UID, SU_DELEGATE_UID, SU_EDITION_UID } from '../uids';
import '../public';


/** The departure city a past delegation line keeps once its delegate is erased. */
export const ERASED_DEPARTURE = '—';

/**
 * The events rows of the retention table (README « Retention and erasure »). Periods use
 * the defaults of `config/plugins.ts` → `events.config` (`confirmationHours`,
 * `citizenRetentionMonths`, `contactConsentYears`).
 */
export const EVENTS_RETENTION: readonly RetentionRule[] = [
  {
    id: 'events.registrations',
    what: 'Members’ event registrations (name and email as registered, state, waiting-list order, check-in code and time, reminder sent)',
    period: 'While a member; until the member’s erasure',
    then: 'Name, email and check-in code removed; the row stays linked to the pseudonymous profile with its state and check-in time, so that past events’ counts, attendance and share of non-members are unchanged; a registration for an event still to come is cancelled (its seat goes to the waiting list), as a cancellation, at the member’s own erasure request already. Registrations made as a citizen under the member’s email are treated the same',
    basis: 'GDPR art. 5(1)(c) and 17(1)(a): attendance figures need the count, not the person',
  },
  {
    id: 'events.citizens',
    what: 'Citizens’ registrations for open events (name, email, consent to be contacted again, confirmation link’s hash, check-in code)',
    period: `Unconfirmed: ${DEFAULT_SETTINGS.confirmationHours} hours (\`confirmationHours\`); confirmed, waiting or cancelled: ${DEFAULT_SETTINGS.citizenRetentionMonths} months after the event’s day (\`citizenRetentionMonths\`); with consent to be contacted again: ${DEFAULT_SETTINGS.contactConsentYears} years after the event’s day (\`contactConsentYears\`); at once when the citizen cancels`,
    then: 'Unconfirmed registrations deleted (they never counted); the others keep no name, email, consent nor check-in code (hourly job), the row stays for the event’s counts and attendance',
    basis: 'GDPR art. 5(1)(e) and 6(1)(a)–(b): the registration is the purpose (then the report and questions about the list); consent to be contacted again follows CNIL’s guidance for prospects (3 years from the last contact)',
  },
  {
    id: 'events.feedback',
    what: 'Participants’ feedback on events (rating 1–5 and a comment)',
    period: 'As long as the event',
    then: 'At the member’s erasure the comment is removed (free text may identify its author or name them) and the rating kept for the event’s mean',
    basis: 'GDPR art. 5(1)(c): the statistics need the rating, not the text',
  },
  {
    id: 'events.summer-university',
    what: 'Summer-university session registrations and waiting lists; per-federation delegations (member, transport mode, departure city, seats, lodging request)',
    period: 'As long as the edition’s records',
    then: 'At the member’s erasure: places and delegation lines of editions still to come are removed (a freed place goes to the waiting list); for past editions they stay linked to the pseudonymous profile (the totals per federation are unchanged) and the delegation line loses its departure city',
    basis: 'The party’s record of its summer university (issue 20 §4); GDPR art. 5(1)(c) and 17(1)(a)',
  },
];

interface Counts {
  registrationsPseudonymised: number;
  registrationsCancelled: number;
  feedbackCommentsRemoved: number;
  sessionPlacesRemoved: number;
  sessionPlacesKept: number;
  delegatesRemoved: number;
  delegatesPseudonymised: number;
}

/**
 * Events' part of retention and erasure (issue 22 item 4, issue 20's personal data).
 * `erase`: the member's registrations (by profile, or under their email as a citizen) lose
 * name, email and door code — upcoming ones are cancelled and their seats promoted —, their
 * feedback loses its comment, their summer-university places and delegation lines for
 * editions to come are removed, past ones kept on the pseudonym. One transaction,
 * idempotent (a second call reports zeros). Holds none: nothing of events must outlive a
 * member's erasure.
 * `purge(now)`: citizens' data past its period (`domain/retention.ts`); also run by the
 * plugin's hourly job.
 */
/** What `releaseUpcoming` gave up: registrations cancelled, session places and delegation lines removed. */
export interface UpcomingCounts {
  registrationsCancelled: number;
  sessionPlacesRemoved: number;
  delegatesRemoved: number;
}

/**
 * Cancels what the member holds of what is still to come, as their own cancellation would, in
 * the transaction `trx`: registrations (as a member, or made under their address as a citizen)
 * for events not started at `now` (a confirmed seat goes to the waiting list), places in
 * summer-university sessions to come (promoted likewise) and delegation lines of editions not
 * ended. Past events, sessions and editions are left as they were: their counts, attendance and
 * totals do not change. With `membersOnly` (one who is no longer a member, `releaseUpcomingOfMember`):
 * only their registrations as a member to events for members, beside the summer university's
 * places and delegation lines (members' own); those to public events stay (anyone may come).
 * Returns the counts, the emails to send and the session promotions to tell once committed.
 */
async function releaseUpcoming(
  strapi: Core.Strapi,
  trx: any,
  subject: Pick<ErasureSubject, 'memberId' | 'email'>,
  now: Date,
  membersOnly = false
): Promise<{ counts: UpcomingCounts; mails: Mail[]; promoted: Awaited<ReturnType<typeof promoteSessionWaiting>> }> {
  const email = membersOnly ? null : subject.email?.trim().toLowerCase() || null;
  const today = todayInParis(now);
  const counts: UpcomingCounts = { registrationsCancelled: 0, sessionPlacesRemoved: 0, delegatesRemoved: 0 };
  const mails: Mail[] = [];
  const promoted: Awaited<ReturnType<typeof promoteSessionWaiting>> = [];
  const where = email ? { $or: [{ memberId: subject.memberId }, { email }] } : { memberId: subject.memberId };
  const rows = (await strapi.db.query(REGISTRATION_UID).findMany({ where: { $and: [where, { state: { $ne: 'cancelled' } }] }, orderBy: { id: 'asc' } })) as RegistrationRow[];
  for (const found of rows) {
    const event = await strapi.db.query(EVENT_UID).findOne({ where: { id: found.eventId, startsAt: { $gt: now }, ...(membersOnly ? { audience: 'members' } : {}) }, select: ['documentId'] });
    if (!event) continue;
    const held = (await getService(strapi, 'events', 'store').holdEvent(trx, event.documentId))!;
    const r = (await strapi.db.query(REGISTRATION_UID).findOne({ where: { id: found.id } })) as RegistrationRow; // as it stands under the hold
    if (r.state === 'cancelled') continue;
    await strapi.db.query(REGISTRATION_UID).update({ where: { id: r.id }, data: { state: 'cancelled' } });
    counts.registrationsCancelled += 1;
    if (r.state === 'confirmed') mails.push(...(await promoteWaiting(strapi, held)));
  }
  const places: { id: number; sessionId: number; state: string | null }[] = await strapi.db.query(SU_ATTENDANCE_UID).findMany({ where: { memberId: subject.memberId }, select: ['id', 'sessionId', 'state'] });
  for (const a of places) {
    const session = await holdSession(strapi, trx, { id: a.sessionId });
    if (!session || new Date(session.startsAt).getTime() <= now.getTime()) continue;
    await strapi.db.query(SU_ATTENDANCE_UID).delete({ where: { id: a.id } });
    counts.sessionPlacesRemoved += 1;
    if (a.state !== 'waiting') promoted.push(...(await promoteSessionWaiting(strapi, session)));
  }
  const lines: { id: number; editionId: number }[] = await strapi.db.query(SU_DELEGATE_UID).findMany({ where: { memberId: subject.memberId }, select: ['id', 'editionId'] });
  for (const line of lines) {
    const edition = await strapi.db.query(SU_EDITION_UID).findOne({ where: { id: line.editionId }, select: ['endsOn'] });
    if (!edition || edition.endsOn < today) continue;
    await strapi.db.query(SU_DELEGATE_UID).delete({ where: { id: line.id } });
    counts.delegatesRemoved += 1;
  }
  return { counts, mails, promoted };
}

/**
 * What a member who asked for their erasure gives up of what is still to come, as their own
 * cancellation would (`releaseUpcoming`). Run at the request, in membership's transaction
 * (`MEMBER_ERASURE_REQUESTED`), so that the seats free at the same moment whether the erasure
 * follows at once or waits on a hold the member may not be told of (a seat count must not tell
 * the two apart); the erasure runs it again (a staff erasure has no request before it). The
 * members promoted are emailed once the transaction in progress commits. Returns the counts.
 * Idempotent. @throws only on database failure
 */
export async function releaseUpcomingOfRequest(strapi: Core.Strapi, subject: Pick<ErasureSubject, 'memberId' | 'email'>): Promise<UpcomingCounts> {
  return strapi.db.transaction(async ({ trx, onCommit }) => {
    const { counts, mails, promoted } = await releaseUpcoming(strapi, trx, subject, new Date());
    if (mails.length || promoted.length) {
      onCommit(() => {
        void sendAll(strapi, mails).then(() => tellPromoted(strapi, promoted));
      });
    }
    return counts;
  });
}

/**
 * What one who is no longer a member gives up of what is still to come (membership's
 * MEMBER_LEFT, or MEMBER_STATUS_CHANGED to `excluded`), as their own cancellation would
 * (`releaseUpcoming`, `membersOnly`): their registrations to events for members not started
 * yet (a confirmed seat goes to the first on the waiting list, told by email once committed),
 * their places in summer-university workshops to come (promoted likewise) and their lines in
 * delegations of editions not ended. Registrations to public events stay: anyone may come.
 * In membership's transaction. Idempotent. A return gives nothing back: they register again.
 * @returns the counts; @throws only on database failure
 */
export async function releaseUpcomingOfMember(strapi: Core.Strapi, memberId: number): Promise<UpcomingCounts> {
  return strapi.db.transaction(async ({ trx, onCommit }) => {
    const { counts, mails, promoted } = await releaseUpcoming(strapi, trx, { memberId, email: null }, new Date(), true);
    if (mails.length || promoted.length) {
      onCommit(() => {
        void sendAll(strapi, mails).then(() => tellPromoted(strapi, promoted));
      });
    }
    return counts;
  });
}

export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: EVENTS_RETENTION,

    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      const email = subject.email?.trim().toLowerCase() || null;
      const now = new Date();
      const { counts, mails, promoted } = await withTransaction(strapi, async (trx) => {
        // What is still to come goes first, as a cancellation (done already when the member asked).
        const released = await releaseUpcoming(strapi, trx, subject, now);
        const counts: Counts = { registrationsPseudonymised: 0, ...released.counts, feedbackCommentsRemoved: 0, sessionPlacesKept: 0, delegatesPseudonymised: 0 };
        // Registrations: theirs as a member, and those made under their email as a citizen.
        const where = email ? { $or: [{ memberId: subject.memberId }, { email }] } : { memberId: subject.memberId };
        const rows = (await strapi.db.query(REGISTRATION_UID).findMany({ where, orderBy: { id: 'asc' } })) as RegistrationRow[];
        for (const r of rows) {
          if (r.name != null || r.email != null || r.tokenHash != null || r.checkInCode != null || r.contactConsent) {
            await strapi.db.query(REGISTRATION_UID).update({ where: { id: r.id }, data: PERSONAL_FIELDS_CLEARED });
            counts.registrationsPseudonymised += 1;
          }
        }
        if (rows.length) {
          const cleared = await strapi.db.query(FEEDBACK_UID).updateMany({ where: { registrationId: { $in: rows.map((r) => r.id) }, comment: { $notNull: true } }, data: { comment: null } });
          counts.feedbackCommentsRemoved = Number(cleared?.count ?? 0);
        }
        // Summer university: places in past sessions are kept (the ones to come went above).
        counts.sessionPlacesKept = await strapi.db.query(SU_ATTENDANCE_UID).count({ where: { memberId: subject.memberId } });
        // Delegations of past editions keep their figures, not the city (the ones to come went above).
        const lines: { id: number; departure: string }[] = await strapi.db.query(SU_DELEGATE_UID).findMany({ where: { memberId: subject.memberId }, select: ['id', 'departure'] });
        for (const line of lines) {
          if (line.departure === ERASED_DEPARTURE) continue;
          await strapi.db.query(SU_DELEGATE_UID).update({ where: { id: line.id }, data: { departure: ERASED_DEPARTURE } });
          counts.delegatesPseudonymised += 1;
        }
        return { counts, mails: released.mails, promoted: released.promoted };
      });
      await sendAll(strapi, mails);
      await tellPromoted(strapi, promoted);
      return { source: 'events', counts: { ...counts } };
    },

    async purge(now: Date, options: { dryRun?: boolean } = {}): Promise<ErasureReport> {
      const settings = settingsOf(strapi);
      const today = todayInParis(now);
      const candidates = (await strapi.db.query(REGISTRATION_UID).findMany({
        where: { memberId: { $null: true }, $or: [{ state: 'pending' }, { email: { $notNull: true } }, { name: { $notNull: true } }] },
      })) as RegistrationRow[];
      const eventIds = [...new Set(candidates.map((r) => r.eventId))];
      const days = new Map<number, string>();
      if (eventIds.length) {
        for (const e of await strapi.db.query(EVENT_UID).findMany({ where: { id: { $in: eventIds } }, select: ['id', 'startsAt'] })) days.set(e.id, parisDate(e.startsAt));
      }
      const toDelete: number[] = [];
      const toClear: number[] = [];
      for (const r of candidates) {
        const outcome = citizenOutcome(
          { ...r, contactConsent: Boolean(r.contactConsent), askedAt: new Date(r.queuedAt ?? r.createdAt) },
          days.get(r.eventId) ?? today,
          now,
          today,
          settings
        );
        if (outcome === 'delete') toDelete.push(r.id);
        if (outcome === 'pseudonymise') toClear.push(r.id);
      }
      if (!options.dryRun && (toDelete.length || toClear.length)) {
        await strapi.db.transaction(async () => {
          if (toDelete.length) await strapi.db.query(REGISTRATION_UID).deleteMany({ where: { id: { $in: toDelete } } });
          if (toClear.length) await strapi.db.query(REGISTRATION_UID).updateMany({ where: { id: { $in: toClear } }, data: PERSONAL_FIELDS_CLEARED });
        });
      }
      return { source: 'events', counts: { pendingDeleted: toDelete.length, citizensPseudonymised: toClear.length } };
    },
  }) satisfies ErasureProvider;

