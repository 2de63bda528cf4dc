import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { auditEntriesFor, createFederation, createMember, createSection, createWorld, tokenFor, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { todayInParis } from '@intranet-militant/shared';
import { routes } from '../../../tests/support/http';

let strapi: Core.Strapi;
let w: World;
const S = '/api/skills';
let tag: string; // unique per run: labels of this file's terms
const CONSENT = '2026-12-v1';

const { get, post, put } = routes(S);

async function withModuleOff<T>(run: () => Promise<T>) {
  const switches = strapi.plugin('modules').service('switches');
  await switches.set(w.federation.id, 'skills', false);
  try {
    return await run();
  } finally {
    await switches.set(w.federation.id, 'skills', true);
  }
}

/** Creates an active term as national staff; returns its slug. */
async function term(label: string, kind = 'skill', parent: string | null = null, synonyms: string[] = []) {
  const res = await post('/terms', w.national.token, { label: `${label} ${tag}`, kind, parent, synonyms });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.slug as string;
}

const profileOf = (skills: { term: string; level: number }[], visibility: string, extra: Record<string, unknown> = {}) => ({
  visibility,
  fieldLevels: {},
  skills,
  networks: [],
  interests: [],
  sector: 'Enseignement',
  willingness: ['train'],
  hoursPerMonth: 10,
  languages: ['fr'],
  ...extra,
});

async function optIn(m: TestMember, body: Record<string, unknown>) {
  const saved = await put('/me/profile', m.token, body);
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const consent = await post('/me/consent', m.token, { version: CONSENT });
  expect(consent.status, JSON.stringify(consent.body)).toBe(200);
  return consent.body.data.profile.documentId as string;
}

const found = async (token: string, body: Record<string, unknown>) => {
  const res = await post('/directory/search', token, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.data as { documentId: string }[]).map((p) => p.documentId);
};

/**
 * The profiles the search plugin returns to this reader for these words (after the indexer
 * drained), as their portal links; checks the facet count agrees with the hits.
 */
const indexedProfiles = async (q: string, token: string) => {
  await strapi.plugin('search').service('indexer').drain();
  const res = await (await api()).get('/api/search').query({ q }).set(bearer(token));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const hits = res.body.data.filter((h: any) => h.type === 'skills-profile').map((h: any) => h.link as string);
  // The facet count agrees: an unlisted profile is not counted either.
  expect(res.body.meta.facets.find((f: any) => f.type === 'skills-profile')?.count ?? 0).toBe(hits.length);
  return hits;
};

let law: string; // « Droit » (parent)
let publicLaw: string; // « Droit public » (child), synonym « droit administratif »
let writing: string;

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
  tag = w.federation.departmentCode.toLowerCase();
  law = await term('Droit', 'skill', null, ['juriste']);
  publicLaw = await term('Droit public', 'skill', law, ['droit administratif']);
  writing = await term('Rédaction', 'skill', null, ['écriture']);
});

describe('the vocabulary', () => {
  it('GET /terms: 401 anonymous, 403 without role, 403 module off, then the active terms with hierarchy and synonyms', async () => {
    expectError(await get('/terms'), 401);
    expectError(await get('/terms', w.outsider.token), 403);
    await withModuleOff(async () => expectError(await get('/terms', w.member.token), 403, 'Le module « Compétences et réseaux » n’est pas activé pour votre fédération.'));
    const res = await get(`/terms?kind=skill&q=administratif`, w.member.token);
    expect(res.status).toBe(200);
    expect(res.body.data.map((t: any) => t.slug)).toContain(publicLaw);
    expect(res.body.data.find((t: any) => t.slug === publicLaw)).toMatchObject({ parent: law, kindLabel: 'Compétence' });
    expect(badRequest(await get('/terms?kind=talent', w.member.token)).kind).toBe('Type : « skill » (compétence), « network » (réseau) ou « interest » (centre d’intérêt).');
  });

  it('POST /terms: national staff only (403 for staff), 400 in French, 409 for the same label up to accents and case', async () => {
    expectError(await post('/terms', w.staff.token, { label: 'Graphisme', kind: 'skill' }), 403);
    expect(badRequest(await post('/terms', w.national.token, { label: '', kind: 'talent' }))).toMatchObject({ label: 'Le libellé est obligatoire.', kind: 'Type : « skill » (compétence), « network » (réseau) ou « interest » (centre d’intérêt).' });
    expect(badRequest(await post('/terms', w.national.token, { label: `Graphisme ${tag}`, kind: 'skill', parent: 'inconnu-xyz' })).parent).toMatch(/Terme parent inconnu/);
    expectError(await post('/terms', w.national.token, { label: `REDACTION ${tag.toUpperCase()}`, kind: 'skill' }), 409, /existe déjà/);
  });

  it('members propose; national staff accept, refuse, or merge (every profile’s link moves, keeping the higher level)', async () => {
    expectError(await post('/terms/proposals', w.national.token, { label: 'Jardinage', kind: 'interest' }), 403);
    const proposed = await post('/terms/proposals', w.member.token, { label: `Écriture inclusive ${tag}`, kind: 'skill' });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    expect(proposed.body.data.status).toBe('proposed');
    const refused = await post('/terms/proposals', w.member.token, { label: `Astrologie ${tag}`, kind: 'interest' });
    expectError(await get('/terms?status=proposed', w.member.token), 403);
    expect((await get('/terms?status=proposed', w.national.token)).body.data.map((t: any) => t.slug)).toContain(proposed.body.data.slug);
    // A proposed term is not usable yet.
    expect(badRequest(await put('/me/profile', w.member.token, profileOf([{ term: proposed.body.data.slug, level: 2 }], 'staff'))).skills).toMatch(/inconnue? du vocabulaire/);
    expectError(await post(`/terms/${proposed.body.data.slug}/review`, w.staff.token, { decision: 'accept' }), 403);
    expect(badRequest(await post(`/terms/${proposed.body.data.slug}/review`, w.national.token, { decision: 'merge' })).into).toMatch(/Fusion/);
    expect((await post(`/terms/${refused.body.data.slug}/review`, w.national.token, { decision: 'refuse' })).body.data.status).toBe('refused');
    expect((await post(`/terms/${proposed.body.data.slug}/review`, w.national.token, { decision: 'accept' })).body.data.status).toBe('active');
    expectError(await post(`/terms/${proposed.body.data.slug}/review`, w.national.token, { decision: 'accept' }), 409);
    expectError(await post('/terms/inconnu-abc/review', w.national.token, { decision: 'accept' }), 404, 'Terme introuvable.');

    // Two members hold the accepted term; one holds the surviving term too, at a lower level.
    const a = await createMember({ federation: w.federation, section: w.sectionA });
    const b = await createMember({ federation: w.federation, section: w.sectionA });
    await put('/me/profile', a.token, profileOf([{ term: proposed.body.data.slug, level: 3 }], 'staff'));
    await put('/me/profile', b.token, profileOf([{ term: proposed.body.data.slug, level: 4 }, { term: writing, level: 1 }], 'staff'));
    const merged = await post(`/terms/${proposed.body.data.slug}/review`, w.national.token, { decision: 'merge', into: writing });
    expect(merged.body.data.status).toBe('merged');
    expect((await get('/me/profile', a.token)).body.data.profile.skills).toMatchObject([{ term: writing, level: 3 }]);
    expect((await get('/me/profile', b.token)).body.data.profile.skills).toMatchObject([{ term: writing, level: 4 }]);
    expect((await auditEntriesFor(proposed.body.data.slug))[0]).toMatchObject({ action: 'plugin::skills.term.merge' });
  });
});

describe('a member’s profile and consent', () => {
  it('PUT /me/profile: 401, 403 without role, 403 an account without member profile, 400 unknown term or level outside 1–4', async () => {
    const body = profileOf([{ term: writing, level: 2 }], 'federation');
    expectError(await put('/me/profile', undefined, body), 401);
    expectError(await put('/me/profile', w.outsider.token, body), 403);
    expectError(await put('/me/profile', w.national.token, body), 403, /n’a pas de fiche d’adhérent/);
    await withModuleOff(async () => expectError(await put('/me/profile', w.member.token, body), 403));
    expect(badRequest(await put('/me/profile', w.member.token, profileOf([{ term: 'pas-un-terme', level: 2 }], 'federation'))).skills).toBe('Compétence inconnue du vocabulaire : pas-un-terme.');
    expect(badRequest(await put('/me/profile', w.member.token, profileOf([{ term: writing, level: 5 }], 'federation')))['skills.0.level']).toBe('Niveau : de 1 à 4.');
    expect(badRequest(await put('/me/profile', w.member.token, profileOf([{ term: writing, level: 0 }], 'federation')))['skills.0.level']).toBe('Niveau : de 1 à 4.');
    expect(badRequest(await put('/me/profile', w.member.token, { ...body, visibility: 'monde' })).visibility).toMatch(/^Visibilité de la fiche : /);
    expect(badRequest(await put('/me/profile', w.member.token, { ...body, networks: [writing] })).networks).toMatch(/Réseau inconnu/);
    // The same skill twice (two levels): refused at the second, nothing kept silently.
    const before = (await get('/me/profile', w.member.token)).body.data;
    const twice = expectError(await put('/me/profile', w.member.token, profileOf([{ term: writing, level: 1 }, { term: writing, level: 4 }], 'federation')), 400);
    expect(twice.details.errors).toEqual([{ path: ['skills', '1', 'term'], message: `Compétences : « ${writing} » figure deux fois ; gardez-la une seule fois, avec son niveau.`, name: 'ValidationError' }]);
    expect((await get('/me/profile', w.member.token)).body.data).toEqual(before);
  });

  it('PUT /me/profile replaces the whole profile: a body missing parts is a 400 naming them, and nothing stored is lost', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    const union = await term('Syndicat enseignant', 'network');
    const garden = await term('Jardinage', 'interest');
    const id = await optIn(m, profileOf([{ term: writing, level: 3 }], 'all', { networks: [union], interests: [garden], fieldLevels: { phone: 'staff' } }));
    expect((await post(`/profiles/${id}/skills/${writing}/confirm`, w.staff.token)).status).toBe(200);
    const stored = (await get('/me/profile', m.token)).body.data.profile;
    expect(stored.skills).toMatchObject([{ term: writing, level: 3, confirmed: { by: expect.any(String) } }]);
    // Who confirmed is named with their role, never their address (also for a label stamped with it before).
    expect(stored.skills[0].confirmed.by).toMatch(/^\S.* \(Équipe fédérale\)$/);
    expect(stored.skills[0].confirmed.by).not.toContain('@');
    await strapi.db.connection('skills_profile_terms').where({ confirmed_by: w.staff.user.id }).update({ confirmed_by_label: `Ancienne Forme <${w.staff.user.email}> (Équipe fédérale)` });
    expect((await get('/me/profile', m.token)).body.data.profile.skills[0].confirmed.by).toBe('Ancienne Forme (Équipe fédérale)');
    await strapi.db.connection('skills_profile_terms').where({ confirmed_by: w.staff.user.id }).update({ confirmed_by_label: stored.skills[0].confirmed.by });

    const partial = expectError(await put('/me/profile', m.token, { visibility: 'all', languages: ['xx', 'fr', 'fr'] }), 400);
    expect(partial.message).toBe(
      'Données invalides. Fiche incomplète : il manque les parties visibilité par rubrique (fieldLevels), secteur d’activité (sector), compétences (skills), réseaux (networks), centres d’intérêt (interests), ce que je veux bien faire (willingness) et heures par mois (hoursPerMonth). L’enregistrement remplace toute la fiche : envoyez chaque partie, vide s’il le faut ([], {} ou null).'
    );
    expect(partial.details.errors).toEqual([{ path: [], message: partial.message.replace('Données invalides. ', ''), name: 'ValidationError' }]);
    expectError(await put('/me/profile', m.token, {}), 400, /il manque les parties visibilité de la fiche \(visibility\), .* et langues \(languages\)\./);
    const { languages: _languages, ...withoutLanguages } = profileOf([], 'all');
    expectError(await put('/me/profile', m.token, withoutLanguages), 400, 'Fiche incomplète : il manque la partie langues (languages).');
    expect((await get('/me/profile', m.token)).body.data.profile).toEqual(stored);

    // Every part sent: the confirmation stays with the unchanged level; an empty part is said so.
    const whole = await put('/me/profile', m.token, profileOf([{ term: writing, level: 3 }], 'all', { networks: [], interests: [garden], sector: null, hoursPerMonth: null }));
    expect(whole.status, JSON.stringify(whole.body)).toBe(200);
    expect(whole.body.data.profile).toMatchObject({ skills: [{ term: writing, confirmed: stored.skills[0].confirmed }], networks: [], interests: [{ term: garden }], sector: null, fieldLevels: {} });
  });

  it('PUT /me/profile: a language is a real ISO 639-1 code (400 naming « xx »); a language given twice is kept once', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    const unknown = expectError(await put('/me/profile', m.token, profileOf([], 'staff', { languages: ['fr', 'xx', 'fr'] })), 400, 'Langue : « xx » n’est le code d’aucune langue (fr, en, es…).');
    expect(unknown.details.errors).toEqual([{ path: ['languages', '1'], message: 'Langue : « xx » n’est le code d’aucune langue (fr, en, es…).', name: 'ValidationError' }]);
    expect(badRequest(await put('/me/profile', m.token, profileOf([], 'staff', { languages: ['FR'] })))['languages.0']).toBe('Langue : un code de deux lettres (fr, en…).');
    const saved = await put('/me/profile', m.token, profileOf([], 'staff', { languages: ['oc', 'fr', 'oc', 'br'] }));
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.data.profile.languages).toEqual(['oc', 'fr', 'br']);
    expect(badRequest(await post('/directory/search', w.staff.token, { language: 'zz' })).language).toBe('Langue : « zz » n’est le code d’aucune langue (fr, en, es…).');
  });

  it('nothing is shown before consent; consent records its version and date; a wrong version is refused', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    const saved = await put('/me/profile', m.token, profileOf([{ term: writing, level: 3 }], 'all'));
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({ listed: false, consent: { given: false, version: CONSENT } });
    const id = saved.body.data.profile.documentId;
    expectError(await get(`/profiles/${id}`, w.staff.token), 404, 'Fiche introuvable.');
    expectError(await get(`/profiles/${id}`, w.national.token), 404);
    expect(await found(w.staff.token, { skills: [writing] })).not.toContain(id);
    expect(badRequest(await post('/me/consent', m.token, { version: '2020-v0' })).version).toMatch(/pas la version actuelle/);
    const consent = await post('/me/consent', m.token, { version: CONSENT });
    expect(consent.body.data).toMatchObject({ listed: true, consent: { given: true, current: true } });
    expect(consent.body.data.consent.givenAt).toMatch(/^\d{4}-/);
    expect((await get(`/profiles/${id}`, w.otherMember.token)).status).toBe(200);
    expect((await auditEntriesFor(id)).map((e: any) => e.action)).toContain('plugin::skills.consent.give');
  });
});

describe('who finds whom', () => {
  const levels = ['staff', 'section', 'federation', 'all'] as const;
  const ids: Record<string, string> = {};
  let skill: string;

  beforeAll(async () => {
    skill = await term('Cartographie', 'skill');
    for (const level of levels) {
      const m = await createMember({ federation: w.federation, section: w.sectionA });
      ids[level] = await optIn(m, profileOf([{ term: skill, level: 2 }], level));
    }
  });

  it('each visibility level is seen by the right people and by no one else (directory search and profile page agree)', async () => {
    const expected: Record<string, (keyof typeof ids)[]> = {
      member: ['section', 'federation', 'all'], // same section
      memberB: ['federation', 'all'], // same federation, another section
      secretary: ['section', 'federation', 'all'], // section secretary of section A: a member of it, not staff
      otherMember: ['all'],
      otherStaff: ['all'],
      staff: ['staff', 'section', 'federation', 'all'],
    };
    for (const [who, levelsSeen] of Object.entries(expected)) {
      const token = (w as any)[who].token as string;
      const hits = await found(token, { skills: [skill] });
      expect(hits.sort(), who).toEqual(levelsSeen.map((l) => ids[l]).sort());
      for (const level of levels) {
        const res = await get(`/profiles/${ids[level]}`, token);
        expect(res.status, `${who} → ${level}`).toBe(levelsSeen.includes(level) ? 200 : 404);
      }
    }
    expect((await found(w.national.token, { skills: [skill] })).sort()).toEqual(Object.values(ids).sort());
  });

  it('the hierarchy and synonyms find people: « Droit » finds « Droit public », « juriste » too', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionB });
    const id = await optIn(m, profileOf([{ term: publicLaw, level: 4 }], 'all'));
    expect(await found(w.otherMember.token, { skills: [law] })).toContain(id);
    expect(await found(w.otherMember.token, { q: 'juriste' })).toContain(id);
    expect(await found(w.otherMember.token, { q: 'administratif' })).toContain(id);
    expect(await found(w.otherMember.token, { skills: [law], willing: ['train'], minHours: 10, language: 'fr' })).toContain(id);
    expect(await found(w.otherMember.token, { skills: [law], minHours: 11 })).not.toContain(id);
    expect(badRequest(await post('/directory/search', w.member.token, { skills: ['inconnu'] })).skills).toBe('Terme inconnu du vocabulaire : inconnu.');
    expect(badRequest(await post('/directory/search', w.member.token, { section: 'inconnue' })).section).toBe('Section introuvable.');
  });

  it('a field kept stricter is neither shown nor searchable by those it is hidden from', async () => {
    const hidden = await term('Cybersécurité', 'skill');
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    const id = await optIn(m, profileOf([{ term: hidden, level: 3 }], 'all', { fieldLevels: { skills: 'staff', availability: 'federation', email: 'all' } }));
    const seen = await get(`/profiles/${id}`, w.otherMember.token);
    expect(seen.status).toBe(200);
    expect(seen.body.data.skills).toBeUndefined();
    expect(seen.body.data.availability).toBeUndefined();
    expect(seen.body.data.email).toBe(m.user.email);
    expect(seen.body.data.phone).toBeUndefined();
    expect(await found(w.otherMember.token, { skills: [hidden] })).not.toContain(id);
    expect(await found(w.otherMember.token, { q: `Cybersécurité ${tag}` })).not.toContain(id);
    expect(await found(w.memberB.token, { willing: ['train'] })).toContain(id);
    expect(await found(w.otherMember.token, { willing: ['train'] })).not.toContain(id);
    expect(await found(w.staff.token, { skills: [hidden] })).toContain(id);
    expect((await get(`/profiles/${id}`, w.staff.token)).body.data.skills).toMatchObject([{ term: hidden, level: 3, confirmed: null }]);
  });

  it('« ce que voient les autres »: the preview per audience', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    await optIn(m, profileOf([{ term: writing, level: 2 }], 'federation', { fieldLevels: { skills: 'section' } }));
    const as = async (who: string) => (await get(`/me/preview?as=${who}`, m.token)).body.data;
    expect(await as('member')).toMatchObject({ visible: false, profile: null });
    expect((await as('federation')).profile.skills).toBeUndefined();
    expect((await as('federation')).profile.sector).toBe('Enseignement');
    expect((await as('section')).profile.skills).toHaveLength(1);
    expect((await as('staff')).profile.email).toBeUndefined(); // private by default
    expect(badRequest(await get('/me/preview?as=voisin', m.token)).as).toMatch(/^Vu par/);
  });

  it('withdrawing consent, exclusion and suspension remove the profile from the directory and the search index at once', async () => {
    const word = await term('Apiculture', 'skill');
    const people = [await createMember({ federation: w.federation, section: w.sectionB }), await createMember({ federation: w.federation, section: w.sectionB })];
    const ids = [] as string[];
    for (const p of people) ids.push(await optIn(p, profileOf([{ term: word, level: 2 }], 'all')));
    const searchHits = () => indexedProfiles(`Apiculture ${tag}`, w.otherMember.token);
    expect((await searchHits()).sort()).toEqual(ids.map((id) => `/competences/fiches/${id}`).sort());
    // Withdrawal.
    const withdrawn = await post('/me/consent/withdraw', people[0].token);
    expect(withdrawn.body.data).toMatchObject({ listed: false, consent: { given: false } });
    expect(await found(w.staff.token, { skills: [word] })).toEqual([ids[1]]);
    expectError(await get(`/profiles/${ids[0]}`, w.staff.token), 404);
    expect(await searchHits()).toEqual([`/competences/fiches/${ids[1]}`]);
    // The member still sees their own profile.
    expect((await get('/me/profile', people[0].token)).body.data.profile.skills).toHaveLength(1);
    // Exclusion through membership's own route.
    const excluded = await (await api()).post(`/api/membership/members/${people[1].member.documentId}/status`).set(bearer(w.commission.token)).send({ status: 'excluded', reason: 'Décision de la commission des conflits' });
    expect(excluded.status, JSON.stringify(excluded.body)).toBeLessThan(300);
    expect(await found(w.staff.token, { skills: [word] })).toEqual([]);
    expect(await searchHits()).toEqual([]);
  });

  it('a recorded departure unlists at once; the member’s erasure deletes the profile, the name on confirmations they gave, the link to their proposals', async () => {
    const word = await term('Menuiserie', 'skill');
    const leaver = await createMember({ federation: w.federation, section: w.sectionB });
    const id = await optIn(leaver, profileOf([{ term: word, level: 2 }], 'all'));
    expect(await found(w.staff.token, { skills: [word] })).toEqual([id]);
    expect(await indexedProfiles(`Menuiserie ${tag}`, w.otherMember.token)).toEqual([`/competences/fiches/${id}`]);
    const left = await (await api()).post(`/api/membership/members/${leaver.member.documentId}/departure`).set(bearer(w.staff.token)).send({ on: todayInParis(), reason: 'Démission' });
    expect(left.status, JSON.stringify(left.body)).toBeLessThan(300);
    expect(await found(w.staff.token, { skills: [word] })).toEqual([]);
    expectError(await get(`/profiles/${id}`, w.staff.token), 404);
    expect(await indexedProfiles(`Menuiserie ${tag}`, w.otherMember.token)).toEqual([]);
    // Erasure (membership runs every plugin's part): nothing of the profile stays.
    const confirmer = await createMember({ federation: w.federation, section: w.sectionA, role: 'federation-staff' });
    const other = await createMember({ federation: w.federation, section: w.sectionA });
    const otherId = await optIn(other, profileOf([{ term: word, level: 3 }], 'all'));
    expect((await post(`/profiles/${otherId}/skills/${word}/confirm`, confirmer.token)).status).toBe(200);
    const census = (await post('/censuses', confirmer.token, { title: `Recensement ${tag}`, closesOn: '2099-01-01' })).body.data;
    const censusRow = () => strapi.db.connection('skills_censuses').where({ id: census.id }).first();
    expect((await censusRow()).created_by).toContain(confirmer.user.email);
    const erasure = strapi.plugin('skills').service('erasure');
    const subject = (m: TestMember) => ({ memberId: m.member.id, memberDocumentId: m.member.documentId, userId: m.user.id, federationId: w.federation.id, email: m.user.email, membershipNumber: m.member.membershipNumber, firstName: m.member.firstName, lastName: m.member.lastName });
    expect((await erasure.erase(subject(leaver))).counts).toMatchObject({ profiles: 1, links: 1 });
    expect((await erasure.erase(subject(leaver))).counts).toMatchObject({ profiles: 0, links: 0, networkMemberships: 0 });
    expect(await strapi.db.query('plugin::skills.profile').count({ where: { memberId: leaver.member.id } })).toBe(0);
    expect((await erasure.erase(subject(confirmer))).counts).toMatchObject({ confirmationsAnonymised: 1, censusesAnonymised: 1 });
    expect(await censusRow()).toMatchObject({ created_by: 'Ancien adhérent (Équipe fédérale)', created_by_member: null });
    expect((await erasure.erase(subject(confirmer))).counts).toMatchObject({ confirmationsAnonymised: 0, censusesAnonymised: 0 });
    expect((await get(`/profiles/${otherId}`, w.staff.token)).body.data.skills[0].confirmed.by).toBe('Ancien adhérent');
  });

  it('a member moved to another section: the new section finds them (directory and search), the former one no longer does', async () => {
    const word = await term('Ferronnerie', 'skill');
    const mover = await createMember({ federation: w.federation, section: w.sectionA });
    const id = await optIn(mover, profileOf([{ term: word, level: 2 }], 'section'));
    const link = `/competences/fiches/${id}`;
    expect(await found(w.member.token, { skills: [word] })).toEqual([id]);
    expect(await found(w.memberB.token, { skills: [word] })).toEqual([]);
    expect(await indexedProfiles(`Ferronnerie ${tag}`, w.member.token)).toEqual([link]);
    expect(await indexedProfiles(`Ferronnerie ${tag}`, w.memberB.token)).toEqual([]);
    const moved = await (await api()).put(`/api/membership/members/${mover.member.documentId}`).set(bearer(w.staff.token)).send({ section: w.sectionB.documentId });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await found(w.memberB.token, { skills: [word] })).toEqual([id]);
    expect(await found(w.member.token, { skills: [word] })).toEqual([]);
    expect((await get(`/profiles/${id}`, w.memberB.token)).status).toBe(200);
    expectError(await get(`/profiles/${id}`, w.member.token), 404);
    expect(await indexedProfiles(`Ferronnerie ${tag}`, w.memberB.token)).toEqual([link]);
    expect(await indexedProfiles(`Ferronnerie ${tag}`, w.member.token)).toEqual([]);
    expect((await auditEntriesFor(id))[0]).toMatchObject({ action: 'plugin::skills.profile.member-moved' });
  });

  it('more than N directory searches a minute by one account → 429 in French', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    process.env.SKILLS_SEARCHES_PER_MINUTE = '3';
    try {
      for (let i = 0; i < 3; i++) expect((await post('/directory/search', m.token, { skills: [writing] })).status).toBe(200);
      expectError(await post('/directory/search', m.token, { skills: [writing] }), 429, /Trop de recherches dans l’annuaire/);
      expect((await post('/directory/search', w.memberB.token, { skills: [writing] })).status).toBe(200); // another account
    } finally {
      delete process.env.SKILLS_SEARCHES_PER_MINUTE;
    }
  });

  it('every search of people is recorded in the audit log', async () => {
    await found(w.memberB.token, { skills: [writing], willing: ['write'] });
    const entry = await strapi.db.connection('audit_log').where({ action: 'plugin::skills.directory.search', actor_id: w.memberB.user.id }).orderBy('seq', 'desc').first();
    expect(entry).toBeTruthy();
    expect(JSON.stringify(entry.details)).toContain('write');
  });
});

describe('matching and confirmation', () => {
  let skill: string;
  const people: Record<string, { m: TestMember; id: string }> = {};

  beforeAll(async () => {
    const parent = await term('Formation', 'skill');
    skill = await term('Animation de formation', 'skill', parent);
    const specs: [string, any, number, Record<string, unknown>][] = [
      ['expertFar', w.other, 4, { willingness: [], hoursPerMonth: 0 }],
      ['expertNear', w.federation, 4, { willingness: ['train'], hoursPerMonth: 20 }],
      ['beginner', w.federation, 1, { willingness: ['train'], hoursPerMonth: 2 }],
      ['hiddenAvailability', w.federation, 3, { willingness: ['train'], hoursPerMonth: 20, fieldLevels: { availability: 'private' } }],
    ];
    for (const [name, federation, level, extra] of specs) {
      const m = await createMember({ federation, section: federation === w.other ? w.otherSection : w.sectionB });
      people[name] = { m, id: await optIn(m, profileOf([{ term: skill, level }], 'all', extra)) };
    }
    const noConsent = await createMember({ federation: w.federation, section: w.sectionB });
    await put('/me/profile', noConsent.token, profileOf([{ term: skill, level: 4 }], 'all'));
  });

  it('POST /matching: staff only, ranked by level, confirmation, availability and proximity; availability hidden is not used', async () => {
    expectError(await post('/matching', w.member.token, { skill: parentless() }), 403);
    expectError(await post('/matching', w.secretary.token, { skill }), 403);
    expect(badRequest(await post('/matching', w.staff.token, { skill: 'inconnue' })).skill).toBe('Compétence inconnue du vocabulaire : inconnue.');
    const res = await post('/matching', w.staff.token, { skill, section: w.sectionB.documentId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const order = res.body.data.map((m: any) => m.profile);
    // expertFar: 40 (level); hiddenAvailability: 30 + 6 (same section), its availability not counted.
    expect(order).toEqual([people.expertNear.id, people.expertFar.id, people.hiddenAvailability.id, people.beginner.id]);
    expect(res.body.data[2]).toMatchObject({ willingToTrain: null, hoursPerMonth: null });
    expect(res.body.data[0]).toMatchObject({ proximity: 2, willingToTrain: true, skill: { level: 4, confirmed: false } });
    const entry = await strapi.db.connection('audit_log').where({ action: 'plugin::skills.matching.run', actor_id: w.staff.user.id }).orderBy('seq', 'desc').first();
    expect(JSON.stringify(entry.details)).toMatch(/suggested\W+4/);
  });

  it('a confirmation by the member’s federation staff raises the rank; others may not confirm (403), hidden profiles 404', async () => {
    expectError(await post(`/profiles/${people.beginner.id}/skills/${skill}/confirm`, w.memberB.token), 403);
    expectError(await post(`/profiles/${people.beginner.id}/skills/${skill}/confirm`, w.otherStaff.token), 403);
    expectError(await post(`/profiles/${people.beginner.id}/skills/${writing}/confirm`, w.staff.token), 404, 'Cette compétence n’est pas sur la fiche.');
    const ok = await post(`/profiles/${people.beginner.id}/skills/${skill}/confirm`, w.staff.token);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    // Named with their role, never with their address (profiles are read by members).
    expect(ok.body.data.confirmed.by).toBe(`${w.staff.member.firstName} ${w.staff.member.lastName} (Équipe fédérale)`);
    const trainers = await strapi.plugin('skills').service('matching').suggestMembers({ skill, federationId: w.federation.id, limit: 10 });
    expect(trainers.find((t: any) => t.profile === people.beginner.id).skill.confirmed).toBe(true);
    expect(trainers.map((t: any) => t.profile)).not.toContain(undefined);
  });

  function parentless() {
    return skill;
  }
});

describe('thematic networks', () => {
  let slug: string;
  let coordinator: TestMember;
  let joiner: TestMember;
  let silent: TestMember;

  beforeAll(async () => {
    coordinator = await createMember({ federation: w.federation, section: w.sectionA });
    joiner = await createMember({ federation: w.federation, section: w.sectionB });
    silent = await createMember({ federation: w.federation, section: w.sectionB });
    await optIn(coordinator, profileOf([{ term: writing, level: 3 }], 'staff'));
    await optIn(joiner, profileOf([{ term: writing, level: 2 }], 'staff', { sector: 'Santé' }));
    await put('/me/profile', silent.token, profileOf([{ term: writing, level: 4 }], 'all')); // never consented
  });

  it('staff create a network of their federation with coordinators; members may not (403); 400 in French', async () => {
    const body = { name: `Réseau santé ${tag}`, description: 'Soignants', coordinators: [coordinator.member.documentId] };
    expectError(await post('/networks', w.member.token, body), 403);
    expect(badRequest(await post('/networks', w.staff.token, { ...body, name: '' })).name).toBe('Le nom est obligatoire.');
    expect(badRequest(await post('/networks', w.staff.token, { ...body, coordinators: [w.otherMember.member.documentId] })).coordinators).toMatch(/fédération du réseau/);
    const res = await post('/networks', w.staff.token, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    slug = res.body.data.slug;
    expectError(await post('/networks', w.staff.token, body), 409);
    expectError(await get(`/networks/${slug}`, w.otherMember.token), 404, 'Réseau introuvable.');
  });

  it('members join (opt-in) and see each other with only the fields each shared; a member without consent never appears', async () => {
    expect((await post(`/networks/${slug}/join`, joiner.token, { sharedFields: ['sector', 'email'] })).body.data.myRole).toBe('member');
    expect((await post(`/networks/${slug}/join`, silent.token, { sharedFields: ['skills', 'email'] })).status).toBe(200);
    expect(badRequest(await post(`/networks/${slug}/join`, joiner.token, { sharedFields: ['password'] }))['sharedFields.0']).toMatch(/^Champ partagé/);
    const outside = await get(`/networks/${slug}`, w.memberB.token);
    expect(outside.body.data).toMatchObject({ myRole: null, members: null });
    const inside = (await get(`/networks/${slug}`, joiner.token)).body.data.members;
    expect(inside.map((m: any) => m.documentId)).toHaveLength(2);
    const seenJoiner = inside.find((m: any) => m.role === 'member');
    expect(seenJoiner).toMatchObject({ sector: 'Santé', email: joiner.user.email });
    expect(seenJoiner.skills).toBeUndefined();
    expect(seenJoiner.phone).toBeUndefined();
  });

  it('the coordinator exports the contact list (CSV, audited); anyone else → 403', async () => {
    expectError(await post(`/networks/${slug}/export`, joiner.token), 403, 'Seuls les coordinateurs du réseau exportent sa liste de contacts.');
    expectError(await post(`/networks/${slug}/export`, w.staff.token), 403);
    expectError(await post(`/networks/${slug}/export`, w.otherMember.token), 404);
    const res = await post(`/networks/${slug}/export`, coordinator.token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const csv = res.text;
    expect(csv).toContain(joiner.user.email);
    expect(csv).toContain('Santé');
    expect(csv).not.toContain(silent.user.email);
    expect(csv).not.toContain(coordinator.user.email); // the coordinator shared only skills
    expect((await auditEntriesFor(slug))[0]).toMatchObject({ action: 'plugin::skills.network.export' });
  });

  it('a coordinator confirms the skill of a member of their network', async () => {
    const joinerProfile = (await get('/me/profile', joiner.token)).body.data.profile.documentId;
    // Not shared with the network, not shown to the coordinator by the directory (staff only).
    expectError(await post(`/profiles/${joinerProfile}/skills/${writing}/confirm`, coordinator.token), 404);
    await post(`/networks/${slug}/join`, joiner.token, { sharedFields: ['skills', 'sector', 'email'] });
    const res = await post(`/profiles/${joinerProfile}/skills/${writing}/confirm`, coordinator.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});

describe('census campaigns', () => {
  it('staff open a census: 403 for a member, 400 in French, 404 for another federation; members see the open ones', async () => {
    expectError(await post('/censuses', w.member.token, { title: 'Recensement', closesOn: '2099-01-01' }), 403);
    expect(badRequest(await post('/censuses', w.staff.token, { title: 'Recensement', closesOn: '2020-01-01' })).closesOn).toBe('La date de clôture est passée.');
    expect(badRequest(await post('/censuses', w.staff.token, { title: 'Recensement', closesOn: '2099-02-30' })).closesOn).toBe('Date de clôture : cette date n’existe pas.');
    const res = await post('/censuses', w.staff.token, { title: `Recensement ${tag}`, closesOn: '2099-01-01' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const census = res.body.data;
    expect(census.maskedUnder).toBe(5);
    expectError(await get(`/censuses/${census.id}`, w.otherStaff.token), 404);
    expectError(await get(`/censuses/${census.id}`, w.member.token), 403);
    expect((await get(`/censuses/${census.id}`, w.staff.token)).status).toBe(200);
    expect((await get('/censuses', w.member.token)).body.data.map((c: any) => c.id)).toContain(census.id);
    expect((await get('/censuses', w.otherMember.token)).body.data.map((c: any) => c.id)).not.toContain(census.id);
  });

  describe('in a federation of known size', () => {
    // Sections « Grande » (9 active: 7 consented), « Moyenne » (6: 5), « Petite » (2: 1).
    let fed: any;
    let staff: TestMember;
    let censusId: number;
    const invitedExpected: number[] = [];
    const notInvited: Record<string, number> = {};

    beforeAll(async () => {
      fed = await createFederation();
      const sections = { Grande: await createSection(fed, 'Grande'), Moyenne: await createSection(fed, 'Moyenne'), Petite: await createSection(fed, 'Petite') };
      staff = await createMember({ federation: fed, section: sections.Grande, role: 'federation-staff' }); // active, no profile: invited
      invitedExpected.push(staff.member.id);
      const sizes: [keyof typeof sections, number, number][] = [['Grande', 8, 7], ['Moyenne', 6, 5], ['Petite', 2, 1]];
      for (const [name, members, consented] of sizes) {
        for (let i = 0; i < members; i++) {
          const m = await createMember({ federation: fed, section: sections[name] });
          if (i < consented) {
            await optIn(m, profileOf([{ term: writing, level: 2 }], 'staff'));
            notInvited[`consented ${name} ${i}`] = m.member.id;
          } else if (name === 'Grande') {
            // A profile saved without consent does not count as completed: still invited.
            expect((await put('/me/profile', m.token, profileOf([{ term: writing, level: 1 }], 'all'))).status).toBe(200);
            invitedExpected.push(m.member.id);
          } else invitedExpected.push(m.member.id);
        }
      }
      notInvited.excluded = (await createMember({ federation: fed, section: sections.Grande, status: 'excluded' })).member.id;
      notInvited.otherFederation = w.otherMember.member.id;
      notInvited.sameFederationWorld = w.member.member.id;
      const res = await post('/censuses', staff.token, { title: `Recensement chiffré ${tag}`, closesOn: '2099-01-01' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      censusId = res.body.data.id;
    });

    it('completion: exact figures for a large section; under 5 masked with the shared rule, and its complement so the total does not give it away', async () => {
      const res = await get(`/censuses/${censusId}`, staff.token);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const c = res.body.data;
      expect(c.total).toEqual({ members: 17, completed: 13, membersLabel: '17', completedLabel: '13', rate: 76.5, masked: false });
      expect(c.sections).toEqual([
        { section: 'Grande', members: 9, completed: 7, membersLabel: '9', completedLabel: '7', rate: 77.8, masked: false },
        // The smallest other section: masked too (« masqué »), or 17 − 9 − 6 would give « Petite ».
        { section: 'Moyenne', members: null, completed: null, membersLabel: 'masqué', completedLabel: 'masqué', rate: null, masked: true },
        { section: 'Petite', members: null, completed: null, membersLabel: 'moins de 5', completedLabel: 'moins de 5', rate: null, masked: true },
      ]);
      // Nothing shown lets one recover a masked count by subtraction.
      const shownMembers = c.sections.filter((s: any) => s.members !== null).reduce((t: number, s: any) => t + s.members, 0);
      expect(c.sections.filter((s: any) => s.members === null).length).not.toBe(1);
      expect(shownMembers).toBeLessThan(c.total.members);
    });

    it('the invitation goes, once, to exactly the active members of the federation without a consented profile', async () => {
      const scheduler = strapi.plugin('notifications').service('scheduler');
      const recipients = async () =>
        ((await strapi.db.connection('notifications_messages').where({ event_key: `skills.census-invitation:${censusId}` }).select('member_id')) as { member_id: number }[]).map((r) => Number(r.member_id)).sort((a, b) => a - b);
      await scheduler.tick(new Date());
      const first = await recipients();
      expect(first).toEqual([...invitedExpected].sort((a, b) => a - b));
      for (const [who, id] of Object.entries(notInvited)) expect(first, who).not.toContain(id);
      await scheduler.tick(new Date());
      expect(await recipients()).toEqual(first);
      await strapi.plugin('notifications').service('outbox').drain();
    });
  });
});

describe('« Mes données » and erasure', () => {
  it('the personal-data part lists the profile, consent and links; erasure removes everything', async () => {
    const m = await createMember({ federation: w.federation, section: w.sectionA });
    await optIn(m, profileOf([{ term: writing, level: 2 }], 'all'));
    const part = await strapi.plugin('skills').service('personal-data').personalData({ memberId: m.member.id, memberDocumentId: m.member.documentId, userId: m.user.id });
    expect(part.sections[0].rows[0]).toMatchObject({ 'Consentement (version du texte)': CONSENT, 'Montrée dans l’annuaire': true });
    expect(part.sections[1].rows).toHaveLength(1);
    const erased = await post('/me/profile/erase', m.token);
    expect(erased.body.data).toMatchObject({ profile: null, listed: false });
    expectError(await post('/me/profile/erase', m.token), 404);
  });
});

describe('a suspended member', () => {
  it('may not read other members’ profiles (403 as in training: search, profile page, roster, export, confirmation) but keeps their own', async () => {
    const skill = await term('Ébénisterie', 'skill');
    const suspended = await createMember({ federation: w.federation, section: w.sectionA });
    const shown = await createMember({ federation: w.federation, section: w.sectionA });
    const ownId = await optIn(suspended, profileOf([{ term: skill, level: 2 }], 'all'));
    const shownId = await optIn(shown, profileOf([{ term: skill, level: 3 }], 'all'));
    const created = await post('/networks', w.staff.token, { name: `Réseau menuisiers ${tag}`, description: null, coordinators: [suspended.member.documentId] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const slug = created.body.data.slug as string;
    expect((await post(`/networks/${slug}/join`, shown.token, { sharedFields: ['skills'] })).status).toBe(200);
    // Before: the member reads the directory, the profile, the roster, the export.
    expect((await found(suspended.token, { skills: [skill] })).sort()).toEqual([ownId, shownId].sort());
    expect((await get(`/profiles/${shownId}`, suspended.token)).status).toBe(200);
    expect((await get(`/networks/${slug}`, suspended.token)).body.data.members).toHaveLength(2);
    expect((await post(`/networks/${slug}/export`, suspended.token)).status).toBe(200);
    expect(await indexedProfiles(`Ébénisterie ${tag}`, suspended.token)).toContain(`/competences/fiches/${shownId}`);
    // A precautionary suspension, through membership's own route.
    const res = await (await api())
      .post(`/api/membership/members/${suspended.member.documentId}/status`)
      .set(bearer(w.commission.token))
      .send({ status: 'suspended', until: '2099-12-31', reason: 'Suspension conservatoire' });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    suspended.token = await tokenFor(strapi, suspended.user); // the suspension ended their sessions: they sign in again
    const message = 'Votre adhésion est suspendue : l’annuaire des compétences vous sera rouvert à sa levée.';
    expectError(await post('/directory/search', suspended.token, { skills: [skill] }), 403, message);
    expectError(await get(`/profiles/${shownId}`, suspended.token), 403, message);
    expectError(await post(`/networks/${slug}/export`, suspended.token), 403, message);
    expectError(await post(`/profiles/${shownId}/skills/${skill}/confirm`, suspended.token), 403, message);
    // Nor through the intranet's search.
    expect(await indexedProfiles(`Ébénisterie ${tag}`, suspended.token)).toEqual([]);
    // … while an account without member profile (national staff) is not barred by a membership it does not have.
    expect(await indexedProfiles(`Ébénisterie ${tag}`, w.national.token)).toContain(`/competences/fiches/${shownId}`);
    const network = await get(`/networks/${slug}`, suspended.token);
    expect(network.status).toBe(200);
    expect(network.body.data).toMatchObject({ myRole: 'coordinator', members: null });
    // Their own profile stays theirs: read it, withdraw consent, erase it.
    const mine = await get('/me/profile', suspended.token);
    expect(mine.status).toBe(200);
    expect(mine.body.data).toMatchObject({ listed: false, profile: { skills: [{ term: skill, level: 2 }] } });
    expect((await post('/me/consent/withdraw', suspended.token)).body.data).toMatchObject({ consent: { given: false } });
    expect((await post('/me/profile/erase', suspended.token)).body.data.profile).toBeNull();
  });
});

describe('a suspension ended by its date', () => {
  it('no longer bars the member: their next write lists their consented profile again', async () => {
    const skill = await term('Tonnellerie', 'skill');
    const member = await createMember({ federation: w.federation, section: w.sectionA });
    const reader = await createMember({ federation: w.federation, section: w.sectionA });
    const body = profileOf([{ term: skill, level: 2 }], 'all');
    const id = await optIn(member, body);
    const res = await (await api())
      .post(`/api/membership/members/${member.member.documentId}/status`)
      .set(bearer(w.commission.token))
      .send({ status: 'suspended', until: '2099-12-31', reason: 'Suspension conservatoire' });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    expect(await found(reader.token, { skills: [skill] })).not.toContain(id);
    // Time passes: the suspension's last day is behind (stored status unchanged, as in real life).
    await strapi.db.query('plugin::membership.member').update({ where: { id: member.member.id }, data: { suspendedUntil: '2020-01-01' } });
    member.token = await tokenFor(strapi, member.user);
    expect((await put('/me/profile', member.token, body)).body.data).toMatchObject({ listed: true });
    expect(await found(reader.token, { skills: [skill] })).toContain(id);
  });
});

describe('a federation that switched « Compétences et réseaux » off', () => {
  it('has its members’ profiles served to nobody (search, profile page, roster, matching, suggestions), kept until it is switched on again', async () => {
    const skill = await term('Vannerie', 'skill');
    const far = await createMember({ federation: w.other, section: w.otherSection });
    const farId = await optIn(far, profileOf([{ term: skill, level: 4 }], 'all'));
    const reader = await createMember({ federation: w.federation, section: w.sectionA });
    const created = await post('/networks', w.national.token, { name: `Réseau vanniers ${tag}`, description: null, national: true, coordinators: [reader.member.documentId] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const slug = created.body.data.slug as string;
    expect((await post(`/networks/${slug}/join`, far.token, { sharedFields: ['skills'] })).status).toBe(200);
    const matching = strapi.plugin('skills').service('matching');
    const served = async () => ({
      member: await found(reader.token, { skills: [skill] }),
      national: await found(w.national.token, { skills: [skill] }),
      page: (await get(`/profiles/${farId}`, reader.token)).status,
      nationalPage: (await get(`/profiles/${farId}`, w.national.token)).status,
      roster: ((await get(`/networks/${slug}`, reader.token)).body.data.members as { documentId: string }[]).map((m) => m.documentId),
      matching: ((await post('/matching', w.staff.token, { skill })).body.data as { profile: string }[]).map((m) => m.profile),
      suggested: ((await matching.suggestMembers({ skill, federationId: w.federation.id })) as { profile: string }[]).map((m) => m.profile),
      searched: await indexedProfiles(`Vannerie ${tag}`, reader.token),
      nationalSearched: await indexedProfiles(`Vannerie ${tag}`, w.national.token),
    });
    const everywhere = { member: [farId], national: [farId], page: 200, nationalPage: 200, roster: [farId], matching: [farId], suggested: [farId], searched: [`/competences/fiches/${farId}`], nationalSearched: [`/competences/fiches/${farId}`] };
    expect(await served()).toEqual(everywhere);
    const switches = strapi.plugin('modules').service('switches');
    await switches.set(w.other.id, 'skills', false);
    try {
      expect(await served()).toEqual({ member: [], national: [], page: 404, nationalPage: 404, roster: [], matching: [], suggested: [], searched: [], nationalSearched: [] });
      // Absent, as an unknown profile is.
      const unknown = await get('/profiles/inconnue', reader.token);
      expect((await get(`/profiles/${farId}`, reader.token)).body).toEqual(unknown.body);
      expectError(await post(`/profiles/${farId}/skills/${skill}/confirm`, w.national.token), 404, 'Fiche introuvable.');
    } finally {
      await switches.set(w.other.id, 'skills', true);
    }
    // Kept, not deleted: switched on again, the profile is back.
    expect(await served()).toEqual(everywhere);
  });
});
