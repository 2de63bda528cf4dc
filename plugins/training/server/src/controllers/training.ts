import type { Core } from '@strapi/strapi';
import { getService, pageMeta, portalUrl, sendUpload, type PublicRouteContext, type RouteContext } from '@intranet-militant/shared';
import { enrol } from '../commands/enrol';
import { attemptQuiz, completeLesson, rateCourse } from '../commands/learn';
import { assignSponsor, endSponsorship } from '../commands/sponsor';
import { renderCertificate } from '../domain/certificate-pdf';
import { certificateCheckPath } from '../domain/links';
import { lessonAttachment, listCourses, showCourse } from '../queries/courses';
import { myCertificate, mySponsoredNewcomers, myTraining, verifyCertificate } from '../queries/learners';
import { suggestSponsors } from '../queries/sponsors';
import { trainingStatistics } from '../queries/statistics';
import type { routeInput } from '../validation/schemas';
import { suggestTrainers } from '../queries/trainers';

type Input = typeof routeInput;

/** Input (parsed on the route) → one query or command → what the member reads. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /courses — published courses the member may see, a page of them, with their standing. */
  async courses(ctx: RouteContext<Input['courses']>) {
    const { query } = ctx.state.input;
    const { data, total } = await listCourses(strapi, ctx.state.actor, query);
    ctx.body = { data, meta: pageMeta(query.page, query.pageSize, total) };
  },

  async course(ctx: RouteContext<Input['course']>) {
    ctx.body = { data: await showCourse(strapi, ctx.state.actor, ctx.state.input.params.id) };
  },

  /** GET /courses/:id/lessons/:lessonId/attachments/:fileId — a lesson's file, to those its lessons open to. */
  async lessonAttachment(ctx: RouteContext<Input['lessonAttachment']>) {
    const { id, lessonId, fileId } = ctx.state.input.params;
    sendUpload(ctx, strapi, await lessonAttachment(strapi, ctx.state.actor, id, lessonId, fileId));
  },

  async enrol(ctx: RouteContext<Input['enrol']>) {
    const enrolment = await enrol(strapi, ctx.state.actor, ctx.state.input.params.id);
    ctx.status = 201;
    ctx.body = { data: { documentId: enrolment.documentId, enrolledAt: enrolment.enrolledAt, origin: enrolment.origin } };
  },

  async completeLesson(ctx: RouteContext<Input['completeLesson']>) {
    const { id, lessonId } = ctx.state.input.params;
    const { course, structure, enrolment } = await completeLesson(strapi, ctx.state.actor, id, lessonId);
    ctx.body = { data: await getService(strapi, 'training', 'views').standing(course, structure, enrolment) };
  },

  async attempt(ctx: RouteContext<Input['attempt']>) {
    const { params, body } = ctx.state.input;
    ctx.status = 201;
    ctx.body = { data: await attemptQuiz(strapi, ctx.state.actor, params.id, params.quizId, body) };
  },

  async rate(ctx: RouteContext<Input['rate']>) {
    ctx.body = { data: await rateCourse(strapi, ctx.state.actor, ctx.state.input.params.id, ctx.state.input.body) };
  },

  /**
   * GET /courses/:id/certificate — the learner's certificate, as a PDF. It sends its reader to
   * the portal's public check page (the address members reach the intranet at, PUBLIC_URL).
   */
  async certificatePdf(ctx: RouteContext<Input['certificatePdf']>) {
    const certificate = await myCertificate(strapi, ctx.state.actor, ctx.state.input.params.id);
    ctx.set('Content-Type', 'application/pdf');
    ctx.set('Content-Disposition', `attachment; filename="certificat-${certificate.code}.pdf"`);
    // The PDF is kept for years: without PUBLIC_URL, the address the learner reached us at, never localhost's default.
    ctx.body = await renderCertificate({ ...certificate, verifyUrl: `${portalUrl(strapi, ctx.origin)}${certificateCheckPath(certificate.code)}` });
  },

  /** GET /certificates/:code — public: whoever holds a code checks the certificate. */
  async verifyCertificate(ctx: PublicRouteContext<Input['verifyCertificate']>) {
    ctx.body = { data: await verifyCertificate(strapi, ctx.state.input.params.code) };
  },

  /** GET /me — my courses, my progress, my sponsor. */
  async mine(ctx: RouteContext<Input['mine']>) {
    ctx.body = { data: await myTraining(strapi, ctx.state.actor) };
  },

  /** GET /sponsorships/mine — the newcomers I sponsor and their progress. */
  async sponsored(ctx: RouteContext<Input['sponsored']>) {
    ctx.body = { data: await mySponsoredNewcomers(strapi, ctx.state.actor) };
  },

  async suggestions(ctx: RouteContext<Input['suggestions']>) {
    const { suggestions, maxLoad } = await suggestSponsors(strapi, ctx.state.actor, ctx.state.input.query.newcomer);
    ctx.body = { data: suggestions, meta: { maxLoad } };
  },

  async assign(ctx: RouteContext<Input['assign']>) {
    ctx.status = 201;
    ctx.body = { data: await assignSponsor(strapi, ctx.state.actor, ctx.state.input.body) };
  },

  async end(ctx: RouteContext<Input['end']>) {
    ctx.body = { data: await endSponsorship(strapi, ctx.state.actor, ctx.state.input.params.id) };
  },

  async statistics(ctx: RouteContext<Input['statistics']>) {
    ctx.body = { data: await trainingStatistics(strapi, ctx.state.actor, ctx.state.input.query.federation) };
  },

  async statisticsCsv(ctx: RouteContext<Input['statisticsCsv']>) {
    const figures = await trainingStatistics(strapi, ctx.state.actor, ctx.state.input.query.federation);
    ctx.set('Content-Type', 'text/csv; charset=utf-8');
    ctx.set('Content-Disposition', 'attachment; filename="formations-statistiques.csv"');
    ctx.body = getService(strapi, 'training', 'statistics').csv(figures.courses);
  },

  async trainerSuggestions(ctx: RouteContext<Input['trainerSuggestions']>) {
    const { params, body } = ctx.state.input;
    ctx.body = { data: await suggestTrainers(strapi, ctx.state.actor, params.id, body) };
  },
});
