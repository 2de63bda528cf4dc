import type { Core } from '@strapi/strapi';
import { ENTRY_WRITES, fieldError, writtenDocumentId } from '@intranet-militant/shared';
import { ARTICLE_UID, DOCUMENT_UID } from './manifests';

const WATCHED = new Set<string>([DOCUMENT_UID, ARTICLE_UID]);

/**
 * An entry's audience and its targets agree, whoever writes it: national content names
 * no federation or section; federation content names its federation; section content
 * names its section, and its federation is that section's.
 */
export function registerAudienceIntegrity(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (!WATCHED.has(context.uid) || !ENTRY_WRITES.has(context.action)) return next();
    return strapi.db.transaction(async () => {
      const result: any = await next();
      const documentId = writtenDocumentId(context, result);
      const rows = await strapi.db.query(context.uid).findMany({
        where: { documentId },
        populate: { federation: { select: ['id'] }, section: { populate: { federation: { select: ['id'] } } } },
      });
      for (const row of rows) await checkAudience(strapi, context.uid, row);
      return result;
    });
  });
}

async function checkAudience(strapi: Core.Strapi, uid: string, row: any) {
  switch (row.audience) {
    case 'national':
      if (row.federation || row.section) {
        throw fieldError('audience', 'Un contenu national ne cible ni fédération ni section : retirez-les ou changez de diffusion.');
      }
      return;
    case 'federation':
      if (!row.federation) throw fieldError('federation', 'Choisissez la fédération destinataire.');
      if (row.section) throw fieldError('section', 'Un contenu de fédération ne cible pas de section : choisissez la diffusion « section ».');
      return;
    case 'section': {
      if (!row.section) throw fieldError('section', 'Choisissez la section destinataire.');
      const federationId = row.section.federation?.id;
      if (row.federation && row.federation.id !== federationId) {
        throw fieldError('federation', 'La section choisie n’appartient pas à cette fédération.');
      }
      if (!row.federation) await strapi.db.query(uid as any).update({ where: { id: row.id }, data: { federation: federationId } });
      return;
    }
    default:
      throw fieldError('audience', 'Diffusion inconnue : national, federation ou section.');
  }
}
