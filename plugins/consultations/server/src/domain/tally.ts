/**
 * Counting a vote from its ballots, the same way for the server and for anyone who
 * recounts the published ballots. Quorum: share of the eligible members who voted.
 * Majorities: `simple`, more for than against; `absolute`, more for than half the ballots
 * cast (abstentions count); `two-thirds`, at least two thirds of for and against.
 */
export const CHOICES = ['for', 'against', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];
export type Majority = 'simple' | 'absolute' | 'two-thirds';

export const CHOICE_LABELS: Record<Choice, string> = { for: 'Pour', against: 'Contre', abstain: 'Abstention' };
export const MAJORITY_LABELS: Record<Majority, string> = {
  simple: 'majorité simple (plus de pour que de contre)',
  absolute: 'majorité absolue (plus de la moitié des votants)',
  'two-thirds': 'majorité des deux tiers des suffrages exprimés',
};

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

export function tallyChoices(choices: Choice[], rules: { eligible: number; quorumPercent: number; majority: Majority }): Tally {
  const counts = { for: 0, against: 0, abstain: 0 };
  for (const choice of choices) counts[choice] += 1;
  const cast = choices.length;
  const turnout = rules.eligible > 0 ? cast / rules.eligible : 0;
  const quorumReached = cast * 100 >= rules.quorumPercent * rules.eligible && cast > 0;
  const expressed = counts.for + counts.against;
  const majorityReached =
    rules.majority === 'simple'
      ? counts.for > counts.against
      : rules.majority === 'absolute'
        ? counts.for * 2 > cast
        : expressed > 0 && counts.for * 3 >= expressed * 2;
  return { ...counts, cast, eligible: rules.eligible, turnout, quorumPercent: rules.quorumPercent, quorumReached, majority: rules.majority, majorityReached, adopted: quorumReached && majorityReached };
}
