import type { Core, UID } from '@strapi/strapi';
import { ENTRY_WRITES, fieldError, writtenDocumentId } from '@intranet-militant/shared';

/**
 * Content addressed to part of the party — documents, news, consultations — carries an
 * `audience` (national, federation or section) with `federation` and `section` relations.
 * Whoever writes it, audience and targets agree: national names neither; federation
 * names its federation and no section; section names its section, and its federation is
 * that section's (filled in when missing).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Keeps the rule for these content types on every write. Call from a `register()`. */
  guard(uids: string[]) {
    const watched = new Set(uids);
    strapi.documents.use(async (context, next) => {
      if (!watched.has(context.uid) || !ENTRY_WRITES.has(context.action)) return next();
      return strapi.db.transaction(async () => {
        const result = await next();
        const documentId = writtenDocumentId(context, result);
        if (documentId) await this.settle(context.uid, documentId);
        return result;
      });
    });
  },

  async settle(uid: string, documentId: string) {
    const rows = await strapi.db.query(uid as UID.ContentType).findMany({
      where: { documentId },
      populate: { federation: { select: ['id'] }, section: { populate: { federation: { select: ['id'] } } } },
    });
    for (const row of rows) {
      switch (row.audience) {
        case 'national':
          if (row.federation || row.section) {
            throw fieldError('audience', 'Un contenu national ne cible ni fédération ni section : retirez-les ou changez de diffusion.');
          }
          break;
        case 'federation':
          if (!row.federation) throw fieldError('federation', 'Choisissez la fédération destinataire.');
          if (row.section) throw fieldError('section', 'Un contenu de fédération ne cible pas de section : choisissez la diffusion « section ».');
          break;
        case 'section': {
          if (!row.section) throw fieldError('section', 'Choisissez la section destinataire.');
          const federationId = row.section.federation?.id;
          if (row.federation && row.federation.id !== federationId) {
            throw fieldError('federation', 'La section choisie n’appartient pas à cette fédération.');
          }
          if (!row.federation) await strapi.db.query(uid as UID.ContentType).update({ where: { id: row.id }, data: { federation: federationId } });
          break;
        }
        default:
          throw fieldError('audience', 'Diffusion inconnue : national, federation ou section.');
      }
    }
  },
});
