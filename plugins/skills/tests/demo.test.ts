import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { bootStrapi } from '../../../tests/support/strapi';
import { createAccount, createFederation, createMember, createSection } from '../../../tests/support/factories';

/** The development demo's skills part, made through the commands on a test federation (the app's seed gives it the Gard's 40 members). */
let strapi: Core.Strapi;
let federationId: number;

beforeAll(async () => {
  strapi = await bootStrapi();
  const federation = await createFederation();
  federationId = federation.id;
  const sections = [await createSection(federation, 'Nîmes'), await createSection(federation, 'Alès'), await createSection(federation, 'Uzès')];
  const staff = await createMember({ federation, section: sections[0], role: 'federation-staff' });
  const national = await createAccount('national-admin');
  const memberUserIds = [staff.user.id];
  for (let i = 0; memberUserIds.length < 40; i++) memberUserIds.push((await createMember({ federation, section: sections[i % 3] })).user.id);
  await strapi.plugin('skills').service('demo').seed({ nationalUserId: national.user.id, staffUserId: staff.user.id, memberUserIds });
}, 300_000);

describe('the skills demo', () => {
  it('a vocabulary of about 60 terms, 40 members (37 profiles of every visibility, 34 consented), two networks, a census in progress, a proposal to review', async () => {
    const knex = strapi.db.connection;
    const terms = Number((await knex('skills_terms').where({ status: 'active' }).count({ n: '*' }))[0].n);
    expect(terms).toBeGreaterThanOrEqual(60);
    expect(Number((await knex('skills_terms').where({ status: 'proposed' }).count({ n: '*' }))[0].n)).toBeGreaterThanOrEqual(1);
    const profiles = await strapi.db.query('plugin::skills.profile').findMany({ where: { federationId }, select: ['visibility', 'listed'] });
    expect(profiles).toHaveLength(37);
    expect(profiles.filter((p: any) => p.listed)).toHaveLength(34);
    expect(new Set(profiles.map((p: any) => p.visibility))).toEqual(new Set(['staff', 'section', 'federation', 'all']));
    expect(Number((await knex('skills_networks').count({ n: '*' }))[0].n)).toBeGreaterThanOrEqual(2);
    expect(Number((await knex('skills_censuses').where({ federation_id: federationId }).count({ n: '*' }))[0].n)).toBe(1);
  });
});
