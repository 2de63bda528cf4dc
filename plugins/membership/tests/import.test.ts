import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Core } from '@strapi/strapi';
import type {} from '../server/src/public';
import { getService } from '@intranet-militant/shared';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, thisYear, type World } from '../../../tests/support/factories';
import { badRequest, bearer, expectError } from '../../../tests/support/expect';
import { linkIn, waitForMail } from '../../../tests/support/mail';
import { adminToken, federationStaffRole } from '../../../tests/support/admin';
import { onPostgres } from '../../../tests/support/instances';

/**
 * Import of members and dues (issue 22): fixture files written here in every shape French
 * spreadsheets produce (UTF-8 with and without BOM, Windows-1252, `;` and `,`, XLSX made by
 * exceljs with date cells and serial numbers), the dry run and its reasons, the real run,
 * idempotence, resume after a crash mid-import, and every refusal of the routes.
 */
const load = createRequire(__filename);
const commands = load('../dist/server/commands/import-members.js') as typeof import('../server/src/commands/import-members');
const erasure = load('../dist/server/commands/erase-member.js') as typeof import('../server/src/commands/erase-member');
const engine = load('../dist/server/import/engine.js') as typeof import('../server/src/import/engine');

const dir = mkdtempSync(join(tmpdir(), 'import-test-'));
const fixture = (name: string, content: Buffer | string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

let w: World;
let strapi: Core.Strapi;
let run = 0;
const unique = () => `${Date.now().toString(36).toUpperCase().slice(-5)}${++run}`;

beforeAll(async () => {
  strapi = await bootStrapi();
  w = await createWorld();
});

const HEADER = 'N° adhérent;Nom;Prénom;E-mail;Téléphone;Section;Date d’adhésion;Année;Montant;Payée le;Mode de paiement';

async function upload(token: string, path: string, fields: Record<string, string> = {}) {
  let req = (await api()).post('/api/membership/imports').set(bearer(token));
  for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
  return req.attach('file', path);
}

async function waitUntilFinished(token: string, id: string) {
  for (let i = 0; i < 200; i += 1) {
    const res = await (await api()).get(`/api/membership/imports/${id}`).set(bearer(token));
    if (res.body.data?.state === 'done' || res.body.data?.state === 'failed') return res.body.data;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

async function memberByNumber(number: string) {
  return strapi.db.query('plugin::membership.member').findOne({
    where: { membershipNumber: number },
    populate: { user: { select: ['id', 'email'] }, section: { select: ['name'] }, federation: { select: ['id'] }, dues: true },
  });
}

describe('import routes refuse who may not import', () => {
  it('401 anonymous, 403 members, secretaries and another federation, 404 for another federation’s import', async () => {
    const path = fixture('refusals.csv', `${HEADER}\nR-${unique()};Nom;Prénom;r${unique()}@x.fr;;;01/02/2020;;;;\n`);
    const http = await api();
    expectError(await http.post('/api/membership/imports').attach('file', path), 401);
    expectError(await upload(w.member.token, path), 403);
    expectError(await upload(w.secretary.token, path), 403);
    expectError(await upload(w.otherStaff.token, path, { federation: w.federation.documentId }), 403, 'votre fédération');
    const own = await upload(w.staff.token, path);
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expectError(await http.get(`/api/membership/imports/${own.body.data.id}`).set(bearer(w.otherStaff.token)), 404);
    expectError(await http.post(`/api/membership/imports/${own.body.data.id}/confirm`).set(bearer(w.otherStaff.token)).send({ invite: false }), 404);
    expectError(await http.get(`/api/membership/imports/${own.body.data.id}/refused`).set(bearer(w.member.token)), 403);
  });

  it('400 in French for a missing file, a file that is no table, an old .xls, bad fields', async () => {
    const http = await api();
    expect(badRequest(await http.post('/api/membership/imports').set(bearer(w.staff.token)).send({}))).toEqual({ file: expect.stringContaining('Joignez') });
    const png = fixture('image.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    expect(badRequest(await upload(w.staff.token, png)).file).toMatch(/ni un CSV ni un classeur Excel/);
    const xls = fixture('ancien.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    expect(badRequest(await upload(w.staff.token, xls)).file).toMatch(/\.xls/);
    const empty = fixture('vide.csv', '');
    expect(badRequest(await upload(w.staff.token, empty)).file).toMatch(/vide/);
    const broken = fixture('casse.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(50, 1)]));
    expect(badRequest(await upload(w.staff.token, broken)).file).toMatch(/illisible/);
    const ok = fixture('ok.csv', `${HEADER}\n`);
    expect(badRequest(await upload(w.staff.token, ok, { mapping: '{pas du json' })).mapping).toMatch(/JSON/);
    expect(badRequest(await upload(w.staff.token, ok)).file).toMatch(/aucune ligne/);
    const imports = await strapi.db.query('plugin::membership.import-job').count({ where: { fileName: { $in: ['vide.csv', 'ok.csv', 'casse.xlsx'] } } });
    expect(imports).toBe(0); // nothing left behind by a refused file
  });
});

describe('dry run, confirm, idempotence (Windows-1252, `;`)', () => {
  it('classifies every row with French reasons, writes on confirm, and changes nothing the second time', async () => {
    const u = unique();
    const existing = w.memberB.member; // updated: new phone, and this year's due is already there
    const lines = [
      HEADER,
      `N1-${u};Cœur;Léa;  Lea.Coeur.${u}@Exemple.fr ;06 12 34 56 78;Section A;15/03/2019;${thisYear()};36,00 €;10/01/${thisYear()};Chèque`,
      `N2-${u};Dupré;Émile;emile.${u}@exemple.fr;;Nouvelle section ${u};43831;;;;`, // Excel serial: 2020-01-01
      `${existing.membershipNumber};${existing.lastName};Prénom;${w.memberB.user.email};04 66 00 00 00;;${existing.joinedOn.split('-').reverse().join('/')};;;;`,
      `N3-${u};Double;Un;double1.${u}@exemple.fr;;;01/01/2020;;;;`,
      `N3-${u};Double;Deux;double2.${u}@exemple.fr;;;01/01/2020;;;;`,
      `${w.otherMember.member.membershipNumber};Autre;Fédé;autre.${u}@exemple.fr;;;01/01/2020;;;;`,
      `N4-${u};Sans;Date;sansdate.${u}@exemple.fr;;;31/02/2020;;;;`,
      `N5-${u};Mauvais;Paiement;paiement.${u}@exemple.fr;;;01/01/2020;${thisYear()};trente;01/01/${thisYear()};bitcoin`,
    ];
    const path = fixture('adherents-1252.csv', iconv.encode(`${lines.join('\r\n')}\r\n`, 'win1252'));
    const res = await upload(w.staff.token, path);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const job = res.body.data;
    expect(job).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ';', totalRows: 8, state: 'previewed' });
    expect(job.mapping).toMatchObject({ membershipNumber: 'N° adhérent', lastName: 'Nom', email: 'E-mail', joinedOn: 'Date d’adhésion', dueAmount: 'Montant' });
    expect(job.preview.counts).toEqual({ create: 1, update: 1, unchanged: 0, refused: 6 });
    expect(job.preview.missingSections).toEqual([{ name: `Nouvelle section ${u}`, rows: 1 }]);

    const rows = await (await api()).get(`/api/membership/imports/${job.id}/rows?outcome=refused`).set(bearer(w.staff.token));
    // Strapi's paging envelope, as every list of ours (the admin screen pages the refused rows with it).
    expect(rows.body.meta).toEqual({ pagination: { page: 1, pageSize: 50, total: 6, pageCount: 1 } });
    const second = await (await api()).get(`/api/membership/imports/${job.id}/rows?outcome=refused&pageSize=4&page=2`).set(bearer(w.staff.token));
    expect(second.body.data.map((r: any) => r.line)).toEqual([8, 9]);
    expect(second.body.meta).toEqual({ pagination: { page: 2, pageSize: 4, total: 6, pageCount: 2 } });
    const reasons = Object.fromEntries(rows.body.data.map((r: any) => [r.line, r.reasons.map((x: any) => `${x.field}: ${x.message}`).join(' | ')]));
    expect(reasons[3]).toMatch(/^section: La section « Nouvelle section/);
    expect(reasons[5]).toMatch(/membershipNumber: Numéro N3-.* en double dans le fichier \(aussi ligne 6\)/);
    expect(reasons[6]).toMatch(/aussi ligne 5/);
    expect(reasons[7]).toBe(`row: ${engine.IMPORT_NOT_HERE}`); // another federation's member: staff are told nothing more
    expect(reasons[8]).toMatch(/joinedOn: Date d’adhésion « 31\/02\/2020 » illisible/);
    expect(reasons[9]).toMatch(/dueAmount: Montant « trente » invalide.*dueMethod: Mode de paiement « bitcoin » inconnu/);
    expect(await memberByNumber(`N1-${u}`)).toBeNull(); // a dry run writes nothing

    const csv = await (await api()).get(`/api/membership/imports/${job.id}/refused`).set(bearer(w.staff.token));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(`\ufeffLigne;${HEADER};Motifs`);
    expect(csv.text).toContain('en double dans le fichier');

    const http = await api();
    expect(badRequest(await http.post(`/api/membership/imports/${job.id}/confirm`).set(bearer(w.staff.token)).send({ invite: 'oui' })).invite).toMatch(/invitation/);
    expect(badRequest(await http.post(`/api/membership/imports/${job.id}/confirm`).set(bearer(w.staff.token)).send({ invite: false, createSections: ['Inconnue'] })).createSections).toMatch(/non proposée/);
    const confirmed = await http.post(`/api/membership/imports/${job.id}/confirm`).set(bearer(w.staff.token)).send({ invite: false, createSections: [`Nouvelle section ${u}`] });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(202);
    expectError(await http.post(`/api/membership/imports/${job.id}/confirm`).set(bearer(w.staff.token)).send({ invite: false }), 400, 'déjà confirmé');
    const done = await waitUntilFinished(w.staff.token, job.id);
    expect(done.state).toBe('done');
    expect(done.result).toEqual({ created: 2, updated: 1, unchanged: 0, refused: 5, duesRecorded: 1 });

    const lea = await memberByNumber(`N1-${u}`);
    expect(lea).toMatchObject({ firstName: 'Léa', lastName: 'Cœur', joinedOn: '2019-03-15', phone: '06 12 34 56 78', section: { name: 'Section A' }, federation: { id: w.federation.id } });
    expect(lea.user.email).toBe(`lea.coeur.${u}@exemple.fr`.toLowerCase());
    expect(lea.dues).toMatchObject([{ year: thisYear(), amountCents: 3600, method: 'cheque', paidOn: `${thisYear()}-01-10` }]);
    const emile = await memberByNumber(`N2-${u}`);
    expect(emile).toMatchObject({ joinedOn: '2020-01-01', section: { name: `Nouvelle section ${u}` } });
    expect((await memberByNumber(existing.membershipNumber)).phone).toBe('04 66 00 00 00');
    // Not invited (staff chose so): no invitation issued, and one may still be sent later.
    expect(await strapi.db.connection('notifications_invitations').where({ member_id: lea.id }).first()).toBeUndefined();
    const audit = await strapi.db.connection('audit_log').where({ subject_id: job.id }).orderBy('seq');
    expect(audit.map((e: any) => e.action)).toEqual([
      'plugin::membership.import.preview', 'plugin::membership.import.confirm', 'plugin::membership.import.batch', 'plugin::membership.import.complete',
    ]);

    // The same file again: nothing to create or update.
    const again = await upload(w.staff.token, path);
    expect(again.body.data.preview.counts).toEqual({ create: 0, update: 0, unchanged: 3, refused: 5 });
    await http.post(`/api/membership/imports/${again.body.data.id}/confirm`).set(bearer(w.staff.token)).send({ invite: false });
    expect((await waitUntilFinished(w.staff.token, again.body.data.id)).result).toEqual({ created: 0, updated: 0, unchanged: 3, refused: 5, duesRecorded: 0 });
    expect((await memberByNumber(`N1-${u}`)).dues).toHaveLength(1);
  });
});

describe('the dry run tells staff nothing about people outside their federation (GDPR art. 9)', () => {
  it('one neutral reason for another federation’s number or address, an account without profile, an exclusion elsewhere; precise for its own members and for national admins', async () => {
    const u = unique();
    // An exclusion pronounced in the other federation, then erased: only its trace remains.
    const excluded = await createMember({ federation: w.other, section: w.otherSection });
    await getService(strapi, 'membership', 'status').applyDecision(
      excluded.member.id, { status: 'excluded', reason: 'Décision de test', by: 'test' }, { kind: 'system', id: null, label: 'test' }
    );
    await erasure.eraseMember(strapi, null, excluded.member.documentId, 'retention');
    const lines = [
      HEADER,
      `${w.otherMember.member.membershipNumber};Autre;Numéro;numero.${u}@exemple.fr;;;01/01/2020;;;;`, // 2: another federation's number
      `O1-${u};Autre;Adresse;${w.otherMember.user.email};;;01/01/2020;;;;`, // 3: another federation's address
      `O2-${u};Sans;Fiche;${w.outsider.user.email};;;01/01/2020;;;;`, // 4: an account that is no member
      `${excluded.member.membershipNumber};Exclu;Ailleurs;exclu.${u}@exemple.fr;;;01/01/2020;;;;`, // 5: excluded in another federation
      `${w.memberB.member.membershipNumber};Nom;Prénom;${w.member.user.email};;;01/01/2020;;;;`, // 6: two of its own members
      `O3-${u};Nouveau;Venu;nouveau.${u}@exemple.fr;;;01/01/2020;;;;`, // 7: new
    ];
    const path = fixture(`ailleurs-${u}.csv`, `${lines.join('\n')}\n`);
    const http = await api();
    const reasonsOf = async (token: string, id: string) => {
      const rows = await http.get(`/api/membership/imports/${id}/rows?outcome=refused`).set(bearer(token));
      expect(rows.status, JSON.stringify(rows.body)).toBe(200);
      return Object.fromEntries(rows.body.data.map((r: any) => [r.line, r.reasons]));
    };
    const neutral = [{ field: 'row', message: engine.IMPORT_NOT_HERE }];

    const byStaff = await upload(w.staff.token, path);
    expect(byStaff.status, JSON.stringify(byStaff.body)).toBe(201);
    expect(byStaff.body.data.preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, refused: 5 });
    const seen = await reasonsOf(w.staff.token, byStaff.body.data.id);
    for (const line of [2, 3, 4, 5]) expect(seen[line], `line ${line}`).toEqual(neutral);
    expect(seen[6]).toEqual([{ field: 'email', message: `Un autre compte utilise déjà l’adresse ${w.member.user.email}.` }]);
    const csv = await http.get(`/api/membership/imports/${byStaff.body.data.id}/refused`).set(bearer(w.staff.token));
    expect(csv.text.split(engine.IMPORT_NOT_HERE)).toHaveLength(5);
    expect(csv.text).not.toMatch(/autre fédération|exclusion|sans fiche/);
    // The attempt is visible to national admins in the audit log.
    const audit = await strapi.db.connection('audit_log').where({ subject_id: byStaff.body.data.id, action: 'plugin::membership.import.preview' }).first();
    expect(JSON.parse(audit.details)).toMatchObject({ rows: 6, refusedOutside: 4 });

    const byNational = await upload(w.national.token, path, { federation: w.federation.documentId });
    expect(byNational.status, JSON.stringify(byNational.body)).toBe(201);
    const precise = await reasonsOf(w.national.token, byNational.body.data.id);
    expect(precise[2]).toEqual([{ field: 'membershipNumber', message: `Le numéro ${w.otherMember.member.membershipNumber} est celui d’un adhérent d’une autre fédération.` }]);
    expect(precise[3]).toEqual([{ field: 'email', message: `L’adresse ${w.otherMember.user.email} est celle d’un adhérent d’une autre fédération.` }]);
    expect(precise[4]).toEqual([{ field: 'email', message: `Un autre compte utilise déjà l’adresse ${w.outsider.user.email} : un compte sans fiche d’adhérent.` }]);
    expect(precise[5]).toEqual([{ field: 'membershipNumber', message: engine.IMPORT_PRIOR_EXCLUSION }]);
    // The same job read by the federation's staff: what the national admin's dry run found
    // about other federations stays hidden from them.
    const national = await reasonsOf(w.staff.token, byNational.body.data.id);
    for (const line of [2, 3, 4, 5]) expect(national[line], `line ${line}`).toEqual(neutral);
  });
});

describe('exclusion traces (sanctions)', () => {
  it('refuses a new row whose number or address an exclusion matches, in French, and creates nothing', async () => {
    const u = unique();
    // An excluded member (the commission's decision, through membership's status door), then erased:
    // only the keyed-hash trace of their address and number remains.
    const excluded = await createMember({ federation: w.federation });
    const { email } = excluded.user;
    const number = excluded.member.membershipNumber;
    await getService(strapi, 'membership', 'status').applyDecision(
      excluded.member.id, { status: 'excluded', reason: 'Décision de test', by: 'test' }, { kind: 'system', id: null, label: 'test' }
    );
    await erasure.eraseMember(strapi, null, excluded.member.documentId, 'retention');
    expect(await memberByNumber(number)).toBeNull();

    const lines = [
      HEADER,
      `${number};Revenu;Par le numéro;nouvelle.${u}@exemple.fr;;;01/01/2020;;;;`,
      `R1-${u};Revenu;Par l’adresse;  ${email.toUpperCase()} ;;;01/01/2020;;;;`,
      `R2-${u};Personne;Nouvelle;personne.${u}@exemple.fr;;;01/01/2020;;;;`,
    ];
    const res = await upload(w.staff.token, fixture(`exclus-${u}.csv`, `${lines.join('\n')}\n`));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, refused: 2 });
    const rows = await (await api()).get(`/api/membership/imports/${res.body.data.id}/rows?outcome=refused`).set(bearer(w.staff.token));
    const reasons = Object.fromEntries(rows.body.data.map((r: any) => [r.line, r.reasons]));
    expect(reasons[2]).toEqual([{ field: 'membershipNumber', message: engine.IMPORT_PRIOR_EXCLUSION }]);
    expect(reasons[3]).toEqual([{ field: 'email', message: engine.IMPORT_PRIOR_EXCLUSION }]);
    expect(engine.IMPORT_PRIOR_EXCLUSION).toMatch(/^Une exclusion prononcée par la commission des conflits/);

    const confirmed = await (await api()).post(`/api/membership/imports/${res.body.data.id}/confirm`).set(bearer(w.staff.token)).send({ invite: false });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(202);
    expect((await waitUntilFinished(w.staff.token, res.body.data.id)).result).toMatchObject({ created: 1, refused: 2 });
    expect(await memberByNumber(number)).toBeNull();
    expect(await memberByNumber(`R1-${u}`)).toBeNull();
    expect(await memberByNumber(`R2-${u}`)).not.toBeNull();
    expect(await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: email.toLowerCase() } })).toBeNull();
  });
});

describe('file shapes', () => {
  it('reads UTF-8 with `,` (no BOM) and remembers the federation’s mapping', async () => {
    const u = unique();
    const header = 'Matricule,Nom de famille,Prénom,Courriel,Adhésion,Comité';
    const path = fixture('virgules.csv', `${header}\nV1-${u},"Martin, dit Léon",Paul,paul.${u}@exemple.fr,2021-06-30,Section B\n`);
    const first = await upload(w.staff.token, path);
    expect(first.body.data).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
    expect(first.body.data.mapping).toMatchObject({ membershipNumber: 'Matricule', lastName: 'Nom de famille', email: 'Courriel', joinedOn: 'Adhésion', section: 'Comité' });
    // Staff fix a column the guess missed; the next file of the federation gets that mapping.
    const odd = fixture('entetes.csv', `\ufeffRef;Famille;Prénom;Mail;Entrée\nV2-${u};Roux;Anne;anne.${u}@exemple.fr;01/09/2022\n`);
    const guessed = await upload(w.staff.token, odd);
    expect(guessed.body.data.preview.problems.map((p: any) => p.field)).toEqual(['membershipNumber', 'lastName', 'joinedOn']);
    expectError(await (await api()).post(`/api/membership/imports/${guessed.body.data.id}/confirm`).set(bearer(w.staff.token)).send({ invite: false }), 400, 'colonnes obligatoires');
    const mapping = { membershipNumber: 'Ref', lastName: 'Famille', firstName: 'Prénom', email: 'Mail', joinedOn: 'Entrée' };
    const wrong = await (await api()).put(`/api/membership/imports/${guessed.body.data.id}/mapping`).set(bearer(w.staff.token)).send({ mapping: { ...mapping, phone: 'Absente' } });
    expectError(wrong, 400, 'Correspondance des colonnes invalide');
    expect(JSON.stringify(wrong.body.error.details)).toContain('La colonne « Absente » n’existe pas dans le fichier.');
    const fixed = await (await api()).put(`/api/membership/imports/${guessed.body.data.id}/mapping`).set(bearer(w.staff.token)).send({ mapping });
    expect(fixed.body.data.preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, refused: 0 });
    const next = await upload(w.staff.token, fixture('entetes2.csv', `Ref;Famille;Prénom;Mail;Entrée\nV3-${u};Roux;Marc;marc.${u}@exemple.fr;01/09/2022\n`));
    expect(next.body.data.mapping).toMatchObject(mapping);
  });

  it('reads an XLSX made by exceljs: date cells, serial numbers, numbers, rich text', async () => {
    const u = unique();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Adhérents');
    sheet.addRow(['Numéro adhérent', 'Nom', 'Prénom', 'Email', 'Date adhésion', 'Année cotisation', 'Montant', 'Date paiement', 'Mode de paiement']);
    sheet.addRow([`X1-${u}`, 'Garnier', 'Inès', ` ines.${u}@exemple.fr `, new Date(Date.UTC(2018, 4, 7)), thisYear(), 24.5, new Date(Date.UTC(thisYear(), 0, 3)), 'Virement']);
    sheet.addRow([`X2-${u}`, { richText: [{ text: 'Le' }, { text: 'blanc' }] }, 'Hugo', `hugo.${u}@exemple.fr`, 44000, null, null, null, null]);
    sheet.addRow([]);
    sheet.addRow([`X3-${u}`, 'Futur', 'Zoé', `zoe.${u}@exemple.fr`, '01/01/2999', null, null, null, null]);
    const path = join(dir, 'classeur.xlsx');
    await book.xlsx.writeFile(path);
    const res = await upload(w.national.token, path, { federation: w.federation.documentId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toMatchObject({ format: 'xlsx', totalRows: 3 });
    expect(res.body.data.preview.counts).toEqual({ create: 2, update: 0, unchanged: 0, refused: 1 });
    await (await api()).post(`/api/membership/imports/${res.body.data.id}/confirm`).set(bearer(w.national.token)).send({ invite: false });
    expect((await waitUntilFinished(w.national.token, res.body.data.id)).result).toMatchObject({ created: 2, refused: 1, duesRecorded: 1 });
    expect(await memberByNumber(`X1-${u}`)).toMatchObject({ joinedOn: '2018-05-07', dues: [{ amountCents: 2450, method: 'virement', paidOn: `${thisYear()}-01-03` }] });
    expect(await memberByNumber(`X2-${u}`)).toMatchObject({ lastName: 'Leblanc', joinedOn: '2020-06-18' }); // serial 44000
  });

  it('refuses an XLSX row with a filled cell right of the last header, naming the cell (never dropped silently)', async () => {
    const u = unique();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Adhérents');
    sheet.addRow(['Numéro adhérent', 'Nom', 'Prénom', 'Email', 'Date adhésion']);
    sheet.addRow([`Y1-${u}`, 'Martin', 'Léa', `lea.${u}@exemple.fr`, new Date(Date.UTC(2019, 2, 1)), null, 'à rappeler']);
    sheet.addRow([`Y2-${u}`, 'Petit', 'Noé', `noe.${u}@exemple.fr`, new Date(Date.UTC(2019, 2, 1)), '  ']);
    const path = join(dir, 'a-droite.xlsx');
    await book.xlsx.writeFile(path);
    const res = await upload(w.staff.token, path);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, refused: 1 });
    const [refused] = (await (await api()).get(`/api/membership/imports/${res.body.data.id}/rows?outcome=refused`).set(bearer(w.staff.token))).body.data;
    expect(refused.reasons).toEqual([{ field: 'row', message: 'La cellule G2 (« à rappeler ») est à droite de la dernière colonne nommée : donnez un en-tête à sa colonne ou videz-la ; la ligne n’est pas importée.' }]);
  });
});

describe('resume after a crash mid-import', () => {
  it('keeps the committed batches, goes on from the last one, and ends with the same members as an uninterrupted run', async () => {
    const u = unique();
    const rows = Array.from({ length: 7 }, (_, i) => `C${i}-${u};Reprise;N${i};reprise${i}.${u}@exemple.fr;;Section B;01/01/2020;${thisYear()};30;02/01/${thisYear()};Espèces`);
    const path = fixture('reprise.csv', `${HEADER}\n${rows.join('\n')}\n`);
    const actor = await getService(strapi, 'membership', 'actors').forUserId(w.staff.user.id);
    const job = await commands.startImport(strapi, actor, { path, fileName: 'reprise.csv' });
    await commands.confirmImport(strapi, actor, job.documentId, { invite: false, createSections: [] });
    // The process "dies" after two batches of three rows.
    await commands.runImport(strapi, job.id, { batchSize: 3, stopAfterBatches: 2 });
    const halfway = await strapi.db.query('plugin::membership.import-job').findOne({ where: { id: job.id } });
    expect(halfway).toMatchObject({ state: 'running', processedRows: 6, result: { created: 6 } });
    expect(await memberByNumber(`C6-${u}`)).toBeNull();
    // At the next boot: resumed from row 6, nothing written twice.
    expect(await commands.resumeImports(strapi, { batchSize: 3 })).toBeGreaterThanOrEqual(1);
    const finished = await strapi.db.query('plugin::membership.import-job').findOne({ where: { id: job.id } });
    expect(finished).toMatchObject({ state: 'done', processedRows: 7, result: { created: 7, updated: 0, refused: 0, duesRecorded: 7 } });
    const count = await strapi.db.query('plugin::membership.member').count({ where: { lastName: 'Reprise', membershipNumber: { $endsWith: u } } });
    expect(count).toBe(7);
    expect((await memberByNumber(`C6-${u}`)).dues).toHaveLength(1);
  });

  /** A confirmed job of `n` rows, stopped after one batch of 2 (as a crash would). */
  async function stoppedJob(n: number) {
    const u = unique();
    const rows = Array.from({ length: n }, (_, i) => `R${i}-${u};Relance;N${i};relance${i}.${u}@exemple.fr;;Section B;01/01/2020;${thisYear()};30;02/01/${thisYear()};Espèces`);
    const path = fixture(`relance-${u}.csv`, `${HEADER}\n${rows.join('\n')}\n`);
    const actor = await getService(strapi, 'membership', 'actors').forUserId(w.staff.user.id);
    const job = await commands.startImport(strapi, actor, { path, fileName: 'relance.csv' });
    await commands.confirmImport(strapi, actor, job.documentId, { invite: false, createSections: [] });
    await commands.runImport(strapi, job.id, { batchSize: 2, stopAfterBatches: 1 });
    return { job, u };
  }
  const auditedSteps = async (documentId: string, action: string) =>
    Number((await strapi.db.connection('audit_log').where({ subject_id: documentId, action }).count({ n: '*' }))[0].n);

  it('two instances booting at once resume a stopped import once: every batch written and audited once, the job done', async () => {
    const { job, u } = await stoppedJob(7);
    await Promise.all([commands.resumeImports(strapi, { batchSize: 2 }), commands.resumeImports(strapi, { batchSize: 2 })]);
    const finished = await strapi.db.query('plugin::membership.import-job').findOne({ where: { id: job.id } });
    expect(finished).toMatchObject({ state: 'done', processedRows: 7, failure: null, result: { created: 7, refused: 0 } });
    expect(await auditedSteps(job.documentId, 'plugin::membership.import.batch')).toBe(4); // 2 + 2 + 2 + 1 rows
    expect(await auditedSteps(job.documentId, 'plugin::membership.import.complete')).toBe(1);
    expect(await strapi.db.query('plugin::membership.member').count({ where: { lastName: 'Relance', membershipNumber: { $endsWith: u } } })).toBe(7);
  });

  it.skipIf(!onPostgres())('an instance booting while another writes the import (its job lock held) leaves it alone; once released, a resume finishes it (PostgreSQL)', async () => {
    const { job } = await stoppedJob(5);
    const client = strapi.db.connection.client;
    const other = await client.acquireConnection(); // stands for the instance writing the job
    const key = `intranet:job:member-import:${job.id}`;
    try {
      await other.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      await commands.resumeImports(strapi, { batchSize: 2 });
      const untouched = await strapi.db.query('plugin::membership.import-job').findOne({ where: { id: job.id } });
      expect(untouched).toMatchObject({ state: 'running', processedRows: 2, failure: null });
      await other.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    } finally {
      await client.releaseConnection(other);
    }
    expect(await commands.resumeImports(strapi, { batchSize: 2 })).toBeGreaterThanOrEqual(1);
    expect(await strapi.db.query('plugin::membership.import-job').findOne({ where: { id: job.id } })).toMatchObject({ state: 'done', processedRows: 5 });
  });
});

describe('invitations when staff choose them, and imported members as the API sees them', () => {
  it('emails each new member their invitation with invite: true; the member is readable, paid up and activates their account', async () => {
    const u = unique();
    const email = `invite.${u}@exemple.fr`.toLowerCase();
    const path = fixture('invitation.csv', `${HEADER}\nI1-${u};Invitée;Alice;${email};;Section A;02/01/2010;${thisYear()};30;05/01/${thisYear()};virement\n`);
    const job = (await upload(w.staff.token, path)).body.data;
    await (await api()).post(`/api/membership/imports/${job.id}/confirm`).set(bearer(w.staff.token)).send({ invite: true });
    expect((await waitUntilFinished(w.staff.token, job.id)).result).toMatchObject({ created: 1 });
    const mail = await waitForMail(email);
    const code = linkIn(mail, '/activer').searchParams.get('code');
    const member = await memberByNumber(`I1-${u}`);
    const read = await (await api()).get(`/api/membership/members/${member.documentId}`).set(bearer(w.staff.token));
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ membershipNumber: `I1-${u}`, lastName: 'Invitée', joinedOn: '2010-01-02' });
    const eligibility = await getService(strapi, 'membership', 'eligibility').ofMember(member.id, {});
    expect(eligibility.eligible).toBe(true);
    const activated = await (await api()).post('/api/notifications/activation').send({ code, password: 'motdepasse-solide', passwordConfirmation: 'motdepasse-solide' });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    const login = await (await api()).post('/api/auth/local').send({ identifier: email, password: 'motdepasse-solide' });
    expect(login.status).toBe(200);
    const me = await (await api()).get('/api/membership/me').set(bearer(login.body.jwt));
    expect(me.body.data).toMatchObject({ role: 'member', member: { membershipNumber: `I1-${u}` }, dues: [{ year: thisYear(), amountCents: 3000 }], eligibility: { eligible: true } });
  });
});

describe('the admin panel’s import screen (admin routes)', () => {
  it('lets the federation’s staff role upload, map and confirm; other federations see nothing, accounts without the role are refused', async () => {
    const u = unique();
    const staff = await adminToken(`import.staff.${u}@exemple.fr`.toLowerCase(), [await federationStaffRole(w.federation.departmentCode)]);
    const other = await adminToken(`import.autre.${u}@exemple.fr`.toLowerCase(), [await federationStaffRole(w.other.departmentCode)]);
    const http = await api();
    const path = fixture('panneau.csv', `${HEADER}\nP1-${u};Panneau;Paul;panneau.${u}@exemple.fr;;Section B;03/04/2015;;;;\n`);
    expectError(await http.post('/membership/imports').attach('file', path), 401);
    const res = await http.post('/membership/imports').set(bearer(staff)).attach('file', path);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.data.id;
    expect(res.body.data.preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, refused: 0 });
    expectError(await http.get(`/membership/imports/${id}`).set(bearer(other)), 404, 'Import introuvable.');
    expectError(await http.post('/membership/imports').set(bearer(other)).field('federation', w.federation.documentId).attach('file', path), 403);
    const remapped = await http.put(`/membership/imports/${id}/mapping`).set(bearer(staff)).send({ mapping: res.body.data.mapping });
    expect(remapped.status).toBe(200);
    expect((await http.post(`/membership/imports/${id}/confirm`).set(bearer(staff)).send({ invite: false })).status).toBe(202);
    for (let i = 0; i < 100 && (await http.get(`/membership/imports/${id}`).set(bearer(staff))).body.data.state !== 'done'; i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(await memberByNumber(`P1-${u}`)).toMatchObject({ lastName: 'Panneau', section: { name: 'Section B' }, federation: { id: w.federation.id } });
    const audit = await strapi.db.connection('audit_log').where({ subject_id: id, action: 'plugin::membership.import.confirm' }).first();
    expect(audit.actor_label).toContain('panneau d’administration');
  });
});

describe('bounds and malformed files', () => {
  const rowsOf = async (id: string, outcome = 'refused') => (await api()).get(`/api/membership/imports/${id}/rows?outcome=${outcome}`).set(bearer(w.staff.token));

  it('refuses a row with a huge cell in a short reason, stores the cell cut, and quotes at most 60 characters of a value', async () => {
    const u = unique();
    const huge = 'a'.repeat(5_000_000);
    const long = `${'b'.repeat(200)}@`;
    const path = fixture('enorme.csv', [
      HEADER,
      `H1-${u};Énorme;Cellule;${huge};;;01/02/2020;;;;`,
      `H2-${u};Long;Courriel;${long};;;01/02/2020;;;;`,
      `H3-${u};Bonne;Ligne;bonne.${u}@exemple.fr;;;01/02/2020;;;;`,
    ].join('\n'));
    const res = await upload(w.staff.token, path);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(201);
    expect(res.body.data.preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, refused: 2 });
    const rows = await rowsOf(res.body.data.id);
    expect(rows.text.length).toBeLessThan(20_000);
    const [first, second] = rows.body.data;
    expect(first.reasons).toEqual([{ field: 'row', message: expect.stringMatching(/^La cellule « E-mail » compte 5\s000\s000 caractères \(1\s000 au plus\) : la ligne n’est pas importée\.$/) }]);
    expect(first.cells['E-mail']).toHaveLength(1_001);
    expect(second.reasons).toEqual([{ field: 'email', message: `Adresse e-mail « ${'b'.repeat(60)}… » invalide.` }]);
    const csv = await (await api()).get(`/api/membership/imports/${res.body.data.id}/refused`).set(bearer(w.staff.token));
    expect(csv.status).toBe(200);
    expect(csv.text.length).toBeLessThan(20_000);
  });

  it('413 for a file over 20 MB and 400 for more than 50,000 rows, saying the limit, leaving nothing behind', async () => {
    const big = fixture('trop-gros.csv', `${HEADER}\n${`X;Nom;Prénom;x@exemple.fr;;;01/02/2020;;;;${' '.repeat(100)}\n`.repeat(200_000)}`);
    expectError(await upload(w.staff.token, big), 413, /20 Mo au plus/);
    const many = fixture('trop-long.csv', `Numéro;Nom\n${'N;X\n'.repeat(50_001)}`);
    expect(badRequest(await upload(w.staff.token, many)).file).toMatch(/plus de 50\s000 lignes/);
    const left = await strapi.db.query('plugin::membership.import-job').count({ where: { fileName: { $in: ['trop-gros.csv', 'trop-long.csv'] } } });
    expect(left).toBe(0);
  }, 120_000);

  it('refuses a line of too many or too few fields (an unprotected « ; ») instead of mapping shifted values, and keeps all of it', async () => {
    const u = unique();
    const path = fixture('decale.csv', [
      HEADER,
      `C1-${u};Dupont;Jean; Paul;decale.${u}@exemple.fr;;;01/02/2020;;;;`,
      `C2-${u};Court;Ligne;court.${u}@exemple.fr`,
      `C3-${u};Bonne;Ligne;bonne.${u}@exemple.fr;;;01/02/2020;;;;`,
    ].join('\n'));
    const res = await upload(w.staff.token, path);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, refused: 2 });
    const [tooMany, tooFew] = (await rowsOf(res.body.data.id)).body.data;
    expect(tooMany.reasons).toEqual([{ field: 'row', message: 'Ligne de 12 colonnes au lieu de 11 (un « ; » non protégé par des guillemets ?) : la ligne n’est pas importée.' }]);
    expect(tooMany.cells['Mode de paiement']).toBe(';'); // the fields past the last column stay in it
    expect(tooFew.reasons).toEqual([{ field: 'row', message: 'Ligne de 4 colonnes au lieu de 11 (un « ; » non protégé par des guillemets ?) : la ligne n’est pas importée.' }]);
  });

  it('400 for a mapping naming an unknown field (__proto__ included) or a column the file lacks; a warning for repeated headers', async () => {
    const u = unique();
    const path = fixture('mapping.csv', `${HEADER}\nM1-${u};Nom;Prénom;m.${u}@exemple.fr;;;01/02/2020;;;;\n`);
    expect(badRequest(await upload(w.staff.token, path, { mapping: '{"__proto__":{"email":"E-mail"}}' }))['mapping.__proto__']).toMatch(/Champ d’import inconnu/);
    expect(badRequest(await upload(w.staff.token, path, { mapping: '{"email":"Inexistante"}' }))['mapping.email']).toBe('La colonne « Inexistante » n’existe pas dans le fichier.');
    const left = await strapi.db.query('plugin::membership.import-job').count({ where: { fileName: 'mapping.csv' } });
    expect(left).toBe(0);
    const first = await upload(w.staff.token, path);
    expect(first.status).toBe(201);
    const remap = await (await api()).put(`/api/membership/imports/${first.body.data.id}/mapping`).set(bearer(w.staff.token)).send(JSON.parse('{"mapping":{"__proto__":{"email":"E-mail"}}}'));
    expectError(remap, 400); // a JSON body's own __proto__ is refused by the body guard already

    const repeated = fixture('noms.csv', `N° adhérent;Nom;Nom;Nom;Prénom;E-mail;Date d’adhésion\nD1-${u};Durand;X;Y;Zoé;d.${u}@exemple.fr;01/02/2020\n`);
    const res = await upload(w.staff.token, repeated);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.columns).toEqual(['N° adhérent', 'Nom', 'Colonne 3', 'Colonne 4', 'Prénom', 'E-mail', 'Date d’adhésion']);
    const warning = 'Plusieurs colonnes s’appellent « Nom » (colonnes 2, 3 et 4) : seule la première garde ce nom, les autres s’appellent ici « Colonne 3 » et « Colonne 4 ». Vérifiez la correspondance des colonnes.';
    expect(res.body.data.preview.warnings).toEqual([warning]);
    const remapped = await (await api()).put(`/api/membership/imports/${res.body.data.id}/mapping`).set(bearer(w.staff.token)).send({ mapping: { ...res.body.data.mapping, lastName: 'Colonne 3' } });
    expect(remapped.status).toBe(200);
    expect(remapped.body.data.preview.warnings).toEqual([warning]);
  });

  it('reads UTF-16 files (Excel’s « Texte Unicode »: tab-separated, little-endian; big-endian too)', async () => {
    const u = unique();
    const text = `\ufeff${HEADER.replaceAll(';', '\t')}\r\nU1-${u}\tLefèvre\tNoël\tu1.${u}@exemple.fr\t\t\t01/02/2020\t\t\t\t\r\n`;
    const le = await upload(w.staff.token, fixture('unicode.txt', Buffer.from(text, 'utf16le')));
    expect(le.status, JSON.stringify(le.body)).toBe(201);
    expect(le.body.data).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', preview: { counts: { create: 1, refused: 0 } } });
    const rows = await rowsOf(le.body.data.id, 'create');
    expect(rows.body.data[0].cells).toMatchObject({ Nom: 'Lefèvre', Prénom: 'Noël' });
    const be = Buffer.from(`\ufeff${HEADER}\nU2-${u};Œuvre;Ève;u2.${u}@exemple.fr;;;01/02/2020;;;;\n`, 'utf16le').swap16();
    const res = await upload(w.staff.token, fixture('unicode-be.csv', be));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toMatchObject({ encoding: 'utf-16be', delimiter: ';', preview: { counts: { create: 1, refused: 0 } } });
  });
});
