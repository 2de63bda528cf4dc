import { createHash } from 'crypto';
import { frenchDate } from '@intranet-militant/shared';

/**
 * The party's investiture criteria as pure predicates over what was recorded (no database,
 * no clock: `today` is given). Each check records who did it and when; a designation's
 * criteria come from its federation's configuration for its kind (`criteriaFor`).
 */

export const CRITERIA = ['pledge', 'criminalRecord', 'standing', 'cumul'] as const;
export type Criterion = (typeof CRITERIA)[number];

export const CRITERION_LABELS: Record<Criterion, string> = {
  pledge: 'Engagement de démission (statuts, art. 5.1.7)',
  criminalRecord: 'Casier judiciaire (bulletin n° 3)',
  standing: 'Adhérent·e à jour',
  cumul: 'Règles de cumul des mandats',
};

/** One item of a federation's own checklist (« Parrainages recueillis », « Entretien avec le bureau »…). */
export interface ChecklistItem {
  key: string;
  label: string;
}

/** Which criteria a designation requires: the four national ones (each on or off) and the federation's checklist. */
export interface CriteriaConfig {
  pledge: boolean;
  criminalRecord: boolean;
  standing: boolean;
  cumul: boolean;
  checklist: ChecklistItem[];
}

/**
 * The defaults before a federation configures a kind: public elections require all four
 * national criteria (the pledge concerns mandates won under the party's banner, art. 5.1.7);
 * internal offices require good standing and the cumul rules (party functions count).
 */
export function defaultCriteria(publicElection: boolean): CriteriaConfig {
  return { pledge: publicElection, criminalRecord: publicElection, standing: true, cumul: true, checklist: [] };
}

/** « Who checked, when »: every recorded check carries it. */
export interface Stamp {
  by: string;
  at: string;
  /** Their member profile's id, when they have one: erasure finds their label by it. Never shown. */
  byMember?: number | null;
}

export interface PledgeSignature {
  version: number;
  sha256: string;
  /** The Paris day the candidate accepted the text. */
  signedOn: string;
  at: string;
}

/** A bulletin n° 3 seen by staff: clean or not, its date. The document itself is never kept (RGPD art. 10). */
export interface CriminalRecordCheck extends Stamp {
  clean: boolean;
  issuedOn: string;
  /** A file was sent with the check and deleted once it was recorded. */
  fileDeleted: boolean;
}

export interface StandingCheck extends Stamp {
  eligible: boolean;
  reasons: { code: string; message: string }[];
}

/** A cumul preview (mandates plugin): the violations winning the mandate would bring. */
export interface CumulCheck extends Stamp {
  ruleVersion: number | null;
  violations: { rule: string; label: string; source: string; text: string; giveUp: string[] }[];
}

export interface ChecklistEntry extends Stamp {
  done: boolean;
  note: string | null;
}

export interface Checks {
  pledge?: PledgeSignature | null;
  criminalRecord?: CriminalRecordCheck | null;
  standing?: StandingCheck | null;
  cumul?: CumulCheck | null;
  checklist?: Record<string, ChecklistEntry>;
}

export type Verdict = 'ok' | 'missing' | 'failed' | 'outdated';
export const VERDICT_LABELS: Record<Verdict, string> = { ok: 'Conforme', missing: 'À faire', failed: 'Non conforme', outdated: 'À renouveler' };

export interface CriterionStatus {
  key: string;
  label: string;
  verdict: Verdict;
  /** What it means, in French. */
  detail: string;
  checkedBy: string | null;
  checkedAt: string | null;
}

/** How long a bulletin n° 3 is accepted after its date (three months, the usual validity asked by administrations). */
export const CRIMINAL_RECORD_MAX_AGE_DAYS = 92;

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** sha256 (hex) of a pledge text, as stored with its version and with each signature. */
export const pledgeHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The pledge (art. 5.1.7): signed on the version in force, with its exact hash; a signature
 * of an earlier version is `outdated` (a new text asks again).
 */
export function pledgeVerdict(signature: PledgeSignature | null | undefined, current: { version: number; sha256: string }): Pick<CriterionStatus, 'verdict' | 'detail'> {
  if (!signature) return { verdict: 'missing', detail: 'Engagement non signé.' };
  if (signature.version !== current.version || signature.sha256 !== current.sha256) {
    return { verdict: 'outdated', detail: `Engagement signé sur la version ${signature.version} ; la version ${current.version} en vigueur doit être signée.` };
  }
  return { verdict: 'ok', detail: `Engagement (version ${signature.version}) signé le ${frenchDate(signature.signedOn)}.` };
}

/**
 * Criminal record: a bulletin n° 3 seen, clean, dated at most CRIMINAL_RECORD_MAX_AGE_DAYS
 * before `today`. Never says what a record holds: only clean or not.
 */
export function criminalRecordVerdict(check: CriminalRecordCheck | null | undefined, today: string): Pick<CriterionStatus, 'verdict' | 'detail'> {
  if (!check) return { verdict: 'missing', detail: 'Bulletin n° 3 non encore vu par la fédération.' };
  if (!check.clean) return { verdict: 'failed', detail: 'Le bulletin n° 3 présenté n’est pas vierge.' };
  if (daysBetween(check.issuedOn, today) > CRIMINAL_RECORD_MAX_AGE_DAYS) {
    return { verdict: 'outdated', detail: `Bulletin n° 3 du ${frenchDate(check.issuedOn)} : plus de trois mois, un bulletin récent est demandé.` };
  }
  return { verdict: 'ok', detail: `Bulletin n° 3 vierge du ${frenchDate(check.issuedOn)}.` };
}

/** Good standing (membership's eligibility service): eligible, or its reasons. */
export function standingVerdict(check: StandingCheck | null | undefined): Pick<CriterionStatus, 'verdict' | 'detail'> {
  if (!check) return { verdict: 'missing', detail: 'Situation d’adhérent non vérifiée.' };
  if (!check.eligible) return { verdict: 'failed', detail: check.reasons.length ? `Pas à jour : ${check.reasons.map((r) => r.message).join(' ; ')}.` : 'Pas à jour.' };
  return { verdict: 'ok', detail: 'Adhérent·e à jour de cotisation, sans suspension.' };
}

/** Cumul: no rule of the mandates plugin broken by winning the mandate (at once or over time). */
export function cumulVerdict(check: CumulCheck | null | undefined): Pick<CriterionStatus, 'verdict' | 'detail'> {
  if (!check) return { verdict: 'missing', detail: 'Règles de cumul non vérifiées.' };
  if (check.violations.length) {
    return { verdict: 'failed', detail: check.violations.map((v) => `${v.label} (${v.source})${v.giveUp.length ? ` — à quitter : ${v.giveUp.join(', ')}` : ''}`).join(' ; ') };
  }
  return { verdict: 'ok', detail: `Aucune règle de cumul enfreinte (règles, version ${check.ruleVersion ?? '—'}).` };
}

/**
 * A cumul check as kept once its candidate is erased (retention `investitures.candidacies`):
 * the verdict's basis only — which rules, from which source, under which rule-set version, who
 * checked and when — without the violations' text nor the mandates to give up, which named the
 * person's seats (« Conseiller·ère régional·e — Occitanie… ») beside the pseudonym. Pure.
 */
export function erasedCumulCheck<T extends CumulCheck | null | undefined>(check: T): T {
  if (!check) return check;
  return { ...check, violations: (check.violations ?? []).map((v) => ({ rule: v.rule, label: v.label, source: v.source, text: '', giveUp: [] })) };
}

/**
 * The checks of an erased candidate's candidacy, as kept (retention `investitures.candidacies`,
 * GDPR art. 17): each criterion's verdict, who checked and when; the criminal-record check
 * removed (`investitures.criminal-record`); no free text about the person — the cumul check's
 * violation texts and mandates to give up (`erasedCumulCheck`), the standing check's reasons,
 * the checklist's notes. Pure: returns a new object.
 */
export function erasedChecks(checks: Checks | null | undefined): Checks {
  const out: Checks = { ...(checks ?? {}) };
  delete out.criminalRecord;
  if (out.cumul) out.cumul = erasedCumulCheck(out.cumul);
  if (out.standing) out.standing = { ...out.standing, reasons: [] };
  if (out.checklist) out.checklist = Object.fromEntries(Object.entries(out.checklist).map(([key, entry]) => [key, entry && typeof entry === 'object' ? { ...entry, note: null } : entry]));
  return out;
}

/** The label of a binôme's running mate's agreement, as a criterion. */
export const MATE_AGREEMENT_LABEL = 'Accord du ou de la colistier·ère';

/** What a binôme candidacy records of its running mate's answer. */
export interface MateAnswer {
  runningMateId: number | null;
  /** The Paris day they accepted, null before. */
  mateConfirmedOn: string | null;
}

/**
 * A binôme's running mate's agreement (being named on a party candidacy commits them): `ok`
 * once they accepted, `missing` until then; null for a candidacy without a running mate (not a
 * criterion there). Pure.
 */
export function mateAgreementVerdict(mate: MateAnswer | null | undefined): Pick<CriterionStatus, 'verdict' | 'detail'> | null {
  if (!mate || mate.runningMateId == null) return null;
  if (!mate.mateConfirmedOn) return { verdict: 'missing', detail: 'Le ou la colistier·ère n’a pas encore donné son accord.' };
  return { verdict: 'ok', detail: `Accord donné le ${frenchDate(mate.mateConfirmedOn)}.` };
}

/** One item of the federation's checklist. */
export function checklistVerdict(entry: ChecklistEntry | undefined): Pick<CriterionStatus, 'verdict' | 'detail'> {
  if (!entry) return { verdict: 'missing', detail: 'Non vérifié.' };
  return entry.done ? { verdict: 'ok', detail: entry.note ?? 'Vérifié.' } : { verdict: 'failed', detail: entry.note ?? 'Non satisfait.' };
}

const stampOf = (s: Stamp | PledgeSignature | null | undefined) => ({
  checkedBy: s && 'by' in s ? s.by : s ? 'la personne candidate' : null,
  checkedAt: s?.at ?? null,
});

/**
 * Every required criterion's status for a candidacy: a binôme's running mate's agreement first
 * (`mate`: the candidacy's running mate and their answer; always required when there is one),
 * the national criteria, then the checklist.
 */
export function criteriaStatus(checks: Checks, config: CriteriaConfig, currentPledge: { version: number; sha256: string } | null, today: string, mate?: MateAnswer | null): CriterionStatus[] {
  const out: CriterionStatus[] = [];
  const agreement = mateAgreementVerdict(mate);
  if (agreement) out.push({ key: 'runningMate', label: MATE_AGREEMENT_LABEL, ...agreement, checkedBy: mate?.mateConfirmedOn ? 'le ou la colistier·ère' : null, checkedAt: mate?.mateConfirmedOn ?? null });
  if (config.pledge) {
    const v = currentPledge ? pledgeVerdict(checks.pledge, currentPledge) : { verdict: 'missing' as const, detail: 'Aucun texte d’engagement en vigueur.' };
    out.push({ key: 'pledge', label: CRITERION_LABELS.pledge, ...v, ...stampOf(checks.pledge) });
  }
  if (config.criminalRecord) out.push({ key: 'criminalRecord', label: CRITERION_LABELS.criminalRecord, ...criminalRecordVerdict(checks.criminalRecord, today), ...stampOf(checks.criminalRecord) });
  if (config.standing) out.push({ key: 'standing', label: CRITERION_LABELS.standing, ...standingVerdict(checks.standing), ...stampOf(checks.standing) });
  if (config.cumul) out.push({ key: 'cumul', label: CRITERION_LABELS.cumul, ...cumulVerdict(checks.cumul), ...stampOf(checks.cumul) });
  for (const item of config.checklist) {
    const entry = checks.checklist?.[item.key];
    out.push({ key: `checklist:${item.key}`, label: item.label, ...checklistVerdict(entry), ...stampOf(entry) });
  }
  return out;
}

/** A candidacy meets its criteria when every required one is `ok`. */
export const meetsCriteria = (statuses: CriterionStatus[]) => statuses.every((s) => s.verdict === 'ok');
