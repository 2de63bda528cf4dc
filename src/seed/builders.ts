import type { Core } from '@strapi/strapi';
import { randomBytes } from 'crypto';
import { todayInParis, type Role } from '@intranet-militant/shared';

/**
 * Direct builders of membership data, for the demo seed and the test factories. They
 * write through the Document Service, so the integrity rules still apply, but they skip
 * the commands' permission checks and audit entries: they are not a way in for users.
 */

const FEDERATION_UID = 'plugin::membership.federation';
const SECTION_UID = 'plugin::membership.section';
const MEMBER_UID = 'plugin::membership.member';
const DUE_UID = 'plugin::membership.due';
const USER_UID = 'plugin::users-permissions.user';
const ROLE_UID = 'plugin::users-permissions.role';

export async function buildFederation(strapi: Core.Strapi, data: { name: string; departmentCode: string }) {
  return strapi.documents(FEDERATION_UID as any).create({ data }) as Promise<any>;
}

export async function buildSection(strapi: Core.Strapi, federation: { id: number }, name: string) {
  return strapi.documents(SECTION_UID as any).create({ data: { name, federation: federation.id } as any }) as Promise<any>;
}

export async function buildAccount(strapi: Core.Strapi, data: { email: string; role: Role | 'authenticated'; password?: string }) {
  const role = await strapi.db.query(ROLE_UID).findOne({ where: { type: data.role } });
  if (!role) throw new Error(`Unknown role ${data.role}`);
  return strapi.documents(USER_UID as any).create({
    data: {
      username: data.email,
      email: data.email,
      provider: 'local',
      password: data.password ?? randomBytes(24).toString('base64url'),
      confirmed: true,
      blocked: false,
      role: role.id,
    } as any,
  }) as Promise<any>;
}

export interface MemberSpec {
  email: string;
  firstName: string;
  lastName: string;
  membershipNumber: string;
  federation: { id: number };
  section?: { id: number } | null;
  role?: Role;
  password?: string;
  joinedOn?: string;
  status?: 'active' | 'suspended' | 'excluded';
  statusReason?: string;
  suspendedUntil?: string | null;
  /** Years whose dues are recorded. */
  paidYears?: number[];
  /** Sex as registered and year of birth (staff-only; the composition of bodies). */
  sex?: 'F' | 'M' | null;
  birthYear?: number | null;
}

export async function buildMember(strapi: Core.Strapi, spec: MemberSpec) {
  const user = await buildAccount(strapi, { email: spec.email, role: spec.role ?? 'member', password: spec.password });
  const member: any = await strapi.documents(MEMBER_UID as any).create({
    data: {
      membershipNumber: spec.membershipNumber,
      firstName: spec.firstName,
      lastName: spec.lastName,
      joinedOn: spec.joinedOn ?? '2020-01-15',
      sex: spec.sex ?? null,
      birthYear: spec.birthYear ?? null,
      membershipStatus: spec.status ?? 'active',
      statusReason: spec.statusReason ?? null,
      suspendedUntil: spec.suspendedUntil ?? null,
      user: user.id,
      federation: spec.federation.id,
      section: spec.section?.id ?? null,
    } as any,
  });
  // Dues are paid on 20 January, or on the day one joined when that came later that year (and is past).
  const joined = spec.joinedOn;
  for (const year of spec.paidYears ?? []) {
    const late = joined && joined > `${year}-01-20` && joined.startsWith(`${year}-`) && joined <= todayInParis();
    await buildDue(strapi, member, year, 3000, late ? joined : undefined);
  }
  return { member, user };
}

export async function buildDue(strapi: Core.Strapi, member: { id: number }, year: number, amountCents = 3000, paidOn = `${year}-01-20`) {
  return strapi.documents(DUE_UID as any).create({
    data: { member: member.id, year, amountCents, paidOn, method: 'virement' } as any,
  });
}
