import type { Core } from '@strapi/strapi';
import { incomingFile, pageMeta, sendPrivateFile, type RouteContext } from '@intranet-militant/shared';
import { endMandate, previewMandate, recordMandate, verifyMandate } from '../commands/record-mandate';
import { answerQuestion, askQuestion, attachToReport, correctReport, detachFromReport, moderateQuestion, submitReport } from '../commands/reports';
import { grantWaiver, publishRuleSet, withdrawRuleSet } from '../commands/rules';
import { saveContact } from '../commands/contact';
import { federationBreaches, nationalCounts } from '../queries/breaches';
import { federationCompliance, pendingQuestions, reportFile, reportsOfOfficial, reportView } from '../queries/reports';
import { mine, officialPage, officials, situationOf } from '../queries/situation';
import { catalogueView, currentRules } from '../queries/catalogue';
import type { routeInput } from '../validation/schemas';

type Input = typeof routeInput;
type Ctx<K extends keyof Input> = RouteContext<Input[K]>;

/** Input (parsed on the route) → one query or command → what the member reads. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const created = (ctx: Ctx<any>, data: unknown) => {
    ctx.status = 201;
    ctx.body = { data };
  };
  return {
    async categories(ctx: Ctx<'categories'>) {
      ctx.body = { data: await catalogueView(strapi) };
    },
    async currentRules(ctx: Ctx<'currentRules'>) {
      ctx.body = { data: await currentRules(strapi, ctx.state.input.query.on) };
    },
    async publishRules(ctx: Ctx<'publishRules'>) {
      created(ctx, await publishRuleSet(strapi, ctx.state.actor, ctx.state.input.body));
    },
    async withdrawRules(ctx: Ctx<'withdrawRules'>) {
      ctx.body = { data: await withdrawRuleSet(strapi, ctx.state.actor, ctx.state.input.params.version) };
    },
    async officials(ctx: Ctx<'officials'>) {
      const { query } = ctx.state.input;
      const { data, total } = await officials(strapi, ctx.state.actor, query);
      ctx.body = { data, meta: pageMeta(query.page, query.pageSize, total) };
    },
    async official(ctx: Ctx<'official'>) {
      const { params, query } = ctx.state.input;
      const page = await officialPage(strapi, ctx.state.actor, params.id, query.on);
      ctx.body = { data: { ...page, reports: await reportsOfOfficial(strapi, ctx.state.actor, params.id) } };
    },
    async situation(ctx: Ctx<'situation'>) {
      ctx.body = { data: await situationOf(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.query.on) };
    },
    async mine(ctx: Ctx<'mine'>) {
      const data = await mine(strapi, ctx.state.actor);
      ctx.body = { data: { ...data, reports: await reportsOfOfficial(strapi, ctx.state.actor, data.official.documentId) } };
    },
    async saveContact(ctx: Ctx<'saveContact'>) {
      ctx.body = { data: await saveContact(strapi, ctx.state.actor, ctx.state.input.body) };
    },
    async record(ctx: Ctx<'record'>) {
      const { mandate, violations } = await recordMandate(strapi, ctx.state.actor, ctx.state.input.body);
      created(ctx, { documentId: mandate.documentId, territoryName: mandate.territoryName, employer: mandate.employer?.documentId ?? null, startOn: mandate.startOn, theoreticalEndOn: mandate.theoreticalEndOn, endOn: mandate.endOn, verification: mandate.verification, source: mandate.source, violations });
    },
    async preview(ctx: Ctx<'preview'>) {
      ctx.body = { data: await previewMandate(strapi, ctx.state.actor, ctx.state.input.body) };
    },
    async end(ctx: Ctx<'end'>) {
      const m = await endMandate(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body);
      ctx.body = { data: { documentId: m.documentId, startOn: m.startOn, endOn: m.endOn } };
    },
    async verify(ctx: Ctx<'verify'>) {
      const m = await verifyMandate(strapi, ctx.state.actor, ctx.state.input.params.id);
      ctx.body = { data: { documentId: m.documentId, verification: m.verification } };
    },
    async breaches(ctx: Ctx<'breaches'>) {
      ctx.body = { data: await federationBreaches(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.query.on) };
    },
    async compliance(ctx: Ctx<'compliance'>) {
      ctx.body = { data: await federationCompliance(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async counts(ctx: Ctx<'counts'>) {
      ctx.body = { data: await nationalCounts(strapi, ctx.state.input.query.on) };
    },
    async grantWaiver(ctx: Ctx<'grantWaiver'>) {
      created(ctx, await grantWaiver(strapi, ctx.state.actor, ctx.state.input.body));
    },
    async submitReport(ctx: Ctx<'submitReport'>) {
      const report = await submitReport(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body);
      created(ctx, await reportView(strapi, ctx.state.actor, report.documentId));
    },
    async correctReport(ctx: Ctx<'correctReport'>) {
      const { params, body } = ctx.state.input;
      await correctReport(strapi, ctx.state.actor, params.id, body);
      ctx.body = { data: await reportView(strapi, ctx.state.actor, params.id) };
    },
    async attach(ctx: Ctx<'attach'>) {
      const file = incomingFile(ctx.request as { files?: Record<string, unknown> });
      await attachToReport(strapi, ctx.state.actor, ctx.state.input.params.id, file);
      created(ctx, await reportView(strapi, ctx.state.actor, ctx.state.input.params.id));
    },
    async detach(ctx: Ctx<'detach'>) {
      const { id, key } = ctx.state.input.params;
      await detachFromReport(strapi, ctx.state.actor, id, key);
      ctx.body = { data: await reportView(strapi, ctx.state.actor, id) };
    },
    async reportFile(ctx: Ctx<'reportFile'>) {
      const { id, key } = ctx.state.input.params;
      sendPrivateFile(ctx, strapi, await reportFile(strapi, ctx.state.actor, id, key));
    },
    async report(ctx: Ctx<'report'>) {
      ctx.body = { data: await reportView(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async ask(ctx: Ctx<'ask'>) {
      created(ctx, await askQuestion(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body.text));
    },
    async moderate(ctx: Ctx<'moderate'>) {
      ctx.body = { data: await moderateQuestion(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body.status) };
    },
    async answer(ctx: Ctx<'answer'>) {
      ctx.body = { data: await answerQuestion(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body.answer) };
    },
    async pendingQuestions(ctx: Ctx<'pendingQuestions'>) {
      ctx.body = { data: await pendingQuestions(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
  };
};
