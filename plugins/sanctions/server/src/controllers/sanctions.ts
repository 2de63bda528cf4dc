import type { Core } from '@strapi/strapi';
import { incomingFile, pageMeta, sendPrivateFile, type RouteContext } from '@intranet-militant/shared';
import * as cases from '../commands/cases';
import { adoptScale } from '../commands/adopt-scale';
import * as views from '../queries/cases';
import type { routeInput } from '../validation/schemas';

type Input = typeof routeInput;
type Ctx<K extends keyof Input> = RouteContext<Input[K]>;

/** Input (parsed on the route) → one query or command → what the caller may read. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const show = async (ctx: Ctx<any>, row: { documentId: string }, status = 200) => {
    ctx.status = status;
    ctx.body = { data: await views.showCase(strapi, ctx.state.actor, row.documentId) };
  };
  const page = (ctx: Ctx<any>, { data, total }: { data: unknown[]; total: number }) => {
    ctx.body = { data, meta: pageMeta(ctx.state.input.query.page, ctx.state.input.query.pageSize, total) };
  };
  const id = (ctx: Ctx<'case'>) => ctx.state.input.params.id;
  return {
    async scale(ctx: Ctx<'scale'>) {
      ctx.body = { data: await views.showScale(strapi) };
    },
    async scaleVersion(ctx: Ctx<'scaleVersion'>) {
      ctx.body = { data: await views.showScale(strapi, ctx.state.input.params.id) };
    },
    async adoptScale(ctx: Ctx<'adoptScale'>) {
      const version = await adoptScale(strapi, ctx.state.actor, ctx.state.input.body);
      ctx.status = 201;
      ctx.body = { data: await views.showScale(strapi, version) };
    },
    async refer(ctx: Ctx<'refer'>) {
      await show(ctx, await cases.referCase(strapi, ctx.state.actor, ctx.state.input.body), 201);
    },
    async report(ctx: Ctx<'report'>) {
      await show(ctx, await cases.reportAct(strapi, ctx.state.actor, ctx.state.input.body), 201);
    },
    async cases(ctx: Ctx<'cases'>) {
      page(ctx, await views.listCases(strapi, ctx.state.actor, ctx.state.input.query));
    },
    async case(ctx: Ctx<'case'>) {
      await show(ctx, { documentId: id(ctx) });
    },
    async investigate(ctx: Ctx<'investigate'>) {
      await show(ctx, await cases.investigateCase(strapi, ctx.state.actor, id(ctx)));
    },
    async notify(ctx: Ctx<'notify'>) {
      await show(ctx, await cases.notifyCase(strapi, ctx.state.actor, id(ctx), ctx.state.input.body.hearingOn));
    },
    async hearing(ctx: Ctx<'hearing'>) {
      await show(ctx, await cases.recordHearing(strapi, ctx.state.actor, id(ctx), ctx.state.input.body));
    },
    async document(ctx: Ctx<'document'>) {
      const file = incomingFile(ctx.request as { files?: Record<string, unknown> });
      await show(ctx, await cases.addDocument(strapi, ctx.state.actor, id(ctx), { ...ctx.state.input.body, file }), 201);
    },
    async defence(ctx: Ctx<'defence'>) {
      const file = incomingFile(ctx.request as { files?: Record<string, unknown> });
      await show(ctx, await cases.submitDefence(strapi, ctx.state.actor, id(ctx), { text: ctx.state.input.body.text, file }));
    },
    async file(ctx: Ctx<'file'>) {
      const { id: documentId, key } = ctx.state.input.params;
      sendPrivateFile(ctx, strapi, await views.caseFile(strapi, ctx.state.actor, documentId, key));
    },
    async identify(ctx: Ctx<'identify'>) {
      await show(ctx, await cases.identifyRespondent(strapi, ctx.state.actor, id(ctx), ctx.state.input.body.respondent));
    },
    async precautionary(ctx: Ctx<'precautionary'>) {
      await show(ctx, await cases.suspendAsPrecaution(strapi, ctx.state.actor, id(ctx), ctx.state.input.body.until));
    },
    async decide(ctx: Ctx<'decide'>) {
      await show(ctx, await cases.decideCase(strapi, ctx.state.actor, id(ctx), ctx.state.input.body));
    },
    async appeal(ctx: Ctx<'appeal'>) {
      await show(ctx, await cases.appealCase(strapi, ctx.state.actor, id(ctx), ctx.state.input.body.grounds));
    },
    async nationalDecision(ctx: Ctx<'nationalDecision'>) {
      await show(ctx, await cases.decideAppeal(strapi, ctx.state.actor, id(ctx), ctx.state.input.body));
    },
    async finalize(ctx: Ctx<'finalize'>) {
      await show(ctx, await cases.finalizeCase(strapi, ctx.state.actor, id(ctx)));
    },
    async decisions(ctx: Ctx<'decisions'>) {
      page(ctx, await views.listDecisions(strapi, ctx.state.input.query));
    },
    async uniformity(ctx: Ctx<'uniformity'>) {
      ctx.body = { data: await views.uniformityTable(strapi) };
    },
  };
};
