import { contentApiRoutes, type RouteSpec } from '@intranet-militant/shared';
import { consultationPermissions } from '../permissions';

const rule = consultationPermissions.table;
const route = (method: RouteSpec['method'], path: string, handler: string, action: keyof typeof rule): RouteSpec => ({
  method,
  path,
  handler,
  rule: rule[action],
  module: 'consultations',
});

export const WORKBENCH_ACTION = 'plugin::consultations.workbench.use';
const workbench = (method: string, path: string, handler: string) => ({
  method,
  path: `/workbench${path}`,
  handler: `workbench.${handler}`,
  config: { policies: [{ name: 'admin::hasPermissions', config: { actions: [WORKBENCH_ACTION] } }] },
});

/**
 * Mounted under /api/consultations (members and staff; every route passes the module's
 * per-federation switch) and /consultations/workbench (the staff screens of the admin panel).
 */
export default {
  admin: {
    type: 'admin',
    routes: [
      workbench('GET', '', 'list'),
      workbench('GET', '/:id', 'show'),
      workbench('POST', '/:id/proposals', 'createProposal'),
      workbench('POST', '/:id/proposals/:proposalId/sources', 'sources'),
      workbench('POST', '/:id/proposals/:proposalId/merge', 'merge'),
      workbench('GET', '/:id/results', 'results'),
      workbench('GET', '/:id/chart.svg', 'chart'),
      workbench('POST', '/:id/synthesis', 'buildSynthesis'),
      workbench('POST', '/:id/advance', 'advance'),
    ],
  },
  'content-api': contentApiRoutes([
    route('GET', '/', 'consultation.find', 'consultation.read'),
    route('POST', '/', 'consultation.create', 'consultation.manage'),
    route('GET', '/:id', 'consultation.findOne', 'consultation.read'),
    route('PUT', '/:id', 'consultation.update', 'consultation.manage'),
    route('POST', '/:id/advance', 'consultation.advance', 'consultation.manage'),
    route('GET', '/:id/statistics', 'consultation.statistics', 'statistics.read'),

    route('GET', '/:id/contributions', 'contribution.find', 'consultation.read'),
    route('POST', '/:id/contributions', 'contribution.create', 'contribution.submit'),
    route('GET', '/:id/contributions/:contributionId', 'contribution.findOne', 'consultation.read'),
    route('PUT', '/:id/contributions/:contributionId', 'contribution.update', 'contribution.edit'),
    route('POST', '/:id/contributions/:contributionId/withdraw', 'contribution.withdraw', 'contribution.edit'),
    route('POST', '/:id/contributions/:contributionId/moderation', 'contribution.moderate', 'contribution.moderate'),
    route('GET', '/:id/contributions/:contributionId/similar', 'contribution.similar', 'proposal.manage'),
    route('GET', '/:id/suggestions', 'contribution.suggestions', 'proposal.manage'),

    route('GET', '/:id/proposals', 'proposal.find', 'consultation.read'),
    route('POST', '/:id/proposals', 'proposal.create', 'proposal.manage'),
    route('PUT', '/:id/proposals/:proposalId', 'proposal.update', 'proposal.manage'),
    route('POST', '/:id/proposals/:proposalId/sources', 'proposal.sources', 'proposal.manage'),
    route('POST', '/:id/proposals/:proposalId/merge', 'proposal.merge', 'proposal.manage'),
    route('PUT', '/:id/proposals/:proposalId/grade', 'proposal.grade', 'grade.cast'),
    route('PUT', '/:id/grades', 'proposal.gradeMany', 'grade.cast'),

    route('GET', '/:id/results', 'results.show', 'results.read'),
    route('GET', '/:id/results/chart.svg', 'results.chart', 'results.read'),

    route('GET', '/:id/synthesis', 'synthesis.show', 'consultation.read'),
    route('POST', '/:id/synthesis', 'synthesis.build', 'synthesis.manage'),
    route('PUT', '/:id/synthesis', 'synthesis.edit', 'synthesis.manage'),
    route('GET', '/:id/synthesis/print', 'synthesis.print', 'consultation.read'),

    route('GET', '/:id/vote', 'vote.show', 'consultation.read'),
    route('POST', '/:id/vote', 'vote.cast', 'vote.cast'),
    route('GET', '/:id/ballots', 'vote.ballots', 'results.read'),

    route('GET', '/:id/exports/:kind', 'export.csv', 'statistics.read'),
  ]),
};
