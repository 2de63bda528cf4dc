import { describe, expect, it } from 'vitest';
import type { Actor, AudienceTarget, Role } from '@intranet-militant/shared';
import { canRead } from '../src/content/audience';
import { blocksToText } from '../src/content/blocks';

const actorAs = (role: Role, federationId: number | null = 30, sectionId: number | null = 300): Actor => ({
  userId: 1, label: role, role, memberId: 1, memberDocumentId: 'm', federationId, sectionId, status: 'active',
});

const national: AudienceTarget = { audience: 'national', federationId: null, sectionId: null };
const gard: AudienceTarget = { audience: 'federation', federationId: 30, sectionId: null };
const herault: AudienceTarget = { audience: 'federation', federationId: 34, sectionId: null };
const nimes: AudienceTarget = { audience: 'section', federationId: 30, sectionId: 300 };
const ales: AudienceTarget = { audience: 'section', federationId: 30, sectionId: 301 };

describe('who reads what', () => {
  it.each([
    ['member', national, true],
    ['member', gard, true],
    ['member', herault, false],
    ['member', nimes, true],
    ['member', ales, false],
    ['section-secretary', ales, false],
    ['federation-staff', ales, true],
    ['federation-staff', herault, false],
    ['conflicts-commission', ales, false],
  ] as [Role, AudienceTarget, boolean][])('%s reads %j → %s', (role, target, expected) => {
    expect(canRead(actorAs(role), target)).toBe(expected);
  });

  it('lets national admins read everything and members without a federation read national content only', () => {
    expect(canRead(actorAs('national-admin', null, null), herault)).toBe(true);
    expect(canRead(actorAs('member', null, null), national)).toBe(true);
    expect(canRead(actorAs('member', null, null), gard)).toBe(false);
  });
});

describe('blocksToText', () => {
  it('flattens paragraphs, headings and links to plain text', () => {
    const text = blocksToText([
      { type: 'heading', level: 2, children: [{ type: 'text', text: 'Ordre du jour' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'Voir ' }, { type: 'link', url: 'x', children: [{ type: 'text', text: 'le site' }] }, { type: 'text', text: '.' }] },
    ]);
    expect(text).toBe('Ordre du jour\nVoir le site.');
    expect(blocksToText(null)).toBe('');
  });
});
