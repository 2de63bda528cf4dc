import type { Core } from '@strapi/strapi';
import {
  auditActorOf,
  ConflictError,
  deletePrivateFile,
  emitEvent,
  fieldError,
  frenchDate,
  ForbiddenError,
  getService,
  MEMBER_NOT_FOUND,
  ROLE_LABELS,
  recordAudit,
  SANCTION_CASE_DECIDED,
  SANCTION_CASE_NOTIFIED,
  SANCTION_CASE_PRECAUTIONARY,
  withPrivateFile,
  holdRows,
  SYSTEM_ACTOR,
  todayInParis,
  withinScope,
  type Actor,
  type AuditActor,
  type IncomingFile,
  type PrivateFile,
} from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import {
  appealEnds,
  checkAppeal,
  checkDecide,
  checkDefence,
  checkDocument,
  checkFinalize,
  checkHearing,
  checkInvestigate,
  checkNationalDecision,
  checkNotify,
  checkPrecautionary,
  effectiveAtDecision,
  type Refusal,
  type State,
} from '../domain/procedure';
import { categoryOf, LEVEL_LABELS, levelAllowed, rangeLabel, SUSPENSION_MONTHS, type Scale, type ScaleCategory } from '../domain/scale';
import { assertInstructs, caseFor } from '../queries/access';
import { isCommissionOf, isNationalCommission, sanctionsPermissions } from '../permissions';
import { settingsOf } from '../settings';
import { CASE_UID, CASES_TABLE } from '../uids';
import type { Decide, ReferCase, ReportAct } from '../validation/schemas';
import { applyPrecautionary, applySanctionEffects, type Effect } from './effects';
import '../public';

/** Throws the refusal of a transition: 409, or 400 on its field. */
function refuse(refusal: Refusal | null): void {
  if (!refusal) return;
  if (refusal.kind === 'conflict') throw new ConflictError(refusal.message);
  throw fieldError(refusal.field, refusal.message);
}

const directory = (strapi: Core.Strapi) => getService(strapi, 'membership', 'directory');

/** One step of the case's history (labels only; who did it is in the audit log). */
const step = (row: any, label: string, by: string) => [...(row?.history ?? []), { on: todayInParis(), at: new Date().toISOString(), step: label, by }];

const byLabel = (view: 'commission' | 'national') => (view === 'national' ? 'commission nationale' : 'commission fédérale');

/** The audit entry of a step, in the caller's transaction. Never names a reporter. */
function audit(strapi: Core.Strapi, actor: AuditActor, verb: string, row: any, details: Record<string, unknown> = {}) {
  return recordAudit(strapi, {
    actor,
    action: `plugin::sanctions.case.${verb}`,
    subject: { type: CASE_UID, id: row.documentId },
    federationId: row.federationId,
    details: { reference: row.reference, ...details },
  });
}

/** The scale in force and the category, or 400 listing the known ones. */
async function scaleAndCategory(strapi: Core.Strapi, key: string): Promise<{ scale: Scale; category: ScaleCategory }> {
  const scale = await getService(strapi, 'sanctions', 'scale').inForce();
  if (!scale) throw new ConflictError('Aucun barème des sanctions n’est en vigueur.');
  const category = categoryOf(scale, key);
  if (!category) throw fieldError('category', `Catégorie inconnue du barème (version ${scale.version}) : ${scale.categories.map((c) => c.key).join(', ')}.`);
  return { scale, category };
}

/** The respondent (a member), or 400. */
async function respondentOf(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const member = await directory(strapi).memberByDocumentId(documentId);
  if (!member || !member.federation) throw fieldError('respondent', MEMBER_NOT_FOUND);
  if (actor.memberId != null && member.id === actor.memberId) throw fieldError('respondent', 'Vous ne pouvez pas vous mettre vous-même en cause.');
  return member;
}

async function createCase(strapi: Core.Strapi, data: Record<string, unknown>, departmentCode: string) {
  const year = todayInParis().slice(0, 4);
  const created = await strapi.db.query(CASE_UID).create({ data: { ...data, reference: `tmp-${Date.now()}-${Math.random()}` } });
  const reference = `CC-${departmentCode}-${year}-${String(created.id).padStart(5, '0')}`;
  return strapi.db.query(CASE_UID).update({ where: { id: created.id }, data: { reference } });
}

/**
 * A referral by those the statutes allow: federation staff (their federation), a section
 * secretary (their section's members), the commission (its federation; the national one
 * anywhere). The commission may add a precautionary suspension for a grave act.
 * @throws 400 (respondent unknown, or one the referrer may not read: the same answer; category, dates),
 *         403 (precautionary by someone else), 409 (no scale)
 */
export async function referCase(strapi: Core.Strapi, actor: Actor, input: ReferCase) {
  const member = await respondentOf(strapi, actor, input.respondent);
  const place = { federationId: member.federation!.id, sectionId: member.section?.id ?? null };
  if (!isNationalCommission(actor) && !withinScope(sanctionsPermissions.scopeOf(actor, 'case.refer'), actor, place)) {
    // A member the referrer may not even read (another federation's, another section's) looks absent.
    if (!directory(strapi).mayReadMember(actor, { ...place, ownerUserId: member.user?.id ?? null })) throw fieldError('respondent', MEMBER_NOT_FOUND);
    throw new ForbiddenError(actor.role === 'section-secretary' ? 'Vous ne saisissez la commission que pour les adhérents de votre section.' : 'Cet adhérent ne relève pas de votre fédération.');
  }
  const commission = isNationalCommission(actor) || isCommissionOf(actor, place.federationId);
  if (input.precautionaryUntil && !commission) throw new ForbiddenError('Seule la commission des conflits prononce une suspension conservatoire.');
  const { scale, category } = await scaleAndCategory(strapi, input.category);
  const today = todayInParis();
  if (input.precautionaryUntil) refuse(checkPrecautionary({ state: 'received', gravity: category.gravity, receivedOn: today }, input.precautionaryUntil, today, settingsOf(strapi)));
  return strapi.db.transaction(async () => {
    // The case holds the respondent's data: their erasure must see it or have run before it.
    await keepFromErasure(strapi, member.documentId);
    let row = await createCase(strapi, {
      federationId: place.federationId,
      respondentId: member.id,
      origin: 'referral',
      referrerUserId: actor.userId,
      referrerRole: actor.role,
      categoryKey: category.key,
      categoryLabel: category.label,
      article: category.article,
      gravity: category.gravity,
      scaleVersion: scale.version,
      facts: input.facts,
      state: 'received',
      receivedOn: today,
      documents: [],
      effects: [],
      history: [{ on: today, at: new Date().toISOString(), step: 'Saisine reçue', by: ROLE_LABELS[actor.role].name.toLowerCase() }],
    }, member.federation!.departmentCode);
    await audit(strapi, auditActorOf(actor), 'refer', row, { category: category.key, respondent: member.documentId });
    if (input.precautionaryUntil) row = await precautionaryOn(strapi, actor, row, input.precautionaryUntil);
    return row;
  });
}

/** Reports a member may make in a day (against floods). */
export const REPORTS_PER_DAY = 5;

/**
 * A confidential report by any member, for discrimination or harassment (grave acts): the
 * reporter's identity is kept for the commission only — the audit entry names no one
 * (« signalement confidentiel »): staff read the audit log.
 * The respondent pointed to must be of the reporter's federation (otherwise the reporter
 * describes the person and the commission identifies them).
 * @throws 400 (respondent unknown or of another federation, category not grave), 403 (no member profile), 409 (more than REPORTS_PER_DAY today)
 */
export async function reportAct(strapi: Core.Strapi, actor: Actor, input: ReportAct) {
  if (actor.memberId == null || actor.federationId == null) throw new ForbiddenError('Un signalement est fait par un adhérent.');
  // A profile when the reporter points to one; otherwise their description, for the commission to identify.
  const member = input.respondent ? await respondentOf(strapi, actor, input.respondent) : null;
  // A member points only to someone of their own federation: a report is no directory of other
  // federations' members (an unknown id and someone elsewhere get the same answer).
  if (member && member.federation!.id !== actor.federationId) {
    throw fieldError('respondent', MEMBER_NOT_FOUND);
  }
  const { scale, category } = await scaleAndCategory(strapi, input.category);
  if (category.gravity !== 'grave') {
    throw fieldError('category', `Le signalement confidentiel concerne les actes graves : ${scale.categories.filter((c) => c.gravity === 'grave').map((c) => `« ${c.label} »`).join(', ')}. Pour les autres faits, adressez-vous à votre fédération.`);
  }
  const federation = member ? member.federation! : await directory(strapi).federationById(actor.federationId);
  const today = todayInParis();
  return strapi.db.transaction(async () => {
    const todays = await strapi.db.query(CASE_UID).count({ where: { reporterMemberId: actor.memberId, receivedOn: today } });
    if (todays >= REPORTS_PER_DAY) throw new ConflictError(`Vous avez déjà fait ${REPORTS_PER_DAY} signalements aujourd’hui : la commission les examine.`);
    if (member) await keepFromErasure(strapi, member.documentId);
    const row = await createCase(strapi, {
      federationId: federation.id,
      respondentId: member?.id ?? null,
      respondentDescription: input.respondentDescription ?? null,
      origin: 'report',
      reporterMemberId: actor.memberId,
      categoryKey: category.key,
      categoryLabel: category.label,
      article: category.article,
      gravity: category.gravity,
      scaleVersion: scale.version,
      facts: input.facts,
      state: 'received',
      receivedOn: today,
      documents: [],
      effects: [],
      history: [{ on: today, at: new Date().toISOString(), step: 'Signalement confidentiel reçu', by: 'adhérent' }],
    }, federation.departmentCode);
    await audit(strapi, { kind: 'user', id: null, label: 'signalement confidentiel' }, 'report', row, { category: category.key });
    return row;
  });
}

/**
 * The commission identifies the member a report describes (before notification). The case
 * moves to that member's federation; a federation's commission identifies members of its
 * own federation only (another federation's member answers as an unknown one: 400), the
 * national commission anyone.
 */
export async function identifyRespondent(strapi: Core.Strapi, actor: Actor, documentId: string, respondent: string) {
  return strapi.db.transaction(async () => {
    const { row, view } = await forCommission(strapi, actor, documentId);
    if (!['received', 'investigation'].includes(row.state)) throw new ConflictError('La personne mise en cause est fixée dès la notification.');
    const member = await respondentOf(strapi, actor, respondent);
    if (view !== 'national' && member.federation!.id !== row.federationId) {
      // Another federation's member looks absent to a federation's commission (it reads its own members only).
      if (!directory(strapi).mayReadMember(actor, { federationId: member.federation!.id, sectionId: member.section?.id ?? null, ownerUserId: member.user?.id ?? null })) {
        throw fieldError('respondent', MEMBER_NOT_FOUND);
      }
      throw new ForbiddenError('Cet adhérent relève d’une autre fédération : saisissez la commission nationale.');
    }
    if (row.reporterMemberId === member.id) throw fieldError('respondent', 'La personne qui signale ne peut être mise en cause dans son propre signalement.');
    await keepFromErasure(strapi, member.documentId);
    const updated = await update(strapi, row, { respondentId: member.id, federationId: member.federation!.id, history: step(row, 'Personne mise en cause identifiée', byLabel(view)) });
    await audit(strapi, auditActorOf(actor), 'identify', row, { respondent: member.documentId });
    return updated;
  });
}

/** The case's respondent must be identified before they are notified or restricted (409). */
function assertIdentified(row: any): void {
  if (row.respondentId == null) throw new ConflictError('Identifiez d’abord la personne mise en cause.');
}

/** Loads a case for a commission step: 404/403 (access), 403 for a non-commission caller or the respondent. */
/**
 * Holds a case's row until the transaction in progress ends (PostgreSQL `SELECT … FOR UPDATE`;
 * SQLite has one writer, its transactions run one after the other). Every transition reads
 * the case after this, so two transitions of one case at once — two commission members, the
 * commission and the daily clock, the clock on two instances — run one after the other, the
 * second judged on the state the first left (refused by its state check, 409, or skipped by
 * the clock): a decision's effects, history and audit entry are never written twice.
 */
const holdCase = (strapi: Core.Strapi, where: { id: number } | { document_id: string }) => holdRows(strapi, CASES_TABLE, where);

/** The case as the actor may act on it (`caseFor`: 404/403), read under its hold (`holdCase`). */
async function heldCaseFor(strapi: Core.Strapi, actor: Actor, documentId: string) {
  await holdCase(strapi, { document_id: documentId });
  return caseFor(strapi, actor, documentId);
}

async function forCommission(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { row, view } = await heldCaseFor(strapi, actor, documentId);
  assertInstructs(view);
  return { row, view };
}

const update = (strapi: Core.Strapi, row: any, data: Record<string, unknown>) => strapi.db.query(CASE_UID).update({ where: { id: row.id }, data });

/** A case naming a respondent holds their data: membership keeps their erasure from starting meanwhile (409 while it runs). */
const keepFromErasure = (strapi: Core.Strapi, memberDocumentId: string) => getService(strapi, 'membership', 'status').keepFromErasure(memberDocumentId);

/** received → investigation. */
export async function investigateCase(strapi: Core.Strapi, actor: Actor, documentId: string) {
  return strapi.db.transaction(async () => {
    const { row, view } = await forCommission(strapi, actor, documentId);
    refuse(checkInvestigate(row));
    const updated = await update(strapi, row, { state: 'investigation', investigationOn: todayInParis(), history: step(row, 'Instruction ouverte', byLabel(view)) });
    await audit(strapi, auditActorOf(actor), 'investigate', row);
    return updated;
  });
}

/**
 * investigation → notified (or a new hearing date while notified): the respondent is told
 * of the facts, their rights and the hearing date, at least `noticeDays` later
 * (notification `sanctions.notice`, mandatory). 400 for a hearing too early, 409 wrong state.
 */
export async function notifyCase(strapi: Core.Strapi, actor: Actor, documentId: string, hearingOn: string) {
  return strapi.db.transaction(async () => {
    const { row, view } = await forCommission(strapi, actor, documentId);
    assertIdentified(row);
    const today = todayInParis();
    refuse(checkNotify(row, hearingOn, today, settingsOf(strapi)));
    const rescheduled = row.state === 'notified';
    const updated = await update(strapi, row, {
      state: 'notified',
      notifiedOn: today,
      hearingOn,
      history: step(row, rescheduled ? `Audition déplacée au ${frenchDate(hearingOn)}` : `Notification, audition le ${frenchDate(hearingOn)}`, byLabel(view)),
    });
    await audit(strapi, auditActorOf(actor), 'notify', row, { hearingOn, rescheduled });
    await emitEvent(strapi, SANCTION_CASE_NOTIFIED, { caseId: row.id, respondentId: row.respondentId, hearingOn, rescheduled });
    return updated;
  });
}

/** notified → hearing: the hearing held (the respondent came or did not), not before its date. */
export async function recordHearing(strapi: Core.Strapi, actor: Actor, documentId: string, input: { attended: boolean; notes?: string }) {
  return strapi.db.transaction(async () => {
    const { row, view } = await forCommission(strapi, actor, documentId);
    refuse(checkHearing(row, todayInParis()));
    const updated = await update(strapi, row, {
      state: 'hearing',
      heardOn: todayInParis(),
      respondentAttended: input.attended,
      hearingNotes: input.notes ?? null,
      history: step(row, input.attended ? 'Audition tenue' : 'Absence de la personne mise en cause constatée', byLabel(view)),
    });
    await audit(strapi, auditActorOf(actor), 'hearing', row, { attended: input.attended });
    return updated;
  });
}

/** A document added to the file by the commission (communicated to the respondent). 409 after the decision. */
/** Keeps `file` in the private store for the duration of `work` (deleted again when it throws). */
const withStoredFile = <T>(strapi: Core.Strapi, file: IncomingFile | null, field: string, work: (stored: PrivateFile | null) => Promise<T>) =>
  withPrivateFile(strapi, file, { field }, work);

/** A file as the case's history names it: name and fingerprint. */
const fileLabel = (file: PrivateFile) => `${file.name} (SHA-256 ${file.sha256.slice(0, 12)}…)`;

/**
 * A piece of the file (commission): a title and a description, a file (PDF, image, office
 * document, text; 10 Mo), or both. The file is kept in the private store, never in the media
 * library, and only the case's parties download it.
 * @throws 400 (neither description nor file; file type or size), 403, 404, 409 (after the decision)
 */
export async function addDocument(strapi: Core.Strapi, actor: Actor, documentId: string, input: { title: string; content?: string; file?: IncomingFile | null }) {
  if (!input.content && !input.file) throw fieldError('content', 'Décrivez la pièce ou joignez un fichier.');
  return strapi.db.transaction(async () => {
    const { row, view } = await forCommission(strapi, actor, documentId);
    refuse(checkDocument(row));
    return withStoredFile(strapi, input.file ?? null, 'file', async (file) => {
      const document = { title: input.title, content: input.content ?? '', addedOn: todayInParis(), by: 'commission', ...(file ? { file } : {}) };
      const label = file ? `Pièce ajoutée : ${input.title} — ${fileLabel(file)}` : `Pièce ajoutée : ${input.title}`;
      const updated = await update(strapi, row, { documents: [...(row.documents ?? []), document], history: step(row, label, byLabel(view)) });
      await audit(strapi, auditActorOf(actor), 'document', row, { title: input.title, ...(file ? { file: file.name, sha256: file.sha256 } : {}) });
      return updated;
    });
  });
}

/**
 * The respondent's written defence, with an optional file (replaces an earlier one, whose file
 * is then deleted), between notification and decision.
 * @throws 400 (file type or size), 403 (not the respondent), 404, 409 (outside the period)
 */
export async function submitDefence(strapi: Core.Strapi, actor: Actor, documentId: string, input: { text: string; file?: IncomingFile | null }) {
  let replaced = null as PrivateFile | null;
  const updated = await strapi.db.transaction(async () => {
    const { row, view } = await heldCaseFor(strapi, actor, documentId);
    if (view !== 'respondent') throw new ForbiddenError('Seule la personne mise en cause dépose sa défense.');
    refuse(checkDefence(row, todayInParis()));
    return withStoredFile(strapi, input.file ?? null, 'file', async (file) => {
      replaced = row.defenceFile ?? null;
      const label = file ? `Défense écrite déposée, avec une pièce : ${fileLabel(file)}` : 'Défense écrite déposée';
      const saved = await update(strapi, row, { defence: input.text, defenceFile: file, defenceOn: todayInParis(), history: step(row, label, 'personne mise en cause') });
      await audit(strapi, auditActorOf(actor), 'defence', row, file ? { file: file.name, sha256: file.sha256 } : {});
      return saved;
    });
  });
  // After the commit: the earlier defence's file is no longer referred to.
  if (replaced) await deletePrivateFile(strapi, replaced);
  return updated;
}

async function precautionaryOn(strapi: Core.Strapi, actor: Actor, row: any, until: string) {
  const today = todayInParis();
  const effect = await applyPrecautionary(strapi, row, today, until, auditActorOf(actor));
  const updated = await update(strapi, row, { precautionaryUntil: until, effects: [...(row.effects ?? []), effect], history: step(row, `Suspension conservatoire jusqu’au ${frenchDate(until)}`, 'commission') });
  await audit(strapi, auditActorOf(actor), 'precautionary-suspension', row, { until });
  // The respondent is told at once (mandatory notice: the suspension, its end, what follows).
  if (row.respondentId != null) await emitEvent(strapi, SANCTION_CASE_PRECAUTIONARY, { caseId: row.id, respondentId: row.respondentId, until });
  return updated;
}

/** A precautionary suspension of the respondent (grave acts, before the decision, for at most `precautionaryMaxDays`). */
export async function suspendAsPrecaution(strapi: Core.Strapi, actor: Actor, documentId: string, until: string) {
  return strapi.db.transaction(async () => {
    const { row } = await forCommission(strapi, actor, documentId);
    assertIdentified(row);
    refuse(checkPrecautionary(row, until, todayInParis(), settingsOf(strapi)));
    return precautionaryOn(strapi, actor, row, until);
  });
}

/** The decision's level against the cited scale: 400 naming the range; a suspension needs 1–24 months, other levels none. */
async function checkedDecision(strapi: Core.Strapi, row: any, input: Decide) {
  const scale = await getService(strapi, 'sanctions', 'scale').version(row.scaleVersion);
  const category = scale && categoryOf(scale, row.categoryKey);
  if (!scale || !category) throw new ConflictError('La version du barème citée par l’affaire est introuvable.');
  if (input.level && !levelAllowed(category, input.level)) {
    throw fieldError('level', `Niveau hors du barème pour « ${category.label} » (version ${scale.version}) : ${rangeLabel(category)}.`);
  }
  if (input.level === 'suspension') {
    if (input.months === undefined || input.months < SUSPENSION_MONTHS.min || input.months > SUSPENSION_MONTHS.max) {
      throw fieldError('months', `Une suspension dure de ${SUSPENSION_MONTHS.min} à ${SUSPENSION_MONTHS.max} mois.`);
    }
  } else if (input.months !== undefined) {
    throw fieldError('months', 'Seule une suspension a une durée.');
  }
  return { scale, category };
}

const wasRestricted = (row: any) => Boolean(row.precautionaryUntil) || (row.effects ?? []).some((e: Effect) => e.cause === 'sanction');

/** Makes a case final on `today`: the sanction as it stands, published when there is one. */
async function finalData(strapi: Core.Strapi, row: any, level: string | null, months: number | null, today: string) {
  const scale = await getService(strapi, 'sanctions', 'scale').version(row.scaleVersion);
  const named = Boolean(level && scale?.namedLevels.includes(level as never));
  const federation = await directory(strapi).federationById(row.federationId);
  const person = named ? (await directory(strapi).membersByIds([row.respondentId])).get(row.respondentId) : undefined;
  return {
    state: 'final' as State,
    finalLevel: level,
    finalMonths: months,
    finalOn: today,
    publishedNamed: named,
    publishedName: person ? `${person.firstName} ${person.lastName}` : null,
    federationLabel: federation ? `${federation.name} (${federation.departmentCode})` : null,
  };
}

/**
 * hearing → decided: the federation's commission (or the national one) decides, citing
 * the scale version, within the category's range. A grave act's sanction takes effect at
 * once (an appeal does not suspend it); others when final. Notified to the respondent.
 * @throws 409 before notification and hearing, 400 level outside the range (named) or a wrong duration
 */
export async function decideCase(strapi: Core.Strapi, actor: Actor, documentId: string, input: Decide) {
  return strapi.db.transaction(async () => {
    const { row, view } = await forCommission(strapi, actor, documentId);
    refuse(checkDecide(row));
    const { scale, category } = await checkedDecision(strapi, row, input);
    const today = todayInParis();
    const decision = {
      level: input.level,
      months: input.months ?? null,
      reasoning: input.reasoning,
      summary: input.summary,
      article: category.article,
      scaleVersion: scale.version,
      decidedOn: today,
      appealUntil: appealEnds(today, settingsOf(strapi)),
      by: byLabel(view),
    };
    const effects = [...(row.effects ?? [])];
    if (effectiveAtDecision(row.gravity)) {
      const effect = await applySanctionEffects(strapi, row, input.level, input.months ?? null, today, auditActorOf(actor), wasRestricted(row));
      if (effect) effects.push(effect);
    }
    const label = input.level ? `${LEVEL_LABELS[input.level]}${input.months ? ` (${input.months} mois)` : ''}` : 'relaxe';
    const updated = await update(strapi, row, { state: 'decided', decision, decidedOn: today, effects, history: step(row, `Décision : ${label}`, byLabel(view)) });
    await audit(strapi, auditActorOf(actor), 'decide', row, { level: input.level, months: input.months ?? null, scaleVersion: scale.version });
    await emitEvent(strapi, SANCTION_CASE_DECIDED, { caseId: row.id, respondentId: row.respondentId, stage: 'first' });
    return updated;
  });
}

/**
 * decided → appeal: the respondent appeals to the national commission within `appealDays`
 * (409 after, or when already appealed / not decided). The sanction is suspended meanwhile
 * unless the act is grave (then it already applies). The national commission may record an
 * appeal received by letter (an excluded member can no longer sign in), within the same window.
 */
export async function appealCase(strapi: Core.Strapi, actor: Actor, documentId: string, grounds: string) {
  return strapi.db.transaction(async () => {
    const { row, view } = await heldCaseFor(strapi, actor, documentId);
    if (view !== 'respondent' && view !== 'national') throw new ForbiddenError('Seule la personne mise en cause fait appel de la décision.');
    refuse(checkAppeal(row, todayInParis(), settingsOf(strapi)));
    const by = view === 'national' ? 'commission nationale (appel reçu par courrier)' : 'personne mise en cause';
    const updated = await update(strapi, row, { state: 'appeal', appealedOn: todayInParis(), appealGrounds: grounds, history: step(row, 'Appel devant la commission nationale', by) });
    await audit(strapi, auditActorOf(actor), 'appeal', row);
    return updated;
  });
}

/**
 * appeal → final: the national commission's decision (same checks as a first decision),
 * final at once and published when it sanctions. Effects follow the new decision (a grave
 * act's sanction, already applied, is replaced; a relaxe lifts it).
 * @throws 403 for a federation's commission, 409 not in appeal, 400 outside the range
 */
export async function decideAppeal(strapi: Core.Strapi, actor: Actor, documentId: string, input: Decide) {
  return strapi.db.transaction(async () => {
    const { row } = await forCommission(strapi, actor, documentId);
    if (!isNationalCommission(actor)) throw new ForbiddenError('Seule la commission nationale des conflits juge les appels.');
    refuse(checkNationalDecision(row));
    const { scale, category } = await checkedDecision(strapi, row, input);
    const today = todayInParis();
    const nationalDecision = { level: input.level, months: input.months ?? null, reasoning: input.reasoning, summary: input.summary, article: category.article, scaleVersion: scale.version, decidedOn: today, by: 'commission nationale' };
    const effects = [...(row.effects ?? [])];
    const effect = await applySanctionEffects(strapi, row, input.level, input.months ?? null, today, auditActorOf(actor), wasRestricted(row));
    if (effect) effects.push(effect);
    const label = input.level ? LEVEL_LABELS[input.level] : 'relaxe';
    const updated = await update(strapi, row, {
      nationalDecision,
      nationalDecidedOn: today,
      effects,
      ...(await finalData(strapi, row, input.level, input.months ?? null, today)),
      history: step(row, `Décision d’appel : ${label} — définitive`, 'commission nationale'),
    });
    await audit(strapi, auditActorOf(actor), 'national-decision', row, { level: input.level, months: input.months ?? null });
    await emitEvent(strapi, SANCTION_CASE_DECIDED, { caseId: row.id, respondentId: row.respondentId, stage: 'appeal' });
    return updated;
  });
}

/** decided → final once the appeal window has passed: the sanction applies (non-grave acts) and is published. */
async function finalizeRow(strapi: Core.Strapi, row: any, actor: AuditActor, by: string) {
  const today = todayInParis();
  const level = row.decision?.level ?? null;
  const months = row.decision?.months ?? null;
  const effects = [...(row.effects ?? [])];
  if (!effectiveAtDecision(row.gravity)) {
    const effect = await applySanctionEffects(strapi, row, level, months, today, actor, wasRestricted(row));
    if (effect) effects.push(effect);
  }
  const updated = await update(strapi, row, { effects, ...(await finalData(strapi, row, level, months, today)), history: step(row, 'Décision définitive (délai d’appel expiré)', by) });
  await audit(strapi, actor, 'finalize', row, { level, months });
  return updated;
}

/** The commission makes a decision final after its appeal window (409 while it runs). */
export async function finalizeCase(strapi: Core.Strapi, actor: Actor, documentId: string) {
  return strapi.db.transaction(async () => {
    const { row, view } = await forCommission(strapi, actor, documentId);
    refuse(checkFinalize(row, todayInParis(), settingsOf(strapi)));
    return finalizeRow(strapi, row, auditActorOf(actor), byLabel(view));
  });
}

/**
 * The clock (daily, 03:05 Paris, on every instance): every decision whose appeal window has
 * passed becomes final. Each case is read again under its hold (`holdCase`) and finalised only
 * if it is still due: a run on another instance, or the commission, may have finalised it (or
 * an appeal come in) since the list was read. Returns how many this run finalised.
 */
export async function finalizeDue(strapi: Core.Strapi): Promise<number> {
  const settings = settingsOf(strapi);
  const today = todayInParis();
  const rows = await strapi.db.query(CASE_UID).findMany({ where: { state: 'decided' }, select: ['id', 'state', 'gravity', 'decidedOn'] });
  let done = 0;
  for (const { id } of rows.filter((row) => !checkFinalize(row, today, settings))) {
    const finalized = await strapi.db.transaction(async () => {
      await holdCase(strapi, { id });
      const row = await strapi.db.query(CASE_UID).findOne({ where: { id } });
      if (!row || checkFinalize(row, today, settings)) return false;
      await finalizeRow(strapi, row, SYSTEM_ACTOR, 'système');
      return true;
    });
    if (finalized) done++;
  }
  return done;
}
