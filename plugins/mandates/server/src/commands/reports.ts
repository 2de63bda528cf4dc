import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, emitEvent, fieldError, ForbiddenError, NotFoundError, recordAudit, todayInParis, type Actor } from '@intranet-militant/shared';
import { periodsOf } from '../domain/compliance';
import { can } from '../permissions';
import { MANDATE_UID, QUESTION_UID, REPORT_UID } from '../uids';
import type { ReportInput } from '../validation/schemas';
import { loadOfficial, readsOfficial, subjectOf } from './checks';

/**
 * The official writes the report of one of their mandates for a period that has started
 * (`periodStart` one of the mandate's periods): 403 someone else's mandate, 400 not a
 * period of it, 409 already written. On time when submitted by the due day. Audited.
 */
export async function submitReport(strapi: Core.Strapi, actor: Actor, mandateDocumentId: string, input: ReportInput) {
  const mandate = (await strapi.db.query(MANDATE_UID).findOne({ where: { documentId: mandateDocumentId }, populate: { member: { select: ['id', 'documentId'] }, category: true, federation: { select: ['id'] } } })) as any;
  if (!mandate?.member) throw new NotFoundError('Mandat introuvable.');
  const official = await loadOfficial(strapi, mandate.member.documentId);
  if (!can(actor, 'report.write', subjectOf(official))) {
    if (!readsOfficial(actor, official)) throw new NotFoundError('Mandat introuvable.');
    throw new ForbiddenError('Seul·e l’élu·e rédige le compte rendu de son mandat.');
  }
  const today = todayInParis();
  const period = periodsOf({ startOn: mandate.startOn, endOn: mandate.endOn ?? mandate.theoreticalEndOn }, mandate.category?.reportingPeriodMonths ?? 0, today).find((p) => p.periodStart === input.periodStart);
  if (!period) throw fieldError('periodStart', 'Ce n’est pas le début d’une période de compte rendu de ce mandat (commencée).');
  const periodKey = `${mandate.id}:${period.periodStart}`;
  if (await strapi.db.query(REPORT_UID).findOne({ where: { periodKey }, select: ['id'] })) throw new ConflictError('Le compte rendu de cette période est déjà publié.');
  return strapi.db.transaction(async () => {
    const report = await strapi.db.query(REPORT_UID).create({
      data: { mandate: mandate.id, ...period, periodKey, summary: input.summary, body: input.body, submittedOn: today },
    });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::mandates.report.submit',
      subject: { type: REPORT_UID, id: report.documentId },
      federationId: mandate.federation?.id ?? null,
      details: { mandate: mandate.documentId, periodStart: period.periodStart, onTime: today <= period.dueOn },
    });
    return report as { documentId: string };
  });
}

async function loadQuestion(strapi: Core.Strapi, documentId: string) {
  const question = (await strapi.db.query(QUESTION_UID).findOne({
    where: { documentId },
    populate: { author: { select: ['id'] }, report: { populate: { mandate: { populate: { member: { select: ['documentId'] } } } } } },
  })) as any;
  const memberDocumentId = question?.report?.mandate?.member?.documentId;
  if (!memberDocumentId) throw new NotFoundError('Question introuvable.');
  return { question, official: await loadOfficial(strapi, memberDocumentId) };
}

/** A member of the official's federation asks a question about a report; it waits for moderation. */
export async function askQuestion(strapi: Core.Strapi, actor: Actor, reportDocumentId: string, text: string) {
  const report = (await strapi.db.query(REPORT_UID).findOne({ where: { documentId: reportDocumentId }, populate: { mandate: { populate: { member: { select: ['documentId'] } } } } })) as any;
  if (!report?.mandate?.member) throw new NotFoundError('Compte rendu introuvable.');
  const official = await loadOfficial(strapi, report.mandate.member.documentId);
  if (!readsOfficial(actor, official)) throw new NotFoundError('Compte rendu introuvable.');
  if (!actor.memberId) throw new ForbiddenError('Seul·es les adhérent·es posent des questions.');
  const question = await strapi.db.query(QUESTION_UID).create({ data: { report: report.id, author: actor.memberId, text, status: 'pending' } });
  return { documentId: question.documentId as string, status: 'pending' as const };
}

/** Staff of the official's federation publish or reject a question. Audited. */
export async function moderateQuestion(strapi: Core.Strapi, actor: Actor, documentId: string, status: 'published' | 'rejected') {
  const { question, official } = await loadQuestion(strapi, documentId);
  if (!can(actor, 'question.moderate', subjectOf(official))) throw new ForbiddenError('Vous ne modérez que les questions de votre fédération.');
  if (question.status !== 'pending') throw new ConflictError('Cette question a déjà été modérée.');
  return strapi.db.transaction(async () => {
    await strapi.db.query(QUESTION_UID).update({ where: { id: question.id }, data: { status } });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::mandates.question.moderate',
      subject: { type: QUESTION_UID, id: documentId },
      federationId: official.federation?.id ?? null,
      details: { status },
    });
    return { documentId, status };
  });
}

/**
 * The official answers a published question, publicly (once: two answers sent at once, one
 * wins, the other gets the 409), tells the member who asked (`mandates.question.answered`,
 * in the same transaction) and audits it.
 * @throws NotFoundError (404) outside reach, ForbiddenError (403) for anyone but the official,
 *         ConflictError (409) when the question is not published or already answered.
 */
export async function answerQuestion(strapi: Core.Strapi, actor: Actor, documentId: string, answer: string) {
  const { question, official } = await loadQuestion(strapi, documentId);
  if (!can(actor, 'question.answer', subjectOf(official))) {
    if (!readsOfficial(actor, official)) throw new NotFoundError('Question introuvable.');
    throw new ForbiddenError('Seul·e l’élu·e répond aux questions sur son compte rendu.');
  }
  if (question.status !== 'published') throw new ConflictError('Cette question n’est pas publiée.');
  if (question.answer) throw new ConflictError('Vous avez déjà répondu à cette question.');
  return strapi.db.transaction(async () => {
    const { count } = await strapi.db.query(QUESTION_UID).updateMany({ where: { id: question.id, answer: { $null: true } }, data: { answer, answeredOn: todayInParis() } });
    if (count === 0) throw new ConflictError('Vous avez déjà répondu à cette question.');
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::mandates.question.answer',
      subject: { type: QUESTION_UID, id: documentId },
      federationId: official.federation?.id ?? null,
      details: {},
    });
    if (question.author?.id) {
      await emitEvent(strapi, 'mandates.question.answered', {
        questionId: question.id,
        authorMemberId: question.author.id,
        reportDocumentId: question.report.documentId,
        officialName: `${official.firstName ?? ''} ${official.lastName ?? ''}`.trim(),
      });
    }
    return { documentId, answer };
  });
}
