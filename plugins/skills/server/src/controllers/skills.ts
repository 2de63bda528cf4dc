import type { Core } from '@strapi/strapi';
import { pageMeta, type RouteContext } from '@intranet-militant/shared';
import { censusCompletion, createCensus, listCensuses } from '../commands/census';
import { addCoordinator, createNetwork, exportNetwork, joinNetwork, leaveNetwork, listNetworks, showNetwork } from '../commands/networks';
import { confirmSkill, eraseProfile, giveConsent, saveProfile, withdrawConsent } from '../commands/profile';
import { createTerm, proposeTerm, reviewTerm } from '../commands/terms';
import { myProfile, previewProfile, searchDirectory, showProfile } from '../queries/directory';
import { listTerms, presentTerm } from '../queries/terms';
import { runMatching } from '../queries/matching';
import type { routeInput } from '../validation/schemas';

type Input = typeof routeInput;
type Ctx<K extends keyof Input> = RouteContext<Input[K]>;

/** Input (parsed on the route) → one query or command → what the member reads. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const term = (t: Parameters<typeof presentTerm>[0]) => presentTerm(t, new Map());
  return {
    async terms(ctx: Ctx<'terms'>) {
      ctx.body = { data: await listTerms(strapi, ctx.state.actor, ctx.state.input.query) };
    },
    async createTerm(ctx: Ctx<'createTerm'>) {
      ctx.status = 201;
      ctx.body = { data: term(await createTerm(strapi, ctx.state.actor, ctx.state.input.body)) };
    },
    async proposeTerm(ctx: Ctx<'proposeTerm'>) {
      ctx.status = 201;
      ctx.body = { data: term(await proposeTerm(strapi, ctx.state.actor, ctx.state.input.body)) };
    },
    async reviewTerm(ctx: Ctx<'reviewTerm'>) {
      ctx.body = { data: term(await reviewTerm(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body)) };
    },
    async myProfile(ctx: Ctx<'myProfile'>) {
      ctx.body = { data: await myProfile(strapi, ctx.state.actor) };
    },
    async saveProfile(ctx: Ctx<'saveProfile'>) {
      await saveProfile(strapi, ctx.state.actor, ctx.state.input.body);
      ctx.body = { data: await myProfile(strapi, ctx.state.actor) };
    },
    async eraseProfile(ctx: Ctx<'eraseProfile'>) {
      await eraseProfile(strapi, ctx.state.actor);
      ctx.body = { data: await myProfile(strapi, ctx.state.actor) };
    },
    async giveConsent(ctx: Ctx<'giveConsent'>) {
      await giveConsent(strapi, ctx.state.actor, ctx.state.input.body.version);
      ctx.body = { data: await myProfile(strapi, ctx.state.actor) };
    },
    async withdrawConsent(ctx: Ctx<'withdrawConsent'>) {
      await withdrawConsent(strapi, ctx.state.actor);
      ctx.body = { data: await myProfile(strapi, ctx.state.actor) };
    },
    async preview(ctx: Ctx<'preview'>) {
      ctx.body = { data: await previewProfile(strapi, ctx.state.actor, ctx.state.input.query.as) };
    },
    async search(ctx: Ctx<'search'>) {
      const { body } = ctx.state.input;
      const { data, total, totalIsExact } = await searchDirectory(strapi, ctx.state.actor, body);
      const meta = pageMeta(body.page, body.pageSize, total);
      ctx.body = { data, meta: { pagination: { ...meta.pagination, totalIsExact } } };
    },
    async profile(ctx: Ctx<'profile'>) {
      ctx.body = { data: await showProfile(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async confirmSkill(ctx: Ctx<'confirmSkill'>) {
      const { id, term: slug } = ctx.state.input.params;
      ctx.body = { data: await confirmSkill(strapi, ctx.state.actor, id, slug) };
    },
    async matching(ctx: Ctx<'matching'>) {
      ctx.body = { data: await runMatching(strapi, ctx.state.actor, ctx.state.input.body) };
    },
    async networks(ctx: Ctx<'networks'>) {
      ctx.body = { data: await listNetworks(strapi, ctx.state.actor) };
    },
    async createNetwork(ctx: Ctx<'createNetwork'>) {
      const network = await createNetwork(strapi, ctx.state.actor, ctx.state.input.body);
      ctx.status = 201;
      ctx.body = { data: await showNetwork(strapi, ctx.state.actor, network.slug) };
    },
    async network(ctx: Ctx<'network'>) {
      ctx.body = { data: await showNetwork(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async joinNetwork(ctx: Ctx<'joinNetwork'>) {
      await joinNetwork(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body);
      ctx.body = { data: await showNetwork(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async leaveNetwork(ctx: Ctx<'leaveNetwork'>) {
      await leaveNetwork(strapi, ctx.state.actor, ctx.state.input.params.id);
      ctx.body = { data: await showNetwork(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async addCoordinator(ctx: Ctx<'addCoordinator'>) {
      await addCoordinator(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body.member);
      ctx.body = { data: await showNetwork(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async exportNetwork(ctx: Ctx<'exportNetwork'>) {
      const { filename, csv } = await exportNetwork(strapi, ctx.state.actor, ctx.state.input.params.id);
      ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = csv;
    },
    async censuses(ctx: Ctx<'censuses'>) {
      ctx.body = { data: await listCensuses(strapi, ctx.state.actor) };
    },
    async createCensus(ctx: Ctx<'createCensus'>) {
      const census = await createCensus(strapi, ctx.state.actor, ctx.state.input.body);
      ctx.status = 201;
      ctx.body = { data: await censusCompletion(strapi, ctx.state.actor, census.id) };
    },
    async census(ctx: Ctx<'census'>) {
      ctx.body = { data: await censusCompletion(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
  };
};
