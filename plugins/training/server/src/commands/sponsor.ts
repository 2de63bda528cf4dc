import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, ForbiddenError, NotFoundError, recordAudit, todayInParis, violatesUniqueIndex, type Actor } from '@intranet-militant/shared';
import { isNewMember, NEW_MEMBER_DAYS } from '../domain/courses';
import { rankSponsors } from '../domain/sponsors';
import { can } from '../permissions';
import { SPONSORSHIP_UID } from '../uids';

const RUNNING_KEY = { name: 'training_sponsorships_running_uq', table: 'training_sponsorships', columns: ['running_key'] };
const directory = (strapi: Core.Strapi) => strapi.plugin('membership').service('directory');

/** The newcomer, if the actor looks after them (their section's secretary, their federation's staff, national). */
async function loadNewcomer(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const member = await directory(strapi).memberByDocumentId(documentId);
  if (!member) throw new NotFoundError('Adhérent introuvable.');
  if (!can(actor, 'sponsorship.manage', { federationId: member.federation?.id ?? null, sectionId: member.section?.id ?? null })) {
    throw new ForbiddenError('Cet adhérent relève d’une autre fédération ou d’une autre section.');
  }
  return member;
}

/** How many newcomers each member sponsors now. */
async function loads(strapi: Core.Strapi): Promise<Map<number, number>> {
  const running = await strapi.db.query(SPONSORSHIP_UID).findMany({ where: { endedOn: { $null: true } }, populate: { sponsor: { select: ['id'] } } });
  const counts = new Map<number, number>();
  for (const s of running) if (s.sponsor) counts.set(s.sponsor.id, (counts.get(s.sponsor.id) ?? 0) + 1);
  return counts;
}

/** Sponsors to propose for a newcomer: nearest, least loaded, longest-standing first. */
export async function suggestSponsors(strapi: Core.Strapi, actor: Actor, newcomerId: string, maxLoad: number) {
  const newcomer = await loadNewcomer(strapi, actor, newcomerId);
  const today = todayInParis();
  const load = await loads(strapi);
  const people = (await directory(strapi).activeMembersOf(newcomer.federation.id)).filter((m: any) => !isNewMember(m.joinedOn, today));
  const byId = new Map(people.map((m: any) => [m.id, m]));
  const ranked = rankSponsors(
    { memberId: newcomer.id, sectionId: newcomer.section?.id ?? null },
    people.map((m: any) => ({ memberId: m.id, sectionId: m.section?.id ?? null, joinedOn: m.joinedOn, load: load.get(m.id) ?? 0 })),
    maxLoad
  );
  return ranked.slice(0, 10).map((c) => {
    const m: any = byId.get(c.memberId);
    return { member: { documentId: m.documentId, name: `${m.firstName} ${m.lastName}`, section: m.section?.name ?? null }, sameSection: c.sameSection, sponsoring: c.load, joinedOn: c.joinedOn };
  });
}

/** Staff give a newcomer a sponsor from their federation, within the sponsor's load limit. */
export async function assignSponsor(strapi: Core.Strapi, actor: Actor, input: { newcomer: string; sponsor: string }, maxLoad: number) {
  const newcomer = await loadNewcomer(strapi, actor, input.newcomer);
  const sponsor = await directory(strapi).memberByDocumentId(input.sponsor);
  if (!sponsor) throw fieldError('sponsor', 'Parrain ou marraine introuvable.');
  if (sponsor.id === newcomer.id) throw fieldError('sponsor', 'Un adhérent ne se parraine pas lui-même.');
  if (sponsor.federation?.id !== newcomer.federation?.id) throw fieldError('sponsor', 'Le parrain ou la marraine est choisi dans la fédération du nouvel adhérent.');
  if (sponsor.membershipStatus !== 'active') throw fieldError('sponsor', 'Le parrain ou la marraine doit être un adhérent actif.');
  if (isNewMember(sponsor.joinedOn, todayInParis())) {
    throw fieldError('sponsor', `Le parrain ou la marraine est adhérent depuis plus de ${NEW_MEMBER_DAYS} jours.`);
  }
  if (newcomer.membershipStatus !== 'active') throw new ConflictError('Cet adhérent n’est pas actif : pas de parrainage pendant une suspension.');
  return strapi.db.transaction(async ({ trx }) => {
    // One assignment at a time per sponsor, so that two at once cannot both pass the limit.
    if (strapi.db.dialect.client === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`training-sponsor:${sponsor.id}`]);
    const current = await strapi.db.query(SPONSORSHIP_UID).count({ where: { sponsor: { id: sponsor.id }, endedOn: { $null: true } } });
    if (current >= maxLoad) throw new ConflictError(`${sponsor.firstName} ${sponsor.lastName} parraine déjà ${current} adhérents (${maxLoad} au plus).`);
    let created: any;
    try {
      created = await strapi.documents(SPONSORSHIP_UID).create({
        data: { sponsor: sponsor.id, newcomer: newcomer.id, runningKey: String(newcomer.id), startedOn: todayInParis() } as any,
      });
    } catch (error) {
      if (violatesUniqueIndex(error, RUNNING_KEY)) throw new ConflictError('Cet adhérent a déjà un parrain ou une marraine : mettez d’abord fin à ce parrainage.');
      throw error;
    }
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::training.sponsorship.create',
      subject: { type: SPONSORSHIP_UID, id: created.documentId },
      federationId: newcomer.federation.id,
      details: { newcomer: newcomer.documentId, sponsor: sponsor.documentId },
    });
    return { documentId: created.documentId, newcomer: `${newcomer.firstName} ${newcomer.lastName}`, sponsor: `${sponsor.firstName} ${sponsor.lastName}`, startedOn: created.startedOn };
  });
}

/** Ends a running sponsorship (the newcomer is settled, or another sponsor takes over). */
export async function endSponsorship(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const found = await strapi.db.query(SPONSORSHIP_UID).findOne({ where: { documentId }, populate: { newcomer: { select: ['documentId'] } } });
  if (!found?.newcomer) throw new NotFoundError('Parrainage introuvable.');
  const newcomer = await loadNewcomer(strapi, actor, found.newcomer.documentId);
  if (found.endedOn) throw new ConflictError('Ce parrainage est déjà terminé.');
  return strapi.db.transaction(async () => {
    const ended = await strapi.documents(SPONSORSHIP_UID).update({ documentId, data: { endedOn: todayInParis(), runningKey: null } as any });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::training.sponsorship.end',
      subject: { type: SPONSORSHIP_UID, id: documentId },
      federationId: newcomer.federation.id,
      details: {},
    });
    return { documentId, endedOn: (ended as any).endedOn };
  });
}
