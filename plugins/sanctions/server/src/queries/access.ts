import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, NotFoundError, todayInParis, type Actor, type PrivateFile } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { appealEnds, checkDefence, dueBy, isOverdue, STATE_LABELS, type State } from '../domain/procedure';
import { categoryOf, LEVEL_LABELS, rangeLabel, suggestedLevel, type Level } from '../domain/scale';
import { isCommissionOf, isNationalCommission } from '../permissions';
import { settingsOf } from '../settings';
import { CASE_UID } from '../uids';
import '../public';

/** How a caller sees a case: the commission (federation's or national) everything, the others their part. */
export type View = 'commission' | 'national' | 'respondent' | 'referrer' | 'reporter';

/** States in which the respondent does not see the case yet (the investigation is not notified). */
const BEFORE_NOTICE: State[] = ['received', 'investigation'];

/**
 * Whether the respondent knows of the case: from the notification on, or earlier once a
 * precautionary suspension was ordered (they must be able to contest it). Before that the
 * investigation is confidential: nothing tells them the case exists (`viewOf`, their
 * « Mes données », the erasure hold). Pure.
 */
export function knownToRespondent(row: { state: State; precautionaryUntil?: string | null }): boolean {
  return !BEFORE_NOTICE.includes(row.state) || Boolean(row.precautionaryUntil);
}

/**
 * The caller's view of a case, or null when they are no party to it. The respondent's view
 * wins over any other (a commission member who is the respondent is the respondent), and
 * starts with the notification (or a precautionary suspension, which they must be able to
 * contest): before that, a respondent learns nothing.
 */
export function viewOf(actor: Actor, row: any): View | null {
  if (actor.memberId != null && row.respondentId === actor.memberId) {
    return knownToRespondent(row) ? 'respondent' : null;
  }
  if (isNationalCommission(actor)) return 'national';
  if (isCommissionOf(actor, row.federationId)) return 'commission';
  if (row.origin === 'referral' && row.referrerUserId === actor.userId) return 'referrer';
  if (row.origin === 'report' && actor.memberId != null && row.reporterMemberId === actor.memberId) return 'reporter';
  return null;
}

/**
 * The case and the caller's view of it. 403 for another federation's commission (the
 * issue's rule), 404 for anyone else who is no party — not even its existence.
 */
export async function caseFor(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<{ row: any; view: View }> {
  const row = await strapi.db.query(CASE_UID).findOne({ where: { documentId } });
  const view = row ? viewOf(actor, row) : null;
  if (!row || !view) {
    if (row && actor.role === 'conflicts-commission' && actor.memberId !== row.respondentId) {
      throw new ForbiddenError('Cette affaire relève de la commission d’une autre fédération.');
    }
    throw new NotFoundError('Affaire introuvable.');
  }
  return { row, view };
}

/** The commission acting on a case: the federation's or the national one, never the respondent. 403 otherwise. */
export function assertInstructs(view: View): asserts view is 'commission' | 'national' {
  if (view === 'respondent') throw new ForbiddenError('Vous ne pouvez pas instruire une affaire qui vous concerne.');
  if (view !== 'commission' && view !== 'national') throw new ForbiddenError('Seule la commission des conflits instruit une affaire.');
}

const decisionFor = (decision: any, withReasoning: boolean) =>
  decision
    ? {
        level: decision.level ?? null,
        levelLabel: decision.level ? LEVEL_LABELS[decision.level as Level] : 'relaxe',
        months: decision.months ?? null,
        summary: decision.summary,
        article: decision.article,
        scaleVersion: decision.scaleVersion,
        decidedOn: decision.decidedOn,
        ...(decision.appealUntil ? { appealUntil: decision.appealUntil } : {}),
        ...(withReasoning ? { reasoning: decision.reasoning } : {}),
      }
    : null;

/** The dates and deadlines every party may read. */
function timeline(strapi: Core.Strapi, row: any) {
  const settings = settingsOf(strapi);
  return {
    receivedOn: row.receivedOn,
    notifiedOn: row.notifiedOn ?? null,
    hearingOn: row.hearingOn ?? null,
    heardOn: row.heardOn ?? null,
    decidedOn: row.decidedOn ?? null,
    appealUntil: row.decidedOn && row.state === 'decided' ? appealEnds(row.decidedOn, settings) : null,
    appealedOn: row.appealedOn ?? null,
    nationalDecidedOn: row.nationalDecidedOn ?? null,
    finalOn: row.finalOn ?? null,
  };
}

const common = (strapi: Core.Strapi, row: any) => ({
  documentId: row.documentId,
  reference: row.reference,
  state: row.state,
  stateLabel: STATE_LABELS[row.state as State],
  category: { key: row.categoryKey, label: row.categoryLabel, gravity: row.gravity, article: row.article },
  dates: timeline(strapi, row),
});

/** Names of members by id (membership's directory). */
async function names(strapi: Core.Strapi, ids: (number | null | undefined)[]) {
  return getService(strapi, 'membership', 'directory').membersByIds(ids.filter((i): i is number => typeof i === 'number'));
}
/** A private file as a party reads it: name, type, size and its download route (never the store's key path). */
const fileFor = (row: any, file: PrivateFile | null | undefined) =>
  file ? { name: file.name, mime: file.mime, size: file.size, sha256: file.sha256, link: `/api/sanctions/cases/${row.documentId}/files/${file.key}` } : null;

const defenceFor = (row: any) => (row.defence ? { text: row.defence, submittedOn: row.defenceOn, file: fileFor(row, row.defenceFile) } : null);

/**
 * A file of the case the caller may download: a piece of the file or the defence's file.
 * Everyone who reads the case in full (commission, national commission, respondent) may; the
 * referrer and the reporter read no file. 404 for anything else.
 */
export async function caseFile(strapi: Core.Strapi, actor: Actor, documentId: string, key: string): Promise<PrivateFile> {
  const { row, view } = await caseFor(strapi, actor, documentId);
  if (view === 'referrer' || view === 'reporter') throw new NotFoundError('Pièce jointe introuvable.');
  const files: PrivateFile[] = [...(row.documents ?? []).map((d: any) => d.file), row.defenceFile].filter(Boolean);
  const file = files.find((f) => f.key === key);
  if (!file) throw new NotFoundError('Pièce jointe introuvable.');
  return file;
}

const nameOf = (m: { firstName: string; lastName: string } | undefined) => (m ? `${m.firstName} ${m.lastName}` : null);

/**
 * A case as the caller may read it. The reporter's identity and the commission's reasoning
 * appear in the commission's view only; the respondent gets the facts, the file, their
 * rights and deadlines, the decisions' public parts.
 */
export async function presentCase(strapi: Core.Strapi, row: any, view: View) {
  const base = common(strapi, row);
  const settings = settingsOf(strapi);
  if (view === 'referrer' || view === 'reporter') {
    const people = await names(strapi, [row.respondentId]);
    return {
      ...base,
      view,
      respondent: { name: nameOf(people.get(row.respondentId)) ?? (view === 'reporter' ? row.respondentDescription ?? null : null) },
      outcome: row.state === 'final' ? { level: row.finalLevel ?? null, levelLabel: row.finalLevel ? LEVEL_LABELS[row.finalLevel as Level] : 'relaxe', months: row.finalMonths ?? null } : null,
    };
  }
  if (view === 'respondent') {
    return {
      ...base,
      view,
      facts: row.facts,
      rights: [
        `Vous êtes convoqué·e à une audition au moins ${settings.noticeDays} jours après la notification ; vous pouvez vous y présenter, assisté·e d’un adhérent de votre choix.`,
        'Vous pouvez déposer une défense écrite jusqu’à la décision.',
        `Vous pouvez faire appel de la décision devant la commission nationale dans les ${settings.appealDays} jours.`,
      ],
      may: { defend: checkDefence(row, todayInParis()) === null, appeal: row.state === 'decided' && todayInParis() <= appealEnds(row.decidedOn, settings) },
      documents: (row.documents ?? []).map((d: any) => ({ title: d.title, content: d.content, addedOn: d.addedOn, by: d.by, file: fileFor(row, d.file) })),
      defence: defenceFor(row),
      attended: row.respondentAttended ?? null,
      precautionaryUntil: row.precautionaryUntil ?? null,
      decision: decisionFor(row.decision, false),
      appeal: row.appealedOn ? { appealedOn: row.appealedOn, grounds: row.appealGrounds } : null,
      nationalDecision: decisionFor(row.nationalDecision, false),
    };
  }
  const people = await names(strapi, [row.respondentId, row.reporterMemberId]);
  const cited = await getService(strapi, 'sanctions', 'scale').version(row.scaleVersion);
  const category = cited ? categoryOf(cited, row.categoryKey) : undefined;
  const earlier = await earlierSanctions(strapi, row, settings.repeatYears);
  const today = todayInParis();
  return {
    ...base,
    view,
    respondent: { name: nameOf(people.get(row.respondentId)), membershipNumber: people.get(row.respondentId)?.membershipNumber ?? null, description: row.respondentDescription ?? null },
    origin: row.origin,
    referrer: row.origin === 'referral' ? { role: row.referrerRole } : null,
    /** Confidential reports: who reported, for the commission only. */
    reporter: row.origin === 'report' ? { name: nameOf(people.get(row.reporterMemberId)), membershipNumber: people.get(row.reporterMemberId)?.membershipNumber ?? null } : null,
    facts: row.facts,
    range: category ? { minLevel: category.minLevel, maxLevel: category.maxLevel, label: rangeLabel(category) } : null,
    scaleVersion: row.scaleVersion,
    documents: (row.documents ?? []).map((d: any) => ({ title: d.title, content: d.content, addedOn: d.addedOn, by: d.by, file: fileFor(row, d.file) })),
    defence: defenceFor(row),
    attended: row.respondentAttended ?? null,
    hearingNotes: row.hearingNotes ?? null,
    precautionaryUntil: row.precautionaryUntil ?? null,
    decision: decisionFor(row.decision, true),
    appeal: row.appealedOn ? { appealedOn: row.appealedOn, grounds: row.appealGrounds } : null,
    nationalDecision: decisionFor(row.nationalDecision, true),
    final: row.state === 'final' ? { level: row.finalLevel ?? null, months: row.finalMonths ?? null, finalOn: row.finalOn, published: Boolean(row.finalLevel), named: Boolean(row.publishedNamed) } : null,
    repeat: {
      windowYears: settings.repeatYears,
      earlier: earlier.map((e) => ({ reference: e.reference, level: e.finalLevel, levelLabel: LEVEL_LABELS[e.finalLevel as Level], finalOn: e.finalOn, category: e.categoryLabel })),
      suggestedLevel: category ? suggestedLevel(category, earlier.map((e) => e.finalLevel)) : null,
    },
    dueBy: dueBy(row, settings),
    overdue: isOverdue(row, today, settings),
    effects: row.effects ?? [],
    history: row.history ?? [],
  };
}

/** The respondent's final sanctions within the repeat window before this case (Paris dates). */
export async function earlierSanctions(strapi: Core.Strapi, row: any, years: number) {
  if (row.respondentId == null) return [];
  const today = todayInParis();
  const since = `${Number(today.slice(0, 4)) - years}${today.slice(4)}`;
  return strapi.db.query(CASE_UID).findMany({
    where: { respondentId: row.respondentId, id: { $ne: row.id }, state: 'final', finalLevel: { $notNull: true }, finalOn: { $gte: since } },
    select: ['reference', 'finalLevel', 'finalOn', 'categoryLabel'],
    orderBy: { finalOn: 'desc' },
  });
}
