import type { Core } from '@strapi/strapi';
import { pageMeta, type RouteContext } from '@intranet-militant/shared';
import { designateSeat, endSeat } from '../commands/designate-seat';
import { createBody, updateBody } from '../commands/manage-body';
import { createMeeting, setMeetingStatus, updateMeeting } from '../commands/manage-meeting';
import { markAttendance } from '../commands/mark-attendance';
import { approveMinutes, correctMinutes, publishMinutes, saveMinutes } from '../commands/minutes';
import * as views from '../queries/views';
import { activityReport, bodyComposition, reportCsv, reportForExport } from '../queries/report';
import { renderActivityReport } from '../domain/report-pdf';
import { suggestMembersWithSkill } from '../queries/skill-suggestions';
import { todayInParis } from '@intranet-militant/shared';
import type { routeInput } from '../validation/schemas';

type Input = typeof routeInput;
type Ctx<K extends keyof Input> = RouteContext<Input[K]>;

/** Input (parsed on the route) → one query or command → what the member reads. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const created = (ctx: Ctx<any>, data: unknown) => {
    ctx.status = 201;
    ctx.body = { data };
  };
  return {
    async mine(ctx: Ctx<'mine'>) {
      ctx.body = { data: await views.mine(strapi, ctx.state.actor) };
    },
    async myIndicators(ctx: Ctx<'myIndicators'>) {
      ctx.body = { data: await views.myIndicators(strapi, ctx.state.actor, ctx.state.input.query) };
    },
    async bodies(ctx: Ctx<'bodies'>) {
      const { query } = ctx.state.input;
      const { data, total } = await views.listBodies(strapi, ctx.state.actor, query);
      ctx.body = { data, meta: pageMeta(query.page, query.pageSize, total) };
    },
    async body(ctx: Ctx<'body'>) {
      ctx.body = { data: await views.showBody(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async createBody(ctx: Ctx<'createBody'>) {
      const body = await createBody(strapi, ctx.state.actor, ctx.state.input.body);
      created(ctx, await views.showBody(strapi, ctx.state.actor, body.documentId));
    },
    async updateBody(ctx: Ctx<'updateBody'>) {
      const { params, body } = ctx.state.input;
      await updateBody(strapi, ctx.state.actor, params.id, body);
      ctx.body = { data: await views.showBody(strapi, ctx.state.actor, params.id) };
    },
    async designate(ctx: Ctx<'designate'>) {
      const seat = await designateSeat(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body);
      created(ctx, { documentId: seat.documentId, role: seat.role, startOn: seat.startOn, endOn: seat.endOn });
    },
    async endSeat(ctx: Ctx<'endSeat'>) {
      const seat = await endSeat(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body);
      ctx.body = { data: { documentId: seat.documentId, startOn: seat.startOn, endOn: seat.endOn } };
    },
    async meetings(ctx: Ctx<'meetings'>) {
      ctx.body = { data: await views.listMeetings(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async createMeeting(ctx: Ctx<'createMeeting'>) {
      const meeting = await createMeeting(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body);
      created(ctx, { ...(await views.showMeeting(strapi, ctx.state.actor, meeting.documentId)), convocations: meeting.convocations });
    },
    async meeting(ctx: Ctx<'meeting'>) {
      ctx.body = { data: await views.showMeeting(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async updateMeeting(ctx: Ctx<'updateMeeting'>) {
      await updateMeeting(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body);
      ctx.body = { data: await views.showMeeting(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async setMeetingStatus(ctx: Ctx<'setMeetingStatus'>) {
      await setMeetingStatus(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body.status);
      ctx.body = { data: await views.showMeeting(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async meetingIcs(ctx: Ctx<'meetingIcs'>) {
      const { filename, text } = await views.meetingIcs(strapi, ctx.state.actor, ctx.state.input.params.id);
      ctx.type = 'text/calendar; charset=utf-8';
      ctx.attachment(filename);
      ctx.body = text;
    },
    async markAttendance(ctx: Ctx<'markAttendance'>) {
      await markAttendance(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body);
      ctx.body = { data: await views.showMeeting(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async minutes(ctx: Ctx<'minutes'>) {
      ctx.body = { data: await views.meetingMinutes(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async saveMinutes(ctx: Ctx<'saveMinutes'>) {
      const saved = await saveMinutes(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body);
      ctx.body = { data: { documentId: saved.documentId, version: saved.version, status: saved.minutesStatus } };
    },
    async approveMinutes(ctx: Ctx<'approveMinutes'>) {
      const approved = await approveMinutes(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body.atMeeting);
      ctx.body = { data: { documentId: approved.documentId, version: approved.version, status: approved.minutesStatus, approvedOn: approved.approvedOn } };
    },
    async publishMinutes(ctx: Ctx<'publishMinutes'>) {
      const published = await publishMinutes(strapi, ctx.state.actor, ctx.state.input.params.id);
      ctx.body = { data: { documentId: published.documentId, version: published.version, status: published.minutesStatus, releasedOn: published.releasedOn } };
    },
    async correctMinutes(ctx: Ctx<'correctMinutes'>) {
      const draft = await correctMinutes(strapi, ctx.state.actor, ctx.state.input.params.id);
      created(ctx, { documentId: draft.documentId, version: draft.version, status: draft.minutesStatus });
    },
    async bodyIndicators(ctx: Ctx<'bodyIndicators'>) {
      ctx.body = { data: await views.bodyIndicators(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.query) };
    },
    async report(ctx: Ctx<'report'>) {
      ctx.body = { data: await activityReport(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.query.year) };
    },
    async reportCsv(ctx: Ctx<'reportCsv'>) {
      const { filename, text } = reportCsv(await reportForExport(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.query.year));
      ctx.type = 'text/csv; charset=utf-8';
      ctx.attachment(filename);
      ctx.body = text;
    },
    async reportPdf(ctx: Ctx<'reportPdf'>) {
      const report = await reportForExport(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.query.year);
      ctx.type = 'application/pdf';
      ctx.attachment(`rapport-activite-${report.year}.pdf`);
      ctx.body = await renderActivityReport(report, todayInParis());
    },
    async composition(ctx: Ctx<'composition'>) {
      ctx.body = { data: await bodyComposition(strapi, ctx.state.actor, ctx.state.input.params.id) };
    },
    async skillSuggestions(ctx: Ctx<'skillSuggestions'>) {
      ctx.body = { data: await suggestMembersWithSkill(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body) };
    },
    async federationIndicators(ctx: Ctx<'federationIndicators'>) {
      ctx.body = { data: await views.federationIndicators(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.query) };
    },
  };
};
