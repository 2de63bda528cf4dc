import { beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'supertest';
import { api, bootStrapi } from '../support/strapi';
import { createWorld, type World } from '../support/factories';
import { bearer, expectError } from '../support/expect';
import { adminToken, federationStaffRole, superAdminRole } from '../support/admin';

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
});
