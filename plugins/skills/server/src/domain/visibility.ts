import { notBarredByMembership, ROLES, type EffectiveStatus, type Role } from '@intranet-militant/shared';
import { FIELD_LEVELS, PROFILE_LEVELS, type FieldLevel, type ProfileField, type ProfileLevel } from './vocabulary';

/**
 * Who sees a skills profile, and which of its fields: one pure predicate (`sees`) and the
 * same rule as SQL (`levelSql`), built from one list of clauses (`viewerClauses`) so they
 * cannot drift; `tests/visibility-agreement.test.ts` checks both agree on the same fixtures
 * on SQLite and PostgreSQL.
 *
 * Source of the rule: GDPR art. 9 (membership of a party reveals a political opinion): a
 * profile is shown only after the member's explicit consent (`listed` is false without it,
 * and when the member is suspended, excluded or gone), and only to the audience the member
 * chose — stricter for each field if they wish.
 */

/** Who is looking (an actor or any record with the same place). */
export interface DirectoryViewer {
  role: Role;
  federationId: number | null;
  sectionId: number | null;
}

/** A profile as the rule reads it: listed (consented and member active), its place, and a level. */
export interface ProfileTarget {
  listed: boolean;
  federationId: number | null;
  sectionId: number | null;
}

/** One alternative of the rule: the viewer sees a level when a clause holds. */
export type ViewerClause =
  | { kind: 'everything' }
  | { kind: 'federation-staff'; federationId: number }
  | { kind: 'all-members' }
  | { kind: 'federation'; federationId: number }
  | { kind: 'section'; sectionId: number };

/** The clauses of one viewer. National staff see every listed profile; a federation's staff every listed profile of it. */
export function viewerClauses(viewer: DirectoryViewer): ViewerClause[] {
  if (viewer.role === ROLES.nationalAdmin) return [{ kind: 'everything' }];
  const clauses: ViewerClause[] = [{ kind: 'all-members' }];
  if (viewer.role === ROLES.federationStaff && viewer.federationId != null) clauses.push({ kind: 'federation-staff', federationId: viewer.federationId });
  if (viewer.federationId != null) clauses.push({ kind: 'federation', federationId: viewer.federationId });
  if (viewer.sectionId != null) clauses.push({ kind: 'section', sectionId: viewer.sectionId });
  return clauses;
}

function holds(clause: ViewerClause, target: ProfileTarget, level: FieldLevel): boolean {
  switch (clause.kind) {
    case 'everything':
      return true;
    case 'federation-staff':
      return target.federationId === clause.federationId;
    case 'all-members':
      return level === 'all';
    case 'federation':
      return level === 'federation' && target.federationId === clause.federationId;
    case 'section':
      return level === 'section' && target.sectionId === clause.sectionId;
  }
}

/**
 * Does the viewer see something of this profile held at `level`? Never when the profile is
 * not listed, never a `private` field. Pure. (The member's own view of their profile is
 * not this rule: they always see all of it.)
 */
export function sees(viewer: DirectoryViewer, target: ProfileTarget, level: FieldLevel): boolean {
  if (!target.listed || level === 'private') return false;
  return viewerClauses(viewer).some((clause) => holds(clause, target, level));
}

/**
 * May this actor read other members' profiles (directory, profile pages, network rosters and
 * exports, confirmations)? Not while their own membership is suspended, nor once it has ended
 * (as training refuses their enrolments): an account without member profile (status null)
 * may (`notBarredByMembership`). Their own profile stays theirs whatever their status (GDPR
 * rights). Pure.
 */
export function consultsDirectory(actor: { status: EffectiveStatus | null }): boolean {
  return notBarredByMembership(actor.status);
}

/**
 * Is a profile of this federation served at all? Not when the federation switched
 * « Compétences et réseaux » off (`off`: the ids of those federations, from the modules
 * plugin): it does not use the directory, so its members' profiles are kept but shown to
 * nobody, until it is switched on again. Pure.
 */
export function served(target: { federationId: number | null }, off: readonly number[]): boolean {
  return target.federationId == null || !off.includes(target.federationId);
}

/** `served` as a parameterised SQL condition on the profile's federation column. */
export function servedSql(off: readonly number[], column = PROFILE_COLUMNS.federationId): { sql: string; bindings: unknown[] } {
  if (off.length === 0) return { sql: '1 = 1', bindings: [] };
  return { sql: `(${column} IS NULL OR ${column} NOT IN (${off.map(() => '?').join(', ')}))`, bindings: [...off] };
}

/** The narrower of two levels (`private` < `staff` < `section` < `federation` < `all`). */
export function narrower(a: FieldLevel, b: FieldLevel): FieldLevel {
  return FIELD_LEVELS.indexOf(a) <= FIELD_LEVELS.indexOf(b) ? a : b;
}

/** A field's level as it applies: its override, never wider than the profile's. */
export function effectiveLevel(profile: ProfileLevel, override: FieldLevel | undefined): FieldLevel {
  return override ? narrower(profile, override) : profile;
}

export function isProfileLevel(value: unknown): value is ProfileLevel {
  return typeof value === 'string' && (PROFILE_LEVELS as readonly string[]).includes(value);
}

/** Where the profiles table (alias in the columns) keeps what the rule reads. */
export interface ProfileColumns {
  listed: string;
  federationId: string;
  sectionId: string;
}

export const PROFILE_COLUMNS: ProfileColumns = { listed: 'p.listed', federationId: 'p.federation_id', sectionId: 'p.section_id' };

/**
 * The rule as a parameterised SQL condition for a level column (`p.visibility`, or a
 * field's effective level such as `p.skills_level`): the same clauses as `sees`. `?` bindings.
 */
export function levelSql(viewer: DirectoryViewer, levelColumn: string, columns: ProfileColumns = PROFILE_COLUMNS): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [];
  const parts = viewerClauses(viewer).map((clause) => {
    switch (clause.kind) {
      case 'everything':
        return '1 = 1';
      case 'federation-staff':
        bindings.push(clause.federationId);
        return `${columns.federationId} = ?`;
      case 'all-members':
        return `${levelColumn} = 'all'`;
      case 'federation':
        bindings.push(clause.federationId);
        return `(${levelColumn} = 'federation' AND ${columns.federationId} = ?)`;
      case 'section':
        bindings.push(clause.sectionId);
        return `(${levelColumn} = 'section' AND ${columns.sectionId} = ?)`;
    }
  });
  return { sql: `(${columns.listed} AND ${levelColumn} <> 'private' AND (${parts.join(' OR ')}))`, bindings };
}

/** The profile's columns holding each field's effective level (kept by the commands). */
export const LEVEL_COLUMNS: Record<ProfileField | 'profile', string> = {
  profile: 'visibility',
  skills: 'skills_level',
  sector: 'sector_level',
  networks: 'networks_level',
  interests: 'interests_level',
  availability: 'availability_level',
  languages: 'languages_level',
  email: 'email_level',
  phone: 'phone_level',
};
