import type { Core } from '@strapi/strapi';
import {
  cacheTags,
  effectiveStatusFilter,
  fieldError,
  ForbiddenError,
  getService,
  NotFoundError,
  requestCache,
  todayInParis,
  type Actor,
} from '@intranet-militant/shared';
import { assertMemberAction, MEMBER_NOT_FOUND } from '../commands/member-rules';
import { assessEligibility, standingOf, type Eligibility } from '../domain/eligibility';
import { membershipPermissions } from '../permissions';
import { subjectOfMember } from '../presenters';
import type { AdminUser } from '../services/admin-scope';
import type { MemberRow } from '../services/directory';
import type { EligibilityQuery, MemberListQuery } from '../validation/schemas';

/** What an actor may read about one member (their profile, dues, eligibility). */
export type MemberReadAction = 'member.read' | 'due.read' | 'eligibility.read';

/**
 * The member (by documentId) the actor may read with `action`.
 * @throws NotFoundError (404) when there is no such member, and the same (as unknown) for a
 *         member outside the actor's scope; ForbiddenError (403) for a member they may see
 *         but not read so (`assertMemberAction`).
 */
export async function readableMember(strapi: Core.Strapi, actor: Actor, documentId: string, action: MemberReadAction): Promise<MemberRow> {
  const member = await getService(strapi, 'membership', 'directory').memberByDocumentId(documentId);
  if (!member) throw new NotFoundError(MEMBER_NOT_FOUND);
  assertMemberAction(actor, action, subjectOfMember(member), 'Cet adhérent ne relève pas de votre périmètre.');
  return member;
}

/**
 * One page of the members the actor may list (`member.list`: their section, their
 * federation or everyone), filtered by federation, section, effective status and a search
 * on name, number or sign-in address. Paged by the database.
 * @throws ValidationError (400) for an unknown federation filter,
 *         ForbiddenError (403) for another federation's filter.
 */
export async function listMembers(strapi: Core.Strapi, actor: Actor, query: MemberListQuery): Promise<{ results: MemberRow[]; total: number }> {
  const directory = getService(strapi, 'membership', 'directory');
  const where: Record<string, unknown>[] = [];
  const scope = membershipPermissions.scopeOf(actor, 'member.list');
  if (scope === 'federation') where.push({ federation: { id: actor.federationId ?? -1 } });
  if (scope === 'section') where.push({ section: { id: actor.sectionId ?? -1 } });
  if (query.federation) {
    const federation = await directory.federationByDocumentId(query.federation);
    if (!federation) throw fieldError('federation', 'Fédération inconnue.');
    if (scope !== 'all' && federation.id !== actor.federationId) {
      throw new ForbiddenError('Vous ne consultez que les adhérents de votre fédération.');
    }
    where.push({ federation: { id: federation.id } });
  }
  if (query.section) where.push({ section: { documentId: query.section } });
  if (query.status) where.push(effectiveStatusFilter(query.status, todayInParis()));
  if (query.q) {
    where.push({
      $or: [
        { lastName: { $containsi: query.q } },
        { firstName: { $containsi: query.q } },
        { membershipNumber: { $containsi: query.q } },
        // The address they sign in with: staff often have only an email to go on.
        { user: { email: { $containsi: query.q } } },
      ],
    });
  }
  return directory.listMembers({ $and: where }, query.page, query.pageSize);
}

/**
 * The dues of a member the actor may read (`due.read`), newest year first.
 * @throws NotFoundError (404) for an unknown member or one outside the actor's scope, as `readableMember`.
 */
export async function duesOfMember(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const member = await readableMember(strapi, actor, documentId, 'due.read');
  return getService(strapi, 'membership', 'directory').duesOf(member.id);
}

/**
 * Whether a member the actor may read (`eligibility.read`) may take part, on a date and
 * with a cut-off. @throws NotFoundError (404) as `readableMember`.
 */
export async function eligibilityOfMember(strapi: Core.Strapi, actor: Actor, documentId: string, query: EligibilityQuery): Promise<Eligibility> {
  const member = await readableMember(strapi, actor, documentId, 'eligibility.read');
  return getService(strapi, 'membership', 'eligibility').ofMember(member.id, query);
}

/** « Mon adhésion »: the actor's own profile, dues and eligibility today (nulls without a profile). */
export async function myMembership(strapi: Core.Strapi, actor: Actor) {
  const directory = getService(strapi, 'membership', 'directory');
  if (!actor.memberId) return { member: null, dues: [], eligibility: null };
  // The profile (kept in the request cache, issue 13: any change of the member, its links, its
  // account or role, or a federation's or section's name invalidates it on every instance) and the
  // dues at once; eligibility today from them (the rule of `eligibility.ofMember`, no other read).
  const profile = requestCache(strapi).read(`own-member:${actor.userId}`, () => directory.memberOfUser(actor.userId) as Promise<MemberRow | null>, {
    tags: (row) => [cacheTags.user(actor.userId), cacheTags.places, cacheTags.usersPermissions, ...(row ? [cacheTags.member(row.id)] : [])],
  });
  // The dues kept per member too (tags `member:<id>` and `dues`: any write to dues drops them).
  const memberId = actor.memberId;
  const ownDues = requestCache(strapi).read(`own-dues:${memberId}`, () => directory.duesOf(memberId), { tags: () => [cacheTags.member(memberId), cacheTags.dues] });
  const [member, dues] = await Promise.all([profile, ownDues]);
  if (!member) return { member: null, dues: [], eligibility: null };
  const memberDues = member.id === actor.memberId ? dues : await directory.duesOf(member.id);
  const paidYears = memberDues.filter((d: { cancelledOn?: string | null }) => !d.cancelledOn).map((d: { year: number }) => d.year);
  return { member, dues: memberDues, eligibility: assessEligibility(standingOf(member, paidYears), todayInParis(), null) };
}

/**
 * The actor an admin-panel user is when acting on a member: the staff of that member's
 * federation if they hold its role (`admin-scope.actorFor`), so that the command's own
 * checks (scope, rank, own profile) decide. An unknown member gives the user's first
 * federation: the command then answers its 404.
 */
export async function adminActorForMember(strapi: Core.Strapi, adminUser: AdminUser, documentId: string): Promise<Actor> {
  const member = await getService(strapi, 'membership', 'directory').memberByDocumentId(documentId);
  return getService(strapi, 'membership', 'admin-scope').actorFor(adminUser, member?.federation?.departmentCode ?? null);
}
