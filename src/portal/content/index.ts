import { lazy } from 'react';
import { definePortalPlugin } from '@portal/registry';

/** The app's own content types (src/api): documents and news, each behind its module. */
export const documents = definePortalPlugin({
  id: 'documents',
  module: 'documents',
  menu: [{ label: 'Documents', to: '/documents', order: 20 }],
  routes: [
    { path: 'documents', page: lazy(() => import('./reading').then((m) => ({ default: m.DocumentsPage }))) },
    { path: 'documents/:id', page: lazy(() => import('./reading').then((m) => ({ default: m.DocumentPage }))) },
  ],
  home: [{ order: 50, card: lazy(() => import('./home-card').then((m) => ({ default: m.DocumentsCard }))) }],
});

export const news = definePortalPlugin({
  id: 'news',
  module: 'news',
  menu: [{ label: 'Actualités', to: '/actualites', order: 10 }],
  routes: [
    { path: 'actualites', page: lazy(() => import('./reading').then((m) => ({ default: m.NewsListPage }))) },
    { path: 'actualites/:id', page: lazy(() => import('./reading').then((m) => ({ default: m.NewsPage }))) },
  ],
  home: [{ order: 40, card: lazy(() => import('./home-card').then((m) => ({ default: m.NewsCard }))) }],
});
