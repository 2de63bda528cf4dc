import { addDays } from '@intranet-militant/shared';
/**
 * The yearly activity report of a body (issue 15, item 7): what counts as minutes
 * « published on time ». Rule of the house (README « Bodies »): the minutes of a held
 * meeting are on time when their first version was published to the body's scope within
 * `ON_TIME_DAYS` days of the meeting (approval comes before publication, so they were
 * approved within that time too).
 */
export const ON_TIME_DAYS = 60;

export type Timeliness = 'on-time' | 'late' | 'pending';

export const TIMELINESS_LABELS: Record<Timeliness, string> = {
  'on-time': 'Publié dans les délais',
  late: 'En retard',
  pending: 'En attente (délai en cours)',
};

/**
 * Whether a held meeting's minutes were published on time: `publishedOn` the day its first
 * version was published (null if none yet), `today` the Paris date. Not published while the
 * delay runs → pending; not published after it → late.
 */
export function timelinessOf(heldOn: string, publishedOn: string | null, today: string): Timeliness {
  const deadline = addDays(heldOn, ON_TIME_DAYS);
  if (publishedOn) return publishedOn <= deadline ? 'on-time' : 'late';
  return today <= deadline ? 'pending' : 'late';
}
