import type { Core } from '@strapi/strapi';
import { withConnection } from '@intranet-militant/shared';
import type { Knex } from 'knex';
import { GRADES, ROLL, VOTERS } from '../storage';
import { CONTRIBUTION_UID, PROPOSAL_UID } from '../uids';

/** Which consultations (ids) to ask each question about; an empty list is not asked. */
export interface ParticipationQuestions {
  /** How many contributions the member still has (withdrawn ones do not count). */
  contributions?: number[];
  /** The active proposals and how many of them the member graded on both axes. */
  grading?: number[];
  /** Whether the member is in the voter register (the register only: nothing about a ballot). */
  voted?: number[];
  /** Whether the member is on the vote's roll (who may vote, closed when it opened). */
  rolled?: number[];
}

/** The answers, by consultation id (absent: none, never graded, not voted). */
export interface Participation {
  contributions: Map<number, number>;
  grading: Map<number, { graded: number; total: number }>;
  voted: Set<number>;
  rolled: Set<number>;
}

type Row = { what: string; id: number | string; n: number | string; graded: number | string };

/**
 * Where a member stands in consultations: their contributions, their grading, whether they
 * voted, whether they are on a vote's roll. Every question asked is one branch of a single `UNION ALL` statement, so the portal's
 * home card reads all of it for every open consultation in one round trip (issue 13); a
 * consultation's page asks the same questions about one. Reads only the plugin's own tables.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const contributions = (knex: Knex, ids: number[], memberId: number) => {
    const meta = strapi.db.metadata.get(CONTRIBUTION_UID) as any;
    const of = meta.attributes.consultation.joinTable;
    const by = meta.attributes.author.joinTable;
    const id = `o.${of.inverseJoinColumn.name}`;
    return knex({ c: meta.tableName })
      .join({ o: of.name }, `o.${of.joinColumn.name}`, 'c.id')
      .join({ a: by.name }, `a.${by.joinColumn.name}`, 'c.id')
      .whereIn(id, ids)
      .andWhere(`a.${by.inverseJoinColumn.name}`, memberId)
      .whereNot('c.state', 'withdrawn')
      .groupBy(id)
      .select({ what: knex.raw("'contributions'"), id, n: knex.raw('count(*)'), graded: knex.raw('0') });
  };
  const grading = (knex: Knex, ids: number[], memberId: number) => {
    const meta = strapi.db.metadata.get(PROPOSAL_UID) as any;
    const link = meta.attributes.consultation.joinTable;
    const id = `l.${link.inverseJoinColumn.name}`;
    // A proposal counts as graded once both axes are.
    const gradedBoth = knex(GRADES).where('member_id', memberId).whereIn('consultation_id', ids).groupBy('proposal_id').havingRaw('count(*) = 2').select('proposal_id').as('g');
    return knex({ p: meta.tableName })
      .join({ l: link.name }, `l.${link.joinColumn.name}`, 'p.id')
      .leftJoin(gradedBoth, 'g.proposal_id', 'p.id')
      .whereIn(id, ids)
      .andWhere('p.state', 'active')
      .groupBy(id)
      .select({ what: knex.raw("'grading'"), id, n: knex.raw('count(*)'), graded: knex.raw('count(g.proposal_id)') });
  };
  const voted = (knex: Knex, ids: number[], memberId: number) =>
    knex(VOTERS).where('member_id', memberId).whereIn('consultation_id', ids).select({ what: knex.raw("'voted'"), id: 'consultation_id', n: knex.raw('1'), graded: knex.raw('0') });
  const rolled = (knex: Knex, ids: number[], memberId: number) =>
    knex(ROLL).where('member_id', memberId).whereIn('consultation_id', ids).select({ what: knex.raw("'rolled'"), id: 'consultation_id', n: knex.raw('1'), graded: knex.raw('0') });

  return {
    /**
     * Answers the questions asked (consultation ids per question) for one member, in one SQL
     * statement (none when nothing is asked). Never throws on an unknown id: it is absent.
     */
    async of(memberId: number, questions: ParticipationQuestions): Promise<Participation> {
      const out: Participation = { contributions: new Map(), grading: new Map(), voted: new Set(), rolled: new Set() };
      const branches = [
        { ids: questions.contributions ?? [], build: contributions },
        { ids: questions.grading ?? [], build: grading },
        { ids: questions.voted ?? [], build: voted },
        { ids: questions.rolled ?? [], build: rolled },
      ].filter((b) => b.ids.length > 0);
      if (!branches.length) return out;
      const rows: Row[] = await withConnection(strapi, (knex) => {
        // Each branch as a derived table: its GROUP BY stays its own (knex puts a first query's
        // clauses after the union), and SQLite refuses a parenthesised SELECT in a compound one.
        const [first, ...rest] = branches.map((b, i) => knex.select('*').from(b.build(knex, b.ids, memberId).as(`b${i}`)));
        return rest.length ? first!.unionAll(rest, false) : first!;
      });
      for (const row of rows) {
        const id = Number(row.id);
        if (row.what === 'contributions') out.contributions.set(id, Number(row.n));
        else if (row.what === 'grading') out.grading.set(id, { graded: Number(row.graded), total: Number(row.n) });
        else if (row.what === 'voted') out.voted.add(id);
        else out.rolled.add(id);
      }
      return out;
    },
  };
};
