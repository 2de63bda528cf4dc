import { adminRoutes, contentApiRoutes, type AdminRouteSpec, type RouteInput, type RouteSpec } from '@intranet-militant/shared';
import { consultationPermissions } from '../permissions';
import { inputs } from '../validation/schemas';

const rule = consultationPermissions.table;
const route = (method: RouteSpec['method'], path: string, handler: string, action: keyof typeof rule, input: RouteInput = {}): RouteSpec => ({
  method,
  path,
  handler,
  rule: rule[action],
  module: 'consultations',
  input,
});

export const WORKBENCH_ACTION = 'plugin::consultations.workbench.use';
const workbench = (method: AdminRouteSpec['method'], path: string, handler: string, input: RouteInput = {}): AdminRouteSpec => ({
  method,
  path: `/workbench${path}`,
  handler: `workbench.${handler}`,
  actions: [WORKBENCH_ACTION],
  input,
});

/**
 * Mounted under /api/consultations (members and staff; every route passes the module's
 * per-federation switch) and /consultations/workbench (the staff screens of the admin panel).
 * Every route declares its input; controllers read it from `ctx.state.input`.
 */
export default {
  admin: adminRoutes([
    workbench('GET', '', 'list'),
    workbench('GET', '/:id', 'show', inputs.workbench),
    workbench('POST', '/:id/proposals', 'createProposal', inputs.propose),
    workbench('POST', '/:id/proposals/:proposalId/sources', 'sources', inputs.sources),
    workbench('POST', '/:id/proposals/:proposalId/merge', 'merge', inputs.merge),
    workbench('POST', '/:id/rejections', 'reject', inputs.reject),
    workbench('GET', '/:id/results', 'results', inputs.consultation),
    workbench('GET', '/:id/chart.svg', 'chart', inputs.consultation),
    workbench('POST', '/:id/synthesis', 'buildSynthesis', inputs.composeSynthesis),
    workbench('POST', '/:id/advance', 'advance', inputs.advance),
  ]),
  'content-api': contentApiRoutes([
    route('GET', '/', 'consultation.find', 'consultation.read', inputs.list),
    // Before `/:id`: « open » is not a consultation's documentId.
    route('GET', '/open', 'consultation.open', 'consultation.read', inputs.open),
    route('POST', '/', 'consultation.create', 'consultation.manage', inputs.create),
    route('GET', '/:id', 'consultation.findOne', 'consultation.read', inputs.consultation),
    route('PUT', '/:id', 'consultation.update', 'consultation.manage', inputs.update),
    route('POST', '/:id/advance', 'consultation.advance', 'consultation.manage', inputs.advance),
    route('GET', '/:id/statistics', 'consultation.statistics', 'statistics.read', inputs.consultation),

    route('GET', '/:id/contributions', 'contribution.find', 'consultation.read', inputs.contributions),
    route('POST', '/:id/contributions', 'contribution.create', 'contribution.submit', inputs.contribute),
    route('GET', '/:id/contributions/:contributionId', 'contribution.findOne', 'consultation.read', inputs.contribution),
    route('PUT', '/:id/contributions/:contributionId', 'contribution.update', 'contribution.edit', inputs.editContribution),
    route('POST', '/:id/contributions/:contributionId/withdraw', 'contribution.withdraw', 'contribution.edit', inputs.withdraw),
    route('POST', '/:id/contributions/:contributionId/moderation', 'contribution.moderate', 'contribution.moderate', inputs.moderate),
    route('GET', '/:id/contributions/:contributionId/similar', 'contribution.similar', 'proposal.manage', inputs.contribution),
    route('GET', '/:id/similar', 'contribution.similarText', 'contribution.submit', inputs.similarText),
    route('GET', '/:id/suggestions', 'contribution.suggestions', 'proposal.manage', inputs.suggestions),
    route('POST', '/:id/suggestions/rejections', 'contribution.rejectSuggestion', 'proposal.manage', inputs.reject),

    route('GET', '/:id/proposals', 'proposal.find', 'consultation.read', inputs.consultation),
    route('POST', '/:id/proposals', 'proposal.create', 'proposal.manage', inputs.propose),
    route('PUT', '/:id/proposals/:proposalId', 'proposal.update', 'proposal.manage', inputs.editProposal),
    route('POST', '/:id/proposals/:proposalId/sources', 'proposal.sources', 'proposal.manage', inputs.sources),
    route('POST', '/:id/proposals/:proposalId/merge', 'proposal.merge', 'proposal.manage', inputs.merge),
    route('PUT', '/:id/proposals/:proposalId/grade', 'proposal.grade', 'grade.cast', inputs.grade),
    route('PUT', '/:id/grades', 'proposal.gradeMany', 'grade.cast', inputs.grades),

    route('GET', '/:id/results', 'results.show', 'results.read', inputs.consultation),
    route('GET', '/:id/results/chart.svg', 'results.chart', 'results.read', inputs.consultation),

    route('GET', '/:id/synthesis', 'synthesis.show', 'consultation.read', inputs.consultation),
    route('POST', '/:id/synthesis', 'synthesis.build', 'synthesis.manage', inputs.composeSynthesis),
    route('PUT', '/:id/synthesis', 'synthesis.edit', 'synthesis.manage', inputs.editSynthesis),
    route('GET', '/:id/synthesis/print', 'synthesis.print', 'consultation.read', inputs.consultation),

    route('GET', '/:id/vote', 'vote.show', 'consultation.read', inputs.consultation),
    route('POST', '/:id/vote', 'vote.cast', 'vote.cast', inputs.cast),
    route('GET', '/:id/ballots', 'vote.ballots', 'results.read', inputs.consultation),

    route('GET', '/:id/exports/:kind', 'export.csv', 'statistics.read', inputs.export),
  ]),
};
