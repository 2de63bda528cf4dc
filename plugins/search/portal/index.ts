import { lazy } from 'react';
import { definePortalPlugin } from '@portal/registry';

/**
 * « Recherche »: the results page of the header's search box (`/recherche?q=&type=&page=`).
 * No menu entry: the box is on every page while the module is on.
 */
export default definePortalPlugin({
  id: 'search',
  module: 'search',
  routes: [{ path: 'recherche', title: 'Recherche', page: lazy(() => import('./search-page')) }],
});
