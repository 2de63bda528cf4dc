import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, emitEvent, fieldError, frenchDate, NotFoundError, recordAudit, todayInParis, type Actor } from '@intranet-militant/shared';
import { minutesConflicts } from '../content-types/conflicts';
import { ATTENDANCE, holdMeeting } from '../storage';
import { MEETING_UID, MINUTES_UID } from '../uids';
import type { MinutesInput, MinutesItem } from '../validation/schemas';
import { assertSecretariat, loadMeeting, type BodyRow, type MeetingRow } from './checks';
import { seatsExpectedAt } from './seats-on';

/** One version of a meeting's minutes. */
export interface MinutesRow {
  id: number;
  documentId: string;
  version: number;
  /** draft → approved → published. Not `status` (Strapi 5 reserves it); the API answers `status`. */
  minutesStatus: 'draft' | 'approved' | 'published';
  summary: string | null;
  items: MinutesItem[] | null;
  approvedOn: string | null;
  releasedOn: string | null;
  /** Set when a later version was published (this one leaves the search index). */
  supersededOn?: string | null;
  meeting?: { id: number; documentId: string } | null;
  approvedAtMeeting?: { id: number; documentId: string; heldOn: string } | null;
  corrects?: { id: number; documentId: string; version: number } | null;
}

export const MINUTES_POPULATE = {
  meeting: { select: ['id', 'documentId'] },
  approvedAtMeeting: { select: ['id', 'documentId', 'heldOn'] },
  corrects: { select: ['id', 'documentId', 'version'] },
};

/** Every version of a meeting's minutes, newest first. */
export async function versionsOf(strapi: Core.Strapi, meetingId: number): Promise<MinutesRow[]> {
  return (await strapi.db.query(MINUTES_UID).findMany({ where: { meeting: { id: meetingId } }, orderBy: { version: 'desc' }, populate: MINUTES_POPULATE })) as MinutesRow[];
}

/** The version (by documentId) with its meeting and body, for the body's secretariat; 404 for anyone who may not read the body. */
async function loadVersion(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<{ minutes: MinutesRow; meeting: MeetingRow; body: BodyRow }> {
  const minutes = (await strapi.db.query(MINUTES_UID).findOne({ where: { documentId }, populate: MINUTES_POPULATE })) as MinutesRow | null;
  if (!minutes?.meeting) throw new NotFoundError('Procès-verbal introuvable.');
  const { meeting, body } = await loadMeeting(strapi, actor, minutes.meeting.documentId, 'Procès-verbal introuvable.');
  await assertSecretariat(strapi, actor, body, todayInParis());
  return { minutes, meeting, body };
}

const audit = (strapi: Core.Strapi, actor: Actor, verb: string, minutes: { documentId: string }, body: BodyRow, details: Record<string, unknown>) =>
  recordAudit(strapi, {
    actor: auditActorOf(actor),
    action: `plugin::bodies.minutes.${verb}`,
    subject: { type: MINUTES_UID, id: minutes.documentId },
    federationId: body.federation?.id ?? null,
    details,
  });

/**
 * How many members could vote at a held meeting: the seats its attendance sheet marks present
 * or remote, plus those still « à saisir » (a titular stood in for excepted: their
 * suppléant's row counts) — all the seats expected that day (`seatsExpectedAt`) when the sheet has no row.
 * `knex`: the connection, or the transaction that is writing the sheet (read it as written).
 */
export async function possibleVoters(knex: any, meeting: { id: number; heldOn: string; startsAt: string }, bodyId: number): Promise<number> {
  const rows: { presence: string | null; replaced: unknown }[] = await knex.select('presence', 'replaced').from(ATTENDANCE).where('meeting_id', meeting.id);
  if (rows.length === 0) return (await seatsExpectedAt(knex, bodyId, meeting)).expected.length;
  return rows.filter((r) => r.presence === 'present' || r.presence === 'remote' || (r.presence === null && !r.replaced)).length;
}

/** The first decision of these items (its place and its votes) whose votes outnumber `voters`, or null. Pure. */
export function impossibleDecision(items: MinutesItem[] | null, voters: number): { item: number; decision: number; cast: number } | null {
  for (const [i, item] of (items ?? []).entries()) {
    for (const [j, decision] of (item.decisions ?? []).entries()) {
      const cast = decision.votesFor + decision.votesAgainst + decision.abstentions;
      if (cast > voters) return { item: i, decision: j, cast };
    }
  }
  return null;
}

const atMost = (voters: number) => (voters === 1 ? '1 membre au plus a pu voter' : `${voters} membres au plus ont pu voter`);

/**
 * Refuses (400 at the decision's `votesFor`) a decision whose votes (for, against,
 * abstentions) outnumber the members who could vote at the meeting (`possibleVoters`).
 */
function checkVotes(items: MinutesItem[], voters: number): void {
  const found = impossibleDecision(items, voters);
  if (!found) return;
  throw fieldError(
    ['items', found.item, 'decisions', found.decision, 'votesFor'],
    `Cette décision compte ${found.cast} voix (pour, contre et abstentions) : ${atMost(voters)} à cette réunion (présents, à distance ou pas encore saisis sur la feuille de présence).`
  );
}

/**
 * Refuses (409) an attendance sheet, as it now stands in the transaction `trx` writing it,
 * on which fewer members could vote than a decision of the meeting's latest minutes counts
 * votes (whatever that version's status: the record of the meeting stays consistent; the
 * minutes are corrected first, through a new version when approved or published). Older
 * versions are history and are not judged. The writes are rolled back with the throw.
 */
export async function refuseSheetBelowMinutes(strapi: Core.Strapi, trx: any, meeting: { id: number; heldOn: string; startsAt: string }, bodyId: number): Promise<void> {
  const [latest] = await versionsOf(strapi, meeting.id);
  if (!latest) return;
  const voters = await possibleVoters(trx, meeting, bodyId);
  const found = impossibleDecision(latest.items, voters);
  if (!found) return;
  const fix = latest.minutesStatus === 'draft' ? 'corrigez d’abord ce brouillon' : 'corrigez d’abord le procès-verbal (nouvelle version)';
  throw new ConflictError(
    `Avec cette feuille de présence, ${atMost(voters)} à cette réunion, mais la décision ${found.decision + 1} du point ${found.item + 1} du procès-verbal (version ${latest.version}) compte ${found.cast} voix : ${fix}.`,
    { minutes: latest.documentId }
  );
}

/**
 * Writes the draft of a held meeting's minutes: the first version is created, a draft is
 * rewritten; approved or published minutes are frozen (409: make a new version).
 * The body's secretariat only. Audited. 400 when a decision's votes outnumber the members
 * who could vote (`checkVotes`).
 */
export async function saveMinutes(strapi: Core.Strapi, actor: Actor, meetingDocumentId: string, input: MinutesInput): Promise<MinutesRow> {
  const { meeting, body } = await loadMeeting(strapi, actor, meetingDocumentId);
  await assertSecretariat(strapi, actor, body, todayInParis());
  if (meeting.meetingStatus !== 'held') throw new ConflictError('Le procès-verbal se rédige pour une réunion tenue.');
  return strapi.db.transaction(async ({ trx }) => {
    // The sheet as it stands under the meeting's hold (markAttendance takes it too).
    await holdMeeting(strapi, trx, meeting.id);
    checkVotes(input.items, await possibleVoters(trx, meeting, body.id));
    const [latest] = await versionsOf(strapi, meeting.id);
    if (latest && latest.minutesStatus !== 'draft') {
      throw new ConflictError(`La version ${latest.version} est ${latest.minutesStatus === 'approved' ? 'approuvée' : 'publiée'} : elle ne change plus, créez une nouvelle version.`, { minutes: latest.documentId });
    }
    const data = { summary: input.summary, items: input.items };
    const saved = (latest
      ? await strapi.db.query(MINUTES_UID).update({ where: { id: latest.id }, data, populate: MINUTES_POPULATE })
      : await strapi.db
          .query(MINUTES_UID)
          .create({ data: { ...data, meeting: meeting.id, version: 1, versionKey: `${meeting.id}:1`, minutesStatus: 'draft' }, populate: MINUTES_POPULATE })
          .catch((error: unknown) => minutesConflicts.rethrow(error))) as MinutesRow;
    await audit(strapi, actor, latest ? 'update' : 'create', saved, body, { meeting: meeting.documentId, version: saved.version, items: input.items.length });
    return saved;
  });
}

/**
 * Approves a draft at a later held meeting of the same body (then it is frozen). Audited.
 * Throws 404/403, 400 (approval meeting not of this body, not later), 409 (not a draft, approval meeting not held,
 * a decision with more votes than the attendance sheet now allows: `impossibleDecision`).
 */
export async function approveMinutes(strapi: Core.Strapi, actor: Actor, documentId: string, atMeetingDocumentId: string): Promise<MinutesRow> {
  const { minutes, meeting, body } = await loadVersion(strapi, actor, documentId);
  if (minutes.minutesStatus !== 'draft') throw new ConflictError('Seul un brouillon s’approuve.');
  const at = (await strapi.db.query(MEETING_UID).findOne({ where: { documentId: atMeetingDocumentId }, populate: { body: { select: ['id'] } } })) as MeetingRow | null;
  if (!at || at.body?.id !== body.id) throw fieldError('atMeeting', 'La réunion d’approbation est une réunion de la même instance.');
  if (at.id === meeting.id || at.startsAt <= meeting.startsAt) throw fieldError('atMeeting', 'Le procès-verbal s’approuve à une réunion ultérieure.');
  if (at.meetingStatus !== 'held') throw new ConflictError(`La réunion du ${frenchDate(at.heldOn)} n’est pas tenue.`);
  return strapi.db.transaction(async ({ trx }) => {
    // The sheet may have changed since the draft was written (or the draft predates the check): judged under the meeting's hold.
    await holdMeeting(strapi, trx, meeting.id);
    const voters = await possibleVoters(trx, meeting, body.id);
    const found = impossibleDecision(minutes.items, voters);
    if (found) {
      throw new ConflictError(
        `La décision ${found.decision + 1} du point ${found.item + 1} compte ${found.cast} voix, mais selon la feuille de présence ${atMost(voters)} à cette réunion : corrigez le brouillon ou la feuille avant de l’approuver.`
      );
    }
    const approved = (await strapi.db.query(MINUTES_UID).update({
      where: { id: minutes.id, minutesStatus: 'draft' },
      data: { minutesStatus: 'approved', approvedAtMeeting: at.id, approvedOn: at.heldOn },
      populate: MINUTES_POPULATE,
    })) as MinutesRow | null;
    if (!approved) throw new ConflictError('Seul un brouillon s’approuve.');
    await audit(strapi, actor, 'approve', minutes, body, { version: minutes.version, atMeeting: at.documentId });
    return approved;
  });
}

/**
 * Publishes approved minutes to the body's scope (confidential items stay with the body),
 * marks the earlier published versions superseded (out of the search index), and announces it (`bodies.minutes.published`, in the same transaction). Audited. 409 unless approved.
 * `on`: the day of publication (Paris date, YYYY-MM-DD), today by default; an earlier day
 * only for minutes published before they were recorded here (the demo, an archive's
 * import: no route passes it), never before their approval, nor before the release of the
 * version it replaces, nor after today (throws a RangeError otherwise: its lists, search
 * dates and the body's publication delay read this day).
 */
export async function publishMinutes(strapi: Core.Strapi, actor: Actor, documentId: string, options: { on?: string } = {}): Promise<MinutesRow> {
  const { minutes, meeting, body } = await loadVersion(strapi, actor, documentId);
  if (minutes.minutesStatus !== 'approved') throw new ConflictError(minutes.minutesStatus === 'draft' ? 'Un procès-verbal est approuvé avant d’être publié.' : 'Ce procès-verbal est déjà publié.');
  const today = todayInParis();
  const on = options.on ?? today;
  if (on > today || (minutes.approvedOn && on < minutes.approvedOn)) throw new RangeError(`publishMinutes: ${on} is not between the approval (${minutes.approvedOn}) and today (${today})`);
  return strapi.db.transaction(async () => {
    // Earlier published versions stay readable in the history but leave the search index
    // (written one by one through the query engine, so the search plugin's watch re-indexes each).
    const earlier = (await versionsOf(strapi, meeting.id)).filter((v) => v.version < minutes.version && v.minutesStatus === 'published' && !v.supersededOn);
    const lastRelease = earlier.map((v) => v.releasedOn ?? '').sort().at(-1);
    if (lastRelease && on < lastRelease) throw new RangeError(`publishMinutes: ${on} is before the release of the version it replaces (${lastRelease})`);
    const published = (await strapi.db.query(MINUTES_UID).update({ where: { id: minutes.id }, data: { minutesStatus: 'published', releasedOn: on }, populate: MINUTES_POPULATE })) as MinutesRow;
    for (const v of earlier) await strapi.db.query(MINUTES_UID).update({ where: { id: v.id }, data: { supersededOn: on } });
    await audit(strapi, actor, 'publish', minutes, body, { version: minutes.version });
    await emitEvent(strapi, 'bodies.minutes.published', { minutesId: minutes.id, meetingId: meeting.id, bodyId: body.id, version: minutes.version });
    return published;
  });
}

/**
 * Starts a correction of approved (or published) minutes: a new draft version copying the
 * latest, which stays as it was (history kept). Audited. 409 when a draft is already open
 * or the version is not the latest.
 */
export async function correctMinutes(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<MinutesRow> {
  const { minutes, meeting, body } = await loadVersion(strapi, actor, documentId);
  return strapi.db.transaction(async () => {
    const [latest] = await versionsOf(strapi, meeting.id);
    if (latest.minutesStatus === 'draft') throw new ConflictError(`La version ${latest.version} est encore un brouillon : corrigez-la directement.`, { minutes: latest.documentId });
    if (latest.id !== minutes.id) throw new ConflictError(`Une version plus récente existe (version ${latest.version}).`, { minutes: latest.documentId });
    const version = latest.version + 1;
    const created = (await strapi.db
      .query(MINUTES_UID)
      .create({
        data: { meeting: meeting.id, version, versionKey: `${meeting.id}:${version}`, minutesStatus: 'draft', summary: latest.summary, items: latest.items, corrects: latest.id },
        populate: MINUTES_POPULATE,
      })
      .catch((error: unknown) => minutesConflicts.rethrow(error))) as MinutesRow;
    await audit(strapi, actor, 'correct', created, body, { corrects: latest.documentId, version });
    return created;
  });
}

