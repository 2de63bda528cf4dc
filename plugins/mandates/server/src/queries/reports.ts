import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, NotFoundError, todayInParis, type Actor, type PrivateFile } from '@intranet-militant/shared';
import type { ReportAttachment, ReportVersion } from '../commands/reports';
import type {} from '@intranet-militant/membership';
import { compliance, periodsOf, rateLabel, type Compliance } from '../domain/compliance';
import { OFFICIAL_NOT_FOUND, readableOfficial, REPORT_NOT_FOUND, subjectOf } from '../commands/checks';
import { can } from '../permissions';
import { getStore, type MandateFact } from '../services/store';
import { QUESTION_UID, REPORT_UID } from '../uids';

/** Reports submitted, by `mandateDocumentId:periodStart` → submittedOn. */
async function submittedOf(strapi: Core.Strapi, mandates: MandateFact[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byDb = new Map(mandates.map((m) => [m.dbId, m.id]));
  const ids = [...byDb.keys()];
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await strapi.db.query(REPORT_UID).findMany({ where: { mandate: { id: { $in: ids.slice(i, i + 5000) } } }, select: ['periodStart', 'submittedOn'], populate: { mandate: { select: ['id'] } } });
    for (const r of rows as any[]) out.set(`${byDb.get(r.mandate?.id)}:${r.periodStart}`, r.submittedOn);
  }
  return out;
}

/** The compliance indicator of each official over the last 24 months (all their mandates' periods together). */
export async function complianceOf(strapi: Core.Strapi, memberIds: number[], today = todayInParis()): Promise<Map<number, Compliance & { rateLabel: string }>> {
  const store = getStore(strapi);
  const [mandates, categories] = await Promise.all([store.mandates({ memberIds }), store.categories()]);
  const months = new Map(categories.map((c) => [c.code, c.reportingPeriodMonths]));
  const submitted = await submittedOf(strapi, mandates);
  const out = new Map<number, Compliance & { rateLabel: string }>();
  for (const id of memberIds) {
    const own = mandates.filter((m) => m.memberId === id);
    const periods = own.flatMap((m) => periodsOf({ startOn: m.startOn, endOn: m.endOn ?? m.theoreticalEndOn }, months.get(m.category) ?? 0, today).map((p) => ({ ...p, mandate: m.id })));
    const c = compliance(periods, submitted, today, (p) => `${p.mandate}:${p.periodStart}`);
    out.set(id, { ...c, rateLabel: rateLabel(c.rate) });
  }
  return out;
}

/**
 * The reports owed and submitted for each of an official's mandates: every period started,
 * its due day, its report (summary) when submitted, on time or late. 404 « Élu·e
 * introuvable. » for another federation's official and one who left the party (as their page).
 */
export async function reportsOfOfficial(strapi: Core.Strapi, actor: Actor, memberDocumentId: string) {
  const official = await readableOfficial(strapi, actor, memberDocumentId, OFFICIAL_NOT_FOUND);
  const store = getStore(strapi);
  const [mandates, categories] = await Promise.all([store.mandates({ memberIds: [official.id] }), store.categories()]);
  const today = todayInParis();
  const reports = await strapi.db.query(REPORT_UID).findMany({
    where: { mandate: { id: { $in: mandates.map((m) => m.dbId) } } },
    select: ['documentId', 'periodStart', 'summary', 'submittedOn', 'dueOn'],
    populate: { mandate: { select: ['documentId'] } },
  });
  const byKey = new Map((reports as any[]).map((r) => [`${r.mandate?.documentId}:${r.periodStart}`, r]));
  return mandates.map((m) => {
    const category = categories.find((c) => c.code === m.category);
    return {
      mandate: m.id,
      label: `${category?.label ?? m.category} — ${m.territoryName}`,
      periods: periodsOf({ startOn: m.startOn, endOn: m.endOn ?? m.theoreticalEndOn }, category?.reportingPeriodMonths ?? 0, today).map((p) => {
        const r = byKey.get(`${m.id}:${p.periodStart}`);
        const state = r ? (r.submittedOn <= p.dueOn ? 'on-time' : 'late') : p.dueOn < today ? 'missing' : 'open';
        return { ...p, state, report: r ? { documentId: r.documentId, summary: r.summary, submittedOn: r.submittedOn } : null };
      }),
    };
  });
}

/**
 * A report with its published questions and answers (members of the official's federation,
 * national admins; staff also see pending ones). 404 « Compte rendu introuvable. », as an
 * unknown id, for another federation's and for one of an official who left the party
 * (departure recorded by today, or erased; to staff too — the admin panel keeps the record).
 */
export async function reportView(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const report = (await strapi.db.query(REPORT_UID).findOne({
    where: { documentId },
    populate: { mandate: { populate: { member: { select: ['documentId'] }, category: { select: ['label'] } } } },
  })) as any;
  if (!report?.mandate?.member) throw new NotFoundError(REPORT_NOT_FOUND);
  // One who left the party (departure recorded, or erased): their reports look absent, as their page.
  const official = await readableOfficial(strapi, actor, report.mandate.member.documentId);
  const moderates = can(actor, 'question.moderate', subjectOf(official));
  const questions = await strapi.db.query(QUESTION_UID).findMany({
    where: { report: { id: report.id }, ...(moderates ? {} : { questionStatus: 'published' }) },
    orderBy: { createdAt: 'asc' },
  });
  return {
    documentId: report.documentId,
    official: { documentId: official.documentId, firstName: official.firstName, lastName: official.lastName },
    mandate: { documentId: report.mandate.documentId, label: `${report.mandate.category?.label ?? ''} — ${report.mandate.territoryName}` },
    periodStart: report.periodStart,
    periodEnd: report.periodEnd,
    dueOn: report.dueOn,
    submittedOn: report.submittedOn,
    onTime: report.submittedOn <= report.dueOn,
    summary: report.summary,
    body: report.body,
    correctedOn: report.correctedOn ?? null,
    /** Earlier versions, newest first. */
    versions: [...((report.versions ?? []) as ReportVersion[])].reverse(),
    attachments: ((report.attachments ?? []) as ReportAttachment[]).map((a) => ({ key: a.key, name: a.name, mime: a.mime, size: a.size, sha256: a.sha256, addedOn: a.addedOn })),
    questions: (questions as any[]).map((q) => ({ documentId: q.documentId, text: q.text, status: q.questionStatus, answer: q.answer ?? null, answeredOn: q.answeredOn ?? null })),
    /** `edit`: the official corrects the report and manages its attachments. */
    may: { answer: actor.memberId === official.id, moderate: moderates, edit: actor.memberId === official.id },
  };
}

/**
 * An attachment of a report, for its download: those who may read the report (members of
 * the official's federation, national admins), 404 for anyone else and for an unknown key;
 * a departed or erased official's report answers as an unknown report (`reportView`).
 */
export async function reportFile(strapi: Core.Strapi, actor: Actor, documentId: string, key: string): Promise<PrivateFile> {
  const report = (await strapi.db.query(REPORT_UID).findOne({ where: { documentId }, populate: { mandate: { populate: { member: { select: ['documentId'] } } } } })) as any;
  if (!report?.mandate?.member) throw new NotFoundError(REPORT_NOT_FOUND);
  // One who left the party (departure recorded, or erased): their reports look absent, as their page.
  await readableOfficial(strapi, actor, report.mandate.member.documentId);
  const file = ((report.attachments ?? []) as ReportAttachment[]).find((a) => a.key === key);
  if (!file) throw new NotFoundError('Pièce jointe introuvable.');
  return file;
}

/**
 * Questions awaiting moderation in a federation (its staff, national admins), oldest first —
 * not those on the reports of an official who left the party (departure recorded by today, or
 * erased): those reports look absent (`reportView`).
 */
export async function pendingQuestions(strapi: Core.Strapi, actor: Actor, federationDocumentId: string) {
  const directory = getService(strapi, 'membership', 'directory');
  const federation = await directory.federationByDocumentId(federationDocumentId);
  if (!federation) throw new NotFoundError('Fédération introuvable.');
  if (!can(actor, 'question.moderate', { federationId: federation.id })) throw new ForbiddenError('Vous ne modérez que les questions de votre fédération.');
  const rows = (await strapi.db.query(QUESTION_UID).findMany({
    where: { questionStatus: 'pending', report: { mandate: { federation: { id: federation.id } } } },
    populate: { report: { select: ['documentId', 'summary'], populate: { mandate: { select: ['id'], populate: { member: { select: ['id'] } } } } } },
    orderBy: { createdAt: 'asc' },
  })) as any[];
  const officialOf = (q: any): number | undefined => q.report?.mandate?.member?.id;
  const departed = await directory.departedAmong([...new Set(rows.map(officialOf).filter((id): id is number => id != null))]);
  return rows
    .filter((q) => !departed.has(officialOf(q)!))
    .map((q) => ({ documentId: q.documentId, text: q.text, report: { documentId: q.report.documentId, summary: q.report.summary } }));
}

/** A federation's compliance table: each official with a mandate today (still a member), their indicator. */
export async function federationCompliance(strapi: Core.Strapi, actor: Actor, federationDocumentId: string) {
  const federation = await getService(strapi, 'membership', 'directory').federationByDocumentId(federationDocumentId);
  if (!federation) throw new NotFoundError('Fédération introuvable.');
  if (!can(actor, 'breaches.read', { federationId: federation.id })) throw new ForbiddenError('Vous ne voyez que les élu·es de votre fédération.');
  const mandates = await getStore(strapi).mandates({ federationId: federation.id });
  const departed = await getService(strapi, 'membership', 'directory').departedAmong([...new Set(mandates.map((m) => m.memberId))]);
  const ids = [...new Set(mandates.map((m) => m.memberId))].filter((id) => !departed.has(id));
  const [indicators, members] = await Promise.all([complianceOf(strapi, ids), getService(strapi, 'membership', 'directory').membersByIds(ids)]);
  return ids
    .map((id) => ({ firstName: members.get(id)?.firstName ?? '', lastName: members.get(id)?.lastName ?? '', ...indicators.get(id)! }))
    .sort((a, b) => `${a.lastName} ${a.firstName}`.localeCompare(`${b.lastName} ${b.firstName}`, 'fr'));
}
