import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import type {} from '../server/src/public';
import type {} from '../../modules/server/src/public';
import { getService, onEvent, todayInParis, type Actor, type IntranetEvents } from '@intranet-militant/shared';
import { bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, thisYear, type World } from '../../../tests/support/factories';

/**
 * Each membership command run directly (no HTTP) against the run's database, with actors
 * built as the `authorize` policy builds them: allowed (the change, its audit entry, its
 * explicit effects), refused, conflict.
 *
 * The commands are loaded from the built plugin with Node's require, the very modules the
 * running Strapi uses (the integrity middleware and the commands share their state).
 */
const load = createRequire(__filename);
const command = <M>(file: string): M => load(`../dist/server/commands/${file}.js`) as M;
const { createFederation } = command<typeof import('../server/src/commands/create-federation')>('create-federation');
const { updateFederation } = command<typeof import('../server/src/commands/update-federation')>('update-federation');
const { createSection, renameSection } = command<typeof import('../server/src/commands/save-section')>('save-section');
const { createMember: registerMember } = command<typeof import('../server/src/commands/create-member')>('create-member');
const { updateMember } = command<typeof import('../server/src/commands/update-member')>('update-member');
const { changeMemberStatus } = command<typeof import('../server/src/commands/change-member-status')>('change-member-status');
const { changeMemberRole } = command<typeof import('../server/src/commands/change-member-role')>('change-member-role');
const { recordDue, cancelDue } = command<typeof import('../server/src/commands/record-due')>('record-due');
const { recordDeparture } = command<typeof import('../server/src/commands/record-departure')>('record-departure');
const { eraseMember } = command<typeof import('../server/src/commands/erase-member')>('erase-member');

const USER_UID = 'plugin::users-permissions.user';
const MEMBER_UID = 'plugin::membership.member';

let strapi: Core.Strapi;
let w: World;
let staff: Actor;
let secretary: Actor;
let commission: Actor;
let otherStaff: Actor;
let national: Actor;
/** The events these tests listen to (onEvent below), as received. */
type Heard = 'membership.member.joined' | 'membership.federation.created' | 'membership.member.status-changed';
const events: { [E in Heard]: IntranetEvents[E][] } = {
  'membership.member.joined': [],
  'membership.federation.created': [],
  'membership.member.status-changed': [],
};

const actorOf = (userId: number) => getService(strapi, 'membership', 'actors').forUserId(userId);
const lastAudit = async (subjectId: string) => (await auditEntriesFor(subjectId))[0];
const accountOf = (userId: number) => strapi.db.query(USER_UID).findOne({ where: { id: userId }, populate: { role: { select: ['type'] } } });
const unique = () => Math.random().toString(36).slice(2, 8).toUpperCase();

/** A department code no federation of this run has (factories take them from 01 upwards). */
async function freeDepartmentCode(): Promise<string> {
  for (const code of ['976', '975', '974', '973', '972', '971']) {
    if (!(await getService(strapi, 'membership', 'directory').listFederations()).some((f: { departmentCode: string }) => f.departmentCode === code)) return code;
  }
  throw new Error('No free department code left for the command tests.');
}

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  [staff, secretary, commission, otherStaff, national] = await Promise.all(
    [w.staff, w.secretary, w.commission, w.otherStaff, w.national].map((who) => actorOf(who.user.id))
  );
  onEvent(strapi, 'membership.member.joined', (payload) => void events['membership.member.joined'].push(payload));
  onEvent(strapi, 'membership.federation.created', (payload) => void events['membership.federation.created'].push(payload));
  onEvent(strapi, 'membership.member.status-changed', (payload) => void events['membership.member.status-changed'].push(payload));
});

describe('actors.forUserId', () => {
  it('builds the actor the authorize policy builds for a request', async () => {
    expect(staff).toMatchObject({ userId: w.staff.user.id, role: 'federation-staff', federationId: w.federation.id, memberId: w.staff.member.id, status: 'active' });
    expect(national).toMatchObject({ role: 'national-admin', memberId: null, federationId: null });
    // An account without a member profile is named by its role, never « compte 12 » (the audit journal shows this label).
    expect(national.label).toBe(`Administration nationale <${w.national.user.email}>`);
    expect(national.name).toBe('Administration nationale');
    expect(staff.label).toBe(`${w.staff.member.firstName} ${w.staff.member.lastName} <${w.staff.user.email}> (Équipe fédérale)`);
    await expect(actorOf(999_999)).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});

describe('create-federation', () => {
  it('creates it, audits it and announces it (its module switches follow)', async () => {
    const departmentCode = await freeDepartmentCode();
    const federation = await createFederation(strapi, national, { name: `Fédération commande ${departmentCode}`, departmentCode });
    expect(federation).toMatchObject({ id: expect.any(Number), departmentCode });
    expect(await lastAudit(federation.documentId)).toMatchObject({ action: 'plugin::membership.federation.create', federation_id: federation.id, actor_label: `Administration nationale <${w.national.user.email}>` });
    expect(events['membership.federation.created'].filter((e) => e.federationId === federation.id)).toHaveLength(1);
    const states = await getService(strapi, 'modules', 'switches').statesOf(federation.id);
    const rows = await strapi.db.query('plugin::modules.federation-module').count({ where: { federation: { id: federation.id } } });
    expect(rows).toBe(states.length);
  });

  it('refuses anyone but a national admin', async () => {
    await expect(createFederation(strapi, staff, { name: 'Refusée', departmentCode: '99' })).rejects.toMatchObject({ name: 'ForbiddenError' });
  });

  it('answers 409 for a department or a name that already has its federation', async () => {
    await expect(createFederation(strapi, national, { name: `Autre ${unique()}`, departmentCode: w.federation.departmentCode })).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('a déjà sa fédération'),
    });
    await expect(createFederation(strapi, national, { name: w.other.name, departmentCode: await freeDepartmentCode() })).rejects.toMatchObject({
      name: 'ConflictError',
    });
  });
});

describe('update-federation', () => {
  it('renames it, audits it, and its staff role follows', async () => {
    const departmentCode = await freeDepartmentCode();
    const federation = await createFederation(strapi, national, { name: `À renommer ${departmentCode}`, departmentCode });
    const renamed = await updateFederation(strapi, national, federation.documentId, { name: `Renommée ${departmentCode}` });
    expect(renamed.name).toBe(`Renommée ${departmentCode}`);
    expect(await lastAudit(federation.documentId)).toMatchObject({ action: 'plugin::membership.federation.update' });
    const role = await strapi.db.query('admin::role').findOne({ where: { code: `intranet-federation-${departmentCode}` } });
    expect(role.name).toContain(`Renommée ${departmentCode}`);
  });

  it('refuses federation staff (403), unknown federations (404), taken names (409)', async () => {
    await expect(updateFederation(strapi, staff, w.federation.documentId, { name: 'Non' })).rejects.toMatchObject({ name: 'ForbiddenError' });
    await expect(updateFederation(strapi, national, 'inconnue', { name: 'Non' })).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(updateFederation(strapi, national, w.federation.documentId, { name: w.other.name })).rejects.toMatchObject({ name: 'ConflictError' });
  });
});

describe('save-section', () => {
  it('creates and renames a section of the staff member’s federation, audited', async () => {
    const section = await createSection(strapi, staff, w.federation.documentId, { name: `Section ${unique()}` });
    expect(section.federation?.id).toBe(w.federation.id);
    expect(await lastAudit(section.documentId)).toMatchObject({ action: 'plugin::membership.section.create', federation_id: w.federation.id });
    const renamed = await renameSection(strapi, staff, section.documentId, { name: `Renommée ${unique()}` });
    expect(renamed.name).toMatch(/^Renommée/);
    expect(await lastAudit(section.documentId)).toMatchObject({ action: 'plugin::membership.section.update' });
  });

  it('refuses another federation’s staff and secretaries (403)', async () => {
    await expect(createSection(strapi, otherStaff, w.federation.documentId, { name: 'Intruse' })).rejects.toMatchObject({ name: 'ForbiddenError' });
    await expect(renameSection(strapi, secretary, w.sectionA.documentId, { name: 'Intruse' })).rejects.toMatchObject({ name: 'ForbiddenError' });
  });

  it('answers 409 for a name the federation already has (whatever the case)', async () => {
    await expect(createSection(strapi, staff, w.federation.documentId, { name: 'section a' })).rejects.toMatchObject({ name: 'ConflictError' });
    await expect(renameSection(strapi, staff, w.sectionB.documentId, { name: 'Section A' })).rejects.toMatchObject({ name: 'ConflictError' });
  });
});

describe('create-member', () => {
  const input = (over: Record<string, unknown> = {}) => ({
    firstName: 'Inès',
    lastName: 'Commande',
    email: `ines.${unique().toLowerCase()}@exemple.fr`,
    membershipNumber: `C-${unique()}`,
    section: w.sectionA.documentId,
    joinedOn: '2024-02-01',
    role: 'member' as const,
    ...over,
  });

  it('registers account and profile, audits it and announces MEMBER_JOINED', async () => {
    const member = await registerMember(strapi, secretary, input());
    expect(member).toMatchObject({ membershipStatus: 'active', federation: { id: w.federation.id }, section: { id: w.sectionA.id } });
    expect(member.user).toMatchObject({ blocked: false, role: { type: 'member' } });
    expect(await lastAudit(member.documentId)).toMatchObject({ action: 'plugin::membership.member.create', federation_id: w.federation.id });
    expect(events['membership.member.joined'].filter((e) => e.memberId === member.id)).toHaveLength(1);
  });

  it('refuses a secretary outside their section and roles they may not give (403)', async () => {
    await expect(registerMember(strapi, secretary, input({ section: w.sectionB.documentId }))).rejects.toMatchObject({
      name: 'ForbiddenError',
      message: 'Vous n’inscrivez des adhérents que dans votre section.',
    });
    await expect(registerMember(strapi, staff, input({ role: 'federation-staff' }))).rejects.toMatchObject({ name: 'ForbiddenError' });
  });

  it('answers 409 for a number or an email already taken, and leaves nothing behind', async () => {
    const before = await strapi.db.query(USER_UID).count();
    await expect(registerMember(strapi, staff, input({ membershipNumber: w.member.member.membershipNumber }))).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('déjà attribué'),
    });
    await expect(registerMember(strapi, staff, input({ email: w.member.user.email.toUpperCase() }))).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('Un compte utilise déjà'),
    });
    expect(await strapi.db.query(USER_UID).count()).toBe(before);
  });
});

describe('update-member', () => {
  it('edits a profile in scope, audited', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const updated = await updateMember(strapi, secretary, target.member.documentId, { phone: '04 66 00 00 00' });
    expect(updated.phone).toBe('04 66 00 00 00');
    expect(await lastAudit(target.member.documentId)).toMatchObject({ action: 'plugin::membership.member.update' });
  });

  it('hides another section’s member (404 as unknown); refuses one’s own standing and someone of one’s rank (403)', async () => {
    await expect(updateMember(strapi, secretary, w.memberB.member.documentId, { phone: '01' })).rejects.toMatchObject({ name: 'NotFoundError', message: 'Adhérent introuvable.' });
    await expect(updateMember(strapi, otherStaff, w.member.member.documentId, { phone: '01' })).rejects.toMatchObject({ name: 'NotFoundError', message: 'Adhérent introuvable.' });
    await expect(updateMember(strapi, secretary, w.secretary.member.documentId, { joinedOn: '2019-01-01' })).rejects.toMatchObject({
      name: 'ForbiddenError',
      message: expect.stringContaining('vous-même'),
    });
    await expect(updateMember(strapi, commission, w.staff.member.documentId, { phone: '01' })).rejects.toMatchObject({ name: 'ForbiddenError' });
  });

  it('answers 409 for a number already given', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    await expect(updateMember(strapi, staff, target.member.documentId, { membershipNumber: w.memberB.member.membershipNumber })).rejects.toMatchObject({
      name: 'ConflictError',
    });
  });
});

describe('change-member-status', () => {
  it('excluding blocks the login, deactivates the admin-panel account and announces the change once; reinstating reopens the login', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const role = await strapi.db.query('admin::role').findOne({ where: { code: `intranet-federation-${w.federation.departmentCode}` } });
    await (strapi.service('admin::user') as { create(data: object): Promise<unknown> }).create({
      email: target.user.email, firstname: 'A', lastname: 'B', password: 'Admin-Passw0rd!', isActive: true, roles: [role.id], registrationToken: null,
    });

    const excluded = await changeMemberStatus(strapi, staff, target.member.documentId, { status: 'excluded', reason: 'Décision du conseil' });
    expect(excluded).toMatchObject({ membershipStatus: 'excluded', statusReason: 'Décision du conseil' });
    expect((await accountOf(target.user.id)).blocked).toBe(true);
    const admin = await strapi.db.query('admin::user').findOne({ where: { email: target.user.email } });
    expect(admin.isActive).toBe(false);
    expect(await lastAudit(target.member.documentId)).toMatchObject({ action: 'plugin::membership.member.exclude', federation_id: w.federation.id });
    expect(events['membership.member.status-changed'].filter((e) => e.memberId === target.member.id)).toEqual([
      { memberId: target.member.id, from: 'active', to: 'excluded' },
    ]);

    await changeMemberStatus(strapi, staff, target.member.documentId, { status: 'active', reason: 'Recours accepté' });
    expect((await accountOf(target.user.id)).blocked).toBe(false);
    expect(events['membership.member.status-changed'].filter((e) => e.memberId === target.member.id).at(-1)).toEqual({
      memberId: target.member.id,
      from: 'excluded',
      to: 'active',
    });
  });

  it('suspends until a date, leaving the login open', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionB });
    const until = `${thisYear() + 1}-06-30`;
    await changeMemberStatus(strapi, commission, target.member.documentId, { status: 'suspended', reason: 'Propos injurieux', until });
    const row = await strapi.db.query(MEMBER_UID).findOne({ where: { id: target.member.id } });
    expect(row).toMatchObject({ membershipStatus: 'suspended', suspendedUntil: until });
    expect((await accountOf(target.user.id)).blocked).toBe(false);
    expect(await lastAudit(target.member.documentId)).toMatchObject({ action: 'plugin::membership.member.suspend' });
  });

  it('hides another federation’s member (404), refuses one’s own status and someone of one’s rank (403)', async () => {
    await expect(changeMemberStatus(strapi, otherStaff, w.member.member.documentId, { status: 'suspended', reason: 'Motif' })).rejects.toMatchObject({ name: 'NotFoundError', message: 'Adhérent introuvable.' });
    await expect(changeMemberStatus(strapi, commission, w.commission.member.documentId, { status: 'suspended', reason: 'Motif' })).rejects.toMatchObject({
      name: 'ForbiddenError',
      message: 'Vous ne pouvez pas modifier votre propre statut.',
    });
    await expect(changeMemberStatus(strapi, commission, w.staff.member.documentId, { status: 'suspended', reason: 'Motif' })).rejects.toMatchObject({ name: 'ForbiddenError' });
  });

  it('answers 409 when the member already has that status, with no event', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA, status: 'excluded' });
    const announced = events['membership.member.status-changed'].length;
    await expect(changeMemberStatus(strapi, staff, target.member.documentId, { status: 'excluded', reason: 'Encore' })).rejects.toMatchObject({
      name: 'ConflictError',
      message: 'L’adhérent est déjà exclu.',
    });
    expect(events['membership.member.status-changed']).toHaveLength(announced);
  });
});

describe('change-member-role', () => {
  it('gives an ordinary role in the federation, audited', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const updated = await changeMemberRole(strapi, staff, target.member.documentId, 'elected-official');
    expect(updated.user?.role?.type).toBe('elected-official');
    expect((await accountOf(target.user.id)).role.type).toBe('elected-official');
    expect(await lastAudit(target.member.documentId)).toMatchObject({ action: 'plugin::membership.member.role' });
  });

  it('refuses national roles and one’s own role (403); hides another federation’s member (404 as unknown)', async () => {
    await expect(changeMemberRole(strapi, staff, w.member.member.documentId, 'federation-staff')).rejects.toMatchObject({ name: 'ForbiddenError' });
    await expect(changeMemberRole(strapi, staff, w.staff.member.documentId, 'member')).rejects.toMatchObject({
      name: 'ForbiddenError',
      message: 'Vous ne pouvez pas changer votre propre rôle.',
    });
    await expect(changeMemberRole(strapi, otherStaff, w.member.member.documentId, 'elected-official')).rejects.toMatchObject({ name: 'NotFoundError', message: 'Adhérent introuvable.' });
  });

  it('answers 409 when the member already has the role', async () => {
    await expect(changeMemberRole(strapi, staff, w.member.member.documentId, 'member')).rejects.toMatchObject({ name: 'ConflictError' });
  });
});

describe('record-due / cancel-due', () => {
  it('records a year’s due, then cancels it without deleting it, both audited', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [] });
    const due = await recordDue(strapi, secretary, target.member.documentId, { year: 2021, amountCents: 3000, paidOn: '2021-03-01', method: 'cheque' });
    expect(due).toMatchObject({ year: 2021, amountCents: 3000, cancelledOn: null });
    expect(await lastAudit(due.documentId)).toMatchObject({ action: 'plugin::membership.due.record', federation_id: w.federation.id });

    const cancelled = await cancelDue(strapi, staff, due.documentId, 'Chèque sans provision');
    expect(cancelled).toMatchObject({ cancelledOn: expect.any(String), cancelReason: 'Chèque sans provision' });
    expect(await strapi.db.query('plugin::membership.due').count({ where: { documentId: due.documentId } })).toBe(1);
    expect(await lastAudit(due.documentId)).toMatchObject({ action: 'plugin::membership.due.cancel' });
    // The year is free again once its due is cancelled.
    await expect(recordDue(strapi, staff, target.member.documentId, { year: 2021, amountCents: 3000, paidOn: '2021-04-01', method: 'virement' })).resolves.toMatchObject({ year: 2021 });
  });

  it('refuses one’s own dues and cancelling by a secretary (403); hides another section’s member and their dues (404 as unknown)', async () => {
    const due = { year: 2022, amountCents: 3000, paidOn: '2022-03-01', method: 'cheque' as const };
    await expect(recordDue(strapi, secretary, w.secretary.member.documentId, due)).rejects.toMatchObject({
      name: 'ForbiddenError',
      message: expect.stringContaining('votre propre cotisation'),
    });
    await expect(recordDue(strapi, secretary, w.memberB.member.documentId, due)).rejects.toMatchObject({ name: 'NotFoundError', message: 'Adhérent introuvable.' });
    const elsewhere = await recordDue(strapi, staff, w.memberB.member.documentId, due);
    await expect(cancelDue(strapi, secretary, elsewhere.documentId, 'Erreur de saisie')).rejects.toMatchObject({ name: 'NotFoundError', message: 'Cotisation introuvable.' });
    await expect(cancelDue(strapi, otherStaff, elsewhere.documentId, 'Erreur de saisie')).rejects.toMatchObject({ name: 'NotFoundError', message: 'Cotisation introuvable.' });
    // A due the secretary reads (their section's): only the federation's staff cancel it.
    const readable = await recordDue(strapi, staff, w.member.member.documentId, due);
    await expect(cancelDue(strapi, secretary, readable.documentId, 'Erreur de saisie')).rejects.toMatchObject({
      name: 'ForbiddenError',
      message: 'Seule l’équipe fédérale de l’adhérent peut annuler une cotisation.',
    });
  });

  it('answers 409 for a year already paid, an excluded member, a due already cancelled', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA, paidYears: [] });
    const due = await recordDue(strapi, staff, target.member.documentId, { year: 2023, amountCents: 3000, paidOn: '2023-03-01', method: 'cheque' });
    await expect(recordDue(strapi, staff, target.member.documentId, { year: 2023, amountCents: 1000, paidOn: '2023-05-01', method: 'carte' })).rejects.toMatchObject({
      name: 'ConflictError',
    });
    await cancelDue(strapi, staff, due.documentId, 'Erreur de saisie');
    await expect(cancelDue(strapi, staff, due.documentId, 'Encore')).rejects.toMatchObject({ name: 'ConflictError', message: 'Cette cotisation est déjà annulée.' });
    const excluded = await createMember({ federation: w.federation, section: w.sectionA, status: 'excluded', paidYears: [] });
    await expect(recordDue(strapi, staff, excluded.member.documentId, { year: 2023, amountCents: 3000, paidOn: '2023-03-01', method: 'cheque' })).rejects.toMatchObject({
      name: 'ConflictError',
    });
  });
});

describe('assertMemberAction: a member one reads but may not act on (403, the reason) or may not read (404, as unknown)', () => {
  it('the commission reads its federation’s members but neither edits them nor hands out roles, records dues, departures or erasures', async () => {
    const target = w.member.member.documentId;
    const due = { year: 2016, amountCents: 3000, paidOn: '2016-03-01', method: 'cheque' as const };
    // One at a time: a command started before its refusal is awaited would reject unhandled.
    const refusals: [() => Promise<unknown>, string][] = [
      [() => updateMember(strapi, commission, target, { phone: '01' }), 'Vous ne pouvez pas modifier la fiche de cet adhérent.'],
      [() => changeMemberRole(strapi, commission, target, 'elected-official'), 'Vous ne pouvez pas attribuer de rôle à cet adhérent.'],
      [() => recordDue(strapi, commission, target, due), 'Vous ne pouvez pas enregistrer les cotisations de cet adhérent.'],
      [() => recordDeparture(strapi, commission, target, { on: todayInParis(), reason: 'Démission' }), 'Seule l’équipe fédérale de l’adhérent enregistre son départ.'],
      [() => eraseMember(strapi, commission, target, 'departure'), 'Seule l’équipe fédérale de l’adhérent peut effacer ses données.'],
    ];
    for (const [refusal, message] of refusals) await expect(refusal()).rejects.toMatchObject({ name: 'ForbiddenError', message });
  });

  it('another federation’s staff meet every member command as for an unknown member (404), the precise reason never shown', async () => {
    const target = w.member.member.documentId;
    const attempts = (id: string) => [
      () => updateMember(strapi, otherStaff, id, { phone: '01' }),
      () => changeMemberStatus(strapi, otherStaff, id, { status: 'suspended', reason: 'Motif' }),
      () => changeMemberRole(strapi, otherStaff, id, 'elected-official'),
      () => recordDue(strapi, otherStaff, id, { year: 2016, amountCents: 3000, paidOn: '2016-03-01', method: 'cheque' as const }),
      () => recordDeparture(strapi, otherStaff, id, { on: todayInParis(), reason: 'Démission' }),
      () => eraseMember(strapi, otherStaff, id, 'departure'),
    ];
    const unknown = attempts('zzzzzzzzzzzzzzzzzzzzzzzz');
    for (const [i, attempt] of attempts(target).entries()) {
      const expected = await unknown[i]().catch((error: Error) => ({ name: error.name, message: error.message }));
      expect(expected).toEqual({ name: 'NotFoundError', message: 'Adhérent introuvable.' });
      await expect(attempt()).rejects.toMatchObject(expected);
    }
    expect((await strapi.db.query(MEMBER_UID).findOne({ where: { documentId: target } })).leftOn).toBeNull();
  });
});

describe('directory.activeMembersOn (e.g. sponsors)', () => {
  it('counts a member whose suspension has ended as active, not one still suspended', async () => {
    const ended = await createMember({ federation: w.other, status: 'suspended', suspendedUntil: '2020-01-31' });
    const running = await createMember({ federation: w.other, status: 'suspended', suspendedUntil: `${thisYear() + 1}-01-31` });
    const ids = (await getService(strapi, 'membership', 'directory').activeMembersOn(w.other.id, todayInParis())).map((m: { id: number }) => m.id);
    expect(ids).toContain(ended.member.id);
    expect(ids).not.toContain(running.member.id);
    expect(ids).toContain(w.otherMember.member.id);
  });
});

describe('directory.memberCardByDocumentId (one statement: who, where, whose account)', () => {
  it('answers as memberByDocumentId does for those fields, in one statement; null for an unknown documentId', async () => {
    const directory = getService(strapi, 'membership', 'directory');
    const full = await directory.memberByDocumentId(w.member.member.documentId);
    let statements = 0;
    // The member's reads only (the app's pollers may send theirs meanwhile).
    const count = (q: { sql: string }) => void (q.sql.includes('membership_members') && statements++);
    strapi.db.connection.on('query', count);
    const card = await directory.memberCardByDocumentId(w.member.member.documentId).finally(() => strapi.db.connection.removeListener('query', count));
    expect(statements).toBe(1);
    expect(card).toEqual({
      id: full.id, documentId: full.documentId, firstName: full.firstName, lastName: full.lastName,
      federation: { id: full.federation.id, documentId: full.federation.documentId, name: full.federation.name, departmentCode: full.federation.departmentCode },
      user: { id: full.user.id },
    });
    expect(await directory.memberCardByDocumentId('inconnu')).toBeNull();
  });
});

describe('writes outside the commands (admin panel, seed)', () => {
  it('get the same status effects and events, once', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    expect(events['membership.member.joined'].filter((e) => e.memberId === target.member.id)).toHaveLength(1);
    await strapi.documents(MEMBER_UID).update({
      documentId: target.member.documentId,
      data: { membershipStatus: 'excluded', statusReason: 'Décision du conseil' } as never,
    });
    expect((await accountOf(target.user.id)).blocked).toBe(true);
    expect(events['membership.member.status-changed'].filter((e) => e.memberId === target.member.id)).toEqual([
      { memberId: target.member.id, from: 'active', to: 'excluded' },
    ]);
  });

  it('want a visible reason for a suspension (Hangul fillers alone are none)', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const blank = strapi.documents(MEMBER_UID).update({ documentId: target.member.documentId, data: { membershipStatus: 'suspended', statusReason: '\u3164\u3164\u3164' } as never });
    await expect(blank).rejects.toThrow('Indiquez le motif de la suspension ou de l’exclusion.');
  });

  it('a federation created outside the command is announced once', async () => {
    const departmentCode = await freeDepartmentCode();
    const federation = await strapi.documents('plugin::membership.federation').create({ data: { name: `Hors commande ${departmentCode}`, departmentCode } as never });
    expect(events['membership.federation.created'].filter((e) => e.federationId === federation.id)).toHaveLength(1);
  });
});
