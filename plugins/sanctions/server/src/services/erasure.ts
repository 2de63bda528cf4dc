import type { Core } from '@strapi/strapi';
import { actedAs, formerMemberLabel, type Actor, type ErasureHold, type ErasureProvider, type ErasureReport, type ErasureSubject, type RetentionRule } from '@intranet-militant/shared';
import type { State } from '../domain/procedure';
import { knownToRespondent, viewOf } from '../queries/access';
import { CASE_UID, SCALE_UID } from '../uids';

/** Why an open case keeps the respondent's data (French, for staff and for a respondent who knows of the case). */
export const OPEN_PROCEDURE_HOLD =
  'Une procédure de la commission des conflits est en cours : les données sont conservées jusqu’à sa décision définitive (RGPD, art. 17.3.e).';

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
  {
    id: 'sanctions.scale',
    what: 'Versions of the national scale (categories, levels, date of adoption; who recorded the national council’s vote)',
    period: 'For ever: cases cite the version in force when they were referred',
    then: 'The member who recorded a version is named « Ancien adhérent (<role>) »',
    basis: 'The commission’s record of its rules (statutes, title « Discipline »); GDPR art. 17(3)(e)',
  },
];

/**
 * Sanctions' part of erasure (issue 22, item 4): nothing deleted — cases name the respondent
 * and the reporter by profile id only, which membership pseudonymises; published decisions
 * are kept as published; a scale version the member recorded (as a national admin) names
 * « Ancien adhérent (Rôle) » instead of them. Reports what is kept and how many versions
 * were unsigned. Idempotent.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: SANCTIONS_RETENTION,
    /**
     * A respondent whose case is not final keeps their identity (they cannot escape the
     * procedure by erasure: GDPR art. 17(3)(e), the establishment and defence of legal
     * claims). Staff read the reason. The respondent may be told only of a case they know
     * of (`knownToRespondent`: notified, or a precautionary suspension); before that the
     * investigation is confidential, so the hold is not disclosable and their own erasure
     * request gets membership's neutral answer. Reads only.
     */
    async holds(subject: Pick<ErasureSubject, 'memberId'>): Promise<ErasureHold | null> {
      const open = (await strapi.db.query(CASE_UID).findMany({
        where: { respondentId: subject.memberId, state: { $ne: 'final' } },
        select: ['state', 'precautionaryUntil'],
      })) as { state: State; precautionaryUntil: string | null }[];
      if (open.length === 0) return null;
      return { reason: OPEN_PROCEDURE_HOLD, disclosable: open.some(knownToRespondent) };
    },
    /**
     * Whether `actor` (staff acting on erasures: the departures screen, the staff erasure's
     * 409) may read the hold's reason: only who may see one of the member's open cases by the
     * commission's own rule (`viewOf`: the federation's or the national commission, who
     * referred or reported it). Federation staff and national admins who are no party to the
     * case read membership's `CONFIDENTIAL_HOLD` instead: that the data is kept, not why.
     * Reads only.
     */
    async mayReadHold(actor: Actor, subject: Pick<ErasureSubject, 'memberId'>): Promise<boolean> {
      const open = await strapi.db.query(CASE_UID).findMany({ where: { respondentId: subject.memberId, state: { $ne: 'final' } } });
      return open.some((row: any) => viewOf(actor, row) !== null);
    },
    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      const cases = strapi.db.query(CASE_UID);
      let versions = 0;
      for (const v of await strapi.db.query(SCALE_UID).findMany({ where: { adoptedBy: { $notNull: true } }, select: ['id', 'adoptedBy', 'adoptedByMember'] })) {
        if (!actedAs(subject, v.adoptedBy, v.adoptedByMember)) continue;
        await strapi.db.query(SCALE_UID).update({ where: { id: v.id }, data: { adoptedBy: formerMemberLabel(v.adoptedBy), adoptedByMember: null } });
        versions += 1;
      }
      return {
        source: 'sanctions',
        counts: {
          casesKept: await cases.count({ where: { respondentId: subject.memberId } }),
          reportsKept: await cases.count({ where: { reporterMemberId: subject.memberId } }),
          publishedKept: await cases.count({ where: { respondentId: subject.memberId, state: 'final', finalLevel: { $notNull: true } } }),
          scaleVersionsUnsigned: versions,
        },
      };
    },
  }) satisfies ErasureProvider;
