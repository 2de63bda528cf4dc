import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/modules';
import { consultsDirectory } from './domain/visibility';

/**
 * 403 in French for an actor who may not read other members' profiles (`consultsDirectory`):
 * a suspended member, as training refuses their enrolments, until the suspension ends.
 */
export function assertConsultsDirectory(actor: Actor): void {
  if (consultsDirectory(actor)) return;
  throw new ForbiddenError(
    actor.status === 'suspended'
      ? 'Votre adhésion est suspendue : l’annuaire des compétences vous sera rouvert à sa levée.'
      : 'Votre adhésion a pris fin : l’annuaire des compétences vous est fermé.'
  );
}

/**
 * The federations that switched « Compétences et réseaux » off (modules plugin's public
 * service, kept per process until a switch changes): their members' profiles are served to
 * nobody (`served`, `servedSql` in domain/visibility.ts).
 */
export function switchedOff(strapi: Core.Strapi): Promise<number[]> {
  return getService(strapi, 'modules', 'switches').federationsWithout('skills');
}
