import type { Core } from '@strapi/strapi';
import { actorOf, fieldError, fields, ForbiddenError, pageMeta, parseInput, z } from '@intranet-militant/shared';
import type { AuditEntry } from '../domain/chain';
import { auditPermissions } from '../permissions';

const listQuery = z.strictObject({
  ...fields.pagination(50),
  federation: fields.documentId('La fédération').optional(),
  action: z.string().max(255).optional(),
  subjectType: z.string().max(255).optional(),
  subjectId: z.string().max(64).optional(),
});

const present = (e: AuditEntry) => ({
  seq: e.seq,
  occurredAt: e.occurredAt,
  actor: { kind: e.actorKind, id: e.actorId, label: e.actorLabel },
  action: e.action,
  subject: { type: e.subjectType, id: e.subjectId },
  federationId: e.federationId,
  details: JSON.parse(e.details),
  prevHash: e.prevHash,
  hash: e.hash,
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    const actor = actorOf(ctx);
    const query = parseInput(listQuery, ctx.query, 'Paramètres invalides.');
    let federationId: number | undefined;
    if (auditPermissions.scopeOf(actor, 'entry.read') === 'federation') {
      if (actor.federationId == null) throw new ForbiddenError('Votre compte n’est rattaché à aucune fédération.');
      federationId = actor.federationId;
    }
    if (query.federation) {
      const federation = await strapi.plugin('membership').service('directory').federationByDocumentId(query.federation);
      if (!federation) throw fieldError('federation', 'Fédération inconnue.');
      if (federationId !== undefined && federation.id !== federationId) {
        throw new ForbiddenError('Vous ne consultez que le journal de votre fédération.');
      }
      federationId = federation.id;
    }
    const { entries, total } = await strapi
      .plugin('audit')
      .service('log')
      .list({ ...query, federationId });
    ctx.body = {
      data: entries.map(present),
      meta: pageMeta(query.page, query.pageSize, total),
    };
  },

  async verify(ctx: any) {
    ctx.body = { data: await strapi.plugin('audit').service('log').verify() };
  },
});
