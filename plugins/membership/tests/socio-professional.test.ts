import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createMember, createWorld, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';

/**
 * The socio-professional category a member shares with their consent (issue 15: the
 * composition of bodies « only for members who consented to share it »): the member alone
 * sets and withdraws it, staff never see it individually (API, admin panel list search,
 * audit log), and the composition counts it only while consent stands.
 */
let strapi: Core.Strapi;
let w: World;
const PATH = '/api/membership/me/socio-professional';

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
});

const put = async (token: string | null, body: unknown) => {
  const req = (await api()).put(PATH);
  return token ? req.set(bearer(token)).send(body as object) : req.send(body as object);
};
const me = async (token: string) => (await (await api()).get('/api/membership/me').set(bearer(token))).body.data.member;

describe('PUT|DELETE /api/membership/me/socio-professional', () => {
  it('refuses anonymous callers (401) and accounts without a member profile (404)', async () => {
    expectError(await put(null, { category: 'employes', consent: true }), 401);
    expectError(await (await api()).delete(PATH), 401);
    expectError(await put(w.national.token, { category: 'employes', consent: true }), 404, 'Aucune fiche d’adhérent');
    expectError(await put(w.outsider.token, { category: 'employes', consent: true }), 403);
  });

  it('answers bad input with French 400s and records nothing', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    expect(badRequest(await put(m.token, { category: 'astronautes', consent: true })).category).toBe('Catégorie inconnue : choisissez l’une de celles proposées.');
    expect(badRequest(await put(m.token, { category: 'employes' })).consent).toBe('Cochez la case de consentement pour enregistrer votre catégorie.');
    expect(badRequest(await put(m.token, { category: 'employes', consent: false })).consent).toBe('Cochez la case de consentement pour enregistrer votre catégorie.');
    expect(badRequest(await put(m.token, { category: 'employes', consent: 'true' })).consent).toBe('Cochez la case de consentement pour enregistrer votre catégorie.');
    expectError(await put(m.token, { category: 'employes', consent: true, member: w.member.member.documentId }), 400, 'Champ inconnu : member.');
    expect((await me(m.token)).socioProfessional).toBeNull();
  });

  it('records the member’s own category with the consent’s date and version; staff never read it; withdrawing erases it', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    const before = await me(m.token);
    expect(before.socioProfessional).toBeNull();
    expect(before.socioProfessionalConsentText).toMatch(/^J’accepte que ma catégorie socio-professionnelle soit enregistrée/);
    expect(before.socioProfessionalCategories.map((c: any) => c.key)).toContain('ouvriers');

    const shared = await put(m.token, { category: 'ouvriers', consent: true });
    expect(shared.status, JSON.stringify(shared.body)).toBe(200);
    expect(shared.body.data).toMatchObject({ category: 'ouvriers', label: 'Ouvriers', consentVersion: expect.any(String) });
    expect(Date.parse(shared.body.data.consentedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await me(m.token)).socioProfessional).toMatchObject({ category: 'ouvriers', label: 'Ouvriers' });

    // Staff reading the profile see sex and year of birth (staff-only), never the category.
    const asStaff = await (await api()).get(`/api/membership/members/${m.member.documentId}`).set(bearer(w.staff.token));
    expect(asStaff.status).toBe(200);
    expect(JSON.stringify(asStaff.body)).not.toMatch(/ouvriers|socioProfessional/i);
    const list = await (await api()).get('/api/membership/members').set(bearer(w.staff.token));
    expect(JSON.stringify(list.body)).not.toMatch(/ouvriers|socioProfessional/i);
    // The audit log says consent was given, not what was shared.
    const entries = await auditEntriesFor(m.member.documentId);
    const consent = entries.find((e: any) => e.action === 'plugin::membership.member.socio-professional-consent');
    expect(consent).toBeTruthy();
    expect(JSON.stringify(consent)).not.toMatch(/ouvriers/i);
    // « Mes données » shows it to the member.
    const part = await strapi.plugin('membership').service('personal-data').personalData({ memberId: m.member.id, memberDocumentId: m.member.documentId, userId: m.user.id });
    expect(JSON.stringify(part)).toContain('Ouvriers');

    // Withdrawn: erased at once, and again is harmless.
    for (let i = 0; i < 2; i += 1) {
      const res = await (await api()).delete(PATH).set(bearer(m.token));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    expect((await me(m.token)).socioProfessional).toBeNull();
    const row = await strapi.db.query('plugin::membership.member').findOne({ where: { id: m.member.id } });
    expect(row).toMatchObject({ socioProfessionalCategory: null, socioProfessionalConsentedAt: null, socioProfessionalConsentVersion: null });
    const after = await auditEntriesFor(m.member.documentId);
    expect(after.map((e: any) => e.action)).toContain('plugin::membership.member.socio-professional-withdrawal');
  });

  it('stays out of the admin panel’s list search, so staff cannot guess it by searching', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    await put(m.token, { category: 'agriculteurs', consent: true });
    const found = await strapi.db.query('plugin::membership.member').findMany({ _q: 'agriculteurs', where: { id: m.member.id } } as any);
    expect(found).toHaveLength(0);
    const attributes = (strapi.contentType('plugin::membership.member') as any).pluginOptions.intranet.staffHidden;
    expect(attributes).toEqual(expect.arrayContaining(['socioProfessionalCategory', 'socioProfessionalConsentedAt', 'socioProfessionalConsentVersion']));
  });
});
