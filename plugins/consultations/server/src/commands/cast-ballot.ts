import type { Core } from '@strapi/strapi';
import { createHash, randomBytes } from 'crypto';
import { fieldError, ForbiddenError, getService, statementName, uniqueConflicts, withConnection, withTransaction, type Actor } from '@intranet-militant/shared';
import type { Choice } from '../domain/tally';
import type { Consultation } from '../services/consultations';
import { BALLOTS, VOTERS, VOTERS_SCHEMA } from '../storage';
import { hasRoll, notOnRollMessage, notOnRollReason } from '../domain/roll';
import { assertEligible } from './checks';
import { assertPhase, inPhase } from './in-phase';

const ALREADY_VOTED = 'Vous avez déjà voté : un seul vote par adhérent.';
const registerConflicts = uniqueConflicts(VOTERS_SCHEMA, { [`${VOTERS}_pkey`]: ALREADY_VOTED });

export interface BallotInput {
  choice?: Choice;
  sections?: Record<string, Choice>;
  answer?: number | string;
}

/**
 * Secret ballot. In one transaction: the register records *that* the member voted (its
 * primary key allows it once: a second vote is refused by it, not by a read before), the
 * ballot records *what* was voted, under a random key,
 * with no member, no time and nothing else that links back. The voter receives the
 * ballot's receipt (a hash of it), to find it among the ballots published at the close.
 *
 * @returns `{ receipt, choice, sections }` (the receipt only the voter ever receives)
 * Only a member on the roll closed when the vote opened may vote (services/roll.ts), checked
 * inside the register's insert itself; a vote opened before rolls existed has none: then
 * eligibility alone decides, as it did.
 *
 * @throws ForbiddenError (403) outside the audience, ineligible, or not on the roll; ConflictError (409)
 * outside the vote (after its deadline too, whether or not the clock has run) or on a
 * second vote; ValidationError (400) for a ballot that does not answer the question
 */
export async function castBallot(strapi: Core.Strapi, actor: Actor, consultationId: string, input: BallotInput) {
  const cast = await castOnLastHeld(strapi, actor, consultationId, input);
  if (cast) return cast;
  type Outcome = { receipt: string; choice: string; sections: Record<string, Choice> | null } | { notOnRoll: string };
  const outcome = await inPhase(strapi, consultationId, { ...VOTE_RULE, check: (c) => assertEligible(strapi, actor, c) }, async (c): Promise<Outcome> => {
    const { receipt, choice, sections, ballot } = newBallot(c, await ballotContent(strapi, c, input));
    const admits = rollCondition(strapi, c, actor.memberId);
    const written = await withTransaction(strapi, async (trx) => {
      try {
        if (strapi.db.dialect.client === 'postgres') {
          // One round trip: the ballot is inserted only if the register took the member (on the roll).
          return await insertVote(trx, { sql: 'held AS (SELECT ?::integer AS id)', bindings: [c.id] }, actor.memberId, ballot, admits);
        }
        // The register takes the member only if they are on the roll: the same statement, no read before.
        const registered = admits
          ? await trx.raw(`INSERT INTO ${VOTERS} (consultation_id, member_id) SELECT ?, ? WHERE ${admits.sql}`, [c.id, actor.memberId, ...admits.bindings])
          : await trx(VOTERS).insert({ consultation_id: c.id, member_id: actor.memberId });
        if (admits && Number(registered?.changes ?? 0) === 0) return false;
      } catch (error) {
        registerConflicts.rethrow(error);
      }
      await trx(BALLOTS).insert(ballot);
      return true;
    });
    // Not on the roll: nothing was written; refused once the transaction ends (the clock's steps taken in it are kept).
    return written ? { receipt, choice, sections } : { notOnRoll: c.rollClosedAt! };
  });
  if ('notOnRoll' in outcome) {
    throw new ForbiddenError(notOnRollMessage(outcome.notOnRoll), { reasons: [notOnRollReason(outcome.notOnRoll)] });
  }
  return outcome;
}

/**
 * The roll's condition for this member, to join to the register's insert (services/roll.ts),
 * or null when the vote has no roll (opened before rolls existed: eligibility alone decides).
 */
function rollCondition(strapi: Core.Strapi, c: Consultation, memberId: number | null) {
  return hasRoll(c) ? getService(strapi, 'consultations', 'roll').admits({ consultationId: c.id }, memberId ?? 0) : null;
}

const VOTE_RULE = { phase: 'vote', action: 'Vote impossible' } as const;

/** A ballot under a random key, and its receipt (a hash of it). No « has voted? » read: the register's primary key refuses a second vote (409). */
function newBallot(c: Consultation, { choice, sections }: { choice: string; sections: Record<string, Choice> | null }) {
  const id = randomBytes(16).toString('hex');
  const receipt = createHash('sha256').update(`${id}:${c.documentId}:${choice}:${JSON.stringify(sections ?? null)}`).digest('hex');
  return { receipt, choice, sections, ballot: { id, consultation_id: c.id, choice, sections: sections ? JSON.stringify(sections) : null, receipt } };
}

/**
 * A vote in **one statement**, with no transaction (issue 13; PostgreSQL), when this process
 * has held the consultation lately: every rule is checked on the consultation as last held
 * (`clock.lastHeld`: the clock not due, the member sees it, is addressed and eligible, the
 * phase is the vote and open, the ballot answers the question), then a single statement
 * locks the row FOR SHARE only if it is still that version with those links, and inserts
 * the register row and the ballot from it — together or not at all, as in `castBallot`'s
 * transaction. A close waits for it as for any vote (its FOR UPDATE), and a change of the
 * row or its links since (another instance, SQL by hand) makes it write nothing.
 *
 * @returns the vote as `castBallot` returns it; null whenever anything is not as expected —
 * not held lately, a rule refuses, the row or its links changed — and nothing was written:
 * then the full path decides, with its own answer (a refusal is never given on this path).
 * @throws ConflictError (409) on a second vote (the register's key, against the current row)
 */
async function castOnLastHeld(strapi: Core.Strapi, actor: Actor, consultationId: string, input: BallotInput) {
  const clock = getService(strapi, 'consultations', 'clock');
  const held = await clock.lastHeld(consultationId);
  if (!held) return null;
  const { c, guard } = held;
  const now = new Date().toISOString();
  let content: Awaited<ReturnType<typeof ballotContent>>;
  try {
    if (clock.isDue(c, now)) return null;
    await assertEligible(strapi, actor, c);
    assertPhase(strapi, c, VOTE_RULE, now);
    content = await ballotContent(strapi, c, input);
  } catch {
    return null;
  }
  const { receipt, choice, sections, ballot } = newBallot(c, content);
  try {
    // Not on the roll writes nothing either: the full path then gives the refusal.
    const inserted = await withConnection(strapi, (knex) => insertVote(knex, guard, actor.memberId, ballot, rollCondition(strapi, c, actor.memberId)));
    return inserted ? { receipt, choice, sections } : null;
  } catch (error) {
    registerConflicts.rethrow(error);
  }
}

/**
 * The register row and the ballot in one statement (PostgreSQL): for the consultation the
 * `held` CTE gives (`held AS (SELECT … AS id …)`), the register takes the member — only if
 * `admits` holds (on the roll: an indexed lookup inside the same statement) — and the ballot
 * is inserted only if it did. Throws the register's key violation on a second vote.
 * @returns whether a ballot was written (false: `held` gave no row, or `admits` refused)
 */
async function insertVote(
  knex: any,
  held: { sql: string; bindings: unknown[] },
  memberId: number | null,
  ballot: ReturnType<typeof newBallot>['ballot'],
  admits: { sql: string; bindings: unknown[] } | null
): Promise<boolean> {
  const sql = `WITH ${held.sql},
          voter AS (INSERT INTO ${VOTERS} (consultation_id, member_id) SELECT id, ? FROM held${admits ? ` WHERE ${admits.sql}` : ''} RETURNING consultation_id)
     INSERT INTO ${BALLOTS} (id, consultation_id, choice, sections, receipt) SELECT ?, consultation_id, ?, ?, ? FROM voter`;
  // Its text depends only on the tables and on whether the vote has a roll: a named prepared
  // statement, parsed and planned once per pooled connection (issue 13).
  const result = await knex
    .raw(sql, [...held.bindings, memberId, ...(admits?.bindings ?? []), ballot.id, ballot.choice, ballot.sections, ballot.receipt])
    .options({ name: statementName('vote', sql) });
  return result.rowCount === 1;
}

/**
 * What the ballot says, checked against what the consultation asks: a quick question takes
 * `answer` only, a synthesis `choice` (and `sections` when voted part by part). A field
 * that has no place in the ballot is named as such, at its own path.
 */
async function ballotContent(strapi: Core.Strapi, c: Consultation, input: BallotInput) {
  if (c.kind === 'quick') {
    if (input.choice !== undefined) throw fieldError('choice', 'Une question rapide se répond par le numéro d’un choix (« answer ») : « choice » n’y a pas sa place.');
    if (input.sections !== undefined) throw fieldError('sections', 'Une question rapide ne se vote pas partie par partie : « sections » n’y a pas sa place.');
    if (input.answer === undefined) throw fieldError('answer', 'Répondez à la question (« answer »).');
    // Any number the schema let through (1.5, 0, 2^53 + 1…) gets the same range.
    const answer = Number(input.answer);
    const max = c.answerType === 'graded' ? 5 : (c.choices ?? []).length;
    if (!Number.isInteger(answer) || answer < 1 || answer > max) {
      throw fieldError('answer', c.answerType === 'graded' ? 'Votre réponse va de 1 à 5.' : `Votre réponse est le numéro d’un choix, de 1 à ${max}.`);
    }
    return { choice: String(answer), sections: null };
  }
  if (input.answer !== undefined) throw fieldError('answer', 'On vote sur la synthèse avec « choice » (for, against ou abstain) : « answer » sert aux questions rapides.');
  if (!input.choice) throw fieldError('choice', 'Votre vote : for (pour), against (contre) ou abstain (abstention).');
  if (!input.sections) return { choice: input.choice, sections: null };
  if (!c.votePerSection) throw fieldError('sections', 'Cette consultation ne vote pas partie par partie.');
  const synthesis = await getService(strapi, 'consultations', 'consultations').synthesisOf(c.id);
  const known = new Set((synthesis?.sections ?? []).map((s: { documentId: string }) => s.documentId));
  const unknown = Object.keys(input.sections).filter((id) => !known.has(id));
  if (unknown.length) throw fieldError('sections', `Parties inconnues : ${unknown.slice(0, 3).join(', ')}.`);
  // Sorted keys: the receipt hashes the same text for the same vote.
  return { choice: input.choice, sections: Object.fromEntries(Object.entries(input.sections).sort(([a], [b]) => a.localeCompare(b))) };
}
