/**
 * The consultations plugin's public services, typed for `getService(strapi, 'consultations', name)`.
 * Other plugins import this (`import type {} from '@intranet-militant/consultations'`) and list
 * `../consultations` in their tsconfig references.
 */
import type ballotBoxFactory from './services/ballot-box';
import type clockFactory from './services/clock';
import type consultationsFactory from './services/consultations';
import type demoFactory from './services/demo';
import type exportsFactory from './services/exports';
import type externalContributionsFactory from './services/external-contributions';
import type groupingFactory from './services/grouping';
import type erasureFactory from './services/erasure';
import type personalDataFactory from './services/personal-data';
import type participationFactory from './services/participation';
import type rollFactory from './services/roll';
import type talliesFactory from './services/tallies';
import type viewsFactory from './services/views';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    consultations: {
      /** Secret ballot boxes for a choice among candidates (investitures): register, ballots, receipts, recount. */
      'ballot-box': ReturnType<typeof ballotBoxFactory>;
      clock: ReturnType<typeof clockFactory>;
      consultations: ReturnType<typeof consultationsFactory>;
      /** The development demo's consultations (src/seed/demo.ts); never called elsewhere. */
      demo: ReturnType<typeof demoFactory>;
      exports: ReturnType<typeof exportsFactory>;
      /** Contributions from other plugins' activities (events' reports), with their provenance. */
      'external-contributions': ReturnType<typeof externalContributionsFactory>;
      /** Grouping suggestions: the per-consultation similarity index, the vocabulary, staff decisions. */
      grouping: ReturnType<typeof groupingFactory>;
      /** Consultations' part of retention and erasure: an `ErasureProvider` (plugins/shared/src/erasure.ts). */
      erasure: ReturnType<typeof erasureFactory>;
      /** Consultations' part of « Mes données » (contributions, grades, « a voté »; never a ballot). */
      'personal-data': ReturnType<typeof personalDataFactory>;
      /** Where a member stands in consultations (contributions, grading, « a voté »), in one statement. */
      participation: ReturnType<typeof participationFactory>;
      /** Rolls (« liste électorale arrêtée »): who may vote, closed when a vote opens — consultations' and ballot boxes'. */
      roll: ReturnType<typeof rollFactory>;
      tallies: ReturnType<typeof talliesFactory>;
      views: ReturnType<typeof viewsFactory>;
    };
  }
}

export type { MemberRolls, RollOf, RollQuestion } from './services/roll';
export type { BoxNamer, BoxSpec, BoxVote, PublishedCandidateBallot } from './services/ballot-box';
export type { CandidateBallot, CandidateMethod, CandidateResults, JudgmentResults, SingleChoiceResults } from './domain/candidate-tally';
