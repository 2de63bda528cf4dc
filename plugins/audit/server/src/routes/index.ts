import { contentApiRoutes } from '@intranet-militant/shared';
import { auditPermissions } from '../permissions';
import { inputs } from '../validation/schemas';

/** Mounted under /api/audit. */
export default {
  'content-api': contentApiRoutes([
    { method: 'GET', path: '/entries', handler: 'audit.find', rule: auditPermissions.table['entry.read'], input: inputs.find },
    { method: 'GET', path: '/verify', handler: 'audit.verify', rule: auditPermissions.table['chain.verify'], input: inputs.verify },
  ]),
};
