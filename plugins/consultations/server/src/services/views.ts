import type { Core } from '@strapi/strapi';
import type { Actor } from '@intranet-militant/shared';
import { AXIS_LABELS, GRADE_LABELS } from '../domain/grades';
import { PHASE_LABELS, phasesOf, PHASES, type Phase } from '../domain/phases';
import { QUADRANT_LABELS } from '../domain/ranking';
import { CHOICE_LABELS, MAJORITY_LABELS } from '../domain/tally';
import type { Consultation } from './consultations';

/**
 * What each reader sees of a consultation. Members see the calendar and who is in charge,
 * their own contributions and what became of them, the proposals from the evaluation on,
 * results once the evaluation or the vote is over. Staff see everything, authors included.
 */
const after = (c: Consultation, phase: Phase) => PHASES.indexOf(c.phase) >= PHASES.indexOf(phase);

export const seesProposals = (c: Consultation, staff: boolean) => staff || after(c, 'evaluation');
export const seesEvaluation = (c: Consultation, staff: boolean) => staff || after(c, 'vote');
export const seesSynthesis = (c: Consultation, staff: boolean) => staff || after(c, 'vote');
export const seesVoteResults = (c: Consultation) => c.phase === 'results';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const consultations = () => strapi.plugin('consultations').service('consultations');
  const tallies = () => strapi.plugin('consultations').service('tallies');

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
          inCharge: c[`${phase}InCharge`] ?? null,
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

    async detail(c: Consultation, actor: Actor, staff: boolean) {
      const me = actor.memberId
        ? {
            eligibility: await strapi.plugin('membership').service('eligibility').ofMember(actor.memberId, { cutoff: c.eligibilityCutoff }),
            contributions: await strapi.db.query('plugin::consultations.contribution').count({ where: { consultation: { id: c.id }, author: { id: actor.memberId } } }),
            graded: c.kind === 'full' ? (await tallies().gradesBy(c.id, actor.memberId)).size : 0,
            voted: await tallies().hasVoted(c.id, actor.memberId),
          }
        : null;
      return {
        ...this.summary(c),
        waiting: await strapi.plugin('consultations').service('clock').waiting(c),
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

    /** Contributions: all of them with their authors for staff; one's own, with their fate, for a member. */
    async contributions(c: Consultation, actor: Actor, staff: boolean, filter: { state?: string; unassigned?: string; category?: string } = {}) {
      let rows = await consultations().contributionsOf(c.id);
      if (!staff) rows = rows.filter((x: any) => x.author?.id === actor.memberId);
      if (filter.state) rows = rows.filter((x: any) => x.state === filter.state);
      if (filter.unassigned === 'true') rows = rows.filter((x: any) => !x.proposal && x.state === 'submitted');
      if (filter.category) rows = rows.filter((x: any) => x.category === filter.category);
      const authors = staff ? await strapi.plugin('membership').service('directory').membersByIds(rows.map((x: any) => x.author?.id).filter(Boolean)) : new Map();
      const fate = await this.fates(c);
      return rows.map((x: any) => shownContribution(x, x.number, staff ? authors.get(x.author?.id) ?? null : undefined, fate));
    },

    /** One contribution (its author for staff only), and whose it is. */
    async contribution(c: Consultation, documentId: string, staff: boolean) {
      const refs = await consultations().contributionRefs(c.id);
      const ref = refs.find((x: any) => x.documentId === documentId);
      if (!ref) return null;
      const x = await strapi.db.query('plugin::consultations.contribution').findOne({
        where: { id: ref.id },
        populate: { author: { select: ['id'] }, proposal: { select: ['id'] } },
      });
      const authors = staff && x.author ? await strapi.plugin('membership').service('directory').membersByIds([x.author.id]) : new Map();
      const fate = x.proposal ? await this.fates(c) : new Map();
      return { authorMemberId: x.author?.id ?? null, ...shownContribution(x, ref.number, staff ? authors.get(x.author?.id) ?? null : undefined, fate) };
    },

    /** Where each proposal went: its number, title, merge, place in the synthesis and the vote's outcome. */
    async fates(c: Consultation) {
      const proposals = await consultations().proposalsOf(c.id);
      const byId = new Map(proposals.map((p: any) => [p.id, p]));
      const synthesis = await consultations().synthesisOf(c.id);
      const inSynthesis = new Map((synthesis?.sections ?? []).map((s: any) => [s.proposal?.id, s.position]));
      const fates = new Map<number, unknown>();
      for (const p of proposals) {
        const final: any = p.state === 'merged' ? byId.get(p.mergedInto?.id) ?? p : p;
        fates.set(p.id, {
          documentId: p.documentId,
          number: p.number,
          title: p.title,
          state: p.state,
          mergedInto: p.state === 'merged' && final !== p ? { documentId: final.documentId, number: final.number, title: final.title } : null,
          synthesisPart: inSynthesis.get(final.id) ?? null,
          synthesisState: inSynthesis.has(final.id) ? synthesis.state : null,
        });
      }
      return fates;
    },

    async proposals(c: Consultation, actor: Actor, staff: boolean) {
      const proposals = await consultations().proposalsOf(c.id);
      const contributions = await consultations().contributionRefs(c.id);
      const numberOf = new Map(contributions.map((x: any) => [x.id, x]));
      const mine = actor.memberId ? await tallies().gradesBy(c.id, actor.memberId) : new Map();
      return proposals
        .filter((p: any) => staff || p.state === 'active')
        .map((p: any) => ({
          documentId: p.documentId,
          number: p.number,
          title: p.title,
          summary: p.summary ?? null,
          state: p.state,
          mergedInto: p.mergedInto?.documentId ?? null,
          // The provenance of a proposal: its sources' references and titles (never their
          // authors or texts); a source hidden by moderation keeps its place, masked.
          sources: p.sources
            .map((s: any) => numberOf.get(s.id))
            .filter(Boolean)
            .sort((a: any, b: any) => a.number - b.number)
            .map((s: any) => ({
              documentId: s.documentId,
              reference: `C-${s.number}`,
              title: s.state === 'hidden' && !staff ? 'Contribution masquée par la modération' : s.title,
            })),
          myGrades: mine.get(p.id) ?? null,
        }));
    },

    /** Results of the evaluation: per proposal and axis, the ranking and the quadrants. */
    async evaluation(c: Consultation) {
      const proposals = (await consultations().proposalsOf(c.id)).filter((p: any) => p.state === 'active');
      const byId = new Map(proposals.map((p: any) => [p.id, p]));
      const ranking = await tallies().ranking(c.id, proposals);
      const synthesis = await consultations().synthesisOf(c.id);
      const selected = new Set((synthesis?.sections ?? []).map((s: any) => s.proposal?.id));
      return {
        scale: { effort: GRADE_LABELS.effort, impact: GRADE_LABELS.impact },
        method:
          'Classement : écart entre la note médiane d’impact et celle d’effort (le plus grand d’abord), puis meilleur impact et moindre effort au jugement majoritaire (médiane, puis part au-dessus ou au-dessous, puis valeur majoritaire), puis moyennes. Quadrants selon les notes moyennes : impact au-dessus de 3, effort à 3 ou plus.',
        proposals: ranking.map((r: any) => ({
          rank: r.rank,
          documentId: (byId.get(r.id) as any).documentId,
          number: r.number,
          title: (byId.get(r.id) as any).title,
          quadrant: r.quadrant,
          quadrantLabel: r.quadrant ? QUADRANT_LABELS[r.quadrant as keyof typeof QUADRANT_LABELS] : null,
          inSynthesis: selected.has(r.id),
          effort: { ...r.effort, medianLabel: r.effort.median ? GRADE_LABELS.effort[r.effort.median as 1] : null },
          impact: { ...r.impact, medianLabel: r.impact.median ? GRADE_LABELS.impact[r.impact.median as 1] : null },
        })),
      };
    },

    async synthesis(c: Consultation) {
      const synthesis = await consultations().synthesisOf(c.id);
      if (!synthesis) return null;
      const proposals = await this.proposals(c, { memberId: null } as any, true);
      const byDocument = new Map(proposals.map((p: any) => [p.documentId, p]));
      return {
        documentId: synthesis.documentId,
        title: synthesis.title,
        preamble: synthesis.preamble,
        state: synthesis.state,
        sections: [...synthesis.sections]
          .sort((a: any, b: any) => a.position - b.position)
          .map((s: any) => {
            const proposal: any = byDocument.get(s.proposal?.documentId);
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

    async statistics(c: Consultation) {
      const contributions = await consultations().contributionsOf(c.id);
      const proposals = await consultations().proposalsOf(c.id);
      const submitted = contributions.filter((x: any) => x.state === 'submitted');
      const byCategory: Record<string, number> = {};
      for (const x of submitted) byCategory[x.category ?? 'sans catégorie'] = (byCategory[x.category ?? 'sans catégorie'] ?? 0) + 1;
      const participation = await tallies().participation(c.id);
      return {
        participation: {
          eligible: await strapi.plugin('membership').service('eligibility').countEligible(consultations().target(c), { cutoff: c.eligibilityCutoff }),
          eligibleAtVote: c.eligibleAtVote,
          contributed: new Set(submitted.map((x: any) => x.author?.id)).size,
          ...participation,
        },
        contributions: {
          total: contributions.length,
          submitted: submitted.length,
          withdrawn: contributions.filter((x: any) => x.state === 'withdrawn').length,
          hidden: contributions.filter((x: any) => x.state === 'hidden').length,
          unassigned: submitted.filter((x: any) => !x.proposal).length,
          byCategory,
        },
        proposals: proposals.map((p: any) => ({ documentId: p.documentId, number: p.number, title: p.title, state: p.state, sources: p.sources.length })),
      };
    },
  };
};

/** A contribution as readers see it: its author only for staff (undefined hides the key), its fate. */
function shownContribution(x: any, number: number, author: unknown, fate: Map<number, unknown>) {
  return {
    documentId: x.documentId,
    number,
    reference: `C-${number}`,
    title: x.title,
    body: x.body,
    category: x.category ?? null,
    state: x.state,
    hiddenReason: x.state === 'hidden' ? x.hiddenReason : null,
    submittedAt: x.createdAt,
    author,
    proposal: x.proposal ? fate.get(x.proposal.id) ?? null : null,
  };
}
