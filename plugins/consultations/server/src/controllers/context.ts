import type { Core } from '@strapi/strapi';
import { actorOf, fields, ForbiddenError, parseInput, type Actor } from '@intranet-militant/shared';
import { assertRuns, assertSees, loadConsultation, runs } from '../commands/checks';
import type { Consultation } from '../services/consultations';

export interface Reading {
  actor: Actor;
  c: Consultation;
  staff: boolean;
}

const idParam = fields.documentId('L’identifiant');

/** The consultation of `:id`, as the clock leaves it, if the caller may see it. */
export async function reading(strapi: Core.Strapi, ctx: any): Promise<Reading> {
  const actor = actorOf(ctx);
  const c = await loadConsultation(strapi, parseInput(idParam, ctx.params.id, 'Identifiant invalide.'));
  assertSees(actor, c);
  return { actor, c, staff: runs(actor, c) };
}

/** Same, for its staff only. */
export async function running(strapi: Core.Strapi, ctx: any): Promise<Reading> {
  const r = await reading(strapi, ctx);
  assertRuns(r.actor, r.c);
  return r;
}

export function refuse(message: string): never {
  throw new ForbiddenError(message);
}
