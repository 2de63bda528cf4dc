/**
 * Counting a vote from its published ballots in the browser, by the rules the server counts
 * with (plugins/consultations/server/src/domain/tally.ts): anyone may recount.
 */
export type Choice = 'for' | 'against' | 'abstain';
export type Majority = 'simple' | 'absolute' | 'two-thirds';

export interface Ballot {
  receipt: string;
  choice: string;
  sections: Record<string, Choice> | null;
}

export interface Tally {
  for: number;
  against: number;
  abstain: number;
  cast: number;
  eligible: number;
  turnout: number;
  quorumPercent: number;
  quorumReached: boolean;
  majority: Majority;
  majorityReached: boolean;
  adopted: boolean;
}

export interface QuickResults {
  cast: number;
  eligible: number;
  turnout: number;
  counts: Record<string, number>;
  median: number | null;
}

export type FullResults = Tally & { sections?: Record<string, Tally> };

export function tally(choices: Choice[], rules: { eligible: number; quorumPercent: number; majority: Majority }): Tally {
  const counts = { for: 0, against: 0, abstain: 0 };
  for (const choice of choices) if (choice in counts) counts[choice] += 1;
  const cast = choices.length;
  const quorumReached = cast > 0 && cast * 100 >= rules.quorumPercent * rules.eligible;
  const expressed = counts.for + counts.against;
  const majorityReached =
    rules.majority === 'simple' ? counts.for > counts.against : rules.majority === 'absolute' ? counts.for * 2 > cast : expressed > 0 && counts.for * 3 >= expressed * 2;
  return { ...counts, cast, eligible: rules.eligible, turnout: rules.eligible > 0 ? cast / rules.eligible : 0, quorumPercent: rules.quorumPercent, quorumReached, majority: rules.majority, majorityReached, adopted: quorumReached && majorityReached };
}

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
