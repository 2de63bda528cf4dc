import { frenchDateTime } from '@intranet-militant/shared';

/**
 * Wording and rule of the roll (« liste électorale arrêtée », services/roll.ts) as members
 * meet it. Pure.
 */

/** The code of the reason « not on the roll », beside membership's eligibility codes. */
export const NOT_ON_ROLL = 'not-on-roll';

/** Why a member not on the roll may not vote, as a reason in an eligibility (« Vous ne pouvez pas participer : … »). */
export function notOnRollReason(rollClosedAt: string): { code: typeof NOT_ON_ROLL; message: string } {
  return { code: NOT_ON_ROLL, message: `absent de la liste électorale arrêtée à l’ouverture du vote, le ${frenchDateTime(rollClosedAt)}` };
}

/** The 403's message for a member not on the roll (the date and time in Paris). */
export function notOnRollMessage(rollClosedAt: string): string {
  return (
    `Vous ne pouvez pas voter : la liste électorale a été arrêtée à l’ouverture du vote, le ${frenchDateTime(rollClosedAt)}, ` +
    'et vous n’y figurez pas (seuls les adhérents qui remplissaient alors les conditions de participation peuvent voter).'
  );
}

/** Does the consultation's vote have a roll (opened since rolls exist)? Without one, eligibility alone decides (an upgrade). */
export function hasRoll(c: { rollClosedAt?: string | null }): c is { rollClosedAt: string } {
  return Boolean(c.rollClosedAt);
}

/**
 * A member's eligibility in a consultation as the roll leaves it: unchanged outside the vote
 * phase (a closed consultation reads as closed, not « absent de la liste »), when the vote has
 * no roll, the member is on it, or they are not eligible anyway (their own reasons say why, as
 * the vote's 403 does); otherwise not eligible, for the roll's reason.
 */
export function withRoll<E extends { eligible: boolean; reasons: { code: string; message: string }[] }>(
  eligibility: E,
  c: { rollClosedAt?: string | null; phase: string },
  onRoll: boolean
): Omit<E, 'reasons'> & { reasons: { code: string; message: string }[] } {
  if (c.phase !== 'vote' || !hasRoll(c) || onRoll || !eligibility.eligible) return eligibility;
  return { ...eligibility, eligible: false, reasons: [notOnRollReason(c.rollClosedAt), ...eligibility.reasons] };
}

/**
 * The electorate a closed vote is counted on: the roll's size (`eligibleAtVote`), never below
 * the ballots cast — with a roll it never is (only members on it vote, once); a vote opened
 * before rolls existed judged each voter on their own and may have had voters its count
 * missed. So the turnout never exceeds 100 %. Both numbers are counts of members.
 */
export function countedElectorate(eligibleAtVote: number | null | undefined, cast: number): number {
  return Math.max(eligibleAtVote ?? 0, cast);
}
