/**
 * The conflicts commission's procedure as a pure state machine (statutes, title
 * « Discipline »; rights of the defence: notice, written defence, hearing):
 *
 *   received → investigation → notified → hearing → decided → final
 *                                                       ↘ appeal → final (national decision)
 *
 * Each transition is checked here from the case's dates and today's Paris date; the
 * commands persist it. Dates are Paris calendar dates (YYYY-MM-DD).
 */
import { addDays, frenchDate } from '@intranet-militant/shared';
import type { Gravity } from './scale';

export const STATES = ['received', 'investigation', 'notified', 'hearing', 'decided', 'appeal', 'final'] as const;
export type State = (typeof STATES)[number];

export const STATE_LABELS: Record<State, string> = {
  received: 'Saisine reçue',
  investigation: 'Instruction',
  notified: 'Notifiée, audition fixée',
  hearing: 'Audition tenue',
  decided: 'Décision rendue',
  appeal: 'En appel devant la commission nationale',
  final: 'Définitive',
};

export interface ProcedureSettings {
  /** Notice between notification and hearing, in days (default 15). */
  noticeDays: number;
  /** Appeal window after the decision, in days (default 30). */
  appealDays: number;
  /** Repeat-offence window, in years (default 3). */
  repeatYears: number;
  /** Days allowed in each state before the case is overdue. */
  deadlines: { received: number; investigation: number; hearing: number; appeal: number };
  /** Longest precautionary suspension, in days. */
  precautionaryMaxDays: number;
}

export const DEFAULT_SETTINGS: ProcedureSettings = {
  noticeDays: 15,
  appealDays: 30,
  repeatYears: 3,
  deadlines: { received: 15, investigation: 60, hearing: 30, appeal: 60 },
  precautionaryMaxDays: 180,
};

/** The dates of a case that the procedure reads. */
export interface CaseDates {
  state: State;
  gravity: Gravity;
  receivedOn: string;
  investigationOn?: string | null;
  notifiedOn?: string | null;
  hearingOn?: string | null;
  heardOn?: string | null;
  decidedOn?: string | null;
  appealedOn?: string | null;
  /** Last day of a precautionary suspension (inclusive), if one was ordered. */
  precautionaryUntil?: string | null;
}

/** A refused transition: `conflict` (409) with the French reason, or `invalid` (400) on a field. */
export type Refusal = { kind: 'conflict'; message: string } | { kind: 'invalid'; field: string; message: string };

/** The last day of a suspension of `months` starting on `from` (inclusive): 2026-01-15 + 1 month → 2026-02-14. */
export function suspensionEnd(from: string, months: number): string {
  const [y, m, d] = from.split('-').map(Number);
  const end = new Date(Date.UTC(y, m - 1 + months, d));
  // 31 January + 1 month: the month has no 31st, the suspension runs to its last day.
  if (end.getUTCDate() !== d) end.setUTCDate(0);
  else end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

const wrongState = (expected: State[], actual: State): Refusal => ({
  kind: 'conflict',
  message: `L’affaire est à l’étape « ${STATE_LABELS[actual]} » : cette action est possible à l’étape ${expected.map((s) => `« ${STATE_LABELS[s]} »`).join(' ou ')}.`,
});

/** Opening the investigation. */
export function checkInvestigate(c: CaseDates): Refusal | null {
  return c.state === 'received' ? null : wrongState(['received'], c.state);
}

/** The earliest hearing date for a notice given `today`. */
export const earliestHearing = (today: string, s: ProcedureSettings) => addDays(today, s.noticeDays);

/** Notifying the respondent (facts, rights, hearing date at least `noticeDays` later); again while notified to move the hearing. */
export function checkNotify(c: CaseDates, hearingOn: string, today: string, s: ProcedureSettings): Refusal | null {
  if (c.state !== 'investigation' && c.state !== 'notified') return wrongState(['investigation', 'notified'], c.state);
  const earliest = earliestHearing(today, s);
  if (hearingOn < earliest) {
    return { kind: 'invalid', field: 'hearingOn', message: `L’audition doit avoir lieu au moins ${s.noticeDays} jours après la notification : le ${frenchDate(earliest)} au plus tôt.` };
  }
  return null;
}

/** Recording the hearing (held, or the respondent's absence): not before its date. */
export function checkHearing(c: CaseDates, today: string): Refusal | null {
  if (c.state !== 'notified') return wrongState(['notified'], c.state);
  if (c.hearingOn && today < c.hearingOn) return { kind: 'conflict', message: `L’audition est fixée au ${frenchDate(c.hearingOn)} : elle ne peut être consignée avant.` };
  return null;
}

/** A decision needs the notification and the hearing (or the record of absence): 409 otherwise. */
export function checkDecide(c: CaseDates): Refusal | null {
  if (c.state === 'hearing') return null;
  if (['received', 'investigation', 'notified'].includes(c.state)) {
    return { kind: 'conflict', message: 'Aucune décision sans notification des faits et audition de la personne mise en cause (ou constat de son absence).' };
  }
  return { kind: 'conflict', message: 'Une décision a déjà été rendue dans cette affaire.' };
}

/** The last day to appeal a decision. */
export const appealEnds = (decidedOn: string, s: ProcedureSettings) => addDays(decidedOn, s.appealDays);

/** Appeal by the respondent to the national commission, within `appealDays` of the decision. */
export function checkAppeal(c: CaseDates, today: string, s: ProcedureSettings): Refusal | null {
  if (c.state === 'appeal') return { kind: 'conflict', message: 'Un appel est déjà en cours.' };
  if (c.state !== 'decided' || !c.decidedOn) return { kind: 'conflict', message: 'Seule une décision rendue et non définitive peut faire l’objet d’un appel.' };
  if (today > appealEnds(c.decidedOn, s)) return { kind: 'conflict', message: `Le délai d’appel a pris fin le ${frenchDate(appealEnds(c.decidedOn, s))}.` };
  return null;
}

/** The national commission's decision on an appeal. */
export function checkNationalDecision(c: CaseDates): Refusal | null {
  return c.state === 'appeal' ? null : wrongState(['appeal'], c.state);
}

/** A decision becomes final once its appeal window has passed without appeal. */
export function checkFinalize(c: CaseDates, today: string, s: ProcedureSettings): Refusal | null {
  if (c.state !== 'decided' || !c.decidedOn) return wrongState(['decided'], c.state);
  if (today <= appealEnds(c.decidedOn, s)) return { kind: 'conflict', message: `Le délai d’appel court jusqu’au ${frenchDate(appealEnds(c.decidedOn, s))} inclus.` };
  return null;
}

/**
 * A written defence is received from the notification until the decision — and, while a
 * precautionary suspension runs, from its start: the respondent may contest a measure that
 * already bars them (rights of the defence) before the notification opens the procedure.
 */
export function checkDefence(c: CaseDates, today: string): Refusal | null {
  if (c.state === 'notified' || c.state === 'hearing') return null;
  if ((c.state === 'received' || c.state === 'investigation') && c.precautionaryUntil && c.precautionaryUntil >= today) return null;
  return { kind: 'conflict', message: 'Une défense écrite est reçue entre la notification et la décision (ou pendant une suspension conservatoire).' };
}

/** Documents are added to the file until the decision. */
export function checkDocument(c: CaseDates): Refusal | null {
  return ['received', 'investigation', 'notified', 'hearing'].includes(c.state) ? null : { kind: 'conflict', message: 'Le dossier est clos : la décision est rendue.' };
}

/** A precautionary suspension: grave acts only, before the decision, for at most `precautionaryMaxDays`. */
export function checkPrecautionary(c: CaseDates, until: string, today: string, s: ProcedureSettings): Refusal | null {
  if (c.gravity !== 'grave') return { kind: 'conflict', message: 'La suspension conservatoire est réservée aux actes graves (discrimination, harcèlement).' };
  if (!['received', 'investigation', 'notified', 'hearing'].includes(c.state)) return { kind: 'conflict', message: 'La suspension conservatoire précède la décision.' };
  if (until <= today) return { kind: 'invalid', field: 'until', message: `La suspension conservatoire doit finir après le ${frenchDate(today)}.` };
  const latest = addDays(today, s.precautionaryMaxDays);
  if (until > latest) return { kind: 'invalid', field: 'until', message: `La suspension conservatoire dure au plus ${s.precautionaryMaxDays} jours : jusqu’au ${frenchDate(latest)}.` };
  return null;
}

/**
 * When the sanction takes effect: at once for a grave act (an appeal does not suspend it),
 * otherwise when the decision becomes final (the appeal window suspends it).
 */
export const effectiveAtDecision = (gravity: Gravity) => gravity === 'grave';

/**
 * The date by which the case should leave its current state, or null when nothing is
 * expected (final, or a decision whose window is running: the clock finalises it).
 */
export function dueBy(c: CaseDates, s: ProcedureSettings): string | null {
  switch (c.state) {
    case 'received':
      return addDays(c.receivedOn, s.deadlines.received);
    case 'investigation':
      return addDays(c.investigationOn ?? c.receivedOn, s.deadlines.investigation);
    case 'notified':
      return c.hearingOn ?? null;
    case 'hearing':
      return addDays(c.heardOn ?? c.hearingOn ?? c.receivedOn, s.deadlines.hearing);
    case 'decided':
      return c.decidedOn ? addDays(appealEnds(c.decidedOn, s), 1) : null;
    case 'appeal':
      return addDays(c.appealedOn ?? c.receivedOn, s.deadlines.appeal);
    default:
      return null;
  }
}

/** Is the case past its current step's deadline on `today`? */
export function isOverdue(c: CaseDates, today: string, s: ProcedureSettings): boolean {
  const due = dueBy(c, s);
  return due !== null && today > due;
}
