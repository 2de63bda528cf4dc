import type { Core } from '@strapi/strapi';
import type { PersonalDataPart, PersonalDataProvider, PersonalDataSubject } from '@intranet-militant/shared';
import { STATE_LABELS, type State } from '../domain/procedure';
import { LEVEL_LABELS, type Level } from '../domain/scale';
import { CASE_UID } from '../uids';

/**
 * Sanctions' part of « Mes données » (issue 22): the cases where the member is the
 * respondent, as they may read them (from the notification or a precautionary suspension:
 * an investigation not yet notified is withheld, RGPD art. 23(1)(h) and the statutes; never
 * who reported), and the confidential reports they made (reference, category, state).
 * Reads only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async personalData(subject: PersonalDataSubject): Promise<PersonalDataPart> {
      const asRespondent = (await strapi.db.query(CASE_UID).findMany({ where: { respondentId: subject.memberId }, orderBy: [{ receivedOn: 'asc' }, { id: 'asc' }] }))
        .filter((c: any) => !['received', 'investigation'].includes(c.state) || c.precautionaryUntil);
      const reports = await strapi.db.query(CASE_UID).findMany({ where: { reporterMemberId: subject.memberId }, orderBy: [{ receivedOn: 'asc' }, { id: 'asc' }], select: ['reference', 'categoryLabel', 'state', 'receivedOn'] });
      const level = (l: string | null | undefined) => (l ? LEVEL_LABELS[l as Level] : null);
      return {
        source: 'sanctions',
        title: 'Commission des conflits',
        sections: [
          {
            title: 'Affaires vous concernant',
            rows: asRespondent.map((c: any) => ({
              Affaire: c.reference,
              Catégorie: c.categoryLabel,
              Étape: STATE_LABELS[c.state as State],
              'Reçue le': c.receivedOn,
              'Audition le': c.hearingOn ?? null,
              'Suspension conservatoire jusqu’au': c.precautionaryUntil ?? null,
              Décision: c.decision ? level(c.decision.level) ?? 'relaxe' : null,
              'Décision d’appel': c.nationalDecision ? level(c.nationalDecision.level) ?? 'relaxe' : null,
              'Durée (mois)': c.finalMonths ?? c.decision?.months ?? null,
            })),
            note: 'Une instruction qui ne vous a pas encore été notifiée n’apparaît pas ici ; l’identité des personnes qui signalent n’est jamais communiquée.',
          },
          {
            title: 'Vos signalements',
            rows: reports.map((c: any) => ({ Affaire: c.reference, Catégorie: c.categoryLabel, Étape: STATE_LABELS[c.state as State], 'Reçu le': c.receivedOn })),
          },
        ],
      };
    },
  }) satisfies PersonalDataProvider;
