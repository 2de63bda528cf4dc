import { primeRead } from '@portal/hooks';
import type { Me } from '@portal/session';
import type { MyTraining } from './types';

/** The suggestions' catalogue read (when nothing is in progress). */
export const SUGGESTIONS_QUERY = { pageSize: 10 };

/** Whether a member follows no course at the moment (the card then suggests some). */
export const nothingInProgress = (mine: MyTraining) => !mine.enrolments.some((e) => !e.enrolment.completedAt);

/**
 * The home card's reads, started with the session (`prime` of the home card): my training,
 * the catalogue (shown when nothing is in progress) and the newcomers I sponsor — the same
 * paths and queries as the card, which takes them. The catalogue is read beside « my
 * training », not after it: one round trip less before « Accueil » shows, for a page of ten
 * courses left untaken when something is in progress (forgotten on leaving « Accueil »).
 * An account without member profile reads nothing.
 */
export async function primeTrainingCard(me: Me): Promise<void> {
  if (!me.member) return;
  await Promise.allSettled([primeRead<MyTraining>('/training/me'), primeRead('/training/courses', SUGGESTIONS_QUERY), primeRead('/training/sponsorships/mine')]);
}
