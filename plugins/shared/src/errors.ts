import createError from 'http-errors';
import { errors } from '@strapi/utils';

/**
 * The closed set of errors our commands throw. Strapi's error middleware turns each into
 * its envelope `{ data: null, error: { status, name, message, details } }`; messages are
 * French because members and staff read them.
 */
export const { ValidationError, NotFoundError, UnauthorizedError, ApplicationError } = errors;

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

/** A unique index declared in a content type's schema (`indexes`), named so we can recognise it. */
export interface UniqueIndex {
  name: string;
  table: string;
  columns: string[];
}

/** Did the database refuse this write because of that unique index? */
export function violatesUniqueIndex(error: unknown, index: UniqueIndex): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (!e) return false;
  if (e.code === '23505') return e.constraint === index.name; // PostgreSQL unique_violation
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // better-sqlite3 names the columns, not the index: "UNIQUE constraint failed: t.a, t.b"
    const failed = /UNIQUE constraint failed: (.+)$/.exec(e.message ?? '')?.[1];
    // Column indexes are named by their columns, expression indexes by their name.
    return failed === index.columns.map((c) => `${index.table}.${c}`).join(', ') || failed === `index '${index.name}'`;
  }
  return false;
}
