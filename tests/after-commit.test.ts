import { describe, expect, it } from 'vitest';
import { AFTER_COMMIT_ATTEMPTS, afterCommit } from '@intranet-militant/shared';
import { bootStrapi } from './support/strapi';

/**
 * `afterCommit` (plugins/shared/src/transaction.ts): work that must see what the transaction in
 * progress committed runs once it is committed — now outside any transaction, after the
 * outermost commit inside one, never after a rollback; its failure is logged, not thrown.
 */
describe('afterCommit', () => {
  it('outside a transaction runs the work now and waits for it', async () => {
    const strapi = await bootStrapi();
    const ran: string[] = [];
    await afterCommit(strapi, 'test', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      ran.push('now');
    });
    expect(ran).toEqual(['now']);
  });

  it('inside a (nested) transaction runs the work once the outermost one is committed, outside it, and never after a rollback', async () => {
    const strapi = await bootStrapi();
    const ran: { inTransaction: boolean }[] = [];
    const work = async () => {
      ran.push({ inTransaction: strapi.db.inTransaction() });
    };
    await strapi.db.transaction(async () => {
      await strapi.db.transaction(async () => {
        await afterCommit(strapi, 'test', work);
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(ran).toEqual([]);
    });
    await expect.poll(() => ran.length).toBe(1);
    expect(ran).toEqual([{ inTransaction: false }]);
    await expect(
      strapi.db.transaction(async () => {
        await afterCommit(strapi, 'test', work);
        throw new Error('rolled back');
      })
    ).rejects.toThrow('rolled back');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ran).toHaveLength(1);
  });

  it('never throws: a failure of the work is logged under its label, run now or after a commit', async () => {
    const strapi = await bootStrapi();
    const logged: string[] = [];
    const error = strapi.log.error;
    strapi.log.error = ((message: string) => void logged.push(message)) as unknown as typeof strapi.log.error;
    const ours = () => logged.filter((message) => message.startsWith('contrôle après validation'));
    try {
      await afterCommit(strapi, 'contrôle après validation', async () => {
        throw new Error('échec immédiat');
      });
      expect(ours()).toEqual(['contrôle après validation: échec immédiat']);
      await strapi.db.transaction(async () => {
        await afterCommit(strapi, 'contrôle après validation', async () => {
          throw new Error('échec après validation');
        });
      });
      await expect.poll(ours).toEqual(['contrôle après validation: échec immédiat', 'contrôle après validation: échec après validation']);
    } finally {
      strapi.log.error = error;
    }
  });

  it('runs work registered from a commit on its own: its transaction does not run or share the callbacks of another', async () => {
    const strapi = await bootStrapi();
    const runs: string[] = [];
    await strapi.db.transaction(async () => {
      for (const name of ['a', 'b']) {
        await afterCommit(strapi, 'test', () =>
          strapi.db.transaction(async ({ onCommit }) => {
            onCommit(() => void runs.push(`${name} committed`));
            await new Promise((resolve) => setTimeout(resolve, name === 'a' ? 10 : 60));
          })
        );
      }
    });
    await expect.poll(() => runs.length).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runs.sort()).toEqual(['a committed', 'b committed']);
  });

  it('runs again work the database gave up in a conflict (a deadlock), up to three times in all; any other failure once', async () => {
    const strapi = await bootStrapi();
    /** What the database throws when it gives a transaction up in a deadlock (PostgreSQL raises it for real). */
    const deadlock = async () => {
      if (strapi.db.dialect.client === 'postgres') await strapi.db.connection.raw(`DO $$ BEGIN RAISE EXCEPTION 'impasse' USING ERRCODE = '40P01'; END $$`);
      throw Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });
    };
    const logged: string[] = [];
    const error = strapi.log.error;
    strapi.log.error = ((message: string) => void logged.push(message)) as unknown as typeof strapi.log.error;
    try {
      let runs = 0;
      await afterCommit(strapi, 'reprise', async () => {
        runs += 1;
        if (runs < AFTER_COMMIT_ATTEMPTS) await deadlock();
      });
      expect({ runs, logged }).toEqual({ runs: AFTER_COMMIT_ATTEMPTS, logged: [] });

      runs = 0;
      await strapi.db.transaction(async () => {
        await afterCommit(strapi, 'reprise', async () => {
          runs += 1;
          await deadlock();
        });
      });
      await expect.poll(() => logged.length).toBe(1);
      expect(runs).toBe(AFTER_COMMIT_ATTEMPTS);
      expect(logged[0]).toMatch(/^reprise: /);

      runs = 0;
      await afterCommit(strapi, 'reprise', async () => {
        runs += 1;
        throw new Error('autre échec');
      });
      expect({ runs, last: logged.at(-1) }).toEqual({ runs: 1, last: 'reprise: autre échec' });
      expect(AFTER_COMMIT_ATTEMPTS).toBe(3);
    } finally {
      strapi.log.error = error;
    }
  });
});
