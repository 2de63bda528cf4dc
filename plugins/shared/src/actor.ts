import type { Role } from './roles';

export type MemberStatus = 'active' | 'suspended' | 'excluded';

/**
 * Who is calling: the authenticated account, its role and, when it has one, its member
 * profile's place in the organisation. Built once per request by the membership plugin.
 */
export interface Actor {
  /** A member's account (API), or a staff member in the admin panel. */
  kind?: 'user' | 'admin';
  /** The users-permissions account, or the admin user for `kind: 'admin'`. */
  userId: number;
  /** « Prénom Nom <email> (Rôle) »: how the audit log names them. */
  label: string;
  /** « Prénom Nom (Rôle) »: how a member reads who acted (no address); when the builder knows it. */
  name?: string;
  role: Role;
  memberId: number | null;
  memberDocumentId: string | null;
  federationId: number | null;
  sectionId: number | null;
  /**
   * The member's joining date (YYYY-MM-DD, Paris), when the actor's builder read it (the
   * membership plugin's does); undefined otherwise (read it from the member then).
   */
  joinedOn?: string | null;
  /** Effective status today (`left` never signs in: the departure blocks the account). */
  status: import('./status').EffectiveStatus | null;
}

/** What a permission is checked against: where the thing lives and whose it is. */
export interface Subject {
  federationId?: number | null;
  sectionId?: number | null;
  ownerUserId?: number | null;
}

/** The actor the `authorize` policy resolved for this request. */
export function actorOf(ctx: { state: Record<string, any> }): Actor {
  const actor = ctx.state.actor as Actor | undefined;
  if (!actor) throw new Error('No actor on this request: is the route missing its authorize policy?');
  return actor;
}
