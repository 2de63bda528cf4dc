import type { Core } from '@strapi/strapi';
import { ERASED_REASON, getService, SYSTEM_ACTOR, todayInParis, type ErasureProvider, type ErasureReport, type ErasureSubject, type RetentionRule } from '@intranet-militant/shared';
import { ATTENDANCE, CONVOCATIONS } from '../storage';
import { SEAT_UID } from '../uids';
import '../public';

export const BODIES_RETENTION: readonly RetentionRule[] = [
  {
    id: 'bodies.seats',
    what: 'Seats in bodies, attendance sheets, convocations',
    period: 'As long as the body’s records',
    then: 'Kept linked to the pseudonymous profile: a seat still held (or to come) ends on the day of the erasure, as a sanction ends it, and its convocations to planned meetings from that day on are withdrawn; past compositions, quorums, attendance rates and indicators stay as they were; the seat holder shows as « Ancien adhérent », the same for every erased member (no profile id), and a seat’s end reason reads « Motif retiré à l’effacement des données »',
    basis: 'The body’s own record of its meetings (statutes: quorum and composition of past decisions)',
  },
  {
    id: 'bodies.minutes',
    what: 'Published minutes (free text that may name people)',
    period: 'Kept as published',
    then: 'Not rewritten: minutes are the body’s decision record; names written in their text stay',
    basis: 'Published decisions are kept as published (GDPR art. 17(3)(b) and (e))',
  },
];

/**
 * Bodies' part of erasure (issue 22, item 4): a seat the member still holds, or holds from a
 * later day, ends on the erasure's Paris day (`endSeatsOfMember`, as a sanction ends them: a
 * seat is never rewritten, only ended; one not started yet ends where it starts), with the
 * reason `ERASED_REASON`, audited by the system: an erased member keeps no party function and
 * the body's seats count them no more from that day; their convocations to planned meetings from
 * that day on are withdrawn (`settleSeatConvocations`). Nothing else deleted — seats, attendance rows and
 * convocations name the member by profile id only, which membership pseudonymises, so counts
 * and past quorums are unchanged; published minutes are kept as published. The end reason of
 * the member's seats (free text: a sanction's case ends a seat with « Commission des conflits,
 * affaire … ») becomes `ERASED_REASON`. Reports what is kept and how many reasons were
 * removed. Idempotent.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: BODIES_RETENTION,
    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      const knex = strapi.db.connection;
      const ended = await strapi.db.transaction(() => getService(strapi, 'bodies', 'bodies').endSeatsOfMember(subject.memberId, todayInParis(), ERASED_REASON, SYSTEM_ACTOR));
      const seats = await strapi.db.query(SEAT_UID).count({ where: { member: { id: subject.memberId } } });
      // By id: the query engine's updateMany does not filter through a relation.
      const explained = await strapi.db.query(SEAT_UID).findMany({ where: { member: { id: subject.memberId }, endReason: { $notNull: true, $ne: ERASED_REASON } }, select: ['id'] });
      const reasons = explained.length ? await strapi.db.query(SEAT_UID).updateMany({ where: { id: { $in: explained.map((s: { id: number }) => s.id) } }, data: { endReason: ERASED_REASON } }) : { count: 0 };
      const [attendance] = await knex(ATTENDANCE).where({ member_id: subject.memberId }).count({ n: '*' });
      const [convocations] = await knex(CONVOCATIONS).where({ member_id: subject.memberId }).count({ n: '*' });
      return { source: 'bodies', counts: { seatsKept: seats, seatsEnded: ended.length, attendanceKept: Number(attendance.n), convocationsKept: Number(convocations.n), seatEndReasonsRemoved: Number(reasons?.count ?? 0) } };
    },
  }) satisfies ErasureProvider;
