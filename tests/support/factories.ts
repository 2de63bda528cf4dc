import type { Core } from '@strapi/strapi';
import type { Actor, Role } from '@intranet-militant/shared';
import { addDays, getService, todayInParis, yearOf } from '@intranet-militant/shared';
import type {} from '@intranet-militant/notifications';
import { buildDue, buildFederation, buildMember, buildSection, buildAccount } from '../../src/seed/builders';
import { bootStrapi } from './strapi';

/**
 * Factories for every plugin's tests: federations, sections, members (with their login
 * account, role and a ready access token) and dues. Values are unique per run.
 */

const DEPARTMENTS = [
  ...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, '0')).filter((c) => c !== '20'),
  '2A', '2B', '971', '972', '973', '974', '975', '976',
];
let federationCount = 0;
let memberCount = 0;

export const thisYear = () => yearOf(todayInParis());

/**
 * A federation in the next department no test has taken yet (some tests create « 48 » or « 2A »
 * themselves); with `where`, in the first free department that passes it (one with four
 * legislative constituencies or more, say).
 */
export async function createFederation(overrides: { name?: string; where?: (departmentCode: string) => boolean | Promise<boolean> } = {}) {
  const strapi = await bootStrapi();
  const taken = async (code: string) => (await strapi.db.query('plugin::membership.federation').count({ where: { departmentCode: code } })) > 0;
  let departmentCode: string | undefined;
  if (overrides.where) {
    for (const code of DEPARTMENTS) if (!(await taken(code)) && (await overrides.where(code))) return buildFederation(strapi, { name: overrides.name ?? `Fédération test ${code}`, departmentCode: code });
    throw new Error('No free department code passes the test federation’s condition.');
  }
  do departmentCode = DEPARTMENTS[federationCount++];
  while (departmentCode && (await taken(departmentCode)));
  if (!departmentCode) throw new Error('Out of department codes for test federations.');
  return buildFederation(strapi, { name: overrides.name ?? `Fédération test ${departmentCode}`, departmentCode });
}

export async function createSection(federation: { id: number }, name = `Section ${++memberCount}`) {
  return buildSection(await bootStrapi(), federation, name);
}

export interface TestMember {
  member: any;
  user: any;
  token: string;
  federation: any;
  section: any | null;
}

export async function createMember(
  options: {
    federation?: any;
    section?: any | null;
    role?: Role;
    paidYears?: number[];
    joinedOn?: string;
    status?: 'active' | 'suspended' | 'excluded';
    statusReason?: string;
    suspendedUntil?: string | null;
    password?: string;
    /** Registered as staff register members: invited by email (by default, activated and not emailed). */
    invited?: boolean;
  } = {}
): Promise<TestMember> {
  const strapi = await bootStrapi();
  const federation = options.federation ?? (await createFederation());
  const section = options.section === undefined ? null : options.section;
  const n = ++memberCount;
  const build = (run: () => Promise<{ member: any; user: any }>) =>
    options.invited ? run() : getService(strapi, 'notifications', 'invitations').alreadyActivated(run);
  const { member, user } = await build(() => buildMember(strapi, {
    email: `membre${n}.${Date.now().toString(36)}@test.intranet`,
    firstName: 'Prénom',
    lastName: `Nom${n}`,
    membershipNumber: `T-${String(n).padStart(6, '0')}`,
    federation,
    section,
    role: options.role,
    password: options.password,
    joinedOn: options.joinedOn,
    status: options.status,
    statusReason: options.statusReason ?? (options.status && options.status !== 'active' ? 'Motif de test' : undefined),
    suspendedUntil: options.suspendedUntil,
    paidYears: options.paidYears ?? [thisYear()],
  }));
  return { member, user, token: await tokenFor(strapi, user), federation, section };
}

/** An account with a role but no member profile (national admins, unassigned accounts). */
export async function createAccount(role: Role | 'authenticated') {
  const strapi = await bootStrapi();
  const user = await buildAccount(strapi, { email: `compte${++memberCount}.${Date.now().toString(36)}@test.intranet`, role });
  return { user, token: await tokenFor(strapi, user) };
}

export async function recordDues(member: { id: number }, year: number) {
  return buildDue(await bootStrapi(), member, year);
}

export async function tokenFor(strapi: Core.Strapi, user: { id: number }): Promise<string> {
  return strapi.plugin('users-permissions').service('jwt').issue({ id: user.id });
}

/**
 * A federation with two sections and one account per role, plus a second federation
 * with its own staff: enough to test every refusal (anonymous, wrong role, other
 * federation) and every success.
 */
export async function createWorld() {
  const federation = await createFederation();
  const other = await createFederation();
  const sectionA = await createSection(federation, 'Section A');
  const sectionB = await createSection(federation, 'Section B');
  const otherSection = await createSection(other, 'Section autre');
  return {
    federation,
    other,
    sectionA,
    sectionB,
    otherSection,
    member: await createMember({ federation, section: sectionA }),
    memberB: await createMember({ federation, section: sectionB }),
    secretary: await createMember({ federation, section: sectionA, role: 'section-secretary' }),
    staff: await createMember({ federation, section: sectionA, role: 'federation-staff' }),
    elected: await createMember({ federation, section: sectionB, role: 'elected-official' }),
    commission: await createMember({ federation, section: sectionB, role: 'conflicts-commission' }),
    otherStaff: await createMember({ federation: other, section: otherSection, role: 'federation-staff' }),
    otherMember: await createMember({ federation: other, section: otherSection }),
    national: await createAccount('national-admin'),
    /** Logged in, but holds no intranet role. */
    outsider: await createAccount('authenticated'),
  };
}

export type World = Awaited<ReturnType<typeof createWorld>>;

/** The newest audit entries about a subject. */
export async function auditEntriesFor(subjectId: string) {
  const strapi = await bootStrapi();
  return strapi.db.connection('audit_log').where({ subject_id: subjectId }).orderBy('seq', 'desc');
}

/**
 * A day a new mandates rule-set version may take effect (`publishRuleSet`: from the latest
 * standing version's date on, withdrawn ones aside) whatever the test files sharing this
 * process's database published before: `preferred` when it is after the latest version's
 * date, else the day after that date. Tests that publish rule sets use it so that their order
 * does not matter.
 */
export async function ruleSetDayFrom(preferred: string): Promise<string> {
  const strapi = await bootStrapi();
  const latest = await strapi.db.query('plugin::mandates.rule-set').findOne({ where: { withdrawnOn: { $null: true } }, orderBy: { version: 'desc' }, select: ['effectiveFrom'] });
  const after = addDays(String(latest.effectiveFrom).slice(0, 10), 1);
  return preferred > after ? preferred : after;
}

/**
 * A whole skills profile for `PUT /api/skills/me/profile` (a PUT replaces the profile: every
 * part is required): `parts` over an empty profile visible to staff only.
 */
export function skillsProfileBody(parts: Record<string, unknown>) {
  return { visibility: 'staff', fieldLevels: {}, sector: null, skills: [], networks: [], interests: [], willingness: [], hoursPerMonth: null, languages: [], ...parts };
}

/** The actor a user acts as in commands called without HTTP (membership's `actors.forUser`, with the user's role). */
export async function actorOf(user: { id: number }): Promise<Actor> {
  const strapi = await bootStrapi();
  const full = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: user.id }, populate: { role: true } });
  return strapi.plugin('membership').service('actors').forUser(full);
}
