import type { Core } from '@strapi/strapi';
import { getService, isRole, labelled, ROLE_LABELS, type PersonalDataPart, type PersonalDataProvider, type PersonalDataSubject } from '@intranet-militant/shared';

interface IndexRow {
  id: string;
  type: string;
  title: string;
  body: string;
  date: string | null;
  audience: string;
  roles: string | null;
}

const AUDIENCES: Record<string, string> = {
  national: 'tous les adhérents',
  federation: 'les adhérents de la fédération',
  section: 'les adhérents de la section',
};

/** Who finds a document, in French: its audience, narrowed to roles when it is (« seulement : Équipe fédérale, … »). */
function visibleBy(row: IndexRow): string {
  const roles = (row.roles ?? '').split(',').filter(isRole);
  const audience = AUDIENCES[row.audience] ?? row.audience;
  return roles.length ? `${audience}, seulement : ${roles.map((r) => ROLE_LABELS[r].name).join(', ')}` : audience;
}

/**
 * Search's part of « Mes données » (issue 22): what the index holds about the member.
 * - The documents about them: entries of a searchable type whose content type has a
 *   `memberId` attribute equal to theirs (their skills profile, indexed only while they
 *   consent to the directory, with the fields and the audience they chose). The search plugin
 *   reads those entries as it reads every declared searchable type to index it.
 * - The documents linked to their account (the texts they wrote: their contributions, which
 *   they find in search while staff read them).
 * Each with its type's French label (the stored type kept beside it), title, indexed text,
 * who finds it and its date. Reads only; one query per searchable type that names a member.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async personalData(subject: PersonalDataSubject): Promise<PersonalDataPart> {
      const knex = strapi.db.connection;
      const sources = getService(strapi, 'search', 'indexer').sources();
      const aboutIds: string[] = [];
      for (const source of sources) {
        const contentType = strapi.contentType(source.searchable.uid as Parameters<typeof strapi.contentType>[0]) as { attributes?: Record<string, unknown> } | undefined;
        if (!contentType?.attributes?.memberId) continue;
        const entries: { documentId: string }[] = await strapi.db
          .query(source.searchable.uid as Parameters<typeof strapi.db.query>[0])
          .findMany({ where: { memberId: subject.memberId }, select: ['documentId'] });
        aboutIds.push(...entries.map((e) => `${source.searchable.type}:${e.documentId}`));
      }
      const columns = ['id', 'type', 'title', 'body', 'date', 'audience', 'roles'];
      const about: IndexRow[] = aboutIds.length ? await knex('search_documents').whereIn('id', aboutIds).select(columns).orderBy('id') : [];
      const owned: IndexRow[] = subject.userId == null ? [] : await knex('search_documents').where({ owner_user_id: subject.userId }).select(columns).orderBy('id');
      const labels = new Map(sources.map((s) => [s.searchable.type, s.searchable.label]));
      const present = (r: IndexRow) => ({
        Type: labelled(r.type, labels.get(r.type) ?? 'Autre contenu'),
        Titre: r.title,
        'Texte indexé': r.body || null,
        'Trouvé par': visibleBy(r),
        Date: r.date ?? null,
      });
      return {
        source: 'search',
        title: 'Recherche',
        sections: [
          {
            title: 'Documents de l’index de recherche qui vous concernent',
            note:
              'Votre fiche d’adhésion (adresse, téléphone, numéro, cotisations) n’est pas dans l’index de recherche. Votre fiche de compétences y est tant que vous acceptez de figurer dans l’annuaire des compétences : votre nom, votre section et ce que vous avez choisi d’y montrer, trouvés par les personnes que vous avez choisies ; elle en sort dès que vous retirez votre consentement.',
            rows: about.map(present),
          },
          {
            title: 'Documents de l’index de recherche rattachés à votre compte',
            note: 'L’index rattache à votre compte les textes que vous avez écrits (vos contributions), pour que vous les retrouviez.',
            rows: owned.map(present),
          },
        ],
      };
    },
  }) satisfies PersonalDataProvider;
