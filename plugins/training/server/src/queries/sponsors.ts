import type { Core } from '@strapi/strapi';
import { getService, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { loadNewcomer, mustBeNewcomer } from '../commands/sponsor';
import { maxSponsorLoad } from '../settings';
import { isNewMember } from '../domain/courses';
import { rankSponsors } from '../domain/sponsors';
import { SPONSORSHIP_UID } from '../uids';

/** How many newcomers each member sponsors now. */
async function loads(strapi: Core.Strapi): Promise<Map<number, number>> {
  const running: { sponsor: { id: number } | null }[] = await strapi.db.query(SPONSORSHIP_UID).findMany({ where: { endedOn: { $null: true } }, populate: { sponsor: { select: ['id'] } } });
  const counts = new Map<number, number>();
  for (const s of running) if (s.sponsor) counts.set(s.sponsor.id, (counts.get(s.sponsor.id) ?? 0) + 1);
  return counts;
}

/**
 * Sponsors to propose for a newcomer (a read): active members of their federation today
 * (a suspension past its end counts as active), no longer new, below the load limit;
 * nearest, least loaded, longest-standing first; ten at most. Throws 404 as `loadNewcomer`,
 * 400 for a member no longer new (`mustBeNewcomer`).
 */
export async function suggestSponsors(strapi: Core.Strapi, actor: Actor, newcomerId: string) {
  const newcomer = await loadNewcomer(strapi, actor, newcomerId);
  mustBeNewcomer(newcomer);
  const maxLoad = maxSponsorLoad(strapi);
  const today = todayInParis();
  const load = await loads(strapi);
  const people = (await getService(strapi, 'membership', 'directory').activeMembersOn(newcomer.federation.id, today)).filter((m) => !isNewMember(m.joinedOn, today));
  const byId = new Map(people.map((m) => [m.id, m]));
  const ranked = rankSponsors(
    { memberId: newcomer.id, sectionId: newcomer.section?.id ?? null },
    people.map((m) => ({ memberId: m.id, sectionId: m.section?.id ?? null, joinedOn: m.joinedOn, load: load.get(m.id) ?? 0 })),
    maxLoad
  );
  const suggestions = ranked.slice(0, 10).map((c) => {
    const m = byId.get(c.memberId)!;
    return { member: { documentId: m.documentId, name: `${m.firstName} ${m.lastName}`, section: m.section?.name ?? null }, sameSection: c.sameSection, sponsoring: c.load, joinedOn: c.joinedOn };
  });
  return { suggestions, maxLoad };
}
