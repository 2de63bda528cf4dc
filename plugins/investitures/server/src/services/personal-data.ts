import type { Core } from '@strapi/strapi';
import { frenchDate, parisDate, type PersonalDataPart, type PersonalDataProvider, type PersonalDataSubject } from '@intranet-militant/shared';
import { CANDIDACY_STATE_LABELS, KIND_LABELS } from '../domain/vocabulary';
import { CANDIDACY_UID, DESIGNATION_UID } from '../uids';

/**
 * Investitures' part of « Mes données »: the member's candidacies, with the checks recorded, and
 * the binômes that name them as running mate with their answer
 * (whether a bulletin n° 3 was seen and its date — no document is ever kept). Never a ballot:
 * a vote is secret (only « a voté » exists, in the consultations plugin's register). Reads only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async personalData(subject: PersonalDataSubject): Promise<PersonalDataPart> {
      const rows = await strapi.db.query(CANDIDACY_UID).findMany({ where: { memberId: subject.memberId }, orderBy: { id: 'asc' } });
      // The binômes that name the member as running mate, with their answer.
      const asMate = await strapi.db.query(CANDIDACY_UID).findMany({ where: { runningMateId: subject.memberId }, orderBy: { id: 'asc' }, select: ['designationId', 'submittedOn', 'state', 'mateConfirmedOn', 'mateDeclinedOn'] });
      const designations = new Map(
        (await strapi.db.query(DESIGNATION_UID).findMany({ where: { id: { $in: [...rows, ...asMate].map((r: any) => r.designationId).concat(-1) } }, select: ['id', 'title', 'kind'] })).map((d: any) => [d.id, d])
      );
      const titleOf = (designationId: number) => {
        const d: any = designations.get(designationId);
        return d ? `${d.title} (${KIND_LABELS[d.kind as keyof typeof KIND_LABELS]})` : null;
      };
      const answerOf = (c: any) =>
        c.mateConfirmedOn ? `Accord donné le ${frenchDate(c.mateConfirmedOn)}` : c.mateDeclinedOn ? `Déclinée le ${frenchDate(c.mateDeclinedOn)}` : c.state === 'submitted' ? 'En attente de votre réponse' : 'Sans réponse (candidature retirée)';
      return {
        source: 'investitures',
        title: 'Investitures et désignations',
        sections: [
          {
            title: 'Vos candidatures',
            rows: rows.map((c: any) => {
              const d: any = designations.get(c.designationId);
              return {
                Désignation: d ? `${d.title} (${KIND_LABELS[d.kind as keyof typeof KIND_LABELS]})` : null,
                'Déposée le': c.submittedOn,
                Étape: CANDIDACY_STATE_LABELS[c.state as keyof typeof CANDIDACY_STATE_LABELS],
                Position: c.position ?? null,
                'Engagement signé (version)': c.checks?.pledge?.version ?? null,
                // The day in Paris (the check's instant is UTC): « 6 décembre 2026 » in the readable files.
                'Bulletin n° 3 vu le': c.checks?.criminalRecord?.at ? parisDate(c.checks.criminalRecord.at) : null,
                'Mandats déclarés': c.previousMandates ?? 0,
              };
            }),
            note: 'Aucun extrait de casier judiciaire n’est conservé : seule la date de la vérification l’est. Vos votes sont secrets et n’apparaissent nulle part.',
          },
          {
            title: 'Binômes dont vous êtes colistier·ère',
            rows: asMate.map((c: any) => ({
              Désignation: titleOf(c.designationId),
              'Proposé·e le': c.submittedOn,
              'Étape de la candidature': CANDIDACY_STATE_LABELS[c.state as keyof typeof CANDIDACY_STATE_LABELS],
              'Votre réponse': answerOf(c),
            })),
            note: 'Votre nom n’est montré aux adhérents qu’une fois votre accord donné.',
          },
        ],
      };
    },
  }) satisfies PersonalDataProvider;
