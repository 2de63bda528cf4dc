import type { Core } from '@strapi/strapi';
import { recordAudit, todayInParis, type AuditActor } from '@intranet-militant/shared';
import { SEAT_UID } from '../uids';

/**
 * The bodies plugin's public reads, for other plugins (`getService(strapi, 'bodies', 'bodies')`).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
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
   * Ends, on the Paris date `on`, every seat (party function) the member holds that day or
   * later — a sanction's effect (sanctions plugin: suspension or exclusion). A seat is never
   * rewritten, only ended (its end moves earlier, never later); public mandates are not
   * seats and stay untouched. Each ended seat is audited (`plugin::bodies.seat.end`, with
   * `details.reason`). Runs in the caller's transaction.
   * @returns the documentIds of the seats ended
   */
  async endSeatsOfMember(memberId: number, on: string, reason: string, actor: AuditActor): Promise<string[]> {
    const rows = await strapi.db.query(SEAT_UID).findMany({
      where: { member: { id: memberId }, $or: [{ endOn: { $null: true } }, { endOn: { $gt: on } }] },
      populate: { body: { select: ['id'], populate: { federation: { select: ['id'] } } } },
    });
    const ended: string[] = [];
    for (const seat of rows as any[]) {
      // A seat starting after `on` ends where it starts (an empty range): it never runs.
      const endOn = seat.startOn > on ? seat.startOn : on;
      await strapi.db.query(SEAT_UID).update({ where: { id: seat.id }, data: { endOn, endReason: reason.slice(0, 255) } });
      await recordAudit(strapi, {
        actor,
        action: 'plugin::bodies.seat.end',
        subject: { type: SEAT_UID, id: seat.documentId },
        federationId: seat.body?.federation?.id ?? null,
        details: { endOn, before: seat.endOn ?? null, reason },
      });
      ended.push(seat.documentId);
    }
    return ended;
  },
});
