import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from './support/strapi';
import { createMember, createWorld, thisYear, type World } from './support/factories';
import { bearer, expectError } from './support/expect';
import { adminToken, federationStaffRole, superAdminRole } from './support/admin';
import { parisDay } from './support/dates';
import { applyFrenchLabels } from '../src/admin-labels';
import { actionName, PERMISSION_CONTROLLERS, PERMISSION_GROUPS } from '../src/admin/permission-names';
import { SECTION_ACTIONS, SETTINGS_CATEGORIES, SUB_CATEGORIES } from '../src/permission-sections';
import { DEFAULT_TOKEN_DELETED, frenchStrapiDefaults, STRAPI_DEFAULTS, withdrawDefaultApiTokens } from '../src/admin-defaults';
import { frenchDate, SYSTEM_ACTOR, todayInParis } from '@intranet-militant/shared';

/**
 * Federation staff in the admin panel: the Content Manager API (what the panel calls)
 * shows and changes their federation's entries only, and every change is audited.
 */
let w: World;
let staffToken: string;
let superToken: string;
const CM = '/content-manager/collection-types';
const MEMBER = 'plugin::membership.member';
/** Strapi's plugins, whose permission actions are registered in English. */
const STRAPI_PLUGINS = ['plugin::content-manager', 'plugin::content-type-builder', 'plugin::email', 'plugin::i18n', 'plugin::upload', 'plugin::users-permissions'];

beforeAll(async () => {
  w = await createWorld();
  staffToken = await adminToken(`staff.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
  superToken = await adminToken(`super.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await superAdminRole()]);
});

describe('federation staff role in the admin panel', () => {
  it('exists for every federation, named after it', async () => {
    const strapi = await bootStrapi();
    const role = await strapi.db.query('admin::role').findOne({ where: { code: `intranet-federation-${w.other.departmentCode}` } });
    expect(role.name).toBe(`Équipe fédérale — ${w.other.name} (${w.other.departmentCode})`);
  });

  it('lists only the members of its federation', async () => {
    const res = await (await api()).get(`${CM}/${MEMBER}?page=1&pageSize=100`).set(bearer(staffToken));
    expect(res.status).toBe(200);
    const ids = res.body.results.map((m: any) => m.documentId);
    expect(ids).toContain(w.member.member.documentId);
    expect(ids).not.toContain(w.otherMember.member.documentId);
    const all = await (await api()).get(`${CM}/${MEMBER}?_q=${w.otherMember.member.membershipNumber}`).set(bearer(superToken));
    expect(all.body.results.map((m: any) => m.documentId)).toContain(w.otherMember.member.documentId);
  });

  it('cannot open or edit another federation’s member (it looks absent)', async () => {
    const http = await api();
    expectError(await http.get(`${CM}/${MEMBER}/${w.otherMember.member.documentId}`).set(bearer(staffToken)), 404);
    expectError(await http.put(`${CM}/${MEMBER}/${w.otherMember.member.documentId}`).set(bearer(staffToken)).send({ firstName: 'Piraté' }), 404);
    const strapi = await bootStrapi();
    expect((await strapi.db.query(MEMBER).findOne({ where: { id: w.otherMember.member.id } })).firstName).not.toBe('Piraté');
  });

  it('edits its own federation’s member, and the change is audited as an admin-panel action', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const res = await (await api()).put(`${CM}/${MEMBER}/${target.member.documentId}`).set(bearer(staffToken)).send({ firstName: 'Corrigé' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.firstName).toBe('Corrigé');
    const strapi = await bootStrapi();
    const [entry] = await strapi.db.connection('audit_log').where({ subject_id: target.member.documentId }).orderBy('seq', 'desc');
    expect(entry).toMatchObject({ action: `${MEMBER}.update`, actor_kind: 'admin', federation_id: w.federation.id });
    expect(JSON.parse(entry.details)).toMatchObject({ via: 'admin-panel' });
  });

  it('cannot move a member to another federation, nor create one there (Strapi leaves both to us)', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const move = await http
      .put(`${CM}/${MEMBER}/${target.member.documentId}`)
      .set(bearer(staffToken))
      .send({ federation: { connect: [{ documentId: w.other.documentId }] }, section: { disconnect: [{ documentId: w.sectionA.documentId }] } });
    expectError(move, 403, 'Vous ne gérez que les contenus de votre fédération.');
    const unchanged = await strapi.db.query(MEMBER).findOne({ where: { id: target.member.id }, populate: ['federation'] });
    expect(unchanged.federation.id).toBe(w.federation.id);

    const number = `ADM-${Date.now().toString(36).toUpperCase()}`;
    const create = await http.post(`${CM}/${MEMBER}`).set(bearer(staffToken)).send({
      membershipNumber: number, firstName: 'Intrus', lastName: 'Ailleurs', joinedOn: '2024-01-01', membershipStatus: 'active',
      federation: { connect: [{ documentId: w.other.documentId }] },
    });
    expectError(create, 403);
    expect(await strapi.db.query(MEMBER).count({ where: { membershipNumber: number } })).toBe(0);

    const ok = await http.post(`${CM}/${MEMBER}`).set(bearer(staffToken)).send({
      membershipNumber: number, firstName: 'Nouvel', lastName: 'Adhérent', joinedOn: '2024-01-01', membershipStatus: 'active',
      federation: { connect: [{ documentId: w.federation.documentId }] },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('keeps the integrity rules in the panel: French 409 for a duplicate due, 400 for a missing reason', async () => {
    const http = await api();
    const target = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [thisYear()] });
    const dup = await http.post(`${CM}/plugin::membership.due`).set(bearer(staffToken)).send({
      year: thisYear(), amountCents: 3000, paidOn: `${thisYear()}-01-10`, method: 'cheque',
      member: { connect: [{ documentId: target.member.documentId }] },
    });
    expectError(dup, 409, 'La cotisation de cette année est déjà enregistrée pour cet adhérent.');
    // Issue 23: the status is read-only for staff in the panel (the API's status command changes it);
    // a national admin's change without reason still meets the integrity rule.
    const byStaff = await http.put(`${CM}/${MEMBER}/${target.member.documentId}`).set(bearer(staffToken)).send({ membershipStatus: 'suspended' });
    expectError(byStaff, 403, 'panneau « Statut d’adhésion »');
    const noReason = await http.put(`${CM}/${MEMBER}/${target.member.documentId}`).set(bearer(superToken)).send({ membershipStatus: 'suspended' });
    expectError(noReason, 400, 'Indiquez le motif');
  });

  it('switches its federation’s modules, and only the switch', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const row = await strapi.db.query('plugin::modules.federation-module').findOne({ where: { switchKey: `${w.federation.id}:news` } });
    const res = await http.put(`${CM}/plugin::modules.federation-module/${row.documentId}`).set(bearer(staffToken)).send({ enabled: false, moduleId: 'documents' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = await strapi.db.query('plugin::modules.federation-module').findOne({ where: { id: row.id } });
    expect(after).toMatchObject({ enabled: false, moduleId: 'news' });
    expectError(await http.get('/api/news').set(bearer(w.member.token)), 403, 'Actualités');
    const otherRow = await strapi.db.query('plugin::modules.federation-module').findOne({ where: { switchKey: `${w.other.id}:news` } });
    expectError(await http.put(`${CM}/plugin::modules.federation-module/${otherRow.documentId}`).set(bearer(staffToken)).send({ enabled: false }), 404);
    await strapi.plugin('modules').service('switches').set(w.federation.id, 'news', true);
  });

  it('publishes documents for its federation, not national ones', async () => {
    const http = await api();
    const national = await http.post(`${CM}/api::document.document`).set(bearer(staffToken)).send({ title: 'Note nationale', audience: 'national' });
    expectError(national, 403);
    const own = await http.post(`${CM}/api::document.document`).set(bearer(staffToken)).send({
      title: 'Note fédérale', audience: 'federation', federation: { connect: [{ documentId: w.federation.documentId }] },
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const published = await http.post(`${CM}/api::document.document/${own.body.data.documentId}/actions/publish`).set(bearer(staffToken)).send({});
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const list = await http.get('/api/documents?pageSize=100').set(bearer(w.member.token));
    expect(list.body.data.map((d: any) => d.title)).toContain('Note fédérale');
  });
});

describe('a member who left stands still in the panel too (the API’s rule, every door)', () => {
  const DUE = 'plugin::membership.due';
  const M = '/api/membership/members';
  /** A member of this federation whose departure staff recorded today through the API. */
  async function leaver() {
    const target = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [] });
    const left = await (await api()).post(`${M}/${target.member.documentId}/departure`).set(bearer(w.staff.token)).send({ on: todayInParis(), reason: 'Démission' });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    return target;
  }
  const refusal = (t: { member: { firstName: string; lastName: string } }, what: string) =>
    `${t.member.firstName} ${t.member.lastName} a quitté le parti le ${frenchDate(todayInParis())} : ${what}. Enregistrez d’abord son retour (réadhésion).`;
  const dueFor = (memberDocumentId: string) => ({
    year: thisYear(), amountCents: 3000, paidOn: todayInParis(), method: 'cheque', member: { connect: [{ documentId: memberDocumentId }] },
  });
  const memberRow = async (id: number) =>
    (await bootStrapi()).db.query(MEMBER).findOne({ where: { id }, populate: { federation: { select: ['id'] }, section: { select: ['id'] } } });

  it('records no due for an excluded member through the Content Manager, for staff and national admins alike (the API’s 409)', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const target = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [] });
    await strapi.plugin('membership').service('status').applyDecision(target.member.id, { status: 'excluded', reason: 'Commission des conflits, affaire T-2', by: 'sanctions' }, SYSTEM_ACTOR);
    const message = 'Cet adhérent est exclu : aucune cotisation ne peut être enregistrée.';
    const byApi = await http.post(`${M}/${target.member.documentId}/dues`).set(bearer(w.national.token)).send({ year: thisYear(), amountCents: 3000, paidOn: todayInParis(), method: 'cheque' });
    expect(expectError(byApi, 409).message).toBe(message);
    for (const token of [staffToken, superToken]) expectError(await http.post(`${CM}/${DUE}`).set(bearer(token)).send(dueFor(target.member.documentId)), 409, message);
    expect(await strapi.db.query(DUE).count({ where: { member: { id: target.member.id } } })).toBe(0);
  });

  it('records no due for them, through the Content Manager as through the API (same 409), nor by a clone; staff and national admins alike', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const target = await leaver();
    const message = refusal(target, 'aucune cotisation ne peut lui être enregistrée');
    const byApi = expectError(await http.post(`${M}/${target.member.documentId}/dues`).set(bearer(w.staff.token)).send({ year: thisYear(), amountCents: 3000, paidOn: todayInParis(), method: 'cheque' }), 409);
    expect(byApi.message).toBe(message);
    for (const token of [staffToken, superToken]) {
      const res = expectError(await http.post(`${CM}/${DUE}`).set(bearer(token)).send(dueFor(target.member.documentId)), 409);
      expect(res).toMatchObject({ name: 'ConflictError', message, details: { leftOn: todayInParis() } });
    }
    expect(await strapi.db.query(DUE).count({ where: { member: { id: target.member.id } } })).toBe(0);
    // A due of before the departure may be cancelled, not cloned into a new one; another member's due is not moved to them.
    const before = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [thisYear()] });
    const old = await strapi.db.query(DUE).findOne({ where: { member: { id: before.member.id } } });
    await (await api()).post(`${M}/${before.member.documentId}/departure`).set(bearer(w.staff.token)).send({ on: todayInParis(), reason: 'Démission' });
    const cancel = await http.put(`${CM}/${DUE}/${old.documentId}`).set(bearer(staffToken)).send({ cancelledOn: todayInParis(), cancelReason: 'Chèque rejeté' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    // (cancelled, so that its year is free: the refusal is the departure's, not the year's)
    expectError(await http.post(`${CM}/${DUE}/clone/${old.documentId}`).set(bearer(staffToken)).send({}), 409, 'aucune cotisation ne peut lui être enregistrée');
    const ordinary = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [thisYear() - 1] });
    const movable = await strapi.db.query(DUE).findOne({ where: { member: { id: ordinary.member.id } } });
    expectError(await http.put(`${CM}/${DUE}/${movable.documentId}`).set(bearer(superToken)).send({ member: { connect: [{ documentId: target.member.documentId }] } }), 409, 'aucune cotisation ne peut lui être enregistrée');
    expect((await strapi.db.query(DUE).findOne({ where: { id: movable.id }, populate: ['member'] })).member.id).toBe(ordinary.member.id);
    expect(await strapi.db.query(DUE).count({ where: { member: { id: before.member.id } } })).toBe(1);
  });

  it('lets staff correct their record, not move it: section, join date (same 409 as the API); a national admin moves, reinstates or « returns » them no more', async () => {
    const http = await api();
    const target = await leaver();
    const message = refusal(target, 'sa fiche peut encore être corrigée (nom, prénom, téléphone, adresse, sexe, année de naissance, numéro), mais pas sa fédération, sa section ni sa date d’adhésion');
    const byApi = expectError(await http.put(`${M}/${target.member.documentId}`).set(bearer(w.staff.token)).send({ section: w.sectionB.documentId }), 409);
    expect(byApi.message).toBe(message);
    const put = (token: string, body: Record<string, unknown>) => http.put(`${CM}/${MEMBER}/${target.member.documentId}`).set(bearer(token)).send(body);
    const before = await memberRow(target.member.id);
    const attempts: [string, Record<string, unknown>, string][] = [
      [staffToken, { section: { connect: [{ documentId: w.sectionB.documentId }] } }, message],
      [staffToken, { section: { disconnect: [{ documentId: w.sectionA.documentId }] } }, message],
      [staffToken, { joinedOn: '2021-03-01', firstName: 'Jointe' }, message],
      [superToken, { federation: { connect: [{ documentId: w.other.documentId }] }, section: { disconnect: [{ documentId: w.sectionA.documentId }] } }, message],
      [superToken, { leftOn: null }, message],
      [superToken, { membershipStatus: 'suspended', statusReason: 'Retard', suspendedUntil: `${thisYear() + 1}-06-01` }, refusal(target, 'son statut ne peut plus changer')],
    ];
    for (const [token, body, expected] of attempts) {
      const res = expectError(await put(token, body), 409);
      expect({ body, message: res.message, details: res.details }).toEqual({ body, message: expected, details: { leftOn: todayInParis() } });
    }
    const unchanged = await memberRow(target.member.id);
    expect(unchanged).toMatchObject({ firstName: before.firstName, joinedOn: before.joinedOn, leftOn: todayInParis(), membershipStatus: 'active', federation: { id: w.federation.id }, section: { id: w.sectionA.id } });
    // Corrections pass, even with the form's unchanged fields sent back as they stand.
    const corrected = await put(staffToken, { lastName: 'Corrigée', phone: '0612345678', birthYear: 1970, joinedOn: before.joinedOn, section: { connect: [{ documentId: w.sectionA.documentId }] } });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(await memberRow(target.member.id)).toMatchObject({ lastName: 'Corrigée', phone: '0612345678', birthYear: 1970, leftOn: todayInParis() });
    // The conflicts commission may still exclude them (sanctions' decision, through membership's status door).
    const strapi = await bootStrapi();
    await strapi.plugin('membership').service('status').applyDecision(target.member.id, { status: 'excluded', reason: 'Commission des conflits, affaire T-1', by: 'sanctions' }, SYSTEM_ACTOR);
    expect((await memberRow(target.member.id)).membershipStatus).toBe('excluded');
  });

  it('moves them again once their return is recorded; a departure still to come stops nothing', async () => {
    const http = await api();
    const target = await leaver();
    const back = await http.post(`${M}/${target.member.documentId}/return`).set(bearer(w.staff.token)).send({ on: todayInParis(), reason: 'Réadhésion' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const moved = await http.put(`${CM}/${MEMBER}/${target.member.documentId}`).set(bearer(staffToken)).send({ section: { connect: [{ documentId: w.sectionB.documentId }] } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const due = await http.post(`${CM}/plugin::membership.due`).set(bearer(staffToken)).send(dueFor(target.member.documentId));
    expect(due.status, JSON.stringify(due.body)).toBe(201);

    const leaving = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [] });
    await (await bootStrapi()).db.query(MEMBER).update({ where: { id: leaving.member.id }, data: { leftOn: parisDay(1) } });
    const later = await http.put(`${CM}/${MEMBER}/${leaving.member.documentId}`).set(bearer(staffToken)).send({ joinedOn: '2021-03-01', section: { connect: [{ documentId: w.sectionB.documentId }] } });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    expect((await http.post(`${CM}/plugin::membership.due`).set(bearer(staffToken)).send(dueFor(leaving.member.documentId))).status).toBe(201);
  });

  it('edits nothing of an erased profile, not even a correction (same 409 as the API), and records no due for it', async () => {
    const http = await api();
    const target = await leaver();
    const erased = await http.post(`${M}/${target.member.documentId}/erasure`).set(bearer(w.staff.token)).send({});
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    const message = 'Les données de cet ancien adhérent sont effacées : sa fiche ne se modifie plus.';
    expect(expectError(await http.put(`${M}/${target.member.documentId}`).set(bearer(w.staff.token)).send({ phone: '0611111111' }), 409).message).toBe(message);
    const before = await memberRow(target.member.id);
    for (const token of [staffToken, superToken]) {
      for (const body of [{ phone: '0611111111' }, { firstName: 'Réidentifiée' }]) {
        expect(expectError(await http.put(`${CM}/${MEMBER}/${target.member.documentId}`).set(bearer(token)).send(body), 409).message).toBe(message);
      }
    }
    expectError(await http.post(`${CM}/plugin::membership.due`).set(bearer(superToken)).send(dueFor(target.member.documentId)), 409, 'Les données de cet ancien adhérent sont effacées : aucune cotisation ne peut lui être enregistrée.');
    const after = await memberRow(target.member.id);
    expect({ firstName: after.firstName, phone: after.phone }).toEqual({ firstName: before.firstName, phone: before.phone });
  });
});

describe('admin panel in French', () => {
  it('labels our fields in French and shows readable names in relation pickers', async () => {
    const res = await (await api()).get(`/content-manager/content-types/${MEMBER}/configuration`).set(bearer(superToken));
    expect(res.status).toBe(200);
    const { metadatas, settings } = res.body.data.contentType;
    expect(metadatas.membershipNumber.edit.label).toBe('Numéro d’adhérent');
    expect(metadatas.joinedOn.list.label).toBe('Date d’adhésion');
    expect(settings.mainField).toBe('displayName');
  });

  it('names Strapi’s default roles and API tokens in French (as the national admin reads them in Paramètres), never one someone changed', async () => {
    const strapi = await bootStrapi();
    // What the settings pages list: admin roles, the users-permissions plugin's roles, API tokens.
    const roles = await (await api()).get('/admin/roles').set(bearer(superToken));
    expect(roles.status).toBe(200);
    const byCode = Object.fromEntries(roles.body.data.map((r: any) => [r.code, r]));
    expect(byCode['strapi-editor']).toMatchObject({ name: 'Éditeur', description: 'Gère et publie tous les contenus, y compris ceux des autres utilisateurs.' });
    expect(byCode['strapi-author'].name).toBe('Auteur');
    expect(byCode['strapi-super-admin'].description).toMatch(/^Accès à toutes les fonctions/);
    const memberRoles = await (await api()).get('/users-permissions/roles').set(bearer(superToken));
    expect(memberRoles.status).toBe(200);
    const byType = Object.fromEntries(memberRoles.body.roles.map((r: any) => [r.type, r]));
    expect(byType.authenticated).toMatchObject({ name: 'Authentifié', description: expect.stringMatching(/^Rôle par défaut/) });
    expect(byType.public.description).toBe('Rôle par défaut des visiteurs non connectés.');
    // The default locale, as Paramètres › Internationalisation lists it.
    const locales = await (await api()).get('/i18n/locales').set(bearer(superToken));
    expect(locales.status).toBe(200);
    expect(locales.body.find((l: any) => l.code === 'en')?.name).toBe('Anglais (en)');
    const tokens = await (await api()).get('/admin/api-tokens').set(bearer(superToken));
    expect(tokens.status).toBe(200);
    // No English default left anywhere.
    const english = Object.values(STRAPI_DEFAULTS).flatMap((defaults) => defaults.map((d) => d.english.description));
    const shown = [...roles.body.data, ...memberRoles.body.roles, ...tokens.body.data].map((r: any) => r.description);
    expect(shown.filter((d) => english.includes(d))).toEqual([]);
    // A description someone wrote is theirs; one back to Strapi's English is French again at the next boot.
    await strapi.db.query('admin::role').update({ where: { code: 'strapi-editor' }, data: { description: 'Rédaction du journal' } });
    await strapi.db.query('admin::role').update({ where: { code: 'strapi-author' }, data: { description: 'Authors can manage the content they have created.' } });
    expect(await frenchStrapiDefaults(strapi)).toBe(1);
    expect((await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-editor' } })).description).toBe('Rédaction du journal');
    expect((await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-author' } })).description).toBe('Gère les contenus qu’il a créés.');
    expect(await frenchStrapiDefaults(strapi)).toBe(0);
    // An API token an admin made keeps its name, even Strapi's own with its English words.
    const theirs = await (strapi.service('admin::api-token') as any).create({ ...STRAPI_DEFAULTS['admin::api-token'][1]!.english, kind: 'content-api', type: 'full-access', lifespan: null });
    try {
      expect(await frenchStrapiDefaults(strapi)).toBe(0);
      expect((await strapi.db.query('admin::api-token').findOne({ where: { id: theirs.id } })).name).toBe('Full Access');
    } finally {
      await strapi.db.query('admin::api-token').delete({ where: { id: theirs.id } });
    }
  });

  it('deletes at boot Strapi’s two default API tokens (« Read Only », « Full Access »), audited, never one an admin made, edited or used', async () => {
    const strapi = await bootStrapi();
    const http = await api();
    const knex = strapi.db.connection;
    const tokenService = strapi.admin!.services['api-token-content-api'];
    const DEFAULTS = STRAPI_DEFAULTS['admin::api-token'];
    const readOnly = DEFAULTS.find((d) => d.english.name === 'Read Only')!;
    const fullAccess = DEFAULTS.find((d) => d.english.name === 'Full Access')!;
    // The run's first boot (no admin account yet) made them; the same boot deleted them, with an audit entry each.
    const listed = await http.get('/admin/api-tokens').set(bearer(superToken));
    expect(listed.status).toBe(200);
    const names = DEFAULTS.flatMap((d) => [d.english.name, d.french.name]);
    expect(listed.body.data.filter((t: any) => names.includes(t.name))).toEqual([]);
    const atBoot = await knex('audit_log').where({ action: DEFAULT_TOKEN_DELETED, subject_type: 'admin::api-token' }).orderBy('seq');
    expect(atBoot.map((e: any) => [e.actor_kind, JSON.parse(e.details).name])).toEqual(expect.arrayContaining([['system', 'Read Only'], ['system', 'Full Access']]));

    // Names are unique: each of Strapi's names (in English, or as renamed) once per round.
    const make = (d: typeof readOnly, lang: 'english' | 'french', type: string, changes: Record<string, unknown> = {}) =>
      tokenService.create({ ...d[lang], kind: 'content-api', type, lifespan: null, ...changes });
    const left = async () => (await strapi.db.query('admin::api-token').findMany({ select: ['id'] })).map((t: any) => t.id);
    // As Strapi makes them on a fresh install, and as frenchStrapiDefaults renamed them: deleted.
    const englishDefault = await make(readOnly, 'english', 'read-only');
    const frenchDefault = await make(fullAccess, 'french', 'full-access');
    // Its type changed, or used by someone holding its key: kept.
    const retyped = await make(readOnly, 'french', 'full-access');
    const used = await make(fullAccess, 'english', 'full-access');
    await strapi.db.query('admin::api-token').update({ where: { id: used.id }, data: { lastUsedAt: new Date() } });
    expect((await withdrawDefaultApiTokens(strapi)).sort()).toEqual(['Accès complet', 'Read Only']);
    expect(await left()).not.toContain(englishDefault.id);
    expect(await left()).not.toContain(frenchDefault.id);
    expect(await left()).toEqual(expect.arrayContaining([retyped.id, used.id]));
    const entries = await knex('audit_log').where({ action: DEFAULT_TOKEN_DELETED }).whereIn('subject_id', [String(englishDefault.id), String(frenchDefault.id)]);
    expect(entries.map((e: any) => ({ actor: e.actor_kind, ...JSON.parse(e.details) }))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'system', via: 'boot', name: 'Read Only', type: 'read-only' }),
        expect.objectContaining({ actor: 'system', via: 'boot', name: 'Accès complet', type: 'full-access' }),
      ])
    );
    expect(entries).toHaveLength(2);
    for (const id of [retyped.id, used.id]) await tokenService.revoke(id);
    // Made by an admin with Strapi's name and description, regenerated by one (both audited), a
    // description someone wrote, one that expires: kept.
    const byAdmin = await http.post('/admin/api-tokens').set(bearer(superToken)).send({ ...readOnly.french, type: 'read-only', lifespan: null });
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(201);
    const regenerated = await make(fullAccess, 'english', 'full-access');
    expect((await http.post(`/admin/api-tokens/${regenerated.id}/regenerate`).set(bearer(superToken))).status).toBe(201);
    const described = await make(readOnly, 'english', 'read-only', { description: 'Export vers le site public' });
    const expiring = await make(fullAccess, 'french', 'full-access', { lifespan: 7 * 24 * 3600 * 1000 });
    expect(await withdrawDefaultApiTokens(strapi)).toEqual([]);
    expect(await left()).toEqual(expect.arrayContaining([byAdmin.body.data.id, regenerated.id, described.id, expiring.id]));
    for (const id of [byAdmin.body.data.id, regenerated.id, described.id, expiring.id]) await tokenService.revoke(id);
  });

  it('names the content types of the admin roles’ matrix by their French display names (« Adhérent », not « Member »)', async () => {
    const res = await (await api()).get('/admin/permissions').set(bearer(superToken));
    expect(res.status).toBe(200);
    const { collectionTypes, singleTypes } = res.body.data.sections;
    const labels = Object.fromEntries([...collectionTypes.subjects, ...singleTypes.subjects].map((s: any) => [s.uid, s.label]));
    expect(labels).toMatchObject({ 'plugin::membership.member': 'Adhérent', 'api::article.article': 'Actualité', 'plugin::users-permissions.user': 'Compte' });
    expect(Object.values(labels).filter((label) => ['member', 'due', 'body', 'article', 'user'].includes(String(label)))).toEqual([]);
  });

  it('names the fields of the admin roles’ matrix by their French labels (« Statut », not « membershipStatus »), under « champs »', async () => {
    const res = await (await api()).get('/admin/permissions').set(bearer(superToken));
    expect(res.status).toBe(200);
    const { collectionTypes, singleTypes } = res.body.data.sections;
    const strapi = await bootStrapi();
    const raw: string[] = [];
    let named = 0;
    for (const subject of [...collectionTypes.subjects, ...singleTypes.subjects]) {
      const type = (strapi.contentTypes as Record<string, any>)[subject.uid];
      const fields = subject.properties.find((property: any) => property.value === 'fields');
      if (!fields) continue;
      expect(fields.label, subject.uid).toBe('champs');
      if (!type?.pluginOptions?.intranet) continue;
      for (const field of fields.children) {
        if (field.label === field.value) raw.push(`${subject.uid}.${field.value}`);
        else named += 1;
      }
    }
    expect(raw, 'fields of ours shown by their attribute name').toEqual([]);
    expect(named).toBeGreaterThan(100);
    const member = collectionTypes.subjects.find((subject: any) => subject.uid === MEMBER);
    const fields = member.properties.find((property: any) => property.value === 'fields').children;
    expect(fields.find((field: any) => field.value === 'membershipStatus')).toEqual({ label: 'Statut', value: 'membershipStatus', required: true });
  });

  it('names in French every API, plugin, controller and action the users-permissions role page lists (« find », « changeStatus » were shown raw)', async () => {
    const res = await (await api()).get('/users-permissions/permissions').set(bearer(superToken));
    expect(res.status).toBe(200);
    const unnamed: string[] = [];
    let actions = 0;
    for (const [group, { controllers }] of Object.entries<any>(res.body.permissions)) {
      if (!PERMISSION_GROUPS[group]) unnamed.push(group);
      for (const [controller, methods] of Object.entries<any>(controllers)) {
        if (!PERMISSION_CONTROLLERS[controller]) unnamed.push(`${group}.${controller}`);
        for (const action of Object.keys(methods)) {
          actions += 1;
          if (!actionName(action, `${group}.controllers.${controller}.${action}`)) unnamed.push(`${group}.${controller}.${action}`);
        }
      }
    }
    expect(unnamed).toEqual([]);
    expect(actions).toBeGreaterThan(200);
  });

  it('names in French the admin roles’ « Plugins » and « Paramètres » tabs: plugins, categories, sub-categories, actions (« Media Library », « users and roles », « emailTemplates », « Create (generate) » were shown raw)', async () => {
    const res = await (await api()).get('/admin/permissions').set(bearer(superToken));
    expect(res.status).toBe(200);
    const { plugins, settings } = res.body.data.sections;
    // Plugins and categories are sent with non-breaking hyphens: the panel shows a hyphen there as a space.
    const french = (names: Record<string, string>, shownWhole = false) => new Set(Object.values(names).map((name) => (shownWhole ? name.replace(/-/g, '\u2011') : name)));
    const raw: string[] = [];
    const ours = new Set(Object.keys(PERMISSION_GROUPS).filter((id) => id.startsWith('plugin::') && !STRAPI_PLUGINS.includes(id)).map((id) => PERMISSION_GROUPS[id]));
    for (const entry of [...plugins, ...settings]) {
      if (entry.plugin !== undefined && !french(PERMISSION_GROUPS, true).has(entry.plugin)) raw.push(`plugin ${entry.plugin}`);
      if (entry.category !== undefined && !french(SETTINGS_CATEGORIES, true).has(entry.category)) raw.push(`category ${entry.category}`);
      if (!french(SUB_CATEGORIES).has(entry.subCategory)) raw.push(`subCategory ${entry.subCategory}`);
      // Our plugins register their actions in French.
      if (!french(SECTION_ACTIONS).has(entry.displayName) && !ours.has(entry.plugin)) raw.push(`action ${entry.displayName} (${entry.action})`);
    }
    expect([...new Set(raw)]).toEqual([]);
    // Found by their action ids, which the panel saves: untouched.
    expect(plugins.find((entry: any) => entry.action === 'plugin::users-permissions.email-templates.read')).toMatchObject({ plugin: 'Utilisateurs et autorisations', subCategory: 'Modèles d’e-mail', displayName: 'Lire' });
    expect(settings.find((entry: any) => entry.action === 'admin::transfer.tokens.regenerate')).toMatchObject({ category: 'Jetons de transfert', displayName: 'Régénérer' });
    expect(settings.find((entry: any) => entry.action === 'plugin::email.settings.read')).toMatchObject({ category: 'E\u2011mail' });
  });

  it('titles a seat on the home page’s « Dernières entrées éditées » by its role’s French label (« Trésorier·e », not the stored « tresorier »)', async () => {
    const http = await api();
    const cm = (path: string, body: object) => http.post(`${CM}/${path}`).set(bearer(staffToken)).send(body);
    const body = await cm('plugin::bodies.body', { name: 'Bureau (accueil)', level: 'federation', kind: 'bureau', seatCount: 5, absenceAlertAfter: 3, federation: { connect: [{ documentId: w.federation.documentId }] } });
    expect(body.status, JSON.stringify(body.body)).toBe(201);
    const seat = await cm('plugin::bodies.seat', { body: { connect: [{ documentId: body.body.data.documentId }] }, member: { connect: [{ documentId: w.member.member.documentId }] }, role: 'tresorier', designation: 'elected-congress', startOn: parisDay(-30) });
    expect(seat.status, JSON.stringify(seat.body)).toBe(201);
    const res = await http.get('/content-manager/homepage/recent-documents?action=update').set(bearer(staffToken));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const shown = res.body.data.find((document: any) => document.documentId === seat.body.data.documentId);
    expect(shown).toMatchObject({ title: 'Trésorier·e', contentTypeUid: 'plugin::bodies.seat' });
    // A title that is no enumeration's value stays as written.
    expect(res.body.data.find((document: any) => document.documentId === body.body.data.documentId)).toMatchObject({ title: 'Bureau (accueil)' });
  });

  it('sends a browser opening Strapi’s Enterprise upsell pages by address (« purchase » settings) to the settings', async () => {
    const http = await api();
    for (const [page, to] of [
      ['/admin/settings/purchase-content-history', '/admin/settings'],
      ['/admin/settings/purchase-audit-logs', '/admin/settings'],
      ['/admin/settings/purchase-single-sign-on/', '/admin/settings'],
      // As the panel's router reads them: any case, percent-encoded letters.
      ['/admin/settings/PURCHASE-content-history', '/admin/settings'],
      ['/admin/settings/Purchase-Audit-Logs', '/admin/settings'],
      ['/admin/settings/%70urchase-single-sign-on', '/admin/settings'],
    ]) {
      const res = await http.get(page).set('Accept', 'text/html');
      expect([page, res.status, res.headers.location]).toEqual([page, 302, to]);
    }
    // The panel's other pages and its API are untouched.
    for (const page of ['/admin/settings/api-tokens', '/admin/settings/purchase', '/admin/marketplace']) expect((await http.get(page).set('Accept', 'text/html')).status, page).not.toBe(302);
    expect((await http.get('/admin/api-tokens').set(bearer(superToken))).status).toBe(200);
  });

  it("lists meetings newest first, names the timestamps, shows a section’s federation and a mandate’s to staff", async () => {
    const configuration = async (uid: string, token = superToken) => {
      const res = await (await api()).get(`/content-manager/content-types/${uid}/configuration`).set(bearer(token));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.data.contentType;
    };
    const meetings = await configuration('plugin::bodies.meeting');
    expect([meetings.settings.defaultSortBy, meetings.settings.defaultSortOrder]).toEqual(['startsAt', 'DESC']);
    const sections = await configuration('plugin::membership.section');
    expect(sections.layouts.list).toContain('federation');
    expect(sections.metadatas.createdAt.list.label).toBe('Date de création');
    expect(sections.metadatas.updatedAt.list.label).toBe('Dernière modification');
    // The « Fédération » column of the mandates' list: staff read it (it showed « - »).
    const mandates = await configuration('plugin::mandates.mandate');
    expect(mandates.layouts.list).toContain('federation');
    const strapi = await bootStrapi();
    const member = await createMember({ federation: w.federation, section: w.sectionA });
    const category = await strapi.db.query('plugin::mandates.category').findOne({ where: { code: 'conseiller-municipal' } });
    const created = await (await api()).post(`${CM}/plugin::mandates.mandate`).set(bearer(staffToken)).send({
      member: { connect: [{ documentId: member.member.documentId }] }, category: { connect: [{ documentId: category.documentId }] },
      territoryCode: '30189', startOn: '2020-07-04', theoreticalEndOn: '2026-03-22',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const list = await (await api()).get(`${CM}/plugin::mandates.mandate?page=1&pageSize=10&populate[federation][fields][0]=name&filters[member][id][$eq]=${member.member.id}`).set(bearer(staffToken));
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.results.map((m: any) => m.federation?.name)).toEqual([w.federation.name]);
  });

  it('replaces a label an earlier version wrote (« Diffusion (national, federation, section) »), never one staff chose', async () => {
    const strapi = await bootStrapi();
    const contentTypes = strapi.plugin('content-manager').service('content-types');
    const DOCUMENT = 'api::document.document';
    const label = async () => {
      const res = await (await api()).get(`/content-manager/content-types/${DOCUMENT}/configuration`).set(bearer(superToken));
      return [res.body.data.contentType.metadatas.audience.edit.label, res.body.data.contentType.metadatas.audience.list.label];
    };
    expect(await label()).toEqual(['Diffusion', 'Diffusion']);
    const write = async (edit: string, list: string) => {
      const { uid: _uid, ...configuration } = await contentTypes.findConfiguration(strapi.contentTypes[DOCUMENT]);
      configuration.metadatas.audience.edit.label = edit;
      configuration.metadatas.audience.list.label = list;
      await contentTypes.updateConfiguration(strapi.contentTypes[DOCUMENT], configuration);
    };
    await write('Diffusion (national, federation, section)', 'Public visé');
    await applyFrenchLabels(strapi);
    expect(await label()).toEqual(['Diffusion', 'Public visé']);
    await write('Diffusion', 'Diffusion');
  });
});

describe('admin tokens (« Jetons d’administration »)', () => {
  it('are refused on the admin panel’s API (401, French): the Content Manager, the media library and the admin routes; nothing read, nothing changed', async () => {
    const strapi = await bootStrapi();
    const http = await api();
    const made = await http.post('/admin/admin-tokens').set(bearer(superToken)).send({ name: `jeton admin ${Date.now()}`, description: '', lifespan: null });
    expect(made.status, made.text).toBe(201);
    const key: string = made.body.data.accessKey;
    const refused = 'Les jetons d’administration ne sont pas acceptés : connectez-vous au panneau d’administration avec votre compte.';
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    expectError(await http.get('/content-manager/collection-types/plugin::membership.due').set(bearer(key)), 401, refused);
    expectError(await http.put(`/content-manager/collection-types/plugin::membership.member/${m.member.documentId}`).set(bearer(key)).send({ phone: '0600000000' }), 401, refused);
    expectError(await http.get('/upload/files').set(bearer(key)), 401, refused);
    expectError(await http.get('/admin/users/me').set(bearer(key)), 401, refused);
    const row = await strapi.db.query('plugin::membership.member').findOne({ where: { id: m.member.id } });
    expect(row.phone).not.toBe('0600000000');
    // The super admin's own session still works.
    expect((await http.get('/content-manager/collection-types/plugin::membership.member').set(bearer(superToken))).status).toBe(200);
  });
});

describe('what staff see of a member', () => {
  it('hides the login account (it would list every federation’s accounts)', async () => {
    const res = await (await api()).get(`${CM}/${MEMBER}/${w.member.member.documentId}`).set(bearer(staffToken));
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ membershipNumber: w.member.member.membershipNumber });
    expect(res.body.data).not.toHaveProperty('user');
  });
});

describe('media library', () => {
  const upload = async (token: string, name: string, type: string, content: string) =>
    (await api()).post('/upload').set(bearer(token)).attach('files', Buffer.from(content), { filename: name, contentType: type });

  it('refuses files a browser would run (HTML, SVG, scripts)', async () => {
    expect((await upload(staffToken, 'page.html', 'text/html', '<script>alert(1)</script>')).status).toBe(400);
    expect((await upload(staffToken, 'logo.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')).status).toBe(400);
  });

  it('shows staff their own uploads only (the library is shared by every federation)', async () => {
    const mine = await upload(staffToken, 'ordre-du-jour.txt', 'text/plain', 'Ordre du jour');
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    const theirs = await upload(superToken, 'confidentiel.txt', 'text/plain', 'Confidentiel');
    expect(theirs.status).toBe(201);
    const list = await (await api()).get('/upload/files?pageSize=100').set(bearer(staffToken));
    expect(list.status).toBe(200);
    const names = (list.body.results ?? list.body).map((f: any) => f.name);
    expect(names).toContain('ordre-du-jour.txt');
    expect(names).not.toContain('confidentiel.txt');
    const strapi = await bootStrapi();
    for (const file of [...mine.body, ...theirs.body]) await strapi.plugin('upload').service('upload').remove(file);
  });
});

describe('admin-panel edits keep the rules and leave a full trace', () => {
  it('refuses to clone another federation’s member, and a due (one per year)', async () => {
    const http = await api();
    const clone = await http.post(`${CM}/${MEMBER}/clone/${w.otherMember.member.documentId}`).set(bearer(staffToken)).send({ membershipNumber: `CL-${Date.now().toString(36).toUpperCase()}` });
    expectError(clone, 404);
    const strapi = await bootStrapi();
    const due = await strapi.db.query('plugin::membership.due').findOne({ where: { member: { id: w.member.member.id } } });
    expectError(await http.post(`${CM}/plugin::membership.due/clone/${due.documentId}`).set(bearer(staffToken)).send({}), 409);
  });

  it('refuses a clone that would move a document out of the federation', async () => {
    const http = await api();
    const own = await http.post(`${CM}/api::document.document`).set(bearer(staffToken)).send({
      title: 'À dupliquer', audience: 'federation', federation: { connect: [{ documentId: w.federation.documentId }] },
    });
    expect(own.status).toBe(201);
    const national = await http.post(`${CM}/api::document.document/clone/${own.body.data.documentId}`).set(bearer(staffToken)).send({
      audience: 'national', federation: { disconnect: [{ documentId: w.federation.documentId }] },
    });
    expectError(national, 403);
    const elsewhere = await http.post(`${CM}/api::document.document/clone/${own.body.data.documentId}`).set(bearer(staffToken)).send({
      federation: { connect: [{ documentId: w.other.documentId }] },
    });
    expectError(elsewhere, 403);
  });

  it('lets staff cancel a due, not rewrite it, and records before and after', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const target = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [thisYear()] });
    const due = await strapi.db.query('plugin::membership.due').findOne({ where: { member: { id: target.member.id } } });
    await http.put(`${CM}/plugin::membership.due/${due.documentId}`).set(bearer(staffToken)).send({ year: thisYear() - 5, amountCents: 0 });
    expect(await strapi.db.query('plugin::membership.due').findOne({ where: { id: due.id } })).toMatchObject({ year: thisYear(), amountCents: due.amountCents });
    expectError(await http.put(`${CM}/plugin::membership.due/${due.documentId}`).set(bearer(staffToken)).send({ cancelledOn: `${thisYear()}-02-01` }), 400, 'motif');
    const cancel = await http.put(`${CM}/plugin::membership.due/${due.documentId}`).set(bearer(staffToken)).send({ cancelledOn: `${thisYear()}-02-01`, cancelReason: 'Chèque sans provision' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expectError(await http.put(`${CM}/plugin::membership.due/${due.documentId}`).set(bearer(staffToken)).send({ cancelledOn: null }), 400, 'annulée le reste');
    const [entry] = await strapi.db.connection('audit_log').where({ subject_id: due.documentId, actor_kind: 'admin' }).orderBy('seq', 'desc');
    expect(JSON.parse(entry.details).changes).toMatchObject({ cancelReason: { before: null, after: 'Chèque sans provision' } });
  });
});

describe('the admin panel’s own doors answer staff in French', () => {
  it('sign-in, invitation and settings refusals read in French; « User not active » stays for the panel to read', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const email = `doors.${w.federation.departmentCode.toLowerCase()}@admin.test`;
    await adminToken(email, [await federationStaffRole(w.federation.departmentCode)]);
    const wrong = await http.post('/admin/login').send({ email, password: 'Pas-le-bon-mot-de-passe-1' });
    expect({ status: wrong.status, message: wrong.body.error?.message }).toEqual({ status: 400, message: 'Adresse e-mail ou mot de passe incorrect.' });
    const invitation = await http.get('/admin/registration-info?registrationToken=nimporte-quoi');
    expect({ status: invitation.status, message: invitation.body.error?.message }).toEqual({ status: 400, message: 'Invitation invalide ou déjà utilisée : demandez-en une nouvelle.' });
    const settings = await http.get('/admin/users').set(bearer(staffToken));
    expect({ status: settings.status, message: settings.body.error?.message }).toEqual({ status: 403, message: 'Votre rôle ne vous permet pas cette action.' });
    // Plugins' admin doors (users-permissions' settings, the content-type builder) too.
    for (const path of ['/users-permissions/roles', '/users-permissions/advanced', '/content-type-builder/content-types']) {
      const refused = await http.get(path).set(bearer(staffToken));
      expect({ path, status: refused.status, message: refused.body.error?.message }).toEqual({ path, status: 403, message: 'Votre rôle ne vous permet pas cette action.' });
    }
    // A door the panel no longer has answers in the envelope, in French (not Koa's bare text).
    const gone = await http.post('/admin/renew-token').set(bearer(staffToken));
    expect({ status: gone.status, type: gone.headers['content-type'], message: gone.body.error?.message }).toEqual({ status: 405, type: expect.stringMatching(/json/), message: 'Méthode non autorisée.' });
    // The panel's sign-in page recognises this one to show its own page.
    await strapi.db.query('admin::user').update({ where: { email }, data: { isActive: false } });
    const inactive = await http.post('/admin/login').send({ email, password: 'Admin-Passw0rd-de-test' });
    expect({ status: inactive.status, message: inactive.body.error?.message }).toEqual({ status: 400, message: 'User not active' });
  });
});

describe('Strapi’s guided tour data (every content type’s whole schema) is a super admin’s only', () => {
  it('answers federation staff what Strapi answers an admin who is not the first super admin, without the schemas (200, no tour: the panel asks it at every page, a 403 was noise); 401 anonymously; a super admin reads it', async () => {
    const http = await api();
    expectError(await http.get('/admin/guided-tour-meta'), 401);
    const staff = await http.get('/admin/guided-tour-meta').set(bearer(staffToken));
    expect({ status: staff.status, body: staff.body }).toEqual({ status: 200, body: { data: { isFirstSuperAdminUser: false, schemas: {} } } });
    expect(JSON.stringify(staff.body)).not.toContain(MEMBER);
    const national = await http.get('/admin/guided-tour-meta').set(bearer(superToken));
    expect(national.status).toBe(200);
    expect(Object.keys(national.body.data.schemas)).toContain(MEMBER);
    expect(typeof national.body.data.isFirstSuperAdminUser).toBe('boolean');
  });
});

describe('the admin panel’s anonymous doors check their input in French', () => {
  const SENT = 'valeur-envoyee-7f3a';
  const invalid = (...errors: [string[], string][]) => ({ errors: errors.map(([path, message]) => ({ path, message, name: 'ValidationError' })) });
  const PASSWORD_RULES: [string[], string][] = [
    [['password'], 'Mot de passe : 8 caractères au moins.'],
    [['password'], 'Mot de passe : une majuscule au moins.'],
    [['password'], 'Mot de passe : un chiffre au moins.'],
  ];
  // [method, path, body, name, message, details]: Strapi's yup messages, each field named in French.
  const cases: [string, string, object | undefined, string, string, object][] = [
    ['post', '/admin/forgot-password', { email: [SENT] }, 'ValidationError', 'Adresse e-mail : valeur invalide (texte attendu).', invalid([['email'], 'Adresse e-mail : valeur invalide (texte attendu).'])],
    ['post', '/admin/forgot-password', { email: 'equipe@exemple.fr', [SENT]: 1 }, 'ValidationError', 'Données invalides : champ non prévu.', invalid([[], 'Données invalides : champ non prévu.'])],
    ['post', '/admin/register', {}, 'ValidationError', 'Données invalides.', invalid([['registrationToken'], 'Jeton d’invitation : champ obligatoire.'], [['userInfo'], 'Informations du compte : champ obligatoire.'])],
    [
      'post', '/admin/register', { registrationToken: SENT, userInfo: { password: 'a', [SENT]: SENT } }, 'ValidationError', 'Données invalides.',
      invalid([['userInfo', 'firstname'], 'Prénom : champ obligatoire.'], ...PASSWORD_RULES.map(([, message]): [string[], string] => [['userInfo', 'password'], message]), [['userInfo'], 'Informations du compte : champ non prévu.']),
    ],
    ['post', '/admin/register', { registrationToken: SENT, userInfo: SENT }, 'ValidationError', 'Informations du compte : valeur invalide (objet attendu).', invalid([['userInfo'], 'Informations du compte : valeur invalide (objet attendu).'])],
    ['post', '/admin/reset-password', { resetPasswordToken: SENT, password: 'a' }, 'ValidationError', 'Données invalides.', invalid(...PASSWORD_RULES)],
    ['post', '/admin/reset-password', { resetPasswordToken: [SENT], password: `${SENT}-A1`.repeat(8) }, 'ValidationError', 'Données invalides.', invalid([['resetPasswordToken'], 'Jeton de réinitialisation : valeur invalide (texte attendu).'], [['password'], 'Mot de passe : trop long (72 octets au plus).'])],
    ['post', '/admin/login', { email: SENT }, 'ApplicationError', 'Adresse e-mail et mot de passe requis.', {}],
    ['post', '/admin/login', { email: 'equipe@exemple.fr', password: SENT, deviceId: SENT, rememberMe: SENT }, 'ValidationError', 'Données invalides.', invalid([['deviceId'], 'Identifiant de l’appareil : identifiant invalide.'], [['rememberMe'], 'Rester connecté : valeur invalide (vrai ou faux attendu).'])],
    ['get', '/admin/registration-info', undefined, 'ValidationError', 'Jeton d’invitation : champ obligatoire.', invalid([['registrationToken'], 'Jeton d’invitation : champ obligatoire.'])],
    ['post', '/admin/register-admin', {}, 'ValidationError', 'Données invalides.', invalid([['email'], 'L’adresse e-mail est obligatoire.'], [['firstname'], 'Prénom : champ obligatoire.'], [['password'], 'Le mot de passe est obligatoire.'])],
    // Accounts exist (this file's staff): Strapi's own refusal, in French.
    ['post', '/admin/register-admin', { email: 'premier@exemple.fr', firstname: 'Premier', password: 'Un-mot-de-passe-1' }, 'ApplicationError', 'Le premier compte d’administration existe déjà : demandez une invitation.', {}],
  ];

  it.each(cases)('%s %s (case %#)', async (method, path, body, name, message, details) => {
    const http = await api();
    const request = method === 'get' ? http.get(path) : http.post(path);
    const res = body === undefined ? await request : await request.send(body);
    expect(res.body, JSON.stringify(res.body)).toEqual({ data: null, error: { status: 400, name, message, details } });
    expect(JSON.stringify(res.body)).not.toContain(SENT);
  });
});

describe('the admin panel’s doors refuse characters the database cannot store', () => {
  it('answers NUL and half surrogate pairs 400 in French on the media library, the Content Manager and the anonymous doors, and the instance lives on', async () => {
    const http = await api();
    const nul = 'Le texte contient un caractère non autorisé (caractère nul).';
    // Folders other tests made whose names start with « a » (on SQLite, « A » too: LIKE ignores ASCII case).
    const aFolders = async () =>
      (await bootStrapi()).db.query('plugin::upload.folder').count({ where: { name: { $startsWith: 'a' }, path: { $notNull: true } } });
    const aBefore = await aFolders();
    // A folder named with a NUL ended the process on PostgreSQL (Strapi's name check let the driver's error escape).
    expectError(await http.post('/upload/folders').set(bearer(staffToken)).send({ name: 'a\u0000b', parent: null }), 400, `Données invalides. name : ${nul}`);
    expectError(await http.post('/upload/folders').set(bearer(staffToken)).set('Content-Type', 'application/json').send('{"name":"a\\ud800b","parent":null}'), 400, 'Données invalides. name : Texte mal encodé');
    // In a form's JSON field (the media library's file information).
    const upload = await http.post('/upload').set(bearer(staffToken)).field('fileInfo', JSON.stringify({ name: 'a\u0000b.txt' })).attach('files', Buffer.from('texte'), { filename: 'note.txt', contentType: 'text/plain' });
    expectError(upload, 400, `Données invalides. ${nul}`);
    for (const path of [
      '/content-manager/collection-types/plugin::membership.member?_q=%00',
      '/content-manager/collection-types/plugin::membership.member?filters[lastName][$eq]=a%00b',
      '/content-manager/relations/plugin::membership.due/member?_q=%00',
      '/upload/files?_q=%00',
      '/upload/folders?filters[name][$eq]=%00',
    ]) {
      expect(expectError(await http.get(path).set(bearer(staffToken)), 400, nul).message).toMatch(/^Paramètres invalides\. \S+ : /);
    }
    expectError(await http.get('/admin/registration-info?registrationToken=a%00'), 400, `Paramètres invalides. registrationToken : ${nul}`);
    expectError(await http.get('/content-manager/collection-types/plugin::membership.member/zz%00').set(bearer(staffToken)), 400, `Adresse refusée. ${nul}`);
    // Still serving, and the folder was not made.
    expect((await http.get('/_health')).status).toBe(204);
    expect(await aFolders()).toBe(aBefore);
  });
});

describe('the admin panel’s settings are audited', () => {
  it('records admin accounts created and changed (roles, active or not) and API tokens, never a secret', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const knex = strapi.db.connection;
    const email = `audite.${Date.now()}@admin.test`;
    const staffRole = await federationStaffRole(w.federation.departmentCode);
    const created = await http.post('/admin/users').set(bearer(superToken)).send({ email, firstname: 'Audité', lastname: 'Compte', roles: [staffRole] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.id;
    expect((await http.put(`/admin/users/${id}`).set(bearer(superToken)).send({ isActive: false, roles: [staffRole] })).status).toBe(200);
    const entries = await knex('audit_log').where({ subject_type: 'admin::user', subject_id: String(id) }).orderBy('seq');
    expect(entries.map((e: any) => e.action)).toEqual(['plugin::membership.admin-account.create', 'plugin::membership.admin-account.update']);
    const details = (e: any) => (typeof e.details === 'string' ? JSON.parse(e.details) : e.details);
    expect(details(entries[1])).toMatchObject({ via: 'admin-panel', values: { isActive: false, roles: [staffRole] } });
    expect(entries[1].actor_label).toContain(`super.${w.federation.departmentCode.toLowerCase()}@admin.test`);
    const token = await http.post('/admin/api-tokens').set(bearer(superToken)).send({ name: `jeton audité ${Date.now()}`, type: 'read-only', lifespan: null });
    expect(token.status, JSON.stringify(token.body)).toBe(201);
    const [tokenEntry] = await knex('audit_log').where({ subject_type: 'admin::api-token', subject_id: String(token.body.data.id) });
    expect(tokenEntry.action).toBe('plugin::membership.api-token.create');
    expect(JSON.stringify(tokenEntry)).not.toContain(token.body.data.accessKey);
    await http.delete(`/admin/api-tokens/${token.body.data.id}`).set(bearer(superToken));
    await http.delete(`/admin/users/${id}`).set(bearer(superToken));
  });
});
