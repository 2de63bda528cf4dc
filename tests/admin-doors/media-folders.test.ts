import { beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'supertest';
import { api, bootStrapi } from '../support/strapi';
import { createWorld, type World } from '../support/factories';
import { bearer, expectError, fieldMessages } from '../support/expect';
import { adminToken, federationStaffRole, superAdminRole } from '../support/admin';
import { onPostgres } from '../support/instances';

/**
 * The media library's folders and ids, for federation staff: nothing goes into someone else's
 * folder (upload, change of information, replacement, move, new or moved folder), someone
 * else's file or folder answers exactly like an unknown one, and the library's errors read in
 * French. Nobody imports from web addresses: the server would fetch them, a way into the
 * services of its own network.
 */
let w: World;
let herault: string;
let gard: string;
let superToken: string;
const FILE = 'plugin::upload.file';
const UNKNOWN = 2_147_483_000;

async function upload(token: string, name: string, fileInfo?: Record<string, unknown>) {
  const req = (await api()).post('/upload').set(bearer(token)).attach('files', Buffer.from(`Contenu de ${name}`), { filename: name, contentType: 'text/plain' });
  return fileInfo ? req.field('fileInfo', JSON.stringify(fileInfo)) : req;
}
async function uploaded(token: string, name: string, fileInfo?: Record<string, unknown>) {
  const res = await upload(token, name, fileInfo);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body[0] as { id: number; name: string };
}
async function folder(token: string, name: string, parent: number | null = null) {
  const res = await (await api()).post('/upload/folders').set(bearer(token)).send({ name: `${name} ${Date.now()}`, parent });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: number; path: string };
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;
const fileRow = async (id: number) => (await bootStrapi()).db.query(FILE).findOne({ where: { id }, populate: { folder: true } });
const namedFiles = async (name: string) => (await bootStrapi()).db.query(FILE).count({ where: { name } });
const audits = async (id: number) =>
  (await bootStrapi()).db.connection('audit_log').where({ subject_type: FILE, subject_id: String(id) }).orderBy('seq', 'asc');

/** Two answers that cannot be told apart: same status, same envelope, same French message. */
function sameAnswer(theirs: Response, unknown: Response, message: string) {
  expectError(theirs, 404, message);
  expect(theirs.body).toEqual(unknown.body);
  expect(theirs.status).toBe(unknown.status);
}

beforeAll(async () => {
  w = await createWorld();
  herault = await adminToken(`mediatheque.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
  gard = await adminToken(`mediatheque.${w.other.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.other.departmentCode)]);
  superToken = await adminToken(`mediatheque.super.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await superAdminRole()]);
});

describe('nothing goes into another federation’s folder', () => {
  it('refuses an upload into someone else’s folder as into an unknown one, and leaves the owner free', async () => {
    const http = await api();
    const theirs = await folder(herault, 'Dossier Herault');
    const intrusion = await upload(gard, 'intrus-gard.txt', { name: 'intrus-gard.txt', folder: theirs.id });
    sameAnswer(intrusion, await upload(gard, 'intrus-gard.txt', { name: 'intrus-gard.txt', folder: UNKNOWN }), 'Dossier introuvable');
    sameAnswer(await upload(gard, 'intrus-gard.txt', { name: 'intrus-gard.txt', folder: String(theirs.id) }), intrusion, 'Dossier introuvable');
    const single = (await http.post('/upload/files').set(bearer(gard)).attach('files', Buffer.from('x'), { filename: 'intrus-gard.txt', contentType: 'text/plain' })
      .field('fileInfo', JSON.stringify({ name: 'intrus-gard.txt', folder: theirs.id })));
    sameAnswer(single, intrusion, 'Dossier introuvable');
    expect(await namedFiles('intrus-gard.txt')).toBe(0);
    // The owner still opens and deletes their folder.
    expect((await http.get(`/upload/folders/${theirs.id}`).set(bearer(herault))).status).toBe(200);
    const removed = await http.post('/upload/actions/bulk-delete').set(bearer(herault)).send({ fileIds: [], folderIds: [theirs.id] });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
  });

  it('refuses to move one’s file into someone else’s folder by any route: change of information, replacement, bulk update, bulk move', async () => {
    const http = await api();
    const theirs = await folder(herault, 'Rangement Herault');
    const mine = await uploaded(gard, 'a-ranger-gard.txt');
    const info = { fileInfo: { folder: theirs.id } };
    sameAnswer(await http.put(`/upload/files/${mine.id}`).set(bearer(gard)).send(info), await http.put(`/upload/files/${mine.id}`).set(bearer(gard)).send({ fileInfo: { folder: UNKNOWN } }), 'Dossier introuvable');
    expectError(await http.post(`/upload?id=${mine.id}`).set(bearer(gard)).field('fileInfo', JSON.stringify({ folder: theirs.id })), 404, 'Dossier introuvable');
    expectError(await http.post(`/upload?id=${mine.id}`).set(bearer(gard)).send(info), 404, 'Dossier introuvable');
    const replaced = (path: string) =>
      http.post(path).set(bearer(gard)).attach('files', Buffer.from('v2'), { filename: 'v2.txt', contentType: 'text/plain' }).field('fileInfo', JSON.stringify({ folder: theirs.id }));
    expectError(await replaced(`/upload?id=${mine.id}`), 404, 'Dossier introuvable');
    expectError(await replaced(`/upload/files/${mine.id}/replace`), 404, 'Dossier introuvable');
    expectError(await http.post('/upload/actions/bulk-update').set(bearer(gard)).send({ updates: [{ id: mine.id, fileInfo: { folder: theirs.id } }] }), 404, 'Dossier introuvable');
    expectError(await http.post('/upload/actions/bulk-move').set(bearer(gard)).send({ fileIds: [mine.id], folderIds: [], destinationFolderId: theirs.id }), 404, 'Dossier introuvable');
    const row = await fileRow(mine.id);
    expect(row.folder).toBeNull();
    expect(row.folderPath).toBe('/');
    expect(row.name).toBe('a-ranger-gard.txt');
  });

  it('refuses a new or moved folder under someone else’s folder', async () => {
    const http = await api();
    const theirs = await folder(herault, 'Parent Herault');
    const own = await folder(gard, 'Dossier Gard');
    sameAnswer(
      await http.post('/upload/folders').set(bearer(gard)).send({ name: 'Squat', parent: theirs.id }),
      await http.post('/upload/folders').set(bearer(gard)).send({ name: 'Squat', parent: UNKNOWN }),
      'Dossier introuvable',
    );
    expectError(await http.put(`/upload/folders/${own.id}`).set(bearer(gard)).send({ name: 'Déplacé', parent: theirs.id }), 404, 'Dossier introuvable');
    const children = await (await bootStrapi()).db.query('plugin::upload.folder').count({ where: { parent: { id: theirs.id } } });
    expect(children).toBe(0);
  });

  it('refuses the import from web addresses to every admin: nothing reaches an internal server, whatever the address', async () => {
    // An internal service (127.0.0.1) and a server that sends there. Strapi checks an address
    // once, then follows redirections; 0.0.0.0 and mapped IPv6 addresses are other ways in.
    const hits: string[] = [];
    const internal = createServer((req, res) => {
      hits.push(`internal ${req.url}`);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('donnée interne');
    });
    const redirector = createServer((req, res) => {
      hits.push(`redirector ${req.url}`);
      res.writeHead(302, { location: `http://127.0.0.1:${portOf(internal)}/secret.txt` }).end();
    });
    await Promise.all([internal, redirector].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
    try {
      const http = await api();
      const urls = [
        `http://0.0.0.0:${portOf(redirector)}/tract.txt`,
        `http://0.0.0.0:${portOf(internal)}/direct.txt`,
        `http://[::ffff:127.0.0.1]:${portOf(internal)}/mapped.txt`,
        `http://[::ffff:7f00:1]:${portOf(internal)}/mapped-hex.txt`,
      ];
      const own = await folder(herault, 'Import Herault');
      for (const [token, body] of [
        [superToken, { urls }],
        ...urls.map((url) => [superToken, { urls: [url] }] as const),
        [herault, { urls, folderId: own.id }],
        [gard, { urls, folderId: own.id }],
        [superToken, { urls: [] }],
        [superToken, { urls: 'pas une liste', folderId: 'x' }],
      ] as const) {
        const refused = await http.post('/upload/actions/upload-from-urls').set(bearer(token)).send(body);
        expectError(refused, 403, 'L’import de fichiers depuis une adresse web n’est pas proposé : téléchargez le fichier, puis déposez-le dans la médiathèque.');
        expect(refused.headers['content-type']).toMatch(/json/);
      }
      // No request left, not even late: the import never started.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(hits).toEqual([]);
      expect(await (await bootStrapi()).db.query(FILE).count({ where: { name: { $in: ['tract.txt', 'direct.txt', 'secret.txt', 'mapped.txt', 'mapped-hex.txt'] } } })).toBe(0);
    } finally {
      await Promise.all([internal, redirector].map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });

  it('lets staff fill, reorganise and empty their own folders, every write audited', async () => {
    const http = await api();
    const own = await folder(herault, 'Archives Herault');
    const sub = await folder(herault, 'Sous-dossier', own.id);
    const inside = await uploaded(herault, 'dans-mon-dossier.txt', { name: 'dans-mon-dossier.txt', folder: own.id });
    expect((await fileRow(inside.id)).folderPath).toBe(own.path);
    const single = await http.post('/upload/files').set(bearer(herault)).attach('files', Buffer.from('x'), { filename: 'seul.txt', contentType: 'text/plain' })
      .field('fileInfo', JSON.stringify({ name: 'seul.txt', folder: sub.id }));
    expect(single.status, JSON.stringify(single.body)).toBe(201);

    const loose = await uploaded(herault, 'a-classer.txt');
    const moved = await http.put(`/upload/files/${loose.id}`).set(bearer(herault)).send({ fileInfo: { folder: own.id } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const info = await http.post(`/upload?id=${loose.id}`).set(bearer(herault)).field('fileInfo', JSON.stringify({ name: 'classe.txt', folder: sub.id }));
    expect(info.status, JSON.stringify(info.body)).toBe(200);
    const replaced = await http.post(`/upload/files/${loose.id}/replace`).set(bearer(herault)).attach('files', Buffer.from('v2'), { filename: 'classe.txt', contentType: 'text/plain' })
      .field('fileInfo', JSON.stringify({ folder: own.id }));
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    const bulk = await http.post('/upload/actions/bulk-update').set(bearer(herault)).send({ updates: [{ id: loose.id, fileInfo: { folder: null } }] });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    const renamed = await http.put(`/upload/folders/${sub.id}`).set(bearer(herault)).send({ name: `Racine ${Date.now()}`, parent: null });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const back = await http.put(`/upload/folders/${sub.id}`).set(bearer(herault)).send({ parent: own.id });
    expect(back.status, JSON.stringify(back.body)).toBe(200);

    const trail = (await audits(loose.id)).map((e: any) => [e.action, JSON.parse(e.details).changes?.folder ?? JSON.parse(e.details).folder ?? null]);
    expect(trail).toEqual([
      [`${FILE}.create`, null],
      [`${FILE}.move`, { before: '/', after: own.path }],
      [`${FILE}.move`, { before: own.path, after: `${own.path}/${sub.path.split('/').pop()}` }],
      [`${FILE}.replace`, { before: `${own.path}/${sub.path.split('/').pop()}`, after: own.path }],
      [`${FILE}.move`, { before: own.path, after: '/' }],
    ]);
    const emptied = await http.post('/upload/actions/bulk-delete').set(bearer(herault)).send({ fileIds: [], folderIds: [own.id] });
    expect(emptied.status, JSON.stringify(emptied.body)).toBe(200);
    expect((await audits(inside.id)).map((e: any) => e.action)).toEqual([`${FILE}.create`, `${FILE}.delete`]);
  });
});

describe('folders created at the same moment are all kept', () => {
  // Strapi numbers a new folder (`pathId`, the last step of its `path`) from the largest so far:
  // creations running together read the same largest and wrote the same number (a 500).
  it('two staff members and a national admin creating folders together, at the root and inside their own: each 201, distinct pathIds', async () => {
    const http = await api();
    const stamp = Date.now();
    const actors = [['herault', herault], ['gard', gard], ['national', superToken]] as const;
    const parents = new Map<string, { id: number; path: string }>();
    for (const [who, token] of actors) parents.set(who, await folder(token, `Parent simultané ${who}`));
    const wanted = actors.flatMap(([who, token]) =>
      [0, 1, 2, 3, 4, 5].map((i) => ({ who, token, name: `Simultané ${who} ${i} ${stamp}`, parent: i % 2 ? parents.get(who)! : null })),
    );
    const answers = await Promise.all(wanted.map((w) => http.post('/upload/folders').set(bearer(w.token)).send({ name: w.name, parent: w.parent?.id ?? null })));
    for (const res of answers) expect(res.status, JSON.stringify(res.body)).toBe(201);
    const rows = (await (await bootStrapi()).db.query('plugin::upload.folder').findMany({
      where: { name: { $in: wanted.map((w) => w.name) } },
      populate: { parent: { select: ['id'] }, createdBy: { select: ['id'] } },
    })) as { id: number; name: string; pathId: number; path: string; parent: { id: number } | null }[];
    expect(rows).toHaveLength(wanted.length);
    expect(new Set(rows.map((f) => f.pathId)).size).toBe(wanted.length);
    for (const w of wanted) {
      const row = rows.find((f) => f.name === w.name)!;
      expect(row.parent?.id ?? null).toBe(w.parent?.id ?? null);
      expect(row.path).toBe(`${w.parent?.path ?? ''}/${row.pathId}`);
    }
    // Each creation audited once; each creator lists theirs.
    const created = await (await bootStrapi()).db.connection('audit_log').where({ action: 'plugin::upload.folder.create' }).whereIn('subject_id', rows.map((f) => String(f.id)));
    expect(created).toHaveLength(wanted.length);
    const listed = await http.get('/upload/folders').query({ filters: { parent: { id: parents.get('gard')!.id } } }).set(bearer(gard));
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.data.map((f: { name: string }) => f.name).sort()).toEqual(wanted.filter((w) => w.who === 'gard' && w.parent).map((w) => w.name).sort());
  });
});

describe('the « API Uploads » folder of API uploads is made once', () => {
  const FOLDER = 'plugin::upload.folder';
  const UPLOAD_PERMISSION = 'plugin::upload.content-api.upload';
  const apiUploadFolders = async () =>
    (await (await bootStrapi()).db.query(FOLDER).findMany({ where: { name: { $startsWith: 'API Uploads' }, parent: null }, select: ['id', 'name'] })) as { id: number; name: string }[];

  // Strapi's `getAPIUploadFolder` reads its store and, when empty, creates « API Uploads » and
  // stores its id: two first API uploads at once each found the store empty and each made one.
  it('two first API uploads at once: one « API Uploads » folder, both files in it, the store naming it (on PostgreSQL while another instance holds the folder turn)', async () => {
    const strapi = await bootStrapi();
    const http = await api();
    // A fresh library: no stored folder, no « API Uploads » folder.
    await strapi.store({ type: 'plugin', name: 'upload', key: 'api-folder' }).delete({});
    await strapi.db.query(FOLDER).deleteMany({ where: { id: { $in: (await apiUploadFolders()).map((f) => f.id) } } });
    // No intranet role may upload through `/api/upload`: granted here to members, for the test.
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'member' } });
    const permissions = strapi.db.query('plugin::users-permissions.permission');
    const grant = await permissions.create({ data: { action: UPLOAD_PERMISSION, role: role.id } });
    const stamp = Date.now();
    const names = [`api-un-${stamp}.txt`, `api-deux-${stamp}.txt`];
    const send = (name: string) =>
      http.post('/api/upload').set(bearer(w.member.token)).attach('files', Buffer.from(`Contenu de ${name}`), { filename: name, contentType: 'text/plain' });
    let answers: Response[];
    try {
      if (onPostgres()) {
        // Both requests reach the folder turn while another instance holds it, then run one after the other.
        const client = (strapi.db.connection as any).client;
        const other = await client.acquireConnection();
        const waiting = async () =>
          Number((await strapi.db.connection.raw("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0].n);
        let held = false;
        try {
          await other.query("SELECT pg_advisory_lock(hashtext('intranet:upload:folder-path-id'))");
          held = true;
          const pending = Promise.all(names.map(send));
          await expect.poll(waiting, { timeout: 20_000, interval: 25 }).toBe(2);
          await other.query("SELECT pg_advisory_unlock(hashtext('intranet:upload:folder-path-id'))");
          held = false;
          answers = await pending;
        } finally {
          if (held) await other.query("SELECT pg_advisory_unlock(hashtext('intranet:upload:folder-path-id'))");
          await client.releaseConnection(other);
        }
      } else {
        answers = await Promise.all(names.map(send));
      }
    } finally {
      await permissions.delete({ where: { id: grant.id } });
    }
    for (const res of answers) expect(res.status, JSON.stringify(res.body)).toBe(201);
    const made = await apiUploadFolders();
    expect(made.map((f) => f.name)).toEqual(['API Uploads']);
    const stored = (await strapi.store({ type: 'plugin', name: 'upload', key: 'api-folder' }).get({})) as { id?: number } | null;
    expect(stored?.id).toBe(made[0].id);
    const files = await strapi.db.query(FILE).findMany({ where: { name: { $in: names } }, populate: { folder: { select: ['id'] } } });
    expect(files.map((f: any) => f.folder?.id)).toEqual([made[0].id, made[0].id]);
  });
});

describe('folder names and paths when writes meet', () => {
  const FOLDER = 'plugin::upload.folder';
  const create = async (token: string, name: string, parent: number | null = null) => (await api()).post('/upload/folders').set(bearer(token)).send({ name, parent });
  const created = async (token: string, name: string, parent: number | null = null) => {
    const res = await create(token, name, parent);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data as { id: number; name: string; path: string };
  };
  const TAKEN = 'Un dossier de ce nom existe déjà à cet endroit.';
  /** Strapi's answer to a name already taken (its validation's envelope), in French. */
  const taken = {
    data: null,
    error: { status: 400, name: 'ValidationError', message: TAKEN, details: { errors: [{ path: ['name'], message: TAKEN, name: 'ValidationError' }] } },
  };
  const namedAt = async (name: string, parent: number | null) =>
    (await (await bootStrapi()).db.query(FOLDER).findMany({ where: { name, parent: parent === null ? null : { id: parent } } })).length;

  // Strapi checks a new folder's name before creating it: creations of one name at one place
  // running together each found it free, and each was kept.
  it('one owner creating one name at one place several times at once: one kept (201), the others the 400 a second creation gets', async () => {
    const stamp = Date.now();
    const box = await created(gard, `Boîte des doublons ${stamp}`);
    const national = await created(superToken, `Boîte nationale des doublons ${stamp}`);
    for (const [token, parent] of [[gard, null], [gard, box.id], [superToken, null], [superToken, national.id]] as const) {
      const name = `Doublon simultané ${stamp} ${parent ?? 'racine'} ${token === gard ? 'gard' : 'national'}`;
      const answers = await Promise.all(Array.from({ length: 6 }, () => create(token, name, parent)));
      expect(answers.map((r) => r.status).sort(), JSON.stringify(answers.map((r) => r.body))).toEqual([201, 400, 400, 400, 400, 400]);
      const sequential = await create(token, name, parent);
      expect(sequential.body).toEqual(taken);
      for (const res of answers.filter((r) => r.status === 400)) expect(res.body).toEqual(sequential.body);
      expect(await namedAt(name, parent)).toBe(1);
    }
    // Two staff members at once: one each (names are unique per owner).
    const shared = `Réunion simultanée ${stamp}`;
    const both = await Promise.all([herault, gard, herault, gard].map((token) => create(token, shared)));
    expect(both.map((r) => r.status).sort()).toEqual([201, 201, 400, 400]);
    expect(await namedAt(shared, null)).toBe(2);
  });

  it('renames and creations to one name in one folder at once: one succeeds, the others get the same 400', async () => {
    const stamp = Date.now();
    const box = await created(gard, `Boîte des renommages ${stamp}`);
    const name = `Compte rendu ${stamp}`;
    const renamed = await Promise.all([0, 1, 2].map((i) => created(gard, `À renommer ${i} ${stamp}`, box.id)));
    const http = await api();
    const answers = await Promise.all([
      ...renamed.map((f) => http.put(`/upload/folders/${f.id}`).set(bearer(gard)).send({ name })),
      create(gard, name, box.id),
      create(gard, name, box.id),
    ]);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s < 300), JSON.stringify(answers.map((r) => r.body))).toHaveLength(1);
    for (const res of answers.filter((r) => r.status >= 300)) expect(res.body).toEqual(taken);
    expect(await namedAt(name, box.id)).toBe(1);
  });

  // Strapi checks a renamed folder's name against the folders of `parent` as sent, the root when
  // the rename does not name one: a subfolder met the root's names, and missed its siblings'.
  it('a subfolder renamed without naming its parent is checked among its siblings, not at the root', async () => {
    const http = await api();
    const stamp = Date.now();
    for (const token of [gard, superToken]) {
      const who = token === gard ? 'gard' : 'national';
      const box = await created(token, `Classeur ${who} ${stamp}`);
      const atRoot = await created(token, `Nom de la racine ${who} ${stamp}`);
      const sibling = await created(token, `Voisin ${who} ${stamp}`, box.id);
      const sub = await created(token, `Sous-dossier ${who} ${stamp}`, box.id);
      // A root folder's name is free inside the folder.
      const rename = await http.put(`/upload/folders/${sub.id}`).set(bearer(token)).send({ name: atRoot.name });
      expect(rename.status, JSON.stringify(rename.body)).toBe(200);
      expect(rename.body.data).toMatchObject({ id: sub.id, name: atRoot.name });
      // A sibling's name is not, renamed alone or with its own parent named.
      const clash = await http.put(`/upload/folders/${sub.id}`).set(bearer(token)).send({ name: sibling.name });
      expect(clash.body).toEqual(taken);
      expect((await http.put(`/upload/folders/${sub.id}`).set(bearer(token)).send({ name: sibling.name, parent: box.id })).body).toEqual(taken);
      expect(await namedAt(sibling.name, box.id)).toBe(1);
      // Left as it was: its name, its place, its path.
      const row = await (await bootStrapi()).db.query(FOLDER).findOne({ where: { id: sub.id }, populate: { parent: { select: ['id'] } } });
      expect(row).toMatchObject({ name: atRoot.name, parent: { id: box.id }, path: `${box.path}/${row.pathId}` });
      // An unchanged write (no name, no parent) stays possible, whatever the root holds.
      await created(token, `Sous-dossier ${who} ${stamp}`);
      const back = await http.put(`/upload/folders/${sub.id}`).set(bearer(token)).send({ name: `Sous-dossier ${who} ${stamp}` });
      expect(back.status, JSON.stringify(back.body)).toBe(200);
      expect((await http.put(`/upload/folders/${sub.id}`).set(bearer(token)).send({})).status).toBe(200);
    }
    // A folder of that name someone else put beside it (a national admin) does not count for the
    // staff member; the national administration, who sees every folder, meets it.
    const box = await created(gard, `Pochette ${stamp}`);
    const mine = await created(gard, `Pièce ${stamp}`, box.id);
    await created(superToken, `Intercalaire ${stamp}`, box.id);
    const national = await created(superToken, `Feuillet ${stamp}`, box.id);
    const beside = await http.put(`/upload/folders/${mine.id}`).set(bearer(gard)).send({ name: `Intercalaire ${stamp}` });
    expect(beside.status, JSON.stringify(beside.body)).toBe(200);
    expect((await http.put(`/upload/folders/${national.id}`).set(bearer(superToken)).send({ name: `Intercalaire ${stamp}` })).body).toEqual(taken);
    expect(await namedAt(`Intercalaire ${stamp}`, box.id)).toBe(2);
  });

  // Strapi compares the names of the folders moved in bulk with the destination's, not with
  // each other: two of one name moved together into one place were both kept there.
  it('a bulk move of two folders of one name into one place is refused as one meeting a folder already there', async () => {
    const http = await api();
    for (const token of [gard, superToken]) {
      // The national administration meets every name: each round its own.
      const stamp = `${token === gard ? 'gard' : 'national'} ${Date.now()}`;
      const [first, second, target] = await Promise.all([`Tiroir A ${stamp}`, `Tiroir B ${stamp}`, `Destination ${stamp}`].map((name) => created(token, name)));
      const twins = await Promise.all([first, second].map((box) => created(token, `Jumeau ${stamp}`, box.id)));
      const refused = await http.post('/upload/actions/bulk-move').set(bearer(token)).send({ fileIds: [], folderIds: twins.map((f) => f.id), destinationFolderId: target.id });
      expectError(refused, 400, 'Des dossiers de même nom existent déjà dans la destination.');
      // The same answer as for one meeting a folder of its name already in the destination.
      const resident = await created(token, `Résident ${stamp}`, target.id);
      const visitor = await created(token, `Résident ${stamp}`, first.id);
      const meeting = await http.post('/upload/actions/bulk-move').set(bearer(token)).send({ fileIds: [], folderIds: [visitor.id], destinationFolderId: target.id });
      expect(refused.body).toEqual(meeting.body);
      expect(await namedAt(`Jumeau ${stamp}`, target.id)).toBe(0);
      expect(await namedAt(`Jumeau ${stamp}`, first.id)).toBe(1);
      expect(resident.id).not.toBe(visitor.id);
      // Bulk moves of two at once, one each: the second meets the first.
      const [one, two] = await Promise.all(twins.map((f) => http.post('/upload/actions/bulk-move').set(bearer(token)).send({ fileIds: [], folderIds: [f.id], destinationFolderId: target.id })));
      expect([one.status, two.status].sort()).toEqual([200, 400]);
      expect(await namedAt(`Jumeau ${stamp}`, target.id)).toBe(1);
    }
  });

  // The upload plugin keeps a folder's name as sent: « Été » typed in NFC and in NFD (decomposed,
  // as macOS's file dialogs give it) look alike and were both kept at one place.
  it('two names equal once Unicode-normalised (« Été » in NFC and NFD) are one name at one place: stored NFC, the second refused like a taken name, a folder stored un-normalised before included', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    for (const token of [gard, superToken]) {
      const stamp = `${token === gard ? 'gard' : 'national'} ${Date.now()}`;
      const nfc = `Été ${stamp}`.normalize('NFC');
      const nfd = nfc.normalize('NFD');
      expect(nfd).not.toBe(nfc);
      const box = await created(token, `Classeur normalisé ${stamp}`);
      // Kept in NFC, whichever form was sent.
      const first = await created(token, nfd, box.id);
      expect(first.name).toBe(nfc);
      expect((await strapi.db.query(FOLDER).findOne({ where: { id: first.id } })).name).toBe(nfc);
      for (const name of [nfc, nfd]) expect((await create(token, name, box.id)).body).toEqual(taken);
      const other = await created(token, `Voisin normalisé ${stamp}`, box.id);
      for (const name of [nfc, nfd]) expect((await http.put(`/upload/folders/${other.id}`).set(bearer(token)).send({ name })).body).toEqual(taken);
      // Elsewhere the name is free.
      expect((await created(token, nfd)).name).toBe(nfc);
      // A folder stored decomposed before this check (or by a door writing rows directly) still counts.
      await strapi.db.query(FOLDER).update({ where: { id: first.id }, data: { name: nfd } });
      expect((await create(token, nfc, box.id)).body).toEqual(taken);
      expect((await http.put(`/upload/folders/${other.id}`).set(bearer(token)).send({ name: nfc })).body).toEqual(taken);
      // Renaming that folder to its own name (either form) is no clash with itself.
      const same = await http.put(`/upload/folders/${first.id}`).set(bearer(token)).send({ name: nfc });
      expect(same.status, JSON.stringify(same.body)).toBe(200);
      expect(same.body.data.name).toBe(nfc);
      await strapi.db.query(FOLDER).update({ where: { id: first.id }, data: { name: nfd } });
      // A bulk move meets it too: the decomposed folder into a place holding the composed name,
      // and the two forms moved together.
      const target = await created(token, `Cible normalisée ${stamp}`);
      await created(token, nfc, target.id);
      const meeting = await http.post('/upload/actions/bulk-move').set(bearer(token)).send({ fileIds: [], folderIds: [first.id], destinationFolderId: target.id });
      expectError(meeting, 400, 'Des dossiers de même nom existent déjà dans la destination.');
      const drawer = await created(token, `Tiroir normalisé ${stamp}`);
      const composed = await created(token, nfc, drawer.id);
      const together = await http.post('/upload/actions/bulk-move').set(bearer(token)).send({ fileIds: [], folderIds: [first.id, composed.id], destinationFolderId: null });
      expectError(together, 400, 'Des dossiers de même nom existent déjà dans la destination.');
      const inBox = await strapi.db.query(FOLDER).findMany({ where: { parent: { id: box.id } } });
      expect(inBox.filter((f: { name: string }) => f.name.normalize('NFC') === nfc)).toHaveLength(1);
    }
  });

  // A new folder's path is its parent's path plus its number: read while its parent was being
  // moved, it kept the parent's old place.
  it('folders created inside a folder while it moves get its new path, as do all below it', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const stamp = Date.now();
    const [left, right] = await Promise.all([created(gard, `Étagère gauche ${stamp}`), created(gard, `Étagère droite ${stamp}`)]);
    const moving = await created(gard, `Carton ${stamp}`, left.id);
    const moves = (async () => {
      const answers = [];
      for (let i = 0; i < 12; i += 1) {
        const to = [right.id, left.id, null][i % 3];
        answers.push(
          i % 2
            ? await http.post('/upload/actions/bulk-move').set(bearer(gard)).send({ fileIds: [], folderIds: [moving.id], destinationFolderId: to })
            : await http.put(`/upload/folders/${moving.id}`).set(bearer(gard)).send({ parent: to }),
        );
      }
      return answers;
    })();
    const creations = Array.from({ length: 30 }, (_, i) => create(gard, `Chemise ${i} ${stamp}`, moving.id));
    const [moved, ...made] = await Promise.all([moves, ...creations]);
    for (const res of [...moved, ...made]) expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    const rows = (await strapi.db.query(FOLDER).findMany({
      where: { $or: [{ id: moving.id }, { parent: { id: moving.id } }] },
      populate: { parent: { select: ['id', 'path'] } },
    })) as { id: number; pathId: number; path: string; parent: { id: number; path: string } | null }[];
    expect(rows).toHaveLength(31);
    for (const row of rows) expect(row.path, JSON.stringify(row)).toBe(`${row.parent?.path ?? ''}/${row.pathId}`);
  });

  it.skipIf(!onPostgres())('moves and renames take their turn with creations: while another instance numbers a folder (its advisory lock), they wait (PostgreSQL)', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const stamp = Date.now();
    const shelf = await created(gard, `Étagère ${stamp}`);
    const [byPut, byBulk, renamed] = await Promise.all([0, 1, 2].map((i) => created(gard, `Attente ${i} ${stamp}`)));
    const client = (strapi.db.connection as any).client;
    const other = await client.acquireConnection(); // stands for another instance numbering a folder
    let answers: Response[] = [];
    let held = false;
    try {
      await other.query("SELECT pg_advisory_lock(hashtext('intranet:upload:folder-path-id'))");
      held = true;
      const pending = Promise.all([
        http.put(`/upload/folders/${byPut.id}`).set(bearer(gard)).send({ parent: shelf.id }),
        http.post('/upload/actions/bulk-move').set(bearer(gard)).send({ fileIds: [], folderIds: [byBulk.id], destinationFolderId: shelf.id }),
        http.put(`/upload/folders/${renamed.id}`).set(bearer(gard)).send({ name: `Renommé ${stamp}` }),
      ]).then((res) => (answers = res));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(answers).toEqual([]);
      const rows = await strapi.db.query(FOLDER).findMany({ where: { id: { $in: [byPut.id, byBulk.id, renamed.id] } }, orderBy: { id: 'asc' } });
      // The three were created at once: their ids (the rows' order) need not follow their names.
      expect(rows.map((f: any) => [f.name, f.path])).toEqual([byPut, byBulk, renamed].sort((a, b) => a.id - b.id).map((f) => [f.name, f.path]));
      await other.query("SELECT pg_advisory_unlock(hashtext('intranet:upload:folder-path-id'))");
      held = false;
      await pending;
    } finally {
      // A failed expectation above must not leave the session lock held on a pooled connection:
      // every later folder write of the file would wait for it (30 s timeouts, test after test).
      if (held) await other.query("SELECT pg_advisory_unlock(hashtext('intranet:upload:folder-path-id'))");
      await client.releaseConnection(other);
    }
    for (const res of answers) expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Read by id (created at once, their ids need not follow their names): the two moved keep their number under the shelf.
    const rows = await strapi.db.query(FOLDER).findMany({ where: { id: { $in: [byPut.id, byBulk.id, renamed.id] } } });
    const now = new Map(rows.map((f: any) => [f.id, { path: f.path, name: f.name }]));
    expect([byPut, byBulk, renamed].map((f) => now.get(f.id))).toEqual([
      { path: `${shelf.path}${byPut.path}`, name: byPut.name },
      { path: `${shelf.path}${byBulk.path}`, name: byBulk.name },
      { path: renamed.path, name: `Renommé ${stamp}` },
    ]);
  });
});

describe('a folder’s name is unique among the folders one sees, not library-wide', () => {
  const create = async (token: string, name: string, parent: number | null = null) => (await api()).post('/upload/folders').set(bearer(token)).send({ name, parent });
  const created = async (token: string, name: string, parent: number | null = null) => {
    const res = await create(token, name, parent);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data as { id: number; name: string };
  };
  const TAKEN = 'Un dossier de ce nom existe déjà à cet endroit.';

  it('another federation’s « Réunions » blocks neither a creation, a rename, a move nor a bulk move of one’s own', async () => {
    const http = await api();
    const stamp = Date.now();
    const [reunions, bureau, comptes, archives] = [`Réunions ${stamp}`, `Bureau ${stamp}`, `Comptes ${stamp}`, `Archives ${stamp}`];
    const theirs = await Promise.all([reunions, bureau, comptes, archives].map((name) => created(herault, name)));
    // A creation at the same place: answered as if theirs did not exist; one's own name stays unique among one's own.
    const mine = await created(gard, reunions);
    expectError(await create(gard, reunions), 400, TAKEN);
    // A rename at the root, a move by the folder, a bulk move, each to where theirs of that name is.
    const renamed = await created(gard, `Bureau provisoire ${stamp}`);
    const rename = await http.put(`/upload/folders/${renamed.id}`).set(bearer(gard)).send({ name: bureau, parent: null });
    expect(rename.status, JSON.stringify(rename.body)).toBe(200);
    const box = await created(gard, `Boîte ${stamp}`);
    const moved = await created(gard, comptes, box.id);
    const move = await http.put(`/upload/folders/${moved.id}`).set(bearer(gard)).send({ name: comptes, parent: null });
    expect(move.status, JSON.stringify(move.body)).toBe(200);
    const bulkMoved = await created(gard, archives, box.id);
    const bulk = await http.post('/upload/actions/bulk-move').set(bearer(gard)).send({ fileIds: [], folderIds: [bulkMoved.id], destinationFolderId: null });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    // Two folders of each name at the root, one each; theirs untouched.
    const rows = await (await bootStrapi()).db.query('plugin::upload.folder').findMany({ where: { name: { $in: [reunions, bureau, comptes, archives] } }, populate: { parent: true } });
    expect(rows.map((f: any) => [f.id, f.parent]).sort()).toEqual([...theirs, mine, renamed, moved, bulkMoved].map((f) => [f.id, null]).sort());
    // Among one's own folders, a name already there still refuses a move.
    const twin = await created(gard, reunions, box.id);
    expectError(await http.put(`/upload/folders/${twin.id}`).set(bearer(gard)).send({ name: reunions, parent: null }), 400, TAKEN);
    expectError(await http.post('/upload/actions/bulk-move').set(bearer(gard)).send({ fileIds: [], folderIds: [twin.id], destinationFolderId: null }), 400, 'Des dossiers de même nom existent déjà dans la destination.');
    expectError(await http.put(`/upload/folders/${mine.id}`).set(bearer(gard)).send({ name: bureau, parent: null }), 400, TAKEN);
  });

  it('the national administration, who sees every folder, still meets every name', async () => {
    const name = `Trésorerie ${Date.now()}`;
    await created(herault, name);
    expectError(await create(superToken, name), 400, TAKEN);
  });
});

describe('folder writes are audited like file writes', () => {
  const FOLDER = 'plugin::upload.folder';
  const folderAudits = async (id: number) =>
    (await (await bootStrapi()).db.connection('audit_log').where({ subject_type: FOLDER, subject_id: String(id) }).orderBy('seq', 'asc'))
      .map((e: any) => ({ action: e.action, actor: [e.actor_kind, e.actor_id], federationId: e.federation_id, details: JSON.parse(e.details) }));
  const adminId = async (email: string) => (await (await bootStrapi()).db.query('admin::user').findOne({ where: { email } })).id as number;

  it('creation, rename, move (by the folder or in bulk) and deletion each write one entry naming the folder, from → to', async () => {
    const http = await api();
    const staffId = await adminId(`mediatheque.${w.federation.departmentCode.toLowerCase()}@admin.test`);
    const own = await folder(herault, 'Tiroir Herault');
    const other = await folder(herault, 'Armoire Herault');
    const name = (await (await bootStrapi()).db.query(FOLDER).findOne({ where: { id: own.id } })).name as string;
    const otherName = (await (await bootStrapi()).db.query(FOLDER).findOne({ where: { id: other.id } })).name as string;
    const owner = { id: staffId, label: expect.stringContaining('mediatheque.') };
    const who = { actor: ['admin', staffId], federationId: w.federation.id };

    expect(await folderAudits(own.id)).toEqual([{ action: `${FOLDER}.create`, ...who, details: { via: 'admin-panel', folder: { id: own.id, name, parent: null, owner } } }]);

    const renamed = await http.put(`/upload/folders/${own.id}`).set(bearer(herault)).send({ name: 'Tiroir renommé' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect((await folderAudits(own.id)).slice(1)).toEqual([
      { action: `${FOLDER}.update`, ...who, details: { via: 'admin-panel', folder: { id: own.id, name, parent: null, owner }, changes: { name: { before: name, after: 'Tiroir renommé' } } } },
    ]);

    const moved = await http.put(`/upload/folders/${own.id}`).set(bearer(herault)).send({ parent: other.id });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const back = await http.post('/upload/actions/bulk-move').set(bearer(herault)).send({ fileIds: [], folderIds: [own.id], destinationFolderId: null });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const inOther = { id: other.id, name: otherName };
    expect((await folderAudits(own.id)).slice(2)).toEqual([
      { action: `${FOLDER}.move`, ...who, details: { via: 'admin-panel', folder: { id: own.id, name: 'Tiroir renommé', parent: null, owner }, changes: { parent: { before: null, after: inOther } } } },
      { action: `${FOLDER}.move`, ...who, details: { via: 'admin-panel', folder: { id: own.id, name: 'Tiroir renommé', parent: inOther, owner }, changes: { parent: { before: inOther, after: null } } } },
    ]);

    // A deletion: the folder and the folder inside it, one entry each; the file inside as a file.
    const sub = await folder(herault, 'Chemise', own.id);
    const inside = await uploaded(herault, 'dans-la-chemise.txt', { name: 'dans-la-chemise.txt', folder: sub.id });
    const removed = await http.post('/upload/actions/bulk-delete').set(bearer(herault)).send({ fileIds: [], folderIds: [own.id] });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect((await folderAudits(own.id)).slice(4)).toEqual([
      { action: `${FOLDER}.delete`, ...who, details: { via: 'admin-panel', folder: { id: own.id, name: 'Tiroir renommé', parent: null, owner } } },
    ]);
    expect((await folderAudits(sub.id)).map((e) => e.action)).toEqual([`${FOLDER}.create`, `${FOLDER}.delete`]);
    expect((await folderAudits(sub.id))[1].details.folder).toMatchObject({ id: sub.id, parent: { id: own.id, name: 'Tiroir renommé' } });
    expect((await audits(inside.id)).map((e: any) => e.action)).toEqual([`${FILE}.create`, `${FILE}.delete`]);
    // A refused write records nothing.
    expectError(await http.put(`/upload/folders/${other.id}`).set(bearer(gard)).send({ name: 'Intrus' }), 404);
    expect((await folderAudits(other.id)).map((e) => e.action)).toEqual([`${FOLDER}.create`]);
  });

  it('the national administration’s folder writes are audited too, without a federation', async () => {
    const http = await api();
    const superId = await adminId(`mediatheque.super.${w.federation.departmentCode.toLowerCase()}@admin.test`);
    const national = await folder(superToken, 'Classeur national');
    const renamed = await http.put(`/upload/folders/${national.id}`).set(bearer(superToken)).send({ name: 'Classeur national renommé' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const removed = await http.post('/upload/actions/bulk-delete').set(bearer(superToken)).send({ fileIds: [], folderIds: [national.id] });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const trail = await folderAudits(national.id);
    expect(trail.map((e) => [e.action, e.actor, e.federationId])).toEqual([
      [`${FOLDER}.create`, ['admin', superId], null],
      [`${FOLDER}.update`, ['admin', superId], null],
      [`${FOLDER}.delete`, ['admin', superId], null],
    ]);
    expect(trail[1].details.changes).toEqual({ name: { before: expect.stringContaining('Classeur national'), after: 'Classeur national renommé' } });
    expect(trail[2].details.folder).toMatchObject({ id: national.id, name: 'Classeur national renommé', owner: { id: superId } });
  });
});

describe('someone else’s file or folder answers like an unknown one', () => {
  it('files: reading and deleting by id', async () => {
    const http = await api();
    const theirs = await uploaded(herault, 'piece-herault.txt');
    for (const method of ['get', 'delete'] as const) {
      sameAnswer(await http[method](`/upload/files/${theirs.id}`).set(bearer(gard)), await http[method](`/upload/files/${UNKNOWN}`).set(bearer(gard)), 'Fichier introuvable');
      sameAnswer(await http[method]('/upload/files/pas-un-id').set(bearer(gard)), await http[method](`/upload/files/${UNKNOWN}`).set(bearer(gard)), 'Fichier introuvable');
    }
    sameAnswer(await http.put(`/upload/files/${theirs.id}`).set(bearer(gard)).send({ fileInfo: { name: 'x' } }), await http.put(`/upload/files/${UNKNOWN}`).set(bearer(gard)).send({ fileInfo: { name: 'x' } }), 'Fichier introuvable');
    for (const [path, body] of [
      ['/upload/actions/bulk-delete', (id: number) => ({ fileIds: [id] })],
      ['/upload/actions/bulk-move', (id: number) => ({ fileIds: [id], folderIds: [], destinationFolderId: null })],
      ['/upload/actions/bulk-update', (id: number) => ({ updates: [{ id, fileInfo: { name: 'x.txt' } }] })],
    ] as const) {
      sameAnswer(await http.post(path).set(bearer(gard)).send(body(theirs.id)), await http.post(path).set(bearer(gard)).send(body(UNKNOWN)), 'Fichier introuvable');
    }
    expect((await fileRow(theirs.id)).name).toBe('piece-herault.txt');
    // The national administration reads the same French for an unknown file.
    expectError(await http.get(`/upload/files/${UNKNOWN}`).set(bearer(superToken)), 404, 'Fichier introuvable.');
    expectError(await http.delete('/upload/files/pas-un-id').set(bearer(superToken)), 404, 'Fichier introuvable.');
  });

  it('folders: opening, renaming and bulk actions by id', async () => {
    const http = await api();
    const theirs = await folder(herault, 'Secret Herault');
    sameAnswer(await http.get(`/upload/folders/${theirs.id}`).set(bearer(gard)), await http.get(`/upload/folders/${UNKNOWN}`).set(bearer(gard)), 'Dossier introuvable');
    sameAnswer(await http.put(`/upload/folders/${theirs.id}`).set(bearer(gard)).send({ name: 'Renommé' }), await http.put(`/upload/folders/${UNKNOWN}`).set(bearer(gard)).send({ name: 'Renommé' }), 'Dossier introuvable');
    for (const [path, body] of [
      ['/upload/actions/bulk-delete', (id: number) => ({ fileIds: [], folderIds: [id] })],
      ['/upload/actions/bulk-move', (id: number) => ({ fileIds: [], folderIds: [id], destinationFolderId: null })],
    ] as const) {
      sameAnswer(await http.post(path).set(bearer(gard)).send(body(theirs.id)), await http.post(path).set(bearer(gard)).send(body(UNKNOWN)), 'Dossier introuvable');
    }
    expect(await (await bootStrapi()).db.query('plugin::upload.folder').findOne({ where: { id: theirs.id } })).toMatchObject({ name: expect.stringContaining('Secret Herault') });
    expectError(await http.get(`/upload/folders/${UNKNOWN}`).set(bearer(superToken)), 404, 'Dossier introuvable.');
  });
});

describe('listings show one’s own files and folders only', () => {
  it('never reveals what the national administration put in, or around, a staff member’s folder', async () => {
    const http = await api();
    const own = await folder(herault, 'Classeur Herault');
    const moved = await folder(herault, 'Déplacé par le national');
    const secret = await uploaded(superToken, 'note-nationale-secrete.txt');
    const national = await folder(superToken, 'Dossier national');
    expect((await http.post('/upload/actions/bulk-move').set(bearer(superToken)).send({ fileIds: [secret.id], folderIds: [], destinationFolderId: own.id })).status).toBe(200);
    expect((await http.post('/upload/actions/bulk-move').set(bearer(superToken)).send({ fileIds: [], folderIds: [moved.id], destinationFolderId: national.id })).status).toBe(200);

    for (const query of ['populate=*', 'populate[files]=true', 'populate[files][populate]=*', 'populate[children]=true', 'populate[parent][populate][files]=true',
      'filters[files][name][$startsWith]=note', 'filters[parent][files][id]=1', 'filters[createdBy][email][$contains]=a', 'sort=files.name:asc']) {
      expectError(await http.get(`/upload/folders?${query}`).set(bearer(herault)), 403, 'équipe fédérale');
    }
    expectError(await http.get(`/upload/folders/${moved.id}?populate[files]=true`).set(bearer(herault)), 403, 'équipe fédérale');

    // What the admin panel asks still answers, without someone else's parent folder.
    const listed = await http.get(`/upload/folders?sort=name:ASC&populate[parent]=true&filters[$and][0][parent][id]=${national.id}`).set(bearer(herault));
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.data.map((f: any) => [f.id, f.parent])).toEqual([[moved.id, null]]);
    const opened = await http.get(`/upload/folders/${moved.id}?populate[parent][populate][parent]=*&populate[children][count]=true&populate[files][count]=true`).set(bearer(herault));
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body.data).toMatchObject({ id: moved.id, parent: null, files: { count: 0 } });
    const all = await http.get('/upload/folders?populate[parent]=true&populate[children][count]=true&populate[files][count]=true&sort=updatedAt:DESC').set(bearer(herault));
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(JSON.stringify(all.body)).not.toContain('note-nationale-secrete');
    expect(JSON.stringify(all.body)).not.toContain('Dossier national');
  });

  it('paths name no folder one may not see: a folder the national administration moved into one of theirs starts the path', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const pathIdOf = async (id: number) => (await strapi.db.query('plugin::upload.folder').findOne({ where: { id }, select: ['pathId'] })).pathId as number;
    const national = await folder(superToken, 'Étagère nationale');
    const own = await folder(herault, 'Dossier rangé par le national');
    const sub = await folder(herault, 'Sous-dossier rangé', own.id);
    const inside = await uploaded(herault, 'dans-le-sous-dossier.txt', { name: 'dans-le-sous-dossier.txt', folder: sub.id });
    const loose = await uploaded(herault, 'range-par-le-national.txt');
    expect((await http.post('/upload/actions/bulk-move').set(bearer(superToken)).send({ fileIds: [loose.id], folderIds: [own.id], destinationFolderId: national.id })).status).toBe(200);
    const [nationalId, ownId, subId] = await Promise.all([national.id, own.id, sub.id].map(pathIdOf));
    const ownPath = `/${ownId}`;
    const subPath = `/${ownId}/${subId}`;
    const answers = [
      await http.get(`/upload/folders/${own.id}`).set(bearer(herault)),
      await http.get(`/upload/folders?filters[$and][0][parent][id]=${own.id}&populate[parent]=true`).set(bearer(herault)),
      await http.get('/upload/folders?populate[parent]=true').set(bearer(herault)),
      await http.get(`/upload/files/${inside.id}?populate[folder]=true`).set(bearer(herault)),
      await http.get('/upload/files?populate[folder]=true&pageSize=100').set(bearer(herault)),
      await http.post('/upload/folders').set(bearer(herault)).send({ name: `Nouveau ${Date.now()}`, parent: sub.id }),
      await http.put(`/upload/folders/${sub.id}`).set(bearer(herault)).send({ name: `Sous-dossier renommé ${Date.now()}`, parent: own.id }),
      await http.put(`/upload/files/${inside.id}`).set(bearer(herault)).send({ fileInfo: { name: 'renomme.txt', folder: sub.id } }),
      await http.post('/upload/actions/bulk-move').set(bearer(herault)).send({ fileIds: [inside.id], folderIds: [], destinationFolderId: sub.id }),
      await upload(herault, 'depose-au-fond.txt', { name: 'depose-au-fond.txt', folder: sub.id }),
    ];
    for (const res of answers) {
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      expect(res.text).not.toMatch(new RegExp(`"(path|folderPath)":"/${nationalId}[/"]`));
    }
    expect(answers[0].body.data).toMatchObject({ id: own.id, path: ownPath });
    expect(answers[1].body.data.map((f: any) => [f.id, f.path, f.parent?.path])).toEqual([[sub.id, subPath, ownPath]]);
    expect(answers[3].body).toMatchObject({ folderPath: subPath, folder: { id: sub.id, path: subPath } });
    expect(answers[4].body.results.find((f: any) => f.id === loose.id)).toMatchObject({ folderPath: '/', folder: null });
    expect(answers[5].body.data.path).toMatch(new RegExp(`^${subPath}/\\d+$`));
    expect(answers[6].body.data.path).toBe(subPath);
    expect(answers[7].body.folderPath).toBe(subPath);
    expect(answers[8].body.data.files[0].folderPath).toBe(subPath);
    expect(answers[9].body[0].folderPath).toBe(subPath);
    // The rows keep their real paths; the national administration reads them whole.
    expect((await fileRow(inside.id)).folderPath).toBe(`/${nationalId}${subPath}`);
    expect((await http.get(`/upload/folders/${own.id}`).set(bearer(superToken))).body.data.path).toBe(`/${nationalId}${ownPath}`);
  });

  it('file listings reach neither the other files of a folder, nor the authors, nor the entries using a file', async () => {
    const http = await api();
    const own = await folder(herault, 'Pochette Herault');
    const mine = await uploaded(herault, 'ma-piece.txt', { name: 'ma-piece.txt', folder: own.id });
    const secret = await uploaded(superToken, 'piece-nationale-cachee.txt');
    expect((await http.post('/upload/actions/bulk-move').set(bearer(superToken)).send({ fileIds: [secret.id], folderIds: [], destinationFolderId: own.id })).status).toBe(200);
    for (const query of ['populate=*', 'populate[folder][populate][files]=true', 'populate[createdBy]=true', 'populate[related][on][api::document.document]=true',
      'filters[folder][files][name][$startsWith]=piece', 'filters[createdBy][email][$contains]=a', 'sort=createdBy.email:asc']) {
      expectError(await http.get(`/upload/files?${query}`).set(bearer(herault)), 403, 'équipe fédérale');
    }
    // The admin panel's own queries answer; a file the national administration moved shows no foreign folder.
    const listed = await http.get(`/upload/files?sort=updatedAt:DESC&page=1&pageSize=50&filters[$and][0][folder][id]=${own.id}&filters[$and][1][mime][$contains]=text`).set(bearer(herault));
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.results.map((f: any) => f.id)).toEqual([mine.id]);
    const national = await folder(superToken, 'Casier national');
    expect((await http.post('/upload/actions/bulk-move').set(bearer(superToken)).send({ fileIds: [mine.id], folderIds: [], destinationFolderId: national.id })).status).toBe(200);
    const everywhere = await http.get('/upload/files?pageSize=100').set(bearer(herault));
    expect(everywhere.body.results.find((f: any) => f.id === mine.id).folder).toBeNull();
    expect((await http.get(`/upload/files/${mine.id}`).set(bearer(herault))).body.folder).toBeNull();
    expect(JSON.stringify(everywhere.body)).not.toContain('Casier national');
  });
});

describe('the media library answers in French', () => {
  it('names a refused file type, a missing file, an unreadable fileInfo, folder mistakes', async () => {
    const http = await api();
    const html = await http.post('/upload').set(bearer(gard)).attach('files', Buffer.from('<html><body>x</body></html>'), { filename: 'page.html', contentType: 'text/html' });
    expectError(html, 400, 'Type de fichier refusé');
    expect(html.body.error.message).toContain('text/html');
    expectError(await http.post('/upload').set(bearer(gard)).field('fileInfo', '{}'), 400, 'Aucun fichier reçu');
    for (const token of [gard, superToken]) {
      const broken = await http.post('/upload').set(bearer(token)).attach('files', Buffer.from('x'), { filename: 'casse.txt', contentType: 'text/plain' }).field('fileInfo', '{pas du json');
      expectError(broken, 400, 'fileInfo');
    }
    const own = await folder(gard, 'Doublon');
    const twin = await http.post('/upload/folders').set(bearer(gard)).send({ name: (await (await bootStrapi()).db.query('plugin::upload.folder').findOne({ where: { id: own.id } })).name, parent: null });
    expectError(twin, 400, 'existe déjà');
    expectError(await http.post('/upload/folders').set(bearer(gard)).send({ name: 'a/b', parent: null }), 400, '« / »');
    expectError(await http.post('/upload/folders').set(bearer(gard)).send({ parent: null }), 400, 'Donnez un nom');
    const child = await folder(gard, 'Enfant', own.id);
    expectError(await http.put(`/upload/folders/${own.id}`).set(bearer(gard)).send({ parent: child.id }), 400, 'ni dans lui-même');
    expectError(await http.post('/upload/actions/bulk-move').set(bearer(gard)).send({ fileIds: [], folderIds: [own.id], destinationFolderId: child.id }), 400, 'ni dans lui-même');
    for (const res of [html, twin]) expect(res.body.error.message).not.toMatch(/\b(not|the|is|already|allowed)\b/);
  });
  it('refuses a folder name longer than the database keeps (255 characters) with a 400, on creation and rename (PostgreSQL answered 500)', async () => {
    const http = await api();
    const long = 'é'.repeat(256);
    expectError(await http.post('/upload/folders').set(bearer(gard)).send({ name: long, parent: null }), 400, 'Le nom du dossier : 255 caractères au plus.');
    const own = await folder(gard, 'Nom court');
    expectError(await http.put(`/upload/folders/${own.id}`).set(bearer(gard)).send({ name: long }), 400, 'Le nom du dossier : 255 caractères au plus.');
    expectError(await http.post('/upload/folders').set(bearer(superToken)).send({ name: long, parent: null }), 400, 'Le nom du dossier : 255 caractères au plus.');
    const longest = await http.post('/upload/folders').set(bearer(gard)).send({ name: `${'é'.repeat(250)} ${Date.now() % 1000}`.slice(0, 255), parent: null });
    expect(longest.status, JSON.stringify(longest.body)).toBe(201);
    // Counted as the database counts: 200 emoji are 400 UTF-16 units but 200 characters — kept.
    const emoji = `${'\u{1F333}'.repeat(200)} ${Date.now() % 1000}`;
    const trees = await http.post('/upload/folders').set(bearer(gard)).send({ name: emoji, parent: null });
    expect(trees.status, JSON.stringify(trees.body).slice(0, 300)).toBe(201);
    expect(trees.body.data.name).toBe(emoji);
  });
  it('refuses a folder name holding a bidirectional control (shown in another order than it is), on creation and rename, keeping the name', async () => {
    const http = await api();
    const message = 'Le nom du dossier contient un caractère invisible qui inverse le sens d’écriture : retirez-le.';
    expectError(await http.post('/upload/folders').set(bearer(gard)).send({ name: 'Factures\u202E2026', parent: null }), 400, message);
    const own = await folder(gard, 'Garde son nom');
    const nameOf = async () => (await (await bootStrapi()).db.query('plugin::upload.folder').findOne({ where: { id: own.id } })).name as string;
    const before = await nameOf();
    expectError(await http.put(`/upload/folders/${own.id}`).set(bearer(gard)).send({ name: 'a\u2066b' }), 400, message);
    expect(await nameOf()).toBe(before);
    const hebrew = await http.put(`/upload/folders/${own.id}`).set(bearer(gard)).send({ name: '\u05D3\u05D5\u05D7 \u200F2026' });
    expect(hebrew.status, JSON.stringify(hebrew.body)).toBe(200);
  });
  // Strapi's validation refused a line break with « ne peut ni commencer ni finir par une
  // espace » (its check of spaces around reads one line), and let every other control through.
  it('refuses a folder name holding a control character (line break, tab, BEL, DEL, C1…) with its own message, before Strapi’s checks, on creation and rename, keeping the name', async () => {
    const http = await api();
    const message = 'Le nom du dossier contient un caractère de contrôle (saut de ligne, tabulation…) : retirez-le.';
    const own = await folder(gard, 'Sans contrôle');
    const nameOf = async () => (await (await bootStrapi()).db.query('plugin::upload.folder').findOne({ where: { id: own.id } })).name as string;
    const before = await nameOf();
    const names = ['Ordre\u0007du jour', 'Ligne 1\nLigne 2', 'fin\n', '\tdébut', 'a\rb', 'a\u001Bb', 'a\u007Fb', 'a\u0085b', 'a\u009Fb', '\n'];
    for (const name of names) {
      for (const res of [
        await http.post('/upload/folders').set(bearer(gard)).send({ name, parent: null }),
        await http.post('/upload/folders').set(bearer(superToken)).send({ name, parent: null }),
        await http.put(`/upload/folders/${own.id}`).set(bearer(gard)).send({ name }),
      ]) {
        const error = expectError(res, 400);
        expect({ name: JSON.stringify(name), message: error.message, details: error.details }).toEqual({
          name: JSON.stringify(name),
          message,
          details: { errors: [{ path: ['name'], message, name: 'ValidationError' }] },
        });
      }
    }
    expect(await nameOf()).toBe(before);
    expect(await (await bootStrapi()).db.query('plugin::upload.folder').count({ where: { name: { $in: names } } })).toBe(0);
  });
  it('refuses « . » and « .. » as a folder name, on creation and rename; other names with dots stay possible', async () => {
    const http = await api();
    const message = 'Le nom du dossier ne peut être ni « . » ni « .. ».';
    const own = await folder(gard, 'Points');
    for (const name of ['.', '..']) {
      expect(fieldMessages(await http.post('/upload/folders').set(bearer(gard)).send({ name, parent: null }))).toEqual({ name: message });
      expect(fieldMessages(await http.post('/upload/folders').set(bearer(superToken)).send({ name, parent: own.id }))).toEqual({ name: message });
      const rename = await http.put(`/upload/folders/${own.id}`).set(bearer(gard)).send({ name });
      expectError(rename, 400, message);
      expect(fieldMessages(rename)).toEqual({ name: message });
    }
    expect(await (await bootStrapi()).db.query('plugin::upload.folder').count({ where: { name: { $in: ['.', '..'] } } })).toBe(0);
    for (const name of [`... ${Date.now()}`, `.archives ${Date.now()}`, `v1.2 ${Date.now()}`]) {
      const res = await http.post('/upload/folders').set(bearer(gard)).send({ name, parent: own.id });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });
});
