import { describe, expect, it } from 'vitest';
import { grade, quizRound, type Question } from '../server/src/domain/quiz';

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

describe('rounds of attempts: a quiz used up without a pass opens again after the delay', () => {
  const today = '2026-12-06';
  it.each([
    ['no attempt yet: the whole round', { count: 0, lastOn: null }, { attemptsLeft: 3, retryOn: null }],
    ['one of three used', { count: 1, lastOn: '2026-12-06' }, { attemptsLeft: 2, retryOn: null }],
    ['three of three used today: wait 7 days', { count: 3, lastOn: '2026-12-06' }, { attemptsLeft: 0, retryOn: '2026-12-13' }],
    ['used 6 days ago: still waiting', { count: 3, lastOn: '2026-11-30' }, { attemptsLeft: 0, retryOn: '2026-12-07' }],
    ['used 7 days ago: a new round of three', { count: 3, lastOn: '2026-11-29' }, { attemptsLeft: 3, retryOn: null }],
    ['into the second round', { count: 4, lastOn: '2026-12-06' }, { attemptsLeft: 2, retryOn: null }],
    ['second round used up: wait again', { count: 6, lastOn: '2026-12-05' }, { attemptsLeft: 0, retryOn: '2026-12-12' }],
  ] as const)('%s', (_name, used, expected) => {
    expect(quizRound(used, 3, 7, today)).toEqual(expected);
  });

  it('counts Paris days across a month end and a year end', () => {
    expect(quizRound({ count: 2, lastOn: '2026-12-28' }, 2, 7, '2026-12-30')).toEqual({ attemptsLeft: 0, retryOn: '2027-01-04' });
    expect(quizRound({ count: 1, lastOn: '2027-01-31' }, 1, 1, '2027-02-01')).toEqual({ attemptsLeft: 1, retryOn: null });
  });
});
