import { describe, expect, it } from 'vitest';
import { ConflictError, CROSSED_REQUEST, DUPLICATE_REQUEST, fields, MAX_PAGE, parseInput, validateInput, z } from '../src';

const RANGE = `La page va de 1 à ${MAX_PAGE.toLocaleString('fr-FR')}.`;

/** `text`: the input is a query string's or a path's (digits read as whole numbers), not a JSON body. */
const failure = (schema: z.ZodType, input: unknown, text = false) => {
  try {
    parseInput(schema, input, undefined, { text });
  } catch (error) {
    return { message: (error as Error).message, errors: (error as { details: { errors: { path: string[]; message: string }[] } }).details.errors };
  }
  throw new Error('expected a refusal');
};

describe('parseInput tells one message per field', () => {
  const list = z.strictObject({ ...fields.pagination(20) });

  it('a value failing two checks of one field: the first, which schemas order to be the one to read', () => {
    // 1e20 is above the range and not a safe integer: the range is what to read.
    const huge = failure(list, { page: '100000000000000000000' }, true);
    expect(huge.errors).toEqual([{ path: ['page'], message: RANGE, name: 'ValidationError' }]);
    expect(huge.message).toBe(`Données invalides. page : ${RANGE}`);
    // Within the range, not whole: « entier ».
    expect(failure(list, { pageSize: 2.5 }).errors.map((e) => e.message)).toEqual(['La taille de page est un nombre entier.']);
    // Below the range and not whole: the range.
    expect(failure(list, { page: -1.5 }).errors.map((e) => e.message)).toEqual(['La page commence à 1.']);
  });

  it('two fields failing: both, each once', () => {
    // A negative number in a query string: the range, like any number outside it.
    expect(failure(list, { pageSize: '-1' }, true).errors.map((e) => e.message)).toEqual(['La taille de page va de 1 à 100.']);
    expect(failure(list, { page: '-3' }, true).errors.map((e) => e.message)).toEqual(['La page commence à 1.']);
    const both = failure(list, { page: '0', pageSize: '1000' }, true);
    expect(both.errors.map((e) => [e.path.join('.'), e.message])).toEqual([
      ['page', 'La page commence à 1.'],
      ['pageSize', 'La taille de page va de 1 à 100.'],
    ]);
  });

  it('nested fields are told by their whole path', () => {
    const schema = z.strictObject({ grades: z.array(z.strictObject({ effort: z.number().min(1, { error: 'De 1 à 5.' }).max(5, { error: 'De 1 à 5.' }).int({ error: 'Un entier.' }) })) });
    const refused = failure(schema, { grades: [{ effort: 9.5 }, { effort: 0 }] });
    expect(refused.errors.map((e) => [e.path.join('.'), e.message])).toEqual([
      ['grades.0.effort', 'De 1 à 5.'],
      ['grades.1.effort', 'De 1 à 5.'],
    ]);
  });

  it('a query-string parameter given twice is told as repeated; a body’s list keeps the field’s message', () => {
    const schema = z.strictObject({ q: z.string({ error: 'Saisissez ce que vous cherchez.' }), mode: z.enum(['a', 'b'], { error: 'Mode a ou b.' }).optional(), ids: z.array(z.string()).optional() });
    const REPEATED = 'Ce paramètre est donné plusieurs fois : une seule valeur est attendue.';
    const repeated = (input: unknown) => {
      try {
        parseInput(schema, input, 'Paramètres invalides.', { queryString: true });
      } catch (error) {
        return (error as { details: { errors: { path: string[]; message: string }[] } }).details.errors.map((e) => [e.path.join('.'), e.message]);
      }
      throw new Error('expected a refusal');
    };
    expect(repeated({ q: ['a', 'b'], mode: ['a', 'b'] })).toEqual([['q', REPEATED], ['mode', REPEATED]]);
    // Missing is still missing; a list where a list is expected is no repetition.
    expect(repeated({ ids: ['x', 'y'] })).toEqual([['q', 'Saisissez ce que vous cherchez.']]);
    expect(repeated({ q: 'a', ids: 'x' })).toEqual([['ids', 'Valeur attendue : une liste.']]);
    // Outside a query string, a list is just the wrong type.
    expect(failure(schema, { q: ['a', 'b'] }).errors.map((e) => e.message)).toEqual(['Saisissez ce que vous cherchez.']);
  });
});

describe('the route chain turns a unique violation no command named, or a deadlock, into a French 409', () => {
  const run = async (failure: unknown) => {
    const ctx = { params: {}, query: {}, request: { body: {} }, state: {} } as never;
    try {
      await validateInput({})(ctx, async () => {
        throw failure;
      });
    } catch (error) {
      return error as Error & { status?: number };
    }
    throw new Error('expected the error to come out');
  };

  it.each([
    ['PostgreSQL', { code: '23505', constraint: 'some_uq' }],
    ['SQLite, a unique index', { code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: t.a' }],
    ['SQLite, a primary key', { code: 'SQLITE_CONSTRAINT_PRIMARYKEY', message: 'UNIQUE constraint failed: t.id' }],
  ])('%s: 409, « envoyée deux fois ? »', async (_name, failure) => {
    const error = await run(Object.assign(new Error('duplicate key'), failure));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(DUPLICATE_REQUEST);
  });

  it.each([
    ['PostgreSQL, a deadlock', { code: '40P01' }],
    ['PostgreSQL, a serialization failure', { code: '40001' }],
    ['SQLite, busy', { code: 'SQLITE_BUSY' }],
  ])('%s: 409, « rien n’a été enregistré, réessayez »', async (_name, failure) => {
    const error = await run(Object.assign(new Error('deadlock detected'), failure));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(CROSSED_REQUEST);
  });

  it('any other error goes out as it came (a not-null violation, a command’s own 409)', async () => {
    const notNull = Object.assign(new Error('null value'), { code: '23502' });
    expect(await run(notNull)).toBe(notNull);
    const own = new ConflictError('Le compte rendu de cette période est déjà publié.');
    expect(await run(own)).toBe(own);
  });
});
