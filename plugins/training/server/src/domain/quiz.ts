import { z } from 'zod';
import { hasVisibleCharacter } from '@intranet-militant/shared';

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
