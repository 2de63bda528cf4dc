import { readingController, excerpt } from '../../../content/reading';
import { DOCUMENT_UID } from '../../../content/manifests';

export default readingController({
  uid: DOCUMENT_UID,
  path: '/documents',
  notFound: 'Document introuvable.',
  hasCategory: true,
  populate: { federation: true, section: true, category: true, attachments: true },
  list: { fields: ['title', 'body'], countFiles: 'attachments' },
  summary: (e) => ({
    title: e.title,
    category: e.category ? { name: e.category.name, slug: e.category.slug } : null,
    excerpt: excerpt(e.body),
    attachmentCount: e.fileCount,
  }),
  detail: (e) => ({ title: e.title, category: e.category ? { name: e.category.name, slug: e.category.slug } : null, body: e.body ?? [] }),
  files: (e) => e.attachments ?? [],
});
