/**
 * A designation's calendar: Paris dates (YYYY-MM-DD), each day included. Pure.
 * candidacies open → candidacies close → checks done by → decision (a body's vote) or the
 * members' vote (opens, closes).
 */
export interface Calendar {
  candidaciesOpenOn: string;
  candidaciesCloseOn: string;
  checksBy: string;
  decisionOn: string;
}

export type Period = 'upcoming' | 'candidacies' | 'checks' | 'decision' | 'decided';

export const PERIOD_LABELS: Record<Period, string> = {
  upcoming: 'Candidatures bientôt ouvertes',
  candidacies: 'Candidatures ouvertes',
  checks: 'Vérification des critères',
  decision: 'Désignation en cours',
  decided: 'Désignation faite',
};

/** Where a designation stands on `today` (a designation whose decision is recorded is `decided`). */
export function periodOf(c: Calendar, today: string, decided = false): Period {
  if (decided) return 'decided';
  if (today < c.candidaciesOpenOn) return 'upcoming';
  if (today <= c.candidaciesCloseOn) return 'candidacies';
  if (today <= c.checksBy) return 'checks';
  return 'decision';
}

/** The calendar's order, or the first field out of order with a French message. */
export function calendarError(c: Calendar): { field: keyof Calendar; message: string } | null {
  if (c.candidaciesCloseOn < c.candidaciesOpenOn) return { field: 'candidaciesCloseOn', message: 'La clôture des candidatures vient après leur ouverture.' };
  if (c.checksBy < c.candidaciesCloseOn) return { field: 'checksBy', message: 'Les vérifications se terminent après la clôture des candidatures.' };
  if (c.decisionOn < c.checksBy) return { field: 'decisionOn', message: 'La désignation vient après les vérifications.' };
  return null;
}
