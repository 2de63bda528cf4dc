import { describe, expect, it } from 'vitest';
import { errors } from '@strapi/utils';
import { ConflictError, fields, frenchDate, parseInput, violatesUniqueIndex, z } from '../src';

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
      expect(byPath['']).toMatch(/clé|Clé/i); // the unknown key is reported, in French
    }
  });

  it('treats a missing body as an empty object', () => {
    expect(() => parseInput(schema, undefined)).toThrow(errors.ValidationError);
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
  });
});

describe('todayInParis', async () => {
  const { todayInParis } = await import('../src');
  it('gives the calendar date in Paris, not in UTC', () => {
    expect(todayInParis(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(todayInParis(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(todayInParis(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });
});

describe('NUL characters', () => {
  it('are refused anywhere in the input (PostgreSQL cannot store them)', () => {
    const schema = z.object({ name: z.string(), tags: z.array(z.string()).optional() });
    expect(() => parseInput(schema, { name: 'Jean\u0000' })).toThrow('Caractère nul interdit.');
    expect(() => parseInput(schema, { name: 'Jean', tags: ['a\u0000'] })).toThrow('Caractère nul interdit.');
    expect(parseInput(schema, { name: 'Jean' })).toEqual({ name: 'Jean' });
  });
});
