import type { Core } from '@strapi/strapi';
import { actorOf, fields, NotFoundError, pageMeta, parseInput } from '@intranet-militant/shared';
import { editContribution } from '../commands/edit-contribution';
import { moderateContribution } from '../commands/moderate-contribution';
import { submitContribution } from '../commands/submit-contribution';
import { SimilarityIndex } from '../domain/similarity';
import { contributionInput, contributionQuery, contributionUpdate, moderationInput, suggestionQuery } from '../validation/schemas';
import { reading, refuse, running } from './context';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const views = () => strapi.plugin('consultations').service('views');
  const contributionId = (ctx: any) => parseInput(fields.documentId('La contribution'), ctx.params.contributionId, 'Identifiant invalide.');

  /** The similarity index of the consultation's usable contributions. */
  async function index(c: any) {
    const rows = (await strapi.plugin('consultations').service('consultations').contributionsOf(c.id)).filter((x: any) => x.state === 'submitted');
    return { rows, index: new SimilarityIndex(rows.map((x: any) => ({ id: x.id, title: x.title, body: x.body }))) };
  }

  return {
    /** Staff: every contribution with its author. A member: their own, and what became of them. */
    async find(ctx: any) {
      const { c, actor, staff } = await reading(strapi, ctx);
      const query = parseInput(contributionQuery, ctx.query, 'Paramètres invalides.');
      const rows = await views().contributions(c, actor, staff, query);
      ctx.body = { data: rows.slice((query.page - 1) * query.pageSize, query.page * query.pageSize), meta: pageMeta(query.page, query.pageSize, rows.length) };
    },

    async findOne(ctx: any) {
      const { c, actor, staff } = await reading(strapi, ctx);
      const found = await views().contribution(c, contributionId(ctx), staff);
      if (!found) throw new NotFoundError('Contribution introuvable.');
      if (!staff && found.authorMemberId !== actor.memberId) {
        refuse('Les contributions des autres adhérents sont lues par l’équipe qui conduit la consultation.');
      }
      const { authorMemberId: _author, ...shown } = found;
      ctx.body = { data: shown };
    },

    async create(ctx: any) {
      const input = parseInput(contributionInput, ctx.request.body);
      const created = await submitContribution(strapi, actorOf(ctx), ctx.params.id, input);
      ctx.status = 201;
      ctx.body = { data: { documentId: created.documentId, title: created.title, body: created.body, category: created.category ?? null, state: created.state } };
    },

    async update(ctx: any) {
      const input = parseInput(contributionUpdate, ctx.request.body);
      const updated = await editContribution(strapi, actorOf(ctx), ctx.params.id, contributionId(ctx), input);
      ctx.body = { data: { documentId: updated.documentId, title: updated.title, body: updated.body, category: updated.category ?? null, state: updated.state } };
    },

    async withdraw(ctx: any) {
      const updated = await editContribution(strapi, actorOf(ctx), ctx.params.id, contributionId(ctx), 'withdraw');
      ctx.body = { data: { documentId: updated.documentId, state: updated.state } };
    },

    async moderate(ctx: any) {
      const input = parseInput(moderationInput, ctx.request.body);
      const updated = await moderateContribution(strapi, actorOf(ctx), ctx.params.id, contributionId(ctx), input);
      ctx.body = { data: { documentId: updated.documentId, state: updated.state, hiddenReason: updated.hiddenReason ?? null } };
    },

    /** Staff: the contributions closest to one (French-aware similarity). */
    async similar(ctx: any) {
      const { c } = await running(strapi, ctx);
      const id = contributionId(ctx);
      const { rows, index: similarity } = await index(c);
      const target = rows.find((x: any) => x.documentId === id);
      if (!target) throw new NotFoundError('Contribution introuvable (ou retirée, ou masquée).');
      const byId = new Map(rows.map((x: any) => [x.id, x]));
      ctx.body = {
        data: similarity.nearest(target.id, 10).map((n) => {
          const x: any = byId.get(n.id);
          return { documentId: x.documentId, reference: `C-${x.number}`, title: x.title, score: Number(n.score.toFixed(3)), shared: n.shared, proposal: x.proposal?.documentId ?? null };
        }),
      };
    },

    /** Staff: groups of similar contributions not yet in a proposal, to turn into proposals. */
    async suggestions(ctx: any) {
      const { c } = await running(strapi, ctx);
      const query = parseInput(suggestionQuery, ctx.query, 'Paramètres invalides.');
      const { rows, index: similarity } = await index(c);
      const unassigned = rows.filter((x: any) => !x.proposal).map((x: any) => x.id);
      const byId = new Map(rows.map((x: any) => [x.id, x]));
      ctx.body = {
        data: similarity
          .groups({ threshold: query.threshold, ids: unassigned })
          .slice(0, query.limit)
          .map((g) => ({
            keywords: g.keywords,
            cohesion: Number(g.cohesion.toFixed(3)),
            contributions: g.ids.map((id) => {
              const x: any = byId.get(id);
              return { documentId: x.documentId, reference: `C-${x.number}`, title: x.title };
            }),
          })),
        meta: { unassigned: unassigned.length, threshold: query.threshold },
      };
    },
  };
};
