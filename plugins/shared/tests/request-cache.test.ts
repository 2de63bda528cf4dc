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
    expect(await cache.read('k', async () => 'loaded again')).toBe('fresh');
  });
});

describe('a load that an invalidation overtook', () => {
  it('is kept when the invalidation touched neither its key nor its answer’s tags (a busy search index keeps no other answer out)', async () => {
    const cache = onCache();
    const g = gate<string>();
    const read = cache.read('course:3', g.load, { tags: () => ['training-courses'] });
    cache.invalidate('search');
    cache.invalidate('member:9');
    g.settle('course');
    expect(await read).toBe('course');
    expect(await cache.read('course:3', async () => 'loaded again')).toBe('course');
  });

  it('is not kept when its answer’s tag was invalidated meanwhile, nor when its key was', async () => {
    const cache = onCache();
    for (const tag of ['training-courses', 'course:3']) {
      const g = gate<string>();
      const read = cache.read('course:3', g.load, { tags: () => ['training-courses'] });
      cache.invalidate('search');
      cache.invalidate(tag);
      cache.invalidate('member:9');
      g.settle('before the change');
      expect(await read).toBe('before the change');
      expect(await cache.read('course:3', async () => `after ${tag}`)).toBe(`after ${tag}`);
      cache.invalidate('course:3');
    }
  });

  it('is not kept when another load, ending meanwhile, trimmed the list of changes', async () => {
    const cache = onCache();
    const slow = gate<string>();
    const quick = gate<string>();
    const slowRead = cache.read('a', slow.load, { tags: () => ['member:1'] });
    cache.invalidate('member:1');
    const quickRead = cache.read('b', quick.load);
    for (let i = 0; i < 100; i++) cache.invalidate(`other:${i}`);
    quick.settle('b');
    await quickRead;
    slow.settle('a, stale');
    await slowRead;
    expect(await cache.read('a', async () => 'a, fresh')).toBe('a, fresh');
  });

  it('a load that does not end keeps the remembered changes bounded: past 10,000, the loads running keep nothing', async () => {
    const cache = onCache();
    const hung = gate<string>();
    const slow = cache.read('a', hung.load);
    for (let i = 0; i < 10_001; i++) cache.invalidate(`other:${i}`);
    expect((cache as unknown as { recent: unknown[] }).recent.length).toBeLessThanOrEqual(10_000);
    hung.settle('a, maybe stale');
    await slow;
    expect(await cache.read('a', async () => 'a, fresh')).toBe('a, fresh');
  });
});

describe('reads inside a database transaction', () => {
  /** A cache whose caller says, read by read, whether it runs inside a transaction. */
  const transactional = () => {
    let inside = false;
    const cache = new RequestCache(30_000, undefined, () => inside);
    cache.setEnabled(true);
    return { cache, inside: (value: boolean) => (inside = value) };
  };

  it('take a kept answer', async () => {
    const { cache, inside } = transactional();
    await cache.read('k', async () => 'kept');
    inside(true);
    expect(await cache.read('k', async () => 'read again')).toBe('kept');
    expect(cache.stats).toEqual({ hits: 1, misses: 1, invalidations: 0 });
  });

  it('never wait for a load running outside it (on another connection: a pool deadlock), and load on their own', async () => {
    const { cache, inside } = transactional();
    const outside = gate<string>();
    const pending = cache.read('k', outside.load);
    inside(true);
    // The outside load never settles here: a read that joined it would never answer.
    expect(await cache.read('k', async () => 'in the transaction')).toBe('in the transaction');
    inside(false);
    outside.settle('outside');
    expect(await pending).toBe('outside');
  });

  it('keep nothing (the answer may hold the transaction’s own uncommitted writes), nor are they joined', async () => {
    const { cache, inside } = transactional();
    inside(true);
    const mine = gate<string>();
    const read = cache.read('k', mine.load);
    inside(false);
    // A read outside does not join the transaction's load: it loads for itself.
    expect(await cache.read('k', async () => 'committed')).toBe('committed');
    mine.settle('uncommitted');
    expect(await read).toBe('uncommitted');
    expect(await cache.read('k', async () => 'read again')).toBe('committed');
    inside(true);
    expect(await cache.read('j', async () => 'uncommitted')).toBe('uncommitted');
    inside(false);
    expect(await cache.read('j', async () => 'committed')).toBe('committed');
  });
});
