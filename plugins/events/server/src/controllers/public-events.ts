import type { Core } from '@strapi/strapi';
import { pageMeta, type PublicRouteContext } from '@intranet-militant/shared';
import * as registrations from '../commands/registrations';
import * as views from '../queries/events';
import { spend } from '../rate-limit';
import { settingsOf } from '../settings';
import type { routeInput } from '../validation/schemas';

type Input = typeof routeInput;
type Ctx<K extends keyof Input> = PublicRouteContext<Input[K]>;

const ACCEPTED = 'Si l’adresse est valide, un courriel vient de vous être envoyé : confirmez votre inscription en suivant son lien.';

/** The public pages' API (no account): open events, their calendar, citizens' registration. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async publicList(ctx: Ctx<'publicList'>) {
    const { data, total } = await views.publicList(strapi, ctx.state.input.query);
    ctx.body = { data, meta: pageMeta(ctx.state.input.query.page, ctx.state.input.query.pageSize, total) };
  },
  async publicShow(ctx: Ctx<'publicShow'>) {
    ctx.body = { data: await views.publicShow(strapi, ctx.state.input.params.id) };
  },
  async publicCalendar(ctx: Ctx<'publicCalendar'>) {
    ctx.type = 'text/calendar; charset=utf-8';
    ctx.set('Content-Disposition', 'inline; filename="evenements.ics"');
    ctx.body = await views.publicCalendar(strapi);
  },
  async publicRegister(ctx: Ctx<'publicRegister'>) {
    const { input } = ctx.state;
    const settings = settingsOf(strapi);
    await spend(strapi, 'address', ctx.request.ip, settings.publicRegistrationsPerAddress, 600);
    // The honeypot: people never see the field; a filled one gets the same answer, and nothing is recorded or sent.
    if (!input.body.website) {
      await spend(strapi, 'email', input.body.email, settings.publicRegistrationsPerEmail, 3600);
      await registrations.registerCitizen(strapi, input.params.id, input.body);
    }
    ctx.status = 202;
    ctx.body = { data: { message: ACCEPTED } };
  },
  async publicConfirm(ctx: Ctx<'publicConfirm'>) {
    await spend(strapi, 'token', ctx.request.ip, 60, 600);
    const { state, event, checkInCode } = await registrations.confirmCitizen(strapi, ctx.state.input.body.token);
    // The door code is for a seat: a citizen on the waiting list gets it once promoted (by email).
    ctx.body = { data: { state, checkInCode: state === 'confirmed' ? checkInCode : null, event: await views.publicShow(strapi, event.documentId).catch(() => null) } };
  },
  async publicCancel(ctx: Ctx<'publicCancel'>) {
    await spend(strapi, 'token', ctx.request.ip, 60, 600);
    const { state, event } = await registrations.cancelCitizen(strapi, ctx.state.input.body.token);
    ctx.body = { data: { state, event: { documentId: event.documentId, title: event.title } } };
  },
});
