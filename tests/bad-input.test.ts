import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from './support/strapi';
import { createWorld, skillsProfileBody, type World } from './support/factories';
import { badRequest, bearer, expectError, fieldMessages } from './support/expect';
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

  it('answers 400 in French to a query parameter that is not UTF-8, on every route that reads one (ours, Strapi’s, outside the API)', async () => {
    const http = await api();
    const MESSAGE = 'Texte mal encodé : ce n’est pas de l’UTF-8 valide ; renvoyez-le encodé en UTF-8.';
    for (const [path, token] of [
      ['/api/membership/members?q=%FF%FE', w.staff.token],
      ['/api/membership/members?page=1&q=Dupr%E9', w.staff.token],
      ['/api/documents?q=%E0%A4%A', w.member.token],
      ['/api/users/me?fields=%FF', w.member.token],
    ] as const) {
      const res = await http.get(path).set(bearer(token));
      const error = expectError(res, 400, `Paramètres invalides. ${path.includes('fields') ? 'fields' : 'q'} : ${MESSAGE}`);
      expect(error.details.errors, path).toEqual([{ path: [path.includes('fields') ? 'fields' : 'q'], message: MESSAGE, name: 'ValidationError' }]);
    }
    // A name that does not decode either: no field to name.
    expectError(await http.get('/api/membership/members?%FF=1').set(bearer(w.staff.token)), 400, `Paramètres invalides. ${MESSAGE}`);
    expectError(await http.get('/une/page?q=%FF').set('Accept', 'application/json'), 400, MESSAGE);
  });

  it('treats injection attempts as plain text', async () => {
    const http = await api();
    const res = await http.get(`/api/membership/members?q=${encodeURIComponent("' OR 1=1 --")}`).set(bearer(w.staff.token));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    const strapi = await bootStrapi();
    expect(await strapi.db.query('plugin::membership.member').count()).toBeGreaterThan(0);
  });

  it('answers 404 in French to an unknown address outside the API when no browser asks for a page', async () => {
    const http = await api();
    for (const accept of ['application/json', '*/*']) {
      const res = await http.get('/consultations/nulle-part/encore').set('Accept', accept);
      expectError(res, 404, 'Page introuvable.');
    }
    // A browser's navigation still gets the portal's page (its router shows « introuvable »).
    const page = await http.get('/consultations/nulle-part/encore').set('Accept', 'text/html');
    expect(page.status).not.toBe(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    // So does a page whose query the checks refuse: the page's own API call gets the French 400.
    for (const address of ['/recherche?q=conseil%00', '/recherche?q=%FF%FE']) {
      const refusedQuery = await http.get(address).set('Accept', 'text/html');
      expect([address, refusedQuery.status]).not.toEqual([address, 400]);
      expect(refusedQuery.headers['content-type']).toMatch(/text\/html/);
      expectError(await http.get(`/api/search${address.slice('/recherche'.length)}`).set('Accept', 'application/json'), 400);
    }
    // And a page address that cannot be read (a broken escape, a NUL): the portal opens and says
    // « page introuvable » itself; a script asking the same address still gets the French 400.
    for (const address of ['/consultations/%E0%A4%A', '/%ff', '/documents/abc%', '/une/page%00']) {
      const unreadable = await http.get(address).set('Accept', 'text/html');
      expect([address, unreadable.status]).toEqual([address, 200]);
      expect(unreadable.headers['content-type']).toMatch(/text\/html/);
    }
  });

  it('answers in French, in the envelope, to addresses that cannot be read and methods nothing takes, outside the API too', async () => {
    const http = await api();
    for (const path of ['/%E0%A4%A', '/api/%E0%A4%A']) {
      const res = await http.get(path).set('Accept', 'application/json');
      expectError(res, 400, 'Adresse mal encodée.');
    }
    const nul = await http.get('/une/page%00').set('Accept', 'application/json');
    expect(nul.status).toBeGreaterThanOrEqual(400);
    expect(nul.status).toBeLessThan(500);
    expect(nul.body.error.message).toMatch(/^(Adresse refusée\.( Le texte contient un caractère non autorisé \(caractère nul\)\.)?|Page introuvable\.)$/);
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const res = await http[method]('/une/page').set('Accept', 'application/json');
      expect(res.status, method).toBeGreaterThanOrEqual(400);
      expect(res.body.error.message, method).toMatch(/^(Méthode non autorisée\.|Page introuvable\.)$/);
    }
  });

  it('answers 404 in French to an unknown route', async () => {
    expectError(await (await api()).get('/api/nulle-part').set(bearer(w.member.token)), 404, 'Ressource introuvable.');
  });
});

describe('bodies that cannot be read: a 4xx in French, never a 500, never an echo', () => {
  let http: Awaited<ReturnType<typeof api>>;
  beforeAll(async () => {
    http = await api();
  });
  const post = (path: string) => http.post(path).set('Content-Type', 'application/json');

  it('answers a corrupt gzip body 400, an unknown encoding 415, an oversized body 413', async () => {
    expectError(await (post('/api/auth/local')).set('Content-Encoding', 'gzip').send(Buffer.from('pas du gzip')), 400, 'compression est invalide');
    expectError(await (post('/api/membership/members')).set(bearer(w.staff.token)).set('Content-Encoding', 'gzip').send(Buffer.from('xx')), 400, 'compression');
    expectError(await (post('/api/auth/local')).set('Content-Encoding', 'compress').send('{}'), 415, 'non pris en charge');
    const huge = JSON.stringify({ identifier: 'x'.repeat(3_000_000), password: 'x' });
    expectError(await (post('/api/auth/local')).send(huge), 413, 'trop volumineux');
  });

  it('answers text, XML and `__proto__` bodies 400 without echoing them (passwords included)', async () => {
    const http = await api();
    const secret = 'mot-de-passe-secret-42';
    const text = await http.post('/api/auth/local').set('Content-Type', 'text/plain').send(JSON.stringify({ identifier: 'a@b.fr', password: secret }));
    expectError(text, 400, 'un objet JSON est attendu');
    expect(JSON.stringify(text.body)).not.toContain(secret);
    expectError(await http.post('/api/auth/local').set('Content-Type', 'application/xml').send('<a/>'), 400, 'un objet JSON est attendu');
    const proto = await http.post('/api/auth/local').set('Content-Type', 'application/json').send('{"__proto__":{"x":1},"identifier":"a","password":"b"}');
    expectError(proto, 400, 'un objet JSON est attendu');
    const typed = await http.post('/api/auth/local').send({ identifier: 42, password: secret });
    expectError(typed, 400, 'Identifiant : valeur invalide');
    expect(JSON.stringify(typed.body)).not.toContain('42');
  });

  it('tells a broken file form apart from a broken JSON body', async () => {
    const broken = await (await api())
      .post('/api/membership/members')
      .set(bearer(w.staff.token))
      .set('Content-Type', 'multipart/form-data; boundary=----limite')
      .send('------limite\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n\r\n%PDF-1.4 tronqué');
    expectError(broken, 400, 'Formulaire envoyé illisible');
  });

  it('refuses NUL characters before users-permissions’ own routes reach the database', async () => {
    // In the body: the field is named, in the message and in the details, as in the query.
    const inBody = await (await api()).post('/api/auth/local').send({ identifier: 'membre@exemple.fr\u0000', password: 'x' });
    expect(expectError(inBody, 400).message).toBe('Données invalides. identifier : Le texte contient un caractère non autorisé (caractère nul).');
    expect(fieldMessages(inBody)).toEqual({ identifier: 'Le texte contient un caractère non autorisé (caractère nul).' });
    // In the address: the parameter is named, in the message and in the details (a page shows it as that field's refusal).
    const inQuery = await (await api()).get('/api/documents?category=a%00b').set(bearer(w.member.token));
    expect(expectError(inQuery, 400).message).toBe('Paramètres invalides. category : Le texte contient un caractère non autorisé (caractère nul).');
    expect(fieldMessages(inQuery)).toEqual({ category: 'Le texte contient un caractère non autorisé (caractère nul).' });
    const nested = await (await api()).get('/api/documents?filters[title][$eq]=a%00b').set(bearer(w.member.token));
    expect(fieldMessages(nested)).toEqual({ 'filters.title.$eq': 'Le texte contient un caractère non autorisé (caractère nul).' });
  });

  it('refuses half of a surrogate pair (« \\ud800 ») rather than storing « � » in its place, on every route', async () => {
    // Sent as written: JSON's escape reaches the parser, which makes a lone surrogate of it.
    const raw = (text: string) => JSON.stringify({ identifier: 'membre@exemple.fr', password: 'x' }).replace('x', text);
    const login = await (await api()).post('/api/auth/local').set('Content-Type', 'application/json').send(raw('\\ud800'));
    expectError(login, 400, 'Texte mal encodé : un caractère est incomplet.');
    // A whole pair (an emoji written as two escapes) is a character like any other: the login is only refused.
    const emoji = await (await api()).post('/api/auth/local').set('Content-Type', 'application/json').send(raw('\\ud83d\\ude00'));
    expect(emoji.status).toBe(400);
    expect(emoji.body.error.message).not.toMatch(/mal encodé/);
  });

  it('refuses a body whose bytes are not UTF-8 rather than storing « � » in their place, and stores nothing', async () => {
    const strapi = await bootStrapi();
    const before = await strapi.db.query('plugin::membership.section').count();
    // « Bâtiment » written in Latin-1 (0xE2): the parser would read « B�timent ».
    const latin1 = Buffer.concat([Buffer.from('{"name":"B'), Buffer.from([0xe2]), Buffer.from('timent"}')]);
    const res = await (await api())
      .post(`/api/membership/federations/${w.federation.documentId}/sections`)
      .set(bearer(w.staff.token))
      .set('Content-Type', 'application/json')
      // @ts-expect-error superagent's typings want a string serializer; Node's client writes these bytes as they are, not UTF-8 on purpose
      .serialize((bytes: Buffer) => bytes)
      .send(latin1);
    expectError(res, 400, 'Texte mal encodé : un caractère est illisible');
    expect(await strapi.db.query('plugin::membership.section').count()).toBe(before);
    const login = Buffer.from([...Buffer.from('{"identifier":"'), 0xff, ...Buffer.from('","password":"x"}')]);
    // @ts-expect-error as above: a serializer that sends the bytes (0xFF is not UTF-8) as they are
    expectError(await (await api()).post('/api/auth/local').set('Content-Type', 'application/json').serialize((bytes: Buffer) => bytes).send(login), 400, /mal encodé/);
  });

  it('answers an address too long for the server (over 16 KB) in the envelope, in French, and keeps serving', async () => {
    const http = await api();
    const res = await http.get(`/api/search?q=${'élu'.repeat(3000)}`).set(bearer(w.member.token));
    expectError(res, 431, 'Adresse ou en-têtes de la requête trop longs');
    // A request line that is not HTTP at all.
    const strapi = await bootStrapi();
    const server = strapi.server.httpServer;
    const opened = !server.listening;
    if (opened) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect((server.address() as { port: number }).port, '127.0.0.1', () => socket.write('N’IMPORTE QUOI\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    if (opened) await new Promise((resolve) => server.close(resolve));
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ data: null, error: { status: 400, name: 'BadRequestError', message: 'Requête illisible.', details: {} } });
    expect((await http.get('/api/membership/me').set(bearer(w.member.token))).status).toBe(200);
  });

  it('answers 405 in the envelope, and 401 to anonymous callers whatever the path’s case', async () => {
    expectError(await (await api()).delete('/api/documents').set(bearer(w.member.token)), 405, 'Méthode non autorisée.');
    expectError(await (await api()).get('/API/membership/me'), 401, 'Authentification requise');
  });

  it('bounds page numbers with a sentence a member understands', async () => {
    const res = await (await api()).get('/api/documents?page=100000000000000000000').set(bearer(w.member.token));
    expectError(res, 400, /La page va de 1 à 100.000/);
    for (const odd of ['1e20', '0x1', '+1', '%201', '1.5', '01']) {
      expectError(await (await api()).get(`/api/documents?page=${odd}`).set(bearer(w.member.token)), 400, 'La page est un nombre entier.');
    }
    const beyond = await (await api()).get('/api/documents?page=99999').set(bearer(w.member.token));
    expect(beyond.status).toBe(200);
    expect(beyond.body.data).toEqual([]);
    expect(beyond.body.meta.pagination.total).toBeGreaterThanOrEqual(0);
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

describe('whole numbers', () => {
  it('in a JSON body, a JSON number only: « "10" » is refused with the field’s French message, in every plugin alike', async () => {
    const http = await api();
    const cases = [
      { method: 'post', url: '/api/bodies/bodies', token: w.staff.token, body: { seatCount: '10' }, field: 'seatCount', message: 'Nombre de sièges : un nombre entier.' },
      { method: 'post', url: '/api/events/events', token: w.staff.token, body: { capacity: '12' }, field: 'capacity', message: 'La jauge : un nombre entier de places.' },
      { method: 'put', url: '/api/skills/me/profile', token: w.member.token, body: skillsProfileBody({ hoursPerMonth: '10' }), field: 'hoursPerMonth', message: 'Heures par mois : un nombre entier.' },
      { method: 'put', url: '/api/skills/me/profile', token: w.member.token, body: skillsProfileBody({ skills: [{ term: 'comptabilite', level: '2' }] }), field: 'skills.0.level', message: 'Niveau : de 1 à 4.' },
      { method: 'post', url: '/api/membership/members', token: w.staff.token, body: { birthYear: '1980' }, field: 'birthYear', message: 'L’année de naissance est un nombre entier (AAAA).' },
    ] as const;
    for (const c of cases) {
      const res = await http[c.method](c.url).set(bearer(c.token)).send(c.body);
      expect(badRequest(res)[c.field], `${c.url} ${c.field}: ${JSON.stringify(res.body.error)}`).toBe(c.message);
    }
  });

  it('in an address or a query string, where everything is text, digits are read as the number', async () => {
    const http = await api();
    const res = await http.get('/api/documents?page=2&pageSize=5').set(bearer(w.member.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.meta.pagination).toMatchObject({ page: 2, pageSize: 5 });
    expectError(await http.get('/api/documents?page=deux').set(bearer(w.member.token)), 400);
  });
});
