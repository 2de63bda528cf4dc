import { readingController, excerpt } from '../../../content/reading';
import { ARTICLE_UID } from '../../../content/manifests';

export default readingController({
  uid: ARTICLE_UID,
  path: '/news',
  notFound: 'Actualité introuvable.',
  hasCategory: false,
  populate: { federation: true, section: true, cover: true },
  list: { fields: ['title', 'summary', 'body'] },
  summary: (e) => ({ title: e.title, summary: e.summary ?? excerpt(e.body) }),
  detail: (e) => ({ title: e.title, summary: e.summary ?? null, body: e.body ?? [] }),
  files: (e) => (e.cover ? [e.cover] : []),
});
