import { describe, expect, it } from 'vitest';
import { errors } from '@strapi/utils';
import { ConflictError, fieldError, fields, frenchDate, hasVisibleCharacter, parseInput, strictInteger, undecodableParameter, unstorableCharacterAt, violatesUniqueIndex, z } from '../src';

describe('parseInput', () => {
  const schema = z.strictObject({ name: fields.text('Le nom', 10), on: fields.isoDate('La date') });

  it('returns the parsed value', () => {
    expect(parseInput(schema, { name: ' Gard ', on: '2026-03-01' })).toEqual({ name: 'Gard', on: '2026-03-01' });
  });

  it('throws a 400 ValidationError with one French message per field', () => {
    try {
      parseInput(schema, { name: '', on: '2026-02-30', extra: 1 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(errors.ValidationError);
      const details = (error as any).details.errors as { path: string[]; message: string }[];
      const byPath = Object.fromEntries(details.map((e) => [e.path.join('.'), e.message]));
      expect(byPath.name).toBe('Le nom est obligatoire.');
      expect(byPath.on).toBe('La date : cette date n’existe pas.');
      expect(byPath['']).toBe('Champ inconnu : extra.'); // the unknown key is reported, in French
    }
  });

  it('tells a field once when several checks fail with the same words', () => {
    try {
      parseInput(schema, { name: [], on: '2026-03-01' });
      expect.unreachable();
    } catch (error) {
      const details = (error as any).details.errors as { path: string[]; message: string }[];
      expect(details.filter((e) => e.path.join('.') === 'name').map((e) => e.message)).toEqual(['Le nom : du texte est attendu.']);
      expect((error as Error).message).toBe('Données invalides. name : Le nom : du texte est attendu.');
    }
  });

  it('treats a missing body as an empty object', () => {
    expect(() => parseInput(schema, undefined)).toThrow(errors.ValidationError);
  });
});

describe('strictInteger', () => {
  const schema = z.strictObject({ n: strictInteger(z.number({ error: 'N : un nombre entier.' }).int({ error: 'N : un nombre entier.' })) });
  const fieldOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as { details: { errors: { message: string }[] } }).details.errors[0]!.message;
    }
    return null;
  };

  it('reads digits in a query string or an address (text), never « 0x1 », « 1e3 », « +1 » or spaces', () => {
    expect(parseInput(schema, { n: '12' }, 'Paramètres invalides.', { queryString: true })).toEqual({ n: 12 });
    expect(parseInput(schema, { n: '-3' }, 'Adresse invalide.', { text: true })).toEqual({ n: -3 });
    for (const n of ['0x1', '1e3', '+1', ' 1', '01']) expect(fieldOf(() => parseInput(schema, { n }, 'Paramètres invalides.', { queryString: true })), n).toBe('N : un nombre entier.');
  });

  it('wants a JSON number in a body: « "12" » is text, refused with the field’s message', () => {
    expect(parseInput(schema, { n: 12 })).toEqual({ n: 12 });
    expect(fieldOf(() => parseInput(schema, { n: '12' }))).toBe('N : un nombre entier.');
    // A text parse that failed leaves nothing behind: the next body is strict again.
    expect(fieldOf(() => parseInput(schema, { n: 'x' }, 'Paramètres invalides.', { queryString: true }))).toBe('N : un nombre entier.');
    expect(fieldOf(() => parseInput(schema, { n: '12' }))).toBe('N : un nombre entier.');
  });
});

describe('frenchDate', () => {
  it.each([
    ['2026-03-01', '1er mars 2026'],
    ['2026-08-15', '15 août 2026'],
    ['2027-12-31T10:00:00Z', '31 décembre 2027'],
  ])('%s → %s', (iso, text) => expect(frenchDate(iso)).toBe(text));
});

describe('ConflictError', () => {
  it('is a 409 that keeps its class and details', () => {
    const error = new ConflictError('Déjà fait.', { field: 'x' });
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.status).toBe(409);
    expect(error.name).toBe('ConflictError');
    expect(error.details).toEqual({ field: 'x' });
  });
});

describe('violatesUniqueIndex', () => {
  const index = { name: 'things_code_uq', table: 'things', columns: ['code'] };
  it('recognises PostgreSQL and SQLite unique violations of that index only', () => {
    expect(violatesUniqueIndex({ code: '23505', constraint: 'things_code_uq' }, index)).toBe(true);
    expect(violatesUniqueIndex({ code: '23505', constraint: 'other_uq' }, index)).toBe(false);
    expect(violatesUniqueIndex({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: things.code' }, index)).toBe(true);
    expect(violatesUniqueIndex({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: things.name' }, index)).toBe(false);
    expect(violatesUniqueIndex({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY', message: 'UNIQUE constraint failed: things.code' }, index)).toBe(true);
    expect(violatesUniqueIndex(new Error('boom'), index)).toBe(false);
  });
});

describe('fields.isoDate', () => {
  it('names the format when the text is no date, and the calendar when the day does not exist', () => {
    const schema = z.object({ on: fields.isoDate('La date') });
    const message = (value: string) => (schema.safeParse({ on: value }).error?.issues ?? []).map((i) => i.message);
    expect(message('01/03/2026')).toEqual(['La date : date attendue au format AAAA-MM-JJ.']);
    expect(message('2026-02-29')).toEqual(['La date : cette date n’existe pas.']);
    expect(message('2028-02-29')).toEqual([]);
    // Years before 100 exist (Date.UTC would read 0001 as 1901): out of range, not unreal.
    expect(message('0001-01-01')).toEqual(['La date : une date entre 1900 et 2100.']);
    expect(message('0099-12-31')).toEqual(['La date : une date entre 1900 et 2100.']);
    expect(message('0004-02-29')).toEqual(['La date : une date entre 1900 et 2100.']);
    expect(message('0003-02-29')).toEqual(['La date : cette date n’existe pas.']);
  });
});

describe('todayInParis', async () => {
  const { todayInParis } = await import('../src');
  it('gives the calendar date in Paris, not in UTC', () => {
    expect(todayInParis(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(todayInParis(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(todayInParis(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('answers each instant with its own day when instants of different days alternate (its cache is by minute)', () => {
    const opening = new Date('2026-03-01T08:00:00Z');
    const midnightParis = new Date('2026-02-28T23:30:00Z');
    for (let i = 0; i < 3; i++) {
      expect(todayInParis(opening)).toBe('2026-03-01');
      expect(todayInParis(new Date('2026-02-28T22:59:00Z'))).toBe('2026-02-28');
      expect(todayInParis(midnightParis)).toBe('2026-03-01');
    }
    for (let minute = 0; minute < 600; minute++) todayInParis(new Date(Date.UTC(2025, 0, 1) + minute * 60_000)); // more minutes than it keeps
    expect(todayInParis(new Date('2026-02-28T22:59:00Z'))).toBe('2026-02-28');
    expect(() => todayInParis(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('NUL characters', () => {
  it('are refused anywhere in the input (PostgreSQL cannot store them)', () => {
    const schema = z.object({ name: z.string(), tags: z.array(z.string()).optional() });
    expect(() => parseInput(schema, { name: 'Jean\u0000' })).toThrow('Le texte contient un caractère non autorisé (caractère nul).');
    expect(() => parseInput(schema, { name: 'Jean', tags: ['a\u0000'] })).toThrow('Le texte contient un caractère non autorisé (caractère nul).');
    expect(parseInput(schema, { name: 'Jean' })).toEqual({ name: 'Jean' });
  });

  it('say where they are: the keys leading to the text, never the faulty key itself', () => {
    expect(unstorableCharacterAt({ q: 'conseil\u0000' })).toEqual({ kind: 'nul', path: ['q'] });
    expect(unstorableCharacterAt({ filters: { name: { $eq: 'a\u0000b' } } })).toEqual({ kind: 'nul', path: ['filters', 'name', '$eq'] });
    expect(unstorableCharacterAt({ tags: ['a', 'b\ud800'] })).toEqual({ kind: 'surrogate', path: ['tags', '1'] });
    expect(unstorableCharacterAt({ filters: { 'a\u0000': 'x' } })).toEqual({ kind: 'nul', path: ['filters'] });
    expect(unstorableCharacterAt({ q: 'conseil' })).toBeNull();
  });

  it('and so are halves of surrogate pairs; whole pairs (emoji) pass', () => {
    const schema = z.object({ name: z.string(), tags: z.array(z.string()).optional() });
    expect(() => parseInput(schema, { name: 'Jean\ud800' })).toThrow('Texte mal encodé : un caractère est incomplet.');
    expect(() => parseInput(schema, { name: 'Jean', tags: ['\udfff a'] })).toThrow('Texte mal encodé');
    expect(() => parseInput(schema, { ['cl\ud83d']: 'x', name: 'Jean' })).toThrow('Texte mal encodé');
    expect(parseInput(schema, { name: 'Jean 😀 \ud83d\ude00' })).toEqual({ name: 'Jean 😀 😀' });
  });
});

describe('undecodableParameter', () => {
  it('names the first parameter whose percent-encoding is not UTF-8 or is cut short; null when all decode', () => {
    expect(undecodableParameter('q=%FF%FE')).toEqual({ name: 'q' });
    expect(undecodableParameter('page=1&q=ab%C3')).toEqual({ name: 'q' });
    expect(undecodableParameter('q=%E0%A4%A&type=x')).toEqual({ name: 'q' });
    expect(undecodableParameter('q=100%')).toEqual({ name: 'q' });
    expect(undecodableParameter('%FF=1')).toEqual({ name: null });
    expect(undecodableParameter('filters%5Btitle%5D=%E9t%E9')).toEqual({ name: 'filters[title]' });
    for (const fine of ['', 'q=%C3%A9lections+municipales', 'q=%F0%9F%98%80&page=2', 'a&b=&=c', 'q=100%25', 'q=a+b']) expect(undecodableParameter(fine), fine).toBeNull();
  });
});

describe('hasVisibleCharacter', () => {
  const invisible: [string, string][] = [
    ['Hangul choseong filler U+115F', '\u115f'],
    ['Hangul jungseong filler U+1160', '\u1160'],
    ['Hangul filler U+3164', '\u3164'],
    ['halfwidth Hangul filler U+FFA0', '\uffa0'],
    ['braille pattern blank U+2800', '\u2800'],
    ['a combining acute accent U+0301 with no letter', '\u0301'],
    ['combining marks alone (grave, tilde, cedilla)', '\u0300\u0303\u0327'],
    ['an enclosing circle U+20DD with nothing inside', '\u20dd'],
    ['the combining grapheme joiner U+034F', '\u034f'],
    ['variation selectors U+FE0F, U+E0100', '\ufe0f\u{e0100}'],
    ['Mongolian vowel separator U+180E', '\u180e'],
    ['invisible operators U+2061–2064', '\u2061\u2062\u2063\u2064'],
    ['tag characters U+E0041, U+E007F', '\u{e0041}\u{e007f}'],
    ['Khmer inherent vowel U+17B4', '\u17b4'],
    ['control characters U+0001, U+0085', '\u0001\u0085'],
    ['zero-width space U+200B', '\u200b'],
    ['an ideographic space U+3000', '\u3000'],
  ];
  it.each(invisible)('sees nothing in %s, alone or among spaces', (_, chars) => {
    expect(hasVisibleCharacter(chars)).toBe(false);
    expect(hasVisibleCharacter(`  ${chars} \u00a0${chars}\t`)).toBe(false);
  });

  it('sees nothing in an empty text, nor in every invisible class mixed', () => {
    expect(hasVisibleCharacter('')).toBe(false);
    expect(hasVisibleCharacter(invisible.map(([, chars]) => chars).join(' '))).toBe(false);
  });

  it.each([
    ['« é » typed e + U+0301', 'e\u0301'],
    ['a heart emoji with its variation selector', '\u2764\ufe0f'],
    ['Korean text', '한국어'],
    ['a single full stop', '.'],
    ['a keycap emoji (1 + U+FE0F + U+20E3)', '1\ufe0f\u20e3'],
    ['an emoji joined by ZWJ', '👩\u200d👩\u200d👧'],
    ['a letter between Hangul fillers', '\u3164a\u3164'],
    ['a private-use character a font may draw', '\uf8ff'],
  ])('sees %s', (_, text) => {
    expect(hasVisibleCharacter(text)).toBe(true);
    expect(hasVisibleCharacter(` \u3164${text}\u200b `)).toBe(true);
  });
});

describe('fields.text', () => {
  const title = z.strictObject({ title: fields.text('Le titre', 10) });
  const refusal = (input: unknown) => {
    try {
      parseInput(title, input);
    } catch (error) {
      return (error as { details: { errors: { message: string }[] } }).details.errors.map((e) => e.message);
    }
    return null;
  };
  it('wants a visible character: spaces, zero-width characters, joiners, soft hyphens or a BOM alone are blank', () => {
    for (const blank of ['', '   ', '\u200b\u200b\u200b', ' \u200c\u200d ', '\u2060', '\ufeff', '\u00ad', '\u3164\u3164', ' \u2800 ', '\u0301', '\u115f\u1160\uffa0']) {
      expect(refusal({ title: blank }), JSON.stringify(blank)).toEqual(['Le titre est obligatoire.']);
    }
    expect(refusal({ title: 'a\u200b' })).toBeNull();
    expect(refusal({ title: '👩‍👩‍👧' })).toBeNull(); // an emoji joined by ZWJ is visible
    expect(refusal({ title: 'e\u0301' })).toBeNull(); // « é » typed decomposed
    expect(refusal({ title: 'x'.repeat(11) })).toEqual(['Le titre : 10 caractères au plus.']);
  });

  it('tells a missing text from one given as something else', () => {
    expect(refusal({})).toEqual(['Le titre est obligatoire.']);
    expect(refusal({ title: null })).toEqual(['Le titre est obligatoire.']);
    for (const odd of [42, true, ['a'], { a: 1 }]) expect(refusal({ title: odd }), JSON.stringify(odd)).toEqual(['Le titre : du texte est attendu.']);
  });

  it('leaves the object’s own rules to speak too when it is blank (every missing piece said at once)', () => {
    const report = z
      .strictObject({ who: z.string().optional(), facts: fields.text('Le récit', 100) })
      .refine((r) => Boolean(r.who), { path: ['who'], error: 'Indiquez qui est mis en cause.' });
    try {
      parseInput(report, { facts: '\u200b' });
      throw new Error('expected a refusal');
    } catch (error) {
      const errors = (error as { details: { errors: { path: string[]; message: string }[] } }).details.errors;
      expect(errors.map((e) => [e.path.join('.'), e.message])).toEqual([['facts', 'Le récit est obligatoire.'], ['who', 'Indiquez qui est mis en cause.']]);
    }
  });
});

describe('messages members read when a schema gives none', async () => {
  const { parseInput, z } = await import('../src');
  const message = (schema: any, input: unknown) => {
    try {
      parseInput(schema, input);
    } catch (error: any) {
      return error.details.errors.map((e: any) => e.message);
    }
    throw new Error('accepted');
  };
  it('speaks plainly: lengths, bounds, types, choices, unknown fields', () => {
    expect(message(z.strictObject({ code: z.string().max(3) }), { code: 'abcd' })).toEqual(['3 caractères au plus.']);
    expect(message(z.strictObject({ code: z.string().min(5) }), { code: 'ab' })).toEqual(['5 caractères au moins.']);
    expect(message(z.strictObject({ n: z.number().int().max(10) }), { n: 12 })).toEqual(['Au plus 10.']);
    expect(message(z.strictObject({ n: z.number().min(1000) }), { n: 12 })).toEqual(['Au moins 1\u202f000.']);
    expect(message(z.strictObject({ n: z.number() }), { n: 'douze' })).toEqual(['Valeur attendue : un nombre.']);
    expect(message(z.strictObject({ n: z.number() }), {})).toEqual(['Champ obligatoire.']);
    expect(message(z.strictObject({ axis: z.enum(['effort', 'impact']) }), { axis: 'x' })).toEqual(['Valeur attendue parmi : « effort », « impact ».']);
    expect(message(z.strictObject({ a: z.string() }), { a: 'x', admin: true })).toEqual(['Champ inconnu : admin.']);
    expect(message(z.strictObject({ list: z.array(z.string()).max(2) }), { list: ['a', 'b', 'c'] })).toEqual(['2 éléments au plus.']);
    expect(message(z.strictObject({ mail: z.email() }), { mail: 'nope' })).toEqual(['Adresse e-mail invalide.']);
  });
  it('lets a schema’s own message win', () => {
    expect(message(z.strictObject({ code: z.string().max(3, { error: 'Le code : 3 lettres.' }) }), { code: 'abcd' })).toEqual(['Le code : 3 lettres.']);
  });
});

describe('fieldError', () => {
  it('names a field, or the keys down to a nested one, as strings like the schema errors', () => {
    expect(fieldError('title', 'Titre requis.').details).toEqual({ errors: [{ path: ['title'], message: 'Titre requis.', name: 'ValidationError' }] });
    expect(fieldError(['rows', 2, 'seat'], 'Siège inconnu.').details).toEqual({ errors: [{ path: ['rows', '2', 'seat'], message: 'Siège inconnu.', name: 'ValidationError' }] });
  });
});
