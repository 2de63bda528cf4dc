import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, frenchDate, getService, recordAudit, todayInParis, type Actor } from '@intranet-militant/shared';
import { scaleProblems, type Level, type ScaleCategory } from '../domain/scale';
import { SCALE_UID } from '../uids';
import '../public';

/**
 * A new version of the national scale (national admins, on the national council's vote).
 * Versions are never rewritten: cases cite the version in force when they were referred.
 * @throws 400 (incoherent scale: French problems), 409 (adopted before the version in force)
 */
export async function adoptScale(strapi: Core.Strapi, actor: Actor, input: { adoptedOn: string; categories: ScaleCategory[]; namedLevels: Level[] }) {
  const problems = scaleProblems(input);
  if (problems.length) throw fieldError('categories', problems.join(' '));
  return strapi.db.transaction(async () => {
    const latest = (await getService(strapi, 'sanctions', 'scale').versions())[0];
    if (latest && input.adoptedOn < latest.adoptedOn) throw new ConflictError(`La version ${latest.version} est en vigueur depuis le ${frenchDate(latest.adoptedOn)} : une nouvelle version commence ce jour-là ou après.`);
    if (input.adoptedOn < todayInParis() && latest) throw new ConflictError('Une nouvelle version ne s’applique pas au passé.');
    const version = (latest?.version ?? 0) + 1;
    const row = await strapi.db.query(SCALE_UID).create({ data: { version, adoptedOn: input.adoptedOn, categories: input.categories, namedLevels: input.namedLevels, adoptedBy: actor.label, adoptedByMember: actor.memberId } });
    await recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::sanctions.scale.adopt', subject: { type: SCALE_UID, id: row.documentId }, federationId: null, details: { version, adoptedOn: input.adoptedOn } });
    return version;
  });
}
