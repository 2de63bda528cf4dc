import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createWorld, type World } from '../support/factories';
import { bearer, expectError } from '../support/expect';
import { adminToken, federationStaffRole, superAdminRole } from '../support/admin';

/**
 * What federation staff may not see looks absent in the Content Manager: another federation's
 * entry, or national content, answers exactly as an id that names nothing (one entry, a clone
 * source, bulk lists); documentIds are plain ids, never operators that would let anyone find
 * another federation's ids character by character; the home page counts their federation's
 * documents and their own files, without the national counts.
 */
let w: World;
let staff: string;
let superToken: string;
const CM = '/content-manager/collection-types';
const DOC = 'api::document.document';
const MEMBER = 'plugin::membership.member';
const UNKNOWN = 'zzzzzzzzzzzzzzzzzzzzzzzz';

const createDocument = async (title: string, federation: { id: number } | null) =>
  (await bootStrapi()).documents(DOC as any).create({ data: { title, audience: federation ? 'federation' : 'national', ...(federation ? { federation: federation.id } : {}) } as any });

beforeAll(async () => {
  w = await createWorld();
  staff = await adminToken(`absent.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
  superToken = await adminToken(`absent.super.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await superAdminRole()]);
});

/** Every single-entry route of the Content Manager, for a documentId. */
const singleEntryRoutes = (uid: string, id: string) =>
  [
    ['get', (h: any) => h.get(`${CM}/${uid}/${id}`)],
    ['update', (h: any) => h.put(`${CM}/${uid}/${id}`).send({ title: 'Pris', lastName: 'Pris' })],
    ['publish', (h: any) => h.post(`${CM}/${uid}/${id}/actions/publish`).send({})],
    ['unpublish', (h: any) => h.post(`${CM}/${uid}/${id}/actions/unpublish`).send({})],
    ['discard', (h: any) => h.post(`${CM}/${uid}/${id}/actions/discard`).send({})],
    ['clone', (h: any) => h.post(`${CM}/${uid}/clone/${id}`).send({ title: 'Copie', membershipNumber: `CL-${Date.now().toString(36).toUpperCase()}` })],
    ['count drafts', (h: any) => h.get(`${CM}/${uid}/${id}/actions/countDraftRelations`)],
    ['relations', (h: any) => h.get(`/content-manager/relations/${uid}/${id}/section`)],
    ['bulk lookup', (h: any) => h.post(`${CM}/${uid}/actions/bulkFindForValidation`).send({ documentIds: [id] })],
    ['bulk count', (h: any) => h.get(`${CM}/${uid}/actions/countManyEntriesDraftRelations?documentIds[0]=${id}`)],
    ['bulk publish', (h: any) => h.post(`${CM}/${uid}/actions/bulkPublish`).send({ documentIds: [id] })],
    ['bulk unpublish', (h: any) => h.post(`${CM}/${uid}/actions/bulkUnpublish`).send({ documentIds: [id] })],
    ['bulk delete', (h: any) => h.post(`${CM}/${uid}/actions/bulkDelete`).send({ documentIds: [id] })],
    ['delete', (h: any) => h.delete(`${CM}/${uid}/${id}`)],
  ] as const;

describe('entries out of the staff member’s reach answer as unknown ones', () => {
  it('another federation’s and a national document: every route answers as for an unknown id, and nothing changes', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const theirs = await createDocument('Note d’une autre fédération', w.other);
    const national = await createDocument('Note nationale', null);
    for (const target of [theirs, national]) {
      const unknown = singleEntryRoutes(DOC, UNKNOWN);
      const hidden = singleEntryRoutes(DOC, target.documentId);
      for (const [i, [label, send]] of hidden.entries()) {
        const expected = await unknown[i][1](http).set(bearer(staff));
        const res = await send(http).set(bearer(staff));
        expect({ label, status: res.status, body: res.body }, `${label} ${target.title}`).toEqual({ label, status: expected.status, body: expected.body });
        expect(res.status, label).not.toBe(403);
        expect(res.status, label).toBeLessThan(500);
      }
      const row = await strapi.db.query(DOC).findOne({ where: { documentId: target.documentId } });
      expect(row).toMatchObject({ title: target.title, publishedAt: null });
    }
  });

  it('a bulk publication of an unknown id publishes nothing and says so, as to a national admin (not a refusal)', async () => {
    const http = await api();
    const send = (token: string) => http.post(`${CM}/${DOC}/actions/bulkPublish`).set(bearer(token)).send({ documentIds: [UNKNOWN] });
    const [byStaff, byNational] = [await send(staff), await send(superToken)];
    expect([byStaff.status, byStaff.body]).toEqual([200, { count: 0 }]);
    expect([byNational.status, byNational.body]).toEqual([200, { count: 0 }]);
  });

  it('the unknown and the hidden read the same: 404 in French in Strapi’s envelope', async () => {
    const http = await api();
    const theirs = await createDocument('Autre note ailleurs', w.other);
    for (const id of [UNKNOWN, theirs.documentId]) {
      expectError(await http.get(`${CM}/${DOC}/${id}`).set(bearer(staff)), 404, 'Contenu introuvable.');
      expectError(await http.put(`${CM}/${DOC}/${id}`).set(bearer(staff)).send({ title: 'Pris' }), 404, 'Contenu introuvable.');
      expectError(await http.delete(`${CM}/${DOC}/${id}`).set(bearer(staff)), 404, 'Contenu introuvable.');
      expectError(await http.post(`${CM}/${DOC}/${id}/actions/publish`).set(bearer(staff)).send({}), 404, 'Contenu introuvable.');
    }
  });

  it('another federation’s member: get, update, clone answer 404 as an unknown one', async () => {
    const http = await api();
    for (const id of [UNKNOWN, w.otherMember.member.documentId]) {
      expectError(await http.get(`${CM}/${MEMBER}/${id}`).set(bearer(staff)), 404, 'Contenu introuvable.');
      expectError(await http.put(`${CM}/${MEMBER}/${id}`).set(bearer(staff)).send({ firstName: 'Piraté' }), 404, 'Contenu introuvable.');
      expectError(await http.post(`${CM}/${MEMBER}/clone/${id}`).set(bearer(staff)).send({ membershipNumber: 'CLONE-404' }), 404, 'Contenu introuvable.');
    }
    const strapi = await bootStrapi();
    expect((await strapi.db.query(MEMBER).findOne({ where: { id: w.otherMember.member.id } })).firstName).toBe(w.otherMember.member.firstName);
  });

  it('moving one’s own entry into another federation is still refused as such (403)', async () => {
    const http = await api();
    const own = await createDocument('Note à garder', w.federation);
    const moved = await http.put(`${CM}/${DOC}/${own.documentId}`).set(bearer(staff)).send({ federation: { connect: [{ documentId: w.other.documentId }] } });
    expectError(moved, 403, 'Vous ne gérez que les contenus de votre fédération.');
  });

  it('national admins still open every federation’s entries', async () => {
    const theirs = await createDocument('Note lue nationalement', w.other);
    const res = await (await api()).get(`${CM}/${DOC}/${theirs.documentId}`).set(bearer(superToken));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});

describe('documentIds are plain ids', () => {
  it('refuses operators, objects and nested lists with a French 400, so ids cannot be found character by character', async () => {
    const http = await api();
    const prefix = w.otherMember.member.documentId.slice(0, 3);
    const cases = [
      http.get(`${CM}/${MEMBER}/actions/countManyEntriesDraftRelations?documentIds[$startsWith]=${prefix}`),
      http.get(`${CM}/${MEMBER}/actions/countManyEntriesDraftRelations?documentIds[a]=x`),
      http.get(`${CM}/${MEMBER}/actions/countManyEntriesDraftRelations?documentIds[0][$startsWith]=${prefix}`),
      http.post(`${CM}/${MEMBER}/actions/bulkFindForValidation`).send({ documentIds: { $startsWith: prefix } }),
      http.post(`${CM}/${MEMBER}/actions/bulkFindForValidation`).send({ documentIds: [{ $startsWith: prefix }] }),
      http.post(`${CM}/${MEMBER}/actions/bulkFindForValidation`).send({ documentIds: [[w.member.member.documentId]] }),
      http.get(`/content-manager/relations/plugin::membership.due/member?id[$startsWith]=${prefix}`),
    ];
    for (const req of cases) {
      const error = expectError(await req.set(bearer(staff)), 400);
      expect(error.message).toMatch(/^Requête invalide/);
    }
  });
});

describe('the admin home page', () => {
  it('counts the staff member’s federation’s documents only', async () => {
    const http = await api();
    const count = async (token: string) => {
      const res = await http.get('/content-manager/homepage/count-documents').set(bearer(token));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.data as { draft: number; published: number; modified: number };
    };
    const [staffBefore, superBefore] = [await count(staff), await count(superToken)];
    await createDocument('Brouillon d’ailleurs', w.other);
    await createDocument('Brouillon national', null);
    expect(await count(staff)).toEqual(staffBefore);
    expect((await count(superToken)).draft).toBe(superBefore.draft + 2);
    await createDocument('Brouillon d’ici', w.federation);
    expect(await count(staff)).toEqual({ ...staffBefore, draft: staffBefore.draft + 1 });
  });

  it('gives staff their own project statistics: their files, none of the national counts (accounts, tokens, webhooks)', async () => {
    const http = await api();
    const statistics = async (token: string) => {
      const res = await http.get('/admin/homepage/key-statistics').set(bearer(token));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.data;
    };
    const upload = (token: string, name: string) => http.post('/upload').set(bearer(token)).attach('files', Buffer.from(name), { filename: name, contentType: 'text/plain' });
    const before = await statistics(staff);
    expect(before).toEqual({ assets: expect.any(Number), contentTypes: null, components: null, locales: null, admins: null, webhooks: null, apiTokens: null });
    expect((await upload(superToken, 'national.txt')).status).toBe(201);
    expect((await statistics(staff)).assets).toBe(before.assets);
    expect((await upload(staff, 'ordre-du-jour.txt')).status).toBe(201);
    expect((await statistics(staff)).assets).toBe(before.assets + 1);
    const national = await statistics(superToken);
    expect(national.admins).toBeGreaterThan(1);
    expect(national.assets).toBeGreaterThan(before.assets);
  });
});
