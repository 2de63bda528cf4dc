import { describe, expect, it } from 'vitest';
import { audienceClauses, audienceKey, matchesAudience, type Actor, type AudienceTarget, type Role } from '@intranet-militant/shared';
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

describe('audienceKey (answers kept for every reader with the same key)', () => {
  const roles: Role[] = ['member', 'section-secretary', 'federation-staff', 'elected-official', 'conflicts-commission', 'national-admin'];
  const places: [number | null, number | null][] = [[30, 300], [30, 301], [34, 340], [30, null], [null, null]];
  const targets = [national, gard, herault, nimes, ales, { audience: 'section', federationId: 34, sectionId: 340 } as AudienceTarget];
  const viewers = roles.flatMap((role) => places.map(([f, s]) => ({ ...actorAs(role, f, s), userId: 1 + roles.indexOf(role) })));

  it('is the same exactly when two readers are addressed by the same targets', () => {
    for (const reach of ['reader', 'member'] as const) {
      for (const a of viewers) {
        for (const b of viewers) {
          const ra = audienceClauses(a, reach);
          const rb = audienceClauses(b, reach);
          const same = targets.every((t) => matchesAudience(ra, t) === matchesAudience(rb, t));
          if (audienceKey(ra) === audienceKey(rb)) expect({ a: a.label, b: b.label, reach, same }).toEqual({ a: a.label, b: b.label, reach, same: true });
        }
      }
    }
  });

  it('names the clauses, not the person', () => {
    expect(audienceKey(audienceClauses(actorAs('member'), 'reader'))).toBe('national|federation:30|section:300');
    expect(audienceKey(audienceClauses(actorAs('federation-staff'), 'reader'))).toBe('national|federation:30|section:300|federation-sections:30');
    expect(audienceKey(audienceClauses(actorAs('national-admin'), 'reader'))).toBe('everything');
    expect(audienceKey(audienceClauses({ ...actorAs('member'), userId: 99 }, 'reader'))).toBe(audienceKey(audienceClauses(actorAs('member'), 'reader')));
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
