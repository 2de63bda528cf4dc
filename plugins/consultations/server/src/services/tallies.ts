import type { Core } from '@strapi/strapi';
import { withTransaction } from '@intranet-militant/shared';
import type { Knex } from 'knex';
import { emptyDistribution, lowerMedian, type Distribution } from '../domain/grades';
import { countedElectorate } from '../domain/roll';
import { rankProposals, type ProposalGrades } from '../domain/ranking';
import { CHOICES, tallyChoices, type Choice, type Tally } from '../domain/tally';
import { BALLOTS, GRADES, VOTERS } from '../storage';
import type { Consultation } from './consultations';

export interface PublishedBallot {
  receipt: string;
  choice: string;
  sections: Record<string, Choice> | null;
}

/** A quick consultation's count: ballots per answer, the median of a graded one. */
export interface QuickResults {
  cast: number;
  eligible: number;
  turnout: number;
  counts: Record<string, number>;
  median: number | null;
}

/** A full consultation's count, overall and per part of the synthesis when it votes by part. */
export type FullResults = Tally & { sections?: Record<string, Tally> };

export type VoteResults = QuickResults | FullResults;

/** Counting: grades per proposal and axis, ballots, participation. The database counts. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const sql = <T>(run: (knex: Knex) => Promise<T>) => withTransaction(strapi, run);

  return {
    /** Grade distributions of every active proposal, by axis. */
    async gradesOf(consultationId: number, proposals: { id: number; number: number }[]): Promise<ProposalGrades[]> {
      const rows: { proposal_id: number; axis: 'effort' | 'impact'; grade: number; n: number | string }[] = await sql((knex) =>
        knex(GRADES)
          .where({ consultation_id: consultationId })
          .select('proposal_id', 'axis', 'grade')
          .count({ n: '*' })
          .groupBy('proposal_id', 'axis', 'grade')
      );
      const byProposal = new Map<number, ProposalGrades>(
        proposals.map((p) => [p.id, { id: p.id, number: p.number, effort: emptyDistribution(), impact: emptyDistribution() }])
      );
      for (const row of rows) {
        const entry = byProposal.get(Number(row.proposal_id));
        if (entry) entry[row.axis][Number(row.grade) - 1] = Number(row.n);
      }
      return [...byProposal.values()];
    },

    async ranking(consultationId: number, proposals: { id: number; number: number }[]) {
      return rankProposals(await this.gradesOf(consultationId, proposals));
    },

    /** A member's own grades, by proposal id. */
    async gradesBy(consultationId: number, memberId: number): Promise<Map<number, { effort?: number; impact?: number }>> {
      const rows = await sql((knex) => knex(GRADES).where({ consultation_id: consultationId, member_id: memberId }).select('proposal_id', 'axis', 'grade'));
      const mine = new Map<number, { effort?: number; impact?: number }>();
      for (const row of rows) mine.set(Number(row.proposal_id), { ...mine.get(Number(row.proposal_id)), [row.axis]: Number(row.grade) });
      return mine;
    },

    /** Every ballot, in receipt order (which says nothing of who voted when). */
    async ballotsOf(consultationId: number): Promise<PublishedBallot[]> {
      const rows = await sql((knex) => knex(BALLOTS).where({ consultation_id: consultationId }).select('receipt', 'choice', 'sections').orderBy('receipt'));
      return rows.map((r: { receipt: string; choice: string; sections: string | null }) => ({ receipt: String(r.receipt).trim(), choice: r.choice, sections: r.sections ? JSON.parse(r.sections) : null }));
    },

    /**
     * The results of a closed vote, recomputable by anyone from the published ballots. The
     * electorate is the roll's size (`eligibleAtVote`): only members on it vote, once, so the
     * turnout stays within 100 % (`countedElectorate`: never below the ballots cast, for votes
     * opened before rolls existed).
     */
    resultsFrom(c: Consultation, ballots: PublishedBallot[], sectionIds: string[]): VoteResults {
      const eligible = countedElectorate(c.eligibleAtVote, ballots.length);
      if (c.kind === 'quick') {
        const options = c.answerType === 'graded' ? ['1', '2', '3', '4', '5'] : (c.choices ?? []).map((_, i) => String(i + 1));
        const counts = Object.fromEntries(options.map((o) => [o, 0]));
        for (const b of ballots) counts[b.choice] = (counts[b.choice] ?? 0) + 1;
        const distribution = options.map((o) => counts[o]);
        return {
          cast: ballots.length,
          eligible,
          turnout: eligible ? ballots.length / eligible : 0,
          counts,
          median: c.answerType === 'graded' ? lowerMedian(distribution as Distribution) : null,
        };
      }
      const rules = { eligible, quorumPercent: c.quorumPercent, majority: c.majority };
      const overall = tallyChoices(ballots.map((b) => b.choice as Choice).filter((x) => CHOICES.includes(x)), rules);
      const sections = Object.fromEntries(
        sectionIds.map((id) => [id, tallyChoices(ballots.map((b) => b.sections?.[id] ?? 'abstain'), rules)])
      );
      return { ...overall, sections: c.votePerSection ? sections : undefined };
    },

    /** Who took part: contributed, graded, voted (counts only). */
    async participation(consultationId: number) {
      const [graded] = await sql((knex) => knex(GRADES).where({ consultation_id: consultationId }).countDistinct({ n: 'member_id' }));
      const [voted] = await sql((knex) => knex(VOTERS).where({ consultation_id: consultationId }).count({ n: '*' }));
      return { evaluated: Number(graded.n), voted: Number(voted.n) };
    },
  };
};
