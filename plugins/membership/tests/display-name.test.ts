import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { todayInParis } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type World } from '../../../tests/support/factories';
import { adminToken, federationStaffRole, superAdminRole } from '../../../tests/support/admin';
import { bearer } from '../../../tests/support/expect';

/**
 * A member's name in the admin panel (`displayName`, « Prénom Nom · n° ADH-123 »): the
 * Content Manager's main field for members, so that the member pickers of a due, a seat or a
 * mandate tell two namesakes apart. It follows every write (API, admin panel, erasure), is
 * filled at boot for rows that lack it, never leaves through the content API, and staff read it.
 */
const load = createRequire(__filename);
const { fillMemberDisplayNames } = load('../dist/server/middlewares/member-display-name.js') as typeof import('../server/src/middlewares/member-display-name');

const MEMBER = 'plugin::membership.member';
const DUE = 'plugin::membership.due';
const M = '/api/membership/members';
let strapi: Core.Strapi;
let w: World;
let staffToken: string;
let superToken: string;

const displayNameOf = async (id: number) => (await strapi.db.query(MEMBER).findOne({ where: { id }, select: ['displayName'] })).displayName as string;

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  staffToken = await adminToken(`staff.nom.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
  superToken = await adminToken(`super.nom.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await superAdminRole()]);
});

describe('a member’s display name', () => {
  it('is « Prénom Nom · n° … » from the creation, and the content API never returns it', async () => {
    const { member } = w.member;
    expect(await displayNameOf(member.id)).toBe(`${member.firstName} ${member.lastName} · n° ${member.membershipNumber}`);
    const res = await (await api()).get(`${M}/${member.documentId}`).set(bearer(w.staff.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('displayName');
    expect(JSON.stringify(res.body)).not.toContain(' · n° ');
  });

  it('follows a name change through the API and through the admin panel', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const http = await api();
    const renamed = await http.put(`${M}/${target.member.documentId}`).set(bearer(w.staff.token)).send({ firstName: 'Apolline', lastName: 'Rousseau' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(await displayNameOf(target.member.id)).toBe(`Apolline Rousseau · n° ${target.member.membershipNumber}`);
    const corrected = await http.put(`/content-manager/collection-types/${MEMBER}/${target.member.documentId}`).set(bearer(staffToken)).send({ lastName: 'Rousseau-Martin' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(await displayNameOf(target.member.id)).toBe(`Apolline Rousseau-Martin · n° ${target.member.membershipNumber}`);
    // Nobody writes it by hand: the panel's national admin neither.
    const forced = await http.put(`/content-manager/collection-types/${MEMBER}/${target.member.documentId}`).set(bearer(superToken)).send({ displayName: 'Quelqu’un d’autre' });
    expect(forced.status, JSON.stringify(forced.body)).toBe(200);
    expect(await displayNameOf(target.member.id)).toBe(`Apolline Rousseau-Martin · n° ${target.member.membershipNumber}`);
  });

  it('is rewritten by the erasure to « Ancien adhérent », as the portal names a former member: no trace of the name nor any number left in it', async () => {
    const target = await createMember({ federation: w.federation, section: w.sectionA });
    const http = await api();
    const left = await http.post(`${M}/${target.member.documentId}/departure`).set(bearer(w.staff.token)).send({ on: todayInParis(), reason: 'Démission' });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    const erased = await http.post(`${M}/${target.member.documentId}/erasure`).set(bearer(w.staff.token)).send({});
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    const row = await strapi.db.query(MEMBER).findOne({ where: { id: target.member.id }, select: ['firstName', 'lastName', 'membershipNumber', 'displayName'] });
    expect(row.displayName).toBe('Ancien adhérent');
    expect(row.displayName).not.toContain(target.member.lastName);
    expect(row.displayName).not.toContain(target.member.membershipNumber);
  });

  it('is filled at boot for the rows that lack it or hold a stale one, in one statement, and a second run writes nothing', async () => {
    const a = await createMember({ federation: w.federation });
    const b = await createMember({ federation: w.federation });
    const erased = await createMember({ federation: w.federation });
    const table = strapi.db.metadata.get(MEMBER).tableName;
    await strapi.db.connection(table).where({ id: a.member.id }).update({ display_name: null });
    await strapi.db.connection(table).where({ id: b.member.id }).update({ display_name: 'Ancien nom · n° X' });
    // An erasure's pseudonym as an earlier version named it (« Ancien adhérent · n° EFF-… »).
    await strapi.db.connection(table).where({ id: erased.member.id }).update({ first_name: 'Ancien', last_name: 'adhérent', membership_number: `EFF-${erased.member.id}`, erased_on: todayInParis(), display_name: `Ancien adhérent · n° EFF-${erased.member.id}` });
    let statements = 0;
    const count = () => (statements += 1);
    strapi.db.connection.client.on('query', count);
    const filled = await fillMemberDisplayNames(strapi).finally(() => strapi.db.connection.client.removeListener('query', count));
    expect(filled).toBe(3);
    expect(statements).toBe(1);
    expect(await displayNameOf(erased.member.id)).toBe('Ancien adhérent');
    expect(await displayNameOf(a.member.id)).toBe(`${a.member.firstName} ${a.member.lastName} · n° ${a.member.membershipNumber}`);
    expect(await displayNameOf(b.member.id)).toBe(`${b.member.firstName} ${b.member.lastName} · n° ${b.member.membershipNumber}`);
    expect(await fillMemberDisplayNames(strapi)).toBe(0);
  });
});

describe('the member picker of the admin panel', () => {
  it('names members by their display name: the member type’s main field, and the due’s member picker', async () => {
    const http = await api();
    const member = await http.get(`/content-manager/content-types/${MEMBER}/configuration`).set(bearer(staffToken));
    expect(member.status, JSON.stringify(member.body)).toBe(200);
    expect(member.body.data.contentType.settings.mainField).toBe('displayName');
    // Derived, never typed in: out of the edit form.
    expect(member.body.data.contentType.layouts.edit.flat().map((cell: { name: string }) => cell.name)).not.toContain('displayName');
    const due = await http.get(`/content-manager/content-types/${DUE}/configuration`).set(bearer(staffToken));
    expect(due.body.data.contentType.metadatas.member.edit.mainField).toBe('displayName');
  });

  it('offers federation staff their federation’s members under « Prénom Nom · n° … », found by first name', async () => {
    const { member } = w.member;
    const res = await (await api()).get(`/content-manager/relations/${DUE}/member?_q=${encodeURIComponent(member.membershipNumber)}&pageSize=10`).set(bearer(staffToken));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map((r: Record<string, unknown>) => r.displayName)).toEqual([`${member.firstName} ${member.lastName} · n° ${member.membershipNumber}`]);
    // Staff's role reads the field (field-level permissions of the federation's role).
    const role = await strapi.db.query('admin::role').findOne({ where: { code: `intranet-federation-${w.federation.departmentCode}` }, populate: ['permissions'] });
    const read = role.permissions.find((p: { action: string; subject: string }) => p.action === 'plugin::content-manager.explorer.read' && p.subject === MEMBER);
    expect(read.properties.fields).toContain('displayName');
    const update = role.permissions.find((p: { action: string; subject: string }) => p.action === 'plugin::content-manager.explorer.update' && p.subject === MEMBER);
    expect(update.properties.fields).not.toContain('displayName');
  });
});
