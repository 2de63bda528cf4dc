import type { Core } from '@strapi/strapi';
import { addresses, fieldError, ForbiddenError, frenchDate, getService, NotFoundError, todayInParis, type Actor, type AudienceTarget, type Subject } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { can } from '../permissions';
import { BODY_UID, MEETING_UID, SEAT_UID } from '../uids';
import type { Level } from '../domain/vocabulary';

/** A body as commands and queries read it (places and secretariat by id only: their names are membership's). */
export interface BodyRow {
  id: number;
  documentId: string;
  name: string;
  level: Level;
  kind: 'bureau' | 'conseil' | 'commission' | 'other';
  seatCount: number;
  parityRequired: boolean;
  absenceAlertAfter: number;
  federation: { id: number } | null;
  section: { id: number } | null;
  secretariat: { id: number; documentId: string } | null;
}

export const BODY_POPULATE = {
  federation: { select: ['id'] },
  section: { select: ['id'] },
  secretariat: { select: ['id', 'documentId'] },
};

/** Where the body lives, for `can()`. */
export const subjectOf = (body: Pick<BodyRow, 'federation' | 'section'>): Subject => ({
  federationId: body.federation?.id ?? null,
  sectionId: body.section?.id ?? null,
});

/** Whom the body addresses (its scope): every member, one federation, one section. */
export const audienceOfBody = (body: Pick<BodyRow, 'level' | 'federation' | 'section'>): AudienceTarget => ({
  audience: body.level,
  federationId: body.federation?.id ?? null,
  sectionId: body.section?.id ?? null,
});

/** May a member placed there sit on the body (its scope: `designateSeat`'s rule)? Pure. */
export const inScopeOf = (body: Pick<BodyRow, 'level' | 'federation' | 'section'>, place: { federationId: number | null; sectionId: number | null }) =>
  addresses({ userId: 0, role: 'member', federationId: place.federationId, sectionId: place.sectionId }, audienceOfBody(body), 'member');

/** May the actor read the body (members of its scope, staff over their federation's sections, national admins)? */
export const readsBody = (actor: Actor, body: BodyRow) => addresses(actor, audienceOfBody(body), 'reader') || can(actor, 'body.manage', subjectOf(body));

/** The body by documentId (any reader), or 404 when unknown or outside the actor's reach: it looks absent. */
export async function loadBody(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<BodyRow> {
  const body = (await strapi.db.query(BODY_UID).findOne({ where: { documentId }, populate: BODY_POPULATE })) as BodyRow | null;
  if (!body || !readsBody(actor, body)) throw new NotFoundError('Instance introuvable.');
  return body;
}

/**
 * The body for a write: 404 unknown, and 404 as well outside the actor's reach (another
 * federation's or section's body looks absent, to officers too). `notFound`: the route's own
 * « unknown » text when it names something of the body (« Siège introuvable. »), so that an
 * entry out of reach answers exactly as an unknown one.
 */
export async function loadBodyForWrite(strapi: Core.Strapi, actor: Actor, documentId: string, notFound = 'Instance introuvable.'): Promise<BodyRow> {
  const body = (await strapi.db.query(BODY_UID).findOne({ where: { documentId }, populate: BODY_POPULATE })) as BodyRow | null;
  if (!body || !readsBody(actor, body)) throw new NotFoundError(notFound);
  return body;
}

/**
 * One who is no longer a member (a departure recorded for today or earlier, an erasure, an
 * exclusion: membership's `effectiveStatusesOf`) holds no party function: a seat of theirs running today or
 * later (`endOn` empty or after today) is refused — it would be convened until the nightly check
 * ended it (`seat-standing.ts`). A term that ended by today is history and may be recorded.
 * @throws ValidationError (400, field `member`)
 */
export async function assertStillMember(strapi: Core.Strapi, member: { id: number; leftOn?: string | null; erasedOn?: string | null }, endOn: string | null): Promise<void> {
  const today = todayInParis();
  if (endOn != null && endOn <= today) return;
  const status = (await getService(strapi, 'membership', 'directory').effectiveStatusesOf([member.id], today)).get(member.id);
  if (status === 'excluded') throw fieldError('member', 'Cet adhérent est exclu du parti : il ne peut plus occuper de siège.');
  if (status !== 'left') return;
  const on = member.leftOn ?? member.erasedOn;
  throw fieldError('member', `Cet adhérent a quitté le parti${on ? ` (le ${frenchDate(String(on).slice(0, 10))})` : ''} : il ne peut plus occuper de siège.`);
}

export function assertManages(actor: Actor, body: BodyRow): void {
  if (!can(actor, 'body.manage', subjectOf(body))) throw new ForbiddenError('Seule l’équipe qui gère cette instance peut la modifier.');
}

/**
 * Is the actor the body's secretary on `day` (named secretariat, or a running seat with the
 * role « secrétaire »), or one of those who manage it?
 */
export async function runsSecretariat(strapi: Core.Strapi, actor: Actor, body: BodyRow, day: string): Promise<boolean> {
  if (can(actor, 'body.manage', subjectOf(body))) return true;
  if (!actor.memberId) return false;
  if (body.secretariat?.id === actor.memberId) return true;
  const seat = await strapi.db.query(SEAT_UID).findOne({
    select: ['id'],
    where: {
      body: { id: body.id },
      member: { id: actor.memberId },
      role: 'secretaire',
      startOn: { $lte: day },
      $or: [{ endOn: { $null: true } }, { endOn: { $gt: day } }],
    },
  });
  return Boolean(seat);
}

export async function assertSecretariat(strapi: Core.Strapi, actor: Actor, body: BodyRow, day: string): Promise<void> {
  if (!(await runsSecretariat(strapi, actor, body, day))) {
    throw new ForbiddenError('Seul·e le ou la secrétaire de l’instance (ou l’équipe qui la gère) peut faire cela.');
  }
}

/** A meeting row with its body. */
export interface MeetingRow {
  id: number;
  documentId: string;
  startsAt: string;
  heldOn: string;
  durationMinutes: number | null;
  place: string | null;
  remoteLink: string | null;
  meetingStatus: 'planned' | 'held' | 'cancelled';
  agenda: { title: string }[] | null;
  convokedAt: string | null;
  body: { id: number; documentId: string } | null;
}

/**
 * The meeting (and its body) if the actor may read the body, else 404 as an unknown meeting
 * (`notFound`: the route's own text when it names something of the meeting, « Procès-verbal
 * introuvable. »).
 */
export async function loadMeeting(strapi: Core.Strapi, actor: Actor, documentId: string, notFound = 'Réunion introuvable.'): Promise<{ meeting: MeetingRow; body: BodyRow }> {
  const meeting = (await strapi.db.query(MEETING_UID).findOne({ where: { documentId }, populate: { body: { select: ['id', 'documentId'] } } })) as MeetingRow | null;
  if (!meeting?.body) throw new NotFoundError(notFound);
  const body = (await strapi.db.query(BODY_UID).findOne({ where: { id: meeting.body.id }, populate: BODY_POPULATE })) as BodyRow | null;
  if (!body || !readsBody(actor, body)) throw new NotFoundError(notFound);
  return { meeting, body };
}
