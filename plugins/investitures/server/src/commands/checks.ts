import type { Core } from '@strapi/strapi';
import { rm } from 'node:fs/promises';
import { ConflictError, fieldError, getService, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/mandates';
import { erasedCumulCheck, type ChecklistEntry, type CriminalRecordCheck, type CumulCheck, type StandingCheck } from '../domain/criteria';
import { MANDATE_CATEGORY_OF } from '../domain/vocabulary';
import { candidacyToCheck, holdCandidacy, type CandidacyRow, type DesignationRow } from '../queries/access';
import { CANDIDACY_UID } from '../uids';
import { audit } from './designations';
import '../public';

// Who checked, as the candidate reads it: name and role, never their address; their profile's
// id beside it so that their erasure finds it (services/erasure.ts).
const stamp = (actor: Actor) => ({ by: actor.name ?? actor.label, at: new Date().toISOString(), byMember: actor.memberId });

/**
 * Writes one criterion's check on a standing candidacy, audited (the criterion's name only).
 * The candidacy is held and read again first (`holdCandidacy`): checks recorded at the same
 * time (two staff, the candidate's pledge) each keep their place in `checks`.
 */
async function record(strapi: Core.Strapi, actor: Actor, c: CandidacyRow, d: DesignationRow, key: string, value: unknown, details: Record<string, unknown> = {}, more: Record<string, unknown> = {}) {
  return strapi.db.transaction(async () => {
    await holdCandidacy(strapi, c.id);
    const held = (await strapi.db.query(CANDIDACY_UID).findOne({ where: { id: c.id } })) as CandidacyRow;
    if (held.state === 'withdrawn') throw new ConflictError('Cette candidature a été retirée.');
    const checks = { ...(held.checks ?? {}) };
    if (key.startsWith('checklist:')) checks.checklist = { ...(checks.checklist ?? {}), [key.slice(10)]: value };
    else checks[key] = value;
    const row = await strapi.db.query(CANDIDACY_UID).update({ where: { id: c.id }, data: { checks, ...more } });
    await audit(strapi, actor, 'candidacy.check', { type: CANDIDACY_UID, id: c.documentId }, d.federationId, { criterion: key, ...details });
    return row;
  });
}

/**
 * Staff record that they saw the candidate's bulletin n° 3 (the extract a person obtains for
 * themselves), clean or not, and its date. The document itself is never stored (RGPD art. 10:
 * data on convictions): a file sent with the check is deleted as soon as the check is
 * recorded — and when it is refused — and nothing ever serves it back. The audit entry names
 * the criterion only, not whether the bulletin was clean.
 * @param files the uploaded files' temporary paths (multipart field `files`), if any
 * @throws 400 (bulletin dated in the future), 403 (not the designation's staff), 409 (withdrawn)
 */
export async function recordCriminalRecord(strapi: Core.Strapi, actor: Actor, documentId: string, input: { clean: boolean; issuedOn: string }, files: string[] = []) {
  try {
    const { c, d } = await candidacyToCheck(strapi, actor, documentId);
    if (input.issuedOn > todayInParis()) throw fieldError('issuedOn', 'Le bulletin est daté au plus tard d’aujourd’hui.');
    const check: CriminalRecordCheck = { clean: input.clean, issuedOn: input.issuedOn, fileDeleted: files.length > 0, ...stamp(actor) };
    return await record(strapi, actor, c, d, 'criminalRecord', check);
  } finally {
    await Promise.all(files.map((file) => rm(file, { force: true })));
  }
}

/** Staff check good standing through membership's eligibility service (active, paid up), with its reasons. */
export async function checkStanding(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { c, d } = await candidacyToCheck(strapi, actor, documentId);
  const e = await getService(strapi, 'membership', 'eligibility').ofMember(c.memberId, { on: todayInParis() });
  const check: StandingCheck = { eligible: e.eligible, reasons: e.reasons, ...stamp(actor) };
  return record(strapi, actor, c, d, 'standing', check, { eligible: e.eligible });
}

/** The party office a designation fills, as the mandates rules' party functions read it. */
function officeOf(d: DesignationRow): { level: string; bodyKind: string; role: string; label: string } | null {
  if (d.kind === 'premier-secretaire-federal') return { level: 'federation', bodyKind: 'bureau', role: 'president', label: 'Premier·ère secrétaire fédéral·e' };
  if (d.kind === 'secretaire-section') return { level: 'section', bodyKind: 'bureau', role: 'secretaire', label: 'Secrétaire de section' };
  return null;
}

/**
 * Staff run the cumul preview: would winning this mandate (or party office) break a rule of
 * the mandates plugin, at once or over time — the mandates plugin's own engine through its
 * public service (`cumul.previewProspective`), with the rule, its source and what the
 * candidate would have to give up — for an erased candidate (or one whose erasure is under
 * way), the rules broken only (`erasedCumulCheck`), their record left as their erasure left it.
 */
export async function checkCumul(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { c, d } = await candidacyToCheck(strapi, actor, documentId);
  const category = MANDATE_CATEGORY_OF[d.kind];
  const office = officeOf(d);
  let check: CumulCheck;
  if (!strapi.plugin('mandates') || (!category && !office)) {
    check = { ruleVersion: null, violations: [], ...stamp(actor) };
  } else {
    const preview = await getService(strapi, 'mandates', 'cumul').previewProspective({
      memberId: c.memberId, category: category ?? 'party', territoryCode: d.territoryCode ?? d.documentId, territoryName: d.territoryName ?? d.title,
      startOn: d.mandateStartOn ?? d.decisionOn, ...(office ? { function: office } : {}),
    });
    check = {
      ruleVersion: preview.ruleVersion,
      violations: preview.violations.filter((v) => !v.waived).map((v) => ({ rule: v.rule, label: v.label, source: v.source, text: v.text, giveUp: v.giveUp })),
      ...stamp(actor),
    };
  }
  // An erased candidate (a candidacy left standing on an opened ballot) or one whose erasure is
  // under way: the verdict only, as their erasure keeps it — their mandates, still stored on the
  // pseudonym, are neither listed to give up nor read again into the record.
  if (await getService(strapi, 'membership', 'directory').erasureRequestedOrDone(c.memberId)) {
    return record(strapi, actor, c, d, 'cumul', erasedCumulCheck(check), { violations: check.violations.map((v) => v.rule) });
  }
  // The candidate's record (renewal indicators) is read again with the check: mandates may have been recorded since they applied.
  const history = strapi.plugin('mandates') ? await getService(strapi, 'mandates', 'cumul').recordOf(c.memberId, category ?? null, d.territoryCode, d.mandateStartOn ?? d.decisionOn) : c.record;
  return record(strapi, actor, c, d, 'cumul', check, { violations: check.violations.map((v) => v.rule) }, { record: history });
}

/** Staff tick an item of the federation's own checklist (configured per kind, copied on the designation). */
export async function checkItem(strapi: Core.Strapi, actor: Actor, documentId: string, input: { key: string; done: boolean; note?: string }) {
  const { c, d } = await candidacyToCheck(strapi, actor, documentId);
  const item = d.criteria.checklist.find((i) => i.key === input.key);
  if (!item) throw fieldError('key', d.criteria.checklist.length ? `Critère inconnu ; ceux de la fédération : ${d.criteria.checklist.map((i) => i.key).join(', ')}.` : 'La fédération n’a pas de critère propre pour cette désignation.');
  const entry: ChecklistEntry = { done: input.done, note: input.note ?? null, ...stamp(actor) };
  return record(strapi, actor, c, d, `checklist:${input.key}`, entry, { done: input.done });
}
