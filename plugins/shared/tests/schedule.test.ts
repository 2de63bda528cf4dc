import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { backgroundTimer } from '../src/schedule';

describe('backgroundTimer', () => {
  it('runs its task outside the context of the code that set it (a request’s context does not leak into background work)', async () => {
    const requestContext = new AsyncLocalStorage<{ path: string }>();
    const timer = backgroundTimer('test-worker'); // made where no request runs, as a service's factory is
    const seen = await requestContext.run({ path: '/api/consultations/1/vote' }, () =>
      new Promise<{ inside: unknown; later: unknown }>((resolve) => {
        const inside = requestContext.getStore();
        timer.later(() => resolve({ inside, later: requestContext.getStore() }), 1);
      }),
    );
    expect(seen.inside).toEqual({ path: '/api/consultations/1/vote' });
    expect(seen.later).toBeUndefined();
  });

  it('keeps a plain timer’s behaviour otherwise: the task runs once after the delay, and may be cleared', async () => {
    const timer = backgroundTimer('test-worker');
    let runs = 0;
    const cleared = timer.later(() => (runs += 100), 5);
    clearTimeout(cleared);
    await new Promise<void>((resolve) => timer.later(() => ((runs += 1), resolve()), 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs).toBe(1);
  });
});
