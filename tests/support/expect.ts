import { expect } from 'vitest';
import type { Response } from 'supertest';

/** Asserts Strapi's error envelope: `{ data: null, error: { status, name, message, details } }`. */
export function expectError(res: Response, status: number, message?: RegExp | string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.data).toBeNull();
  expect(res.body.error).toMatchObject({ status });
  expect(typeof res.body.error.name).toBe('string');
  expect(typeof res.body.error.message).toBe('string');
  expect(res.body.error).toHaveProperty('details');
  if (message) {
    if (typeof message === 'string') expect(res.body.error.message).toContain(message);
    else expect(res.body.error.message).toMatch(message);
  }
  return res.body.error as { status: number; name: string; message: string; details: any };
}

/** The field-level messages of a 400. */
export function fieldMessages(res: Response): Record<string, string> {
  const errors: { path: string[]; message: string }[] = res.body?.error?.details?.errors ?? [];
  return Object.fromEntries(errors.map((e) => [e.path.join('.'), e.message]));
}

/** Asserts a 400 in the envelope and returns its field messages. */
export function badRequest(res: Response): Record<string, string> {
  expectError(res, 400);
  return fieldMessages(res);
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
