import { z } from 'zod';
import { errors } from '@strapi/utils';

const frenchMessages = z.locales.fr().localeError;

export interface FieldError {
  path: string[];
  message: string;
  name: 'ValidationError';
}

/**
 * Parses untrusted input with a schema. On failure throws Strapi's ValidationError (400)
 * carrying one French message per field in `details.errors`, the shape the admin panel
 * and Strapi's own endpoints use. Explicit messages in the schema win over zod's French
 * defaults.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message = 'Données invalides.'): z.output<S> {
  const result = schema.safeParse(input ?? {}, { error: frenchMessages });
  if (result.success) return result.data;
  const fieldErrors: FieldError[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String),
    message: issue.message,
    name: 'ValidationError',
  }));
  const summary = fieldErrors
    .slice(0, 3)
    .map((e) => (e.path.length ? `${e.path.join('.')} : ${e.message}` : e.message))
    .join(' ; ');
  throw new errors.ValidationError(`${message} ${summary}`.trim(), { errors: fieldErrors });
}

/** Common field schemas with French messages. */
export const fields = {
  id: (label: string) =>
    z.coerce
      .number({ error: `${label} : identifiant invalide.` })
      .int({ error: `${label} : identifiant invalide.` })
      .positive({ error: `${label} : identifiant invalide.` }),

  /** A calendar date written YYYY-MM-DD (no time, no time zone). */
  isoDate: (label: string) =>
    z
      .string({ error: `${label} : date attendue au format AAAA-MM-JJ.` })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label} : date attendue au format AAAA-MM-JJ.`, abort: true })
      .refine((value) => isRealDate(value), { error: `${label} : cette date n’existe pas.` }),

  text: (label: string, max = 255) =>
    z
      .string({ error: `${label} est obligatoire.` })
      .trim()
      .min(1, { error: `${label} est obligatoire.` })
      .max(max, { error: `${label} : ${max} caractères au plus.` }),
};

export function isRealDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export { z };

/** A 400 about one field, shaped like the schema errors. */
export function fieldError(path: string, message: string): InstanceType<typeof errors.ValidationError> {
  return new errors.ValidationError(message, { errors: [{ path: [path], message, name: 'ValidationError' }] });
}
