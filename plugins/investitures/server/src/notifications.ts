import type { Core } from '@strapi/strapi';
import { BINOME_WITHDRAWN, defineNotificationKinds, getService, RUNNING_MATE_NAMED, type IntranetEvents, type NotificationOccurrence } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { CANDIDACY_UID, DESIGNATION_UID } from './uids';

type Strapi = Core.Strapi;

/** The candidacy, its designation and its candidate's name, as the messages read them (null when gone). */
async function binomeOf(strapi: Strapi, candidacyId: number) {
  const c = await strapi.db.query(CANDIDACY_UID).findOne({ where: { id: candidacyId }, select: ['documentId', 'designationId', 'memberId', 'runningMateId'] });
  if (!c) return null;
  const d = await strapi.db.query(DESIGNATION_UID).findOne({ where: { id: c.designationId }, select: ['documentId', 'title'] });
  if (!d) return null;
  const people = await getService(strapi, 'membership', 'directory').membersByIds([c.memberId, c.runningMateId].filter((id): id is number => id != null));
  const nameOf = (id: number | null) => {
    const m = id != null ? people.get(id) : undefined;
    return m ? `${m.firstName} ${m.lastName}` : null;
  };
  return { c, d, candidate: nameOf(c.memberId), mate: nameOf(c.runningMateId) };
}

const CAUSES: Record<IntranetEvents['investitures.binome.withdrawn']['cause'], string> = {
  declined: 'a décliné votre proposition',
  'mate-left': 'a quitté le parti',
  'mate-moved': 'a rejoint une autre fédération',
};

/**
 * What investitures tell members (notifications plugin), both mandatory (always emailed, no
 * unsubscribe): they concern a candidacy in the member's own name, as a convocation does —
 * - `investitures.running-mate`: the member a binôme candidacy names as running mate, at once:
 *   being named on a party candidacy is a political commitment that needs their agreement, and
 *   a preference for the weekly digest would leave the candidacy waiting (and their name in
 *   the staff's view) for days without their knowing. Not sent once the question no longer
 *   stands (answered, withdrawn: `stillHolds`).
 * - `investitures.binome-withdrawn`: the candidate whose binôme was withdrawn by the system
 *   because of the running mate (declined, left the party, moved to another federation): a
 *   candidacy withdrawn without their doing, which they may send again with someone else
 *   before the candidacies close.
 */
export const investituresNotifications = defineNotificationKinds([
  {
    id: 'investitures.running-mate',
    label: 'Proposition de colistier·ère d’une candidature',
    audience: 'L’adhérent·e qu’une candidature en binôme propose comme colistier·ère, pour lui demander son accord.',
    mandatory: true,
    on: RUNNING_MATE_NAMED,
    async occurrences(strapi: Strapi, payload: IntranetEvents['investitures.running-mate.named']): Promise<NotificationOccurrence[]> {
      const found = await binomeOf(strapi, payload.candidacyId);
      if (!found) return [];
      return [{
        key: `investitures.running-mate:${found.c.documentId}:${payload.mateId}`,
        data: { candidacy: found.c.documentId, designation: found.d.documentId, title: found.d.title, candidate: found.candidate },
        memberIds: [payload.mateId],
      }];
    },
    async stillHolds(strapi: Strapi, memberId: number, data: Record<string, unknown>): Promise<boolean> {
      const c = await strapi.db.query(CANDIDACY_UID).findOne({ where: { documentId: String(data.candidacy) }, select: ['state', 'runningMateId', 'mateConfirmedOn'] });
      return Boolean(c && c.state === 'submitted' && c.runningMateId === memberId && !c.mateConfirmedOn);
    },
    render: (data) => ({
      subject: `Vous êtes proposé·e comme colistier·ère — ${String(data.title)}`,
      paragraphs: [
        `${String(data.candidate ?? 'Un·e adhérent·e')} vous propose comme colistier·ère de sa candidature en binôme (${String(data.title)}).`,
        'Être candidat·e du parti vous engage : votre nom n’est montré aux adhérents qu’une fois votre accord donné, et la candidature ne peut être retenue sans lui.',
        'Acceptez ou déclinez la proposition sur la page de la désignation. Si vous déclinez, la candidature est retirée et la personne candidate en est informée.',
      ],
      link: { path: `/investitures/${String(data.designation)}`, label: 'Répondre à la proposition' },
    }),
  },
  {
    id: 'investitures.binome-withdrawn',
    label: 'Candidature en binôme retirée du fait du ou de la colistier·ère',
    audience: 'La personne candidate d’un binôme retiré parce que son ou sa colistier·ère a décliné, a quitté le parti ou a changé de fédération.',
    mandatory: true,
    on: BINOME_WITHDRAWN,
    async occurrences(strapi: Strapi, payload: IntranetEvents['investitures.binome.withdrawn']): Promise<NotificationOccurrence[]> {
      const found = await binomeOf(strapi, payload.candidacyId);
      if (!found) return [];
      return [{
        key: `investitures.binome-withdrawn:${found.c.documentId}`,
        data: { designation: found.d.documentId, title: found.d.title, cause: payload.cause, mate: payload.cause === 'declined' ? found.mate : null },
        memberIds: [payload.candidateId],
      }];
    },
    render: (data) => ({
      subject: `Candidature retirée — ${String(data.title)}`,
      paragraphs: [
        `Votre candidature en binôme (${String(data.title)}) a été retirée : ${data.mate ? String(data.mate) : 'votre colistier·ère'} ${CAUSES[data.cause as keyof typeof CAUSES] ?? 'ne peut plus se présenter avec vous'}.`,
        'Vous pouvez présenter une nouvelle candidature avec un·e autre colistier·ère tant que les candidatures sont ouvertes.',
      ],
      link: { path: `/investitures/${String(data.designation)}`, label: 'Voir la désignation' },
    }),
  },
]);
