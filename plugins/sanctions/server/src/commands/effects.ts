import type { Core } from '@strapi/strapi';
import { getService, type AuditActor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/bodies';
import { suspensionEnd } from '../domain/procedure';
import type { Level } from '../domain/scale';

export interface Effect {
  on: string;
  /** What membership now holds: `suspended` until a date, `excluded`, or `active` (lifted). */
  status: 'suspended' | 'excluded' | 'active';
  until: string | null;
  seatsEnded: string[];
  cause: 'precautionary' | 'sanction' | 'lifted';
}

/**
 * A sanction's effects, only through membership's and bodies' public services, in the
 * caller's transaction (issue 17 §4):
 * - suspension of `months` from `on`: member suspended until the last day (the date itself
 *   lifts it: `effectiveStatus`), party functions (bodies seats) ended on `on`;
 * - exclusion: membership ended (account blocked, sessions revoked, pseudonymised trace),
 *   seats ended on `on`;
 * - rappel, avertissement, blâme: no effect on membership;
 * - `null` (relaxe) or a milder level after a precautionary suspension or a grave sanction
 *   overturned on appeal: the member is made active again (`lifted`).
 * Public mandates are not the party's: nothing here touches them.
 */
export async function applySanctionEffects(
  strapi: Core.Strapi,
  c: { respondentId: number; reference: string },
  level: Level | null,
  months: number | null,
  on: string,
  actor: AuditActor,
  wasRestricted: boolean
): Promise<Effect | null> {
  const status = getService(strapi, 'membership', 'status');
  const reason = `Commission des conflits, affaire ${c.reference}`;
  if (level === 'suspension' || level === 'exclusion') {
    const until = level === 'suspension' ? suspensionEnd(on, months ?? 1) : null;
    // Seats first, with the case's reference: bodies also ends an excluded member's seats on
    // membership's status event, under a generic reason, and would otherwise come first. The
    // member's rows held before (`holdMember`), as every write of a member takes them: before
    // the audit log's head, which the seats' ends take.
    await status.holdMember(c.respondentId);
    const seatsEnded = strapi.plugin('bodies') ? await getService(strapi, 'bodies', 'bodies').endSeatsOfMember(c.respondentId, on, reason, actor) : [];
    await status.applyDecision(c.respondentId, { status: level === 'suspension' ? 'suspended' : 'excluded', until, reason, by: 'sanctions' }, actor);
    return { on, status: level === 'suspension' ? 'suspended' : 'excluded', until, seatsEnded, cause: 'sanction' };
  }
  if (wasRestricted) {
    await status.applyDecision(c.respondentId, { status: 'active', reason: `${reason} : mesure levée`, by: 'sanctions' }, actor);
    return { on, status: 'active', until: null, seatsEnded: [], cause: 'lifted' };
  }
  return null;
}

/** A precautionary suspension until `until` (inclusive): membership only; seats are kept until the decision. */
export async function applyPrecautionary(strapi: Core.Strapi, c: { respondentId: number; reference: string }, on: string, until: string, actor: AuditActor): Promise<Effect> {
  await getService(strapi, 'membership', 'status').applyDecision(
    c.respondentId,
    { status: 'suspended', until, reason: `Suspension conservatoire, affaire ${c.reference}`, by: 'sanctions' },
    actor
  );
  return { on, status: 'suspended', until, seatsEnded: [], cause: 'precautionary' };
}
