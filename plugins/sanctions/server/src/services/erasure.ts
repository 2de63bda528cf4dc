import type { Core } from '@strapi/strapi';
import type { ErasureProvider, ErasureReport, ErasureSubject, RetentionRule } from '@intranet-militant/shared';
import { CASE_UID } from '../uids';

export const SANCTIONS_RETENTION: readonly RetentionRule[] = [
  {
    id: 'sanctions.cases',
    what: 'Disciplinary cases (facts, file, written defence, hearing notes, decisions and their reasoning; respondent and reporter by profile id)',
    period: 'As long as the commission’s records',
    then: 'Kept linked to the pseudonymous profiles: repeat offences, appeals and the uniformity table stay as they were; a reporter stays known to the commission only as « Ancien adhérent »',
    basis: 'The commission’s record of its procedure (statutes, title « Discipline »); GDPR art. 17(3)(e): appeals and legal claims',
  },
  {
    id: 'sanctions.published',
    what: 'Published decisions (federation, date, category, level, duration, article, summary; the name for the levels the scale names)',
    period: 'Kept as published',
    then: 'Not rewritten: a published name stays (exclusions)',
    basis: 'Published decisions are kept as published (GDPR art. 17(3)(b) and (e))',
  },
];

/**
 * Sanctions' part of erasure (issue 22, item 4): nothing deleted — cases name the respondent
 * and the reporter by profile id only, which membership pseudonymises; published decisions
 * are kept as published. Reports what is kept. Reads only; idempotent.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: SANCTIONS_RETENTION,
    /** A respondent whose case is not final keeps their identity (and cannot escape the procedure by erasure). */
    async holds(subject: Pick<ErasureSubject, 'memberId'>): Promise<string | null> {
      const open = await strapi.db.query(CASE_UID).count({ where: { respondentId: subject.memberId, state: { $ne: 'final' } } });
      return open > 0
        ? 'Une procédure de la commission des conflits est en cours : les données sont conservées jusqu’à sa décision définitive (RGPD, art. 17.3.e).'
        : null;
    },
    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      const cases = strapi.db.query(CASE_UID);
      return {
        source: 'sanctions',
        counts: {
          casesKept: await cases.count({ where: { respondentId: subject.memberId } }),
          reportsKept: await cases.count({ where: { reporterMemberId: subject.memberId } }),
          publishedKept: await cases.count({ where: { respondentId: subject.memberId, state: 'final', finalLevel: { $notNull: true } } }),
        },
      };
    },
  }) satisfies ErasureProvider;
