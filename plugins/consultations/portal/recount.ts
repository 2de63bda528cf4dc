/**
 * Counting a vote from its published ballots in the browser, by the rules the server counts
 * with (plugins/consultations/server/src/domain/tally.ts): anyone may recount.
 */
import { tallyChoices, type Choice, type Majority, type Tally } from '../server/src/domain/tally';

export type { Choice, Majority, Tally };

export interface Ballot {
  receipt: string;
  choice: string;
  sections: Record<string, Choice> | null;
}

export interface QuickResults {
  cast: number;
  eligible: number;
  turnout: number;
  counts: Record<string, number>;
  median: number | null;
}

export type FullResults = Tally & { sections?: Record<string, Tally> };

/** Counted exactly as the server counts: the same pure function (no recount code of our own). */
export const tally = tallyChoices;

/** Counts per answer of a quick question ('1'…'n'), and the lower median of a graded one. */
export function countAnswers(ballots: Ballot[], options: string[], graded: boolean, eligible: number): QuickResults {
  const counts = Object.fromEntries(options.map((o) => [o, 0]));
  for (const b of ballots) counts[b.choice] = (counts[b.choice] ?? 0) + 1;
  let median: number | null = null;
  if (graded && ballots.length) {
    const index = Math.floor((ballots.length - 1) / 2);
    let seen = 0;
    for (const o of options) {
      seen += counts[o];
      if (seen > index) {
        median = Number(o);
        break;
      }
    }
  }
  return { cast: ballots.length, eligible, turnout: eligible ? ballots.length / eligible : 0, counts, median };
}
