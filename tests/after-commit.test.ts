import { describe, expect, it } from 'vitest';
import { afterCommit } from '@intranet-militant/shared';
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

  it('logs a failure of work run after a commit under its label; the committed transaction is not failed by it', async () => {
    const strapi = await bootStrapi();
    const logged: string[] = [];
    const error = strapi.log.error;
    strapi.log.error = ((message: string) => void logged.push(message)) as typeof strapi.log.error;
    try {
      await strapi.db.transaction(async () => {
        await afterCommit(strapi, 'contrôle après validation', async () => {
          throw new Error('échec du contrôle');
        });
      });
      await expect.poll(() => logged).toEqual(['contrôle après validation: échec du contrôle']);
    } finally {
      strapi.log.error = error;
    }
  });
});
