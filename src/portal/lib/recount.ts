import { dequal } from 'dequal';

/**
 * Does the recount made in the browser say what the official result says? Compared as
 * values, whatever the order of their keys: PostgreSQL's `jsonb` gives a stored result's
 * keys in its own order (shorter keys first), so comparing their JSON texts said « not the
 * same » for every result read from PostgreSQL. Both sides are read as JSON first, so a key
 * whose value is `undefined` on one side and absent on the other counts as the same.
 *
 * @param recount what the portal counted from the published ballots
 * @param official the result the server published (null when there is none: never the same)
 */
export function sameResult(recount: unknown, official: unknown): boolean {
  if (recount == null || official == null) return false;
  return dequal(JSON.parse(JSON.stringify(recount)), JSON.parse(JSON.stringify(official)));
}
