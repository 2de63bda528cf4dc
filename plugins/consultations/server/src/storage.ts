import type { Knex } from 'knex';

export const GRADES = 'consultations_grades';
export const VOTERS = 'consultations_voters';
export const BALLOTS = 'consultations_ballots';
/** The roll: who may vote, closed when the vote opens (services/roll.ts). */
export const ROLL = 'consultations_roll';

/**
 * Grades, the roll (who may vote), the register of voters and the ballots live in plain tables that Strapi does
 * not manage: their keys and constraints are the guarantees. One grade per member,
 * proposal and axis (primary key); one vote per member and consultation (primary key of
 * the register, written in the same transaction as the ballot). The ballot holds no
 * member, no time, and a random key; on SQLite the tables are stored in key order
 * (WITHOUT ROWID), so their physical order says nothing about the order of voting. On
 * PostgreSQL the ballots are rewritten in random order when the vote closes. The roll
 * lists the members eligible when the vote opened (one row per consultation and member).
 */
export async function ensureConsultationTables(knex: Knex, client: string): Promise<void> {
  const withoutRowid = client === 'sqlite' ? ' WITHOUT ROWID' : '';
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${GRADES} (
    consultation_id integer NOT NULL,
    proposal_id integer NOT NULL,
    member_id integer NOT NULL,
    axis varchar(6) NOT NULL CHECK (axis IN ('effort', 'impact')),
    grade smallint NOT NULL CHECK (grade BETWEEN 1 AND 5),
    PRIMARY KEY (proposal_id, member_id, axis)
  )${withoutRowid}`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ${GRADES}_tally_idx ON ${GRADES} (consultation_id, proposal_id, axis, grade)`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ${GRADES}_member_idx ON ${GRADES} (consultation_id, member_id)`);
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${VOTERS} (
    consultation_id integer NOT NULL,
    member_id integer NOT NULL,
    PRIMARY KEY (consultation_id, member_id)
  )${withoutRowid}`);
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${BALLOTS} (
    id char(32) PRIMARY KEY,
    consultation_id integer NOT NULL,
    choice varchar(16) NOT NULL,
    sections text,
    receipt char(64) NOT NULL UNIQUE
  )${withoutRowid}`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ${BALLOTS}_consultation_idx ON ${BALLOTS} (consultation_id, receipt)`);
  // Who may vote, closed when the vote opens; never linked to a ballot (it says who may, the register who did).
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${ROLL} (
    consultation_id integer NOT NULL,
    member_id integer NOT NULL,
    PRIMARY KEY (consultation_id, member_id)
  )${withoutRowid}`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS ${ROLL}_member_idx ON ${ROLL} (member_id)`);
}

/**
 * The register's key, described as a schema so that `uniqueConflicts` recognises its
 * violation on both databases (PostgreSQL names the primary key `<table>_pkey`).
 */
export const VOTERS_SCHEMA = {
  collectionName: VOTERS,
  indexes: [{ name: `${VOTERS}_pkey`, columns: ['consultation_id', 'member_id'], type: 'unique' }],
};
