import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { getService, type Actor } from '@intranet-militant/shared';
import { AXIS_LABELS, GRADE_LABELS } from '../domain/grades';
import { PHASE_LABELS, phasesOf, PHASES, type Phase } from '../domain/phases';
import { QUADRANT_LABELS } from '../domain/ranking';
import { hasRoll, withRoll } from '../domain/roll';
import { CHOICE_LABELS, MAJORITY_LABELS } from '../domain/tally';
import type { Consultation, ContributionRow, SynthesisRow } from './consultations';

/**
 * What each reader sees of a consultation (presenters: they decide nothing about who may
 * read; the queries do). Members see the calendar and who is in charge, their own
 * contributions and what became of them, the proposals from the evaluation on, results
 * once the evaluation or the vote is over. Staff see everything, authors included.
 * Every reader gets the consultation as the clock leaves it now (its effective phase).
 */
const after = (c: Consultation, phase: Phase) => PHASES.indexOf(c.phase) >= PHASES.indexOf(phase);

export const seesProposals = (c: Consultation, staff: boolean) => staff || after(c, 'evaluation');
export const seesEvaluation = (c: Consultation, staff: boolean) => staff || after(c, 'vote');
export const seesSynthesis = (c: Consultation, staff: boolean) => staff || after(c, 'vote');
export const seesVoteResults = (c: Consultation) => c.phase === 'results';

/** A contribution's author, as staff see it. */
type Author = { membershipNumber: string | null; firstName: string; lastName: string; section: string | null; formerMember?: boolean };

/** How staff see the author of a contribution whose data was erased (issue 22, item 4). */
export const FORMER_MEMBER_LABEL = 'Contribution d’un ancien adhérent';

/** Where a proposal went: merge, place in the synthesis, the vote's outcome. */
export interface Fate {
  documentId: string;
  number: number;
  title: string;
  state: string;
  mergedInto: { documentId: string; number: number; title: string } | null;
  synthesisPart: number | null;
  synthesisState: SynthesisRow['state'] | null;
  /** When the synthesis is voted part by part, once the vote is closed: the outcome of its part. */
  partOutcome: 'adopted' | 'rejected' | null;
}

/** The vote's outcome for one part of the synthesis, once the results are public (a vote per part only). */
function partOutcomeOf(c: Consultation, sectionId: string | undefined): Fate['partOutcome'] {
  if (!sectionId || !seesVoteResults(c) || !c.results || !('sections' in c.results) || !c.results.sections) return null;
  const tally = c.results.sections[sectionId];
  return tally ? (tally.adopted ? 'adopted' : 'rejected') : null;
}

/** The synthesis's state as the clock leaves it: submitted from the vote on, adopted or rejected by the count. */
function synthesisStateNow(c: Consultation, stored: SynthesisRow['state']): SynthesisRow['state'] {
  if (!c.pendingTransition) return stored;
  if (c.phase === 'results' && c.results && 'adopted' in c.results) return c.results.adopted ? 'adopted' : 'rejected';
  if (c.phase === 'vote' || c.phase === 'results') return 'submitted';
  return stored;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const consultations = () => getService(strapi, 'consultations', 'consultations');
  const tallies = () => getService(strapi, 'consultations', 'tallies');

  return {
    /** The published calendar: each phase, its dates, who is in charge, where we are. */
    calendar(c: Consultation) {
      const calendar = consultations().calendar(c);
      const order = phasesOf(c.kind).filter((p) => p !== 'draft' && p !== 'upcoming');
      let startsAt = calendar.opensAt;
      return order.map((phase) => {
        const endsAt = phase === 'results' ? null : calendar.endsAt[phase] ?? null;
        const entry = {
          phase,
          label: PHASE_LABELS[phase],
          startsAt,
          endsAt,
          inCharge: (c[`${phase}InCharge`] as string | null | undefined) ?? null,
          state: c.phase === phase ? 'current' : PHASES.indexOf(phase) < PHASES.indexOf(c.phase) ? 'done' : 'coming',
        };
        if (endsAt) startsAt = endsAt;
        return entry;
      });
    },

    summary(c: Consultation) {
      return {
        documentId: c.documentId,
        kind: c.kind,
        title: c.title,
        audience: c.audience,
        federation: c.federation ? { documentId: c.federation.documentId, name: c.federation.name } : null,
        section: c.section ? { documentId: c.section.documentId, name: c.section.name } : null,
        phase: c.phase,
        phaseLabel: PHASE_LABELS[c.phase],
        opensAt: consultations().calendar(c).opensAt,
      };
    },

    /**
     * Everything about the consultation: `phase` is the effective one; `phaseStored` and
     * `pendingTransition` say whether the clock has yet to record its step.
     */
    async detail(c: Consultation, actor: Actor, staff: boolean) {
      const memberId = actor.memberId;
      // Independent reads, side by side: the standing kept per member, contributions, « a voté » and the roll in one statement.
      const me = memberId
        ? await Promise.all([
            consultations().eligibilityOf(memberId, c, { kept: true }),
            getService(strapi, 'consultations', 'participation').of(memberId, { contributions: [c.id], voted: [c.id], rolled: c.phase === 'vote' && hasRoll(c) ? [c.id] : [] }),
            c.kind === 'full' ? tallies().gradesBy(c.id, memberId).then((mine) => mine.size) : 0,
          ]).then(([eligibility, participation, graded]) => ({
            // Once the vote has opened with a roll, whoever is not on it may not vote: said as a reason.
            eligibility: withRoll(eligibility, c, participation.rolled.has(c.id)),
            contributions: participation.contributions.get(c.id) ?? 0,
            graded,
            voted: participation.voted.has(c.id),
          }))
        : null;
      return {
        ...this.summary(c),
        phaseStored: c.phaseStored ?? c.phase,
        pendingTransition: c.pendingTransition ?? false,
        waiting: await getService(strapi, 'consultations', 'clock').waiting(c),
        description: c.description,
        eligibilityCutoff: c.eligibilityCutoff,
        calendar: this.calendar(c),
        rules: {
          quorumPercent: c.quorumPercent,
          majority: c.majority,
          majorityLabel: MAJORITY_LABELS[c.majority],
          votePerSection: c.votePerSection,
          synthesisSize: c.synthesisSize,
        },
        categories: c.categories ?? [],
        question: c.kind === 'quick' ? { text: c.question, answerType: c.answerType, choices: c.choices ?? null, scale: c.answerType === 'graded' ? GRADE_LABELS.impact : null } : null,
        scales: c.kind === 'full' ? { effort: { label: AXIS_LABELS.effort, grades: GRADE_LABELS.effort }, impact: { label: AXIS_LABELS.impact, grades: GRADE_LABELS.impact } } : null,
        choices: CHOICE_LABELS,
        staff,
        me,
      };
    },

    /** Contributions as shown: their authors for staff (`withAuthors`), their fate for everyone. */
    async shownContributions(c: Consultation, rows: ContributionRow[], withAuthors: boolean) {
      const authors: Map<number, Author> = withAuthors
        ? await getService(strapi, 'membership', 'directory').membersByIds(rows.map((x) => x.author?.id).filter((id): id is number => id != null))
        : new Map();
      const fate = rows.some((x) => x.proposal) ? await this.fates(c) : new Map<number, Fate>();
      return rows.map((x) => shownContribution(x, withAuthors ? (x.author ? authors.get(x.author.id) ?? null : null) : undefined, fate));
    },

    /** Every contribution of the consultation (staff's workbench and exports), authors included. */
    async contributions(c: Consultation) {
      return this.shownContributions(c, await consultations().contributionsOf(c.id), true);
    },

    /** Where each proposal went: its number, title, merge, place in the synthesis and the vote's outcome. */
    async fates(c: Consultation): Promise<Map<number, Fate>> {
      const proposals = await consultations().proposalsOf(c.id);
      const byId = new Map(proposals.map((p) => [p.id, p]));
      const synthesis = await consultations().synthesisOf(c.id);
      const inSynthesis = new Map((synthesis?.sections ?? []).map((s) => [s.proposal?.id, s.position]));
      const partOf = new Map((synthesis?.sections ?? []).map((s) => [s.proposal?.id, s.documentId]));
      const fates = new Map<number, Fate>();
      for (const p of proposals) {
        const final = p.state === 'merged' ? (p.mergedInto ? byId.get(p.mergedInto.id) : undefined) ?? p : p;
        fates.set(p.id, {
          documentId: p.documentId,
          number: p.number,
          title: p.title,
          state: p.state,
          mergedInto: p.state === 'merged' && final !== p ? { documentId: final.documentId, number: final.number, title: final.title } : null,
          synthesisPart: inSynthesis.get(final.id) ?? null,
          synthesisState: synthesis && inSynthesis.has(final.id) ? synthesisStateNow(c, synthesis.state) : null,
          partOutcome: partOutcomeOf(c, partOf.get(final.id)),
        });
      }
      return fates;
    },

    /** The proposals with their provenance: all of them for staff, the active ones with `actor`'s grades otherwise. */
    async proposals(c: Consultation, actor: Pick<Actor, 'memberId'>, staff: boolean) {
      const proposals = await consultations().proposalsOf(c.id);
      const contributions = await consultations().contributionRefs(c.id);
      const numberOf = new Map(contributions.map((x) => [x.id, x]));
      const mine = actor.memberId ? await tallies().gradesBy(c.id, actor.memberId) : new Map<number, { effort?: number; impact?: number }>();
      return proposals
        .filter((p) => staff || p.state === 'active')
        .map((p) => ({
          documentId: p.documentId,
          number: p.number,
          title: p.title,
          summary: p.summary ?? null,
          state: p.state,
          mergedInto: p.mergedInto?.documentId ?? null,
          // The provenance of a proposal: its sources' references and titles (never their
          // authors or texts); a source hidden by moderation keeps its place, masked.
          sources: p.sources
            .map((s) => numberOf.get(s.id))
            .filter((s) => s !== undefined)
            .sort((a, b) => a.number - b.number)
            .map((s) => ({
              documentId: s.documentId,
              reference: `C-${s.number}`,
              title: s.state === 'hidden' && !staff ? 'Contribution masquée par la modération' : s.title,
            })),
          myGrades: mine.get(p.id) ?? null,
        }));
    },

    /** Results of the evaluation: per proposal and axis, the ranking and the quadrants. */
    async evaluation(c: Consultation) {
      const proposals = (await consultations().proposalsOf(c.id)).filter((p) => p.state === 'active');
      const byId = new Map(proposals.map((p) => [p.id, p]));
      const ranking = await tallies().ranking(c.id, proposals);
      const synthesis = await consultations().synthesisOf(c.id);
      const selected = new Set((synthesis?.sections ?? []).map((s) => s.proposal?.id));
      return {
        scale: { effort: GRADE_LABELS.effort, impact: GRADE_LABELS.impact },
        method:
          'Classement : écart entre la note médiane d’impact et celle d’effort (le plus grand d’abord), puis meilleur impact et moindre effort au jugement majoritaire (médiane, puis part au-dessus ou au-dessous, puis valeur majoritaire), puis moyennes. Quadrants selon les notes moyennes : impact au-dessus de 3, effort à 3 ou plus.',
        proposals: ranking.map((r) => ({
          rank: r.rank,
          documentId: byId.get(r.id)!.documentId,
          number: r.number,
          title: byId.get(r.id)!.title,
          quadrant: r.quadrant,
          quadrantLabel: r.quadrant ? QUADRANT_LABELS[r.quadrant] : null,
          inSynthesis: selected.has(r.id),
          effort: { ...r.effort, medianLabel: r.effort.median ? GRADE_LABELS.effort[r.effort.median] : null },
          impact: { ...r.impact, medianLabel: r.impact.median ? GRADE_LABELS.impact[r.impact.median] : null },
        })),
      };
    },

    /** The synthesis with each part's proposal and sources, or null when none is composed. */
    async synthesis(c: Consultation) {
      const synthesis = await consultations().synthesisOf(c.id);
      if (!synthesis) return null;
      const proposals = await this.proposals(c, { memberId: null }, true);
      const byDocument = new Map(proposals.map((p) => [p.documentId, p]));
      return {
        documentId: synthesis.documentId,
        title: synthesis.title,
        preamble: synthesis.preamble,
        state: synthesisStateNow(c, synthesis.state),
        sections: [...synthesis.sections]
          .sort((a, b) => a.position - b.position)
          .map((s) => {
            const proposal = s.proposal ? byDocument.get(s.proposal.documentId) : undefined;
            return {
              documentId: s.documentId,
              position: s.position,
              title: s.title,
              text: s.text,
              proposal: proposal ? { documentId: proposal.documentId, number: proposal.number, title: proposal.title } : null,
              sources: proposal?.sources ?? [],
            };
          }),
      };
    },

    /** Participation and contribution figures, for staff. */
    async statistics(c: Consultation) {
      const contributions = await consultations().contributionsOf(c.id);
      const proposals = await consultations().proposalsOf(c.id);
      const submitted = contributions.filter((x) => x.state === 'submitted');
      const byCategory: Record<string, number> = {};
      for (const x of submitted) byCategory[x.category ?? 'sans catégorie'] = (byCategory[x.category ?? 'sans catégorie'] ?? 0) + 1;
      const participation = await tallies().participation(c.id);
      return {
        participation: {
          eligible: await consultations().electorate(c),
          eligibleAtVote: c.eligibleAtVote,
          contributed: new Set(submitted.map((x) => x.author?.id)).size,
          ...participation,
        },
        contributions: {
          total: contributions.length,
          submitted: submitted.length,
          withdrawn: contributions.filter((x) => x.state === 'withdrawn').length,
          hidden: contributions.filter((x) => x.state === 'hidden').length,
          unassigned: submitted.filter((x) => !x.proposal).length,
          byCategory,
        },
        proposals: proposals.map((p) => ({ documentId: p.documentId, number: p.number, title: p.title, state: p.state, sources: p.sources.length })),
      };
    },
  };
};

/** A contribution as readers see it: its author only for staff (undefined hides the key), its fate. */
function shownContribution(x: ContributionRow, author: Author | null | undefined, fate: Map<number, Fate>) {
  return {
    documentId: x.documentId,
    number: x.number,
    reference: `C-${x.number}`,
    title: x.title,
    body: x.body,
    category: x.category ?? null,
    state: x.state,
    hiddenReason: x.state === 'hidden' ? x.hiddenReason : null,
    submittedAt: x.createdAt,
    author: author?.formerMember ? { ...author, label: FORMER_MEMBER_LABEL } : author,
    proposal: x.proposal ? fate.get(x.proposal.id) ?? null : null,
  };
}

export type ShownContribution = ReturnType<typeof shownContribution>;
