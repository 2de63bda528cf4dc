import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { getService, withConnection, withTransaction, type AudienceTarget } from '@intranet-militant/shared';
import type { Knex } from 'knex';
import { notOnRollMessage, notOnRollReason } from '../domain/roll';
import { ROLL } from '../storage';
import { BOX_ROLL } from './ballot-box';

/**
 * Whose roll: a consultation's vote (by its id) or a ballot box another plugin holds here
 * (by the box's name, `investitures:<designation>:<round>`).
 */
export type RollOf = { consultationId: number } | { box: string };

/** Who is asked: the audience, and the date and cut-off membership's eligibility judges on. */
export interface RollQuestion {
  target: AudienceTarget;
  /** The Paris date the eligibility is judged on (YYYY-MM-DD). */
  on: string;
  /** Members who joined after this date are not on it (YYYY-MM-DD), or null. */
  cutoff: string | null;
}

/** The rolls a member is on (« Mes données », erasure): consultation ids and box names. */
export interface MemberRolls {
  consultationIds: number[];
  boxes: string[];
}

/** The table and key column of a roll, with its key. */
function placeOf(of: RollOf): { table: string; column: string; key: number | string } {
  return 'box' in of ? { table: BOX_ROLL, column: 'box', key: of.box } : { table: ROLL, column: 'consultation_id', key: of.consultationId };
}

/** Rows an INSERT or DELETE run through `knex.raw` touched (PostgreSQL: `rowCount`; better-sqlite3: `changes`). */
function touched(result: { rowCount?: number | null; changes?: number } | undefined): number {
  return Number(result?.rowCount ?? result?.changes ?? 0);
}

/**
 * The roll — « la liste électorale arrêtée » — of a vote: the members who may vote in it,
 * recorded once, when it opens, from membership's eligibility (audience, date, cut-off), so
 * that nobody becomes a voter during the vote (a member record created later with an old join
 * date, dues paid late: « identified members only, no entryism »). Its size is the electorate
 * the turnout and the quorum are shares of. Voting then needs to be on the roll *and* still in
 * good standing on the day (the caller's eligibility check: a member suspended, excluded or
 * gone since the opening may not vote).
 *
 * Shared by the consultations' votes and the ballot boxes other plugins hold here
 * (investitures). The roll says who **may** vote; the register who **did**; ballots hold
 * neither (secret ballot): nothing here, nor anything the roll holds, links to a ballot.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Records the roll of `of`: every member membership finds eligible for `question`, in one
   * set-based statement (`INSERT … SELECT`, nothing travels through the process), in the
   * caller's transaction when there is one (the phase change that opens the vote). Rows a
   * previous closing left are replaced, so that the roll is exactly the members eligible now.
   * @returns the roll's size (how many members may vote)
   * @throws what the database throws
   */
  async close(of: RollOf, question: RollQuestion): Promise<number> {
    const { table, column, key } = placeOf(of);
    const eligible = getService(strapi, 'membership', 'eligibility').eligibleMembersQuery(question.target, { on: question.on, cutoff: question.cutoff });
    return withTransaction(strapi, async (trx: Knex) => {
      await trx(table).where(column, key).del();
      return touched(await trx.raw(`INSERT INTO ?? (??, member_id) SELECT ?, e.id FROM ? AS e`, [table, column, key, eligible]));
    });
  },

  /**
   * Records the roll of `to` as a copy of the roll of `from` (a second round votes on the list
   * closed for the first), in the caller's transaction when there is one.
   * @returns the roll's size
   */
  async copy(from: RollOf, to: RollOf): Promise<number> {
    const source = placeOf(from);
    const target = placeOf(to);
    return withTransaction(strapi, async (trx: Knex) => {
      await trx(target.table).where(target.column, target.key).del();
      return touched(
        await trx.raw(`INSERT INTO ?? (??, member_id) SELECT ?, member_id FROM ?? WHERE ?? = ?`, [target.table, target.column, target.key, source.table, source.column, source.key])
      );
    });
  },

  /** Is the member on the roll of `of` (one indexed lookup)? Reads only. */
  async includes(of: RollOf, memberId: number): Promise<boolean> {
    const { table, column, key } = placeOf(of);
    return Boolean(await withConnection(strapi, (knex: Knex) => knex(table).where({ [column]: key, member_id: memberId }).first('member_id')));
  },

  /**
   * « The member is on the roll of `of` » as an SQL condition, to join to the statement that
   * writes the member into the register (no statement of its own: the vote's path stays as
   * short as it was): `INSERT … SELECT … WHERE <sql>`.
   */
  admits(of: RollOf, memberId: number): { sql: string; bindings: unknown[] } {
    const { table, column, key } = placeOf(of);
    return { sql: `EXISTS (SELECT 1 FROM ${table} AS r WHERE r.${column} = ? AND r.member_id = ?)`, bindings: [key, memberId] };
  },

  /**
   * How members are told they are not on a roll closed at `rollClosedAt` (ISO instant): the
   * 403's French message (date and time in Paris) and the reason (`not-on-roll`) that lists
   * it beside eligibility's. Pure.
   */
  refusal(rollClosedAt: string): { message: string; reason: { code: string; message: string } } {
    return { message: notOnRollMessage(rollClosedAt), reason: notOnRollReason(rollClosedAt) };
  },

  /** How many members the roll of `of` holds. Reads only. */
  async size(of: RollOf): Promise<number> {
    const { table, column, key } = placeOf(of);
    const [row] = await withConnection(strapi, (knex: Knex) => knex(table).where(column, key).count({ n: '*' }));
    return Number((row as { n: number | string }).n);
  },

  /** The rolls a member is on (consultations by id, boxes by name), for « Mes données » and erasure. Reads only. */
  async of(memberId: number): Promise<MemberRolls> {
    return withConnection(strapi, async (knex: Knex) => {
      const consultations: { consultation_id: number }[] = await knex(ROLL).where({ member_id: memberId }).select('consultation_id').orderBy('consultation_id');
      const boxes: { box: string }[] = await knex(BOX_ROLL).where({ member_id: memberId }).select('box').orderBy('box');
      return { consultationIds: consultations.map((r) => Number(r.consultation_id)), boxes: boxes.map((r) => r.box) };
    });
  },
});
