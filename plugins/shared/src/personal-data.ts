import { frenchDate, frenchDateTime } from './dates';

/**
 * « Mes données » (issue 22, item 3): what the intranet holds about one member, gathered
 * plugin by plugin. Each plugin that keeps personal data offers a public service named
 * `personal-data` (declared in its `public.ts`) that satisfies `PersonalDataProvider`; the
 * membership plugin assembles the parts in the background and offers the result as JSON and
 * HTML. A plugin never reads another's tables to describe a member: it describes its own.
 *
 * Values are plain (text, numbers, booleans, null) so that the JSON is the same thing the
 * HTML page and the PDF show; labels and notes are French: the member reads them. The JSON is
 * also the member's portable copy (GDPR art. 20), so values stay as the intranet holds them,
 * and the readable HTML and PDF word them (`readablePersonalValue`):
 * - dates are ISO strings: `YYYY-MM-DD` for a calendar day (a Paris day), an ISO 8601 instant
 *   (`2026-12-06T03:18:42.233Z`) for a moment; read as « 6 décembre 2026 » and « 6 décembre
 *   2026 à 04 h 18 » (Paris time);
 * - a code (a notification kind, a stored enumeration) or a structured value (the cells of an
 *   import line) is given with its French reading as a `PersonalDataLabelled`: the JSON keeps
 *   both, the HTML and PDF show the label only;
 * - booleans read « oui » / « non », nothing (null, '') reads « — ».
 */
export type PersonalDataValue = string | number | boolean | null | PersonalDataLabelled;

/**
 * A value as stored beside its French reading, e.g. `{ value: 'bodies.minutes-published',
 * label: 'Publication d’un compte rendu' }`, or an import line's cells `{ value: { 'N°
 * adhérent': '30-00001', … }, label: 'N° adhérent : 30-00001\n…' }`.
 */
export interface PersonalDataLabelled {
  /** As the intranet holds it (machine-readable). */
  value: string | number | boolean | null | Record<string, unknown> | unknown[];
  /** What a person reads (French). */
  label: string;
}

/** `{ value, label }`: a stored value with its French reading (see `PersonalDataLabelled`). */
export const labelled = (value: PersonalDataLabelled['value'], label: string): PersonalDataLabelled => ({ value, label });

const ISO_DAY = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * A value of « Mes données » as the readable HTML page and PDF write it (French): « — » for
 * nothing (null, undefined, ''), « oui » / « non », a labelled value's label, an ISO calendar
 * day as « 6 décembre 2026 », an ISO instant (or a `Date`) as « 6 décembre 2026 à 04 h 18 »
 * in Paris time, any other text or number as it is. Pure; never throws (an unreadable
 * instant stays as written).
 */
export function readablePersonalValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '—' : frenchDateTime(value);
  if (typeof value === 'object') {
    const label = (value as Partial<PersonalDataLabelled>).label;
    return typeof label === 'string' && label !== '' ? label : '—';
  }
  const text = String(value);
  if (ISO_DAY.test(text)) return frenchDate(text);
  if (ISO_INSTANT.test(text) && !Number.isNaN(Date.parse(text))) return frenchDateTime(text);
  return text;
}

/** One heading of a part: records of the same shape (French label → value). */
export interface PersonalDataSection {
  /** French heading, e.g. « Contributions ». */
  title: string;
  /** One record per line; an empty list means « nothing held ». */
  rows: Record<string, PersonalDataValue>[];
  /** French sentence explaining what is (not) there, e.g. the secrecy of the ballot. */
  note?: string;
}

/** One plugin's part of the export. */
export interface PersonalDataPart {
  /** The plugin id that holds this data (`training`). */
  source: string;
  /** French title of the part (« Formation »). */
  title: string;
  sections: PersonalDataSection[];
}

/** Whose data: the member profile and its login account (null for a profile without account). */
export interface PersonalDataSubject {
  memberId: number;
  memberDocumentId: string;
  userId: number | null;
}

/** What a plugin's `personal-data` service offers. Reads only; throws only on database failure. */
export interface PersonalDataProvider {
  personalData(subject: PersonalDataSubject): Promise<PersonalDataPart>;
}

/** The name every contributing plugin gives its service. */
export const PERSONAL_DATA_SERVICE = 'personal-data';

interface PluginRegistry {
  plugins: Record<string, unknown>;
  plugin(name: string): { service(name: string): unknown } | undefined;
}

/**
 * The parts of every installed plugin that offers a `personal-data` service, `first` ids
 * first (in that order), then the others by id. A plugin a deployment does not install
 * simply has no part. Provider failures propagate (the export is then marked failed).
 */
export async function collectPersonalData(
  strapi: PluginRegistry,
  subject: PersonalDataSubject,
  first: readonly string[] = []
): Promise<PersonalDataPart[]> {
  const ids = Object.keys(strapi.plugins).sort((a, b) => {
    const ra = first.indexOf(a) === -1 ? first.length : first.indexOf(a);
    const rb = first.indexOf(b) === -1 ? first.length : first.indexOf(b);
    return ra - rb || a.localeCompare(b);
  });
  const parts: PersonalDataPart[] = [];
  for (const id of ids) {
    let provider: PersonalDataProvider | undefined;
    try {
      provider = strapi.plugin(id)?.service(PERSONAL_DATA_SERVICE) as PersonalDataProvider | undefined;
    } catch {
      provider = undefined; // Strapi's own plugins: no such service
    }
    if (provider && typeof provider.personalData === 'function') parts.push(await provider.personalData(subject));
  }
  return parts;
}
