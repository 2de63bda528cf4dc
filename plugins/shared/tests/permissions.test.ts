import { describe, expect, it } from 'vitest';
import { definePermissions, roleMayAttempt, withinScope, type Actor, type Scope } from '../src';

const actor = (over: Partial<Actor> = {}): Actor => ({
  userId: 10,
  label: 'test',
  role: 'member',
  memberId: 1,
  memberDocumentId: 'm1',
  federationId: 30,
  sectionId: 300,
  status: 'active',
  ...over,
});

describe('withinScope', () => {
  const cases: [Scope | undefined, Partial<Actor>, Record<string, number | null>, boolean][] = [
    ['all', {}, { federationId: 34 }, true],
    ['federation', {}, { federationId: 30 }, true],
    ['federation', {}, { federationId: 34 }, false],
    ['federation', { federationId: null }, { federationId: null }, false],
    ['section', {}, { sectionId: 300 }, true],
    ['section', {}, { sectionId: 301, federationId: 30 }, false],
    ['section', { sectionId: null }, { sectionId: null }, false],
    ['self', {}, { ownerUserId: 10 }, true],
    ['self', {}, { ownerUserId: 11 }, false],
    ['self', {}, { ownerUserId: null }, false],
    [undefined, {}, { federationId: 30 }, false],
  ];
  it.each(cases)('%s scope, actor %j, subject %j → %s', (scope, over, subject, expected) => {
    expect(withinScope(scope, actor(over), subject)).toBe(expected);
  });
});

describe('definePermissions', () => {
  const { can, scopeOf } = definePermissions({
    'thing.read': { member: 'self', 'federation-staff': 'federation', 'national-admin': 'all' },
  });
  it('answers per role and subject', () => {
    expect(can(actor(), 'thing.read', { ownerUserId: 10 })).toBe(true);
    expect(can(actor(), 'thing.read', { ownerUserId: 99, federationId: 30 })).toBe(false);
    expect(can(actor({ role: 'federation-staff' }), 'thing.read', { federationId: 30 })).toBe(true);
    expect(can(actor({ role: 'federation-staff' }), 'thing.read', { federationId: 34 })).toBe(false);
    expect(can(actor({ role: 'national-admin', federationId: null }), 'thing.read', { federationId: 34 })).toBe(true);
    expect(can(actor({ role: 'elected-official' }), 'thing.read', { ownerUserId: 10 })).toBe(false);
    expect(scopeOf(actor({ role: 'federation-staff' }), 'thing.read')).toBe('federation');
  });
  it('tells which roles may attempt an action at all', () => {
    expect(roleMayAttempt({ member: 'self' }, 'member')).toBe(true);
    expect(roleMayAttempt({ member: 'self' }, 'section-secretary')).toBe(false);
  });
});
