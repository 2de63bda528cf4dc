import type { Core } from '@strapi/strapi';
import { addresses, auditActorOf, ConflictError, fieldError, getService, MEMBER_NOT_FOUND, NotFoundError, recordAudit, withSavepoint, frenchDate, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { SEAT_ROLE_LABELS, type SeatRole } from '../domain/vocabulary';
import { violatesSeatOverlap } from '../storage';
import { SEAT_UID } from '../uids';
import type { SeatInput } from '../validation/schemas';
import { assertManages, assertStillMember, audienceOfBody, loadBodyForWrite } from './checks';
import { afterSeatChange, settleSeatConvocations } from './seat-convocations';

/** A seat as commands return it. */
export interface SeatRow {
  id: number;
  documentId: string;
  role: SeatRole;
  designation: string;
  startOn: string;
  endOn: string | null;
  endReason: string | null;
  member?: { id: number; documentId: string } | null;
  body?: { id: number; documentId: string } | null;
}

const SEAT_POPULATE = { member: { select: ['id', 'documentId'] }, body: { select: ['id', 'documentId'] } };

/**
 * « Titulaire du 1er janvier 2026 au 1er janvier 2029 (exclu) », « … depuis le … », or for a
 * seat without an end that has not begun (`today`, a Paris date) « … à partir du … ».
 */
export function tenureLabel(seat: Pick<SeatRow, 'role' | 'startOn' | 'endOn'>, today: string = todayInParis()): string {
  const role = SEAT_ROLE_LABELS[seat.role];
  if (seat.endOn) return `${role} du ${frenchDate(seat.startOn)} au ${frenchDate(seat.endOn)} (exclu)`;
  return seat.startOn > today ? `${role} à partir du ${frenchDate(seat.startOn)}` : `${role} depuis le ${frenchDate(seat.startOn)}`;
}

const overlapKey = (bodyId: number, memberId: number, role: SeatRole) => `${bodyId}:${memberId}:${role}`;

/**
 * The seats of the same member, role and body whose `[startOn, endOn)` meets the given range
 * (the rule the PostgreSQL exclusion constraint enforces; checked here on every database so
 * the 409 names the seat).
 */
async function overlapping(strapi: Core.Strapi, key: string, startOn: string, endOn: string | null, except?: number): Promise<SeatRow | null> {
  const where: Record<string, unknown> = {
    overlapKey: key,
    $or: [{ endOn: { $null: true } }, { endOn: { $gt: startOn } }],
  };
  if (endOn) where.startOn = { $lt: endOn };
  if (except) where.id = { $ne: except };
  return (await strapi.db.query(SEAT_UID).findOne({ where, orderBy: { startOn: 'asc' } })) as SeatRow | null;
}

/**
 * 409 naming the first seat of the same key whose range meets `[startOn, endOn)` (other
 * than `except`); nothing when there is none. Shared with the admin panel's door (integrity.ts).
 */
export async function checkSeatOverlap(strapi: Core.Strapi, key: string, startOn: string, endOn: string | null, except?: number): Promise<void> {
  const clash = await overlapping(strapi, key, startOn, endOn, except);
  if (clash) throw conflict(clash);
}

const conflict = (seat: SeatRow) =>
  new ConflictError(`Cet adhérent occupe déjà ce rôle dans cette instance sur une période qui chevauche : ${tenureLabel(seat)}.`, { seat: seat.documentId });

/**
 * Designates a member to a seat of the body over `[startOn, endOn)` (Paris dates; endOn
 * excluded, open when absent). The member belongs to the body's scope (its federation, or its
 * section for a section body). History is kept: seats are never rewritten, only ended.
 * The member is convened to the body's planned meetings to come inside the term that were
 * already called (`settleSeatConvocations`: a successor). Audited. Throws 404 (body unknown
 * or out of reach), 403 (not managing it), 400 (member unknown or one the actor may not read
 * — the same answer —, outside the body's scope, no longer a member for a seat running today or
 * later: `assertStillMember`, end before start), 409 (overlap, naming the seat).
 */
export async function designateSeat(strapi: Core.Strapi, actor: Actor, bodyDocumentId: string, input: SeatInput): Promise<SeatRow> {
  const body = await loadBodyForWrite(strapi, actor, bodyDocumentId);
  assertManages(actor, body);
  const directory = getService(strapi, 'membership', 'directory');
  const member = await directory.memberByDocumentId(input.member);
  const viewer = { userId: member?.user?.id ?? 0, role: 'member' as const, federationId: member?.federation?.id ?? null, sectionId: member?.section?.id ?? null };
  // A member the actor may not even read (another federation's or section's) looks absent.
  if (!member || !directory.mayReadMember(actor, { federationId: viewer.federationId, sectionId: viewer.sectionId, ownerUserId: member.user?.id ?? null })) {
    throw fieldError('member', MEMBER_NOT_FOUND);
  }
  if (!addresses(viewer, audienceOfBody(body), 'member')) throw fieldError('member', 'Cet adhérent ne relève pas du périmètre de cette instance.');
  const key = overlapKey(body.id, member.id, input.role);
  const endOn = input.endOn ?? null;
  await assertStillMember(strapi, member, endOn);
  const designated = await strapi.db.transaction(async ({ trx }) => {
    // One designation at a time per key on PostgreSQL (the constraint is the last word anyway).
    if (strapi.db.dialect.client === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`bodies-seat:${key}`]);
    const clash = await overlapping(strapi, key, input.startOn, endOn);
    if (clash) throw conflict(clash);
    const created = (await withSavepoint(trx, () =>
      strapi.db.query(SEAT_UID).create({
        data: { body: body.id, member: member.id, role: input.role, designation: input.designation, startOn: input.startOn, endOn, overlapKey: key },
        populate: SEAT_POPULATE,
      })
    ).catch(async (error: unknown) => {
      if (violatesSeatOverlap(error)) {
        const other = await overlapping(strapi, key, input.startOn, endOn);
        if (other) throw conflict(other);
        throw new ConflictError('Cet adhérent occupe déjà ce rôle dans cette instance sur une période qui chevauche.');
      }
      throw error;
    })) as SeatRow;
    await getService(strapi, 'membership', 'admin-scope').refreshFederationCode(SEAT_UID, created.documentId);
    // A successor designated after a meeting was called is convened to it (settleSeatConvocations).
    const { convened } = await settleSeatConvocations(strapi, created.id);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::bodies.seat.designate',
      subject: { type: SEAT_UID, id: created.documentId },
      federationId: body.federation?.id ?? null,
      details: { body: body.documentId, member: member.documentId, role: input.role, designation: input.designation, startOn: input.startOn, endOn, convened },
    });
    return created;
  });
  // A meeting convened meanwhile by a transaction that did not see this seat: convened once committed.
  await afterSeatChange(strapi, designated.id);
  return designated;
}

/**
 * Ends a running seat on `endOn` (excluded; after its start, and never later than an end
 * already set: history is only shortened, never rewritten); its convocations to planned
 * meetings dated `endOn` or later are withdrawn (`settleSeatConvocations`). Audited.
 * The end already set is read again under the seat's row in the transaction: of two ends at
 * once, the later one is refused (409) whichever is written first.
 * 404/403, 400, 409 (already ended earlier).
 */
export async function endSeat(strapi: Core.Strapi, actor: Actor, seatDocumentId: string, input: { endOn: string; reason?: string }): Promise<SeatRow> {
  const seat = (await strapi.db.query(SEAT_UID).findOne({ where: { documentId: seatDocumentId }, populate: SEAT_POPULATE })) as SeatRow | null;
  if (!seat?.body) throw new NotFoundError('Siège introuvable.');
  const body = await loadBodyForWrite(strapi, actor, seat.body.documentId, 'Siège introuvable.');
  assertManages(actor, body);
  if (input.endOn <= seat.startOn) throw fieldError('endOn', 'La fin (exclue) vient après le début du siège.');
  if (seat.endOn && seat.endOn <= input.endOn) throw new ConflictError(`Ce siège prend déjà fin le ${frenchDate(seat.endOn)}.`, { seat: seat.documentId });
  const ended = await strapi.db.transaction(async ({ trx }) => {
    // Read again under the seat's row (PostgreSQL `FOR UPDATE`; SQLite has one writer): two
    // ends at once each passed the check above, and the later end written last moved the end
    // later again (history rewritten, convocations recorded again by settleSeatConvocations).
    const locked = trx(strapi.db.metadata.get(SEAT_UID).tableName).where({ id: seat.id }).first('id');
    if (strapi.db.dialect.client === 'postgres') locked.forUpdate();
    await locked;
    const now = (await strapi.db.query(SEAT_UID).findOne({ where: { id: seat.id }, select: ['id', 'endOn'] })) as { endOn: string | null } | null;
    if (!now) throw new NotFoundError('Siège introuvable.');
    if (now.endOn && now.endOn <= input.endOn) throw new ConflictError(`Ce siège prend déjà fin le ${frenchDate(now.endOn)}.`, { seat: seat.documentId });
    const updated = (await strapi.db.query(SEAT_UID).update({ where: { id: seat.id }, data: { endOn: input.endOn, endReason: input.reason ?? null }, populate: SEAT_POPULATE })) as SeatRow;
    // Its convocations to planned meetings from the end day on are withdrawn (settleSeatConvocations).
    const { withdrawn } = await settleSeatConvocations(strapi, seat.id);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::bodies.seat.end',
      subject: { type: SEAT_UID, id: seat.documentId },
      federationId: body.federation?.id ?? null,
      details: { endOn: input.endOn, previousEndOn: now.endOn, reason: input.reason ?? null, convocationsWithdrawn: withdrawn },
    });
    return updated;
  });
  // A meeting convened meanwhile by a transaction that still saw this seat running: withdrawn once committed.
  await afterSeatChange(strapi, seat.id);
  return ended;
}
