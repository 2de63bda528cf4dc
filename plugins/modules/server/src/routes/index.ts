import { contentApiRoutes } from '@intranet-militant/shared';
import { modulePermissions } from '../permissions';
import { inputs } from '../validation/schemas';

/** Mounted under /api/modules. */
export default {
  'content-api': contentApiRoutes([
    { method: 'GET', path: '/federations/:id', handler: 'federation-module.find', rule: modulePermissions.table['module.read'], input: inputs.find },
    { method: 'PUT', path: '/federations/:id/:module', handler: 'federation-module.update', rule: modulePermissions.table['module.write'], input: inputs.update },
  ]),
};
