import type { Core } from '@strapi/strapi';
import { actorOf, fields, ForbiddenError, NotFoundError, pageMeta, parseInput } from '@intranet-militant/shared';
import { assertMember, loadCourse } from '../commands/checks';
import { enrol } from '../commands/enrol';
import { attemptQuiz, completeLesson, rateCourse } from '../commands/learn';
import { assignSponsor, endSponsorship, suggestSponsors } from '../commands/sponsor';
import { renderCertificate } from '../domain/certificate-pdf';
import { attemptInput, certificateCodeParam, coursesQuery, emptyBody, ratingInput, sponsorshipInput, statisticsQuery, suggestionsQuery } from '../validation/schemas';

const id = (label: string, value: unknown) => parseInput(fields.documentId(label), value, 'Identifiant invalide.');

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const plugin = () => strapi.plugin('training');
  const views = () => plugin().service('views');
  const maxLoad = () => Number((strapi.config.get('plugin::training') as any).maxSponsorLoad);

  return {
    /** GET /courses — published courses the member may see, with their standing. */
    async courses(ctx: any) {
      const query = parseInput(coursesQuery, ctx.query, 'Paramètres invalides.');
      const { data, total } = await views().catalogue(actorOf(ctx), query);
      ctx.body = { data, meta: pageMeta(query.page, query.pageSize, total) };
    },

    async course(ctx: any) {
      const actor = actorOf(ctx);
      const course = await loadCourse(strapi, actor, id('La formation', ctx.params.id));
      ctx.body = { data: await views().detail(course, actor) };
    },

    async enrol(ctx: any) {
      parseInput(emptyBody, ctx.request.body, 'Corps invalide.');
      const actor = actorOf(ctx);
      const enrolment = await enrol(strapi, actor, id('La formation', ctx.params.id));
      ctx.status = 201;
      ctx.body = { data: { documentId: enrolment.documentId, enrolledAt: enrolment.enrolledAt, origin: enrolment.origin } };
    },

    async completeLesson(ctx: any) {
      parseInput(emptyBody, ctx.request.body, 'Corps invalide.');
      const actor = actorOf(ctx);
      const { course, structure, enrolment } = await completeLesson(strapi, actor, id('La formation', ctx.params.id), id('La leçon', ctx.params.lessonId));
      ctx.body = { data: await views().standing(course, structure, enrolment) };
    },

    async attempt(ctx: any) {
      const input = parseInput(attemptInput, ctx.request.body, 'Réponses invalides.');
      const result = await attemptQuiz(strapi, actorOf(ctx), id('La formation', ctx.params.id), id('Le quiz', ctx.params.quizId), input);
      ctx.status = 201;
      ctx.body = { data: result };
    },

    async rate(ctx: any) {
      const input = parseInput(ratingInput, ctx.request.body, 'Avis invalide.');
      ctx.body = { data: await rateCourse(strapi, actorOf(ctx), id('La formation', ctx.params.id), input) };
    },

    /** GET /courses/:id/certificate — the learner's certificate, as a PDF. */
    async certificatePdf(ctx: any) {
      const memberId = assertMember(actorOf(ctx));
      // One's own certificate, even if the course has been withdrawn or one has moved since.
      const enrolment = await plugin().service('courses').enrolmentOf(memberId, id('La formation', ctx.params.id));
      if (!enrolment) throw new ForbiddenError('Inscrivez-vous d’abord à cette formation.');
      if (!enrolment.completedAt) throw new ForbiddenError('Le certificat est délivré quand la formation est terminée.');
      const certificate = await views().certificate(enrolment.certificateCode);
      if (!certificate) throw new NotFoundError('Certificat introuvable.');
      const base = (strapi.config.get('server.url') as string) || `${ctx.protocol}://${ctx.host}`;
      ctx.set('Content-Type', 'application/pdf');
      ctx.set('Content-Disposition', `attachment; filename="certificat-${certificate.code}.pdf"`);
      ctx.body = await renderCertificate({
        holder: certificate.holder,
        course: certificate.course,
        level: certificate.level,
        organiser: certificate.organiser,
        completedOn: certificate.completedOn,
        code: certificate.code,
        verifyUrl: `${base.replace(/\/$/, '')}/api/training/certificates/${certificate.code}`,
      });
    },

    /** GET /certificates/:code — public: anyone checks a certificate. */
    async verifyCertificate(ctx: any) {
      const code = parseInput(certificateCodeParam, ctx.params.code, 'Code invalide.');
      const certificate = await views().certificate(code);
      if (!certificate) throw new NotFoundError('Aucun certificat ne porte ce code.');
      ctx.body = { data: { ...certificate, valid: true } };
    },

    /** GET /me — my courses, my progress, my sponsor. */
    async mine(ctx: any) {
      const memberId = assertMember(actorOf(ctx));
      ctx.body = { data: await views().mine(memberId) };
    },

    /** GET /sponsorships/mine — the newcomers I sponsor and their progress. */
    async sponsored(ctx: any) {
      const memberId = assertMember(actorOf(ctx));
      ctx.body = { data: await views().sponsored(memberId) };
    },

    async suggestions(ctx: any) {
      const query = parseInput(suggestionsQuery, ctx.query, 'Paramètres invalides.');
      ctx.body = { data: await suggestSponsors(strapi, actorOf(ctx), query.newcomer, maxLoad()), meta: { maxLoad: maxLoad() } };
    },

    async assign(ctx: any) {
      const input = parseInput(sponsorshipInput, ctx.request.body, 'Parrainage invalide.');
      ctx.status = 201;
      ctx.body = { data: await assignSponsor(strapi, actorOf(ctx), input, maxLoad()) };
    },

    async end(ctx: any) {
      parseInput(emptyBody, ctx.request.body, 'Corps invalide.');
      ctx.body = { data: await endSponsorship(strapi, actorOf(ctx), id('Le parrainage', ctx.params.id)) };
    },

    async statistics(ctx: any) {
      ctx.body = { data: await figuresFor(ctx) };
    },

    async statisticsCsv(ctx: any) {
      const figures = await figuresFor(ctx);
      ctx.set('Content-Type', 'text/csv; charset=utf-8');
      ctx.set('Content-Disposition', 'attachment; filename="formations-statistiques.csv"');
      ctx.body = plugin().service('statistics').csv(figures.courses);
    },
  };

  async function figuresFor(ctx: any) {
    const query = parseInput(statisticsQuery, ctx.query, 'Paramètres invalides.');
    const statistics = plugin().service('statistics');
    return statistics.figures(await statistics.coursesFor(actorOf(ctx), query.federation));
  }

};
