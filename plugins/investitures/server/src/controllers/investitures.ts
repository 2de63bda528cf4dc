import type { Core } from '@strapi/strapi';
import { pageMeta, type RouteContext } from '@intranet-militant/shared';
import * as candidacies from '../commands/candidacies';
import * as checks from '../commands/checks';
import * as designations from '../commands/designations';
import * as runningMate from '../commands/running-mate';
import * as votes from '../commands/votes';
import * as views from '../queries/views';
import type { routeInput } from '../validation/schemas';

type Input = typeof routeInput;
type Ctx<K extends keyof Input> = RouteContext<Input[K]>;

/**
 * The temporary paths of the files sent with a multipart request (field `files`: Strapi's body
 * parser also removes that field's files after any response, refused ones included).
 */
function uploadedPaths(ctx: RouteContext): string[] {
  const files = (ctx.request as { files?: Record<string, any> }).files ?? {};
  return [files.files].flat().filter(Boolean).map((f: any) => f.filepath).filter(Boolean);
}

/** Input (parsed on the route) → one query or command → what the caller may read. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const candidacy = async (ctx: Ctx<any>, row: { documentId: string }, status = 200) => {
    ctx.status = status;
    ctx.body = { data: await views.showCandidacy(strapi, ctx.state.actor, row.documentId) };
  };
  const designation = async (ctx: Ctx<any>, row: { documentId: string }, status = 200) => {
    ctx.status = status;
    ctx.body = { data: await views.showDesignation(strapi, ctx.state.actor, row.documentId) };
  };
  const id = (ctx: Ctx<'candidacy'>) => ctx.state.input.params.id;
  return {
    async designations(ctx: Ctx<'designations'>) {
      const { data, total } = await views.listDesignations(strapi, ctx.state.actor, ctx.state.input.query);
      ctx.body = { data, meta: pageMeta(ctx.state.input.query.page, ctx.state.input.query.pageSize, total) };
    },
    async designation(ctx: Ctx<'designation'>) {
      await designation(ctx, { documentId: ctx.state.input.params.id });
    },
    async create(ctx: Ctx<'create'>) {
      await designation(ctx, await designations.createDesignation(strapi, ctx.state.actor, ctx.state.input.body), 201);
    },
    async apply(ctx: Ctx<'apply'>) {
      await candidacy(ctx, await candidacies.applyFor(strapi, ctx.state.actor, id(ctx), ctx.state.input.body), 201);
    },
    async candidacy(ctx: Ctx<'candidacy'>) {
      await candidacy(ctx, { documentId: id(ctx) });
    },
    async withdraw(ctx: Ctx<'withdraw'>) {
      await candidacy(ctx, await candidacies.withdrawCandidacy(strapi, ctx.state.actor, id(ctx)));
    },
    async pledge(ctx: Ctx<'pledge'>) {
      ctx.body = { data: await views.showPledge(strapi) };
    },
    async newPledge(ctx: Ctx<'newPledge'>) {
      await designations.publishPledge(strapi, ctx.state.actor, ctx.state.input.body.text);
      ctx.status = 201;
      ctx.body = { data: await views.showPledge(strapi) };
    },
    async sign(ctx: Ctx<'sign'>) {
      await candidacy(ctx, await candidacies.signPledge(strapi, ctx.state.actor, id(ctx), ctx.state.input.body));
    },
    async acceptMate(ctx: Ctx<'acceptMate'>) {
      await candidacy(ctx, await runningMate.acceptRunningMate(strapi, ctx.state.actor, id(ctx)));
    },
    async declineMate(ctx: Ctx<'declineMate'>) {
      await candidacy(ctx, await runningMate.declineRunningMate(strapi, ctx.state.actor, id(ctx)));
    },
    async criminalRecord(ctx: Ctx<'criminalRecord'>) {
      await candidacy(ctx, await checks.recordCriminalRecord(strapi, ctx.state.actor, id(ctx), ctx.state.input.body, uploadedPaths(ctx)));
    },
    async standing(ctx: Ctx<'standing'>) {
      await candidacy(ctx, await checks.checkStanding(strapi, ctx.state.actor, id(ctx)));
    },
    async cumul(ctx: Ctx<'cumul'>) {
      await candidacy(ctx, await checks.checkCumul(strapi, ctx.state.actor, id(ctx)));
    },
    async checklist(ctx: Ctx<'checklist'>) {
      await candidacy(ctx, await checks.checkItem(strapi, ctx.state.actor, id(ctx), ctx.state.input.body));
    },
    async parity(ctx: Ctx<'parity'>) {
      ctx.body = { data: await views.showParity(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async legislativeParity(ctx: Ctx<'legislativeParity'>) {
      ctx.body = { data: await views.showLegislativeParity(strapi, ctx.state.actor, ctx.state.input.query) };
    },
    async indicators(ctx: Ctx<'indicators'>) {
      ctx.body = { data: await views.showIndicators(strapi, ctx.state.actor, ctx.state.input.query) };
    },
    async criteria(ctx: Ctx<'criteria'>) {
      ctx.body = { data: await views.showCriteria(strapi, ctx.state.actor, ctx.state.input.query) };
    },
    async saveCriteria(ctx: Ctx<'saveCriteria'>) {
      ctx.body = { data: await designations.saveCriteria(strapi, ctx.state.actor, ctx.state.input.params.kind, ctx.state.input.body) };
    },
    async openVote(ctx: Ctx<'openVote'>) {
      await designation(ctx, await votes.openVote(strapi, ctx.state.actor, ctx.state.input.params.id));
    },
    async vote(ctx: Ctx<'vote'>) {
      ctx.status = 201;
      ctx.body = { data: await votes.castVote(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body) };
    },
    async closeVote(ctx: Ctx<'closeVote'>) {
      await votes.closeVote(strapi, ctx.state.actor, ctx.state.input.params.id);
      ctx.body = { data: await views.showResults(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async results(ctx: Ctx<'results'>) {
      ctx.body = { data: await views.showResults(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async decide(ctx: Ctx<'decide'>) {
      await designation(ctx, await designations.recordBodyDecision(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body));
    },
  };
};
