import { describe, expect, it } from 'vitest';
import { bodiesModule } from '../server/src/manifest';

/** What the search results call published minutes: the day written as every page writes it. */
describe('minutes in the search index', () => {
  const minutes = bodiesModule.searchable![0];
  const indexed = (heldOn: string, version = 1) =>
    minutes.toDocument({
      documentId: 'pv1',
      version,
      minutesStatus: 'published',
      summary: 'Budget adopté.',
      items: [],
      releasedOn: '2026-06-12',
      meeting: { documentId: 'r1', heldOn, body: { name: 'Bureau fédéral', level: 'federation', federation: { id: 1 }, section: null } },
    } as never);

  it('titles a meeting « réunion du 10 juin 2026 », « 1er » for a month’s first day, as the meeting’s page', () => {
    expect(indexed('2026-06-10')?.title).toBe('Bureau fédéral — réunion du 10 juin 2026');
    expect(indexed('2026-03-01', 2)?.title).toBe('Bureau fédéral — réunion du 1er mars 2026 (version 2)');
  });
});
