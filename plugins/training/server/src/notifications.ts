import type { Core } from '@strapi/strapi';
import {
  defineNotificationKinds,
  getService,
  portalUrl,
  TRAINING_CERTIFICATE_ISSUED,
  TRAINING_ENROLLED,
  TRAINING_SPONSOR_ASSIGNED,
  type IntranetEvents,
  type NotificationOccurrence,
  withDe,
} from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { certificateCheckPath } from './domain/links';

/** What training tells members (declared in the manifest; the notifications plugin sends them). */
export const trainingNotifications = defineNotificationKinds([
  {
    id: 'training.welcome-enrolment',
    label: 'Inscription au parcours d’accueil',
    audience: 'Le nouvel adhérent inscrit à un parcours d’accueil à son arrivée.',
    mandatory: false,
    on: TRAINING_ENROLLED,
    async occurrences(_strapi: Core.Strapi, p: IntranetEvents['training.enrolment.created']): Promise<NotificationOccurrence[]> {
      if (!p.welcome) return [];
      return [{ key: `training.welcome-enrolment:${p.enrolmentId}`, data: { course: p.courseTitle, courseDocumentId: p.courseDocumentId }, memberIds: [p.memberId] }];
    },
    render: (data) => ({
      subject: `Bienvenue : votre parcours d’accueil « ${String(data.course)} »`,
      paragraphs: [`Bienvenue ! Vous êtes inscrit·e au parcours d’accueil « ${String(data.course)} » : quelques leçons pour découvrir le parti et votre fédération, à votre rythme.`],
      link: { path: `/formation/cours/${String(data.courseDocumentId)}`, label: 'Commencer le parcours' },
    }),
  },
  {
    id: 'training.sponsor-assigned',
    label: 'Parrainage d’un nouvel adhérent',
    audience: 'Le nouvel adhérent et son parrain ou sa marraine.',
    mandatory: false,
    on: TRAINING_SPONSOR_ASSIGNED,
    async occurrences(strapi: Core.Strapi, p: IntranetEvents['training.sponsorship.assigned']): Promise<NotificationOccurrence[]> {
      const people = await getService(strapi, 'membership', 'directory').membersByIds([p.newcomerId, p.sponsorId]);
      const name = (id: number) => (people.get(id) ? `${people.get(id)!.firstName} ${people.get(id)!.lastName}` : '');
      return [
        { key: `training.sponsor-assigned:${p.sponsorshipId}:newcomer`, data: { role: 'newcomer', other: name(p.sponsorId) }, memberIds: [p.newcomerId] },
        { key: `training.sponsor-assigned:${p.sponsorshipId}:sponsor`, data: { role: 'sponsor', other: name(p.newcomerId) }, memberIds: [p.sponsorId] },
      ];
    },
    render: (data) =>
      data.role === 'sponsor'
        ? {
            subject: `Vous parrainez ${String(data.other)}`,
            paragraphs: [`Votre fédération vous a confié le parrainage ${withDe(String(data.other))}, qui vient d’adhérer. Vous pouvez suivre son parcours d’accueil et l’accompagner.`],
            link: { path: '/formation/mon-parcours', label: 'Voir mes filleuls' },
          }
        : {
            subject: 'Votre parrain ou marraine',
            paragraphs: [`${String(data.other)} sera votre parrain ou marraine : n’hésitez pas à lui poser vos questions sur la vie du parti.`],
            link: { path: '/formation/mon-parcours', label: 'Mon parcours' },
          },
  },
  {
    id: 'training.certificate-issued',
    label: 'Attestation de formation',
    audience: 'L’adhérent qui termine une formation.',
    mandatory: false,
    on: TRAINING_CERTIFICATE_ISSUED,
    // `checkAt`: the certificate's public check page, as the emails' links are written (the portal's address).
    async occurrences(strapi: Core.Strapi, p: IntranetEvents['training.certificate.issued']): Promise<NotificationOccurrence[]> {
      const checkAt = `${portalUrl(strapi)}${certificateCheckPath(p.code)}`;
      return [{ key: `training.certificate-issued:${p.enrolmentId}`, data: { course: p.courseTitle, courseDocumentId: p.courseDocumentId, code: p.code, checkAt }, memberIds: [p.memberId] }];
    },
    render: (data) => ({
      subject: `Votre attestation : ${String(data.course)}`,
      paragraphs: [
        `Félicitations : vous avez terminé la formation « ${String(data.course)} ».`,
        data.checkAt
          ? `Votre attestation porte le code ${String(data.code)}, que chacun peut vérifier sans compte à l’adresse ${String(data.checkAt)}.`
          : `Votre attestation porte le code ${String(data.code)}, que chacun peut vérifier.`,
      ],
      link: { path: `/formation/cours/${String(data.courseDocumentId)}`, label: 'Télécharger l’attestation' },
    }),
  },
]);
