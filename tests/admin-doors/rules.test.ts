import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../support/strapi';
import { createMember, createWorld, thisYear, type TestMember, type World } from '../support/factories';
import { bearer, expectError } from '../support/expect';
import { adminToken, federationStaffRole, superAdminRole } from '../support/admin';
import { createCourse } from '../../plugins/training/tests/support/courses';
import { todayInParis } from '@intranet-militant/shared';

/**
 * Issue 23, item 1: one set of rules for every door. A federation staff member's Content
 * Manager write runs the same rule checks as the API for the same change: rank, own
 * standing, status only through its command, own dues, dates. Written as a property: every
 * content type staff can edit and every field they may write is listed and checked.
 */
let w: World;
let staff: string;
let staffEmail: string;
let nationalProfile: TestMember;
let nationalAdminEmail: string;
let otherStaff: TestMember;
const CM = '/content-manager/collection-types';
const MEMBER = 'plugin::membership.member';
const DUE = 'plugin::membership.due';
const NATIONAL_PASSWORD = 'Admin-Passw0rd-de-test';

beforeAll(async () => {
  w = await createWorld();
  // The staff member's admin account has the address of their intranet account: w.staff is their profile.
  staffEmail = w.staff.user.email;
  staff = await adminToken(staffEmail, [await federationStaffRole(w.federation.departmentCode)]);
  // A national admin who is also a member of this federation, with a super admin account.
  nationalProfile = await createMember({ federation: w.federation, section: w.sectionA, role: 'national-admin' });
  nationalAdminEmail = nationalProfile.user.email;
  await adminToken(nationalAdminEmail, [await superAdminRole()]);
  otherStaff = await createMember({ federation: w.federation, section: w.sectionB, role: 'federation-staff' });
});

const put = async (uid: string, documentId: string, body: Record<string, unknown>) =>
  (await api()).put(`${CM}/${uid}/${documentId}`).set(bearer(staff)).send(body);

describe('the critical example: staff cannot exclude a national admin', () => {
  it('refuses the exclusion and leaves the admin’s accounts active', async () => {
    const res = await put(MEMBER, nationalProfile.member.documentId, { membershipStatus: 'excluded', statusReason: 'Exclu par le panneau' });
    expectError(res, 403);
    const strapi = await bootStrapi();
    const member = await strapi.db.query(MEMBER).findOne({ where: { id: nationalProfile.member.id } });
    expect(member.membershipStatus).toBe('active');
    const account = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: nationalProfile.user.id } });
    expect(account.blocked).toBeFalsy();
    const admin = await strapi.db.query('admin::user').findOne({ where: { email: nationalAdminEmail } });
    expect(admin.isActive).toBe(true);
    const login = await (await api()).post('/admin/login').send({ email: nationalAdminEmail, password: NATIONAL_PASSWORD });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
  });

  it('refuses any change to someone of the staff member’s rank or above, even a name', async () => {
    expectError(await put(MEMBER, nationalProfile.member.documentId, { firstName: 'Renommé' }), 403, 'responsabilité');
    expectError(await put(MEMBER, otherStaff.member.documentId, { membershipStatus: 'suspended', statusReason: 'x', suspendedUntil: `${thisYear() + 1}-01-01` }), 403);
    expectError(await put(MEMBER, otherStaff.member.documentId, { lastName: 'Renommé' }), 403, 'responsabilité');
    const strapi = await bootStrapi();
    expect((await strapi.db.query(MEMBER).findOne({ where: { id: otherStaff.member.id } })).membershipStatus).toBe('active');
  });

  it('refuses a status change on an ordinary member too, pointing to the status command', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    expectError(await put(MEMBER, target.member.documentId, { membershipStatus: 'suspended', statusReason: 'Retard' }), 403, 'panneau « Statut d’adhésion »');
    // The panel sends read-only fields back unchanged with the rest of the form: that passes.
    const form = await put(MEMBER, target.member.documentId, { firstName: 'Formulaire', membershipStatus: 'active', statusReason: null });
    expect(form.status, JSON.stringify(form.body)).toBe(200);
  });
});

/** What the API allows for a change of one field of a member, by who the member is to the staff member. */
type Target = 'ordinary' | 'own' | 'outranked';
const SELF_EDITABLE = ['firstName', 'lastName', 'phone'];
const STATUS_FIELDS = ['membershipStatus', 'statusReason', 'statusChangedOn', 'suspendedUntil', 'leftOn', 'erasedOn', 'erasureRequestedOn'];
/** The member's own consent-based data: only they set it (`PUT /api/membership/me/socio-professional`). */
const MEMBER_ONLY = ['socioProfessionalCategory', 'socioProfessionalConsentedAt', 'socioProfessionalConsentVersion'];
function apiAllows(field: string, target: Target): boolean {
  if (target === 'outranked') return false; // assertOutranks
  if (STATUS_FIELDS.includes(field)) return false; // changeMemberStatus only
  if (MEMBER_ONLY.includes(field)) return false; // the member's consent, never staff's
  if (field === 'federation') return false; // a transfer is national (member.transfer)
  if (target === 'own') return SELF_EDITABLE.includes(field); // updateMember's own-standing rule
  return true;
}

/** A new value for each field of a member, and how to read it back. */
function changeOf(field: string, n: number): { body: unknown; expected: unknown } {
  const date = `20${10 + (n % 10)}-0${1 + (n % 8)}-1${n % 9}`;
  switch (field) {
    case 'membershipNumber': return { body: `EN-${n}-${Date.now().toString(36).toUpperCase().slice(-6)}`, expected: null };
    case 'firstName': case 'lastName': return { body: `Énuméré${n}`, expected: null };
    case 'phone': return { body: `06000000${String(n).padStart(2, '0')}`, expected: null };
    case 'joinedOn': case 'statusChangedOn': case 'leftOn': case 'erasedOn': case 'erasureRequestedOn': return { body: date, expected: null };
    case 'suspendedUntil': return { body: `${thisYear() + 1}-06-01`, expected: null };
    case 'membershipStatus': return { body: 'suspended', expected: null };
    case 'statusReason': return { body: `Motif ${n}`, expected: null };
    case 'sex': return { body: n % 2 ? 'F' : 'M', expected: null };
    case 'birthYear': return { body: 1950 + n, expected: null };
    case 'socioProfessionalCategory': return { body: 'cadres', expected: null };
    case 'socioProfessionalConsentedAt': return { body: new Date().toISOString(), expected: null };
    case 'socioProfessionalConsentVersion': return { body: 'forgé', expected: null };
    case 'federation': return { body: { connect: [{ documentId: w.other.documentId }] }, expected: w.other.id };
    case 'section': return { body: { connect: [{ documentId: w.sectionB.documentId }] }, expected: w.sectionB.id };
    default: throw new Error(`No value for the member field ${field}: add one (and its API rule) to the enumeration.`);
  }
}

async function readBack(memberId: number, field: string): Promise<unknown> {
  const strapi = await bootStrapi();
  const row = await strapi.db.query(MEMBER).findOne({ where: { id: memberId }, populate: ['federation', 'section'] });
  return field === 'federation' || field === 'section' ? row[field]?.id ?? null : row[field];
}

describe('enumeration: every content type and field staff may write, against the API’s rule', () => {
  it('lists the staff-editable types and their writable fields, and each has a rule', async () => {
    const strapi = await bootStrapi();
    const scope = strapi.plugin('membership').service('admin-scope') as any;
    const editable = (scope.scopedTypes() as any[]).filter((t) => t.actions.includes('create') || t.actions.includes('update'));
    // Content types staff write, and the rule family the API applies to each (beyond the federation scope,
    // which every write meets: tests/admin-panel.test.ts, tests/admin-doors/fuzz.test.ts).
    const RULES: Record<string, string> = {
      [MEMBER]: 'member rules (rank, own standing, status command, transfer): enumerated below',
      [DUE]: 'due rules (own dues, excluded member, dates): enumerated below',
      'plugin::membership.section': 'scope only (the API’s save-section: federation staff in their federation)',
      'plugin::modules.federation-module': 'the switch only',
      'api::document.document': 'scope and audience; attachments: media rules (media.test.ts)',
      'api::article.article': 'scope and audience; media rules',
      'plugin::training.course': 'scope; relations (modules, prerequisites) within scope: relations.test.ts',
      'plugin::training.course-module': 'scope; its course within scope',
      'plugin::training.lesson': 'scope; its module within scope',
      'plugin::training.quiz': 'scope; its module within scope',
      'plugin::consultations.consultation': 'scope; phase and results hidden (the API’s phase commands)',
      'plugin::bodies.body': 'scope; level and place fixed once created; secretariat within scope (plugins/bodies/server/src/integrity.ts)',
      'plugin::bodies.seat': 'scope; member in the body’s scope, no overlap (409), only ended: plugins/bodies/tests/admin-panel.test.ts',
      'plugin::bodies.meeting': 'scope; changes while planned, convenes as the API: plugins/bodies/tests/admin-panel.test.ts',
      'plugin::mandates.mandate': 'scope through the member; territory code, dates, no overlap (409), only ended: plugins/mandates/tests/admin-panel.test.ts',
    };
    for (const type of editable) expect(RULES, `no rule declared for ${type.uid}`).toHaveProperty([type.uid]);

    const roleId = await federationStaffRole(w.federation.departmentCode);
    const permissions = await strapi.db.query('admin::permission').findMany({ where: { role: { id: roleId } } });
    const fieldsOf = (uid: string, action: string) =>
      (permissions.find((p: any) => p.subject === uid && p.action === `plugin::content-manager.explorer.${action}`)?.properties?.fields ?? []) as string[];
    // A member's status is read-only in the panel; the account is never reachable.
    // (`erasureClosedAdmins`: the admin accounts a pending erasure request closed, internal.)
    for (const field of [...STATUS_FIELDS, ...MEMBER_ONLY, 'user', 'erasureClosedAdmins']) {
      expect(fieldsOf(MEMBER, 'update')).not.toContain(field);
      expect(fieldsOf(MEMBER, 'create')).not.toContain(field);
    }
    expect(fieldsOf(DUE, 'update').sort()).toEqual(['cancelReason', 'cancelledOn', 'reference']);
    // Every field staff may write of a member has its API rule in `apiAllows` (and a value in `changeOf`).
    for (const field of fieldsOf(MEMBER, 'update')) expect(() => changeOf(field, 0)).not.toThrow();
  });

  it('each member field: allowed exactly when the API allows the same change (ordinary member, own profile, someone outranking)', async () => {
    const strapi = await bootStrapi();
    const attributes = Object.entries(strapi.contentTypes[MEMBER as any].attributes as Record<string, any>)
      .filter(([name]) => !['user', 'dues', 'federationCode', 'erasureClosedAdmins', 'displayName', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name))
      .map(([name]) => name);
    let attempts = 0;
    let refusals = 0;
    let n = 0;
    for (const field of attributes) {
      for (const target of ['ordinary', 'own', 'outranked'] as Target[]) {
        const subject = target === 'ordinary' ? (await createMember({ federation: w.federation, section: w.sectionA })) : target === 'own' ? w.staff : otherStaff;
        const change = changeOf(field, ++n);
        const before = await readBack(subject.member.id, field);
        const body: Record<string, unknown> = { [field]: change.body };
        const res = await put(MEMBER, subject.member.documentId, body);
        const after = await readBack(subject.member.id, field);
        const changed = JSON.stringify(after) !== JSON.stringify(before);
        attempts++;
        const label = `${field} on ${target}: ${res.status} ${JSON.stringify(res.body?.error?.message ?? '')}`;
        if (apiAllows(field, target)) {
          expect(res.status, label).toBe(200);
          expect(changed, label).toBe(true);
        } else {
          refusals++;
          expect(res.status, label).toBeGreaterThanOrEqual(400);
          expect(res.status, label).toBeLessThan(500);
          expect(changed, label).toBe(false);
        }
      }
    }
    console.log(`member fields × targets: ${attempts} attempts, ${refusals} refused as the API refuses`);
    expect(attempts).toBeGreaterThanOrEqual(30);
  });

  it('each relation field staff may write, of every type: an entry of another federation is refused (the API’s scope), looking absent but for public federations', async () => {
    const strapi = await bootStrapi();
    const scope = strapi.plugin('membership').service('admin-scope') as any;
    // Entries of both federations for every type: a course (modules, lessons, quizzes), a document, an article, a consultation.
    await createCourse({ federation: w.federation, title: 'Formation d’ici', publish: false });
    await createCourse({ federation: w.other, title: 'Formation d’ailleurs', publish: false });
    for (const federation of [w.federation, w.other]) {
      for (const uid of ['api::document.document', 'api::article.article']) {
        const attributes = strapi.contentTypes[uid as any].attributes as Record<string, any>;
        const data: Record<string, unknown> = { title: `Énumération ${federation.departmentCode}`, audience: 'federation', federation: federation.id };
        if (attributes.slug) data.slug = `enumeration-${federation.departmentCode}-${Date.now()}`;
        if (attributes.body?.type === 'richtext' || attributes.body?.type === 'text') data.body = 'Texte';
        await strapi.documents(uid as any).create({ data: data as any });
      }
    }
    // A body in each federation (the bodies types staff write: their relation fields need fixtures on both sides).
    for (const [federation, token] of [[w.federation, w.staff.token], [w.other, w.otherStaff.token]] as const) {
      const created = await (await api()).post('/api/bodies/bodies').set(bearer(token)).send({ name: `Bureau ${federation.departmentCode}`, level: 'federation', kind: 'bureau', federation: federation.documentId, seatCount: 5 });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    await strapi.plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
    const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    await (await api()).post('/api/consultations').set(bearer(w.staff.token)).send({
      title: 'Consultation énumérée', audience: 'federation', opensAt: at(1), synthesisSize: 1,
      phases: { contribution: { endsAt: at(2) }, analysis: { endsAt: at(3) }, evaluation: { endsAt: at(4) }, vote: { endsAt: at(5) } },
    });

    // A mandate of this federation (its relation fields, the employer among them, need one).
    await strapi.plugin('modules').service('switches').set(w.federation.id, 'mandates', true);
    const mandate = await (await api()).post('/api/mandates/mandates').set(bearer(w.staff.token)).send({
      member: w.member.member.documentId, category: 'collaborateur-parlementaire', territoryCode: w.federation.departmentCode, startOn: '2024-09-01',
    });
    expect(mandate.status, JSON.stringify(mandate.body)).toBe(201);

    const roleId = await federationStaffRole(w.federation.departmentCode);
    const permissions = await strapi.db.query('admin::permission').findMany({ where: { role: { id: roleId } } });
    const codeOf = (f: { departmentCode: string }) => f.departmentCode;
    const entryOf = async (uid: string, federation: { departmentCode: string }) => {
      const path = scope.scopedType(uid)?.path as string;
      const column = path.includes('.') ? 'federationCode' : path;
      return strapi.db.query(uid as any).findOne({ where: { [column]: codeOf(federation) }, orderBy: { id: 'desc' } });
    };
    let attempts = 0;
    const missing: string[] = [];
    for (const type of scope.scopedTypes() as any[]) {
      if (!type.actions.includes('update') || !type.path) continue;
      const fields = (permissions.find((p: any) => p.subject === type.uid && p.action === 'plugin::content-manager.explorer.update')?.properties?.fields ?? []) as string[];
      const attributes = strapi.contentTypes[type.uid as any].attributes as Record<string, any>;
      for (const field of [...new Set(fields.map((f) => f.split('.')[0]))]) {
        const attribute = attributes[field];
        if (attribute?.type !== 'relation' || !scope.scopedType(attribute.target)?.path) continue;
        const own = await entryOf(type.uid, w.federation);
        const foreign = await entryOf(attribute.target, w.other);
        if (!own || !foreign) { missing.push(`${type.uid}.${field}`); continue; }
        const res = await put(type.uid, own.documentId, { [field]: { connect: [{ documentId: foreign.documentId }] } });
        attempts++;
        const label = `${type.uid}.${field} → ${attribute.target}: ${JSON.stringify(res.body)}`;
        if (attribute.target === 'plugin::membership.federation') {
          // Federations are public (every member lists them): another one is refused as such.
          expect(res.status, label).toBe(403);
        } else {
          // Any other entry of another federation answers as an entry that does not exist.
          const unknown = await put(type.uid, own.documentId, { [field]: { connect: [{ documentId: 'zzzzzzzzzzzzzzzzzzzzzzzz' }] } });
          expect(res.status, label).toBe(400);
          expect({ status: res.status, body: res.body }, label).toEqual({ status: unknown.status, body: unknown.body });
        }
        const after = await strapi.db.query(type.uid as any).findOne({ where: { id: own.id }, populate: [field] });
        const linked = [after[field]].flat().filter(Boolean).map((e: any) => e.documentId);
        expect(linked, `${type.uid}.${field}`).not.toContain(foreign.documentId);
      }
    }
    console.log(`relation fields × another federation’s entry: ${attempts} attempts, all refused; no fixture for: ${missing.join(', ') || 'none'}`);
    expect(missing).toEqual([]);
    expect(attempts).toBeGreaterThanOrEqual(10);
  });

  it('dues: staff never record their own, nor an excluded member’s; a cancellation date in the future is refused', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const year = thisYear() + 1;
    const record = (memberDocumentId: string) =>
      http.post(`${CM}/${DUE}`).set(bearer(staff)).send({
        year, amountCents: 3000, paidOn: `${thisYear()}-01-10`, method: 'cheque', member: { connect: [{ documentId: memberDocumentId }] },
      });
    expectError(await record(w.staff.member.documentId), 403, 'propre cotisation');
    expect(await strapi.db.query(DUE).count({ where: { member: { id: w.staff.member.id }, year } })).toBe(0);
    const excluded = await createMember({ federation: w.federation, section: w.sectionA, status: 'excluded' });
    expectError(await record(excluded.member.documentId), 409, 'exclu');
    const ordinary = await createMember({ federation: w.federation, section: w.sectionA });
    const ok = await record(ordinary.member.documentId);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);

    const future = `${thisYear() + 1}-12-31`;
    expectError(await put(DUE, ok.body.data.documentId, { cancelledOn: future, cancelReason: 'Plus tard' }), 400, 'futur');
    expect((await strapi.db.query(DUE).findOne({ where: { documentId: ok.body.data.documentId } })).cancelledOn).toBeNull();
    // A past (or today's) cancellation with its reason passes, as the API's cancelDue.
    const today = todayInParis();
    const cancel = await put(DUE, ok.body.data.documentId, { cancelledOn: today, cancelReason: 'Erreur de saisie' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
  });

  it('dues: a due moved to another member (an update of its member) meets the same rule: not to oneself, not to an excluded member (national admins; staff do not move dues)', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const login = await http.post('/admin/login').send({ email: nationalAdminEmail, password: NATIONAL_PASSWORD });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const national = login.body.data.token as string;
    const excluded = await createMember({ federation: w.federation, section: w.sectionA, status: 'excluded' });
    const payer = await createMember({ federation: w.federation, section: w.sectionA, joinedOn: `${thisYear() - 5}-01-15`, paidYears: [thisYear() - 4] }); // a year nobody else paid: no unique conflict
    const due = await strapi.db.query(DUE).findOne({ where: { member: { id: payer.member.id } } });
    const move = (token: string, memberDocumentId: string) =>
      http.put(`${CM}/${DUE}/${due.documentId}`).set(bearer(token)).send({ member: { connect: [{ documentId: memberDocumentId }] } });
    const memberOfDue = async () => (await strapi.db.query(DUE).findOne({ where: { id: due.id }, populate: ['member'] })).member.id;
    expectError(await move(national, nationalProfile.member.documentId), 403, 'propre cotisation');
    expectError(await move(national, excluded.member.documentId), 409, 'exclu');
    expect(await memberOfDue()).toBe(payer.member.id);
    // (Staff's panel role does not write a due's member at all: their attempts leave it where it is.)
    for (const target of [w.staff.member.documentId, excluded.member.documentId]) {
      await move(staff, target);
      expect(await memberOfDue()).toBe(payer.member.id);
    }
    // An update that leaves the due where it is stays possible (a reference corrected).
    const kept = await http.put(`${CM}/${DUE}/${due.documentId}`).set(bearer(national)).send({ reference: 'CHQ-0042' });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
  });
});

describe('own profile (the member whose account has the admin’s address)', () => {
  it('refuses one’s own number, join date, section and status; allows one’s name', async () => {
    const own = w.staff.member.documentId;
    expectError(await put(MEMBER, own, { membershipNumber: 'SELF-001' }), 403, 'vous-même');
    expectError(await put(MEMBER, own, { joinedOn: '2001-01-01' }), 403, 'vous-même');
    expectError(await put(MEMBER, own, { section: { connect: [{ documentId: w.sectionB.documentId }] } }), 403, 'vous-même');
    expectError(await put(MEMBER, own, { membershipStatus: 'suspended', statusReason: 'x' }), 403);
    const name = await put(MEMBER, own, { firstName: 'Moi-même' });
    expect(name.status, JSON.stringify(name.body)).toBe(200);
    const strapi = await bootStrapi();
    const row = await strapi.db.query(MEMBER).findOne({ where: { id: w.staff.member.id }, populate: ['section'] });
    expect(row).toMatchObject({ membershipNumber: w.staff.member.membershipNumber, joinedOn: w.staff.member.joinedOn, firstName: 'Moi-même' });
    expect(row.section.id).toBe(w.sectionA.id);
  });
});

describe('names that show nothing', () => {
  it('are refused through the panel as through the API, and the entry keeps its name', async () => {
    const strapi = await bootStrapi();
    const target = w.member.member;
    const before = await strapi.db.query(MEMBER).findOne({ where: { id: target.id } });
    for (const blank of ['', '   ', ' \u200b\u00ad ', '\u3164']) {
      const first = await put(MEMBER, target.documentId, { firstName: blank });
      expect(first.status, JSON.stringify(first.body)).toBe(400);
      expect(first.body.error.message).toMatch(/prénom|firstName/i);
      expectError(await put(MEMBER, target.documentId, { lastName: blank }), 400);
    }
    expectError(await put(MEMBER, target.documentId, { firstName: ' \u200b ' }), 400, 'Le prénom est obligatoire.');
    expectError(await put(MEMBER, target.documentId, { lastName: '\u3164' }), 400, 'Le nom est obligatoire.');
    const after = await strapi.db.query(MEMBER).findOne({ where: { id: target.id } });
    expect({ firstName: after.firstName, lastName: after.lastName }).toEqual({ firstName: before.firstName, lastName: before.lastName });
    const section = await put('plugin::membership.section', w.sectionB.documentId, { name: '\u200b' });
    expectError(section, 400, 'Le nom de la section est obligatoire.');
    expect((await strapi.db.query('plugin::membership.section').findOne({ where: { id: w.sectionB.id } })).name).toBe(w.sectionB.name);
  });

  it('are answered without echoing what was sent, however long', async () => {
    const long = 'Jean-'.repeat(20_000);
    const res = await put(MEMBER, w.member.member.documentId, { firstName: long });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('Jean-Jean-');
    expect(JSON.stringify(res.body).length).toBeLessThan(2_000);
    // Strapi's own check, in French, still on its field for the panel's form.
    expect(res.body.error.message).toBe('Prénom : 80 caractères au plus.');
    expect(res.body.error.details.errors).toEqual([{ path: ['firstName'], message: 'Prénom : 80 caractères au plus.', name: 'ValidationError' }]);
  });

  it('name a day that does not exist, a number that is not an integer and an unknown status in French', async () => {
    const date = await put(MEMBER, w.member.member.documentId, { joinedOn: '2026-02-30' });
    expect({ status: date.status, message: date.body.error?.message }).toEqual({ status: 400, message: 'Date invalide : une date qui existe est attendue (AAAA-MM-JJ).' });
    // As typed (JSON reads 1e400 as a number too large for any column).
    const year = await (await api()).put(`${CM}/${MEMBER}/${w.member.member.documentId}`).set(bearer(staff)).set('Content-Type', 'application/json').send('{"birthYear":1e400}');
    expect(year.status).toBe(400);
    expect(JSON.stringify(year.body)).not.toMatch(/must be|Invalid/);
    const status = await (await api()).get(`/content-manager/collection-types/${MEMBER}?page=1&pageSize=10&status=weird`).set(bearer(staff));
    expect({ status: status.status, message: status.body.error?.message }).toEqual({ status: 400, message: 'Statut inconnu : draft (brouillon) ou published (publié).' });
  });
});
