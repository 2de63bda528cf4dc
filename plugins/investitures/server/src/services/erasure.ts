import type { Core } from '@strapi/strapi';
import type { ErasureProvider, ErasureReport, ErasureSubject, RetentionRule } from '@intranet-militant/shared';
import { CANDIDACY_UID } from '../uids';

export const INVESTITURES_RETENTION: readonly RetentionRule[] = [
  {
    id: 'investitures.candidacies',
    what: 'Candidacies (designation, position, statement, documents, declared mandates, sex and year of birth as registered, the mandates plugin’s record, the pledge signature, the checks with who and when)',
    period: 'As long as the designation’s records',
    then: 'Kept linked to the pseudonymous profile (lists, decisions, parity and votes stay as they were); statement, documents, sex and year of birth removed at the erasure',
    basis: 'The party’s record of its investitures (statutes, art. 5.1.7 for the pledge); GDPR art. 17(3)(e)',
  },
  {
    id: 'investitures.criminal-record',
    what: 'Criminal-record checks (a bulletin n° 3 seen: clean or not, its date, who checked and when; never the document, deleted once the check is recorded)',
    period: 'As long as the candidacy',
    then: 'Removed at the member’s erasure',
    basis: 'GDPR art. 10 (data on convictions): only the outcome the investiture needs',
  },
];

/**
 * Investitures' part of erasure: candidacies stay (a list, a decision, a vote's candidates are
 * the party's record) linked to the pseudonymised profile, without their free text, documents,
 * sex and year of birth; criminal-record checks are removed. Idempotent.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: INVESTITURES_RETENTION,
    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      const rows = await strapi.db.query(CANDIDACY_UID).findMany({ where: { memberId: subject.memberId } });
      let records = 0;
      await strapi.db.transaction(async () => {
        for (const c of rows) {
          const checks = { ...(c.checks ?? {}) };
          if (checks.criminalRecord) records += 1;
          delete checks.criminalRecord;
          await strapi.db.query(CANDIDACY_UID).update({ where: { id: c.id }, data: { statement: null, documents: [], sex: null, birthYear: null, checks } });
        }
      });
      return { source: 'investitures', counts: { candidaciesKept: rows.length, criminalRecordChecksRemoved: records } };
    },
  }) satisfies ErasureProvider;
