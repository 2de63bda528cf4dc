import type { Core } from '@strapi/strapi';
import { actorOf, backgroundTimer, type RouteContext } from '@intranet-militant/shared';
import { generateDataExport } from '../commands/generate-data-export';
import { requestDataExport } from '../commands/request-data-export';
import { requestErasure } from '../commands/request-erasure';
import { shareSocioProfessionalCategory, withdrawSocioProfessionalCategory } from '../commands/socio-professional';
import { presentDue, presentOwnMember } from '../presenters';
import { dataExportFile, myDataExports, presentDataExport } from '../queries/data-exports';
import { myMembership } from '../queries/members';
import { inputs } from '../validation/schemas';

/** Exports are generated outside the request that asked for them (not in its context). */
const background = backgroundTimer('membership-data-export');

/** « Mon adhésion » : my profile, my dues and whether I may take part today, my consented category; « Mes données ». */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx: RouteContext<typeof inputs.me.show>) {
    const actor = actorOf(ctx);
    const { member, dues, eligibility } = await myMembership(strapi, actor);
    ctx.body = {
      data: { role: actor.role, member: member ? presentOwnMember(member) : null, dues: dues.map(presentDue), eligibility },
    };
  },

  async shareSocioProfessional(ctx: RouteContext<typeof inputs.me.shareSocioProfessional>) {
    ctx.body = { data: await shareSocioProfessionalCategory(strapi, actorOf(ctx), ctx.state.input.body.category) };
  },

  async withdrawSocioProfessional(ctx: RouteContext<typeof inputs.me.withdrawSocioProfessional>) {
    await withdrawSocioProfessionalCategory(strapi, actorOf(ctx));
    ctx.body = { data: null };
  },

  async requestExport(ctx: RouteContext<typeof inputs.me.requestExport>) {
    const row = await requestDataExport(strapi, actorOf(ctx));
    // Generated in the background once the request is committed; the list shows when it is ready.
    background.later(() => void generateDataExport(strapi, row.id).catch(() => undefined), 0);
    ctx.status = 202;
    ctx.body = { data: presentDataExport(row) };
  },

  /**
   * The member asks for the erasure of their data: 202 `{ state, requestedOn, answerBy, message }`,
   * the same shape and words whatever happens behind (erased just after the answer, or kept
   * while a hold they may not be told of stands); the account is closed at once.
   */
  async requestErasure(ctx: RouteContext<typeof inputs.me.requestErasure>) {
    const outcome = await requestErasure(strapi, actorOf(ctx), ctx.state.input.body.password);
    ctx.status = 202;
    ctx.body = { data: { state: outcome.state, requestedOn: outcome.requestedOn, answerBy: outcome.answerBy, message: outcome.message } };
  },

  async exports(ctx: RouteContext<typeof inputs.me.exports>) {
    ctx.body = { data: await myDataExports(strapi, actorOf(ctx)) };
  },

  async download(ctx: RouteContext<typeof inputs.me.download>) {
    const { params, query } = ctx.state.input;
    const file = await dataExportFile(strapi, actorOf(ctx), params.id, query.format);
    ctx.type = file.type;
    ctx.set('Content-Disposition', `attachment; filename="${file.fileName}"`);
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    ctx.body = file.body;
  },
});
