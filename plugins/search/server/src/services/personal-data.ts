import type { Core } from '@strapi/strapi';
import type { PersonalDataPart, PersonalDataProvider, PersonalDataSubject } from '@intranet-militant/shared';

/**
 * Search's part of « Mes données » (issue 22): the index holds no member profile; the only
 * link to a member is the account a document belongs to (their contributions, which they find
 * in search while staff read them). Lists those documents (type, title). Reads only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async personalData(subject: PersonalDataSubject): Promise<PersonalDataPart> {
      const rows: { type: string; title: string; date: string | null }[] =
        subject.userId == null
          ? []
          : await strapi.db.connection('search_documents').where({ owner_user_id: subject.userId }).select('type', 'title', 'date').orderBy('id');
      return {
        source: 'search',
        title: 'Recherche',
        sections: [
          {
            title: 'Documents de l’index de recherche rattachés à votre compte',
            note: 'L’index de recherche ne contient aucune fiche d’adhérent. Il ne vous rattache que les textes que vous avez écrits (vos contributions), pour que vous les retrouviez.',
            rows: rows.map((r) => ({ Type: r.type, Titre: r.title, Date: r.date ?? null })),
          },
        ],
      };
    },
  }) satisfies PersonalDataProvider;
