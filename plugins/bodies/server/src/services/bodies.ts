import type { Core } from '@strapi/strapi';
import { todayInParis } from '@intranet-militant/shared';
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
});
