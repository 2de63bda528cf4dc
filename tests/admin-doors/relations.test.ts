import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createMember, createWorld, type World } from '../support/factories';
import { bearer, expectError } from '../support/expect';
import { adminToken, federationStaffRole, superAdminRole } from '../support/admin';
import { createCourse } from '../../plugins/training/tests/support/courses';

/**
 * Issue 23, items 3 and 5: clone, connect, disconnect, set — refused unless the staff member
 * may read the source and every entry whose relations change (both sides, a moved child's
 * current parent included); and the audit of admin-panel writes (relations, JSON and rich
 * text, clone sources, moves, publication, side effects).
 */
let w: World;
let staff: string;
let superToken: string;
const CM = '/content-manager/collection-types';
const DOCUMENT = 'api::document.document';
const COURSE = 'plugin::training.course';
const MODULE = 'plugin::training.course-module';
const LESSON = 'plugin::training.lesson';
const QUIZ = 'plugin::training.quiz';
const MEMBER = 'plugin::membership.member';

beforeAll(async () => {
  w = await createWorld();
  staff = await adminToken(`rel.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
  superToken = await adminToken(`rel.super.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await superAdminRole()]);
});

const moduleOf = async (courseDocumentId: string) => {
  const strapi = await bootStrapi();
  const [module] = await strapi.db.query(MODULE).findMany({ where: { course: { documentId: courseDocumentId } }, populate: ['course'] });
  return module;
};

const otherDocument = async (title: string) =>
  (await bootStrapi()).documents(DOCUMENT as any).create({ data: { title, audience: 'federation', federation: w.other.id } as any });

const entries = async (uid: string, title: string) => (await bootStrapi()).db.query(uid as any).count({ where: { title } });

describe('clone: only what the staff member may read', () => {
  it('refuses to clone another federation’s member, document, course and quiz, even with their own federation in the body (they look absent)', async () => {
    const http = await api();
    const own = { federation: { connect: [{ documentId: w.federation.documentId }] } };
    const member = await http.post(`${CM}/${MEMBER}/clone/${w.otherMember.member.documentId}`).set(bearer(staff)).send({ ...own, membershipNumber: 'CLONE-1' });
    expectError(member, 404);
    const document = await otherDocument('Note interne ailleurs');
    expectError(await http.post(`${CM}/${DOCUMENT}/clone/${document.documentId}`).set(bearer(staff)).send({ ...own, audience: 'federation' }), 404);
    expect(await entries(DOCUMENT, 'Note interne ailleurs')).toBe(1);
    const course = await createCourse({ federation: w.other, title: 'Formation ailleurs' });
    expectError(await http.post(`${CM}/${COURSE}/clone/${course.documentId}`).set(bearer(staff)).send(own), 404);
    const module = await moduleOf(course.documentId);
    const ownCourse = await createCourse({ federation: w.federation, title: 'Formation ici' });
    const ownModule = await moduleOf(ownCourse.documentId);
    expectError(
      await http.post(`${CM}/${QUIZ}/clone/${course.quiz}`).set(bearer(staff)).send({ module: { connect: [{ documentId: ownModule.documentId }] } }),
      404
    );
    expect(module.course.documentId).toBe(course.documentId);
    const strapi = await bootStrapi();
    expect(await strapi.db.query(QUIZ).count({ where: { module: { id: ownModule.id } } })).toBe(1); // its own quiz only
  });

  it('clones an entry of its federation, and the audit names the source', async () => {
    const http = await api();
    const own = await http.post(`${CM}/${DOCUMENT}`).set(bearer(staff)).send({
      title: 'Modèle de tract', audience: 'federation', federation: { connect: [{ documentId: w.federation.documentId }] },
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const copy = await http.post(`${CM}/${DOCUMENT}/clone/${own.body.data.documentId}`).set(bearer(staff)).send({ title: 'Copie du modèle' });
    expect(copy.status, JSON.stringify(copy.body)).toBe(200);
    const strapi = await bootStrapi();
    const [entry] = await strapi.db.connection('audit_log').where({ subject_id: copy.body.data.documentId }).orderBy('seq', 'desc');
    expect(entry.action).toBe(`${DOCUMENT}.clone`);
    expect(JSON.parse(entry.details).source).toMatchObject({ type: DOCUMENT, documentId: own.body.data.documentId, label: 'Modèle de tract' });
  });
});

describe('connect, disconnect, set: every entry touched must be in scope', () => {
  it('refuses to pull another federation’s module, lesson, quiz or prerequisite into its course (they look absent)', async () => {
    const http = await api();
    const theirs = await createCourse({ federation: w.other, title: 'Leur formation' });
    const theirModule = await moduleOf(theirs.documentId);
    const mine = await createCourse({ federation: w.federation, title: 'Notre formation', publish: false });
    const myModule = await moduleOf(mine.documentId);
    const cases: [string, string, Record<string, unknown>][] = [
      [COURSE, mine.documentId, { modules: { connect: [{ documentId: theirModule.documentId }] } }],
      [COURSE, mine.documentId, { modules: { set: [{ documentId: theirModule.documentId }] } }],
      [COURSE, mine.documentId, { modules: [theirModule.id] }],
      [COURSE, mine.documentId, { prerequisites: { connect: [{ documentId: theirs.documentId }] } }],
      [MODULE, myModule.documentId, { lessons: { connect: [{ documentId: theirs.lessons[0] }] } }],
      [MODULE, myModule.documentId, { quizzes: { connect: [{ documentId: theirs.quiz }] } }],
      [MODULE, myModule.documentId, { course: { connect: [{ documentId: theirs.documentId }] } }],
      [COURSE, mine.documentId, { modules: { disconnect: [{ documentId: theirModule.documentId }] } }],
    ];
    for (const [uid, documentId, body] of cases) {
      expectError(await http.put(`${CM}/${uid}/${documentId}`).set(bearer(staff)).send(body), 400, 'Contenu lié introuvable.');
    }
    const strapi = await bootStrapi();
    expect((await moduleOf(theirs.documentId)).documentId).toBe(theirModule.documentId);
    const lesson = await strapi.db.query(LESSON).findOne({ where: { documentId: theirs.lessons[0] }, populate: ['module'] });
    expect(lesson.module.id).toBe(theirModule.id);
    const course = await strapi.db.query(COURSE).findOne({ where: { documentId: mine.documentId }, populate: ['prerequisites'] });
    expect(course.prerequisites).toHaveLength(0);
  });

  it('refuses a member moved into another federation’s section (it looks absent)', async () => {
    const http = await api();
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    expectError(await http.put(`${CM}/${MEMBER}/${target.member.documentId}`).set(bearer(staff)).send({ section: { connect: [{ documentId: w.otherSection.documentId }] } }), 400, 'Contenu lié introuvable.');
    const strapi = await bootStrapi();
    expect((await strapi.db.query(MEMBER).findOne({ where: { id: target.member.id }, populate: ['section'] })).section.id).toBe(w.sectionA.id);
  });

  it('moves a module between two courses of its federation, and the audit names where it came from', async () => {
    const http = await api();
    const from = await createCourse({ federation: w.federation, title: 'Ancienne formation', publish: false });
    const to = await createCourse({ federation: w.federation, title: 'Nouvelle formation', publish: false });
    const module = await moduleOf(from.documentId);
    const res = await http.put(`${CM}/${COURSE}/${to.documentId}`).set(bearer(staff)).send({ modules: { connect: [{ documentId: module.documentId }] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const strapi = await bootStrapi();
    const [entry] = await strapi.db.connection('audit_log').where({ subject_id: to.documentId, action: `${COURSE}.update` }).orderBy('seq', 'desc');
    const details = JSON.parse(entry.details);
    expect(details.moved).toEqual([{ type: MODULE, documentId: module.documentId, field: 'modules', from: { type: COURSE, documentId: from.documentId } }]);
    // Relations before/after: ids and labels.
    expect(details.changes.modules.after.map((m: any) => m.label)).toContain('Les bases');
  });
});

describe('the audit of admin-panel writes', () => {
  it('shows rich text as a short form and hash, and a publication against the version it replaces', async () => {
    const http = await api();
    const created = await http.post(`${CM}/${DOCUMENT}`).set(bearer(staff)).send({
      title: 'Compte rendu', audience: 'federation', federation: { connect: [{ documentId: w.federation.documentId }] },
      body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Première version.' }] }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const documentId = created.body.data.documentId;
    expect((await http.post(`${CM}/${DOCUMENT}/${documentId}/actions/publish`).set(bearer(staff)).send({})).status).toBe(200);
    const edit = await http.put(`${CM}/${DOCUMENT}/${documentId}`).set(bearer(staff)).send({
      title: 'Compte rendu corrigé', body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Deuxième version.' }] }],
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect((await http.post(`${CM}/${DOCUMENT}/${documentId}/actions/publish`).set(bearer(staff)).send({})).status).toBe(200);
    const strapi = await bootStrapi();
    const log = await strapi.db.connection('audit_log').where({ subject_id: documentId }).orderBy('seq', 'asc');
    // The panel's publish first touches `updatedBy` only: no empty update entry is left for it.
    expect(log.map((e: any) => e.action)).toEqual([`${DOCUMENT}.create`, `${DOCUMENT}.publish`, `${DOCUMENT}.update`, `${DOCUMENT}.publish`]);
    const update = JSON.parse(log.find((e: any) => e.action === `${DOCUMENT}.update`).details);
    expect(update.changes.body.before.text).toContain('Première version.');
    expect(update.changes.body.after.sha256).toMatch(/^[0-9a-f]{16}$/);
    const publications = log.filter((e: any) => e.action === `${DOCUMENT}.publish`).map((e: any) => JSON.parse(e.details));
    expect(publications[0].firstPublication).toBe(true);
    expect(publications[1].changes.title).toEqual({ before: 'Compte rendu', after: 'Compte rendu corrigé' });
  });

  it('records the side effects of an exclusion as their own entries (account blocked, admin account deactivated, sessions revoked)', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    await adminToken(target.user.email, [await federationStaffRole(w.federation.departmentCode)]);
    const res = await (await api()).put(`${CM}/${MEMBER}/${target.member.documentId}`).set(bearer(superToken)).send({ membershipStatus: 'excluded', statusReason: 'Décision de la commission' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const strapi = await bootStrapi();
    const admin = await strapi.db.query('admin::user').findOne({ where: { email: target.user.email } });
    expect(admin.isActive).toBe(false);
    const log = await strapi.db.connection('audit_log').where({ federation_id: w.federation.id }).orderBy('seq', 'desc').limit(10);
    const actions = log.map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining([`${MEMBER}.account-blocked`, `${MEMBER}.sessions-revoked`, 'admin::user.deactivate', `${MEMBER}.update`]));
    const blocked = log.find((e: any) => e.action === `${MEMBER}.account-blocked`);
    expect(blocked).toMatchObject({ actor_kind: 'admin' });
    expect(JSON.parse(blocked.details).effectOf).toMatchObject({ id: target.member.documentId, to: 'excluded' });
    expect(log.find((e: any) => e.action === 'admin::user.deactivate').subject_id).toBe(String(admin.id));
  });
});
