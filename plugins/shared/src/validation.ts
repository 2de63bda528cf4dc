import { z } from 'zod';
import { errors } from '@strapi/utils';
import { codePointLength } from './text';

const zodFrench = z.locales.fr().localeError;

const fr = (n: number | bigint) => Number(n).toLocaleString('fr-FR');
const TYPES: Record<string, string> = {
  string: 'un texte', number: 'un nombre', int: 'un nombre entier', boolean: 'oui ou non (true / false)',
  array: 'une liste', object: 'un objet', date: 'une date',
};
const shown = (value: unknown) => (typeof value === 'string' ? `« ${value} »` : String(value));

/**
 * The messages members read when a schema gives none of its own: plain French sentences
 * (« 200 caractères au plus. »), not a developer's (« Trop grand : chaîne doit avoir
 * <=200 caractères »). Counts are the schema's; zod's French stays the last resort.
 */
type Issue = Parameters<typeof zodFrench>[0];
function memberMessages(issue: Issue): string | undefined {
  const i = issue as Issue & Record<string, any>;
  switch (i.code) {
    case 'invalid_type':
      if (i.input === undefined) return 'Champ obligatoire.';
      return TYPES[i.expected] ? `Valeur attendue : ${TYPES[i.expected]}.` : 'Valeur invalide.';
    case 'too_big':
      if (i.origin === 'string') return `${fr(i.maximum)} caractère${i.maximum > 1 ? 's' : ''} au plus.`;
      if (i.origin === 'array' || i.origin === 'set') return `${fr(i.maximum)} élément${i.maximum > 1 ? 's' : ''} au plus.`;
      if (i.origin === 'number' || i.origin === 'int') return i.inclusive ? `Au plus ${fr(i.maximum)}.` : `Moins de ${fr(i.maximum)}.`;
      return 'Valeur trop grande.';
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? 'Champ obligatoire.' : `${fr(i.minimum)} caractères au moins.`;
      if (i.origin === 'array' || i.origin === 'set') return `Au moins ${fr(i.minimum)} élément${i.minimum > 1 ? 's' : ''}.`;
      if (i.origin === 'number' || i.origin === 'int') return i.inclusive ? `Au moins ${fr(i.minimum)}.` : `Plus de ${fr(i.minimum)}.`;
      return 'Valeur trop petite.';
    case 'invalid_value':
      return i.values.length === 1 ? `Valeur attendue : ${shown(i.values[0])}.` : `Valeur attendue parmi : ${i.values.map(shown).join(', ')}.`;
    case 'unrecognized_keys':
      return `Champ${i.keys.length > 1 ? 's' : ''} inconnu${i.keys.length > 1 ? 's' : ''} : ${i.keys.join(', ')}.`;
    case 'invalid_format':
      if (i.format === 'email') return 'Adresse e-mail invalide.';
      if (i.format === 'url') return 'Adresse web invalide.';
      if (i.format === 'datetime' || i.format === 'date') return 'Date invalide.';
      return 'Format invalide.';
    case 'not_multiple_of':
      return `Multiple de ${fr(i.divisor)} attendu.`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return 'Valeur invalide.';
    default: {
      const fallback = zodFrench(issue);
      return typeof fallback === 'string' ? fallback : fallback?.message;
    }
  }
}

export interface FieldError {
  path: string[];
  message: string;
  name: 'ValidationError';
}

/**
 * Whether the input being parsed now is text — a path's parameters, a query string — where a
 * whole number can only come as digits (`strictInteger` reads them). Set by `parseInput` for
 * the time of one parse, which zod runs synchronously (`safeParse` refuses async checks), so
 * no other parse can see it.
 */
let parsingText = false;

/**
 * Parses untrusted input with a schema. On failure throws Strapi's ValidationError (400)
 * carrying one French message per field in `details.errors`, the shape the admin panel
 * and Strapi's own endpoints use. Explicit messages in the schema win over zod's French
 * defaults. `queryString`: the input is a parsed query string, where a list in place of one
 * value means a repeated parameter (told as such). `text` (implied by `queryString`): the
 * input is made of text only (a path's parameters), so `strictInteger` reads digits as a
 * whole number; anywhere else — a JSON body — a whole number is a JSON number, and « "1" » is
 * refused as the wrong type.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message = 'Données invalides.', options: { queryString?: boolean; text?: boolean } = {}): z.output<S> {
  const bad = unstorableCharacterIn(input);
  if (bad) throw new errors.ValidationError(`${message} ${UNSTORABLE_CHARACTER[bad]}`, { errors: [] });
  parsingText = Boolean(options.text || options.queryString);
  const result = (() => {
    try {
      return schema.safeParse(input ?? {}, { error: memberMessages });
    } finally {
      parsingText = false;
    }
  })();
  if (result.success) return result.data;
  // One message per field: its first failed check's (schemas order their checks so that the
  // first is the one to read — a range before « whole number »). A value failing two checks
  // got two sentences that could disagree (« Numéro de page invalide. ; page : Affinez… »).
  const seen = new Set<string>();
  const fieldErrors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    const key = JSON.stringify(path);
    if (seen.has(key)) continue;
    seen.add(key);
    fieldErrors.push({ path, message: options.queryString && repeatedParameter(issue, input) ? REPEATED : issue.message, name: 'ValidationError' });
  }
  const summary = fieldErrors
    .slice(0, 3)
    .map((e) => (e.path.length ? `${e.path.join('.')} : ${e.message}` : e.message))
    .join(' ; ');
  throw new errors.ValidationError(`${message} ${summary}`.trim(), { errors: fieldErrors });
}

const REPEATED = 'Ce paramètre est donné plusieurs fois : une seule valeur est attendue.';

/**
 * A query string's parameter given twice (`?q=a&q=b`, or `q[]=a`) reaches the schema as a
 * list: where one value was expected, say so rather than the field's own message (« Saisissez
 * ce que vous cherchez » for a `q` that was given, twice).
 */
function repeatedParameter(issue: z.core.$ZodIssue, input: unknown): boolean {
  if (issue.path.length !== 1 || (issue.code !== 'invalid_type' && issue.code !== 'invalid_value')) return false;
  if (issue.code === 'invalid_type' && issue.expected === 'array') return false;
  return input !== null && typeof input === 'object' && Array.isArray((input as Record<PropertyKey, unknown>)[issue.path[0]]);
}

/** A lone surrogate: with the `u` flag a well-formed pair is one code point, so only halves match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * What members read for a character no text may hold — a sentence of its own, read beside a
 * field or after « Données invalides. », « Paramètres invalides. q : », « Adresse refusée. »:
 * NUL (PostgreSQL cannot store it, and no member types it), half of a UTF-16 pair (« \ud800 » in JSON: stored, it would become
 * « � », the member's text changed without a word), and « � » itself (U+FFFD): what the body
 * parser puts in place of bytes that are not UTF-8 (a form sent in Latin-1: « é » as 0xE9).
 */
export const UNSTORABLE_CHARACTER = {
  nul: 'Le texte contient un caractère non autorisé (caractère nul).',
  surrogate: 'Texte mal encodé : un caractère est incomplet.',
  replacement: 'Texte mal encodé : un caractère est illisible (« � ») ; renvoyez le texte en UTF-8.',
} as const;

/**
 * What members read for a query-string parameter whose percent-encoding is not UTF-8
 * (`?q=%FF%FE`, a link written in Latin-1) or is cut short (`%E0%A4%A`): the query parser
 * keeps such text as it came (« %FF%FE »), so a search would look for it and answer 200.
 */
export const UNDECODABLE_PARAMETER = 'Texte mal encodé : ce n’est pas de l’UTF-8 valide ; renvoyez-le encodé en UTF-8.';

/**
 * The first parameter of a raw query string (`ctx.querystring`: `a=1&q=%FF`) whose name or
 * value does not decode as percent-encoded UTF-8 (`decodeURIComponent`, « + » read as a
 * space as the query parser does): `{ name }`, its name as decoded, or null when the name
 * itself does not decode; null when every parameter decodes. Pure.
 */
export function undecodableParameter(querystring: string): { name: string | null } | null {
  const decoded = (text: string) => {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      return null;
    }
  };
  for (const pair of querystring.split('&')) {
    const at = pair.indexOf('=');
    const name = decoded(at < 0 ? pair : pair.slice(0, at));
    if (name === null) return { name: null };
    if (at >= 0 && decoded(pair.slice(at + 1)) === null) return { name };
  }
  return null;
}

type Unstorable = keyof typeof UNSTORABLE_CHARACTER;
const unstorableIn = (text: string): Unstorable | null => (text.includes('\u0000') ? 'nul' : LONE_SURROGATE.test(text) ? 'surrogate' : text.includes('\uFFFD') ? 'replacement' : null);

/**
 * The first such character in any key or string of an input (20 levels deep), and where:
 * `path`, the keys leading to the string that holds it (`['q']` for `?q=a%00`, `['filters',
 * 'name', '$eq']`), or to the object whose key holds it (a key is not named: it is the fault).
 * Null when there is none. Pure.
 */
export function unstorableCharacterAt(value: unknown, path: string[] = [], depth = 0): { kind: Unstorable; path: string[] } | null {
  if (typeof value === 'string') {
    const kind = unstorableIn(value);
    return kind && { kind, path };
  }
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const inKey = unstorableIn(key);
    if (inKey) return { kind: inKey, path };
    const found = unstorableCharacterAt(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** The first such character in any key or string of an input (20 levels deep), or null. */
export function unstorableCharacterIn(value: unknown): Unstorable | null {
  return unstorableCharacterAt(value)?.kind ?? null;
}

/**
 * A whole number, as each part of a request can carry one. In a query string or a path's
 * parameters (`parseInput` with `queryString` or `text`: the route chain's `params` and
 * `query`), where everything is text, plain decimal digits are read as the number (« 12 »,
 * « -3 »), never « 0x1 », « 1e3 », « +1 », « 01 »-style surprises or surrounding spaces. In a
 * JSON body, a JSON number only: « "1" » is text, refused with the schema's message for a
 * wrong type, as in every plugin's body alike (a form sends what it read as a number; the
 * portal's `wholeNumberOf` does it for a typed field). `schema` says the bounds and messages.
 */
export function strictInteger<S extends z.ZodNumber>(schema: S) {
  // A minus sign is read too, so that « -1 » is told the range, not « un nombre entier ».
  return z.preprocess((value) => (parsingText && typeof value === 'string' && /^(0|-?[1-9]\d{0,20})$/.test(value) ? Number(value) : value), schema);
}

/** The highest page number a list accepts. */
export const MAX_PAGE = 100_000;

/**
 * A character that shows on its own: any code point outside these classes, each of which
 * draws nothing (or a blank) when a text is made of them alone —
 * - white space (`\s`): spaces of every width, tabs, line and paragraph separators, BOM;
 * - controls (`\p{Cc}`): C0 and C1 control codes and DEL, never drawn;
 * - format characters (`\p{Cf}`): zero-width space and joiners, soft hyphen, direction marks,
 *   word joiner and invisible operators (U+2060–2064), Mongolian vowel separator (U+180E);
 * - marks (`\p{M}`): combining accents, variation selectors (U+FE00–FE0F, U+E0100–E01EF), the
 *   combining grapheme joiner — they change the character before them and show nothing
 *   without one (« é » typed e + U+0301 passes on its « e »);
 * - default-ignorable code points (`\p{Default_Ignorable_Code_Point}`, Unicode's list of what a
 *   renderer draws as nothing when it does not support it): among them the Hangul fillers
 *   U+115F, U+1160, U+3164 and U+FFA0, letters by their category yet blank, and the tags U+E0000–E007F;
 * - the braille pattern blank (U+2800), a braille cell with no dot raised.
 * Anything else counts as visible, unassigned and private-use code points included (a font
 * may draw them: refusing them would refuse a real text).
 */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}\u2800]/u;

/**
 * Whether a text shows something: `text`, as typed (not trimmed first: spaces are invisible
 * anyway). @returns true when at least one of its characters is visible (see `VISIBLE` for
 * the classes that are not, and why), false for an empty text or one made only of spaces,
 * zero-width or format characters, combining marks, Hangul fillers or braille blanks.
 * What a required human-written text is checked with (`fields.text` does it), so that a
 * title, a reason or a question is never stored blank-looking.
 */
export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(text);
}

/** Common field schemas with French messages. */
export const fields = {
  id: (label: string) =>
    strictInteger(z.number({ error: `${label} : identifiant invalide.` }).int({ error: `${label} : identifiant invalide.` }).positive({ error: `${label} : identifiant invalide.` })),

  /** A calendar date written YYYY-MM-DD (no time, no time zone), from 1900 to 2100. */
  isoDate: (label: string) =>
    z
      .string({ error: `${label} : date attendue au format AAAA-MM-JJ.` })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label} : date attendue au format AAAA-MM-JJ.`, abort: true })
      .refine((value) => isRealDate(value), { error: `${label} : cette date n’existe pas.`, abort: true })
      // A year like 1800 or 9999 is a typing slip: no date of the party's life is outside.
      .refine((value) => value >= '1900-01-01' && value <= '2100-12-31', { error: `${label} : une date entre 1900 et 2100.` }),

  /**
   * One of a few values the portal sends as keys; the refusal says what each means in French:
   * « Visibilité de la fiche : « staff » (l’équipe fédérale), « all » (tous les adhérents)… ».
   */
  choice: <K extends string>(label: string, meanings: Record<K, string>) => {
    const keys = Object.keys(meanings) as [K, ...K[]];
    const listed = keys.map((k) => `« ${k} » (${meanings[k]})`);
    return z.enum(keys, { error: `${label} : ${listed.slice(0, -1).join(', ')} ou ${listed[listed.length - 1]}.` });
  },

  /** A Strapi documentId (or any opaque id we look up; unknown ones are answered 400/404). */
  documentId: (label: string) =>
    z
      .string({ error: `${label} : identifiant attendu.` })
      .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: `${label} : identifiant invalide.` }),

  /** `page` and `pageSize` query parameters, 1-based, at most 100 a page. */
  pagination: (defaultPageSize = 25) => ({
    // Ranges before « whole number »: a field tells its first failed check only (`parseInput`),
    // and for 1e20 the range is what the member needs to read.
    page: strictInteger(z
      .number({ error: 'La page est un nombre entier.' })
      .min(1, { error: 'La page commence à 1.' })
      // Far beyond any list of ours, and well inside what a database offset can hold.
      .max(MAX_PAGE, { error: `La page va de 1 à ${MAX_PAGE.toLocaleString('fr-FR')}.` })
      .int({ error: 'La page est un nombre entier.' })).default(1),
    pageSize: strictInteger(z
      .number({ error: 'La taille de page est un nombre entier.' })
      .min(1, { error: 'La taille de page va de 1 à 100.' })
      .max(100, { error: 'La taille de page va de 1 à 100.' })
      .int({ error: 'La taille de page est un nombre entier.' })).default(defaultPageSize),
  }),

  /**
   * Counted in code points (an emoji is one character, as the database counts it). Required:
   * at least one visible character (`hasVisibleCharacter`) — a text of spaces or of invisible
   * characters alone (zero-width spaces and joiners, soft hyphens, byte-order marks, combining
   * marks without a letter, Hangul fillers, braille blanks) shows as a blank.
   */
  text: (label: string, max = 255) =>
    z
      // Missing (or null): « obligatoire »; given as something else (a number, a list): « du texte ».
      .string({ error: (issue) => (issue.input == null ? `${label} est obligatoire.` : `${label} : du texte est attendu.`) })
      .trim()
      // No `abort`: an aborted field would skip the object's own refinements (« indiquez qui… »);
      // `parseInput` tells a field's first message only.
      .min(1, { error: `${label} est obligatoire.` })
      .refine(hasVisibleCharacter, { error: `${label} est obligatoire.` })
      .refine((value) => codePointLength(value) <= max, { error: `${label} : ${max} caractères au plus.` }),
};

export function isRealDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number);
  // setUTCFullYear, not Date.UTC: the latter reads the years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export { z };

/** The `meta` of a paged list, as Strapi's REST API shapes it. */
export function pageMeta(page: number, pageSize: number, total: number) {
  return { pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } };
}

/**
 * The total of a paged list when the page read itself tells it, so that no `count(*)` is
 * needed: a page with rows but fewer than `pageSize` is the last one, and an empty first page
 * means none. @returns the total, or null when it must be counted (a full page, or an empty
 * page after the first).
 */
export function totalFromPage(page: number, pageSize: number, rowsOnPage: number): number | null {
  if (rowsOnPage > 0 && rowsOnPage < pageSize) return (page - 1) * pageSize + rowsOnPage;
  if (rowsOnPage === 0 && page === 1) return 0;
  return null;
}

/**
 * A 400 about one field, shaped like the schema errors: `path` a field's name, or the keys down
 * to a nested one (`['rows', 2, 'seat']`), each key a string as zod's and Strapi's are.
 */
export function fieldError(path: string | readonly (string | number)[], message: string): InstanceType<typeof errors.ValidationError> {
  const keys = typeof path === 'string' ? [path] : path.map(String);
  return new errors.ValidationError(message, { errors: [{ path: keys, message, name: 'ValidationError' }] });
}
