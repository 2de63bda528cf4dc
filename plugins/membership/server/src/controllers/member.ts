import type { Core } from '@strapi/strapi';
import { actorOf, pageMeta, type RouteContext } from '@intranet-militant/shared';
import { changeMemberRole } from '../commands/change-member-role';
import { changeMemberStatus } from '../commands/change-member-status';
import { createMember, PRIOR_EXCLUSION } from '../commands/create-member';
import { eraseMember } from '../commands/erase-member';
import { recordDeparture } from '../commands/record-departure';
import { recordReturn } from '../commands/record-return';
import { updateMember } from '../commands/update-member';
import { presentMember } from '../presenters';
import { listPendingErasures } from '../queries/departures';
import { eligibilityOfMember, listMembers, readableMember } from '../queries/members';
import { inputs } from '../validation/schemas';

type Input<A extends keyof typeof inputs.member> = RouteContext<(typeof inputs.member)[A]>;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Input<'find'>) {
    const { query } = ctx.state.input;
    const { results, total } = await listMembers(strapi, actorOf(ctx), query);
    ctx.body = { data: results.map(presentMember), meta: pageMeta(query.page, query.pageSize, total) };
  },

  async findOne(ctx: Input<'findOne'>) {
    ctx.body = { data: presentMember(await readableMember(strapi, actorOf(ctx), ctx.state.input.params.id, 'member.read')) };
  },

  async create(ctx: Input<'create'>) {
    const member = await createMember(strapi, actorOf(ctx), ctx.state.input.body);
    ctx.status = 201;
    ctx.body = { data: presentMember(member), ...(member.priorExclusion ? { meta: { warnings: [PRIOR_EXCLUSION] } } : {}) };
  },

  async update(ctx: Input<'update'>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: presentMember(await updateMember(strapi, actorOf(ctx), params.id, body)) };
  },

  async changeStatus(ctx: Input<'changeStatus'>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: presentMember(await changeMemberStatus(strapi, actorOf(ctx), params.id, body)) };
  },

  async changeRole(ctx: Input<'changeRole'>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: presentMember(await changeMemberRole(strapi, actorOf(ctx), params.id, body.role)) };
  },

  async eligibility(ctx: Input<'eligibility'>) {
    const { params, query } = ctx.state.input;
    ctx.body = { data: await eligibilityOfMember(strapi, actorOf(ctx), params.id, query) };
  },

  /** Staff record that a member left the party (their account is blocked at once). */
  async depart(ctx: Input<'depart'>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: await recordDeparture(strapi, actorOf(ctx), params.id, body) };
  },

  /** Staff record a member's return after a departure (« réadhésion »): the departure is cleared. */
  async return(ctx: Input<'return'>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: presentMember(await recordReturn(strapi, actorOf(ctx), params.id, body)) };
  },

  /** Staff's list of members who left and are not erased yet: dates, erasure deadline, holds. */
  async departures(ctx: Input<'departures'>) {
    const { query } = ctx.state.input;
    const { results, total } = await listPendingErasures(strapi, actorOf(ctx), query);
    ctx.body = { data: results, meta: pageMeta(query.page, query.pageSize, total) };
  },

  /** Staff erase the data of a member who left (409 while still a member). */
  async erase(ctx: Input<'erase'>) {
    const { documentId, erasedOn, reports } = await eraseMember(strapi, actorOf(ctx), ctx.state.input.params.id, 'departure');
    ctx.body = { data: { documentId, erasedOn, parts: Object.fromEntries(reports.map((r) => [r.source, r.counts])) } };
  },
});
