import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { getService, todayInParis, type Actor } from '@intranet-militant/shared';
import { designateSeat } from '../commands/designate-seat';
import { createBody } from '../commands/manage-body';
import { createMeeting, setMeetingStatus } from '../commands/manage-meeting';
import { markAttendance } from '../commands/mark-attendance';
import { approveMinutes, publishMinutes, saveMinutes } from '../commands/minutes';
import type { Presence, SeatRole } from '../domain/vocabulary';

export interface BodiesDemoPlaces {
  /** The federation's documentId (the Gard). */
  federation: string;
  /** The section's documentId (Nîmes). */
  section: string;
  /** The user id of a staff member of that federation. */
  staffUserId: number;
  /** Member documentIds by demo email. */
  members: Record<string, string>;
}

const DAY = 86_400_000;

/** « Bureau de la section de Nîmes » → « bureau de la section de Nîmes »: the rest keeps its capitals. */
const lowerFirst = (text: string) => text.charAt(0).toLocaleLowerCase('fr-FR') + text.slice(1);
const dayFrom = (days: number) => todayInParis(new Date(Date.now() + days * DAY));

/** A seat of the demo: who (demo email), role, and when it started (days from today). */
type DemoSeat = [email: string, role: SeatRole, startDays: number];

/**
 * The bodies of the development demo, made through the commands (same checks, same audit):
 * the Gard's bureau fédéral (monthly) and conseil fédéral (quarterly), the Nîmes section
 * bureau (monthly); twelve months of meetings held with their attendance sheets and minutes
 * (each approved at the next meeting and published; the last still a draft), the next
 * meeting of each planned with its convocations; Julien Martin's low attendance with three
 * absences in a row on the bureau; Marc Fabre designated to the conseil mid-period; a
 * substitute standing in; a confidential item.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async seed(places: BodiesDemoPlaces): Promise<void> {
    const staff: Actor = await getService(strapi, 'membership', 'actors').forUserId(places.staffUserId);
    const bodies: { name: string; level: 'federation' | 'section'; kind: 'bureau' | 'conseil'; every: number; seats: DemoSeat[]; secretariat: string }[] = [
      {
        name: 'Bureau fédéral du Gard', level: 'federation', kind: 'bureau', every: 1, secretariat: 'adherent@gard.example',
        seats: [
          ['equipe@gard.example', 'president', -400], ['adherent@gard.example', 'secretaire', -400], ['elu@gard.example', 'titulaire', -400],
          ['adherent.impaye@gard.example', 'titulaire', -400], ['tresoriere@gard.example', 'tresorier', -400], ['secretaire.nimes@gard.example', 'suppleant', -400],
        ],
      },
      {
        name: 'Conseil fédéral du Gard', level: 'federation', kind: 'conseil', every: 3, secretariat: 'adherent@gard.example',
        seats: [
          ['equipe@gard.example', 'titulaire', -400], ['adherent@gard.example', 'titulaire', -400], ['elu@gard.example', 'titulaire', -400],
          ['adherent.impaye@gard.example', 'titulaire', -400], ['tresoriere@gard.example', 'titulaire', -400],
          // Designated mid-period: Nîmes's section secretary, a member for years (not the
          // newcomer, who joined two months ago and is on her welcome path).
          ['secretaire.nimes@gard.example', 'titulaire', -45],
        ],
      },
      {
        name: 'Bureau de la section de Nîmes', level: 'section', kind: 'bureau', every: 1, secretariat: 'secretaire.nimes@gard.example',
        seats: [
          ['secretaire.nimes@gard.example', 'secretaire', -400], ['adherent@gard.example', 'titulaire', -400],
          ['equipe@gard.example', 'titulaire', -400], ['nouvelle.adherente@gard.example', 'titulaire', -45],
        ],
      },
    ];
    const topics = ['Campagne d’adhésion', 'Budget de la fédération', 'Préparation du congrès', 'Formation des nouveaux adhérents', 'Café-débat du trimestre', 'Élections municipales'];
    for (const [b, spec] of bodies.entries()) {
      const body = await createBody(strapi, staff, {
        name: spec.name, level: spec.level, kind: spec.kind, seatCount: spec.seats.length + 2, parityRequired: spec.kind === 'conseil',
        absenceAlertAfter: 3, secretariat: places.members[spec.secretariat],
        ...(spec.level === 'section' ? { section: places.section } : { federation: places.federation }),
      });
      const seats: { email: string; role: SeatRole; documentId: string; startOn: string }[] = [];
      for (const [email, role, start] of spec.seats) {
        const seat = await designateSeat(strapi, staff, body.documentId, { member: places.members[email], role, designation: role === 'suppleant' ? 'elected-council' : 'elected-congress', startOn: dayFrom(start) });
        seats.push({ email, role, documentId: seat.documentId, startOn: seat.startOn });
      }
      let previous: { meeting: string; minutes: string } | null = null;
      const months = Array.from({ length: 12 }, (_, i) => 12 - i).filter((m) => m % spec.every === 0);
      for (const [index, month] of months.entries()) {
        const startsAt = new Date(Date.now() - (month * 30 - b) * DAY);
        startsAt.setUTCHours(17, 30, 0, 0);
        const meeting = await createMeeting(strapi, staff, body.documentId, {
          startsAt: startsAt.toISOString(), durationMinutes: 120, place: spec.level === 'section' ? 'Local de la section, Nîmes' : 'Siège fédéral, Nîmes',
          agenda: [{ title: 'Approbation du procès-verbal précédent' }, { title: topics[(month + b) % topics.length] }, { title: 'Questions diverses' }],
        });
        await setMeetingStatus(strapi, staff, meeting.documentId, 'held');
        const heldOn = todayInParis(startsAt);
        const last = index === months.length - 1;
        const rows = seats
          .filter((s) => s.startOn <= heldOn)
          .filter((s) => !(last && s.email === 'elu@gard.example')) // left « à saisir » on the latest sheet
          .filter((s) => s.role !== 'suppleant')
          .map((s, i) => ({ seat: s.documentId, presence: presenceOf(s.email, month, i, spec.kind), arrivedLate: (month + i) % 7 === 0, leftEarly: (month + i) % 9 === 0 }));
        // Once, the suppléant stands in for the member kept away.
        const suppleant = seats.find((s) => s.role === 'suppleant');
        const absent = rows.find((r) => r.presence === 'excused');
        const extra = suppleant && absent && month === 6 ? [{ seat: suppleant.documentId, presence: 'present' as Presence, arrivedLate: false, leftEarly: false, substituteFor: absent.seat }] : [];
        await markAttendance(strapi, staff, meeting.documentId, { rows: [...rows, ...extra] });
        // Who voted: the members there (present or remote), the suppléant standing in included.
        const voters = [...rows, ...extra].filter((r) => r.presence === 'present' || r.presence === 'remote').length;
        if (previous) {
          await approveMinutes(strapi, staff, previous.minutes, meeting.documentId);
          // Published a few days after the meeting that approved them, as a secretariat would.
          const releasedOn = todayInParis(new Date(Math.min(Date.now(), startsAt.getTime() + 4 * DAY)));
          await publishMinutes(strapi, staff, previous.minutes, { on: releasedOn });
        }
        const minutes = await saveMinutes(strapi, staff, meeting.documentId, {
          // « Réunion du bureau de la section de Nîmes : budget de la fédération. »: only the first
          // letter of a common noun is lowered, so the place names keep their capitals.
          summary: `Réunion du ${lowerFirst(spec.name)} : ${lowerFirst(topics[(month + b) % topics.length])}.`,
          items: [
            {
              title: topics[(month + b) % topics.length], discussion: 'Chaque membre a pu s’exprimer ; les sections seront consultées.', confidential: false,
              decisions: [{ text: `Le plan « ${topics[(month + b) % topics.length]} » est adopté.`, votesFor: Math.max(voters - 1, 0), votesAgainst: Math.min(voters, 1), abstentions: 0 }],
            },
            ...(month === 3 ? [{ title: 'Situation personnelle d’un adhérent', discussion: 'Examinée à huis clos.', confidential: true, decisions: [] }] : []),
          ],
        });
        previous = { meeting: meeting.documentId, minutes: minutes.documentId };
      }
      // The next meeting, planned, with its convocations.
      const next = new Date(Date.now() + (10 + b * 3) * DAY);
      next.setUTCHours(17, 30, 0, 0);
      await createMeeting(strapi, staff, body.documentId, {
        startsAt: next.toISOString(), durationMinutes: 120, place: 'Siège fédéral, Nîmes', remoteLink: 'https://visio.example.org/gard',
        agenda: [{ title: 'Approbation du procès-verbal précédent' }, { title: 'Rapport d’activité' }],
      });
    }
  },
});

/** Mostly present; Julien Martin often away, and absent at the last three bureau meetings. */
function presenceOf(email: string, month: number, index: number, kind: 'bureau' | 'conseil'): Presence {
  if (email === 'adherent.impaye@gard.example') {
    if (kind === 'bureau' && month <= 3) return 'absent';
    if (month === 4) return 'present';
    return month % 2 === 0 ? 'absent' : month % 3 === 0 ? 'excused' : 'present';
  }
  const r = (month * 7 + index * 3) % 10;
  return r < 6 ? 'present' : r < 8 ? 'remote' : r < 9 ? 'excused' : 'absent';
}
