import type { Core } from '@strapi/strapi';
import type { PersonalDataPart, PersonalDataProvider, PersonalDataSubject } from '@intranet-militant/shared';
import { ATTEMPT_UID, COURSE_UID, ENROLMENT_UID, PROGRESS_UID, RATING_UID, SPONSORSHIP_UID } from '../uids';

const ORIGIN_LABELS = { self: 'à ma demande', welcome: 'parcours d’accueil' } as const;
const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

/**
 * Training's part of « Mes données » (issue 22): enrolments and certificates, lessons done,
 * quiz attempts (score, passed), course ratings, and sponsorships where the member is the
 * sponsor or the newcomer (the other person named, as both see it in the portal). Reads only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async personalData(subject: PersonalDataSubject): Promise<PersonalDataPart> {
      const enrolments = await strapi.db.query(ENROLMENT_UID).findMany({ where: { member: { id: subject.memberId } }, orderBy: [{ enrolledAt: 'asc' }, { id: 'asc' }] });
      const enrolmentIds = enrolments.map((e: any) => e.id);
      const courseIds = [...new Set(enrolments.map((e: any) => e.courseDocumentId as string))];
      const titles = new Map<string, string>(
        courseIds.length
          ? (await strapi.db.query(COURSE_UID).findMany({ where: { documentId: { $in: courseIds } }, select: ['documentId', 'title'] })).map((c: any) => [c.documentId, c.title])
          : []
      );
      const mine = { enrolment: { id: { $in: enrolmentIds.length ? enrolmentIds : [0] } } };
      const progress = await strapi.db.query(PROGRESS_UID).findMany({ where: mine, populate: { lesson: { select: ['title'] }, enrolment: { select: ['courseDocumentId'] } }, orderBy: [{ completedAt: 'asc' }] });
      const attempts = await strapi.db.query(ATTEMPT_UID).findMany({ where: mine, populate: { quiz: { select: ['title'] }, enrolment: { select: ['courseDocumentId'] } }, orderBy: [{ id: 'asc' }] });
      const ratings = await strapi.db.query(RATING_UID).findMany({ where: mine, orderBy: [{ id: 'asc' }] });
      const sponsorships = await strapi.db.query(SPONSORSHIP_UID).findMany({
        where: { $or: [{ sponsor: { id: subject.memberId } }, { newcomer: { id: subject.memberId } }] },
        populate: { sponsor: { select: ['id', 'firstName', 'lastName'] }, newcomer: { select: ['id', 'firstName', 'lastName'] } },
        orderBy: [{ startedOn: 'asc' }, { id: 'asc' }],
      });
      const course = (documentId: string | undefined) => (documentId ? titles.get(documentId) ?? null : null);
      const name = (m: any) => (m ? `${m.firstName} ${m.lastName}` : null);
      return {
        source: 'training',
        title: 'Formation',
        sections: [
          {
            title: 'Inscriptions et certificats',
            rows: enrolments.map((e: any) => ({
              Formation: course(e.courseDocumentId),
              Origine: ORIGIN_LABELS[e.origin as keyof typeof ORIGIN_LABELS] ?? e.origin,
              'Inscrit le': iso(e.enrolledAt),
              'Terminée le': iso(e.completedAt),
              'Code du certificat': e.certificateCode ?? null,
            })),
          },
          {
            title: 'Leçons suivies',
            rows: progress.map((p: any) => ({ Formation: course(p.enrolment?.courseDocumentId), Leçon: p.lesson?.title ?? null, 'Suivie le': iso(p.completedAt) })),
          },
          {
            title: 'Essais de quiz',
            rows: attempts.map((a: any) => ({
              Formation: course(a.enrolment?.courseDocumentId),
              Quiz: a.quiz?.title ?? null,
              'Score (%)': a.score,
              Réussi: Boolean(a.passed),
              'Réponses données': JSON.stringify(a.answers),
              Le: iso(a.createdAt),
            })),
          },
          {
            title: 'Avis sur les formations',
            rows: ratings.map((r: any) => ({ Formation: course(r.courseDocumentId), Note: r.grade, Commentaire: r.comment ?? null })),
          },
          {
            title: 'Parrainages',
            rows: sponsorships.map((s: any) => ({
              Rôle: s.sponsor?.id === subject.memberId ? 'parrain ou marraine' : 'nouvel adhérent parrainé',
              Parrain: name(s.sponsor),
              'Nouvel adhérent': name(s.newcomer),
              Début: s.startedOn,
              Fin: s.endedOn ?? null,
            })),
          },
        ],
      };
    },
  }) satisfies PersonalDataProvider;
