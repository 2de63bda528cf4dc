import { contentApiRoutes } from '@intranet-militant/shared';
import { membershipPermissions } from '../permissions';

const rules = membershipPermissions.table;

/** Mounted under /api/membership. `:id` is always a documentId. */
export default {
  'content-api': contentApiRoutes([
    { method: 'GET', path: '/me', handler: 'me.show', rule: rules['federation.read'] },

    { method: 'GET', path: '/federations', handler: 'federation.find', rule: rules['federation.read'] },
    { method: 'POST', path: '/federations', handler: 'federation.create', rule: rules['federation.write'] },
    { method: 'PUT', path: '/federations/:id', handler: 'federation.update', rule: rules['federation.write'] },

    { method: 'GET', path: '/federations/:id/sections', handler: 'section.find', rule: rules['section.read'] },
    { method: 'POST', path: '/federations/:id/sections', handler: 'section.create', rule: rules['section.write'] },
    { method: 'PUT', path: '/sections/:id', handler: 'section.update', rule: rules['section.write'] },

    { method: 'GET', path: '/members', handler: 'member.find', rule: rules['member.list'] },
    { method: 'POST', path: '/members', handler: 'member.create', rule: rules['member.create'] },
    { method: 'GET', path: '/members/:id', handler: 'member.findOne', rule: rules['member.read'] },
    { method: 'PUT', path: '/members/:id', handler: 'member.update', rule: rules['member.update'] },
    { method: 'POST', path: '/members/:id/status', handler: 'member.changeStatus', rule: rules['member.status'] },
    { method: 'PUT', path: '/members/:id/role', handler: 'member.changeRole', rule: rules['member.role'] },
    { method: 'GET', path: '/members/:id/eligibility', handler: 'member.eligibility', rule: rules['eligibility.read'] },

    { method: 'GET', path: '/members/:id/dues', handler: 'due.find', rule: rules['due.read'] },
    { method: 'POST', path: '/members/:id/dues', handler: 'due.create', rule: rules['due.record'] },
    { method: 'POST', path: '/dues/:id/cancel', handler: 'due.cancel', rule: rules['due.cancel'] },
  ]),
};
