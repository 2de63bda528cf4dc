import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi, download } from '../../../tests/support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { parisDay } from '../../../tests/support/dates';
import { ok, routes } from '../../../tests/support/http';

/**
 * A case's files (issue 17 §2 « documents », §8 « defence upload »): pieces added by the
 * commission and the respondent's defence with a file, kept in the private store (never the
 * media library, never a public address), downloaded only by the case's parties; a refused
 * file leaves nothing behind. A precautionary suspension can be contested while it runs.
 */
let strapi: Core.Strapi;
let w: World;
const S = '/api/sanctions';
const CASE_UID = 'plugin::sanctions.case';
const day = parisDay;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

const { send } = routes(S);
/** A multipart form as the portal sends it: text fields and one file. */
const form = async (url: string, token: string | undefined, fields: Record<string, string>, file?: { content: Buffer; name: string; type: string }) => {
  let req = (await api()).post(`${S}${url}`);
  if (token) req = req.set(bearer(token));
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  if (file) req = req.attach('file', file.content, { filename: file.name, contentType: file.type });
  return req;
};
const privateFiles = () => {
  const dir = path.resolve(process.env.PRIVATE_FILES_DIR || path.join(__dirname, '..', '..', '..', '.private-files'));
  return existsSync(dir) ? readdirSync(dir).length : 0;
};

/** Files of the system's temporary folder (where the body parser writes uploads) holding `marker`. */
const temporaryFilesHolding = (marker: string) =>
  readdirSync(os.tmpdir(), { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(os.tmpdir(), entry.name))
    .filter((file) => {
      try {
        return statSync(file).size < 1024 && readFileSync(file, 'utf8').includes(marker);
      } catch {
        return false;
      }
    });

async function withModuleOff<T>(run: () => Promise<T>) {
  const switches = strapi.plugin('modules').service('switches');
  await switches.set(w.federation.id, 'sanctions', false);
  try {
    return await run();
  } finally {
    await switches.set(w.federation.id, 'sanctions', true);
  }
}

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
});

describe('the pieces of a case file', () => {
  let respondent: TestMember;
  let caseId: string;
  beforeAll(async () => {
    respondent = await createMember({ federation: w.federation, section: w.sectionA });
    caseId = ok(await send('post', '/cases', w.staff.token, { respondent: respondent.member.documentId, category: 'denigrement-public', facts: 'Propos publics contre la section.' }), 201).documentId;
    ok(await send('post', `/cases/${caseId}/investigation`, w.commission.token));
  });

  it('POST /cases/:id/documents with a file: 401, 403 role and module off, French 400s leaving nothing behind, then 201', async () => {
    const pdf = { content: PDF, name: 'captures des messages.pdf', type: 'application/pdf' };
    expectError(await form(`/cases/${caseId}/documents`, undefined, { title: 'Captures' }, pdf), 401);
    expectError(await form(`/cases/${caseId}/documents`, w.staff.token, { title: 'Captures' }, pdf), 403);
    await withModuleOff(async () => expectError(await form(`/cases/${caseId}/documents`, w.commission.token, { title: 'Captures' }, pdf), 403));
    const before = privateFiles();
    expect(badRequest(await form(`/cases/${caseId}/documents`, w.commission.token, { title: 'Captures' })).content).toBe('Décrivez la pièce ou joignez un fichier.');
    // A page that would run in a browser, named .pdf: the content decides, not the name.
    const html = { content: Buffer.from('<html><script>alert(1)</script></html>'), name: 'piece.pdf', type: 'application/pdf' };
    expect(badRequest(await form(`/cases/${caseId}/documents`, w.commission.token, { title: 'Captures' }, html)).file).toBe(
      'Type de fichier non accepté. Formats acceptés : PDF, JPEG, PNG, Word (.docx), OpenDocument (.odt), texte.'
    );
    const exe = { content: Buffer.from('4d5a90000300000004000000ffff0000b800', 'hex'), name: 'piece.exe', type: 'application/octet-stream' };
    expect(badRequest(await form(`/cases/${caseId}/documents`, w.commission.token, { title: 'Captures' }, exe)).file).toMatch(/^Type de fichier non accepté/);
    const text = { content: Buffer.from('Compte rendu de la réunion du 3 mai.\n'), name: 'compte-rendu.txt', type: 'text/plain' };
    const acceptedText = ok(await form(`/cases/${caseId}/documents`, w.commission.token, { title: 'Compte rendu' }, text), 201);
    expect(acceptedText.documents.at(-1).file).toMatchObject({ name: 'compte-rendu.txt', mime: 'text/plain' });
    expect(badRequest(await form(`/cases/${caseId}/documents`, w.commission.token, { title: 'Captures' }, { content: Buffer.alloc(0), name: 'vide.pdf', type: 'application/pdf' })).file).toBe('Le fichier est vide.');
    expect(badRequest(await form(`/cases/${caseId}/documents`, w.commission.token, { title: '' }, pdf)).title).toBe('Le titre est obligatoire.');
    // Two files, or a file under another name: refused in French.
    const two = await (await api()).post(`${S}/cases/${caseId}/documents`).set(bearer(w.commission.token)).field('title', 'Deux').attach('file', PDF, 'a.pdf').attach('file', PDF, 'b.pdf');
    expect(badRequest(two).file).toBe('Un seul fichier à la fois.');
    const other = await (await api()).post(`${S}/cases/${caseId}/documents`).set(bearer(w.commission.token)).field('title', 'Autre').attach('files', PDF, 'a.pdf');
    expect(badRequest(other).files).toBe('Champ de fichier inconnu : files (attendu : file).');
    // The body parser's temporary copies are gone, refused or not (a confidential piece must not outlive the request).
    const marker = `marqueur-${Date.now()}`;
    const refused = { content: Buffer.from(`${marker}\n`), name: 'piece.pdf', type: 'application/pdf' };
    expect(badRequest(await form(`/cases/${caseId}/documents`, w.commission.token, { title: 'Marqueur' }, refused)).file).toMatch(/^Type de fichier non accepté/);
    expect(badRequest(await form(`/cases/${caseId}/documents`, w.commission.token, { title: '' }, refused)).title).toBe('Le titre est obligatoire.');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(temporaryFilesHolding(marker)).toEqual([]);
    expect(privateFiles()).toBe(before + 1); // the text file only
    expect(((await strapi.db.query(CASE_UID).findOne({ where: { documentId: caseId } })).documents ?? []).map((d: any) => d.title)).toEqual(['Compte rendu']);

    const added = ok(await form(`/cases/${caseId}/documents`, w.commission.token, { title: 'Captures des messages', content: 'Trois messages publiés en mai.' }, pdf), 201);
    expect(added.documents.slice(1)).toEqual([
      expect.objectContaining({ title: 'Captures des messages', file: { name: 'captures des messages.pdf', mime: 'application/pdf', size: PDF.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), link: expect.stringMatching(new RegExp(`^/api/sanctions/cases/${caseId}/files/[0-9a-f-]{36}$`)) } }),
    ]);
    expect(privateFiles()).toBe(before + 2);
    expect(added.history.at(-1).step).toMatch(/^Pièce ajoutée : Captures des messages — captures des messages\.pdf \(SHA-256 [0-9a-f]{12}…\)$/);
    // JSON without a file still works (a described piece).
    ok(await send('post', `/cases/${caseId}/documents`, w.commission.token, { title: 'Témoignage', content: 'Recueilli par la commission.' }), 201);
    // Never in the media library.
    expect(await strapi.db.query('plugin::upload.file').count({ where: { name: 'captures des messages.pdf' } })).toBe(0);
  });

  it('GET /cases/:id/files/:key: the commission and, once notified, the respondent; nobody else; never a public address', async () => {
    const link: string = ok(await send('get', `/cases/${caseId}`, w.commission.token)).documents[1].file.link;
    const key = link.split('/').pop()!;
    expectError(await download(link), 401);
    expectError(await download(link, w.member.token), 404);
    expectError(await download(link, respondent.token), 404); // not notified yet: the case does not exist for them
    expectError(await download(link, w.staff.token), 404); // the referrer reads their part, not the file
    const otherCommission = await createMember({ federation: w.other, section: w.otherSection, role: 'conflicts-commission' });
    expectError(await download(link, otherCommission.token), 403);
    await withModuleOff(async () => expectError(await download(link, w.commission.token), 403));
    expect(badRequest(await download(`${S}/cases/${caseId}/files/..%2F..%2Fpackage.json`, w.commission.token)).key).toBe('Pièce jointe : identifiant invalide.');
    expectError(await download(`${S}/cases/${caseId}/files/00000000-0000-4000-8000-000000000000`, w.commission.token), 404, 'Pièce jointe introuvable.');
    const res = await download(link, w.commission.token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('captures des messages.pdf')}`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.compare(res.body, PDF)).toBe(0);
    // Not under /uploads: no static address serves it.
    expect((await (await api()).get(`/uploads/${key}`)).status).not.toBe(200);

    ok(await send('post', `/cases/${caseId}/notification`, w.commission.token, { hearingOn: day(16) }));
    const mine = ok(await send('get', `/cases/${caseId}`, respondent.token));
    expect(mine.documents.map((d: any) => [d.title, d.file?.name ?? null])).toEqual([['Compte rendu', 'compte-rendu.txt'], ['Captures des messages', 'captures des messages.pdf'], ['Témoignage', null]]);
    expect(Buffer.compare((await download(link, respondent.token)).body, PDF)).toBe(0);
  });

  it('POST /cases/:id/defence with a file: the respondent only; a new defence replaces the old file, which is deleted', async () => {
    const png = { content: PNG, name: 'attestation.png', type: 'image/png' };
    expectError(await form(`/cases/${caseId}/defence`, w.commission.token, { text: 'Défense.' }, png), 403, 'Seule la personne mise en cause dépose sa défense.');
    expect(badRequest(await form(`/cases/${caseId}/defence`, respondent.token, { text: '' }, png)).text).toBe('La défense est obligatoire.');
    const first = ok(await form(`/cases/${caseId}/defence`, respondent.token, { text: 'Je joins une attestation.' }, png));
    expect(first.defence).toMatchObject({ text: 'Je joins une attestation.', file: { name: 'attestation.png', mime: 'image/png' } });
    const firstLink = first.defence.file.link;
    expect(Buffer.compare((await download(firstLink, w.commission.token)).body, PNG)).toBe(0);
    const count = privateFiles();
    const second = ok(await form(`/cases/${caseId}/defence`, respondent.token, { text: 'Défense complétée.' }, { content: PDF, name: 'defense.pdf', type: 'application/pdf' }));
    expect(second.defence.file.name).toBe('defense.pdf');
    expect(privateFiles()).toBe(count); // one in, one out
    expectError(await download(firstLink, w.commission.token), 404, 'Pièce jointe introuvable.');
    expect(Buffer.compare((await download(second.defence.file.link, w.commission.token)).body, PDF)).toBe(0);
  });
});

describe('contesting a precautionary suspension before the notification', () => {
  it('the respondent may send a defence while the suspension runs (409 before it, and once it ended)', async () => {
    const respondent = await createMember({ federation: w.federation, section: w.sectionB });
    const caseId = ok(await send('post', '/cases', w.commission.token, { respondent: respondent.member.documentId, category: 'harcelement', facts: 'Messages insistants après les réunions.' }), 201).documentId;
    ok(await send('post', `/cases/${caseId}/investigation`, w.commission.token));
    expectError(await send('post', `/cases/${caseId}/defence`, respondent.token, { text: 'Je conteste.' }), 404); // not told yet
    ok(await send('post', `/cases/${caseId}/precautionary-suspension`, w.commission.token, { until: day(30) }));
    const { tokenFor } = await import('../../../tests/support/factories');
    respondent.token = await tokenFor(strapi, respondent.user); // the suspension ended the sessions
    expect(ok(await send('get', `/cases/${caseId}`, respondent.token)).may.defend).toBe(true);
    const contested = ok(await send('post', `/cases/${caseId}/defence`, respondent.token, { text: 'Je conteste la suspension : les faits sont inexacts.' }));
    expect(contested).toMatchObject({ state: 'investigation', defence: { text: 'Je conteste la suspension : les faits sont inexacts.', file: null } });
    await strapi.db.query(CASE_UID).update({ where: { documentId: caseId }, data: { precautionaryUntil: day(-1) } });
    expectError(await send('post', `/cases/${caseId}/defence`, respondent.token, { text: 'Encore.' }), 409, /pendant une suspension conservatoire/);
  });
});
