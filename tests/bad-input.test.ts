import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from './support/strapi';
import { createWorld, type World } from './support/factories';
import { bearer, expectError } from './support/expect';
import { installAppendOnlyGuard, removeAppendOnlyGuard } from '../plugins/audit/server/src/storage';

/** Whatever arrives, the answer is a 4xx in Strapi's envelope, never a 500, and nothing is half-written. */
let w: World;
beforeAll(async () => {
  w = await createWorld();
});

describe('malformed requests', () => {
  it('answers 400 to malformed JSON', async () => {
    const res = await (await api())
      .post('/api/membership/members')
      .set(bearer(w.staff.token))
      .set('Content-Type', 'application/json')
      .send('{"firstName": "Léa",');
    expect(res.status).toBe(400);
  });

  it('answers 400 to a body that is not an object', async () => {
    for (const body of ['[]', '"texte"', '42', 'null']) {
      const res = await (await api())
        .post('/api/membership/federations')
        .set(bearer(w.national.token))
        .set('Content-Type', 'application/json')
        .send(body);
      expectError(res, 400, /JSON|Données invalides/);
    }
  });

  it('answers 400 to oversized values and repeated query parameters', async () => {
    const http = await api();
    const long = await http.post('/api/membership/federations').set(bearer(w.national.token)).send({ name: 'x'.repeat(5000), departmentCode: '48' });
    expectError(long, 400, '120 caractères au plus');
    expectError(await http.get('/api/documents?page=1&page=2').set(bearer(w.member.token)), 400);
    expectError(await http.get(`/api/membership/members?q=${'a'.repeat(101)}`).set(bearer(w.staff.token)), 400);
  });

  it('treats injection attempts as plain text', async () => {
    const http = await api();
    const res = await http.get(`/api/membership/members?q=${encodeURIComponent("' OR 1=1 --")}`).set(bearer(w.staff.token));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    const strapi = await bootStrapi();
    expect(await strapi.db.query('plugin::membership.member').count()).toBeGreaterThan(0);
  });

  it('answers 404 in French to an unknown route', async () => {
    expectError(await (await api()).get('/api/nulle-part').set(bearer(w.member.token)), 404, 'Ressource introuvable.');
  });
});

describe('npm run audit:verify', () => {
  const run = promisify(execFile);
  const root = path.resolve(__dirname, '..');
  const verify = () =>
    run(process.execPath, [path.join(root, 'scripts', 'audit-verify.mjs')], { cwd: root, env: { ...process.env, LOG_LEVEL: 'error' } })
      .then(({ stdout }) => ({ code: 0, stdout }))
      .catch((error: any) => ({ code: error.code as number, stdout: `${error.stdout}${error.stderr}` }));

  it('says the log is intact, then finds the altered entry', async () => {
    const http = await api();
    const section = await http.post(`/api/membership/federations/${w.federation.documentId}/sections`).set(bearer(w.staff.token)).send({ name: 'Auditée' });
    expect(section.status).toBe(201);
    const ok = await verify();
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Journal d’audit intact : \d+ entrées? vérifiées?\./);

    const strapi = await bootStrapi();
    const knex = strapi.db.connection;
    const client = strapi.db.dialect.client;
    const entry = await knex('audit_log').where({ subject_id: section.body.data.documentId }).first();
    await removeAppendOnlyGuard(knex, client);
    try {
      await knex('audit_log').where({ seq: entry.seq }).update({ actor_label: 'quelqu’un d’autre' });
      const broken = await verify();
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`Journal d’audit ALTÉRÉ : entrée n° ${entry.seq} modifiée`);
    } finally {
      await removeAppendOnlyGuard(knex, client); // the command's own boot put the guard back
      await knex('audit_log').where({ seq: entry.seq }).update({ actor_label: entry.actor_label });
      await installAppendOnlyGuard(knex, client);
    }
  }, 120_000);
});
