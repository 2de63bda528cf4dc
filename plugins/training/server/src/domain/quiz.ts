import { z } from 'zod';
import { addDays, hasVisibleCharacter } from '@intranet-militant/shared';

/**
 * A quiz as staff write it (JSON in the admin panel) and as the server grades it. Members
 * only ever receive `presentQuestions`: the texts and choices, never which are correct.
 */
export const questionsSchema = z
  .array(
    z
      .strictObject({
        text: z.string({ error: 'Chaque question a un texte.' }).trim().min(1, { error: 'Chaque question a un texte.' }).refine(hasVisibleCharacter, { error: 'Chaque question a un texte.' }).max(1000),
        kind: z.enum(['single', 'multiple'], { error: 'Type de question : « single » (une réponse) ou « multiple » (plusieurs).' }),
        choices: z
          .array(
            z.strictObject({
              text: z.string({ error: 'Chaque choix a un texte.' }).trim().min(1, { error: 'Chaque choix a un texte.' }).refine(hasVisibleCharacter, { error: 'Chaque choix a un texte.' }).max(500),
              correct: z.boolean({ error: 'Indiquez pour chaque choix « correct » : true ou false.' }),
            }),
            { error: 'Chaque question propose des choix.' }
          )
          .min(2, { error: 'Au moins deux choix par question.' })
          .max(10, { error: 'Dix choix au plus par question.' }),
      })
      .refine((q) => q.choices.some((c) => c.correct), { error: 'Chaque question a au moins une bonne réponse.' })
      .refine((q) => q.kind === 'multiple' || q.choices.filter((c) => c.correct).length === 1, {
        error: 'Une question à réponse unique a exactement une bonne réponse.',
      }),
    { error: 'Les questions sont une liste.' }
  )
  .min(1, { error: 'Un quiz a au moins une question.' })
  .max(100, { error: 'Cent questions au plus.' });

export type Question = z.output<typeof questionsSchema>[number];

/** What a member sees of the questions. */
export function presentQuestions(questions: Question[]) {
  return questions.map((q, index) => ({ number: index + 1, text: q.text, kind: q.kind, choices: q.choices.map((c) => c.text) }));
}

/**
 * A quiz's result: a question counts when the chosen set is exactly the set of correct
 * choices (no partial credit: ticking everything must not pay). `score` is the exact
 * percentage (2 of 3 → 66.666…, never rounded up to a pass); `passes(passMark)` compares
 * exact fractions (right / total ≥ passMark / 100).
 */
export function grade(questions: Question[], answers: number[][]) {
  const correct = questions.map((q, i) => {
    const chosen = new Set(answers[i] ?? []);
    const expected = q.choices.flatMap((c, index) => (c.correct ? [index] : []));
    return chosen.size === expected.length && expected.every((index) => chosen.has(index));
  });
  const right = correct.filter(Boolean).length;
  const total = questions.length;
  return {
    right,
    total,
    score: (100 * right) / total,
    correct,
    /** Does this result reach a pass mark given in whole percent? */
    passes: (passMark: number) => 100 * right >= passMark * total,
  };
}

/**
 * Where a learner stands on a quiz's attempts. Attempts come in rounds of `maxAttempts`: when a
 * round is used up without a pass, the next round opens `retryDays` days after the Paris day
 * of its last attempt (as course platforms do — Coursera's « 3 attempts every 8 hours » — so
 * that a newcomer who failed every attempt of the welcome path's quiz is never stuck for good,
 * yet cannot try answers at random in a row).
 * @param used the attempts made so far and the Paris day (YYYY-MM-DD) of the last one (null when none)
 * @param today the Paris day of the question
 * @returns the attempts left in the round now (0 while waiting) and the Paris day the next round
 *          opens (null unless waiting)
 */
export function quizRound(used: { count: number; lastOn: string | null }, maxAttempts: number, retryDays: number, today: string): { attemptsLeft: number; retryOn: string | null } {
  const inRound = used.count % maxAttempts;
  if (used.count === 0 || inRound !== 0) return { attemptsLeft: maxAttempts - inRound, retryOn: null };
  const retryOn = addDays(used.lastOn ?? today, retryDays);
  return today >= retryOn ? { attemptsLeft: maxAttempts, retryOn: null } : { attemptsLeft: 0, retryOn };
}

/** « vos 3 essais », « votre essai »: the attempts of a round, in a sentence. */
export function attemptsWord(maxAttempts: number): string {
  return maxAttempts < 2 ? 'votre essai' : `vos ${maxAttempts} essais`;
}
