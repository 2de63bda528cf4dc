import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '@intranet-militant/shared';
import { can } from '../server/src/permissions';

const actor = (role: Role): Actor => ({ userId: 1, label: 'x', role, memberId: 1, memberDocumentId: 'm', federationId: 10, sectionId: 100, status: 'active' });
const own = { federationId: 10, sectionId: 100 };
const sameFederation = { federationId: 10, sectionId: 200 };
const elsewhere = { federationId: 20, sectionId: 300 };

describe('who may send an invitation again', () => {
  it.each([
    ['section-secretary', own, true],
    ['section-secretary', sameFederation, false],
    ['federation-staff', sameFederation, true],
    ['federation-staff', elsewhere, false],
    ['national-admin', elsewhere, true],
    ['member', own, false],
    ['elected-official', own, false],
    ['conflicts-commission', own, false],
  ] as const)('%s on %o: %s', (role, subject, allowed) => {
    expect(can(actor(role), 'invitation.send', subject)).toBe(allowed);
  });
});

describe('who may take an address off the bouncing list', () => {
  it.each([
    ['federation-staff', sameFederation, true],
    ['federation-staff', elsewhere, false],
    ['national-admin', elsewhere, true],
    ['section-secretary', own, false],
    ['member', own, false],
  ] as const)('%s on %o: %s', (role, subject, allowed) => {
    expect(can(actor(role), 'bounce.clear', subject)).toBe(allowed);
  });
});
