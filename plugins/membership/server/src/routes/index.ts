import { adminRoutes, contentApiRoutes } from '@intranet-militant/shared';
import { membershipPermissions } from '../permissions';
import { inputs } from '../validation/schemas';

const rules = membershipPermissions.table;

/** The admin-panel permission of the status action on a member's page in the Content Manager. */
export const STATUS_ACTION = 'plugin::membership.status.change';
/** The admin panel's import screen: the same commands, the admin user acting as their federation's staff. */
export const IMPORT_ADMIN_ACTION = 'plugin::membership.import.use';
const importScreen = [IMPORT_ADMIN_ACTION];

/** Content API under /api/membership; the admin panel's routes under /membership. `:id` is always a documentId. */
export default {
  admin: adminRoutes([
    { method: 'POST', path: '/members/:id/status', handler: 'member-admin.changeStatus', actions: [STATUS_ACTION], input: inputs.member.changeStatus },
    { method: 'POST', path: '/imports', handler: 'import-screen.create', actions: importScreen, input: inputs.import.create },
    { method: 'GET', path: '/imports/:id', handler: 'import-screen.findOne', actions: importScreen, input: inputs.import.findOne },
    { method: 'PUT', path: '/imports/:id/mapping', handler: 'import-screen.remap', actions: importScreen, input: inputs.import.remap },
    { method: 'GET', path: '/imports/:id/rows', handler: 'import-screen.rows', actions: importScreen, input: inputs.import.rows },
    { method: 'GET', path: '/imports/:id/refused', handler: 'import-screen.refused', actions: importScreen, input: inputs.import.refused },
    { method: 'POST', path: '/imports/:id/confirm', handler: 'import-screen.confirm', actions: importScreen, input: inputs.import.confirm },
  ]),
  'content-api': contentApiRoutes([
    { method: 'GET', path: '/me', handler: 'me.show', rule: rules['federation.read'], input: inputs.me.show },
    { method: 'PUT', path: '/me/socio-professional', handler: 'me.shareSocioProfessional', rule: rules['profile.consent'], input: inputs.me.shareSocioProfessional },
    { method: 'DELETE', path: '/me/socio-professional', handler: 'me.withdrawSocioProfessional', rule: rules['profile.consent'], input: inputs.me.withdrawSocioProfessional },
    { method: 'POST', path: '/me/export', handler: 'me.requestExport', rule: rules['data-export.request'], input: inputs.me.requestExport },
    { method: 'GET', path: '/me/exports', handler: 'me.exports', rule: rules['data-export.read'], input: inputs.me.exports },
    { method: 'POST', path: '/me/erasure', handler: 'me.requestErasure', rule: rules['erasure.request'], input: inputs.me.requestErasure },
    { method: 'GET', path: '/me/exports/:id/download', handler: 'me.download', rule: rules['data-export.read'], input: inputs.me.download },

    { method: 'GET', path: '/federations', handler: 'federation.find', rule: rules['federation.read'], input: inputs.federation.find },
    { method: 'POST', path: '/federations', handler: 'federation.create', rule: rules['federation.write'], input: inputs.federation.create },
    { method: 'PUT', path: '/federations/:id', handler: 'federation.update', rule: rules['federation.write'], input: inputs.federation.update },

    { method: 'GET', path: '/federations/:id/sections', handler: 'section.find', rule: rules['section.read'], input: inputs.section.find },
    { method: 'POST', path: '/federations/:id/sections', handler: 'section.create', rule: rules['section.write'], input: inputs.section.create },
    { method: 'PUT', path: '/sections/:id', handler: 'section.update', rule: rules['section.write'], input: inputs.section.update },

    { method: 'GET', path: '/members', handler: 'member.find', rule: rules['member.list'], input: inputs.member.find },
    { method: 'POST', path: '/members', handler: 'member.create', rule: rules['member.create'], input: inputs.member.create },
    { method: 'GET', path: '/members/:id', handler: 'member.findOne', rule: rules['member.read'], input: inputs.member.findOne },
    { method: 'PUT', path: '/members/:id', handler: 'member.update', rule: rules['member.update'], input: inputs.member.update },
    { method: 'POST', path: '/members/:id/status', handler: 'member.changeStatus', rule: rules['member.status'], input: inputs.member.changeStatus },
    { method: 'PUT', path: '/members/:id/role', handler: 'member.changeRole', rule: rules['member.role'], input: inputs.member.changeRole },
    { method: 'POST', path: '/members/:id/departure', handler: 'member.depart', rule: rules['member.depart'], input: inputs.member.depart },
    { method: 'POST', path: '/members/:id/return', handler: 'member.return', rule: rules['member.depart'], input: inputs.member.return },
    { method: 'POST', path: '/members/:id/erasure', handler: 'member.erase', rule: rules['member.erase'], input: inputs.member.erase },
    { method: 'GET', path: '/departures', handler: 'member.departures', rule: rules['member.erase'], input: inputs.member.departures },
    { method: 'GET', path: '/members/:id/eligibility', handler: 'member.eligibility', rule: rules['eligibility.read'], input: inputs.member.eligibility },

    { method: 'POST', path: '/imports', handler: 'import.create', rule: rules['member.import'], input: inputs.import.create },
    { method: 'GET', path: '/imports/:id', handler: 'import.findOne', rule: rules['member.import'], input: inputs.import.findOne },
    { method: 'PUT', path: '/imports/:id/mapping', handler: 'import.remap', rule: rules['member.import'], input: inputs.import.remap },
    { method: 'GET', path: '/imports/:id/rows', handler: 'import.rows', rule: rules['member.import'], input: inputs.import.rows },
    { method: 'GET', path: '/imports/:id/refused', handler: 'import.refused', rule: rules['member.import'], input: inputs.import.refused },
    { method: 'POST', path: '/imports/:id/confirm', handler: 'import.confirm', rule: rules['member.import'], input: inputs.import.confirm },

    { method: 'GET', path: '/members/:id/dues', handler: 'due.find', rule: rules['due.read'], input: inputs.due.find },
    { method: 'POST', path: '/members/:id/dues', handler: 'due.create', rule: rules['due.record'], input: inputs.due.create },
    { method: 'POST', path: '/dues/:id/cancel', handler: 'due.cancel', rule: rules['due.cancel'], input: inputs.due.cancel },
  ]),
};
