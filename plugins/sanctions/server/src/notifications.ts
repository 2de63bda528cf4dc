import type { Core } from '@strapi/strapi';
import {
  defineNotificationKinds,
  frenchDate,
  SANCTION_CASE_DECIDED,
  SANCTION_CASE_NOTIFIED,
  SANCTION_CASE_PRECAUTIONARY,
  type IntranetEvents,
  type NotificationOccurrence,
} from '@intranet-militant/shared';
import { LEVEL_LABELS, isLevel } from './domain/scale';
import { CASE_UID } from './uids';

type Strapi = Core.Strapi;

/**
 * What the commission tells the respondent (notifications plugin), mandatory (issue 11:
 * sanctions are always emailed, no unsubscribe). The messages carry the case's reference,
 * category and dates — never the facts' author, never the commission's reasoning.
 */
export const sanctionsNotifications = defineNotificationKinds([
  {
    id: 'sanctions.notice',
    label: 'Notification d’une procédure disciplinaire',
    audience: 'La personne mise en cause, quand la commission des conflits lui notifie les faits et la date de son audition.',
    mandatory: true,
    on: SANCTION_CASE_NOTIFIED,
    async occurrences(strapi: Strapi, payload: IntranetEvents['sanctions.case.notified']): Promise<NotificationOccurrence[]> {
      const row = await strapi.db.query(CASE_UID).findOne({ where: { id: payload.caseId }, select: ['documentId', 'reference'] });
      if (!row) return [];
      return [{
        key: `sanctions.notice:${row.documentId}:${payload.hearingOn}`,
        data: { documentId: row.documentId, reference: row.reference, hearingOn: payload.hearingOn, rescheduled: payload.rescheduled },
        memberIds: [payload.respondentId],
      }];
    },
    render: (data) => ({
      subject: `${data.rescheduled ? 'Nouvelle date d’audition' : 'Procédure disciplinaire'} — affaire ${String(data.reference)}`,
      paragraphs: [
        `La commission des conflits vous notifie les faits qui vous sont reprochés (affaire ${String(data.reference)}) et vous convoque à une audition le ${frenchDate(String(data.hearingOn))}.`,
        'Vous pouvez consulter le dossier, déposer une défense écrite avant l’audition, vous y présenter et vous faire assister d’un adhérent de votre choix.',
        'Aucune décision ne peut être prise sans que vous ayez été entendu·e ou que votre absence ait été constatée.',
      ],
      link: { path: `/commission/affaires/${String(data.documentId)}`, label: 'Voir mon dossier' },
    }),
  },
  {
    id: 'sanctions.precautionary',
    label: 'Suspension conservatoire',
    audience: 'La personne mise en cause, quand la commission des conflits la suspend à titre conservatoire (actes graves).',
    mandatory: true,
    on: SANCTION_CASE_PRECAUTIONARY,
    async occurrences(strapi: Strapi, payload: IntranetEvents['sanctions.case.precautionary']): Promise<NotificationOccurrence[]> {
      const row = await strapi.db.query(CASE_UID).findOne({ where: { id: payload.caseId }, select: ['documentId', 'reference'] });
      if (!row) return [];
      return [{
        key: `sanctions.precautionary:${row.documentId}:${payload.until}`,
        data: { documentId: row.documentId, reference: row.reference, until: payload.until },
        memberIds: [payload.respondentId],
      }];
    },
    render: (data) => ({
      subject: `Suspension conservatoire — affaire ${String(data.reference)}`,
      paragraphs: [
        `Saisie de faits graves (affaire ${String(data.reference)}), la commission des conflits vous suspend à titre conservatoire jusqu’au ${frenchDate(String(data.until))} au plus tard, le temps de la procédure. Ce n’est pas une sanction.`,
        'La commission vous notifiera les faits qui vous sont reprochés et la date de votre audition ; vous pourrez alors consulter le dossier, déposer une défense écrite et être entendu·e.',
      ],
      link: { path: `/commission/affaires/${String(data.documentId)}`, label: 'Voir mon dossier' },
    }),
  },
  {
    id: 'sanctions.decision',
    label: 'Décision de la commission des conflits',
    audience: 'La personne mise en cause, quand une décision est rendue dans son affaire (première instance ou appel).',
    mandatory: true,
    // An exclusion takes effect at once (account blocked): its notice must still reach the
    // person, with the appeal deadline it opens (statutes: right of appeal to the national commission).
    reachesExcluded: true,
    on: SANCTION_CASE_DECIDED,
    async occurrences(strapi: Strapi, payload: IntranetEvents['sanctions.case.decided']): Promise<NotificationOccurrence[]> {
      const row = await strapi.db.query(CASE_UID).findOne({ where: { id: payload.caseId }, select: ['documentId', 'reference', 'decision', 'nationalDecision', 'decidedOn'] });
      if (!row) return [];
      const decision = payload.stage === 'appeal' ? row.nationalDecision : row.decision;
      return [{
        key: `sanctions.decision:${row.documentId}:${payload.stage}`,
        data: { documentId: row.documentId, reference: row.reference, stage: payload.stage, level: decision?.level ?? null, months: decision?.months ?? null, appealUntil: payload.stage === 'first' ? decision?.appealUntil ?? null : null },
        memberIds: [payload.respondentId],
      }];
    },
    render: (data) => {
      const level = isLevel(data.level) ? LEVEL_LABELS[data.level] : null;
      const what = level ? `${level}${data.months ? ` de ${String(data.months)} mois` : ''}` : 'aucune sanction (relaxe)';
      return {
        subject: `Décision ${data.stage === 'appeal' ? 'd’appel ' : ''}— affaire ${String(data.reference)}`,
        paragraphs: [
          `${data.stage === 'appeal' ? 'La commission nationale des conflits' : 'La commission des conflits'} a rendu sa décision dans l’affaire ${String(data.reference)} : ${what}.`,
          ...(data.appealUntil ? [`Vous pouvez faire appel devant la commission nationale jusqu’au ${frenchDate(String(data.appealUntil))} inclus.`] : []),
          ...(data.stage === 'appeal' ? ['Cette décision est définitive.'] : []),
        ],
        link: { path: `/commission/affaires/${String(data.documentId)}`, label: 'Voir la décision' },
      };
    },
  },
]);
