import { allRoles, defineManifest, type PermissionRule, type SearchDocument } from '@intranet-militant/shared';
import { blocksToText } from './blocks';

export const DOCUMENT_UID = 'api::document.document';
export const ARTICLE_UID = 'api::article.article';
export const CATEGORY_UID = 'api::document-category.document-category';

/** Every intranet role reads content; which entries is the audience's business. */
export const readers: PermissionRule = allRoles('all');

const visibility = (entry: any): SearchDocument['visibility'] => ({
  audience: entry.audience,
  federationId: entry.federation?.id ?? null,
  sectionId: entry.section?.id ?? null,
});

export const documentsModule = defineManifest({
  id: 'documents',
  label: 'Documents',
  description: 'Comptes rendus, statuts, notes et guides, diffusés à la fédération, à une section ou à tous.',
  defaultEnabled: true,
  permissions: { 'document.read': readers },
  searchable: [
    {
      type: 'document',
      label: 'Documents',
      uid: DOCUMENT_UID,
      populate: { federation: true, section: true, category: true },
      toDocument: (entry: any) =>
        entry.publishedAt
          ? {
              id: `document:${entry.documentId}`,
              type: 'document',
              title: entry.title,
              body: blocksToText(entry.body),
              date: entry.publishedAt,
              facets: { category: entry.category?.slug ?? 'sans-categorie' },
              link: `/documents/${entry.documentId}`,
              visibility: visibility(entry),
            }
          : null,
    },
  ],
});

export const newsModule = defineManifest({
  id: 'news',
  label: 'Actualités',
  description: 'Les nouvelles de la fédération, des sections et du national.',
  defaultEnabled: true,
  permissions: { 'article.read': readers },
  searchable: [
    {
      type: 'article',
      label: 'Actualités',
      uid: ARTICLE_UID,
      populate: { federation: true, section: true },
      toDocument: (entry: any) =>
        entry.publishedAt
          ? {
              id: `article:${entry.documentId}`,
              type: 'article',
              title: entry.title,
              body: [entry.summary, blocksToText(entry.body)].filter(Boolean).join('\n\n'),
              date: entry.publishedAt,
              facets: {},
              link: `/news/${entry.documentId}`,
              visibility: visibility(entry),
            }
          : null,
    },
  ],
});
