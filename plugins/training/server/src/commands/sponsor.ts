import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, effectiveStatus, emitEvent, fieldError, frenchDate, getService, mayTakePart, MEMBER_NOT_FOUND, NotFoundError, recordAudit, SYSTEM_ACTOR, todayInParis, TRAINING_SPONSOR_ASSIGNED, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { sponsorshipConflicts } from '../content-types/conflicts';
import { isNewMember, NEW_MEMBER_DAYS } from '../domain/courses';
import { can } from '../permissions';
import { maxSponsorLoad } from '../settings';
import { SPONSORSHIP_UID } from '../uids';

const directory = (strapi: Core.Strapi) => getService(strapi, 'membership', 'directory');


/** May the member take part today (`mayTakePart`: a suspension past its end counts as active)? */
const activeToday = (member: { membershipStatus: 'active' | 'suspended' | 'excluded'; suspendedUntil?: string | null; leftOn?: string | null }) =>
  mayTakePart(effectiveStatus({ status: member.membershipStatus, suspendedUntil: member.suspendedUntil ?? null, leftOn: member.leftOn ?? null }, todayInParis()));

/**
 * The newcomer (by documentId), if the actor looks after them (their section's secretary,
 * their federation's staff, national). Throws 404 `MEMBER_NOT_FOUND` when unknown, and the
 * same when someone else's (another section's or federation's newcomer looks absent). The
 * routes' own `sponsorship.manage` check (role) has run before.
 */
export async function loadNewcomer(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const member = await directory(strapi).memberByDocumentId(documentId);
  if (!member || !can(actor, 'sponsorship.manage', { federationId: member.federation?.id ?? null, sectionId: member.section?.id ?? null })) {
    throw new NotFoundError(MEMBER_NOT_FOUND);
  }
  return member;
}

/**
 * Refuses (400 at `newcomer`) a member who is no longer new (`isNewMember`: joined
 * `NEW_MEMBER_DAYS` days ago or more): a sponsor is for newcomers only, and so are the
 * suggestions. Ending a running sponsorship does not ask it.
 */
export function mustBeNewcomer(member: { joinedOn?: string | null }) {
  if (isNewMember(member.joinedOn, todayInParis())) return;
  const since = member.joinedOn ? ` (adhésion le ${frenchDate(member.joinedOn)})` : '';
  throw fieldError('newcomer', `Cet adhérent n’est pas un nouvel adhérent${since} : un parrain ou une marraine accompagne les adhérents depuis moins de ${NEW_MEMBER_DAYS} jours.`);
}

/** What a sponsor the actor may not name reads as: an unknown sponsor (400 at `sponsor`). */
const SPONSOR_NOT_FOUND = 'Parrain ou marraine introuvable.';

/** What an unknown sponsorship and one whose newcomer the actor does not look after both answer (404). */
const SPONSORSHIP_NOT_FOUND = 'Parrainage introuvable.';

/**
 * Staff give an active newcomer a sponsor from their federation (active today, no longer
 * new), within the sponsor's load limit; audited. Returns the sponsorship. Throws 404
 * (newcomer unknown or out of reach, `loadNewcomer`), 400 (newcomer no longer new,
 * `mustBeNewcomer`; sponsor unknown — or in a
 * federation the actor does not read, which looks the same —, themself, elsewhere for
 * national admins, not active, new) and 409 (newcomer not active, sponsor at the limit, a
 * sponsor already running).
 */
export async function assignSponsor(strapi: Core.Strapi, actor: Actor, input: { newcomer: string; sponsor: string }) {
  const maxLoad = maxSponsorLoad(strapi);
  const newcomer = await loadNewcomer(strapi, actor, input.newcomer);
  mustBeNewcomer(newcomer);
  const sponsor = await directory(strapi).memberByDocumentId(input.sponsor);
  const elsewhere = Boolean(sponsor) && sponsor!.federation?.id !== newcomer.federation?.id;
  // Another federation's member looks absent to whoever does not read them (staff, secretaries).
  const hidden = elsewhere && !directory(strapi).mayReadMember(actor, { federationId: sponsor!.federation?.id ?? null, sectionId: sponsor!.section?.id ?? null, ownerUserId: sponsor!.user?.id ?? null });
  if (!sponsor || hidden) throw fieldError('sponsor', SPONSOR_NOT_FOUND);
  if (sponsor.id === newcomer.id) throw fieldError('sponsor', 'Un adhérent ne se parraine pas lui-même.');
  if (elsewhere) throw fieldError('sponsor', 'Le parrain ou la marraine est choisi dans la fédération du nouvel adhérent.');
  if (!activeToday(sponsor)) throw fieldError('sponsor', 'Le parrain ou la marraine doit être un adhérent actif.');
  if (isNewMember(sponsor.joinedOn, todayInParis())) {
    throw fieldError('sponsor', `Le parrain ou la marraine est adhérent depuis moins de ${NEW_MEMBER_DAYS} jours.`);
  }
  if (!activeToday(newcomer)) throw new ConflictError('Cet adhérent n’est pas actif : pas de parrainage pendant une suspension.');
  return strapi.db.transaction(async ({ trx }) => {
    // One assignment at a time per sponsor, so that two at once cannot both pass the limit.
    if (strapi.db.dialect.client === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`training-sponsor:${sponsor.id}`]);
    const current = await strapi.db.query(SPONSORSHIP_UID).count({ where: { sponsor: { id: sponsor.id }, endedOn: { $null: true } } });
    if (current >= maxLoad) throw new ConflictError(`${sponsor.firstName} ${sponsor.lastName} parraine déjà ${current} adhérents (${maxLoad} au plus).`);
    const created = await strapi.documents(SPONSORSHIP_UID)
      .create({ data: { sponsor: sponsor.id, newcomer: newcomer.id, runningKey: String(newcomer.id), startedOn: todayInParis() } })
      .catch((error: unknown) => sponsorshipConflicts.rethrow(error));
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::training.sponsorship.create',
      subject: { type: SPONSORSHIP_UID, id: created.documentId },
      federationId: newcomer.federation.id,
      details: { newcomer: newcomer.documentId, sponsor: sponsor.documentId },
    });
    await emitEvent(strapi, TRAINING_SPONSOR_ASSIGNED, { sponsorshipId: created.id as number, newcomerId: newcomer.id, sponsorId: sponsor.id });
    return { documentId: created.documentId, newcomer: `${newcomer.firstName} ${newcomer.lastName}`, sponsor: `${sponsor.firstName} ${sponsor.lastName}`, startedOn: created.startedOn as string };
  });
}

/**
 * Ends a running sponsorship (the newcomer is settled, or another sponsor takes over);
 * audited. Throws 404 « Parrainage introuvable. » (unknown, or someone else's newcomer:
 * it looks absent), 409 (already ended).
 */
export async function endSponsorship(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const found = await strapi.db.query(SPONSORSHIP_UID).findOne({ where: { documentId }, populate: { newcomer: { select: ['documentId'] } } });
  if (!found?.newcomer) throw new NotFoundError(SPONSORSHIP_NOT_FOUND);
  const newcomer = await loadNewcomer(strapi, actor, found.newcomer.documentId).catch((error: unknown) => {
    throw error instanceof NotFoundError ? new NotFoundError(SPONSORSHIP_NOT_FOUND) : error;
  });
  if (found.endedOn) throw new ConflictError('Ce parrainage est déjà terminé.');
  return strapi.db.transaction(async () => {
    const ended = await strapi.documents(SPONSORSHIP_UID).update({ documentId, data: { endedOn: todayInParis(), runningKey: null } as any }); // no generated input types for plugin content types
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::training.sponsorship.end',
      subject: { type: SPONSORSHIP_UID, id: documentId },
      federationId: newcomer.federation.id,
      details: {},
    });
    return { documentId, endedOn: ended?.endedOn as string };
  });
}

/**
 * Ends, today (Paris date), every running sponsorship in which the member is the sponsor or the
 * newcomer — membership told us they can no longer be in it: they left the party (MEMBER_LEFT,
 * also an erasure request's departure), were excluded (MEMBER_STATUS_CHANGED to `excluded`),
 * or moved to another federation (MEMBER_MOVED: a sponsor is chosen in the newcomer's
 * federation, `assignSponsor`; a change of section alone ends none). The newcomer then no
 * longer shows a sponsor who is gone, the sponsor's load is freed, and staff may assign
 * another sponsor at once (one running sponsorship per newcomer). Each end is audited as
 * `plugin::training.sponsorship.end` by the system, with `details.reason` (French, e.g.
 * « Départ du parti (le 3 mars 2026) ») and whose change it was (`details.of`). In the
 * caller's transaction (membership's, for its events). A return or a reinstatement gives
 * none back: staff assign again.
 * @returns the documentIds of the sponsorships ended
 */
export async function endSponsorshipsOfMember(strapi: Core.Strapi, memberId: number, reason: string): Promise<string[]> {
  return strapi.db.transaction(async () => {
    const running = (await strapi.db.query(SPONSORSHIP_UID).findMany({
      where: { endedOn: { $null: true }, $or: [{ sponsor: { id: memberId } }, { newcomer: { id: memberId } }] },
      select: ['id', 'documentId'],
      populate: { sponsor: { select: ['id'] }, newcomer: { select: ['id'], populate: { federation: { select: ['id'] } } } },
    })) as { id: number; documentId: string; sponsor: { id: number } | null; newcomer: { id: number; federation: { id: number } | null } | null }[];
    const ended: string[] = [];
    for (const row of running) {
      // Only while it still runs (two events at once end it once).
      const { count } = await strapi.db.query(SPONSORSHIP_UID).updateMany({ where: { id: row.id, endedOn: { $null: true } }, data: { endedOn: todayInParis(), runningKey: null } });
      if (Number(count) === 0) continue;
      await recordAudit(strapi, {
        actor: SYSTEM_ACTOR,
        action: 'plugin::training.sponsorship.end',
        subject: { type: SPONSORSHIP_UID, id: row.documentId },
        federationId: row.newcomer?.federation?.id ?? null,
        details: { reason, of: row.sponsor?.id === memberId ? 'sponsor' : 'newcomer' },
      });
      ended.push(row.documentId);
    }
    return ended;
  });
}
