import type { Actor, Subject } from './actor';
import { ROLE_LIST, type Role } from './roles';

/**
 * How far a role's right reaches:
 * - `all`: everywhere (national);
 * - `federation`: subjects of the actor's own federation;
 * - `section`: subjects of the actor's own section;
 * - `self`: subjects the actor owns.
 */
export type Scope = 'all' | 'federation' | 'section' | 'self';

/** One action: which roles may attempt it, and how far each reaches. Roles absent are denied. */
export type PermissionRule = Partial<Record<Role, Scope>>;

export type PermissionTable<Action extends string = string> = Record<Action, PermissionRule>;

/** Every intranet role with the same scope, e.g. `allRoles('federation', { 'national-admin': 'all' })`. */
export function allRoles(scope: Scope, overrides: PermissionRule = {}): PermissionRule {
  return { ...Object.fromEntries(ROLE_LIST.map((role) => [role, scope])), ...overrides };
}

/** May this role attempt the action at all (before any subject is known)? */
export function roleMayAttempt(rule: PermissionRule, role: Role): boolean {
  return rule[role] !== undefined;
}

export function withinScope(scope: Scope | undefined, actor: Actor, subject: Subject): boolean {
  switch (scope) {
    case 'all':
      return true;
    case 'federation':
      return actor.federationId != null && subject.federationId === actor.federationId;
    case 'section':
      return actor.sectionId != null && subject.sectionId === actor.sectionId;
    case 'self':
      return subject.ownerUserId != null && subject.ownerUserId === actor.userId;
    default:
      return false;
  }
}

/** Builds the pure `can(actor, action, subject)` predicate of a plugin from its table. */
export function definePermissions<Action extends string>(table: PermissionTable<Action>) {
  function can(actor: Actor, action: Action, subject: Subject): boolean {
    return withinScope(table[action][actor.role], actor, subject);
  }
  function scopeOf(actor: Actor, action: Action): Scope | undefined {
    return table[action][actor.role];
  }
  return { table, can, scopeOf };
}
