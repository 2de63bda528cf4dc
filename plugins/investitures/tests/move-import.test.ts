import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { parisDay } from '../../../tests/support/dates';
import { adminToken, federationStaffRole } from '../../../tests/support/admin';
import { ok, routes } from '../../../tests/support/http';

/**
 * A member's section changed by an import (membership's MEMBER_MOVED, inside the import's
 * batch transaction): the standing candidacy to the former section's designation is withdrawn,
 * « Changement de section »; the federation's, the national one and one on the ballot of an
 * opened vote stay. The batch commits (nothing throws, nothing waits).
 */
let strapi: Core.Strapi;
let w: World;
const day = parisDay;
const { post } = routes('/api/investitures');
const CANDIDACY_UID = 'plugin::investitures.candidacy';
const DESIGNATION_UID = 'plugin::investitures.designation';
const open = { candidaciesOpenOn: day(-5), candidaciesCloseOn: day(5), checksBy: day(10), decisionOn: day(20) };
const stateOf = async (documentId: string) => (await strapi.db.query(CANDIDACY_UID).findOne({ where: { documentId } })).state;
const HEADER = 'N° adhérent;Nom;Prénom;E-mail;Téléphone;Section;Date d’adhésion;Année;Montant;Payée le;Mode de paiement';

beforeAll(async () => {
  strapi = await bootStrapi();
  await strapi.plugin('notifications').service('worker').stop();
  w = await createWorld();
}, 120_000);

afterAll(() => {
  strapi.plugin('notifications').service('worker').start(5000);
});

describe('a section changed by an import', () => {
  it('withdraws the former section’s standing candidacy only; the import completes', async () => {
    const byMembers = { ...open, decidedBy: 'members', voteMethod: 'single' };
    const ofSection = ok(await post('/designations', w.staff.token, { ...byMembers, title: 'Secrétaire de section (import)', kind: 'secretaire-section', scope: 'section', section: w.sectionB.documentId }), 201).documentId;
    const balloted = ok(await post('/designations', w.staff.token, { ...byMembers, title: 'Secrétaire de section (import, vote ouvert)', kind: 'secretaire-section', scope: 'section', section: w.sectionB.documentId }), 201).documentId;
    const ofFederation = ok(await post('/designations', w.staff.token, { ...byMembers, title: 'Premier·ère secrétaire (import)', kind: 'premier-secretaire-federal' }), 201).documentId;
    const nationwide = ok(await post('/designations', w.national.token, { ...byMembers, title: 'Primaire (import)', kind: 'presidentielle', scope: 'national', territoryCode: 'FR' }), 201).documentId;
    const m = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: day(-400) });
    const ids: string[] = [];
    for (const d of [ofSection, balloted, ofFederation, nationwide]) ids.push(ok(await post(`/designations/${d}/candidacies`, m.token, { statement: 'Je me présente.' }), 201).documentId);
    // The second section designation's vote opened, the member's candidacy on its ballot.
    await strapi.db.query(DESIGNATION_UID).update({ where: { documentId: balloted }, data: { voteState: 'open', round: 1, rounds: [{ round: 1, candidates: [ids[1]], eligible: 1 }] } });

    const row = await strapi.db.query('plugin::membership.member').findOne({ where: { id: m.member.id }, populate: { user: { select: ['email'] } } });
    const joined = String(row.joinedOn).slice(0, 10).split('-').reverse().join('/');
    const dir = mkdtempSync(join(tmpdir(), 'import-move-'));
    const path = join(dir, 'mutation.csv');
    writeFileSync(path, `${HEADER}\r\n${row.membershipNumber};${row.lastName};${row.firstName};${row.user.email};;Section A;${joined};;;;\r\n`);
    const http = await api();
    const uploaded = await http.post('/api/membership/imports').set(bearer(w.staff.token)).attach('file', path);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body.data.preview.counts).toEqual({ create: 0, update: 1, unchanged: 0, refused: 0 });
    const confirmed = await http.post(`/api/membership/imports/${uploaded.body.data.id}/confirm`).set(bearer(w.staff.token)).send({ invite: false });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(202);
    let job: any;
    for (let i = 0; i < 400 && !['done', 'failed'].includes(job?.state); i += 1) {
      job = (await http.get(`/api/membership/imports/${uploaded.body.data.id}`).set(bearer(w.staff.token))).body.data;
      if (!['done', 'failed'].includes(job?.state)) await new Promise((r) => setTimeout(r, 50));
    }
    expect(job, JSON.stringify(job)).toMatchObject({ state: 'done', result: { updated: 1 } });
    expect((await strapi.db.query('plugin::membership.member').findOne({ where: { id: m.member.id }, populate: { section: { select: ['id'] } } })).section.id).toBe(w.sectionA.id);

    expect([await stateOf(ids[0]!), await stateOf(ids[1]!), await stateOf(ids[2]!), await stateOf(ids[3]!)]).toEqual(['withdrawn', 'submitted', 'submitted', 'submitted']);
    const withdrawals = (await auditEntriesFor(ids[0]!)).filter((e: any) => e.action === 'plugin::investitures.candidacy.withdraw');
    expect(withdrawals.map((e: any) => [e.actor_kind, JSON.parse(e.details).reason])).toEqual([['system', 'Changement de section']]);
  });
});

describe('a section changed in the admin panel’s Content Manager', () => {
  it('withdraws the former section’s standing candidacy, keeps the national one', async () => {
    const byMembers = { ...open, decidedBy: 'members', voteMethod: 'single' };
    const ofSection = ok(await post('/designations', w.staff.token, { ...byMembers, title: 'Secrétaire de section (panneau)', kind: 'secretaire-section', scope: 'section', section: w.sectionB.documentId }), 201).documentId;
    const nationwide = ok(await post('/designations', w.national.token, { ...byMembers, title: 'Primaire (panneau)', kind: 'presidentielle', scope: 'national', territoryCode: 'FR' }), 201).documentId;
    const m = await createMember({ federation: w.federation, section: w.sectionB, joinedOn: day(-400) });
    const ids: string[] = [];
    for (const d of [ofSection, nationwide]) ids.push(ok(await post(`/designations/${d}/candidacies`, m.token, { statement: 'Je me présente.' }), 201).documentId);
    const token = await adminToken(`candidats.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await federationStaffRole(w.federation.departmentCode)]);
    const res = await (await api())
      .put(`/content-manager/collection-types/plugin::membership.member/${m.member.documentId}`)
      .set(bearer(token))
      .send({ section: { connect: [{ documentId: w.sectionA.documentId }], disconnect: [{ documentId: w.sectionB.documentId }] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect([await stateOf(ids[0]!), await stateOf(ids[1]!)]).toEqual(['withdrawn', 'submitted']);
  });
});
