import { describe, expect, it } from 'vitest';
import {
  parseInput,
  addresses,
  audienceClauses,
  audienceMeiliFilter,
  ConflictError,
  declaredInput,
  effectiveStatus,
  effectiveStatusFilter,
  mayTakePart,
  notBarredByMembership,
  uniqueConflicts,
  validateInput,
  withSavepoint,
  z,
  type AudienceTarget,
  type Role,
  type Viewer,
} from '../src';

const schema = {
  collectionName: 'things',
  indexes: [
    { name: 'things_code_uq', columns: ['code'], type: 'unique' },
    { name: 'things_pair_uq', columns: ['a', 'b'], type: 'unique' },
    { name: 'things_date', columns: ['date'] },
  ],
};

describe('uniqueConflicts', () => {
  const conflicts = uniqueConflicts(schema, { things_code_uq: 'Ce code existe déjà.', things_pair_uq: 'Cette paire existe déjà.' });

  it('maps each declared index to its French 409 on PostgreSQL and SQLite, columns read from the schema', () => {
    expect(conflicts.conflictOf({ code: '23505', constraint: 'things_code_uq' })).toMatchObject({ status: 409, message: 'Ce code existe déjà.' });
    expect(conflicts.conflictOf({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: things.a, things.b' })).toMatchObject({
      message: 'Cette paire existe déjà.',
    });
    expect(conflicts.violated({ code: '23505', constraint: 'things_pair_uq' })).toBe('things_pair_uq');
    expect(conflicts.conflictOf({ code: '23505', constraint: 'other_uq' })).toBeNull();
  });

  it('rethrows the 409, or the original error when it is not a declared violation', () => {
    expect(() => conflicts.rethrow({ code: '23505', constraint: 'things_code_uq' })).toThrow(ConflictError);
    const boom = new Error('boom');
    expect(() => conflicts.rethrow(boom)).toThrow(boom);
  });

  it('fails at load time when an index is renamed or is not unique', () => {
    expect(() => uniqueConflicts(schema, { things_gone_uq: 'x' })).toThrow(/no unique index named "things_gone_uq"/);
    expect(() => uniqueConflicts(schema, { things_date: 'x' })).toThrow(/no unique index/);
  });
});

describe('withSavepoint', () => {
  function fakeTrx() {
    const statements: string[] = [];
    return { statements, raw: async (sql: string) => void statements.push(sql.replace(/_\d+$/, '_N')) };
  }

  it('releases on success and rolls back only the savepoint on failure, rethrowing', async () => {
    const ok = fakeTrx();
    await expect(withSavepoint(ok, async () => 42)).resolves.toBe(42);
    expect(ok.statements).toEqual(['SAVEPOINT intranet_sp_N', 'RELEASE SAVEPOINT intranet_sp_N']);
    const failed = fakeTrx();
    await expect(withSavepoint(failed, async () => Promise.reject(new Error('unique')))).rejects.toThrow('unique');
    expect(failed.statements).toEqual(['SAVEPOINT intranet_sp_N', 'ROLLBACK TO SAVEPOINT intranet_sp_N']);
  });
});

describe('effective status', () => {
  it('ends a dated suspension the day after its end, never an open-ended one', () => {
    expect(effectiveStatus({ status: 'suspended', suspendedUntil: '2026-06-30', leftOn: null }, '2026-06-30')).toBe('suspended');
    expect(effectiveStatus({ status: 'suspended', suspendedUntil: '2026-06-30', leftOn: null }, '2026-07-01')).toBe('active');
    expect(effectiveStatus({ status: 'suspended', suspendedUntil: null, leftOn: null }, '2030-01-01')).toBe('suspended');
    expect(effectiveStatus({ status: 'excluded', suspendedUntil: null, leftOn: null }, '2026-07-01')).toBe('excluded');
  });

  it('reads left from a recorded departure on (issue 22), an exclusion staying excluded', () => {
    expect(effectiveStatus({ status: 'active', suspendedUntil: null, leftOn: '2026-07-01' }, '2026-06-30')).toBe('active');
    expect(effectiveStatus({ status: 'active', suspendedUntil: null, leftOn: '2026-07-01' }, '2026-07-01')).toBe('left');
    expect(effectiveStatus({ status: 'excluded', suspendedUntil: null, leftOn: '2026-07-01' }, '2026-07-02')).toBe('excluded');
  });

  it('has a query filter with the same rule', () => {
    const stayed = { $or: [{ leftOn: { $null: true } }, { leftOn: { $gt: '2026-07-01' } }] };
    expect(effectiveStatusFilter('active', '2026-07-01')).toEqual({
      $and: [{ $or: [{ membershipStatus: 'active' }, { membershipStatus: 'suspended', suspendedUntil: { $lt: '2026-07-01' } }] }, stayed],
    });
    expect(effectiveStatusFilter('left', '2026-07-01')).toEqual({ $and: [{ membershipStatus: { $ne: 'excluded' } }, { leftOn: { $lte: '2026-07-01' } }] });
    expect(effectiveStatusFilter('excluded', '2026-07-01')).toEqual({ membershipStatus: 'excluded' });
  });
});

describe('taking part in member activities', () => {
  it('is the effective status active, and only that; an account without member profile may not take part but is not barred', () => {
    const table = [
      ['active', true, true],
      ['suspended', false, false],
      ['excluded', false, false],
      ['left', false, false],
      [null, false, true],
      [undefined, false, true],
    ] as const;
    for (const [status, takesPart, notBarred] of table) {
      expect(mayTakePart(status), `mayTakePart(${status})`).toBe(takesPart);
      expect(notBarredByMembership(status), `notBarredByMembership(${status})`).toBe(notBarred);
    }
    // On an effective status: a suspension over (the day after its end) takes part again, a departure does not.
    expect(mayTakePart(effectiveStatus({ status: 'suspended', suspendedUntil: '2026-06-30', leftOn: null }, '2026-07-01'))).toBe(true);
    expect(mayTakePart(effectiveStatus({ status: 'active', suspendedUntil: null, leftOn: '2026-07-01' }, '2026-07-01'))).toBe(false);
  });
});

describe('the audience predicate', () => {
  const viewer = (role: Role, federationId: number | null = 30, sectionId: number | null = 301, userId = 1): Viewer => ({ userId, role, federationId, sectionId });
  const t = (audience: AudienceTarget['audience'], federationId: number | null, sectionId: number | null, extra: Partial<AudienceTarget> = {}): AudienceTarget => ({
    audience, federationId, sectionId, ...extra,
  });
  it.each([
    ['member, national', viewer('member'), t('national', null, null), 'member', true],
    ['member, own federation', viewer('member'), t('federation', 30, null), 'member', true],
    ['member, another federation', viewer('member'), t('federation', 13, null), 'reader', false],
    ['member, own section', viewer('member'), t('section', 30, 301), 'member', true],
    ['member, another section', viewer('member'), t('section', 30, 302), 'reader', false],
    ['staff, a section of theirs, taking part', viewer('federation-staff', 30, null), t('section', 30, 302), 'member', false],
    ['staff, a section of theirs, reading', viewer('federation-staff', 30, null), t('section', 30, 302), 'reader', true],
    ['staff, another federation’s section', viewer('federation-staff', 30, null), t('section', 13, 131), 'reader', false],
    ['secretary, another section', viewer('section-secretary'), t('section', 30, 302), 'reader', false],
    ['national admin, reading anything', viewer('national-admin', null, null), t('section', 13, 131), 'reader', true],
    ['national admin, taking part elsewhere', viewer('national-admin', null, null), t('federation', 13, null), 'member', false],
    ['roles: not listed', viewer('member'), t('federation', 30, null, { roles: ['federation-staff'] }), 'reader', false],
    ['roles: listed', viewer('federation-staff', 30, null), t('federation', 30, null, { roles: ['federation-staff'] }), 'reader', true],
    ['owner, whatever the roles', viewer('member', 30, 301, 7), t('federation', 30, null, { roles: ['federation-staff'], ownerUserId: 7 }), 'reader', true],
    ['no federation, federation content', viewer('member', null, null), t('federation', 30, null), 'reader', false],
  ] as const)('%s', (_name, who, what, reach, expected) => {
    expect(addresses(who, what, reach)).toBe(expected);
  });

  it('renders a Meilisearch filter from the same clauses', () => {
    expect(audienceMeiliFilter(audienceClauses(viewer('federation-staff', 30, null, 5), 'reader'), {
      audience: 'audience', federationId: 'federationId', sectionId: 'sectionId', roles: 'roles', ownerUserId: 'ownerUserId',
    })).toBe(
      "ownerUserId = 5 OR ((roles IS EMPTY OR roles = 'federation-staff') AND (audience = 'national' OR (audience = 'federation' AND federationId = 30) OR (audience = 'section' AND federationId = 30)))"
    );
  });
});

describe('the validation step of a route', () => {
  const input = { params: z.strictObject({ id: z.string().regex(/^\w+$/) }), body: z.strictObject({ n: z.number() }) };
  const step = validateInput(input);

  it('hands the controller parsed input, ignoring positional captures', async () => {
    const ctx = { params: { id: 'abc', 0: 'abc' }, query: { x: '1' }, request: { body: { n: 2 } }, state: {} as Record<string, any> };
    let reached = false;
    await step(ctx as never, async () => void (reached = true));
    expect(reached).toBe(true);
    expect(ctx.state.input).toEqual({ params: { id: 'abc' }, query: {}, body: { n: 2 } });
  });

  it('answers 400 in French before the controller', async () => {
    const ctx = { params: { id: 'a b' }, query: {}, request: { body: { n: 'deux' } }, state: {} };
    await expect(step(ctx as never, async () => undefined)).rejects.toMatchObject({ name: 'ValidationError', message: /Adresse invalide/ });
  });

  it('is found again on a registered route', () => {
    expect(declaredInput({ config: { middlewares: [step] } })).toBe(input);
    expect(declaredInput({ config: { middlewares: [] } })).toBeNull();
  });
});

describe('text limits count code points and cut whole graphemes', async () => {
  const { codePointLength, truncateText, fields } = await import('../src');
  it('counts an emoji once and never leaves half of one', () => {
    expect(codePointLength('😀😀')).toBe(2);
    const body = `${'a'.repeat(278)}😀 suite`;
    const cut = truncateText(body, 280);
    expect(cut).toBe(`${'a'.repeat(278)}😀…`);
    expect(cut.isWellFormed()).toBe(true);
    expect(truncateText(`${'a'.repeat(279)}😀 suite`, 280)).toBe(`${'a'.repeat(279)}…`);
    const decomposed = `${'a'.repeat(278)}e\u0301t`;
    expect(truncateText(decomposed, 280)).toBe(`${'a'.repeat(278)}…`); // « é » typed as two code points stays whole
  });

  it('accepts 150 emoji in a 200-character field, refuses 201 characters', () => {
    const title = z.object({ title: fields.text('Le titre', 200) });
    expect(title.safeParse({ title: '🗳️'.repeat(50) + '😀'.repeat(100) }).success).toBe(true);
    expect(title.safeParse({ title: 'x'.repeat(201) }).error?.issues[0].message).toBe('Le titre : 200 caractères au plus.');
  });
});

describe('French text compares one form', async () => {
  const { frenchTerms, frenchWords } = await import('../src');
  const keys = (text: string) => frenchTerms(text).map((t) => t.key);
  it('reads an accent typed decomposed as one letter', () => {
    expect(frenchWords('e\u0301lections')).toEqual(['élections']);
    expect(keys('e\u0301lections')).toEqual(keys('élections'));
  });
  it('spells ligatures out both ways', () => {
    expect(keys('cœur')).toEqual(keys('coeur'));
    expect(keys('Œuvre')).toEqual(keys('oeuvre'));
  });
  it('gives the other number of a regular plural, which the stemmer keeps apart', async () => {
    const { pluralVariants, frenchKey } = await import('../src');
    expect(frenchKey('élu')).not.toBe(frenchKey('élus')); // why the variants exist
    expect(pluralVariants('élu')).toEqual(['élus']);
    expect(pluralVariants('Élus')).toEqual(['élu']);
    expect(pluralVariants('jeu')).toEqual(['jeus', 'jeux']);
    expect(pluralVariants('jeux')).toEqual(['jeu']);
    expect(pluralVariants('cas')).toEqual([]); // too short to be a plural of « ca »
    expect(pluralVariants('2027')).toEqual([]);
    expect(pluralVariants('cœur')).toEqual(['coeurs']);
  });
  it('folds both numbers of a word into one search key, keeping what the stemmer joins', async () => {
    const { pluralVariants, searchKey, searchTerms, searchVectorText, searchStems, STOP_WORD_SLOT } = await import('../src');
    for (const word of ['élu', 'élus', 'Élus', 'jeu', 'jeux', 'adhérent', 'cœur', 'porte', 'cas', 'prix', 'section']) {
      for (const other of pluralVariants(word)) expect(searchKey(other), `${word} / ${other}`).toBe(searchKey(word));
    }
    for (const [a, b] of [['ruraux', 'rural'], ['heureux', 'heureuse'], ['fédéraux', 'fédéral'], ['bureaux', 'bureau']]) expect(searchKey(a), a).toBe(searchKey(b));
    expect(searchKey('cas')).toBe('cas');
    expect(searchTerms('Le porte-parole de la fédération')).toEqual([
      { key: searchKey('porte'), position: 2 }, { key: searchKey('parole'), position: 3 }, { key: searchKey('fédération'), position: 6 },
    ]);
    // SQLite's index keeps each stop word's place (phrases keep their gaps), with a slot no key can be.
    expect(searchStems('Les élus du canton')).toBe(`${STOP_WORD_SLOT} ${searchKey('élu')} ${STOP_WORD_SLOT} ${searchKey('canton')}`);
    expect(searchKey('cœur')).not.toContain(STOP_WORD_SLOT);
    expect(searchVectorText('Élus', 'Les élus ruraux')).toBe(`'${searchKey('élu')}':1A,3B '${searchKey('rural')}':4B`);
  });
});

describe('numbers from a query or a body are read strictly', async () => {
  const { fields } = await import('../src');
  const page = z.object(fields.pagination());
  it.each(['0x1', '1e3', '+1', ' 1', '1 ', '01', '1.0', 'Infinity', '', '-0', '--1', '-01'])('refuses %j', (value) => {
    expect(page.safeParse({ page: value }).success).toBe(false);
  });
  it('accepts plain digits in a query string and JSON numbers', () => {
    expect(parseInput(page, { page: '12' }, undefined, { queryString: true }).page).toBe(12);
    expect(page.safeParse({ page: '12' }).success).toBe(false); // digits in a JSON body: the wrong type
    expect(page.parse({ page: 3 }).page).toBe(3);
    expect(page.parse({}).page).toBe(1);
  });
});

describe('portalUrl', async () => {
  const { portalUrl } = await import('../src');
  const config = (values: Record<string, unknown>) => ({ config: { get: (path: string, fallback?: unknown) => values[path] ?? fallback } });
  it('is PUBLIC_URL without its trailing slash; else the address given; else localhost', () => {
    expect(portalUrl(config({ 'server.url': 'https://intranet.example/' }), 'http://10.0.0.5:1337')).toBe('https://intranet.example');
    expect(portalUrl(config({ 'server.url': '' }), 'http://10.0.0.5:1337')).toBe('http://10.0.0.5:1337');
    expect(portalUrl(config({ 'server.port': 1400 }))).toBe('http://localhost:1400');
  });
});
