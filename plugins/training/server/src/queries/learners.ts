import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, NotFoundError, type Actor } from '@intranet-militant/shared';
import { assertMember } from '../commands/checks';

const views = (strapi: Core.Strapi) => getService(strapi, 'training', 'views');

/** The actor's courses with their progress, and their sponsor. 403 for an account without a member profile. */
export async function myTraining(strapi: Core.Strapi, actor: Actor) {
  return views(strapi).mine(assertMember(actor));
}

/** The newcomers the actor sponsors and their progress. 403 for an account without a member profile. */
export async function mySponsoredNewcomers(strapi: Core.Strapi, actor: Actor) {
  return views(strapi).sponsored(assertMember(actor));
}

/**
 * The actor's own certificate for a course — even if the course has been withdrawn or
 * they have moved since. Throws 403 (not a member, not enrolled, not completed) and 404.
 */
export async function myCertificate(strapi: Core.Strapi, actor: Actor, courseDocumentId: string) {
  const enrolment = await getService(strapi, 'training', 'courses').enrolmentOf(assertMember(actor), courseDocumentId);
  if (!enrolment) throw new ForbiddenError('Inscrivez-vous d’abord à cette formation.');
  if (!enrolment.completedAt || !enrolment.certificateCode) throw new ForbiddenError('Le certificat est délivré quand la formation est terminée.');
  const certificate = await views(strapi).certificate(enrolment.certificateCode);
  if (!certificate) throw new NotFoundError('Certificat introuvable.');
  return certificate;
}

/** A certificate the way the public checks it, by its code (public). Throws 404 for an unknown code. */
export async function verifyCertificate(strapi: Core.Strapi, code: string) {
  const certificate = await views(strapi).certificate(code);
  if (!certificate) throw new NotFoundError('Aucun certificat ne porte ce code.');
  return { ...certificate, valid: true as const };
}
