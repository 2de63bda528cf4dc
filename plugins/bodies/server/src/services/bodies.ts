import type { Core } from '@strapi/strapi';
import { recordAudit, todayInParis, type AuditActor } from '@intranet-militant/shared';
import { inScopeOf, type BodyRow } from '../commands/checks';
import { BODY_KIND_LABELS, SEAT_ROLE_LABELS, type BodyKind, type SeatRole } from '../domain/vocabulary';
import { BODY_UID, SEAT_UID } from '../uids';
import { afterSeatChange, settleSeatConvocations } from '../commands/seat-convocations';

/**
 * The bodies plugin's public reads, for other plugins (`getService(strapi, 'bodies', 'bodies')`).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * A body's public facts (investitures: designating a body's seats): name, level, kind,
   * seat count, its federation's and section's ids; null when unknown.
   */
  async bodyInfo(documentId: string) {
    const b = await strapi.db.query(BODY_UID).findOne({ where: { documentId }, populate: { federation: { select: ['id'] }, section: { select: ['id'] } } });
    if (!b) return null;
    return {
      documentId: b.documentId as string, name: b.name as string, level: b.level as string, kind: b.kind as string,
      seatCount: (b.seatCount ?? null) as number | null, federationId: (b.federation?.id ?? null) as number | null, sectionId: (b.section?.id ?? null) as number | null,
    };
  },

  /**
   * The seats a member holds on a Paris date (default today): body documentId and name,
   * role, `[startOn, endOn)`. For mandates, investitures, etc.
   */
  async seatsOfMember(memberId: number, on: string = todayInParis()) {
    const rows = await strapi.db.query(SEAT_UID).findMany({
      where: { member: { id: memberId }, startOn: { $lte: on }, $or: [{ endOn: { $null: true } }, { endOn: { $gt: on } }] },
      populate: { body: { select: ['documentId', 'name', 'level'] } },
    });
    return rows.map((s: any) => ({
      seat: s.documentId as string,
      body: { documentId: s.body?.documentId as string, name: s.body?.name as string, level: s.body?.level as string },
      role: s.role as string,
      startOn: s.startOn as string,
      endOn: (s.endOn ?? null) as string | null,
    }));
  },

  /**
   * Every seat (party function) of the given members, or of everyone when `memberIds` is
   * omitted, whatever its dates: member id, seat documentId, body level and kind, role,
   * `[startOn, endOn)`. One read of the seats with their links, chunked; for the mandates
   * plugin's rules on holding mandates and party functions at once.
   */
  async partyFunctions(memberIds?: number[]): Promise<PartyFunction[]> {
    const read = (ids?: number[]) => {
      const q = strapi.db.connection
        .select({ seat: 's.document_id', memberId: 'm.member_id', level: 'b.level', bodyKind: 'b.kind', role: 's.role', startOn: 's.start_on', endOn: 's.end_on' })
        .from('bodies_seats as s')
        .join('bodies_seats_member_lnk as m', 'm.seat_id', 's.id')
        .join('bodies_seats_body_lnk as l', 'l.seat_id', 's.id')
        .join('bodies_bodies as b', 'b.id', 'l.body_id');
      return ids ? q.whereIn('m.member_id', ids) : q;
    };
    const chunks: number[][] = [];
    if (memberIds) for (let i = 0; i < memberIds.length; i += 5000) chunks.push(memberIds.slice(i, i + 5000));
    const rows = memberIds ? (await Promise.all(chunks.map((c) => read(c)))).flat() : await read();
    return rows.map((r: any) => ({
      seat: String(r.seat),
      memberId: Number(r.memberId),
      level: String(r.level),
      bodyKind: String(r.bodyKind),
      role: String(r.role),
      label: `${SEAT_ROLE_LABELS[r.role as SeatRole] ?? String(r.role)} — ${BODY_KIND_LABELS[r.bodyKind as BodyKind] ?? String(r.bodyKind)} (${LEVEL_WORDS[String(r.level)] ?? String(r.level)})`,
      startOn: isoDay(r.startOn),
      endOn: r.endOn == null ? null : isoDay(r.endOn),
    }));
  },

  /**
   * Ends, on the Paris date `on`, every seat (party function) the member holds that day or
   * later — a sanction's effect (sanctions plugin: suspension or exclusion), an erasure's, a
   * departure's (`onMemberLeft`). A seat is never rewritten, only ended (its end moves earlier,
   * never later); public mandates are not seats and stay untouched. The ended seats'
   * convocations to planned meetings dated `on` or later are withdrawn (`settleSeatConvocations`:
   * not convened, no sheet row, never counted absent); earlier meetings keep theirs. Each ended
   * seat is audited (`plugin::bodies.seat.end`, with `details.reason` and
   * `details.convocationsWithdrawn`). Runs in the caller's transaction.
   * @returns the documentIds of the seats ended
   */
  endSeatsOfMember(memberId: number, on: string, reason: string, actor: AuditActor): Promise<string[]> {
    return endSeats(strapi, memberId, on, reason, actor, () => true);
  },

  /**
   * The member moved to `place` (another federation, or another section: membership's
   * MEMBER_MOVED): ends, on the Paris date `on`, the seats they hold that day or later in bodies
   * whose scope no longer includes them — a body's seats are for members of its scope, as
   * `designateSeat` requires. National bodies' seats stay, and so do those of a body of the new
   * federation (a federation's body when only the section changed). Otherwise as `endSeatsOfMember`.
   * @returns the documentIds of the seats ended
   */
  endSeatsOutsidePlace(memberId: number, place: { federationId: number | null; sectionId: number | null }, on: string, reason: string, actor: AuditActor): Promise<string[]> {
    return endSeats(strapi, memberId, on, reason, actor, (body) => body !== null && !inScopeOf(body, place));
  },
});

/** Ends (see `endSeatsOfMember`) the member's seats running on `on` or later in the bodies `ends` picks. */
async function endSeats(strapi: Core.Strapi, memberId: number, on: string, reason: string, actor: AuditActor, ends: (body: Pick<BodyRow, 'level' | 'federation' | 'section'> | null) => boolean): Promise<string[]> {
  const rows = await strapi.db.query(SEAT_UID).findMany({
    where: { member: { id: memberId }, $or: [{ endOn: { $null: true } }, { endOn: { $gt: on } }] },
    populate: { body: { select: ['id', 'level'], populate: { federation: { select: ['id'] }, section: { select: ['id'] } } } },
  });
  const ended: string[] = [];
  for (const seat of rows as any[]) {
    if (!ends(seat.body ?? null)) continue;
    // A seat starting after `on` ends where it starts (an empty range): it never runs.
    const endOn = seat.startOn > on ? seat.startOn : on;
    // Already ended there (a seat to come, ended where it starts, met again): nothing to move.
    if (seat.endOn != null && seat.endOn <= endOn) continue;
    // Only moved earlier, in the statement itself: an end written meanwhile (POST /seats/:id/end,
    // PostgreSQL re-reads the row once its lock is free) that is earlier stays.
    const { count } = await strapi.db.query(SEAT_UID).updateMany({
      where: { id: seat.id, $or: [{ endOn: { $null: true } }, { endOn: { $gt: endOn } }] },
      data: { endOn, endReason: reason.slice(0, 255) },
    });
    if (Number(count) === 0) continue;
    const { withdrawn } = await settleSeatConvocations(strapi, seat.id);
    await afterSeatChange(strapi, seat.id);
    await recordAudit(strapi, {
      actor,
      action: 'plugin::bodies.seat.end',
      subject: { type: SEAT_UID, id: seat.documentId },
      federationId: seat.body?.federation?.id ?? null,
      details: { endOn, before: seat.endOn ?? null, reason, convocationsWithdrawn: withdrawn },
    });
    ended.push(seat.documentId);
  }
  return ended;
}

/** A seat as another plugin reads it: a party function over `[startOn, endOn)` (Paris dates). */
export interface PartyFunction {
  seat: string;
  memberId: number;
  level: string;
  bodyKind: string;
  role: string;
  /** In French: « Président·e — Bureau (fédéral) ». */
  label: string;
  startOn: string;
  endOn: string | null;
}

const LEVEL_WORDS: Record<string, string> = { national: 'national', federation: 'fédéral', section: 'de section' };

/** A date column as `YYYY-MM-DD` (PostgreSQL's driver may return a Date at local midnight). */
function isoDay(value: unknown): string {
  if (value instanceof Date) return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
  return String(value).slice(0, 10);
}
