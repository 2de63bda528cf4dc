import { describe, expect, it } from 'vitest';
import { grade, type Question } from '../server/src/domain/quiz';

const question = (right: number): Question => ({
  text: 'Question',
  kind: 'single',
  choices: [0, 1, 2].map((i) => ({ text: `Choix ${i}`, correct: i === right })),
});
const three = [question(0), question(1), question(2)];

describe('quiz grading compares exact fractions with the pass mark', () => {
  it.each([
    ['2 of 3 (66.67 %) fails a 67 % quiz', [[0], [1], [0]], 67, false],
    ['2 of 3 passes a 66 % quiz', [[0], [1], [0]], 66, true],
    ['3 of 3 passes a 100 % quiz', [[0], [1], [2]], 100, true],
    ['1 of 3 (33.33 %) fails a 34 % quiz', [[0], [2], [0]], 34, false],
    ['ticking every choice never counts', [[0, 1, 2], [0, 1, 2], [0, 1, 2]], 1, false],
  ] as [string, number[][], number, boolean][])('%s', (_name, answers, passMark, expected) => {
    expect(grade(three, answers).passes(passMark)).toBe(expected);
  });

  it('gives the unrounded score and the count of right answers', () => {
    const result = grade(three, [[0], [1], [0]]);
    expect(result).toMatchObject({ right: 2, total: 3, correct: [true, true, false] });
    expect(result.score).toBeCloseTo(66.6667, 3);
  });
});
