import type { Core } from '@strapi/strapi';
import type { ErasureProvider, ErasureReport, ErasureSubject, RetentionRule } from '@intranet-militant/shared';
import { GRADES, VOTERS } from '../storage';
import { CONTRIBUTION_UID } from '../uids';

export const CONSULTATIONS_RETENTION: readonly RetentionRule[] = [
  {
    id: 'consultations.contributions',
    what: 'Contributions (title, text, category) and the proposals that took them up',
    period: 'As long as the consultation (its published provenance)',
    then: 'Kept with the proposal’s provenance and counts; after erasure the author is the pseudonym, shown as « Contribution d’un ancien adhérent », and their account no longer finds them in search',
    basis: 'The record of the party’s deliberation (statutes); GDPR art. 9(2)(d) and 17(3)(d)–(e): published results must still add up',
  },
  {
    id: 'consultations.grades',
    what: 'Grades given to proposals (effort, impact)',
    period: 'As long as the consultation',
    then: 'Kept, linked to the pseudonymous profile only (the evaluation’s results need every grade)',
    basis: 'Integrity of published results',
  },
  {
    id: 'consultations.voters',
    what: 'Voter register (consultation, member: « a voté »)',
    period: 'As long as the consultation',
    then: 'Kept, linked to the pseudonymous profile only: one vote per member and the turnout; never linked to a ballot (ballots hold no member, no time)',
    basis: 'Integrity of the secret ballot (turnout must equal the ballots)',
  },
];

/**
 * Consultations' part of erasure (issue 22, item 4): nothing is deleted — contributions,
 * grades and the voter register name the member by their profile id only, which membership
 * pseudonymises, so the provenance, counts and results stay exactly as published. Reports
 * what is kept. Reads only; idempotent.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: CONSULTATIONS_RETENTION,
    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      const knex = strapi.db.connection;
      const contributions = await strapi.db.query(CONTRIBUTION_UID).count({ where: { author: { id: subject.memberId } } });
      const [grades] = await knex(GRADES).where({ member_id: subject.memberId }).count({ n: '*' });
      const [votes] = await knex(VOTERS).where({ member_id: subject.memberId }).count({ n: '*' });
      return { source: 'consultations', counts: { contributionsKept: contributions, gradesKept: Number(grades.n), votesKept: Number(votes.n) } };
    },
  }) satisfies ErasureProvider;
