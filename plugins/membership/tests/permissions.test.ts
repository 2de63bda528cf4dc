import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '@intranet-militant/shared';
import { can, type MembershipAction } from '../server/src/permissions';

// Gard (30) has sections 300 and 301; Hérault is 34. The actor is user 10.
const actorAs = (role: Role, over: Partial<Actor> = {}): Actor => ({
  userId: 10,
  label: role,
  role,
  memberId: 1,
  memberDocumentId: 'm1',
  federationId: role === 'national-admin' ? null : 30,
  sectionId: role === 'national-admin' ? null : 300,
  status: 'active',
  ...over,
});

const self = { federationId: 30, sectionId: 300, ownerUserId: 10 };
const sameSection = { federationId: 30, sectionId: 300, ownerUserId: 11 };
const otherSection = { federationId: 30, sectionId: 301, ownerUserId: 12 };
const otherFederation = { federationId: 34, sectionId: 340, ownerUserId: 13 };

type Row = [Role, MembershipAction, typeof self, boolean];

const table: Row[] = [
  // A member sees their own profile, dues and eligibility; nobody else's; lists nothing.
  ['member', 'member.read', self, true],
  ['member', 'member.read', sameSection, false],
  ['member', 'due.read', self, true],
  ['member', 'eligibility.read', self, true],
  ['member', 'eligibility.read', sameSection, false],
  ['member', 'member.list', self, false],
  ['member', 'member.create', self, false],
  ['member', 'due.record', self, false],
  ['elected-official', 'member.read', sameSection, false],
  // A section secretary acts on their section only.
  ['section-secretary', 'member.read', sameSection, true],
  ['section-secretary', 'member.read', otherSection, false],
  ['section-secretary', 'member.create', sameSection, true],
  ['section-secretary', 'member.create', otherSection, false],
  ['section-secretary', 'due.record', sameSection, true],
  ['section-secretary', 'due.record', otherSection, false],
  ['section-secretary', 'due.cancel', sameSection, false],
  ['section-secretary', 'member.status', sameSection, false],
  ['section-secretary', 'member.role', sameSection, false],
  ['section-secretary', 'section.write', sameSection, false],
  // Federation staff act on their federation only.
  ['federation-staff', 'member.read', otherSection, true],
  ['federation-staff', 'member.read', otherFederation, false],
  ['federation-staff', 'member.update', otherSection, true],
  ['federation-staff', 'member.update', otherFederation, false],
  ['federation-staff', 'member.status', otherSection, true],
  ['federation-staff', 'member.status', otherFederation, false],
  ['federation-staff', 'member.transfer', otherSection, false],
  ['federation-staff', 'due.cancel', otherSection, true],
  ['federation-staff', 'section.write', otherSection, true],
  ['federation-staff', 'section.write', otherFederation, false],
  ['federation-staff', 'federation.write', otherSection, false],
  // The conflicts commission reads and changes statuses in its federation, nothing else.
  ['conflicts-commission', 'member.status', otherSection, true],
  ['conflicts-commission', 'member.status', otherFederation, false],
  ['conflicts-commission', 'member.update', otherSection, false],
  ['conflicts-commission', 'due.record', otherSection, false],
  // National admins everywhere.
  ['national-admin', 'member.read', otherFederation, true],
  ['national-admin', 'member.transfer', otherFederation, true],
  ['national-admin', 'federation.write', otherFederation, true],
  ['national-admin', 'due.cancel', otherFederation, true],
];

describe('membership permissions', () => {
  it.each(table)('%s may %s on %j → %s', (role, action, subject, expected) => {
    expect(can(actorAs(role), action, subject)).toBe(expected);
  });

  it('denies staff who have no federation', () => {
    expect(can(actorAs('federation-staff', { federationId: null }), 'member.read', { federationId: null })).toBe(false);
  });
});
