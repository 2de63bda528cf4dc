import { MASK_BELOW, maskedDistribution } from '@intranet-militant/shared';

/** One section's (or the federation's) census figures as staff read them. */
export interface CensusFigures {
  /** Active members, or null when masked. */
  members: number | null;
  /** Members whose profile is listed (consented), or null when masked. */
  completed: number | null;
  /** « 12 », « moins de 5 » or « masqué ». */
  membersLabel: string;
  completedLabel: string;
  /** completed ÷ members in % (one decimal), or null when either figure is masked or there are no members. */
  rate: number | null;
  /** Whether either figure is masked. */
  masked: boolean;
}

/**
 * A census's completion, masked with the party's shared secrecy rule
 * (plugins/shared/src/statistical-secrecy.ts): the sections' member counts and their completed
 * counts are two distributions whose totals are shown, so each goes through
 * `maskedDistribution` — a count under `MASK_BELOW` (zero included) is masked, and when a
 * single section would be masked its smallest neighbour is masked too, so the total minus the
 * shown sections does not give it away. A rate is shown only beside two shown figures (a rate
 * and one figure would give the other). The total is masked only when itself under `MASK_BELOW`.
 * Pure.
 * @param sections per section (unique names): active members and how many of them completed
 * @returns the federation's total and each section's figures, in the order given
 */
export function censusFigures(sections: { section: string; members: number; completed: number }[]): {
  total: CensusFigures;
  sections: (CensusFigures & { section: string })[];
} {
  const total = sections.reduce((t, s) => ({ members: t.members + s.members, completed: t.completed + s.completed }), { members: 0, completed: 0 });
  const members = maskedDistribution(sections.map((s) => ({ key: s.section, label: s.section, count: s.members })), total.members);
  const completed = maskedDistribution(sections.map((s) => ({ key: s.section, label: s.section, count: s.completed })), total.completed);
  const figures = (m: { count: number | null; countLabel: string }, c: { count: number | null; countLabel: string }): CensusFigures => {
    const masked = m.count === null || c.count === null;
    return {
      members: m.count,
      completed: c.count,
      membersLabel: m.countLabel,
      completedLabel: c.countLabel,
      rate: masked || !m.count ? null : Math.round((c.count! / m.count) * 1000) / 10,
      masked,
    };
  };
  // The two totals are not parts of one whole: each is masked on its own count only.
  const alone = (n: number) => ({ count: n < MASK_BELOW ? null : n, countLabel: n < MASK_BELOW ? `moins de ${MASK_BELOW}` : String(n) });
  return {
    total: figures(alone(total.members), alone(total.completed)),
    sections: sections.map((s, i) => ({ section: s.section, ...figures(members[i], completed[i]) })),
  };
}
