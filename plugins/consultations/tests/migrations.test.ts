import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { bootStrapi } from '../../../tests/support/strapi';

/** The consultations' data migrations, on the run's database (SQLite or PostgreSQL). */
const load = createRequire(__filename);
const migrations = path.resolve(__dirname, '../../../database/migrations');
const emptyCategory = load(path.join(migrations, '2026.12.04T20.00.00.contribution-empty-category.js'));
const CONTRIBUTION = 'plugin::consultations.contribution';

let strapi: Core.Strapi;
beforeAll(async () => {
  strapi = await bootStrapi();
});

describe('contribution-empty-category', () => {
  it('stores « no category » as null, leaves the others as they are, and changes nothing more when run again', async () => {
    const written: { id: number }[] = [];
    for (const [i, category] of ['', null, 'Vie interne'].entries()) {
      written.push(await strapi.db.query(CONTRIBUTION).create({ data: { title: `Catégorie ${i}`, body: 'Un texte.', category, state: 'submitted' } }));
    }
    const categories = async () =>
      (await strapi.db.query(CONTRIBUTION).findMany({ where: { id: { $in: written.map((w) => w.id) } }, select: ['category'], orderBy: { id: 'asc' } })).map(
        (c: { category: string | null }) => c.category
      );
    expect(await categories()).toEqual(['', null, 'Vie interne']);
    await emptyCategory.up(strapi.db.connection);
    expect(await categories()).toEqual([null, null, 'Vie interne']);
    await emptyCategory.up(strapi.db.connection);
    expect(await categories()).toEqual([null, null, 'Vie interne']);
  });
});
