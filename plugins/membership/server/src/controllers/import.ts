import { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import { actorOf, backgroundTimer, fieldError, getService, type Actor, type RouteContext } from '@intranet-militant/shared';
import { confirmImport, remapImport, runImport, startImport } from '../commands/import-members';
import { importFor, importRows, refusedRowsCsv } from '../queries/imports';
import { inputs } from '../validation/schemas';

/** Imports run outside the request that confirmed them (not in its context). */
const background = backgroundTimer('membership-import');

type Input<A extends keyof typeof inputs.import> = RouteContext<(typeof inputs.import)[A]>;

/** The uploaded file of a multipart request (field `file`), as the body parser stored it. */
function uploadedFile(ctx: RouteContext): { path: string; fileName: string } {
  const files = (ctx.request as { files?: Record<string, any> }).files ?? {};
  const file = Array.isArray(files.file) ? files.file[0] : files.file;
  if (!file?.filepath) throw fieldError('file', 'Joignez le fichier à importer (champ « file », CSV ou XLSX).');
  return { path: file.filepath, fileName: file.originalFilename ?? 'import' };
}

/**
 * The import's actions, for the content API (the actor the authorize policy resolved) and for
 * the admin panel's screen (the admin user as their federation's staff): same commands.
 */
const importActions = (strapi: Core.Strapi, actorOf: (ctx: RouteContext) => Actor | Promise<Actor>) => ({
  async create(ctx: Input<'create'>) {
    const job = await startImport(strapi, await actorOf(ctx), { ...uploadedFile(ctx), ...ctx.state.input.body });
    ctx.status = 201;
    ctx.body = { data: await importFor(strapi, await actorOf(ctx), job.documentId) };
  },

  async findOne(ctx: Input<'findOne'>) {
    ctx.body = { data: await importFor(strapi, await actorOf(ctx), ctx.state.input.params.id) };
  },

  async remap(ctx: Input<'remap'>) {
    const { params, body } = ctx.state.input;
    await remapImport(strapi, await actorOf(ctx), params.id, body.mapping);
    ctx.body = { data: await importFor(strapi, await actorOf(ctx), params.id) };
  },

  async rows(ctx: Input<'rows'>) {
    const { params, query } = ctx.state.input;
    ctx.body = await importRows(strapi, await actorOf(ctx), params.id, query);
  },

  async refused(ctx: Input<'refused'>) {
    const { fileName, csv } = await refusedRowsCsv(strapi, await actorOf(ctx), ctx.state.input.params.id);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    ctx.body = Readable.from(csv);
  },

  async confirm(ctx: Input<'confirm'>) {
    const { params, body } = ctx.state.input;
    const job = await confirmImport(strapi, await actorOf(ctx), params.id, body);
    // Written in the background, batch by batch: staff follow the progress on the import.
    background.later(() => void runImport(strapi, job.id).catch(() => undefined), 0);
    ctx.status = 202;
    ctx.body = { data: await importFor(strapi, await actorOf(ctx), params.id) };
  },
});

export default ({ strapi }: { strapi: Core.Strapi }) => importActions(strapi, actorOf);

/** The admin panel's import screen (`/membership/imports…` admin routes). */
export const importScreen = ({ strapi }: { strapi: Core.Strapi }) =>
  importActions(strapi, (ctx) => getService(strapi, 'membership', 'admin-scope').actorFor(ctx.state.user as any));
