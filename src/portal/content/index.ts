import { primeRead } from '@portal/hooks';
import { definePortalPlugin, lazyNamed } from '@portal/registry';
import { DocumentsCard, NewsCard, RECENT_QUERY } from './home-card';

/** The app's own content types (src/api): documents and news, each behind its module. */
export const documents = definePortalPlugin({
  id: 'documents',
  module: 'documents',
  menu: [{ label: 'Documents', to: '/documents', order: 20 }],
  routes: [
    { path: 'documents', page: lazyNamed(() => import('./reading'), 'DocumentsPage') },
    { path: 'documents/:id', page: lazyNamed(() => import('./reading'), 'DocumentPage') },
  ],
  home: [{ order: 50, card: DocumentsCard, prime: () => primeRead('/documents', RECENT_QUERY) }],
});

export const news = definePortalPlugin({
  id: 'news',
  module: 'news',
  menu: [{ label: 'Actualités', to: '/actualites', order: 10 }],
  routes: [
    { path: 'actualites', page: lazyNamed(() => import('./reading'), 'NewsListPage') },
    { path: 'actualites/:id', page: lazyNamed(() => import('./reading'), 'NewsPage') },
  ],
  home: [{ order: 40, card: NewsCard, prime: () => primeRead('/news', RECENT_QUERY) }],
});
