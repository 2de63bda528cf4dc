import { hasVisibleCharacter } from '@intranet-militant/shared';

/**
 * Where a meeting takes place: a place, a video link, or both — never neither. Creation
 * checks the input (validation/schemas.ts); a change through the API (`updateMeeting`) and a
 * write through the admin panel (integrity.ts) check the meeting as it stands after the write,
 * its current values merged with the change.
 */

/** What the members read when a meeting says neither where nor how to join it. */
export const NO_PLACE_NOR_LINK = 'Indiquez un lieu ou un lien de visioconférence.';

/** The two fields saying where a meeting takes place (null or absent: none). */
export interface MeetingWhere {
  place?: string | null;
  remoteLink?: string | null;
}

/**
 * Whether a meeting says where it takes place. A place (or a link) of spaces, zero-width or
 * filler characters alone shows nothing: it counts as missing.
 * @returns true when the place or the video link has a visible character
 */
export function hasPlaceOrLink(meeting: MeetingWhere): boolean {
  return hasVisibleCharacter(meeting.place ?? '') || hasVisibleCharacter(meeting.remoteLink ?? '');
}

/**
 * The field to name when a write leaves a meeting with neither a place nor a video link.
 * @param after the meeting as the write leaves it (current values merged with the change)
 * @param before the meeting before the write (null or absent for a new one)
 * @returns null when the meeting says where it takes place; else `remoteLink` when the write
 *   removed the link and left the place as it was, `place` otherwise (as creation names it)
 */
export function missingPlaceField(after: MeetingWhere, before?: MeetingWhere | null): 'place' | 'remoteLink' | null {
  if (hasPlaceOrLink(after)) return null;
  const linkRemoved = Boolean(before && hasVisibleCharacter(before.remoteLink ?? '')) && (before?.place ?? null) === (after.place ?? null);
  return linkRemoved ? 'remoteLink' : 'place';
}
