import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createFederation, createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';

/** Every consultations route: 401, 403 (no role, module off, other federation), 400, then the rules of each phase. */
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
let w: World;
let switchedOff: TestMember;
let switchedOffStaff: TestMember;
let id: string;
let mine: string; // a contribution of w.member
let theirs: string; // a contribution of w.memberB

const calendar = (opensIn = -1) => ({
  opensAt: at(opensIn),
  phases: { contribution: { endsAt: at(10) }, analysis: { endsAt: at(20) }, evaluation: { endsAt: at(30) }, vote: { endsAt: at(40) } },
});

beforeAll(async () => {
  w = await createWorld();
  const strapi = await bootStrapi();
  const switches = strapi.plugin('modules').service('switches');
  await switches.set(w.federation.id, 'consultations', true);
  await switches.set(w.other.id, 'consultations', true);
  const off = await createFederation(); // keeps the module's default: off
  switchedOff = await createMember({ federation: off });
  switchedOffStaff = await createMember({ federation: off, role: 'federation-staff' });
  const http = await api();
  const created = await http.post('/api/consultations').set(bearer(w.staff.token)).send({ title: 'Règles de vie de la fédération', audience: 'federation', ...calendar() });
  id = created.body.data.documentId;
  await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'draft' });
  mine = (await http.post(`/api/consultations/${id}/contributions`).set(bearer(w.member.token)).send({ title: 'Réunions mensuelles', body: 'Une réunion de section chaque mois.' })).body.data.documentId;
  theirs = (await http.post(`/api/consultations/${id}/contributions`).set(bearer(w.memberB.token)).send({ title: 'Un journal', body: 'Un journal interne mensuel.' })).body.data.documentId;
});

type Case = { method: 'get' | 'post' | 'put'; path: () => string; body?: object; staffOnly?: boolean };
const routes: Record<string, Case> = {
  list: { method: 'get', path: () => '/api/consultations' },
  open: { method: 'get', path: () => '/api/consultations/open' },
  create: { method: 'post', path: () => '/api/consultations', body: { title: 'X', audience: 'federation', ...calendar(5) }, staffOnly: true },
  show: { method: 'get', path: () => `/api/consultations/${id}` },
  update: { method: 'put', path: () => `/api/consultations/${id}`, body: { title: 'Autre titre' }, staffOnly: true },
  advance: { method: 'post', path: () => `/api/consultations/${id}/advance`, body: { from: 'vote' }, staffOnly: true },
  statistics: { method: 'get', path: () => `/api/consultations/${id}/statistics`, staffOnly: true },
  contributions: { method: 'get', path: () => `/api/consultations/${id}/contributions` },
  contribute: { method: 'post', path: () => `/api/consultations/${id}/contributions`, body: { title: 'Idée', body: 'Une idée.' } },
  contribution: { method: 'get', path: () => `/api/consultations/${id}/contributions/${mine}` },
  edit: { method: 'put', path: () => `/api/consultations/${id}/contributions/${mine}`, body: { title: 'Réunions chaque mois' } },
  withdraw: { method: 'post', path: () => `/api/consultations/${id}/contributions/${theirs}/withdraw` },
  moderate: { method: 'post', path: () => `/api/consultations/${id}/contributions/${mine}/moderation`, body: { hidden: true, reason: 'Hors sujet' }, staffOnly: true },
  similar: { method: 'get', path: () => `/api/consultations/${id}/contributions/${mine}/similar`, staffOnly: true },
  suggestions: { method: 'get', path: () => `/api/consultations/${id}/suggestions`, staffOnly: true },
  rejectSuggestion: { method: 'post', path: () => `/api/consultations/${id}/suggestions/rejections`, body: { contribution: 'x', others: ['y'] }, staffOnly: true },
  proposals: { method: 'get', path: () => `/api/consultations/${id}/proposals` },
  propose: { method: 'post', path: () => `/api/consultations/${id}/proposals`, body: { title: 'P', sources: [] }, staffOnly: true },
  grades: { method: 'put', path: () => `/api/consultations/${id}/grades`, body: { grades: [{ proposal: 'x', impact: 3 }] } },
  results: { method: 'get', path: () => `/api/consultations/${id}/results` },
  chart: { method: 'get', path: () => `/api/consultations/${id}/results/chart.svg` },
  synthesis: { method: 'get', path: () => `/api/consultations/${id}/synthesis` },
  compose: { method: 'post', path: () => `/api/consultations/${id}/synthesis`, body: {}, staffOnly: true },
  print: { method: 'get', path: () => `/api/consultations/${id}/synthesis/print` },
  vote: { method: 'get', path: () => `/api/consultations/${id}/vote` },
  cast: { method: 'post', path: () => `/api/consultations/${id}/vote`, body: { choice: 'for' } },
  ballots: { method: 'get', path: () => `/api/consultations/${id}/ballots` },
  export: { method: 'get', path: () => `/api/consultations/${id}/exports/contributions`, staffOnly: true },
};

const call = async (c: Case, token?: string, body = c.body) => {
  const http = await api();
  const req = http[c.method](c.path());
  if (token) req.set(bearer(token));
  return c.method === 'get' ? req : req.send(body ?? {});
};

describe('every route refuses whoever may not call it', () => {
  it.each(Object.entries(routes))('%s: 401 anonymous, 403 without role, 403 module off', async (_name, c) => {
    expectError(await call(c), 401);
    expectError(await call(c, w.outsider.token), 403);
    const caller = c.staffOnly ? switchedOffStaff : switchedOff; // the role is checked before the module
    expectError(await call(c, caller.token), 403, 'Le module « Consultations » n’est pas activé pour votre fédération.');
  });

  it.each(Object.entries(routes).filter(([name]) => !['list', 'open', 'create'].includes(name)))(
    '%s: 404 for another federation’s members and staff (issue 10: what one may not see looks absent)',
    async (_name, c) => {
      // Members are refused staff routes by their role, whatever the consultation (403).
      if (c.staffOnly) expectError(await call(c, w.otherMember.token), 403);
      else expectError(await call(c, w.otherMember.token), 404, 'Consultation introuvable.');
      expectError(await call(c, w.otherStaff.token), 404, 'Consultation introuvable.');
    }
  );

  it.each(Object.entries(routes).filter(([, c]) => c.staffOnly))('%s: 403 for members (staff only)', async (_name, c) => {
    expectError(await call(c, w.member.token), 403);
  });

  it('lists only what concerns the caller', async () => {
    const http = await api();
    const ids = async (token: string) => (await http.get('/api/consultations').set(bearer(token))).body.data.map((c: any) => c.documentId);
    expect(await ids(w.member.token)).toContain(id);
    expect(await ids(w.otherMember.token)).not.toContain(id);
  });

  it('lists the open ones with where the caller stands (the portal home card’s one read)', async () => {
    const http = await api();
    const open = async (token: string) => (await http.get('/api/consultations/open').set(bearer(token)).expect(200)).body.data;
    const mineNow = (await open(w.member.token)).find((c: any) => c.documentId === id);
    expect(mineNow).toMatchObject({ title: 'Règles de vie de la fédération', phase: 'contribution', phaseLabel: expect.any(String), endsAt: expect.any(String) });
    expect(mineNow.me).toMatchObject({ eligibility: { eligible: true }, grading: null, voted: false });
    expect(mineNow.me.contributions).toBeGreaterThanOrEqual(1);
    expect((await open(w.otherMember.token)).map((c: any) => c.documentId)).not.toContain(id);
    // A draft is not open, even for the staff who run it.
    const draft = (await http.post('/api/consultations').set(bearer(w.staff.token)).send({ title: 'Brouillon', audience: 'federation', ...calendar(5) })).body.data.documentId;
    expect((await open(w.staff.token)).map((c: any) => c.documentId)).not.toContain(draft);
    expect((await http.get('/api/consultations/open?limit=1').set(bearer(w.member.token)).expect(200)).body.data).toHaveLength(1); // she has at least one open
  });
});

describe('bad input answers 400 with French messages', () => {
  it('on a consultation', async () => {
    const http = await api();
    const messages = badRequest(
      await http.post('/api/consultations').set(bearer(w.staff.token)).send({ title: '', audience: 'partout', opensAt: 'demain', phases: { vote: {} }, quorumPercent: 140 })
    );
    expect(messages).toMatchObject({
      title: 'Le titre est obligatoire.',
      audience: 'Périmètre inconnu : national, federation ou section.',
      quorumPercent: 'Le quorum va de 0 à 100 %.',
    });
    expect(messages.opensAt).toMatch(/date et heure attendues/);
    const incoherent = await http.post('/api/consultations').set(bearer(w.staff.token)).send({
      title: 'Calendrier', audience: 'federation', opensAt: at(1),
      phases: { contribution: { endsAt: at(5) }, analysis: { endsAt: at(3) }, evaluation: { endsAt: at(8) }, vote: { endsAt: at(9) } },
    });
    expect(badRequest(incoherent)['phases.analysis.endsAt']).toBe('La phase « Analyse et regroupement » doit finir après la phase précédente.');
    const quick = await http.post('/api/consultations').set(bearer(w.staff.token)).send({ kind: 'quick', title: 'Question', audience: 'federation', answerType: 'choice', opensAt: at(1), phases: { vote: { endsAt: at(3) } } });
    expect(badRequest(quick)).toMatchObject({ question: 'Une question rapide a besoin de sa question.', choices: 'Proposez au moins deux choix (une liste de textes).' });
    // Hangul fillers or zero-width spaces alone show nothing: as blank as « ».
    const invisible = await http.post('/api/consultations').set(bearer(w.staff.token)).send({
      kind: 'quick', title: 'Question', audience: 'federation', question: '\u3164\u3164\u3164', answerType: 'choice', choices: ['Oui', '\u3164'], opensAt: at(1), phases: { vote: { endsAt: at(3) } },
    });
    expect(badRequest(invisible)).toMatchObject({ question: 'La question est trop courte.', 'choices.1': 'Un choix est obligatoire.' });
    // Written outside the API (admin panel, seed): the integrity rule sees the blank too.
    const strapi = await bootStrapi();
    const direct = strapi.documents('plugin::consultations.consultation').create({
      data: { kind: 'quick', title: 'Question', audience: 'federation', federation: w.federation.id, opensAt: at(1), voteEndsAt: at(3), question: '\u200b\u3164\u2800', answerType: 'graded' } as never,
    });
    await expect(direct).rejects.toThrow('Une question rapide a besoin de sa question.');
    expectError(await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'hier' }), 400, 'Indiquez la phase que vous terminez');
  });

  it('on contributions, grades and ballots', async () => {
    const http = await api();
    expect(badRequest(await http.post(`/api/consultations/${id}/contributions`).set(bearer(w.member.token)).send({ title: '', body: 'x'.repeat(5001) }))).toMatchObject({
      title: 'Le titre est obligatoire.',
      body: 'Le texte : 5000 caractères au plus.',
    });
    expectError(await http.post(`/api/consultations/${id}/contributions/${mine}/moderation`).set(bearer(w.staff.token)).send({ hidden: true }), 400, 'Le motif est obligatoire');
    expect(badRequest(await http.post(`/api/consultations/${id}/contributions/${mine}/moderation`).set(bearer(w.staff.token)).send({ hidden: true, reason: '\u200b\u200b\u200b' })).reason).toBe('Le motif est obligatoire (3 caractères au moins).');
    expectError(await http.put(`/api/consultations/${id}/grades`).set(bearer(w.member.token)).send({ grades: [{ proposal: 'abc', impact: 0 }] }), 400, 'va de 1 à 5');
    expectError(await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send({ choice: 'oui' }), 400, 'for (pour)');
    expectError(await http.get(`/api/consultations/${id}/suggestions?threshold=2`).set(bearer(w.staff.token)), 400, 'Le seuil va de 0,05 à 0,95.');
    expectError(await http.get(`/api/consultations/${id}/exports/tout`).set(bearer(w.staff.token)), 400, 'Export inconnu');
    expectError(await http.get('/api/consultations/inconnue').set(bearer(w.member.token)), 404, 'Consultation introuvable.');
    for (const limit of ['0', '21', 'abc', '1e1']) expectError(await http.get(`/api/consultations/open?limit=${limit}`).set(bearer(w.member.token)), 400, 'Le nombre de consultations va de 1 à 20.');
    expectError(await http.get('/api/consultations/open?page=2').set(bearer(w.member.token)), 400);
  });
});

describe('contributions belong to their authors until the phase ends', () => {
  it('lets an author edit and withdraw their own, never someone else’s', async () => {
    const http = await api();
    // Another member's contribution looks absent: the same answer as an unknown one, and it is left as it was.
    const unknown = await http.put(`/api/consultations/${id}/contributions/inconnue`).set(bearer(w.member.token)).send({ title: 'Piraté' });
    expectError(unknown, 404, 'Contribution introuvable.');
    for (const res of [
      await http.put(`/api/consultations/${id}/contributions/${theirs}`).set(bearer(w.member.token)).send({ title: 'Piraté' }),
      await http.post(`/api/consultations/${id}/contributions/${theirs}/withdraw`).set(bearer(w.member.token)),
      await http.get(`/api/consultations/${id}/contributions/${theirs}`).set(bearer(w.member.token)),
    ]) expect({ status: res.status, body: res.body }).toEqual({ status: 404, body: unknown.body });
    // The consultation's staff read it, so they are told why they may not edit it.
    expectError(await http.put(`/api/consultations/${id}/contributions/${theirs}`).set(bearer(w.staff.token)).send({ title: 'Piraté' }), 403, 'vos propres contributions');
    expect((await http.get(`/api/consultations/${id}/contributions/${theirs}`).set(bearer(w.memberB.token))).body.data.title).not.toBe('Piraté');
    const edited = await http.put(`/api/consultations/${id}/contributions/${mine}`).set(bearer(w.member.token)).send({ title: 'Une réunion par mois' });
    expect(edited.body.data.title).toBe('Une réunion par mois');
    const gone = await http.post(`/api/consultations/${id}/contributions/${theirs}/withdraw`).set(bearer(w.memberB.token));
    expect(gone.body.data.state).toBe('withdrawn');
    expectError(await http.post(`/api/consultations/${id}/contributions/${theirs}/withdraw`).set(bearer(w.memberB.token)), 409, 'déjà retirée');
    const own = await http.get(`/api/consultations/${id}/contributions`).set(bearer(w.member.token));
    expect(own.body.data.map((c: any) => c.documentId)).toEqual([mine]);
  });

  it('lets staff hide a contribution with a reason, logged, and bring it back; nothing is deleted', async () => {
    const http = await api();
    const hidden = await http.post(`/api/consultations/${id}/contributions/${mine}/moderation`).set(bearer(w.staff.token)).send({ hidden: true, reason: 'Propos injurieux' });
    expect(hidden.body.data).toMatchObject({ state: 'hidden', hiddenReason: 'Propos injurieux' });
    const listed = await http.get(`/api/consultations/${id}/contributions?state=hidden`).set(bearer(w.staff.token));
    expect(listed.body.data.map((c: any) => [c.documentId, c.author.membershipNumber])).toEqual([[mine, w.member.member.membershipNumber]]);
    const strapi = await bootStrapi();
    const [entry] = await strapi.db.connection('audit_log').where({ subject_id: mine, action: 'plugin::consultations.contribution.hide' });
    expect(JSON.parse(entry.details)).toEqual({ reason: 'Propos injurieux' });
    const back = await http.post(`/api/consultations/${id}/contributions/${mine}/moderation`).set(bearer(w.staff.token)).send({ hidden: false, reason: 'Reformulée' });
    expect(back.body.data.state).toBe('submitted');
  });
});

describe('each action belongs to its phase (409 naming the phase)', () => {
  it('refuses grading, proposals, synthesis and voting during the contributions', async () => {
    const http = await api();
    expectError(await http.post(`/api/consultations/${id}/proposals`).set(bearer(w.staff.token)).send({ title: 'Trop tôt', sources: [mine] }), 409, 'phase « Contributions », pas en phase « Analyse et regroupement »');
    expectError(await http.put(`/api/consultations/${id}/grades`).set(bearer(w.member.token)).send({ grades: [{ proposal: mine, impact: 3 }] }), 409, 'Évaluation impossible');
    expectError(await http.post(`/api/consultations/${id}/synthesis`).set(bearer(w.staff.token)).send({}), 409, 'se compose pendant la phase « Évaluation »');
    expectError(await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send({ choice: 'for' }), 409, 'Vote impossible');
    expectError(await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'analysis' }), 409, 'déjà en phase « Contributions »');
  });

  it('refuses to open the evaluation without proposals', async () => {
    const http = await api();
    expect((await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'contribution' })).status).toBe(200);
    expectError(await http.post(`/api/consultations/${id}/advance`).set(bearer(w.staff.token)).send({ from: 'analysis' }), 409, 'Aucune proposition à évaluer');
    expectError(await http.post(`/api/consultations/${id}/contributions`).set(bearer(w.member.token)).send({ title: 'Idée', body: 'Une idée.' }), 409, 'phase « Analyse et regroupement »');
    expectError(await http.put(`/api/consultations/${id}/contributions/${mine}`).set(bearer(w.member.token)).send({ title: 'Trop tard' }), 409);
  });
});

describe('a published consultation keeps its rules', () => {
  it('refuses to change its audience, cut-off or majority, or a past phase', async () => {
    const http = await api();
    const res = await http.put(`/api/consultations/${id}`).set(bearer(w.staff.token)).send({ majority: 'two-thirds', eligibilityCutoff: '2020-01-01' });
    expect(badRequest(res)).toMatchObject({ majority: 'Ce réglage est publié : il ne change plus.', eligibilityCutoff: 'Ce réglage est publié : il ne change plus.' });
    expect(badRequest(await http.put(`/api/consultations/${id}`).set(bearer(w.staff.token)).send({ phases: { contribution: { endsAt: at(11) } } }))['phases.contribution.endsAt']).toBe('Cette phase est passée : sa date ne change plus.');
    const later = await http.put(`/api/consultations/${id}`).set(bearer(w.staff.token)).send({ phases: { vote: { endsAt: at(45), inCharge: 'Bureau fédéral' } } });
    expect(later.status).toBe(200);
    expect(later.body.data.calendar.find((p: any) => p.phase === 'vote').inCharge).toBe('Bureau fédéral');
  });
});
