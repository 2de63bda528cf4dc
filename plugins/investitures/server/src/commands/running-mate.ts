import type { Core } from '@strapi/strapi';
import { BINOME_WITHDRAWN, ConflictError, emitEvent, ForbiddenError, frenchDate, SYSTEM_ACTOR, todayInParis, type Actor } from '@intranet-militant/shared';
import { candidacyFor, holdDesignation, withdrawable } from '../queries/access';
import { CANDIDACY_UID } from '../uids';
import { recordWithdrawal } from './candidacies';
import { audit } from './designations';
import '../public';

/** The reason a binôme is withdrawn with when its running mate declines (audit, the candidate's notice). */
export const MATE_DECLINED_REASON = 'Le ou la colistier·ère a décliné';

/**
 * The candidacy that names the caller as its running mate: 404 for whoever may not see it
 * (`candidacyFor`), 403 for the candidate, the designation's staff and another federation's staff
 * (they are not asked).
 */
async function namingMe(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const found = await candidacyFor(strapi, actor, documentId);
  if (actor.memberId == null || found.c.runningMateId !== actor.memberId) {
    throw new ForbiddenError('Seul·e le ou la colistier·ère proposé·e répond à cette proposition.');
  }
  return found;
}

/** The 409 of an answer given already (or a candidacy no longer standing), null when the mate may still answer. */
function answered(c: { state: string; mateConfirmedOn: string | null }): ConflictError | null {
  if (c.state !== 'submitted') return new ConflictError('Cette candidature n’est plus en cours.');
  if (c.mateConfirmedOn) return new ConflictError(`Vous avez déjà donné votre accord à cette candidature (le ${frenchDate(c.mateConfirmedOn)}).`);
  return null;
}

/**
 * The mate's answer, written by `write` in one transaction: the designation held, then the
 * candidacy read again as the mate's (`namingMe`), and refused (409) once no longer standing or
 * already agreed (`answered`) — of two answers at once the second finds the first.
 */
async function answering<T>(strapi: Core.Strapi, actor: Actor, documentId: string, write: (found: Awaited<ReturnType<typeof namingMe>>) => Promise<T>): Promise<T> {
  const { c: before } = await namingMe(strapi, actor, documentId);
  return strapi.db.transaction(async () => {
    await holdDesignation(strapi, { id: before.designationId });
    const found = await namingMe(strapi, actor, documentId);
    const conflict = answered(found.c);
    if (conflict) throw conflict;
    return write(found);
  });
}

/**
 * The named running mate accepts to stand with the candidate: their agreement is recorded
 * (`mateConfirmedOn`, the Paris day), which the criterion « Accord du ou de la colistier·ère »
 * reads (a body's decision, a vote's ballot), and the public view names them from then on.
 * The designation is held, then the candidacy read (as a withdrawal, a decision, a vote's
 * opening): of two answers at once the second finds the first (409).
 * @throws 403 (the candidate, staff), 404 (anyone else), 409 (no longer standing, already answered)
 */
export async function acceptRunningMate(strapi: Core.Strapi, actor: Actor, documentId: string) {
  return answering(strapi, actor, documentId, async ({ c, d }) => {
    const row = await strapi.db.query(CANDIDACY_UID).update({ where: { id: c.id }, data: { mateConfirmedOn: todayInParis() } });
    await audit(strapi, actor, 'candidacy.mate-accept', { type: CANDIDACY_UID, id: c.documentId }, d.federationId);
    return row;
  });
}

/**
 * The named running mate declines: a binôme runs as two, so the candidacy is withdrawn (as
 * `withdrawCandidaciesOfMember` withdraws: by the system, reason « Le ou la colistier·ère a
 * décliné », its position freed) and the candidate told (`BINOME_WITHDRAWN`); they may apply
 * again with someone else. Their refusal is kept (`mateDeclinedOn`) and audited under their name.
 * @throws 403 (the candidate, staff), 404 (anyone else), 409 (no longer standing, already
 *         accepted, a vote opened or the designation made)
 */
export async function declineRunningMate(strapi: Core.Strapi, actor: Actor, documentId: string) {
  return answering(strapi, actor, documentId, async ({ c, d }) => {
    if (!withdrawable(c, d)) throw new ConflictError('Le vote est ouvert ou la désignation faite : la candidature ne peut plus être retirée.');
    await audit(strapi, actor, 'candidacy.mate-decline', { type: CANDIDACY_UID, id: c.documentId }, d.federationId);
    const row = await recordWithdrawal(strapi, c, d, SYSTEM_ACTOR, { reason: MATE_DECLINED_REASON }, { mateDeclinedOn: todayInParis() });
    await emitEvent(strapi, BINOME_WITHDRAWN, { candidacyId: c.id, candidateId: c.memberId, cause: 'declined' });
    return row;
  });
}
