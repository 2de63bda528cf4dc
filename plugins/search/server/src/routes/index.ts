import { contentApiRoutes } from '@intranet-militant/shared';
import { searchPermissions } from '../manifest';
import { routeInput } from '../validation/schemas';

/** Mounted under /api/search. */
export default {
  'content-api': contentApiRoutes([
    { method: 'GET', path: '/', handler: 'search.query', rule: searchPermissions.table['search.query'], module: 'search', input: routeInput.query },
    { method: 'GET', path: '/count', handler: 'search.count', rule: searchPermissions.table['search.query'], module: 'search', input: routeInput.count },
  ]),
};
