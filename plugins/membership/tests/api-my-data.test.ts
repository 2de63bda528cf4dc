import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { pdfTextRuns } from '../../../tests/support/pdf';
import { auditEntriesFor, createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { frenchDate, ROLE_LABELS } from '@intranet-militant/shared';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { consultationInVote } from '../../consultations/tests/support/consultations';
import { createCourse } from '../../training/tests/support/courses';

/**
 * « Mes données » (issue 22, item 3): a member asks for their export, it is generated in the
 * background, they download it as JSON or HTML for 7 days. Every route from 401 to success;
 * the export holds the member's contributions and grades, and nothing of any ballot.
 */
const load = createRequire(__filename);
const generation = load('../dist/server/commands/generate-data-export.js') as typeof import('../server/src/commands/generate-data-export');
const purge = load('../dist/server/commands/purge-data-exports.js') as typeof import('../server/src/commands/purge-data-exports');
const request = load('../dist/server/commands/request-data-export.js') as typeof import('../server/src/commands/request-data-export');

let strapi: Core.Strapi;
let w: World;
beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
});

const EXPORT = '/api/membership/me/export';
const LIST = '/api/membership/me/exports';
const download = (id: string, format?: string) => `${LIST}/${id}/download${format ? `?format=${format}` : ''}`;

/** The member's exports until the newest is no longer being prepared (the worker runs after the 202). */
async function settled(token: string): Promise<any[]> {
  const http = await api();
  for (let i = 0; i < 200; i += 1) {
    const res = await http.get(LIST).set(bearer(token));
    expect(res.status).toBe(200);
    if (res.body.data.length && res.body.data[0].state !== 'requested') return res.body.data;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the export was never generated');
}

describe('« Mes données »: the routes refuse what they must', () => {
  it('401 for anonymous callers on every route', async () => {
    const http = await api();
    expectError(await http.post(EXPORT).send({}), 401);
    expectError(await http.get(LIST), 401);
    expectError(await http.get(download('abc')), 401);
  });

  it('403 for an account without an intranet role', async () => {
    const http = await api();
    expectError(await http.post(EXPORT).set(bearer(w.outsider.token)).send({}), 403);
    expectError(await http.get(LIST).set(bearer(w.outsider.token)), 403);
  });

  it('400 in French for bad input', async () => {
    const http = await api();
    expectError(await http.post(EXPORT).set(bearer(w.memberB.token)).send({ format: 'pdf' }), 400);
    const format = badRequest(await http.get(download('abc', 'docx')).set(bearer(w.memberB.token)));
    expect(format.format).toBe('Format inconnu : json, html ou pdf.');
    badRequest(await http.get(`${LIST}?page=2`).set(bearer(w.memberB.token)));
  });

  it('404 for an account without a member profile, and for an unknown export', async () => {
    const http = await api();
    expectError(await http.post(EXPORT).set(bearer(w.national.token)).send({}), 404, 'Aucune fiche');
    const none = await http.get(LIST).set(bearer(w.national.token));
    expect(none.status).toBe(200);
    expect(none.body.data).toEqual([]);
    expectError(await http.get(download('inconnu')).set(bearer(w.memberB.token)), 404);
  });
});

describe('« Mes données »: the export', () => {
  let receipt: string;
  let exportId: string;

  beforeAll(async () => {
    // The member writes a contribution, grades it, then votes: a ballot exists with a receipt.
    const http = await api();
    await strapi.plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
    const { id } = await consultationInVote(w.staff, [[w.member, 'Des réunions en soirée', 'Tenir les réunions de section après 19 h pour les salariés.']], [w.member]);
    const vote = await http.post(`/api/consultations/${id}/vote`).set(bearer(w.member.token)).send({ choice: 'for' });
    expect(vote.status, JSON.stringify(vote.body)).toBe(201);
    receipt = vote.body.data.receipt;
    expect(receipt).toMatch(/^[0-9a-f]{64}$/);
    // A course: enrolled, one lesson done. A seat in the federation's bureau.
    const switches = strapi.plugin('modules').service('switches');
    await switches.set(w.federation.id, 'training', true);
    await switches.set(w.federation.id, 'bodies', true);
    const course = await createCourse({ title: 'Animer une réunion', federation: w.federation });
    const created = (res: { status: number; body: any }, status: number) => {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return res.body.data;
    };
    created(await http.post(`/api/training/courses/${course.documentId}/enrolment`).set(bearer(w.member.token)).send({}), 201);
    created(await http.post(`/api/training/courses/${course.documentId}/lessons/${course.lessons[0]}/done`).set(bearer(w.member.token)).send({}), 200);
    const bureau = created(
      await http.post('/api/bodies/bodies').set(bearer(w.staff.token)).send({ name: 'Bureau fédéral', level: 'federation', kind: 'bureau', federation: w.federation.documentId, seatCount: 12 }),
      201
    );
    created(
      await http.post(`/api/bodies/bodies/${bureau.documentId}/seats`).set(bearer(w.staff.token)).send({ member: w.member.member.documentId, role: 'titulaire', designation: 'elected-congress', startOn: '2026-01-15' }),
      201
    );
  });

  it('is requested (202), generated in the background, listed and audited', async () => {
    const http = await api();
    // Recorded as a woman: the export says « adhérente ».
    await strapi.db.query('plugin::membership.member').update({ where: { id: w.member.member.id }, data: { sex: 'F' } });
    const res = await http.post(EXPORT).set(bearer(w.member.token)).send({});
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.data).toMatchObject({ state: 'requested', expiresAt: null });
    exportId = res.body.data.documentId;
    const [ready] = await settled(w.member.token);
    expect(ready).toMatchObject({ documentId: exportId, state: 'ready', failure: null });
    const days = (Date.parse(ready.expiresAt) - Date.parse(ready.readyAt)) / 86_400_000;
    expect(days).toBe(7);
    const actions = (await auditEntriesFor(w.member.member.documentId)).map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['plugin::membership.data-export.request', 'plugin::membership.data-export.ready']));
  });

  it('holds the profile, dues, contributions, grades and « a voté », and nothing of the ballot', async () => {
    const http = await api();
    const res = await http.get(download(exportId, 'json')).set(bearer(w.member.token));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="mes-donnees-\d{4}-\d{2}-\d{2}\.json"/);
    const data = JSON.parse(res.text);
    expect(data.member.membershipNumber).toBe(w.member.member.membershipNumber);
    const part = (source: string) => data.parts.find((p: any) => p.source === source);
    const section = (source: string, title: string) => part(source).sections.find((s: any) => s.title === title);
    expect(data.parts.map((p: any) => p.source).slice(0, 5)).toEqual(['membership', 'consultations', 'training', 'bodies', 'audit']);
    expect(section('membership', 'Profil').rows[0]).toMatchObject({ 'Numéro d’adhérent': w.member.member.membershipNumber, 'Adresse e-mail': w.member.user.email });
    expect(section('membership', 'Cotisations').rows).toHaveLength(1);
    expect(section('consultations', 'Contributions écrites').rows).toEqual([
      expect.objectContaining({ Titre: 'Des réunions en soirée', Texte: 'Tenir les réunions de section après 19 h pour les salariés.', État: 'déposée' }),
    ]);
    expect(section('consultations', 'Notes données aux propositions').rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Proposition: 'Des réunions en soirée', Axe: 'Impact', Note: 4 }),
        expect.objectContaining({ Proposition: 'Des réunions en soirée', Axe: 'Effort', Note: 2 }),
      ])
    );
    expect(section('consultations', 'Participation aux votes').rows).toEqual([expect.objectContaining({ 'A voté': true })]);
    // The roll closed when that vote opened: she is on it (who may vote; nothing of the vote itself).
    expect(section('consultations', 'Listes électorales').rows).toEqual([expect.objectContaining({ Scrutin: expect.stringContaining('Consultation « '), 'Liste arrêtée le': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d/) })]);
    expect(section('training', 'Inscriptions et certificats').rows).toEqual([expect.objectContaining({ Formation: 'Animer une réunion', Origine: 'à ma demande' })]);
    expect(section('training', 'Leçons suivies').rows).toEqual([expect.objectContaining({ Formation: 'Animer une réunion' })]);
    expect(section('bodies', 'Sièges').rows).toEqual([expect.objectContaining({ Instance: 'Bureau fédéral', Début: '2026-01-15', Fin: null })]);
    // Audit actions and subjects in French, details as readable French lines, never JSON nor internal names.
    const auditRows = section('audit', 'Entrées vous concernant ou écrites par votre compte').rows;
    const request = auditRows.find((r: any) => r.Action === 'Demande — export « Mes données »');
    // The export's documentId means nothing to the member: left out of the details.
    expect(request).toMatchObject({ Objet: 'Fiche d’adhérent', Détails: '—' });
    expect(JSON.stringify(auditRows)).not.toContain(exportId);
    expect(JSON.stringify(auditRows)).not.toMatch(/plugin::|api::|federation-staff|national-admin/);
    for (const r of auditRows) expect(r.Détails).not.toMatch(/^[{[]/);

    // No ballot data: none of the ballot table's values (key, receipt, choice) appears anywhere.
    const ballots = await strapi.db.connection('consultations_ballots').select('id', 'receipt', 'choice');
    expect(ballots.some((b: any) => b.receipt === receipt)).toBe(true);
    for (const ballot of ballots) {
      expect(res.text).not.toContain(ballot.id);
      expect(res.text).not.toContain(ballot.receipt);
      expect(res.text).not.toContain(`"${ballot.choice}"`);
    }
    const keys = (value: unknown): string[] =>
      Array.isArray(value) ? value.flatMap(keys) : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)]) : [];
    expect(keys(data).filter((k) => /choice|choix|bulletin|ballot|receipt|reçu/i.test(k))).toEqual([]);
    const titles = data.parts.flatMap((p: any) => p.sections.map((s: any) => s.title)).join(' | ');
    expect(titles).not.toMatch(/bulletin|ballot/i);
  });

  it('reads as an HTML page, escaped, with the same content', async () => {
    const http = await api();
    const res = await http.get(download(exportId, 'html')).set(bearer(w.member.token));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).toContain('<html lang="fr">');
    expect(res.text).toContain('Des réunions en soirée');
    expect(res.text).toContain('Notes données aux propositions');
    expect(res.text).toContain('Demande — export « Mes données »');
    expect(res.text).not.toMatch(/plugin::|api::/);
    expect(res.text).not.toContain(receipt);
  });

  it('reads as a PDF made in the background job, with every part and section', async () => {
    const row = await strapi.db.query('plugin::membership.data-export').findOne({ where: { documentId: exportId } });
    expect(row.pdf, 'made by the worker, kept with the export').toBeTruthy();
    const res = await (await api()).get(download(exportId, 'pdf')).set(bearer(w.member.token)).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="mes-donnees-\d{4}-\d{2}-\d{2}\.pdf"/);
    const bytes = res.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfTextOf(bytes);
    for (const needle of ['Mes données', w.member.member.membershipNumber, 'Profil', 'Cotisations', 'Contributions écrites', 'Des réunions en soirée', 'Notes données aux propositions', 'Participation aux votes', 'Sièges', 'Journal d’audit']) {
      expect(text, needle).toContain(needle);
    }
    expect(text).not.toContain(receipt);
    // « adhérente » after the recorded sex; records as tables (a cell per label), details in French.
    expect(text).toContain(`${w.member.member.firstName} ${w.member.member.lastName} — adhérente n° ${w.member.member.membershipNumber}`);
    const lines = text.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['Année', 'Montant', 'Détails']));
    expect(text).not.toContain(exportId);
    expect(lines.some((l) => /^Année : /.test(l))).toBe(false);
    expect(text).not.toContain('{"');
  });

  it('is the member’s alone: another member gets a 404', async () => {
    const http = await api();
    expectError(await http.get(download(exportId)).set(bearer(w.memberB.token)), 404);
    expectError(await http.get(download(exportId)).set(bearer(w.staff.token)), 404);
    const theirs = await http.get(LIST).set(bearer(w.memberB.token));
    expect(theirs.body.data.map((e: any) => e.documentId)).not.toContain(exportId);
  });

  it('409 while a request is pending: one at a time per member', async () => {
    const http = await api();
    const actor = await strapi.plugin('membership').service('actors').forUserId(w.memberB.user.id);
    const pending = await request.requestDataExport(strapi, actor);
    expectError(await http.post(EXPORT).set(bearer(w.memberB.token)).send({}), 409, 'en cours de préparation');
    // Two runs at once (the request's own, another instance's resume at boot): stored and audited once.
    expect(await Promise.all([generation.generateDataExport(strapi, pending.id), generation.generateDataExport(strapi, pending.id)])).toEqual(['ready', 'ready']);
    const readyEntries = (await strapi.db.connection('audit_log').where({ action: 'plugin::membership.data-export.ready' })).filter((entry: any) => JSON.parse(entry.details).export === pending.documentId);
    expect(readyEntries).toHaveLength(1);
    // Ready now: one export a day, the answer points to it (hostile-pass.test.ts has the rest).
    expect(expectError(await http.post(EXPORT).set(bearer(w.memberB.token)).send({}), 409, 'est prêt').details.export).toBe(pending.documentId);
    await settled(w.memberB.token);
  });

  it('is deleted once its 7 days are over, and the deletion is audited once', async () => {
    const http = await api();
    const later = new Date(Date.now() + 8 * 86_400_000);
    const before = await strapi.db.connection('audit_log').where({ action: 'plugin::membership.data-export.delete' }).count({ n: '*' });
    // Two runs at once (the hourly job on two instances): the rows are deleted and audited once.
    const runs: number[] = await Promise.all([purge.purgeExpiredDataExports(strapi, later), purge.purgeExpiredDataExports(strapi, later)]);
    const deleted = Math.max(...runs);
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(Math.min(...runs)).toBe(0);
    const after = await strapi.db.connection('audit_log').where({ action: 'plugin::membership.data-export.delete' }).count({ n: '*' });
    expect(Number(after[0].n) - Number(before[0].n)).toBe(1);
    expect(await strapi.db.query('plugin::membership.data-export').count({ where: { documentId: exportId } })).toBe(0);
    expectError(await http.get(download(exportId)).set(bearer(w.member.token)), 404);
    expect((await http.get(LIST).set(bearer(w.member.token))).body.data).toEqual([]);
    const [entry] = await strapi.db.connection('audit_log').where({ action: 'plugin::membership.data-export.delete' }).orderBy('seq', 'desc');
    expect(JSON.parse(entry.details)).toMatchObject({ deleted });
  });
});

describe('« Mes données » reads in French: the JSON keeps the stored values, the HTML page and the PDF word them', () => {
  let member: TestMember;
  let content: any;
  let html: string;
  let pdf: string;
  const written = '2026-12-06T03:18:42.233Z';

  beforeAll(async () => {
    const http = await api();
    member = await createMember({ federation: w.federation, section: w.sectionA });
    // A notification addressed to them (a kind bodies declares), written at a known instant.
    await strapi.db.connection('notifications_messages').insert({
      event_key: `mydata-fr:${member.member.id}`, recipient_key: `m${member.member.id}`, kind: 'bodies.minutes-published', member_id: member.member.id, user_id: member.user.id,
      federation_id: w.federation.id, email: member.user.email, title: 'Procès-verbal du bureau fédéral', link: null, payload: '{}',
      in_inbox: true, email_status: 'none', attempts: 0, available_at: Date.parse(written), created_at: Date.parse(written),
    });
    await strapi.db.connection('notifications_preferences').insert({ member_id: member.member.id, kind: 'consultations.phase-opened', mode: 'digest', updated_at: Date.now() });
    // An import whose line names them.
    const dir = mkdtempSync(join(tmpdir(), 'mydata-fr-'));
    const file = join(dir, 'adherents-fr.csv');
    writeFileSync(file, `N° adhérent;Nom;Prénom;E-mail\n${member.member.membershipNumber};${member.member.lastName};${member.member.firstName};${member.user.email}\n`);
    const imported = await http.post('/api/membership/imports').set(bearer(w.staff.token)).attach('file', file);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const requested = await http.post(EXPORT).set(bearer(member.token)).send({});
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    const [ready] = await settled(member.token);
    expect(ready.state).toBe('ready');
    content = JSON.parse((await http.get(download(ready.documentId, 'json')).set(bearer(member.token))).text);
    html = (await http.get(download(ready.documentId, 'html')).set(bearer(member.token))).text;
    const row = await strapi.db.query('plugin::membership.data-export').findOne({ where: { documentId: ready.documentId } });
    pdf = await pdfTextOf(Buffer.from(row.pdf, 'base64'));
  });

  const section = (source: string, title: string) => content.parts.find((p: any) => p.source === source).sections.find((s: any) => s.title === title);
  /** The page's text (tags removed, entities of the escaped values put back). */
  const pageText = () => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

  it('JSON: raw values kept (ISO dates, codes), labels added beside the codes', () => {
    const profile = section('membership', 'Profil').rows[0];
    expect(profile['Adhésion le']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [notification] = section('notifications', 'Notifications reçues').rows;
    expect(notification).toMatchObject({ Titre: 'Procès-verbal du bureau fédéral', 'Écrite le': written, Type: { value: 'bodies.minutes-published', label: 'Publication d’un procès-verbal d’instance' } });
    expect(section('notifications', 'Préférences').rows).toEqual([
      { Type: { value: 'consultations.phase-opened', label: expect.not.stringMatching(/\./) }, Réception: { value: 'digest', label: 'dans le résumé hebdomadaire' } },
    ]);
    const [line] = section('membership', 'Lignes de fichiers d’import vous nommant').rows;
    expect(line['Importé le']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(line['Contenu lu'].value).toMatchObject({ 'N° adhérent': member.member.membershipNumber, 'E-mail': member.user.email });
    expect(line['Contenu lu'].label.split('\n')).toEqual([
      `N° adhérent : ${member.member.membershipNumber}`, `Nom : ${member.member.lastName}`, `Prénom : ${member.member.firstName}`, `E-mail : ${member.user.email}`,
    ]);
  });

  it('HTML: dates in French (instants in Paris time), labels instead of codes, import contents as « colonne : valeur » lines', () => {
    const text = pageText();
    const joined = section('membership', 'Profil').rows[0]['Adhésion le'] as string;
    expect(text).toContain(frenchDate(joined));
    expect(text).toContain('6 décembre 2026 à 04 h 18');
    expect(text).toContain('Publication d’un procès-verbal d’instance');
    expect(text).toContain('dans le résumé hebdomadaire');
    expect(text).toContain(`N° adhérent : ${member.member.membershipNumber}`);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/); // no ISO date nor timestamp anywhere
    expect(text).not.toContain('bodies.minutes-published');
    expect(text).not.toContain('consultations.phase-opened');
    expect(text).not.toContain('{"');
  });

  it('names a plain member by name alone in the audit entries (no « (Adhérent) »), an officer with their office; the day prepared as « à 04 h 18 »', async () => {
    const own = section('audit', 'Entrées vous concernant ou écrites par votre compte').rows.filter((r: any) => String(r.Auteur).includes(member.user.email));
    expect(own.length).toBeGreaterThan(0);
    for (const r of own) expect(r.Auteur).toBe(`${member.member.firstName} ${member.member.lastName} <${member.user.email}>`);
    const actors = strapi.plugin('membership').service('actors');
    expect((await actors.forUserId(member.user.id)).name).toBe(`${member.member.firstName} ${member.member.lastName}`);
    expect((await actors.forUserId(w.staff.user.id)).name).toBe(`${w.staff.member.firstName} ${w.staff.member.lastName} (${ROLE_LABELS['federation-staff'].name})`);
    // « préparées le 6 décembre 2026 à 18 h 26 », as every page writes an hour, never « 18:26 ».
    expect(pageText()).toMatch(/préparées le (1er|\d{1,2}) \S+ \d{4} à \d{2} h \d{2}\./);
    expect(pageText()).not.toMatch(/\d{2}:\d{2}/);
    expect(pdf).toMatch(/préparé le (1er|\d{1,2}) \S+ \d{4} à \d{2} h \d{2}\./);
  });

  it('PDF: the same words', () => {
    expect(pdf).toContain('6 décembre 2026 à 04 h 18');
    expect(pdf).toContain('Publication d’un procès-verbal d’instance');
    expect(pdf).toContain(`N° adhérent : ${member.member.membershipNumber}`);
    expect(pdf).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(pdf).not.toContain('bodies.minutes-published');
  });
});

/** The text a PDF shows, one line per run of text drawn (pdf.js: tests/support/pdf.ts). */
const pdfTextOf = async (pdf: Buffer) => (await pdfTextRuns(pdf)).join('\n');
