import { contentApiRoutes } from '@intranet-militant/shared';
import { modulePermissions } from '../permissions';

/** Mounted under /api/modules. */
export default {
  'content-api': contentApiRoutes([
    { method: 'GET', path: '/federations/:id', handler: 'federation-module.find', rule: modulePermissions.table['module.read'] },
    { method: 'PUT', path: '/federations/:id/:module', handler: 'federation-module.update', rule: modulePermissions.table['module.write'] },
  ]),
};
