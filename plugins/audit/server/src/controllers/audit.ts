import type { Core } from '@strapi/strapi';
import { actorOf, getService, pageMeta, type RouteContext } from '@intranet-militant/shared';
import type { AuditEntry } from '../domain/chain';
import { listEntries } from '../queries/list-entries';
import { inputs } from '../validation/schemas';

const present = (e: AuditEntry) => ({
  seq: e.seq,
  occurredAt: e.occurredAt,
  actor: { kind: e.actorKind, id: e.actorId, label: e.actorLabel },
  action: e.action,
  subject: { type: e.subjectType, id: e.subjectId },
  federationId: e.federationId,
  details: JSON.parse(e.details),
  prevHash: e.prevHash,
  keyId: e.keyId,
  hash: e.hash,
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RouteContext<typeof inputs.find>) {
    const { query } = ctx.state.input;
    const { entries, total } = await listEntries(strapi, actorOf(ctx), query);
    ctx.body = { data: entries.map(present), meta: pageMeta(query.page, query.pageSize, total) };
  },

  async verify(ctx: RouteContext<typeof inputs.verify>) {
    ctx.body = { data: await getService(strapi, 'audit', 'log').verify() };
  },
});
