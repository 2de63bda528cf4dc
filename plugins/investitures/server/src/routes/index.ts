import { contentApiRoutes, type RouteSpec } from '@intranet-militant/shared';
import { investituresPermissions } from '../permissions';
import { routeInput } from '../validation/schemas';

type Action = keyof typeof routeInput;
const rule = investituresPermissions.table;
const route = (method: RouteSpec['method'], path: string, handler: Action, action: keyof typeof rule): RouteSpec => ({
  method,
  path,
  handler: `investitures.${handler}`,
  rule: rule[action],
  module: 'investitures',
  input: routeInput[handler],
});

/** Mounted under /api/investitures. */
export default {
  'content-api': contentApiRoutes([
    route('GET', '/designations', 'designations', 'designation.read'),
    route('POST', '/designations', 'create', 'designation.manage'),
    route('GET', '/designations/:id', 'designation', 'designation.read'),
    route('POST', '/designations/:id/candidacies', 'apply', 'candidacy.apply'),
    route('GET', '/designations/:id/parity', 'parity', 'parity.read'),
    route('POST', '/designations/:id/vote/open', 'openVote', 'designation.manage'),
    route('POST', '/designations/:id/ballots', 'vote', 'vote.cast'),
    route('POST', '/designations/:id/vote/close', 'closeVote', 'designation.manage'),
    route('GET', '/designations/:id/results', 'results', 'results.read'),
    route('POST', '/designations/:id/decision', 'decide', 'designation.manage'),
    route('GET', '/candidacies/:id', 'candidacy', 'candidacy.read'),
    route('POST', '/candidacies/:id/withdrawal', 'withdraw', 'candidacy.apply'),
    route('POST', '/candidacies/:id/pledge', 'sign', 'candidacy.apply'),
    route('POST', '/candidacies/:id/running-mate/acceptance', 'acceptMate', 'candidacy.apply'),
    route('POST', '/candidacies/:id/running-mate/refusal', 'declineMate', 'candidacy.apply'),
    route('POST', '/candidacies/:id/checks/criminal-record', 'criminalRecord', 'candidacy.check'),
    route('POST', '/candidacies/:id/checks/standing', 'standing', 'candidacy.check'),
    route('POST', '/candidacies/:id/checks/cumul', 'cumul', 'candidacy.check'),
    route('POST', '/candidacies/:id/checks/checklist', 'checklist', 'candidacy.check'),
    route('GET', '/pledge', 'pledge', 'pledge.read'),
    route('POST', '/pledge/versions', 'newPledge', 'pledge.write'),
    route('GET', '/parity/legislatives', 'legislativeParity', 'parity.read'),
    route('GET', '/indicators', 'indicators', 'indicators.read'),
    route('GET', '/criteria', 'criteria', 'criteria.manage'),
    route('PUT', '/criteria/:kind', 'saveCriteria', 'criteria.manage'),
  ]),
};
