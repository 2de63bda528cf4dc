import type { Core } from '@strapi/strapi';
import type { PersonalDataPart, PersonalDataProvider, PersonalDataSubject } from '@intranet-militant/shared';
import { DESIGNATION_LABELS, PRESENCE_LABELS, SEAT_ROLE_LABELS, type Designation, type Presence, type SeatRole } from '../domain/vocabulary';
import { ATTENDANCE } from '../storage';
import { BODY_UID, SEAT_UID } from '../uids';

/**
 * Bodies' part of « Mes données » (issue 22): the seats the member holds or held (body, role,
 * designation, tenure) and their rows of the attendance sheets (meeting day, presence,
 * late arrival, early departure, substitution). Reads only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async personalData(subject: PersonalDataSubject): Promise<PersonalDataPart> {
      const seats = await strapi.db.query(SEAT_UID).findMany({
        where: { member: { id: subject.memberId } },
        populate: { body: { select: ['id', 'name'] } },
        orderBy: [{ startOn: 'asc' }, { id: 'asc' }],
      });
      const attendance: {
        body_id: number; held_on: string; presence: Presence | null; arrived_late: unknown; left_early: unknown; substitute_for: number | null; replaced: unknown;
      }[] = await strapi.db
        .connection(ATTENDANCE)
        .where({ member_id: subject.memberId })
        .select('body_id', 'held_on', 'presence', 'arrived_late', 'left_early', 'substitute_for', 'replaced')
        .orderBy([{ column: 'held_on' }, { column: 'meeting_id' }]);
      const bodyIds = [...new Set(attendance.map((a) => Number(a.body_id)))];
      const bodies = new Map<number, string>(
        bodyIds.length ? (await strapi.db.query(BODY_UID).findMany({ where: { id: { $in: bodyIds } }, select: ['id', 'name'] })).map((b: any) => [b.id, b.name]) : []
      );
      const day = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : value == null ? null : String(value).slice(0, 10));
      return {
        source: 'bodies',
        title: 'Instances',
        sections: [
          {
            title: 'Sièges',
            rows: seats.map((s: any) => ({
              Instance: s.body?.name ?? null,
              Rôle: SEAT_ROLE_LABELS[s.role as SeatRole] ?? s.role,
              Désignation: DESIGNATION_LABELS[s.designation as Designation] ?? s.designation,
              Début: s.startOn,
              Fin: s.endOn ?? null,
              'Motif de fin': s.endReason ?? null,
            })),
          },
          {
            title: 'Présences aux réunions',
            rows: attendance.map((a) => ({
              Instance: bodies.get(Number(a.body_id)) ?? null,
              'Réunion du': day(a.held_on),
              Présence: a.presence ? PRESENCE_LABELS[a.presence] : 'à saisir',
              'Arrivée en retard': Boolean(Number(a.arrived_late) || a.arrived_late === true),
              'Départ anticipé': Boolean(Number(a.left_early) || a.left_early === true),
              Suppléance: a.substitute_for != null,
              Remplacé: Boolean(Number(a.replaced) || a.replaced === true),
            })),
          },
        ],
      };
    },
  }) satisfies PersonalDataProvider;
