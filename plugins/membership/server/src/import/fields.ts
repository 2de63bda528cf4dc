import { isRealDate, todayInParis, type PaymentMethod, truncateText, yearOf } from '@intranet-militant/shared';
import { amountRefusal, paidOnRefusal } from '../domain/dues';

/**
 * The fields an import file may fill, their French names, the column headers they are
 * recognised by, and the conversion of one file row into checked values (pure functions:
 * no database here). Dates: `JJ/MM/AAAA`, `AAAA-MM-JJ`, Excel serial numbers and Excel date
 * cells; amounts in euros (« 30 », « 30,00 € », « 1 234,50 »), stored in cents.
 */

export const IMPORT_FIELDS = [
  'membershipNumber', 'lastName', 'firstName', 'email', 'phone', 'section', 'joinedOn',
  'dueYear', 'dueAmount', 'duePaidOn', 'dueMethod', 'dueReference',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Field → the file's column header it is read from. */
export type ColumnMapping = Partial<Record<ImportField, string>>;

export const FIELD_LABELS: Record<ImportField, string> = {
  membershipNumber: 'Numéro d’adhérent',
  lastName: 'Nom',
  firstName: 'Prénom',
  email: 'E-mail',
  phone: 'Téléphone',
  section: 'Section',
  joinedOn: 'Date d’adhésion',
  dueYear: 'Année de cotisation',
  dueAmount: 'Montant de la cotisation',
  duePaidOn: 'Cotisation payée le',
  dueMethod: 'Mode de paiement',
  dueReference: 'Référence du paiement',
};

/** Fields without which no row can be imported: a mapping must name them. */
export const REQUIRED_FIELDS: readonly ImportField[] = ['membershipNumber', 'lastName', 'firstName', 'email', 'joinedOn'];

/** Headers recognised without help (compared without accents, case, spaces or punctuation). */
const KNOWN_HEADERS: Record<ImportField, string[]> = {
  membershipNumber: ['numeroadherent', 'numadherent', 'nadherent', 'noadherent', 'numero', 'matricule', 'membershipnumber', 'numeroadhesion', 'nadhesion'],
  lastName: ['nom', 'nomdefamille', 'lastname', 'nomdusage'],
  firstName: ['prenom', 'firstname'],
  email: ['email', 'mail', 'courriel', 'adresseemail', 'adressemail', 'adressecourriel', 'emailadresse'],
  phone: ['telephone', 'tel', 'portable', 'mobile', 'phone', 'telephoneportable'],
  section: ['section', 'sectionlocale', 'comite'],
  joinedOn: ['dateadhesion', 'datedadhesion', 'adhesion', 'adherentdepuis', 'joinedon', 'dateentree'],
  dueYear: ['anneecotisation', 'anneedecotisation', 'cotisationannee', 'annee', 'exercice'],
  dueAmount: ['montant', 'montantcotisation', 'montantdelacotisation', 'cotisation', 'cotisationeuros', 'montanteuros'],
  duePaidOn: ['datepaiement', 'datedepaiement', 'payeele', 'cotisationpayeele', 'payele', 'dateversement', 'datecotisation'],
  dueMethod: ['modepaiement', 'modedepaiement', 'moyenpaiement', 'moyendepaiement', 'reglement', 'paiement', 'mode', 'modereglement', 'modedereglement', 'moyen', 'moyenreglement'],
  dueReference: ['reference', 'referencepaiement', 'referencedupaiement', 'ref', 'numerocheque'],
};

export function headerKey(header: string): string {
  return header.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/œ/gi, 'oe').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The mapping guessed from the file's headers (each field takes the first header it recognises). */
export function guessMapping(columns: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  for (const field of IMPORT_FIELDS) {
    const column = columns.find((c) => !taken.has(c) && KNOWN_HEADERS[field].includes(headerKey(c)));
    if (column) {
      mapping[field] = column;
      taken.add(column);
    }
  }
  return mapping;
}

/** The remembered mapping, kept only for the columns this file has; gaps filled by guessing. */
export function mappingFor(columns: string[], remembered: ColumnMapping | null): ColumnMapping {
  const guessed = guessMapping(columns);
  const kept = Object.fromEntries(Object.entries(remembered ?? {}).filter(([, column]) => column && columns.includes(column)));
  const used = new Set(Object.values(kept));
  for (const [field, column] of Object.entries(guessed)) {
    if (!(field in kept) && !used.has(column!)) kept[field] = column;
  }
  return kept as ColumnMapping;
}

/** French reasons a mapping cannot be used, by field (empty when it can). */
export function mappingProblems(columns: string[], mapping: ColumnMapping): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const field of REQUIRED_FIELDS) {
    if (!mapping[field]) problems.push({ field, message: `Colonne obligatoire non associée : « ${FIELD_LABELS[field]} ».` });
  }
  for (const [field, column] of Object.entries(mapping)) {
    if (column && !columns.includes(column)) problems.push({ field, message: `La colonne « ${column} » n’existe pas dans le fichier.` });
  }
  return problems;
}

/**
 * A value quoted in a French reason, cut to its first 60 characters (then « … »): a reason
 * names the value so staff find it, it never repeats a huge cell whole.
 */
export function quoted(value: string): string {
  return truncateText(value, 61);
}

/** A cell as the readers give it: text (CSV, XLSX), a number or a date (XLSX). */
export type Cell = string | number | Date | null;

export interface RowReason {
  field: ImportField | 'row';
  message: string;
  /**
   * The reason tells about someone outside the import's federation (stored as written; only
   * national admins read it so: `reasonsSeenBy` in engine.ts). Never sent to a client.
   */
  outside?: boolean;
}

/** One file row's values once read through the mapping and checked. */
export interface ImportValues {
  membershipNumber: string;
  lastName: string;
  firstName: string;
  email: string;
  phone: string | null;
  section: string | null;
  joinedOn: string;
  due: { year: number; amountCents: number; paidOn: string; method: DueMethod; reference: string | null } | null;
}

export type DueMethod = PaymentMethod;

const METHODS: Record<string, DueMethod> = {
  cheque: 'cheque', chq: 'cheque', ch: 'cheque',
  virement: 'virement', vir: 'virement', virementbancaire: 'virement',
  prelevement: 'prelevement', prel: 'prelevement', prelevementautomatique: 'prelevement',
  carte: 'carte', cb: 'carte', cartebancaire: 'carte', carte_bancaire: 'carte',
  especes: 'especes', liquide: 'especes', esp: 'especes',
};

function text(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return isoOfDate(cell);
  return String(cell).replace(/\u00a0/g, ' ').trim();
}

function isoOfDate(date: Date): string {
  // Excel date cells carry no time zone: exceljs gives the calendar date at 00:00 UTC.
  return date.toISOString().slice(0, 10);
}

/** Excel's serial day number (1900 system, counted from 1899-12-30) as a calendar date. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const ms = Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** `JJ/MM/AAAA` (or `J/M/AAAA`, with `/`, `-` or `.`), `AAAA-MM-JJ`, an Excel serial or date cell → `AAAA-MM-JJ`; null if none of those. */
export function parseFrenchDate(cell: Cell | undefined): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : isoOfDate(cell);
  if (typeof cell === 'number') return excelSerialToIso(cell);
  const value = text(cell);
  let iso: string | null = null;
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (m) iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(value))) iso = `${m[1]}-${m[2]}-${m[3]}`;
  else if (/^\d{4,6}$/.test(value)) iso = excelSerialToIso(Number(value));
  return iso && isRealDate(iso) ? iso : null;
}

/** « 30 », « 30,00 € », « 1 234,50 », « 30.5 » or a number (euros) → cents; null if not an amount. */
export function parseEuros(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? Math.round(cell * 100) : null;
  const value = text(cell).replace(/€|eur(os?)?/gi, '').replace(/[\s\u202f]/g, '');
  if (!/^\d+([.,]\d{1,2})?$/.test(value)) return null;
  return Math.round(Number(value.replace(',', '.')) * 100);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER = /^[A-Z0-9-]{3,20}$/;
const PHONE = /^[0-9 +().-]*$/;

/**
 * Reads one row through the mapping and checks it: the values, or the French reasons
 * (one per field) it cannot be imported. `today` (Paris) bounds dates.
 */
export function readRow(cells: Record<string, Cell>, mapping: ColumnMapping, today = todayInParis()): { values: ImportValues | null; reasons: RowReason[] } {
  const reasons: RowReason[] = [];
  const get = (field: ImportField) => (mapping[field] ? cells[mapping[field]!] ?? null : null);
  const refuse = (field: ImportField, message: string) => reasons.push({ field, message });

  const membershipNumber = text(get('membershipNumber')).toUpperCase().replace(/\s+/g, '');
  if (!membershipNumber) refuse('membershipNumber', 'Numéro d’adhérent manquant.');
  else if (!NUMBER.test(membershipNumber)) refuse('membershipNumber', `Numéro d’adhérent « ${quoted(membershipNumber)} » invalide : 3 à 20 lettres, chiffres ou tirets.`);

  const lastName = text(get('lastName'));
  if (!lastName) refuse('lastName', 'Nom manquant.');
  else if (lastName.length > 80) refuse('lastName', 'Nom trop long (80 caractères au plus).');
  const firstName = text(get('firstName'));
  if (!firstName) refuse('firstName', 'Prénom manquant.');
  else if (firstName.length > 80) refuse('firstName', 'Prénom trop long (80 caractères au plus).');

  const email = text(get('email')).replace(/\s+/g, '').toLowerCase();
  if (!email) refuse('email', 'Adresse e-mail manquante.');
  else if (email.length > 254 || !EMAIL.test(email)) refuse('email', `Adresse e-mail « ${quoted(email)} » invalide.`);

  const phone = text(get('phone'));
  if (phone.length > 30 || !PHONE.test(phone)) refuse('phone', 'Téléphone invalide (chiffres, espaces et + ( ) . - ; 30 caractères au plus).');

  const section = text(get('section'));
  if (section.length > 120) refuse('section', 'Nom de section trop long (120 caractères au plus).');

  const joinedCell = get('joinedOn');
  const joinedOn = parseFrenchDate(joinedCell);
  if (!text(joinedCell)) refuse('joinedOn', 'Date d’adhésion manquante.');
  else if (!joinedOn) refuse('joinedOn', `Date d’adhésion « ${quoted(text(joinedCell))} » illisible : JJ/MM/AAAA attendu.`);
  else if (joinedOn > today) refuse('joinedOn', 'La date d’adhésion ne peut pas être dans le futur.');

  let due: ImportValues['due'] = null;
  const dueCells = { year: get('dueYear'), amount: get('dueAmount'), paidOn: get('duePaidOn'), method: get('dueMethod') };
  if (text(dueCells.year) || text(dueCells.amount)) {
    const year = Number(text(dueCells.year));
    const maxYear = yearOf(today) + 1;
    if (!text(dueCells.year)) refuse('dueYear', 'Année de cotisation manquante.');
    else if (!Number.isInteger(year) || year < 2000 || year > maxYear) refuse('dueYear', `Année de cotisation « ${quoted(text(dueCells.year))} » invalide (2000 à ${maxYear}).`);
    const amountCents = parseEuros(dueCells.amount);
    if (!text(dueCells.amount)) refuse('dueAmount', 'Montant de la cotisation manquant.');
    else if (amountCents === null || amountCents <= 0 || amountCents > 10_000_000) refuse('dueAmount', `Montant « ${quoted(text(dueCells.amount))} » invalide : un montant positif en euros (ex. 30,00).`);
    else if (amountRefusal(amountCents)) refuse('dueAmount', `Montant « ${quoted(text(dueCells.amount))} » refusé : ${amountRefusal(amountCents)}`);
    const paidOn = parseFrenchDate(dueCells.paidOn);
    if (!text(dueCells.paidOn)) refuse('duePaidOn', 'Date de paiement de la cotisation manquante.');
    else if (!paidOn) refuse('duePaidOn', `Date de paiement « ${quoted(text(dueCells.paidOn))} » illisible : JJ/MM/AAAA attendu.`);
    else if (paidOn > today) refuse('duePaidOn', 'La date de paiement ne peut pas être dans le futur.');
    // Own keys only: « constructor » (any object's) is no payment method.
    const methodKey = headerKey(text(dueCells.method));
    const method = Object.hasOwn(METHODS, methodKey) ? METHODS[methodKey] : undefined;
    if (!text(dueCells.method)) refuse('dueMethod', 'Mode de paiement manquant.');
    else if (!method) refuse('dueMethod', `Mode de paiement « ${quoted(text(dueCells.method))} » inconnu : chèque, virement, prélèvement, carte ou espèces.`);
    const reference = text(get('dueReference'));
    if (reference.length > 80) refuse('dueReference', 'Référence trop longue (80 caractères au plus).');
    // The API's rule (domain/dues.ts), against the row's own join date.
    const paidOnProblem = paidOn && paidOn <= today && Number.isInteger(year) ? paidOnRefusal({ year, paidOn }, joinedOn, today) : null;
    if (paidOnProblem) refuse('duePaidOn', paidOnProblem);
    if (reasons.length === 0) due = { year, amountCents: amountCents!, paidOn: paidOn!, method: method!, reference: reference || null };
  } else if (text(get('duePaidOn')) || text(get('dueMethod'))) {
    refuse('dueYear', 'Cotisation incomplète : année et montant manquants.');
  }

  if (reasons.length > 0) return { values: null, reasons };
  return {
    values: { membershipNumber, lastName, firstName, email, phone: phone || null, section: section || null, joinedOn: joinedOn!, due },
    reasons,
  };
}
