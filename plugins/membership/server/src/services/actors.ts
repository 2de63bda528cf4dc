import type { Core } from '@strapi/strapi';
import { cacheTags, effectiveStatus, ForbiddenError, isRole, NotFoundError, requestCache, ROLE_LABELS, todayInParis, type Actor } from '@intranet-militant/shared';
import { MEMBER_UID, USER_UID } from '../uids';

export interface AuthenticatedUser {
  id: number;
  email?: string;
  role?: { type?: string } | null;
}

interface MemberRow {
  id: number;
  documentId: string;
  membershipStatus: 'active' | 'suspended' | 'excluded';
  suspendedUntil?: string | null;
  leftOn?: string | null;
  joinedOn?: string | null;
  firstName: string;
  lastName: string;
  federation?: { id: number } | null;
  section?: { id: number } | null;
}

/** A Koa request (or policy context) as far as the actor is concerned. */
export interface RequestWithActor {
  state: { user?: AuthenticatedUser; actor?: Actor } & Record<string, unknown>;
}

/** Who is calling: built once per request from the users-permissions user and their member profile. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * The actor of a users-permissions account: its role, member profile and effective status.
   * @throws ForbiddenError when the account holds no intranet role.
   */
  async forUser(user: AuthenticatedUser): Promise<Actor> {
    const role = user.role?.type;
    if (!isRole(role)) {
      throw new ForbiddenError('Votre compte n’a pas encore de rôle dans l’intranet : contactez votre fédération.');
    }
    // The member row is kept per process (issue 13): invalidated by any change of the member, of
    // its links or of the account (triggers, src/platform/cache-invalidation.ts). The status is
    // still computed on today's date at each request (a suspension ends by itself).
    const member = await requestCache(strapi).read(
      `actor-member:${user.id}`,
      () =>
        strapi.db.query(MEMBER_UID).findOne({
          where: { user: { id: user.id } },
          select: ['id', 'documentId', 'membershipStatus', 'suspendedUntil', 'leftOn', 'firstName', 'lastName', 'joinedOn'],
          populate: { federation: { select: ['id'] }, section: { select: ['id'] } },
        }) as Promise<MemberRow | null>,
      { tags: (row) => [cacheTags.user(user.id), ...(row ? [cacheTags.member(row.id)] : [])] }
    );
    // An account without a member profile (the national administration, say) is named by its
    // role: the audit journal and the authors' names read « Administration nationale », never
    // an account number.
    const who = member ? `${member.firstName} ${member.lastName}` : null;
    const status = member ? effectiveStatus({ status: member.membershipStatus, suspendedUntil: member.suspendedUntil ?? null, leftOn: member.leftOn ?? null }, todayInParis()) : null;
    // A suspended officer acts as a plain member until the suspension ends.
    const acting = status === 'suspended' ? 'member' : role;
    const roleName = ROLE_LABELS[acting].name;
    // A member's name says in which capacity they acted when it is an office (« Inès Benali
    // (Secrétaire de section) »); « (Adhérent) » would add nothing to a plain member's name.
    const capacity = acting === 'member' ? '' : ` (${roleName})`;
    return {
      userId: user.id,
      label: who ? `${who} <${user.email ?? '?'}>${capacity}` : `${roleName} <${user.email ?? '?'}>`,
      name: who ? `${who}${capacity}` : roleName,
      role: acting,
      memberId: member?.id ?? null,
      memberDocumentId: member?.documentId ?? null,
      federationId: member?.federation?.id ?? null,
      sectionId: member?.section?.id ?? null,
      joinedOn: member ? (member.joinedOn ?? null) : null,
      status,
    };
  },

  /**
   * The actor of an account by its id, without a request (commands run by jobs, tests).
   * @throws NotFoundError when there is no such account, ForbiddenError as `forUser`.
   */
  async forUserId(userId: number): Promise<Actor> {
    const user = await strapi.db.query(USER_UID).findOne({ where: { id: userId }, select: ['id', 'email'], populate: { role: { select: ['type'] } } });
    if (!user) throw new NotFoundError('Compte introuvable.');
    return this.forUser(user);
  },

  /** The actor of a Koa request, cached on `ctx.state.actor`. */
  async forRequest(ctx: RequestWithActor): Promise<Actor> {
    if (!ctx.state.user) {
      // An admin API token, say: it carries no member, so intranet routes are not for it.
      throw new ForbiddenError('Ces routes sont réservées aux comptes de l’intranet.');
    }
    if (!ctx.state.actor) ctx.state.actor = await this.forUser(ctx.state.user);
    return ctx.state.actor;
  },
});
