import type { Core } from '@strapi/strapi';
import type { ErasureProvider, ErasureReport, ErasureSubject, RetentionRule } from '@intranet-militant/shared';
import { ATTEMPT_UID, ENROLMENT_UID, RATING_UID, SPONSORSHIP_UID } from '../uids';

export const TRAINING_RETENTION: readonly RetentionRule[] = [
  {
    id: 'training.progress',
    what: 'Enrolments, lessons done, quiz scores, course ratings, sponsorships',
    period: 'While a member; until the member’s erasure',
    then: 'Kept linked to the pseudonymous profile for course statistics (completion, scores, average rating); quiz answers and rating comments removed',
    basis: 'GDPR art. 5(1)(c): statistics need the counts, not the person',
  },
  {
    id: 'training.certificates',
    what: 'Certificates (code and what they say: the holder’s name, the course)',
    period: 'While a member; until the member’s erasure',
    then: 'Code and contents removed: the certificate can no longer be checked by its code',
    basis: 'The certificate names its holder; GDPR art. 17(1)(a)',
  },
];

/**
 * Training's part of erasure (issue 22, item 4): certificates (code and contents) of the
 * member removed, quiz answers emptied, rating comments removed; enrolments, progress,
 * scores, ratings and sponsorships stay linked to the pseudonymous profile (statistics).
 * One transaction; idempotent (what is already empty is not counted again).
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: TRAINING_RETENTION,
    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      return strapi.db.transaction(async () => {
        const mine = { member: { id: subject.memberId } };
        const enrolments = await strapi.db.query(ENROLMENT_UID).findMany({ where: mine, select: ['id', 'certificateCode', 'certificate'] });
        const ids = enrolments.map((e: { id: number }) => e.id);
        const withCertificate = enrolments.filter((e: any) => e.certificateCode || e.certificate).map((e: { id: number }) => e.id);
        const certificates = withCertificate.length
          ? (await strapi.db.query(ENROLMENT_UID).updateMany({ where: { id: { $in: withCertificate } }, data: { certificateCode: null, certificate: null } })).count
          : 0;
        const ofMine = { enrolment: { id: { $in: ids.length ? ids : [0] } } };
        const attempts = await strapi.db.query(ATTEMPT_UID).findMany({ where: ofMine, select: ['id', 'answers'] });
        const answered = attempts.filter((a: any) => !(Array.isArray(a.answers) && a.answers.length === 0)).map((a: { id: number }) => a.id);
        const quizAnswers = answered.length ? (await strapi.db.query(ATTEMPT_UID).updateMany({ where: { id: { $in: answered } }, data: { answers: [] } })).count : 0;
        const commented = (await strapi.db.query(RATING_UID).findMany({ where: { ...ofMine, comment: { $notNull: true } }, select: ['id'] })).map((r: { id: number }) => r.id);
        const comments = commented.length ? (await strapi.db.query(RATING_UID).updateMany({ where: { id: { $in: commented } }, data: { comment: null } })).count : 0;
        const sponsorships = await strapi.db.query(SPONSORSHIP_UID).count({ where: { $or: [{ sponsor: { id: subject.memberId } }, { newcomer: { id: subject.memberId } }] } });
        return { source: 'training', counts: { certificates, quizAnswers, ratingComments: comments, enrolmentsKept: ids.length, sponsorshipsKept: sponsorships } };
      });
    },
  }) satisfies ErasureProvider;
