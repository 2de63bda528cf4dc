import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createMember, createWorld, type World } from '../support/factories';
import { bearer, expectError } from '../support/expect';
import { adminToken, federationStaffRole, superAdminRole } from '../support/admin';
import { createCourse } from '../../plugins/training/tests/support/courses';

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
/** A row id no entry has. */
const UNKNOWN_ROW = 2_000_000_000;

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

describe('relations of a write that name entries out of the staff member’s reach', () => {
  it('name no entry and say it in French beside another field’s error too (Strapi’s « 1 relation(s) of type … do not exist » in details)', async () => {
    const http = await api();
    const res = await http.post(`${CM}/plugin::bodies.seat`).set(bearer(staff)).send({ member: { connect: [{ id: UNKNOWN_ROW }] } });
    expect(res.status).toBe(400);
    const messages = [res.body.error.message, ...(res.body.error.details?.errors ?? []).map((e: { message: string }) => e.message)];
    expect(messages.join(' | ')).not.toMatch(/relation\(s\)|do not exist|plugin::/);
  });

  const COURSE = 'plugin::training.course';
  const MODULE = 'plugin::training.course-module';
  const RELATION_NOT_FOUND = 'Contenu lié introuvable.';
  const moduleOf = async (courseDocumentId: string) =>
    (await bootStrapi()).db.query(MODULE).findOne({ where: { course: { documentId: courseDocumentId } }, populate: ['course'] });
  const courseOfModule = async (moduleDocumentId: string) =>
    (await (await bootStrapi()).db.query(MODULE).findMany({ where: { documentId: moduleDocumentId }, populate: ['course'] })).map((m: any) => m.course?.documentId);

  it('answer exactly as an unknown documentId or row id would (400 « Contenu lié introuvable. »), whatever the shape, and nothing changes', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const theirs = await createCourse({ federation: w.other, title: 'Leur formation (absente)' });
    const theirModule = await moduleOf(theirs.documentId);
    const mine = await createCourse({ federation: w.federation, title: 'Notre formation (absents)', publish: false });
    const myModule = await moduleOf(mine.documentId);
    const myDocument = await createDocument('Note avec relations', w.federation);
    type Ref = { documentId: string } | { id: number };
    const byDocumentId = (documentId: string) => (hidden: boolean): Ref => ({ documentId: hidden ? documentId : UNKNOWN });
    const byRow = (id: number) => (hidden: boolean): Ref => ({ id: hidden ? id : UNKNOWN_ROW });
    const section = byDocumentId(w.otherSection.documentId);
    const sectionRow = byRow(w.otherSection.id);
    const module = byDocumentId(theirModule.documentId);
    const moduleRow = byRow(theirModule.id);
    const value = (ref: Ref) => ('documentId' in ref ? ref.documentId : ref.id);
    const cases: [string, string, string, (hidden: boolean) => Record<string, unknown>][] = [
      ['member.section connect', MEMBER, target.member.documentId, (h) => ({ section: { connect: [section(h)] } })],
      ['member.section set', MEMBER, target.member.documentId, (h) => ({ section: { set: [section(h)] } })],
      ['member.section disconnect', MEMBER, target.member.documentId, (h) => ({ section: { disconnect: [section(h)] } })],
      ['member.section plain documentId', MEMBER, target.member.documentId, (h) => ({ section: value(section(h)) })],
      ['member.section plain row id', MEMBER, target.member.documentId, (h) => ({ section: value(sectionRow(h)) })],
      ['member.section connect by row id', MEMBER, target.member.documentId, (h) => ({ section: { connect: [sectionRow(h)] } })],
      ['course.modules connect', COURSE, mine.documentId, (h) => ({ modules: { connect: [module(h)] } })],
      ['course.modules disconnect', COURSE, mine.documentId, (h) => ({ modules: { disconnect: [module(h)] } })],
      ['course.modules list of row ids', COURSE, mine.documentId, (h) => ({ modules: [value(moduleRow(h))] })],
      ['course.prerequisites connect', COURSE, mine.documentId, (h) => ({ prerequisites: { connect: [byDocumentId(theirs.documentId)(h)] } })],
      ['module.course connect', MODULE, myModule.documentId, (h) => ({ course: { connect: [byDocumentId(theirs.documentId)(h)] } })],
      ['a position beside a hidden module', COURSE, mine.documentId, (h) => ({ modules: { connect: [{ documentId: myModule.documentId, position: { before: value(module(h)) } }] } })],
      ['document.section connect', DOC, myDocument.documentId, (h) => ({ section: { connect: [section(h)] } })],
    ];
    for (const [label, uid, documentId, body] of cases) {
      const unknown = await http.put(`${CM}/${uid}/${documentId}`).set(bearer(staff)).send(body(false));
      expectError(unknown, 400, RELATION_NOT_FOUND);
      const hidden = await http.put(`${CM}/${uid}/${documentId}`).set(bearer(staff)).send(body(true));
      expect({ label, status: hidden.status, body: hidden.body }).toEqual({ label, status: unknown.status, body: unknown.body });
    }
    // A creation too.
    const create = (h: boolean) => http.post(`${CM}/${DOC}`).set(bearer(staff)).send({ title: 'Nouvelle note', audience: 'federation', federation: { connect: [{ documentId: w.federation.documentId }] }, section: { connect: [section(h)] } });
    const unknownCreate = await create(false);
    expectError(unknownCreate, 400, RELATION_NOT_FOUND);
    expect({ status: (await create(true)).status, body: (await create(true)).body }).toEqual({ status: unknownCreate.status, body: unknownCreate.body });
    // A disconnect by row id of an entry that is not linked changes nothing, for the unknown and the hidden alike.
    const quiet = [await http.put(`${CM}/${COURSE}/${mine.documentId}`).set(bearer(staff)).send({ modules: { disconnect: [{ id: UNKNOWN_ROW }] } }), await http.put(`${CM}/${COURSE}/${mine.documentId}`).set(bearer(staff)).send({ modules: { disconnect: [{ id: theirModule.id }] } })];
    expect(quiet.map((res) => res.status)).toEqual([200, 200]);

    expect((await strapi.db.query(MEMBER).findOne({ where: { id: target.member.id }, populate: ['section'] })).section.id).toBe(w.sectionA.id);
    expect(new Set(await courseOfModule(theirModule.documentId))).toEqual(new Set([theirs.documentId]));
    expect((await strapi.db.query(COURSE).findOne({ where: { documentId: mine.documentId }, populate: ['prerequisites'] })).prerequisites).toHaveLength(0);
    expect(await strapi.db.query(DOC).count({ where: { title: 'Nouvelle note' } })).toBe(0);
  });

  it('are read as Strapi reads them: ids Strapi would hand the database unchecked are refused, nothing moves', async () => {
    const http = await api();
    const theirs = await createCourse({ federation: w.other, title: 'Leur formation (formes)' });
    const theirModule = await moduleOf(theirs.documentId);
    const mine = await createCourse({ federation: w.federation, title: 'Notre formation (formes)', publish: false });
    const id = theirModule.id;
    const shapes: unknown[] = [
      [` ${id}`], [`${id} `], [`+${id}`], [`${id}.0`], [`0${id}`], [[id]], { connect: [[{ id }]] },
      { connect: [{ id: ` ${id}` }] }, { connect: [{ id: `${id}.0` }] }, { connect: [{ documentId: '', id }] }, { connect: [{ documentId: null, id }] },
      { id, connect: [] }, { id: ` ${id}` }, { connect: [{ documentId: { $ne: null } }] }, { connect: [{ connect: [{ id }] }] },
    ];
    for (const modules of shapes) {
      const res = await http.put(`${CM}/${COURSE}/${mine.documentId}`).set(bearer(staff)).send({ modules });
      expect(res.status, `${JSON.stringify(modules)} ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.message, JSON.stringify(modules)).toMatch(/^(Contenu lié introuvable\.|Requête invalide \(« modules »\))/);
      expect(new Set(await courseOfModule(theirModule.documentId)), JSON.stringify(modules)).toEqual(new Set([theirs.documentId]));
    }
    // The plain forms still move the staff member's own modules.
    const mineToo = await createCourse({ federation: w.federation, title: 'Notre autre formation', publish: false });
    const ownModule = await moduleOf(mineToo.documentId);
    const moved = await http.put(`${CM}/${COURSE}/${mine.documentId}`).set(bearer(staff)).send({ modules: { connect: [{ id: String(ownModule.id) }] } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await courseOfModule(ownModule.documentId)).toContain(mine.documentId);
  });

  it('a child they read taken from a parent outside their reach stays a refusal (403): the child is theirs to see', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const theirs = await createCourse({ federation: w.other, title: 'Formation d’origine' });
    const stray = await moduleOf(theirs.documentId);
    // A module whose scope copy reads the staff member's federation while its course is elsewhere (stale data).
    await strapi.db.query(MODULE).updateMany({ where: { documentId: stray.documentId }, data: { federationCode: w.federation.departmentCode } });
    const mine = await createCourse({ federation: w.federation, title: 'Formation preneuse', publish: false });
    expectError(await http.put(`${CM}/${COURSE}/${mine.documentId}`).set(bearer(staff)).send({ modules: { connect: [{ documentId: stray.documentId }] } }), 403, 'Vous ne gérez que les contenus de votre fédération.');
    expect(new Set(await courseOfModule(stray.documentId))).toEqual(new Set([theirs.documentId]));
  });

  it('national admins keep Strapi’s answers', async () => {
    const http = await api();
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const res = await http.put(`${CM}/${MEMBER}/${target.member.documentId}`).set(bearer(superToken)).send({ section: { connect: [{ documentId: UNKNOWN }] } });
    expectError(res, 400, `Document with id "${UNKNOWN}"`);
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

  it('lets a relation picker on a create form (`id=`: no entry yet) list what staff may pick, their federation’s members only', async () => {
    const res = await (await api()).get('/content-manager/relations/plugin::membership.due/member?id=&pageSize=100&_q=&page=1').set(bearer(staff));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const ids = (res.body.results as { documentId: string }[]).map((r) => r.documentId);
    expect(ids).toContain(w.member.member.documentId);
    expect(ids).not.toContain(w.otherMember.member.documentId);
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
