import type { Core } from '@strapi/strapi';
import { createHash, randomBytes } from 'crypto';
import { ConflictError, fieldError, violatesUniqueIndex, withTransaction, type Actor } from '@intranet-militant/shared';
import type { Choice } from '../domain/tally';
import type { Consultation } from '../services/consultations';
import { BALLOTS, VOTERS } from '../storage';
import { assertEligible, assertPhase, holdPhase, loadConsultation } from './checks';

const REGISTER_KEY = { name: `${VOTERS}_pkey`, table: VOTERS, columns: ['consultation_id', 'member_id'] };

/**
 * Secret ballot. In one transaction: the register records *that* the member voted (its
 * primary key allows it once), the ballot records *what* was voted, under a random key,
 * with no member, no time and nothing else that links back. The voter receives the
 * ballot's receipt (a hash of it), to find it among the ballots published at the close.
 */
export async function castBallot(
  strapi: Core.Strapi,
  actor: Actor,
  consultationId: string,
  input: { choice?: Choice; sections?: Record<string, Choice>; answer?: number | string }
) {
  const c = await loadConsultation(strapi, consultationId);
  await assertEligible(strapi, actor, c);
  assertPhase(strapi, c, 'vote', 'Vote impossible');
  const { choice, sections } = await ballotContent(strapi, c, input);
  if (await strapi.plugin('consultations').service('tallies').hasVoted(c.id, actor.memberId)) throw alreadyVoted();

  const id = randomBytes(16).toString('hex');
  const receipt = createHash('sha256').update(`${id}:${c.documentId}:${choice}:${JSON.stringify(sections ?? null)}`).digest('hex');
  try {
    await withTransaction(strapi, async (trx) => {
      await holdPhase(strapi, c, 'vote', 'Vote impossible'); // the close waits for this ballot, or this ballot sees the close
      await trx(VOTERS).insert({ consultation_id: c.id, member_id: actor.memberId });
      await trx(BALLOTS).insert({ id, consultation_id: c.id, choice, sections: sections ? JSON.stringify(sections) : null, receipt });
    });
  } catch (error) {
    if (violatesUniqueIndex(error, REGISTER_KEY)) throw alreadyVoted();
    throw error;
  }
  return { receipt, choice, sections };
}

const alreadyVoted = () => new ConflictError('Vous avez déjà voté : un seul vote par adhérent.');

/** What the ballot says, checked against what the consultation asks. */
async function ballotContent(strapi: Core.Strapi, c: Consultation, input: { choice?: Choice; sections?: Record<string, Choice>; answer?: number | string }) {
  if (c.kind === 'quick') {
    if (input.answer === undefined || input.choice || input.sections) throw fieldError('answer', 'Répondez à la question (« answer »).');
    const answer = Number(input.answer);
    const max = c.answerType === 'graded' ? 5 : (c.choices ?? []).length;
    if (!Number.isInteger(answer) || answer < 1 || answer > max) {
      throw fieldError('answer', c.answerType === 'graded' ? 'Votre réponse va de 1 à 5.' : `Votre réponse est le numéro d’un choix, de 1 à ${max}.`);
    }
    return { choice: String(answer), sections: null };
  }
  if (!input.choice || input.answer !== undefined) throw fieldError('choice', 'Votre vote : for (pour), against (contre) ou abstain (abstention).');
  if (!input.sections) return { choice: input.choice, sections: null };
  if (!c.votePerSection) throw fieldError('sections', 'Cette consultation ne vote pas partie par partie.');
  const synthesis = await strapi.plugin('consultations').service('consultations').synthesisOf(c.id);
  const known = new Set((synthesis?.sections ?? []).map((s: any) => s.documentId));
  const unknown = Object.keys(input.sections).filter((id) => !known.has(id));
  if (unknown.length) throw fieldError('sections', `Parties inconnues : ${unknown.slice(0, 3).join(', ')}.`);
  // Sorted keys: the receipt hashes the same text for the same vote.
  return { choice: input.choice, sections: Object.fromEntries(Object.entries(input.sections).sort(([a], [b]) => a.localeCompare(b))) };
}
