import { describe, expect, it } from 'vitest';
import { RequestCache } from '../src/request-cache';

/** A load the test settles by hand, counting how often it was started. */
function gate<T>() {
  let settle!: (value: T) => void;
  let fail!: (error: Error) => void;
  let started = 0;
  const load = () => {
    started += 1;
    return new Promise<T>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
  };
  return { load, settle: (v: T) => settle(v), fail: (e: Error) => fail(e), started: () => started };
}

const onCache = () => {
  const cache = new RequestCache(30_000);
  cache.setEnabled(true);
  return cache;
};

describe('reads of a key whose load is running', () => {
  it('wait for that load: one load for callers arriving together, the same answer for each, kept after', async () => {
    const cache = onCache();
    const g = gate<{ n: number }>();
    const reads = [cache.read('k', g.load), cache.read('k', g.load), cache.read('k', g.load)];
    g.settle({ n: 1 });
    const answers = await Promise.all(reads);
    expect(g.started()).toBe(1);
    expect(answers).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    expect(await cache.read('k', async () => ({ n: 2 }))).toEqual({ n: 1 });
    expect(cache.stats).toEqual({ hits: 3, misses: 1, invalidations: 0 });
  });

  it('a read after an invalidation does not join a load begun before it, and that older answer is not kept', async () => {
    const cache = onCache();
    const before = gate<string>();
    const after = gate<string>();
    const first = cache.read('k', before.load, { tags: () => ['member:7'] });
    cache.invalidate('member:7');
    const second = cache.read('k', after.load, { tags: () => ['member:7'] });
    expect(after.started()).toBe(1);
    after.settle('after');
    before.settle('before');
    expect(await first).toBe('before');
    expect(await second).toBe('after');
    expect(await cache.read('k', async () => 'loaded again')).toBe('after');
  });

  it('share a failed load’s error, keep nothing, and the next read loads again', async () => {
    const cache = onCache();
    const g = gate<string>();
    const reads = [cache.read('k', g.load), cache.read('k', g.load)];
    g.fail(new Error('database down'));
    for (const read of reads) await expect(read).rejects.toThrow('database down');
    expect(g.started()).toBe(1);
    expect(await cache.read('k', async () => 'back')).toBe('back');
  });

  it('after clear(), a read starts its own load', async () => {
    const cache = onCache();
    const g = gate<string>();
    const first = cache.read('k', g.load);
    cache.clear();
    const second = cache.read('k', async () => 'fresh');
    g.settle('stale');
    expect(await first).toBe('stale');
    expect(await second).toBe('fresh');
    expect(g.started()).toBe(1);
  });
});
