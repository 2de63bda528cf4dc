import { frenchTerms as termsOf, type Term } from '@intranet-militant/shared';

/**
 * Contributions compared for grouping: French terms (shared with the search index), less
 * the words every contribution uses (« il faut », « plus », « mettre en place »), which
 * would make every text look like every other.
 */
const CONTRIBUTION_STOP_WORDS: ReadonlySet<string> = new Set(
  `bien non
   faire fais fait faisons faites font faisait ferait feront faudra faut faudrait
   pouvoir peux peut pouvons pouvez peuvent pourrait pourraient pourra pourront
   devoir dois doit devons devez doivent devrait devraient devra
   place mise mettre permettre permet afin beaucoup chose choses souhaite souhaitons propose proposer plus`
    .split(/\s+/)
    .filter(Boolean)
);

export type { Term };
export const frenchTerms = (text: string): Term[] => termsOf(text, CONTRIBUTION_STOP_WORDS);
