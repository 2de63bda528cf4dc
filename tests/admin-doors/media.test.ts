import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createWorld, type World } from '../support/factories';
import { bearer, expectError } from '../support/expect';
import { adminToken, federationStaffRole, superAdminRole } from '../support/admin';
import { signUploadPath } from '../../src/admin-doors/signed-uploads';

/**
 * Issue 23, items 4 and 5: the media library. Federation staff handle their own uploads on
 * every route, bulk ones included; media fields take only files the writer may read; files
 * are served only through signed, expiring addresses; every media write is audited.
 */
let w: World;
let staff: string;
let colleague: string;
let superToken: string;
const FILE = 'plugin::upload.file';

async function upload(token: string, name: string, content = `Contenu de ${name}`) {
  const res = await (await api()).post('/upload').set(bearer(token)).attach('files', Buffer.from(content), { filename: name, contentType: 'text/plain' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body[0] as { id: number; name: string; url: string };
}
const exists = async (id: number) => Boolean(await (await bootStrapi()).db.query(FILE).findOne({ where: { id } }));
const audits = async (id: number) =>
  (await bootStrapi()).db.connection('audit_log').where({ subject_type: FILE, subject_id: String(id) }).orderBy('seq', 'asc');

beforeAll(async () => {
  w = await createWorld();
  const role = await federationStaffRole(w.federation.departmentCode);
  staff = await adminToken(`media.${w.federation.departmentCode.toLowerCase()}@admin.test`, [role]);
  colleague = await adminToken(`media2.${w.federation.departmentCode.toLowerCase()}@admin.test`, [role]);
  superToken = await adminToken(`media.super.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await superAdminRole()]);
});

describe('bulk routes of the media library honour « own uploads only »', () => {
  it('refuses to bulk-delete someone else’s upload, deletes one’s own, and audits it', async () => {
    const http = await api();
    const theirs = await upload(superToken, 'confidentiel-national.txt');
    const mine = await upload(staff, 'ordre-du-jour.txt');
    expectError(await http.post('/upload/actions/bulk-delete').set(bearer(staff)).send({ fileIds: [theirs.id, mine.id] }), 404, 'Fichier introuvable');
    expect(await exists(theirs.id)).toBe(true);
    expect(await exists(mine.id)).toBe(true);
    const ok = await http.post('/upload/actions/bulk-delete').set(bearer(staff)).send({ fileIds: [mine.id] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(await exists(mine.id)).toBe(false);
    const trail = await audits(mine.id);
    expect(trail.map((e: any) => e.action)).toEqual([`${FILE}.create`, `${FILE}.delete`]);
    expect(trail[1]).toMatchObject({ actor_kind: 'admin', federation_id: w.federation.id });
    expect(JSON.parse(trail[1].details).file).toMatchObject({ id: mine.id, name: 'ordre-du-jour.txt', owner: { label: expect.stringContaining('media.') } });
  });

  it('refuses to bulk-delete a colleague’s upload (own, not the federation’s)', async () => {
    const theirs = await upload(colleague, 'note-collegue.txt');
    expectError(await (await api()).post('/upload/actions/bulk-delete').set(bearer(staff)).send({ fileIds: [theirs.id] }), 404);
    expect(await exists(theirs.id)).toBe(true);
  });

  it('refuses to bulk-move or bulk-update someone else’s upload; moves its own and audits the move', async () => {
    const http = await api();
    const theirs = await upload(superToken, 'a-deplacer.txt');
    const mine = await upload(staff, 'a-ranger.txt');
    const folder = await http.post('/upload/folders').set(bearer(staff)).send({ name: `Dossier ${Date.now()}`, parent: null });
    expect(folder.status, JSON.stringify(folder.body)).toBe(201);
    const folderId = folder.body.data.id;
    expectError(await http.post('/upload/actions/bulk-move').set(bearer(staff)).send({ fileIds: [theirs.id], folderIds: [], destinationFolderId: folderId }), 404);
    expectError(await http.post('/upload/actions/bulk-update').set(bearer(staff)).send({ updates: [{ id: theirs.id, fileInfo: { name: 'pirate.txt' } }] }), 404);
    expect((await (await bootStrapi()).db.query(FILE).findOne({ where: { id: theirs.id } })).name).toBe('a-deplacer.txt');
    const moved = await http.post('/upload/actions/bulk-move').set(bearer(staff)).send({ fileIds: [mine.id], folderIds: [], destinationFolderId: folderId });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const [move] = (await audits(mine.id)).filter((e: any) => e.action === `${FILE}.move`);
    expect(JSON.parse(move.details)).toMatchObject({ file: { id: mine.id, name: 'a-ranger.txt' }, folder: { before: '/', after: expect.stringMatching(/^\/\d+$/) } });
  });

  it('leaves a national super admin free to clean the library', async () => {
    const theirs = await upload(staff, 'a-nettoyer.txt');
    const res = await (await api()).post('/upload/actions/bulk-delete').set(bearer(superToken)).send({ fileIds: [theirs.id] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await exists(theirs.id)).toBe(false);
  });

  it('audits single deletions and replacements with the file’s name and owner', async () => {
    const http = await api();
    const mine = await upload(staff, 'version-1.txt');
    const replaced = await http.post(`/upload?id=${mine.id}`).set(bearer(staff)).attach('files', Buffer.from('v2'), { filename: 'version-2.txt', contentType: 'text/plain' });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    const removed = await http.delete(`/upload/files/${mine.id}`).set(bearer(staff));
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const trail = await audits(mine.id);
    expect(trail.map((e: any) => e.action)).toEqual([`${FILE}.create`, `${FILE}.replace`, `${FILE}.delete`]);
    expect(JSON.parse(trail[1].details).file).toMatchObject({ name: 'version-1.txt' });
  });
});

describe('someone else’s file or folder answers exactly as a nonexistent one, on every door of the library', () => {
  /** No row bears this id (the largest an integer column holds). */
  const NOWHERE = 2_147_483_647;
  /** An answer as its bytes go out: status, type, length and text (not only the parsed envelope). */
  const whole = (res: { status: number; body: unknown; text: string; headers: Record<string, string> }) =>
    ({ status: res.status, type: res.headers['content-type'], length: res.headers['content-length'], text: res.text, body: res.body });
  type Answer = { status: number; body: unknown; text: string; headers: Record<string, string> };
  const folderOf = async (token: string, name: string, parent: number | null = null) => {
    const res = await (await api()).post('/upload/folders').set(bearer(token)).send({ name: `${name} ${Date.now()}`, parent });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data as { id: number; name: string };
  };

  it('a file: someone else’s upload (national, a colleague’s) read, changed, deleted, bulk-deleted, bulk-moved or bulk-updated', async () => {
    const http = await api();
    const national = await upload(superToken, 'fichier-national.txt');
    const colleagues = await upload(colleague, 'fichier-collegue.txt');
    const mine = await folderOf(staff, 'Rangement');
    const doors: [string, (id: number) => Promise<Answer>][] = [
      ['read', (id) => http.get(`/upload/files/${id}`).set(bearer(staff))],
      ['delete', (id) => http.delete(`/upload/files/${id}`).set(bearer(staff))],
      ['change', (id) => http.post(`/upload?id=${id}`).set(bearer(staff)).send({ fileInfo: { name: 'renomme.txt' } })],
      ['bulk-delete', (id) => http.post('/upload/actions/bulk-delete').set(bearer(staff)).send({ fileIds: [id] })],
      ['bulk-move', (id) => http.post('/upload/actions/bulk-move').set(bearer(staff)).send({ fileIds: [id], folderIds: [], destinationFolderId: mine.id })],
      ['bulk-update', (id) => http.post('/upload/actions/bulk-update').set(bearer(staff)).send({ updates: [{ id, fileInfo: { name: 'renomme.txt' } }] })],
      ['change by PUT', (id) => http.put(`/upload/files/${id}`).set(bearer(staff)).send({ fileInfo: { name: 'renomme.txt' } })],
      ['replace', (id) => http.post(`/upload/files/${id}/replace`).set(bearer(staff)).attach('files', Buffer.from('v2'), { filename: 'v2.txt', contentType: 'text/plain' })],
      ['replace by id', (id) => http.post(`/upload?id=${id}`).set(bearer(staff)).attach('files', Buffer.from('v2'), { filename: 'v2.txt', contentType: 'text/plain' })],
    ];
    for (const [door, call] of doors) {
      const unknown = whole(await call(NOWHERE));
      expect(unknown.status, door).toBe(404);
      for (const id of [national.id, colleagues.id]) expect({ door, ...whole(await call(id)) }).toEqual({ door, ...unknown });
    }
    const rows = await (await bootStrapi()).db.query(FILE).findMany({ where: { id: { $in: [national.id, colleagues.id] } }, select: ['name', 'folderPath'] });
    expect(rows.map((r: any) => [r.name, r.folderPath]).sort()).toEqual([['fichier-collegue.txt', '/'], ['fichier-national.txt', '/']]);
  });

  it('a folder: someone else’s (national, inside one of one’s own) opened, renamed, moved, deleted or put things in', async () => {
    const http = await api();
    const national = await folderOf(superToken, 'National');
    const holdingFile = await folderOf(staff, 'Avec fichier national');
    const nationalFile = await upload(superToken, 'depose-par-le-national.txt');
    expect((await http.post('/upload/actions/bulk-move').set(bearer(superToken)).send({ fileIds: [nationalFile.id], folderIds: [], destinationFolderId: holdingFile.id })).status).toBe(200);
    const holdingFolder = await folderOf(staff, 'Avec dossier national');
    const nationalInside = await folderOf(superToken, 'Sous-dossier national', holdingFolder.id);
    const destination = await folderOf(staff, 'Destination');
    const ownFile = await upload(staff, 'le-mien.txt');
    const acted: [string, (id: number) => Promise<Answer>][] = [
      ['open', (id) => http.get(`/upload/folders/${id}`).set(bearer(staff))],
      ['rename', (id) => http.put(`/upload/folders/${id}`).set(bearer(staff)).send({ name: 'Renommé', parent: null })],
      ['move', (id) => http.put(`/upload/folders/${id}`).set(bearer(staff)).send({ name: 'Déplacé', parent: destination.id })],
      ['bulk-delete', (id) => http.post('/upload/actions/bulk-delete').set(bearer(staff)).send({ fileIds: [], folderIds: [id] })],
      ['bulk-move', (id) => http.post('/upload/actions/bulk-move').set(bearer(staff)).send({ fileIds: [], folderIds: [id], destinationFolderId: destination.id })],
    ];
    const putIn: [string, (id: number) => Promise<Answer>][] = [
      ['bulk-move into', (id) => http.post('/upload/actions/bulk-move').set(bearer(staff)).send({ fileIds: [], folderIds: [destination.id], destinationFolderId: id })],
      ['create in', (id) => http.post('/upload/folders').set(bearer(staff)).send({ name: 'Nouveau', parent: id })],
      ['upload into', (id) =>
        http.post('/upload').set(bearer(staff)).field('fileInfo', JSON.stringify({ folder: id })).attach('files', Buffer.from('x'), { filename: 'depot.txt', contentType: 'text/plain' })],
      ['upload one into', (id) =>
        http.post('/upload/files').set(bearer(staff)).field('fileInfo', JSON.stringify({ folder: id })).attach('files', Buffer.from('x'), { filename: 'depot.txt', contentType: 'text/plain' })],
      ['file moved into', (id) => http.put(`/upload/files/${ownFile.id}`).set(bearer(staff)).send({ fileInfo: { folder: id } })],
      ['file bulk-updated into', (id) => http.post('/upload/actions/bulk-update').set(bearer(staff)).send({ updates: [{ id: ownFile.id, fileInfo: { folder: id } }] })],
      ['file bulk-moved into', (id) => http.post('/upload/actions/bulk-move').set(bearer(staff)).send({ fileIds: [ownFile.id], folderIds: [], destinationFolderId: id })],
    ];
    for (const [door, call] of acted) {
      const unknown = whole(await call(NOWHERE));
      expect(unknown, door).toMatchObject({ status: 404, body: { error: { message: 'Dossier introuvable.' } } });
      for (const id of [national.id, nationalInside.id]) expect({ door, id, ...whole(await call(id)) }).toEqual({ door, id, ...unknown });
    }
    for (const [door, call] of putIn) {
      const unknown = whole(await call(NOWHERE));
      expect(unknown.status, door).toBe(404);
      for (const id of [national.id, nationalInside.id]) expect({ door, id, ...whole(await call(id)) }).toEqual({ door, id, ...unknown });
    }
    // Nothing moved, renamed or deleted; the national file is where it was put.
    const strapi = await bootStrapi();
    const folders = await strapi.db.query('plugin::upload.folder').findMany({
      where: { id: { $in: [national.id, nationalInside.id, holdingFile.id, holdingFolder.id, destination.id] } },
      select: ['id', 'name'],
      populate: { parent: { select: ['id'] } },
    });
    expect(folders.map((f: any) => [f.id, f.name, f.parent?.id ?? null]).sort((a: any, b: any) => a[0] - b[0])).toEqual(
      [
        [national.id, national.name, null],
        [holdingFile.id, holdingFile.name, null],
        [holdingFolder.id, holdingFolder.name, null],
        [nationalInside.id, nationalInside.name, holdingFolder.id],
        [destination.id, destination.name, null],
      ].sort((a: any, b: any) => a[0] - b[0])
    );
    expect(await exists(nationalFile.id)).toBe(true);
    // Their listing counts their own folders and files only: the national ones inside do not show.
    const listing = await http.get('/upload/folders').set(bearer(staff));
    expect(listing.status, JSON.stringify(listing.body)).toBe(200);
    const listed = new Map((listing.body.data as any[]).map((f) => [f.id, f]));
    expect(listed.has(national.id) || listed.has(nationalInside.id)).toBe(false);
    for (const id of [holdingFile.id, holdingFolder.id, destination.id]) {
      expect({ id, children: listed.get(id)?.children, files: listed.get(id)?.files }).toEqual({ id, children: { count: 0 }, files: { count: 0 } });
    }
    // Their own folder with nothing of anyone else's is theirs to rename.
    const renamed = await http.put(`/upload/folders/${destination.id}`).set(bearer(staff)).send({ name: `Renommé ${Date.now()}`, parent: null });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
  });

  it('one’s own folder holding someone else’s file or folder is theirs: it opens with their own content only, is renamed and moved with what it holds, and its deletion leaves the rest at the root', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const folderRow = (id: number) => strapi.db.query('plugin::upload.folder').findOne({ where: { id }, select: ['id', 'name', 'path'], populate: { parent: { select: ['id'] } } });
    const fileRow = (id: number) => strapi.db.query(FILE).findOne({ where: { id }, select: ['id', 'folderPath'], populate: { folder: { select: ['id'] } } });
    const moveFiles = async (token: string, ids: number[], destinationFolderId: number) =>
      expect((await http.post('/upload/actions/bulk-move').set(bearer(token)).send({ fileIds: ids, folderIds: [], destinationFolderId })).status).toBe(200);
    const holding = await folderOf(staff, 'Classeur');
    const ownSub = await folderOf(staff, 'Sous-dossier à moi', holding.id);
    const mine = await upload(staff, 'a-moi.txt');
    await moveFiles(staff, [mine.id], holding.id);
    const nationalFile = await upload(superToken, 'note-du-national.txt');
    await moveFiles(superToken, [nationalFile.id], holding.id);
    const nationalSub = await folderOf(superToken, 'Sous-dossier national', holding.id);
    const nationalDeep = await upload(superToken, 'piece-du-national.txt');
    await moveFiles(superToken, [nationalDeep.id], nationalSub.id);

    // Opened, listed: their own content only, counted as such.
    const opened = await http.get(`/upload/folders/${holding.id}?populate[children][count]=true&populate[files][count]=true`).set(bearer(staff));
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body.data).toMatchObject({ id: holding.id, children: { count: 1 }, files: { count: 1 } });
    const subfolders = await http.get(`/upload/folders?filters[$and][0][parent][id]=${holding.id}`).set(bearer(staff));
    expect(subfolders.body.data.map((f: any) => f.id)).toEqual([ownSub.id]);
    const files = await http.get(`/upload/files?filters[$and][0][folder][id]=${holding.id}`).set(bearer(staff));
    expect(files.body.results.map((f: any) => f.id)).toEqual([mine.id]);
    const listed = (await http.get('/upload/folders?populate[children][count]=true&populate[files][count]=true').set(bearer(staff))).body.data.find((f: any) => f.id === holding.id);
    expect(listed).toMatchObject({ children: { count: 1 }, files: { count: 1 } });

    // Renamed, moved by the folder and in bulk: what it holds follows it.
    const destination = await folderOf(staff, 'Armoire');
    const renamed = await http.put(`/upload/folders/${holding.id}`).set(bearer(staff)).send({ name: `Classeur renommé ${Date.now()}`, parent: null });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const moved = await http.put(`/upload/folders/${holding.id}`).set(bearer(staff)).send({ parent: destination.id });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const back = await http.post('/upload/actions/bulk-move').set(bearer(staff)).send({ fileIds: [], folderIds: [holding.id], destinationFolderId: null });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const holdingPath = (await folderRow(holding.id)).path;
    expect((await fileRow(nationalFile.id)).folderPath).toBe(holdingPath);
    expect((await folderRow(nationalSub.id)).parent?.id).toBe(holding.id);

    // A deletion Strapi refuses (an unknown key) moves nothing out.
    expect((await http.post('/upload/actions/bulk-delete').set(bearer(staff)).send({ fileIds: [], folderIds: [holding.id], extra: true })).status).toBe(400);
    expect((await fileRow(nationalFile.id)).folderPath).toBe(holdingPath);
    expect((await folderRow(nationalSub.id)).parent?.id).toBe(holding.id);
    // Deleted: their own content goes, the national's goes to the root with what it holds.
    const removed = await http.post('/upload/actions/bulk-delete').set(bearer(staff)).send({ fileIds: [], folderIds: [holding.id] });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(JSON.stringify(removed.body)).not.toMatch(/national/);
    expect(await folderRow(holding.id)).toBeNull();
    expect(await folderRow(ownSub.id)).toBeNull();
    expect(await exists(mine.id)).toBe(false);
    const rescued = await folderRow(nationalSub.id);
    expect(rescued).toMatchObject({ name: nationalSub.name, parent: null });
    expect(await fileRow(nationalFile.id)).toMatchObject({ folderPath: '/', folder: null });
    expect((await fileRow(nationalDeep.id)).folderPath).toBe(rescued.path);
    // Each rescue is in the audit log as a move by the staff member; the deletions name their own only.
    expect((await audits(nationalFile.id)).map((e: any) => [e.action, JSON.parse(e.details).folder ?? null]).slice(-1)).toEqual([[`${FILE}.move`, { before: holdingPath, after: '/' }]]);
    const folderTrail = await strapi.db.connection('audit_log').where({ subject_type: 'plugin::upload.folder', subject_id: String(nationalSub.id) }).orderBy('seq', 'asc');
    expect(folderTrail.map((e: any) => e.action).slice(-1)).toEqual(['plugin::upload.folder.move']);
    expect((await audits(mine.id)).map((e: any) => [e.action, e.federation_id]).slice(-1)).toEqual([[`${FILE}.delete`, w.federation.id]]);
    expect((await audits(nationalDeep.id)).map((e: any) => e.action)).not.toContain(`${FILE}.delete`);
    // What was carried along (the bulk move, the rescue) is filed without a federation: their journal never names it.
    const carried = [...(await audits(nationalFile.id)), ...folderTrail].filter((e: any) => e.actor_kind === 'admin' && e.federation_id !== null);
    expect(carried.map((e: any) => [e.action, JSON.parse(e.details).file?.name ?? JSON.parse(e.details).folder?.name])).toEqual([]);
    expect((await audits(nationalFile.id)).map((e: any) => e.action)).toEqual([`${FILE}.create`, `${FILE}.move`, `${FILE}.move`, `${FILE}.move`]);
  });
});

describe('media fields take only files the writer may read', () => {
  /** The answer (status and whole body) is that of a file id that does not exist. */
  const asAbsent = (res: { status: number; body: unknown }, unknown: { status: number; body: unknown }) =>
    expect({ status: res.status, body: res.body }).toEqual({ status: unknown.status, body: unknown.body });

  it('someone else’s upload attached by id to one’s document answers exactly as a nonexistent file', async () => {
    const http = await api();
    const theirs = await upload(superToken, 'interne-national.txt');
    const mine = await upload(staff, 'piece-jointe.txt');
    const doc = '/content-manager/collection-types/api::document.document';
    const base = { title: 'Autre forme', audience: 'federation', federation: { connect: [{ documentId: w.federation.documentId }] } };
    const count = (title: string) => bootStrapi().then((s) => s.db.query('api::document.document').count({ where: { title } }));
    // No file bears this id (the largest an integer column holds).
    const nowhere = 2_147_483_647;
    const unknown = await http.post(doc).set(bearer(staff)).send({ ...base, title: 'Avec pièces', attachments: [mine.id, nowhere] });
    expectError(unknown, 400, 'Fichier introuvable dans le champ « attachments ».');
    asAbsent(await http.post(doc).set(bearer(staff)).send({ ...base, title: 'Avec pièces', attachments: [mine.id, theirs.id] }), unknown);
    asAbsent(await http.post(doc).set(bearer(staff)).send({ ...base, attachments: { connect: [{ id: theirs.id }] } }), unknown);
    asAbsent(await http.post(doc).set(bearer(staff)).send({ ...base, attachments: [{ id: String(theirs.id) }] }), unknown);
    expectError(await http.post(doc).set(bearer(staff)).send({ ...base, attachments: ['pas-un-id'] }), 400);
    // An object with `id` is one file even with `connect` beside it (Strapi reads it so).
    asAbsent(await http.post(doc).set(bearer(staff)).send({ ...base, title: 'Forme mêlée', attachments: { id: theirs.id, connect: [] } }), unknown);
    expect(await count('Forme mêlée')).toBe(0);
    expect(await count('Avec pièces')).toBe(0);
    const ok = await http.post(doc).set(bearer(staff)).send({
      title: 'Avec pièce', audience: 'federation', federation: { connect: [{ documentId: w.federation.documentId }] }, attachments: [mine.id],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const documentId = ok.body.data.documentId;
    const sneak = await http.put(`${doc}/${documentId}`).set(bearer(staff)).send({ attachments: [{ id: mine.id }, { id: theirs.id }] });
    asAbsent(sneak, await http.put(`${doc}/${documentId}`).set(bearer(staff)).send({ attachments: [{ id: mine.id }, { id: nowhere }] }));
    // A colleague of the same federation keeps the files the document already holds.
    const keep = await http.put(`/content-manager/collection-types/api::document.document/${documentId}`).set(bearer(colleague)).send({ title: 'Relu', attachments: [mine.id] });
    expect(keep.status, JSON.stringify(keep.body)).toBe(200);
  });

  it('another federation’s staff upload, put on one’s own document, answers exactly as a nonexistent file', async () => {
    const http = await api();
    const doc = '/content-manager/collection-types/api::document.document';
    const elsewhere = await adminToken(`media.${w.other.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.other.departmentCode)]);
    const theirs = await upload(elsewhere, 'piece-autre-federation.txt');
    const created = await http.post(doc).set(bearer(staff)).send({ title: 'Pièces de la fédération', audience: 'federation', federation: { connect: [{ documentId: w.federation.documentId }] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const put = (attachments: unknown) => http.put(`${doc}/${created.body.data.documentId}`).set(bearer(staff)).send({ attachments });
    const unknown = await put([2_147_483_647]);
    expectError(unknown, 400, 'Fichier introuvable dans le champ « attachments ».');
    asAbsent(await put([theirs.id]), unknown);
    const held = await (await bootStrapi()).db.query('api::document.document').findOne({ where: { documentId: created.body.data.documentId }, populate: { attachments: true } });
    expect(held.attachments ?? []).toEqual([]);
  });
});

describe('uploaded files are private', () => {
  it('no longer serves /uploads/... to anonymous callers, nor with a forged or expired signature', async () => {
    const http = await api();
    const mine = await upload(staff, 'prive.txt', 'Secret de fédération');
    const raw = (await (await bootStrapi()).db.query(FILE).findOne({ where: { id: mine.id } })).url as string;
    expect(raw.startsWith('/uploads/')).toBe(true);
    expectError(await http.get(raw), 403, 'Lien de fichier');
    expectError(await http.get(`${raw}?exp=9999999999&sig=AAAA`), 403);
    const [path, query] = mine.url.split('?');
    expect(path).toBe(raw);
    const exp = new URLSearchParams(query).get('exp');
    expectError(await http.get(`${raw}?exp=${Number(exp) + 3600}&sig=${new URLSearchParams(query).get('sig')}`), 403);
    const expired = `${raw}?exp=${Math.floor(Date.now() / 1000) - 10}&sig=${new URLSearchParams(query).get('sig')}`;
    expectError(await http.get(expired), 403);
    // Never cached nor saved as the file; a browser gets a page in French.
    const refused = await http.get(expired);
    expect({ cache: refused.headers['cache-control'], disposition: refused.headers['content-disposition'] }).toEqual({ cache: 'no-store', disposition: undefined });
    const page = await http.get(expired).set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect({ status: page.status, type: page.headers['content-type'], disposition: page.headers['content-disposition'] }).toEqual({ status: 403, type: 'text/html; charset=utf-8', disposition: undefined });
    expect(page.text).toContain('Lien de fichier invalide ou expiré');
    // The signed address itself is still served as a download.
    const served = await http.get(mine.url);
    expect({ status: served.status, disposition: served.headers['content-disposition'], cache: served.headers['cache-control'] }).toEqual({ status: 200, disposition: 'attachment', cache: 'private, max-age=3600' });
    // A signed address whose file is gone: its 404 is neither cached nor downloaded as the file.
    const gone = signUploadPath(await bootStrapi(), '/uploads/parti-depuis-longtemps.txt');
    const missing = await http.get(gone);
    expect({ status: missing.status, disposition: missing.headers['content-disposition'], cache: missing.headers['cache-control'] }).toEqual({ status: 404, disposition: undefined, cache: 'no-store' });
  });

  it('refuses every other spelling of a file’s path (encoded slashes and letters, dot segments, double slashes)', async () => {
    const mine = await upload(staff, 'detour.txt', 'Ne doit pas sortir');
    const [raw, query] = mine.url.split('?');
    const name = raw.slice('/uploads/'.length);
    const server = (await bootStrapi()).server.httpServer;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as { port: number };
    // Sent byte for byte: an HTTP client library would tidy these paths before sending them.
    const rawGet = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = require('node:http').request({ host: '127.0.0.1', port, path, method: 'GET' }, (res: any) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode, body }));
        });
        req.on('error', reject);
        req.end();
      });
    for (const path of [`/uploads%2f${name}`, `/uploads%2F${name}`, `/%75ploads/${name}`, `/./uploads/${name}`, `/x/../uploads/${name}`, `/api/../uploads/${name}`, `//uploads/${name}`]) {
      for (const suffix of ['', `?${query}`]) {
        const res = await rawGet(`${path}${suffix}`);
        expect(res.body, `${path}${suffix}`).not.toContain('Ne doit pas sortir');
        expect(res.status, `${path}${suffix}`).toBeGreaterThanOrEqual(400);
      }
    }
    expect((await rawGet(mine.url)).body).toContain('Ne doit pas sortir'); // the signed, canonical address still works
  });

  it('serves the signed addresses the admin panel receives (its thumbnails and previews)', async () => {
    const http = await api();
    const mine = await upload(staff, 'lisible.txt', 'Lisible par son auteur');
    expect(mine.url).toMatch(/^\/uploads\/.+\?exp=\d+&sig=[\w-]+$/);
    const listed = await http.get('/upload/files?pageSize=100').set(bearer(staff));
    const file = (listed.body.results ?? listed.body).find((f: any) => f.id === mine.id);
    expect(file.url).toMatch(/\?exp=\d+&sig=/);
    const res = await http.get(file.url);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment');
    expect(res.text ?? res.body.toString()).toContain('Lisible par son auteur');
  });
});

describe('the library’s listings take well-formed queries from every admin', () => {
  it('answers an unknown sort or field with a French 400 naming it, never a 500; known ones still sort and select', async () => {
    const http = await api();
    await upload(superToken, 'a-trier.txt');
    for (const token of [superToken, staff]) {
      const probes: [string, string][] = [
        ['/upload/files?sort=zzz:asc', 'Requête invalide (« sort ») : champ inconnu « zzz ».'],
        ['/upload/folders?sort=zzz:asc', 'Requête invalide (« sort ») : champ inconnu « zzz ».'],
        ['/upload/files?sort=folder.zzz:asc', 'Requête invalide (« sort ») : champ inconnu « folder.zzz ».'],
        ['/upload/files?sort=name.zzz:asc', 'Requête invalide (« sort ») : champ inconnu « name.zzz ».'],
        ['/upload/files?sort[0][zzz]=asc', 'Requête invalide (« sort ») : champ inconnu « zzz ».'],
        ['/upload/files?fields[0]=zzz', 'Requête invalide (« fields ») : champ inconnu « zzz ».'],
        ['/upload/files?fields[0]=folder', 'Requête invalide (« fields ») : « folder » n’est pas un champ simple (une relation se lit avec « populate »).'],
      ];
      for (const [path, message] of probes) {
        const res = await http.get(path).set(bearer(token));
        expect({ path, status: res.status, message: res.body?.error?.message }).toEqual({ path, status: 400, message });
      }
      // Strapi's own checks of the listing's parameters, in French and without what was sent.
      const page = await http.get('/upload/files?page=-1').set(bearer(token));
      expect({ status: page.status, message: page.body.error.message }).toEqual({ status: 400, message: 'Requête invalide : « page » est un nombre entier supérieur à 0.' });
      const order = await http.get('/upload/files?sort=name:sideways').set(bearer(token));
      expect({ status: order.status, message: order.body.error.message }).toEqual({ status: 400, message: 'Requête invalide : ordre de tri inconnu (asc ou desc).' });
      const sorted = await http.get('/upload/files?sort=name:asc&fields[0]=name&page=1&pageSize=5').set(bearer(token));
      expect(sorted.status, JSON.stringify(sorted.body)).toBe(200);
    }
  });
});

describe('file names the database and the disk keep', () => {
  it('refuses a file name longer than 255 characters with a 400 on upload, change of information and bulk update, writing nothing (PostgreSQL and the local provider answered 500)', async () => {
    const http = await api();
    const long = `${'n'.repeat(256)}.txt`;
    const message = 'Le nom du fichier : 255 caractères au plus.';
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = path.join(process.cwd(), 'public', 'uploads');
    const before = fs.existsSync(dir) ? fs.readdirSync(dir).length : 0;
    expectError(await http.post('/upload').set(bearer(staff)).attach('files', Buffer.from('x'), { filename: long, contentType: 'text/plain' }), 400, message);
    expectError(
      await http.post('/upload').set(bearer(superToken)).field('fileInfo', JSON.stringify({ name: long })).attach('files', Buffer.from('x'), { filename: 'court.txt', contentType: 'text/plain' }),
      400,
      message
    );
    expect(fs.existsSync(dir) ? fs.readdirSync(dir).length : 0).toBe(before);
    const mine = await upload(staff, 'a-renommer.txt');
    expectError(await http.post(`/upload?id=${mine.id}`).set(bearer(staff)).send({ fileInfo: { name: long } }), 400, message);
    expectError(await http.post('/upload/actions/bulk-update').set(bearer(staff)).send({ updates: [{ id: mine.id, fileInfo: { name: long } }] }), 400, message);
    expect((await (await bootStrapi()).db.query(FILE).findOne({ where: { id: mine.id } })).name).toBe('a-renommer.txt');
    // The longest name is kept, and its stored file written (its hash cut to fit).
    const longest = `${'l'.repeat(251)}.txt`;
    const ok = await http.post('/upload').set(bearer(staff)).attach('files', Buffer.from('x'), { filename: longest, contentType: 'text/plain' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body[0].name).toBe(longest);
    const renamed = await http.post(`/upload?id=${mine.id}`).set(bearer(staff)).send({ fileInfo: { name: longest } });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
  });
  it('counts a name as the database does once stored: in characters after Unicode normalisation (a name NFC lengthens past 255 answered 500 on PostgreSQL), an emoji as one', async () => {
    const http = await api();
    // U+0958 is a composition exclusion: the upload plugin's normalisation makes each two code points.
    const lengthened = `${'\u0958'.repeat(200)}.txt`;
    expect(lengthened.length).toBeLessThanOrEqual(255);
    expectError(
      await http.post('/upload').set(bearer(staff)).field('fileInfo', JSON.stringify({ name: lengthened })).attach('files', Buffer.from('x'), { filename: 'court.txt', contentType: 'text/plain' }),
      400,
      'Le nom du fichier : 255 caractères au plus.'
    );
    expectError(await http.post('/upload').set(bearer(staff)).attach('files', Buffer.from('x'), { filename: lengthened, contentType: 'text/plain' }), 400, 'Le nom du fichier : 255 caractères au plus.');
    // 200 emoji: 400 UTF-16 units, 200 characters — kept whole.
    const emoji = `${'\u{1F333}'.repeat(200)}.txt`;
    const ok = await http.post('/upload').set(bearer(staff)).field('fileInfo', JSON.stringify({ name: emoji })).attach('files', Buffer.from('x'), { filename: 'court.txt', contentType: 'text/plain' });
    expect(ok.status, JSON.stringify(ok.body).slice(0, 300)).toBe(201);
    expect(ok.body[0].name).toBe(emoji);
  });

  it('refuses a blank name and a name holding a bidirectional control (« ‮gnp.exe » shown as « exe.png »), on upload and on a change, keeping the name; a right-to-left name stays possible', async () => {
    const http = await api();
    const mine = await upload(staff, 'garde-son-nom.txt');
    for (const name of ['', '   ']) {
      expectError(await http.put(`/upload/files/${mine.id}`).set(bearer(staff)).send({ fileInfo: { name } }), 400, 'Le nom du fichier ne peut pas être vide.');
      expectError(await http.post(`/upload?id=${mine.id}`).set(bearer(staff)).send({ fileInfo: { name } }), 400, 'Le nom du fichier ne peut pas être vide.');
    }
    expectError(
      await http.post('/upload').set(bearer(staff)).field('fileInfo', JSON.stringify({ name: '   ' })).attach('files', Buffer.from('x'), { filename: 'court.txt', contentType: 'text/plain' }),
      400,
      'Le nom du fichier ne peut pas être vide.'
    );
    const bidi = 'Le nom du fichier contient un caractère invisible qui inverse le sens d’écriture : retirez-le.';
    expectError(await http.post('/upload').set(bearer(staff)).attach('files', Buffer.from('x'), { filename: 'facture\u202Efdp.exe', contentType: 'text/plain' }), 400, bidi);
    expectError(await http.put(`/upload/files/${mine.id}`).set(bearer(staff)).send({ fileInfo: { name: 'a\u2067b.txt' } }), 400, bidi);
    expect((await (await bootStrapi()).db.query(FILE).findOne({ where: { id: mine.id } })).name).toBe('garde-son-nom.txt');
    const hebrew = '\u05D3\u05D5\u05D7 \u200F2026.pdf';
    const renamed = await http.put(`/upload/files/${mine.id}`).set(bearer(staff)).send({ fileInfo: { name: hebrew } });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.name).toBe(hebrew);
  });

  // The upload plugin puts an uploaded file's name in Unicode's composed form (NFC), not a name
  // given by a change of the file's information (`updateFileInfo`), nor an alternative text or a
  // caption: « Été » typed on a Mac (decomposed, NFD) was kept so, unlike the same name typed
  // elsewhere or a folder's name (`folderNameOf`).
  it('keeps a file’s name, alternative text and caption in NFC whichever form was sent (« Été » typed on a Mac), on upload, replacement, change of information and bulk update', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const nfd = (text: string) => text.normalize('NFD');
    const stored = async (id: number) => {
      const row = await strapi.db.query(FILE).findOne({ where: { id } });
      return { name: row.name, alternativeText: row.alternativeText, caption: row.caption };
    };
    const texts = (n: number) => ({ name: `Été à Nîmes ${n}.txt`, alternativeText: `Affiche de la fête ${n}`, caption: `Légende ${n} : « Noël »` });
    const sent = (n: number) => Object.fromEntries(Object.entries(texts(n)).map(([key, value]) => [key, nfd(value)]));
    expect(sent(1).name).not.toBe(texts(1).name);
    const uploaded = await http
      .post('/upload')
      .set(bearer(staff))
      .field('fileInfo', JSON.stringify(sent(1)))
      .attach('files', Buffer.from('x'), { filename: nfd('Été.txt'), contentType: 'text/plain' });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const mine = uploaded.body[0] as { id: number };
    expect(await stored(mine.id)).toEqual(texts(1));
    const replaced = await http
      .post(`/upload?id=${mine.id}`)
      .set(bearer(staff))
      .field('fileInfo', JSON.stringify(sent(2)))
      .attach('files', Buffer.from('v2'), { filename: 'v2.txt', contentType: 'text/plain' });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(await stored(mine.id)).toEqual(texts(2));
    const changes: [string, (n: number) => Promise<{ status: number; body: any }>][] = [
      ['POST /upload?id=', (n) => http.post(`/upload?id=${mine.id}`).set(bearer(staff)).send({ fileInfo: sent(n) })],
      ['PUT /upload/files/:id', (n) => http.put(`/upload/files/${mine.id}`).set(bearer(staff)).send({ fileInfo: sent(n) })],
      ['bulk update', (n) => http.post('/upload/actions/bulk-update').set(bearer(staff)).send({ updates: [{ id: mine.id, fileInfo: sent(n) }] })],
    ];
    for (const [i, [route, change]] of changes.entries()) {
      const n = 3 + i;
      const res = await change(n);
      expect(res.status, `${route}: ${JSON.stringify(res.body)}`).toBe(200);
      const answered = Array.isArray(res.body) ? res.body[0] : res.body;
      expect({ route, name: answered.name }).toEqual({ route, name: texts(n).name });
      expect({ route, ...(await stored(mine.id)) }).toEqual({ route, ...texts(n) });
    }
    // The audit of a rename records the name as stored.
    const renames = (await audits(mine.id)).map((e: any) => JSON.parse(e.details).changes?.name?.after).filter(Boolean);
    expect(renames.at(-1)).toBe(texts(5).name);
  });

  // Strapi refuses C0 controls in an uploaded file's own name only: a `fileInfo.name` (on upload,
  // on a change, in a bulk update) kept BEL, a line break, DEL or C1 controls, and the file's own
  // name kept DEL and C1 ones.
  it('refuses a file name holding a control character (line break, tab, BEL, DEL, C1…) on upload, change and bulk update, keeping the name', async () => {
    const http = await api();
    const message = 'Le nom du fichier contient un caractère de contrôle (saut de ligne, tabulation…) : retirez-le.';
    const mine = await upload(staff, 'sans-controle.txt');
    const dir = (await import('node:path')).join(process.cwd(), 'public', 'uploads');
    const fs = await import('node:fs');
    const stored = () => (fs.existsSync(dir) ? fs.readdirSync(dir).length : 0);
    const before = stored();
    const names = ['ordre\u0007du-jour.txt', 'ligne\nsuite.txt', 'a\tb.txt', 'a\u007Fb.txt', 'a\u0085b.txt', 'a\u009Bb.txt'];
    for (const name of names) {
      for (const res of [
        await http.post('/upload').set(bearer(staff)).field('fileInfo', JSON.stringify({ name })).attach('files', Buffer.from('x'), { filename: 'court.txt', contentType: 'text/plain' }),
        await http.put(`/upload/files/${mine.id}`).set(bearer(staff)).send({ fileInfo: { name } }),
        await http.post(`/upload?id=${mine.id}`).set(bearer(superToken)).send({ fileInfo: { name } }),
        await http.post('/upload/actions/bulk-update').set(bearer(staff)).send({ updates: [{ id: mine.id, fileInfo: { name } }] }),
      ]) {
        expectError(res, 400);
        expect({ name: JSON.stringify(name), message: res.body.error.message, errors: res.body.error.details.errors }).toEqual({
          name: JSON.stringify(name),
          message,
          errors: [{ path: ['name'], message, name: 'ValidationError' }],
        });
      }
    }
    // The uploaded file's own name: DEL, which Strapi's own check lets through.
    expectError(await http.post('/upload').set(bearer(staff)).attach('files', Buffer.from('x'), { filename: 'a\u007Fb.txt', contentType: 'text/plain' }), 400, message);
    expect(stored()).toBe(before);
    expect((await (await bootStrapi()).db.query(FILE).findOne({ where: { id: mine.id } })).name).toBe('sans-controle.txt');
    expect(await (await bootStrapi()).db.query(FILE).count({ where: { name: { $in: [...names, 'a\u007Fb.txt'] } } })).toBe(0);
  });

  it('a bulk update naming an unknown file is refused whole (Strapi ran the others side by side: they were written after the 404)', async () => {
    const http = await api();
    const mine = await upload(superToken, 'bulk-avant.txt');
    const res = await http.post('/upload/actions/bulk-update').set(bearer(superToken)).send({ updates: [{ id: mine.id, fileInfo: { name: 'bulk-apres.txt' } }, { id: 999_999, fileInfo: { name: 'x.txt' } }] });
    expectError(res, 404, 'Fichier introuvable.');
    // Had a change been started, it would have landed by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await (await bootStrapi()).db.query(FILE).findOne({ where: { id: mine.id } })).name).toBe('bulk-avant.txt');
  });
});
