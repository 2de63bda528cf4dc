import { describe, expect, it } from 'vitest';
import { sameResult } from '../src/portal/lib/recount';

/** The portal's « même résultat » beside a recount: values compared, never the order of keys. */
describe('the recount’s agreement with the official result', () => {
  it('agrees whatever the order of the keys (PostgreSQL’s jsonb gives shorter keys first)', () => {
    const counted = { method: 'single', round: 1, counts: { zeta: 3, al: 2 }, blank: 1, cast: 6, winner: null, runoff: ['zeta', 'al'] };
    const stored = { cast: 6, blank: 1, round: 1, counts: { al: 2, zeta: 3 }, method: 'single', runoff: ['zeta', 'al'], winner: null };
    expect(JSON.stringify(counted)).not.toBe(JSON.stringify(stored)); // what the page compared before
    expect(sameResult(counted, stored)).toBe(true);
  });

  it('disagrees on any value, on the order of a list, and when there is no official result', () => {
    const counted = { counts: { a: 2, b: 1 }, runoff: ['a', 'b'] };
    expect(sameResult(counted, { counts: { a: 2, b: 2 }, runoff: ['a', 'b'] })).toBe(false);
    expect(sameResult(counted, { counts: { a: 2, b: 1 }, runoff: ['b', 'a'] })).toBe(false);
    expect(sameResult(counted, { counts: { a: 2, b: 1 } })).toBe(false);
    expect(sameResult(counted, null)).toBe(false);
  });

  it('reads both sides as JSON: a key left undefined is the same as a key absent', () => {
    expect(sameResult({ winner: undefined, cast: 3 }, { cast: 3 })).toBe(true);
  });
});
