import type { Core } from '@strapi/strapi';
import { createHash, randomBytes } from 'crypto';
import { ConflictError, fieldError, uniqueConflicts, withSchemaLock, withTransaction } from '@intranet-militant/shared';
import type { Knex } from 'knex';
import { countCandidateBallots, normaliseBallot, type CandidateBallot, type CandidateMethod, type CandidateResults } from '../domain/candidate-tally';

/**
 * The secret ballot of consultations, offered to other plugins as ballot boxes for a choice
 * among candidates (investitures: closed primaries, officer elections). Same guarantees as a
 * consultation's vote (commands/cast-ballot.ts, storage.ts): in one transaction the register
 * records *that* the member voted (its primary key allows it once per box), the ballot
 * records *what* was voted under a random key, with no member, no time, nothing that links
 * back; the voter gets the ballot's receipt (a sha256 of it) to find it among the published
 * ballots; anyone recounts them with the same pure count (domain/candidate-tally.ts).
 *
 * A box is named by its caller (`investitures:<designation>:<round>`, at most 100
 * characters). Who may vote (eligibility, scope, the box being open) is the caller's
 * decision, made before `cast`.
 */
export const BOX_VOTERS = 'consultations_box_voters';
export const BOX_BALLOTS = 'consultations_box_ballots';
/** A box's roll: who may vote in it, closed when its owner opens it (services/roll.ts). */
export const BOX_ROLL = 'consultations_box_roll';

const BOX_VOTERS_SCHEMA = {
  collectionName: BOX_VOTERS,
  indexes: [{ name: `${BOX_VOTERS}_pkey`, columns: ['box', 'member_id'], type: 'unique' }],
};
const ALREADY_VOTED = 'Vous avez déjà voté dans ce scrutin : un seul vote par adhérent.';
const registerConflicts = uniqueConflicts(BOX_VOTERS_SCHEMA, { [`${BOX_VOTERS}_pkey`]: ALREADY_VOTED });

/** A ballot box: its name, its method and the candidates' keys. */
export interface BoxSpec {
  box: string;
  method: CandidateMethod;
  candidates: string[];
  /** 1 or 2 (single choice's second round). */
  round?: number;
}

/**
 * How a box's owner names its boxes for their voters (« Mes données »): given box names of
 * theirs (`<owner>:…`), a French label for each it knows (« Désignation … , tour 1 »).
 */
export type BoxNamer = (boxes: string[]) => Promise<Map<string, string>>;

/** A box the member voted in, as its owner names it; never what they voted. */
export interface BoxVote {
  box: string;
  label: string;
}

export interface PublishedCandidateBallot {
  receipt: string;
  ballot: CandidateBallot;
}

export async function ensureBallotBoxTables(knex: Knex, client: string): Promise<void> {
  const withoutRowid = client === 'sqlite' ? ' WITHOUT ROWID' : '';
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${BOX_VOTERS} (
    box varchar(100) NOT NULL,
    member_id integer NOT NULL,
    PRIMARY KEY (box, member_id)
  )${withoutRowid}`);
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${BOX_BALLOTS} (
    id char(32) PRIMARY KEY,
    box varchar(100) NOT NULL,
    content text NOT NULL,
    receipt char(64) NOT NULL UNIQUE
  )${withoutRowid}`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ${BOX_BALLOTS}_box_idx ON ${BOX_BALLOTS} (box, receipt)`);
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${BOX_ROLL} (
    box varchar(100) NOT NULL,
    member_id integer NOT NULL,
    PRIMARY KEY (box, member_id)
  )${withoutRowid}`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ${BOX_ROLL}_member_idx ON ${BOX_ROLL} (member_id)`);
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const sql = <T>(run: (knex: Knex) => Promise<T>) => withTransaction(strapi, run);
  const namers = new Map<string, BoxNamer>();
  return {
    /** A box owner (`investitures`) names its boxes for « Mes données »; called at its bootstrap. */
    nameBoxesWith(owner: string, namer: BoxNamer): void {
      namers.set(owner, namer);
    },

    /**
     * The boxes a member's name is in the register of (« a voté »), each as its owner names it
     * — from the register alone: a ballot holds no member, so nothing here says what they voted.
     * Reads only.
     */
    async votedBy(memberId: number): Promise<BoxVote[]> {
      const rows: { box: string }[] = await sql((knex) => knex(BOX_VOTERS).where({ member_id: memberId }).select('box').orderBy('box'));
      return this.labelled(rows.map((r) => r.box));
    },

    /**
     * Boxes as their owners name them for a member (« Mes données »: the register, the rolls),
     * in the order given; a box its owner does not name is « Scrutin (<owner>) ». Reads only.
     */
    async labelled(boxes: string[]): Promise<BoxVote[]> {
      const byOwner = new Map<string, string[]>();
      for (const box of boxes) {
        const owner = box.split(':')[0];
        byOwner.set(owner, [...(byOwner.get(owner) ?? []), box]);
      }
      const labels = new Map<string, string>();
      for (const [owner, owned] of byOwner) {
        const named = (await namers.get(owner)?.(owned)) ?? new Map<string, string>();
        for (const box of owned) labels.set(box, named.get(box) ?? `Scrutin (${owner})`);
      }
      return boxes.map((box) => ({ box, label: labels.get(box)! }));
    },


    /** Creates the register and ballot tables (consultations' bootstrap). */
    ensureTables: () => withSchemaLock(strapi.db.connection, strapi.db.dialect.client, (knex) => ensureBallotBoxTables(knex, strapi.db.dialect.client)),

    /**
     * Casts a member's secret ballot in a box, in the caller's transaction if any.
     * @returns the receipt (only the voter ever receives it) and the ballot as counted
     * @throws ValidationError (400) for a ballot that does not answer the box's question;
     * ConflictError (409) on a second vote in the same box
     */
    async cast(spec: BoxSpec, memberId: number, input: Partial<{ choice: unknown; grades: unknown }>): Promise<{ receipt: string; ballot: CandidateBallot }> {
      const checked = normaliseBallot(spec.method, spec.candidates, input);
      if (!checked.ok) throw fieldError(checked.field, checked.message);
      if (await this.hasVoted(spec.box, memberId)) throw new ConflictError(ALREADY_VOTED);
      const id = randomBytes(16).toString('hex');
      const content = JSON.stringify(checked.ballot);
      const receipt = createHash('sha256').update(`${id}:${spec.box}:${content}`).digest('hex');
      await sql(async (trx) => {
        try {
          await trx(BOX_VOTERS).insert({ box: spec.box, member_id: memberId });
        } catch (error) {
          registerConflicts.rethrow(error);
        }
        await trx(BOX_BALLOTS).insert({ id, box: spec.box, content, receipt });
      });
      return { receipt, ballot: checked.ballot };
    },

    async hasVoted(box: string, memberId: number): Promise<boolean> {
      return Boolean(await sql((knex) => knex(BOX_VOTERS).where({ box, member_id: memberId }).first()));
    },

    /** How many members voted in a box (the register, never who). */
    async turnout(box: string): Promise<number> {
      const [row] = await sql((knex) => knex(BOX_VOTERS).where({ box }).count({ n: '*' }));
      return Number(row.n);
    },

    /** Every ballot of a box in receipt order (which says nothing of who voted when): what is published at the close. */
    async ballots(box: string): Promise<PublishedCandidateBallot[]> {
      const rows = await sql((knex) => knex(BOX_BALLOTS).where({ box }).select('receipt', 'content').orderBy('receipt'));
      return rows.map((r: { receipt: string; content: string }) => ({ receipt: String(r.receipt).trim(), ballot: JSON.parse(r.content) as CandidateBallot }));
    },

    /**
     * Seals a box at its close, in the caller's transaction if any: PostgreSQL keeps rows in
     * insertion order, and a ballot shares its transaction id (`xmin`) with its register row;
     * the box's ballots are rewritten in random order by the sealing transaction, so neither
     * order nor transaction relates them to the register any more (as a consultation's ballots
     * at its close: the clock's `shuffleBallots`). SQLite stores them by their random key:
     * nothing to do. Returns nothing; throws what the database throws.
     */
    async seal(box: string): Promise<void> {
      if (strapi.db.dialect.client !== 'postgres') return;
      await sql((trx) =>
        trx.raw(`WITH taken AS (DELETE FROM ${BOX_BALLOTS} WHERE box = ? RETURNING *) INSERT INTO ${BOX_BALLOTS} SELECT * FROM taken ORDER BY random()`, [box])
      );
    },

    /** The count of a box from its ballots: what anyone recounts from the published ballots. */
    async results(spec: BoxSpec): Promise<CandidateResults> {
      const ballots = await this.ballots(spec.box);
      return countCandidateBallots(spec.method, spec.candidates, ballots.map((b) => b.ballot), spec.round ?? 1);
    },

    /** The pure count, for callers that hold the ballots already (a recount). */
    count: countCandidateBallots,
  };
};
