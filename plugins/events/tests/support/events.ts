import { expect } from 'vitest';
import type { Core } from '@strapi/strapi';
import { parisDay } from '../../../../tests/support/dates';

/** « YYYY-MM-DDTHH:00 », Paris wall-clock time, `days` from now (what the API takes). */
export const paris = (days: number, hour = 19) => {
  return `${parisDay(days)}T${String(hour).padStart(2, '0')}:00`;
};

/** Asserts the status (the body in the message) and returns `data`. */
export const ok = (res: { status: number; body: any }, status = 200) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body.data;
};

/** Runs `run` with the events module off for the federation, then on again. */
export async function withEventsOff<T>(strapi: Core.Strapi, federationId: number, run: () => Promise<T>): Promise<T> {
  const switches = strapi.plugin('modules').service('switches');
  await switches.set(federationId, 'events', false);
  try {
    return await run();
  } finally {
    await switches.set(federationId, 'events', true);
  }
}
