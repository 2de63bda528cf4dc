import type { Core } from '@strapi/strapi';
import { statementName, withConnection } from '@intranet-militant/shared';
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
type Question = keyof ParticipationQuestions;
const QUESTIONS: Question[] = ['contributions', 'grading', 'voted', 'rolled'];

/**
 * Stand-ins compiled into a statement's template in place of its values: the member, and each
 * question's consultation ids as one list parameter (`inList`). Never a real value (a member id
 * is a number, a list a `{…}` or `[…]` text).
 */
const MEMBER = '\u0000member';
const IDS = (q: Question) => `\u0000ids:${q}`;

/**
 * Where a member stands in consultations: their contributions, their grading, whether they
 * voted, whether they are on a vote's roll. Every question asked is one branch of a single `UNION ALL` statement, so the portal's
 * home card reads all of it for every open consultation in one round trip (issue 13); a
 * consultation's page asks the same questions about one. Reads only the plugin's own tables.
 *
 * The statement's text depends only on which questions are asked (each question's ids are one
 * list parameter, however many): it is built by knex once per set of questions and kept as a
 * template, and on PostgreSQL it runs as a named prepared statement, parsed and planned once per
 * pooled connection (issue 13: knex's building and PostgreSQL's planning were most of the home
 * card's cost beyond the baseline's).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const postgres = () => strapi.db.dialect.client === 'postgres';
  /** `column` is one of the ids of the list parameter: a PostgreSQL array, or a JSON array read by SQLite's `json_each`. */
  const inList = (knex: Knex, column: string, question: Question) =>
    postgres() ? knex.raw('?? = ANY(?::integer[])', [column, IDS(question)]) : knex.raw('?? IN (SELECT value FROM json_each(?))', [column, IDS(question)]);
  const listValue = (ids: number[]) => (postgres() ? `{${ids.join(',')}}` : JSON.stringify(ids));

  const contributions = (knex: Knex) => {
    const meta = strapi.db.metadata.get(CONTRIBUTION_UID) as any;
    const of = meta.attributes.consultation.joinTable;
    const by = meta.attributes.author.joinTable;
    const id = `o.${of.inverseJoinColumn.name}`;
    return knex({ c: meta.tableName })
      .join({ o: of.name }, `o.${of.joinColumn.name}`, 'c.id')
      .join({ a: by.name }, `a.${by.joinColumn.name}`, 'c.id')
      .where(inList(knex, id, 'contributions'))
      .andWhere(`a.${by.inverseJoinColumn.name}`, MEMBER)
      .whereNot('c.state', 'withdrawn')
      .groupBy(id)
      .select({ what: knex.raw("'contributions'"), id, n: knex.raw('count(*)'), graded: knex.raw('0') });
  };
  const grading = (knex: Knex) => {
    const meta = strapi.db.metadata.get(PROPOSAL_UID) as any;
    const link = meta.attributes.consultation.joinTable;
    const id = `l.${link.inverseJoinColumn.name}`;
    // A proposal counts as graded once both axes are.
    const gradedBoth = knex(GRADES).where('member_id', MEMBER).andWhere(inList(knex, 'consultation_id', 'grading')).groupBy('proposal_id').havingRaw('count(*) = 2').select('proposal_id').as('g');
    return knex({ p: meta.tableName })
      .join({ l: link.name }, `l.${link.joinColumn.name}`, 'p.id')
      .leftJoin(gradedBoth, 'g.proposal_id', 'p.id')
      .where(inList(knex, id, 'grading'))
      .andWhere('p.state', 'active')
      .groupBy(id)
      .select({ what: knex.raw("'grading'"), id, n: knex.raw('count(*)'), graded: knex.raw('count(g.proposal_id)') });
  };
  const voted = (knex: Knex) =>
    knex(VOTERS).where('member_id', MEMBER).andWhere(inList(knex, 'consultation_id', 'voted')).select({ what: knex.raw("'voted'"), id: 'consultation_id', n: knex.raw('1'), graded: knex.raw('0') });
  const rolled = (knex: Knex) =>
    knex(ROLL).where('member_id', MEMBER).andWhere(inList(knex, 'consultation_id', 'rolled')).select({ what: knex.raw("'rolled'"), id: 'consultation_id', n: knex.raw('1'), graded: knex.raw('0') });
  const build: Record<Question, (knex: Knex) => Knex.QueryBuilder> = { contributions, grading, voted, rolled };

  /** The statement for one set of questions: its text, its name, and its bindings' stand-ins. */
  const templates = new Map<string, { sql: string; name: string; bindings: unknown[] }>();
  const templateFor = (asked: Question[]) => {
    const key = asked.join(',');
    let template = templates.get(key);
    if (!template) {
      const knex = strapi.db.connection;
      // Each branch as a derived table: its GROUP BY stays its own (knex puts a first query's
      // clauses after the union), and SQLite refuses a parenthesised SELECT in a compound one.
      const [first, ...rest] = asked.map((q, i) => knex.select('*').from(build[q](knex).as(`b${i}`)));
      const { sql, bindings } = (rest.length ? first!.unionAll(rest, false) : first!).toSQL();
      template = { sql, name: statementName('participation', sql), bindings: [...bindings] };
      templates.set(key, template);
    }
    return template;
  };

  return {
    /**
     * Answers the questions asked (consultation ids per question) for one member, in one SQL
     * statement (none when nothing is asked). Never throws on an unknown id: it is absent.
     */
    async of(memberId: number, questions: ParticipationQuestions): Promise<Participation> {
      const out: Participation = { contributions: new Map(), grading: new Map(), voted: new Set(), rolled: new Set() };
      const asked = QUESTIONS.filter((q) => (questions[q] ?? []).length > 0);
      if (!asked.length) return out;
      const template = templateFor(asked);
      const values = new Map<unknown, unknown>([[MEMBER, memberId], ...asked.map((q) => [IDS(q), listValue(questions[q]!)] as const)]);
      const bindings = template.bindings.map((b) => (values.has(b) ? values.get(b) : b));
      const rows: Row[] = await withConnection(strapi, async (knex) => {
        if (!postgres()) return knex.raw(template.sql, bindings);
        // The pg driver's named prepared statement, through knex's query options.
        return (await knex.raw(template.sql, bindings).options({ name: template.name })).rows;
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
