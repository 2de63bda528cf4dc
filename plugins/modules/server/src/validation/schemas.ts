import { fields, z, type RouteInput } from '@intranet-militant/shared';

// Not strict: on GET routes Koa's router also hands over the static-file route's capture (`0`).
const federationParams = z.object({ id: fields.documentId('La fédération') });

/** What each route of the modules API accepts (see routes/index.ts). */
export const inputs = {
  find: { params: federationParams },
  update: {
    params: federationParams.extend({
      module: z.string({ error: 'Le module : identifiant attendu.' }).max(60, { error: 'Le module : identifiant invalide.' }),
    }),
    body: z.strictObject({
      enabled: z.boolean({ error: '« enabled » vaut true (activer) ou false (désactiver).' }),
    }),
  },
} satisfies Record<string, RouteInput>;
