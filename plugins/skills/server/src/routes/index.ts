import { contentApiRoutes, type RouteSpec } from '@intranet-militant/shared';
import { skillsPermissions } from '../permissions';
import { routeInput } from '../validation/schemas';

type Action = keyof typeof routeInput;
const rule = skillsPermissions.table;
const route = (method: RouteSpec['method'], path: string, handler: Action, action: keyof typeof rule): RouteSpec => ({
  method,
  path,
  handler: `skills.${handler}`,
  rule: rule[action],
  module: 'skills',
  input: routeInput[handler],
});

/**
 * Mounted under /api/skills. Searches, matching and exports of people are POST: each is
 * recorded in the audit log (a write), and reads never write.
 */
export default {
  'content-api': contentApiRoutes([
    route('GET', '/terms', 'terms', 'vocabulary.read'),
    route('POST', '/terms', 'createTerm', 'vocabulary.curate'),
    route('POST', '/terms/proposals', 'proposeTerm', 'vocabulary.propose'),
    route('POST', '/terms/:id/review', 'reviewTerm', 'vocabulary.curate'),
    route('GET', '/me/profile', 'myProfile', 'profile.own'),
    route('PUT', '/me/profile', 'saveProfile', 'profile.own'),
    route('POST', '/me/profile/erase', 'eraseProfile', 'profile.own'),
    route('POST', '/me/consent', 'giveConsent', 'profile.own'),
    route('POST', '/me/consent/withdraw', 'withdrawConsent', 'profile.own'),
    route('GET', '/me/preview', 'preview', 'profile.own'),
    route('POST', '/directory/search', 'search', 'directory.search'),
    route('GET', '/profiles/:id', 'profile', 'directory.search'),
    route('POST', '/profiles/:id/skills/:term/confirm', 'confirmSkill', 'skill.confirm'),
    route('POST', '/matching', 'matching', 'matching.run'),
    route('GET', '/networks', 'networks', 'network.read'),
    route('POST', '/networks', 'createNetwork', 'network.manage'),
    route('GET', '/networks/:id', 'network', 'network.read'),
    route('POST', '/networks/:id/join', 'joinNetwork', 'network.join'),
    route('POST', '/networks/:id/leave', 'leaveNetwork', 'network.join'),
    route('POST', '/networks/:id/coordinators', 'addCoordinator', 'network.manage'),
    route('POST', '/networks/:id/export', 'exportNetwork', 'network.export'),
    route('GET', '/censuses', 'censuses', 'census.read'),
    route('POST', '/censuses', 'createCensus', 'census.manage'),
    route('GET', '/censuses/:id', 'census', 'census.manage'),
  ]),
};
