import type { Core } from '@strapi/strapi';
import { actorOf, type PublicRouteContext, type RouteContext } from '@intranet-militant/shared';
import { calendarOfToken, resetFeed } from '../commands/feed';
import { markAllRead, markRead } from '../commands/inbox';
import { clearBounce } from '../commands/bounces';
import { setPreference, unsubscribe } from '../commands/preferences';
import { listBounces } from '../queries/bounces';
import { feedOfActor } from '../queries/feed';
import { listInbox, unreadCount } from '../queries/inbox';
import { preferencesOf } from '../queries/preferences';
import { inputs } from '../validation/schemas';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async bounces(ctx: RouteContext<typeof inputs.bounces>) {
    ctx.body = await listBounces(strapi, actorOf(ctx), ctx.state.input.query.page, ctx.state.input.query.pageSize);
  },
  async clearBounce(ctx: RouteContext<typeof inputs.clearBounce>) {
    ctx.body = { data: await clearBounce(strapi, actorOf(ctx), ctx.state.input.params.id) };
  },
  async inbox(ctx: RouteContext<typeof inputs.inbox>) {
    const { page, pageSize, unread } = ctx.state.input.query;
    ctx.body = await listInbox(strapi, actorOf(ctx), page, pageSize, unread === 'true');
  },
  async unread(ctx: RouteContext<typeof inputs.unreadCount>) {
    ctx.body = { data: { unread: await unreadCount(strapi, actorOf(ctx)) } };
  },
  async read(ctx: RouteContext<typeof inputs.markRead>) {
    ctx.body = { data: await markRead(strapi, actorOf(ctx), ctx.state.input.params.id) };
  },
  async readAll(ctx: RouteContext<typeof inputs.markAllRead>) {
    ctx.body = { data: await markAllRead(strapi, actorOf(ctx)) };
  },
  async preferences(ctx: RouteContext<typeof inputs.preferences>) {
    ctx.body = { data: await preferencesOf(strapi, actorOf(ctx)) };
  },
  async setPreference(ctx: RouteContext<typeof inputs.setPreference>) {
    ctx.body = { data: await setPreference(strapi, actorOf(ctx), ctx.state.input.body.kind, ctx.state.input.body.mode) };
  },
  async feed(ctx: RouteContext<typeof inputs.feed>) {
    ctx.body = { data: await feedOfActor(strapi, actorOf(ctx)) };
  },
  async resetFeed(ctx: RouteContext<typeof inputs.resetFeed>) {
    ctx.body = { data: await resetFeed(strapi, actorOf(ctx)) };
  },
  async calendar(ctx: PublicRouteContext<typeof inputs.calendar>) {
    ctx.type = 'text/calendar; charset=utf-8';
    ctx.set('Cache-Control', 'private, max-age=300');
    ctx.body = await calendarOfToken(strapi, ctx.state.input.query.token);
  },
  async unsubscribe(ctx: PublicRouteContext<typeof inputs.unsubscribe>) {
    const { m, k, t } = ctx.state.input.query;
    ctx.body = { data: await unsubscribe(strapi, m, k, t) };
  },
});
