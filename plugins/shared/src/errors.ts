import createError from 'http-errors';
import { errors } from '@strapi/utils';

/**
 * The closed set of errors our commands throw. Strapi's error middleware turns each into
 * its envelope `{ data: null, error: { status, name, message, details } }`; messages are
 * French because members and staff read them.
 */
export const { ValidationError, NotFoundError, UnauthorizedError, ApplicationError, PayloadTooLargeError } = errors;

/**
 * What an unknown member and a member the caller may not read both answer, in every plugin
 * that names a member (404 on a route naming them, or a 400 at the field naming them): another
 * federation's member looks absent, never « forbidden » (see membership's
 * `directory.mayReadMember`).
 */
export const MEMBER_NOT_FOUND = 'Adhérent introuvable.';

/**
 * 403 with a message the member reads. Strapi's route chain catches any ForbiddenError
 * thrown after authentication and answers a bare "Forbidden", except a PolicyError: so
 * ours is a PolicyError, named ForbiddenError in the envelope.
 */
export class ForbiddenError extends errors.PolicyError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
    (this as { name: string }).name = 'ForbiddenError';
  }
}

/**
 * 409: the request is valid but clashes with the current state (a duplicate, a phase
 * that has ended…). Strapi has no such class; an http-errors Conflict is formatted by
 * the error middleware with its status, so we extend it and keep a real prototype.
 */
export class ConflictError extends createError.Conflict {
  details: Record<string, unknown>;
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'ConflictError';
    this.details = details;
  }
}

/**
 * 503: a service we rely on (the search engine…) does not answer; the member may retry.
 * http-errors hides the message of 5xx errors unless told to expose it.
 */
export class UnavailableError extends createError.ServiceUnavailable {
  details: Record<string, unknown> = {};
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'UnavailableError';
    this.expose = true;
  }
}

/** A unique index (declared in a content type's schema, or by a migration), named so we can recognise it. */
export interface UniqueIndex {
  name: string;
  table: string;
  columns: string[];
}

/** Did the database refuse this write because of a unique index or primary key, whichever? */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * The answer to a unique violation no command turned into its own 409: two copies of one
 * request at once (a double click, a retry), the second refused by the database's index after
 * both passed the command's own check.
 */
export const DUPLICATE_REQUEST = 'Cette demande vient déjà d’être enregistrée (envoyée deux fois ?) : rechargez la page pour voir où elle en est.';

/**
 * The database gave a request's transaction up because it met another at the same moment (a
 * deadlock: `isTransientConflict`): nothing of it was kept, and sent again it usually passes.
 */
export const CROSSED_REQUEST = 'Une autre modification a eu lieu au même moment : rien n’a été enregistré, réessayez.';

/** Did the database refuse this write because of that unique index? */
export function violatesUniqueIndex(error: unknown, index: UniqueIndex): boolean {
  if (!isUniqueViolation(error)) return false;
  const e = error as { code: string; constraint?: string; message?: string };
  if (e.code === '23505') return e.constraint === index.name; // PostgreSQL unique_violation
  // better-sqlite3 names the columns, not the index: "UNIQUE constraint failed: t.a, t.b"
  const failed = /UNIQUE constraint failed: (.+)$/.exec(e.message ?? '')?.[1];
  // Column indexes are named by their columns, expression indexes by their name.
  return failed === index.columns.map((c) => `${index.table}.${c}`).join(', ') || failed === `index '${index.name}'`;
}

/** The parts of a content type's schema that name its table and indexes. */
export interface SchemaWithIndexes {
  collectionName: string;
  info?: { singularName?: string };
  indexes?: { name: string; columns: string[]; type?: string }[];
}

/**
 * The 409s of one content type, declared once beside its schema: for each unique index
 * (by name), the French message a member reads when a write clashes with it. Table and
 * columns are read from the schema, so renaming a column or table changes nothing here,
 * and the index names are checked when the plugin loads (a renamed index fails at boot,
 * not as a 500 on one database). Works the same on PostgreSQL (constraint name) and SQLite
 * (columns named in the error).
 *
 * ```ts
 * export const enrolmentConflicts = uniqueConflicts(schemas.enrolment, {
 *   training_enrolments_key_uq: 'Vous êtes déjà inscrit·e à cette formation.',
 * });
 * try { … } catch (error) { enrolmentConflicts.rethrow(error); }
 * ```
 */
export function uniqueConflicts<Name extends string>(schema: SchemaWithIndexes, messages: Record<Name, string>) {
  const indexes = (Object.keys(messages) as Name[]).map((name): UniqueIndex & { message: string } => {
    const declared = schema.indexes?.find((index) => index.name === name && index.type === 'unique');
    if (!declared) throw new Error(`${schema.collectionName}: no unique index named "${name}" in the schema.`);
    return { name, table: schema.collectionName, columns: declared.columns, message: messages[name] };
  });
  return {
    indexes,
    /** Which declared index the error violates, or null. */
    violated(error: unknown): Name | null {
      return (indexes.find((index) => violatesUniqueIndex(error, index))?.name as Name | undefined) ?? null;
    },
    /** The 409 for this error, or null when it is not one of the declared unique violations. */
    conflictOf(error: unknown): ConflictError | null {
      const index = indexes.find((candidate) => violatesUniqueIndex(error, candidate));
      // The index's name stays on the server: a member reads the sentence only.
      return index ? new ConflictError(index.message) : null;
    },
    /** Throws the 409 for a declared unique violation, or the error itself. */
    rethrow(error: unknown): never {
      throw this.conflictOf(error) ?? error;
    },
  };
}

/** 415: a body in an encoding or type the server does not read. */
export class UnsupportedMediaTypeError extends createError.UnsupportedMediaType {
  details: Record<string, unknown> = {};
  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'UnsupportedMediaTypeError';
  }
}
