import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi, download as fetchFile } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { parisDate } from '@intranet-militant/shared';
import { ok, routes } from '../../../tests/support/http';

/**
 * Mandate reports' attachments and corrections (issue 16 §4 « rich text, attachments »): files
 * in the private store, typed from their content, downloaded only by those who read the report,
 * removed by the official, deleted at the official's erasure; a correction keeps the earlier
 * version.
 */
const load = createRequire(__filename);
const erasure = load('../../membership/dist/server/commands/erase-member.js') as typeof import('../../membership/server/src/commands/erase-member');

let strapi: Core.Strapi;
let w: World;
let official: TestMember;
let reportId: string;
const M = '/api/mandates';
const yearsAgo = (n: number) => parisDate(new Date(Date.now() - n * 365.25 * 86_400_000));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const pdf = { content: PDF, name: 'bilan budget 2025.pdf', type: 'application/pdf' };

const { send } = routes(M);
const attach = async (token: string | undefined, file?: { content: Buffer; name: string; type: string }, fields: Record<string, string> = {}) => {
  let req = (await api()).post(`${M}/reports/${reportId}/attachments`);
  if (token) req = req.set(bearer(token));
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  if (file) req = req.attach('file', file.content, { filename: file.name, contentType: file.type });
  return req;
};
const download = (key: string, token?: string) => fetchFile(`${M}/reports/${reportId}/files/${key}`, token);
const onDisk = (key: string) => existsSync(path.join(path.resolve(process.env.PRIVATE_FILES_DIR || path.join(__dirname, '..', '..', '..', '.private-files')), key));

async function withModuleOff<T>(run: () => Promise<T>) {
  const switches = strapi.plugin('modules').service('switches');
  await switches.set(w.federation.id, 'mandates', false);
  try {
    return await run();
  } finally {
    await switches.set(w.federation.id, 'mandates', true);
  }
}

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  official = await createMember({ federation: w.federation, section: w.sectionA, role: 'elected-official' });
  const mandate = ok(await send('post', '/mandates', official.token, { category: 'conseiller-municipal', territoryCode: '30189', territoryName: 'Nîmes', startOn: yearsAgo(2) }), 201);
  const periods = (ok(await send('get', '/me', official.token)).reports as any[]).find((r) => r.mandate === mandate.documentId).periods;
  reportId = ok(await send('post', `/mandates/${mandate.documentId}/reports`, official.token, { periodStart: periods[0].periodStart, summary: 'Première année', body: '## Budget\n\nNous avons **voté** le budget.' }), 201).documentId;
}, 300_000);

describe('attachments', () => {
  let key: string;

  it('POST /reports/:id/attachments: 401, 403 another member, staff and module off, 404 another federation, French 400s, then 201 by the official', async () => {
    expectError(await attach(undefined, pdf), 401);
    expectError(await attach(w.memberB.token, pdf), 403, 'Seul·e l’élu·e modifie le compte rendu de son mandat.');
    expectError(await attach(w.staff.token, pdf), 403);
    expectError(await attach(w.otherMember.token, pdf), 404);
    await withModuleOff(async () => expectError(await attach(official.token, pdf), 403));
    expect(badRequest(await attach(official.token)).file).toBe('Joignez un fichier (champ « file »).');
    expect(badRequest(await attach(official.token, { content: Buffer.from('<html><script>alert(1)</script></html>'), name: 'bilan.pdf', type: 'application/pdf' })).file)
      .toMatch(/^Type de fichier non accepté\. Formats acceptés : PDF, JPEG, PNG, .*Excel \(\.xlsx\)/);
    expectError(await attach(official.token, pdf, { title: 'x' }), 400);
    const view = ok(await attach(official.token, pdf), 201);
    expect(view.attachments).toEqual([expect.objectContaining({ name: 'bilan budget 2025.pdf', mime: 'application/pdf', size: PDF.length })]);
    key = view.attachments[0].key;
    expect(onDisk(key)).toBe(true);
    const [entry] = await auditEntriesFor(reportId);
    expect(entry.action).toBe('plugin::mandates.report.attach');
    expect(JSON.parse(entry.details)).toMatchObject({ file: 'bilan budget 2025.pdf', size: PDF.length });
  });

  it('GET /reports/:id/files/:key: members of the federation download it; 401, 404 another federation, unknown key 404, bad key 400', async () => {
    expectError(await download(key), 401);
    expectError(await download(key, w.otherMember.token), 404);
    expectError(await download('00000000-0000-4000-8000-000000000000', w.memberB.token), 404, 'Pièce jointe introuvable.');
    expect(badRequest(await download('pas-une-cle', w.memberB.token)).key).toBe('Pièce jointe : identifiant invalide.');
    const res = await download(key, w.memberB.token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''bilan%20budget%202025\.pdf$/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.compare(res.body, PDF)).toBe(0);
    expect((await download(key, w.national.token)).status).toBe(200);
  });

  it('DELETE /reports/:id/attachments/:key: the official only; the file leaves the disk; 404 afterwards', async () => {
    expectError(await send('delete', `/reports/${reportId}/attachments/${key}`), 401);
    expectError(await send('delete', `/reports/${reportId}/attachments/${key}`, w.memberB.token), 403);
    expectError(await send('delete', `/reports/${reportId}/attachments/00000000-0000-4000-8000-000000000000`, official.token), 404);
    const view = ok(await send('delete', `/reports/${reportId}/attachments/${key}`, official.token));
    expect(view.attachments).toEqual([]);
    expect(onDisk(key)).toBe(false);
    expectError(await download(key, w.memberB.token), 404);
    expect((await auditEntriesFor(reportId))[0].action).toBe('plugin::mandates.report.detach');
  });
});

describe('corrections', () => {
  it('PUT /reports/:id: the official publishes a new version, the earlier one is kept; 401, 403, 400, 409 when identical', async () => {
    const body = { summary: 'Première année (corrigée)', body: '## Budget\n\nNous avons voté le budget **et** les subventions.' };
    expectError(await send('put', `/reports/${reportId}`, undefined, body), 401);
    expectError(await send('put', `/reports/${reportId}`, w.memberB.token, body), 403);
    expectError(await send('put', `/reports/${reportId}`, w.otherMember.token, body), 404);
    expect(badRequest(await send('put', `/reports/${reportId}`, official.token, { ...body, summary: '' })).summary).toBe('Le résumé public est obligatoire.');
    expectError(await send('put', `/reports/${reportId}`, official.token, { summary: 'Première année', body: '## Budget\n\nNous avons **voté** le budget.' }), 409, 'rien à corriger');
    const view = ok(await send('put', `/reports/${reportId}`, official.token, body));
    expect(view).toMatchObject({ summary: body.summary, body: body.body, correctedOn: expect.any(String) });
    expect(view.versions).toEqual([{ summary: 'Première année', body: '## Budget\n\nNous avons **voté** le budget.', from: view.submittedOn, replacedOn: view.correctedOn }]);
    // Members read the current version and the history.
    expect(ok(await send('get', `/reports/${reportId}`, w.memberB.token)).versions).toHaveLength(1);
    const [entry] = await auditEntriesFor(reportId);
    expect(entry.action).toBe('plugin::mandates.report.correct');
    expect(JSON.parse(entry.details)).toEqual({ version: 2 });
  });
});

describe('erasure', () => {
  it('the official’s erasure deletes their reports’ files and contact details; the report’s text stays', async () => {
    const view = ok(await attach(official.token, { content: Buffer.from('Ordre du jour du conseil\n'), name: 'ordre-du-jour.txt', type: 'text/plain' }), 201);
    const key = view.attachments[0].key;
    ok(await send('put', '/me/contact', official.token, { visible: true, publicEmail: 'permanence@exemple.fr', office: 'Mardi 18 h, mairie' }));
    expect(onDisk(key)).toBe(true);
    await strapi.db.query('plugin::membership.member').update({ where: { id: official.member.id }, data: { leftOn: yearsAgo(1) } });
    const result = await erasure.eraseMember(strapi, null, official.member.documentId, 'retention');
    expect(result.reports.find((r) => r.source === 'mandates')?.counts).toEqual({ reportAttachments: 1, contacts: 1, waiversUnsigned: 0, reasonsRemoved: 0 });
    expect(onDisk(key)).toBe(false);
    const row = await strapi.db.query('plugin::mandates.report').findOne({ where: { documentId: reportId } });
    expect(row).toMatchObject({ attachments: [], summary: 'Première année (corrigée)' });
    expect(await strapi.db.query('plugin::mandates.contact').findOne({ where: { member: { id: official.member.id } } })).toBeNull();
  });
});
