import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  auditActorOf,
  ConflictError,
  isUniqueViolation,
  deletePrivateFile,
  DOCUMENT_TYPES,
  emitEvent,
  fieldError,
  ForbiddenError,
  NotFoundError,
  recordAudit,
  spendBudget,
  todayInParis,
  withPrivateFile,
  type Actor,
  type IncomingFile,
  type PrivateFile,
} from '@intranet-militant/shared';
import { periodsOf } from '../domain/compliance';
import { MANDATE_UID, QUESTION_UID, REPORT_UID, REPORTS_TABLE } from '../uids';
import type { ReportCorrection, ReportInput } from '../validation/schemas';
import { assertCan, assertStillMember, holdRow, loadOfficial, MANDATE_NOT_FOUND, QUESTION_NOT_FOUND, readableOfficial, REPORT_NOT_FOUND } from './checks';

/**
 * The official writes the report of one of their mandates for a period that has started
 * (`periodStart` one of the mandate's periods): 403 someone else's mandate, 400 not a
 * period of it, 409 already written, 404 (as an unknown mandate) when the official left the party. On time when submitted by the due day. Audited.
 */
export async function submitReport(strapi: Core.Strapi, actor: Actor, mandateDocumentId: string, input: ReportInput) {
  const mandate = (await strapi.db.query(MANDATE_UID).findOne({ where: { documentId: mandateDocumentId }, populate: { member: { select: ['id', 'documentId'] }, category: true, federation: { select: ['id'] } } })) as any;
  if (!mandate?.member) throw new NotFoundError(MANDATE_NOT_FOUND);
  const official = await loadOfficial(strapi, mandate.member.documentId);
  // One who left the party owes no report (no reminder either), and their reports look absent.
  await assertStillMember(strapi, official, MANDATE_NOT_FOUND);
  assertCan(actor, 'report.write', official, 'Seul·e l’élu·e rédige le compte rendu de son mandat.', MANDATE_NOT_FOUND);
  const today = todayInParis();
  const period = periodsOf({ startOn: mandate.startOn, endOn: mandate.endOn ?? mandate.theoreticalEndOn }, mandate.category?.reportingPeriodMonths ?? 0, today).find((p) => p.periodStart === input.periodStart);
  if (!period) throw fieldError('periodStart', 'Ce n’est pas le début d’une période de compte rendu de ce mandat (commencée).');
  const periodKey = `${mandate.id}:${period.periodStart}`;
  const published = 'Le compte rendu de cette période est déjà publié.';
  if (await strapi.db.query(REPORT_UID).findOne({ where: { periodKey }, select: ['id'] })) throw new ConflictError(published);
  return strapi.db.transaction(async () => {
    // Sent twice at once, both pass the check above: the period's unique key refuses the second.
    const report = await strapi.db.query(REPORT_UID)
      .create({ data: { mandate: mandate.id, ...period, periodKey, summary: input.summary, body: input.body, submittedOn: today } })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? new ConflictError(published) : error;
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

/** A file attached to a report: the private store's record and the day it was added (Paris). */
export interface ReportAttachment extends PrivateFile {
  addedOn: string;
}

/** An earlier version of a corrected report: what it said, from which day, until which day. */
export interface ReportVersion {
  summary: string;
  body: string;
  /** The day this version was published (the submission, or an earlier correction). */
  from: string;
  /** The day the next version replaced it. */
  replacedOn: string;
}

/**
 * What an official may attach to a report: the private store's document types (PDF, JPEG,
 * PNG, .docx, .odt, text) and the other office formats a report comes in (spreadsheets,
 * presentations), 10 Mo each (`MAX_PRIVATE_FILE_BYTES`), `MAX_REPORT_ATTACHMENTS` per report.
 */
export const REPORT_ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  ...DOCUMENT_TYPES,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (.xlsx)',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument (.ods)',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint (.pptx)',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument (.odp)',
};
export const MAX_REPORT_ATTACHMENTS = 10;

/**
 * A report and its official, for the official's own changes (attachments, correction), read
 * under its hold (`holdRow`, in the caller's transaction): 404 when the actor may not even
 * read it (another federation's, or its official left the party), 403 for anyone but the official.
 */
async function reportForOfficial(strapi: Core.Strapi, actor: Actor, documentId: string) {
  // Held first (callers are in a transaction): two changes at once (a correction, attachments
  // added or removed) run one after the other, the second reading what the first wrote.
  await holdRow(strapi, REPORTS_TABLE, documentId);
  const report = (await strapi.db.query(REPORT_UID).findOne({
    where: { documentId },
    populate: { mandate: { populate: { member: { select: ['documentId'] }, federation: { select: ['id'] } } } },
  })) as any;
  if (!report?.mandate?.member) throw new NotFoundError(REPORT_NOT_FOUND);
  const official = await loadOfficial(strapi, report.mandate.member.documentId);
  // One who left the party: their reports look absent to everyone, as an unknown id.
  await assertStillMember(strapi, official, REPORT_NOT_FOUND);
  assertCan(actor, 'report.write', official, 'Seul·e l’élu·e modifie le compte rendu de son mandat.', REPORT_NOT_FOUND);
  return { report, official, federationId: (report.mandate.federation?.id ?? official.federation?.id ?? null) as number | null };
}

/**
 * The official corrects a published report: the new summary and text replace it, the earlier
 * version is kept in `versions` (shown under « Versions précédentes »). The indicator keeps the
 * first submission day (a correction is not a late report). Audited with the version number.
 * @throws 404 outside reach, 403 anyone but the official, 409 when nothing changes
 */
export async function correctReport(strapi: Core.Strapi, actor: Actor, documentId: string, input: ReportCorrection) {
  return strapi.db.transaction(async () => {
    const { report, federationId } = await reportForOfficial(strapi, actor, documentId);
    if (report.summary === input.summary && report.body === input.body) throw new ConflictError('Le compte rendu est identique : rien à corriger.');
    const today = todayInParis();
    const versions: ReportVersion[] = [...(report.versions ?? []), { summary: report.summary, body: report.body, from: report.correctedOn ?? report.submittedOn, replacedOn: today }];
    await strapi.db.query(REPORT_UID).update({ where: { id: report.id }, data: { summary: input.summary, body: input.body, versions, correctedOn: today } });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::mandates.report.correct',
      subject: { type: REPORT_UID, id: documentId },
      federationId,
      details: { version: versions.length + 1 },
    });
    return { documentId };
  });
}

/**
 * The official attaches a file to their report (multipart `file`): typed from its content,
 * at most 10 Mo, kept in the private store (`plugins/shared/src/private-files.ts`), read only
 * by those who may read the report. Audited with the file's name and SHA-256.
 * @throws 400 (no file, type, size), 404, 403, 409 (already `MAX_REPORT_ATTACHMENTS` files)
 */
export async function attachToReport(strapi: Core.Strapi, actor: Actor, documentId: string, file: IncomingFile | null) {
  if (!file) throw fieldError('file', 'Joignez un fichier (champ « file »).');
  return strapi.db.transaction(async () => {
    const { report, federationId } = await reportForOfficial(strapi, actor, documentId);
    const attachments: ReportAttachment[] = report.attachments ?? [];
    if (attachments.length >= MAX_REPORT_ATTACHMENTS) throw new ConflictError(`Un compte rendu a ${MAX_REPORT_ATTACHMENTS} pièces jointes au plus : retirez-en une d’abord.`);
    return withPrivateFile(strapi, file, { field: 'file', allowed: REPORT_ATTACHMENT_TYPES }, async (stored) => {
      const attachment: ReportAttachment = { ...stored!, addedOn: todayInParis() };
      await strapi.db.query(REPORT_UID).update({ where: { id: report.id }, data: { attachments: [...attachments, attachment] } });
      await recordAudit(strapi, {
        actor: auditActorOf(actor),
        action: 'plugin::mandates.report.attach',
        subject: { type: REPORT_UID, id: documentId },
        federationId,
        details: { file: attachment.name, sha256: attachment.sha256, size: attachment.size },
      });
      return attachment;
    });
  });
}

/**
 * The official removes an attachment: off the report, then off the disk once committed. Audited.
 * @throws 404 (no such file on this report, or outside reach), 403 anyone but the official
 */
export async function detachFromReport(strapi: Core.Strapi, actor: Actor, documentId: string, key: string) {
  const removed = await strapi.db.transaction(async () => {
    const { report, federationId } = await reportForOfficial(strapi, actor, documentId);
    const attachments: ReportAttachment[] = report.attachments ?? [];
    const file = attachments.find((a) => a.key === key);
    if (!file) throw new NotFoundError('Pièce jointe introuvable.');
    await strapi.db.query(REPORT_UID).update({ where: { id: report.id }, data: { attachments: attachments.filter((a) => a.key !== key) } });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::mandates.report.detach',
      subject: { type: REPORT_UID, id: documentId },
      federationId,
      details: { file: file.name, sha256: file.sha256 },
    });
    return file;
  });
  await deletePrivateFile(strapi, removed);
  return { documentId, removed: key };
}

/**
 * A question and the official of its report, for moderating or answering it: 404 « Question
 * introuvable. » for an unknown one and one on the report of an official who left the party
 * (departure recorded by today, or erased), whoever asks.
 */
async function loadQuestion(strapi: Core.Strapi, documentId: string) {
  const question = (await strapi.db.query(QUESTION_UID).findOne({
    where: { documentId },
    populate: { author: { select: ['id'] }, report: { populate: { mandate: { populate: { member: { select: ['documentId'] } } } } } },
  })) as any;
  const memberDocumentId = question?.report?.mandate?.member?.documentId;
  if (!memberDocumentId) throw new NotFoundError(QUESTION_NOT_FOUND);
  const official = await loadOfficial(strapi, memberDocumentId);
  // On the report of one who left the party: absent, as an unknown question (to staff too).
  await assertStillMember(strapi, official, QUESTION_NOT_FOUND);
  return { question, official };
}

/**
 * How many questions a member may ask per hour, all reports together (a party choice against
 * flooding officials and moderators; shared by every instance on PostgreSQL).
 */
export const QUESTIONS_BUDGET = { name: 'mandates-questions', points: 5, durationSeconds: 3600 } as const;

/**
 * A member of the official's federation asks a question about a report; it waits for
 * moderation. The federation's staff are told (moderation pending), through
 * `mandates.question.asked` in the same transaction; the official once it is published
 * (`moderateQuestion`).
 * @throws NotFoundError (404) a report out of reach (another federation's, or its official left
 *         the party: departure recorded by today, or erased), ForbiddenError (403) an account without
 *         a member profile or the report's own official, RateLimitError (429, French, `retryAfterSeconds`) beyond
 *         `QUESTIONS_BUDGET` for this member.
 */
export async function askQuestion(strapi: Core.Strapi, actor: Actor, reportDocumentId: string, text: string) {
  const report = (await strapi.db.query(REPORT_UID).findOne({ where: { documentId: reportDocumentId }, populate: { mandate: { populate: { member: { select: ['documentId'] } } } } })) as any;
  if (!report?.mandate?.member) throw new NotFoundError(REPORT_NOT_FOUND);
  // A departed or erased official's report looks absent: no question to someone who cannot answer.
  const official = await readableOfficial(strapi, actor, report.mandate.member.documentId);
  if (!actor.memberId) throw new ForbiddenError('Seul·es les adhérent·es posent des questions.');
  if (actor.memberId === official.id) throw new ForbiddenError('Vous ne posez pas de question sur votre propre compte rendu.');
  const spent = await spendBudget(strapi, QUESTIONS_BUDGET, `member:${actor.memberId}`);
  if (!spent.allowed) {
    const minutes = Math.max(1, Math.ceil(spent.msBeforeNext / 60_000));
    throw new errors.RateLimitError(`Vous avez posé beaucoup de questions en peu de temps : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`, { retryAfterSeconds: Math.ceil(spent.msBeforeNext / 1000) });
  }
  return strapi.db.transaction(async () => {
    const question = await strapi.db.query(QUESTION_UID).create({ data: { report: report.id, author: actor.memberId, text, questionStatus: 'pending' } });
    await emitEvent(strapi, 'mandates.question.asked', {
      questionId: question.id,
      reportDocumentId: report.documentId,
      officialMemberId: official.id,
      federationId: official.federation?.id ?? null,
      pending: true,
    });
    return { documentId: question.documentId as string, status: 'pending' as const };
  });
}

/**
 * Staff of the official's federation publish or reject a question. Audited. Publishing it
 * tells the official (`mandates.question.asked` with `pending: false`, in the same
 * transaction): a question is theirs to answer only once published; a rejected one never reaches them.
 */
export async function moderateQuestion(strapi: Core.Strapi, actor: Actor, documentId: string, status: 'published' | 'rejected') {
  const { question, official } = await loadQuestion(strapi, documentId);
  assertCan(actor, 'question.moderate', official, 'Vous ne modérez que les questions de votre fédération.', QUESTION_NOT_FOUND);
  if (question.questionStatus !== 'pending') throw new ConflictError('Cette question a déjà été modérée.');
  return strapi.db.transaction(async () => {
    // Only from « pending »: of two moderations at once, the second writes nothing (409).
    const { count } = await strapi.db.query(QUESTION_UID).updateMany({ where: { id: question.id, questionStatus: 'pending' }, data: { questionStatus: status } });
    if (count === 0) throw new ConflictError('Cette question a déjà été modérée.');
    if (status === 'published') {
      await emitEvent(strapi, 'mandates.question.asked', {
        questionId: question.id,
        reportDocumentId: question.report.documentId,
        officialMemberId: official.id,
        federationId: official.federation?.id ?? null,
        pending: false,
      });
    }
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
  assertCan(actor, 'question.answer', official, 'Seul·e l’élu·e répond aux questions sur son compte rendu.', QUESTION_NOT_FOUND);
  if (question.questionStatus !== 'published') throw new ConflictError('Cette question n’est pas publiée.');
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
