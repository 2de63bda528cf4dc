/**
 * The life of a consultation. A full consultation goes contribution → analysis →
 * evaluation → vote → results; a quick one (one question, a few days) only vote → results.
 * Before opening it is a draft (staff only), then upcoming (its calendar is published).
 * Phases only move forward: staff may end one early; the clock ends it on its end date.
 */
export const PHASES = ['draft', 'upcoming', 'contribution', 'analysis', 'evaluation', 'vote', 'results'] as const;
export type Phase = (typeof PHASES)[number];
export type Kind = 'full' | 'quick';

export const PHASE_LABELS: Record<Phase, string> = {
  draft: 'Brouillon',
  upcoming: 'À venir',
  contribution: 'Contributions',
  analysis: 'Analyse et regroupement',
  evaluation: 'Évaluation',
  vote: 'Vote',
  results: 'Résultats',
};

/** The phases a kind of consultation goes through, in order. */
export function phasesOf(kind: Kind): Phase[] {
  return kind === 'quick' ? ['draft', 'upcoming', 'vote', 'results'] : [...PHASES];
}

/** The working phases that carry a planned end date and people in charge. */
export function workingPhasesOf(kind: Kind): Phase[] {
  return phasesOf(kind).filter((p) => p !== 'draft' && p !== 'upcoming' && p !== 'results');
}

export function nextPhase(kind: Kind, phase: Phase): Phase | null {
  const order = phasesOf(kind);
  const index = order.indexOf(phase);
  return index >= 0 && index < order.length - 1 ? order[index + 1] : null;
}

export interface Calendar {
  kind: Kind;
  /** When the first working phase opens (ISO date-time). */
  opensAt: string;
  /** Planned end of each working phase (ISO date-time). */
  endsAt: Partial<Record<Phase, string>>;
}

/** When the given phase is planned to end, if it ends by the clock. */
export function plannedEnd(calendar: Calendar, phase: Phase): string | null {
  if (phase === 'upcoming') return calendar.opensAt;
  return calendar.endsAt[phase] ?? null;
}

/** Problems with a calendar, in French; empty when it holds together. */
export function calendarProblems(calendar: Calendar): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  let previous = calendar.opensAt;
  for (const phase of workingPhasesOf(calendar.kind)) {
    const end = calendar.endsAt[phase];
    if (!end) {
      problems.push({ path: `phases.${phase}.endsAt`, message: `Indiquez la fin de la phase « ${PHASE_LABELS[phase]} ».` });
      continue;
    }
    if (end <= previous) {
      problems.push({
        path: `phases.${phase}.endsAt`,
        message: `La phase « ${PHASE_LABELS[phase]} » doit finir après ${previous === calendar.opensAt ? 'l’ouverture' : 'la phase précédente'}.`,
      });
    }
    previous = end;
  }
  return problems;
}

/**
 * Where the clock has brought a consultation: from its stored phase, every phase whose
 * planned end has passed is over. Draft never moves by itself. The clock waits, in a
 * phase that has ended, rather than open the next one when it may not (`mayEnter`: the
 * evaluation needs proposals, the vote a synthesis) or when the next one would already
 * be over (staff then give it a new end date): no phase is ever skipped unseen.
 */
export function phaseByClock(calendar: Calendar, stored: Phase, now: string, mayEnter: (phase: Phase) => boolean): Phase {
  let phase = stored;
  for (;;) {
    if (phase === 'draft' || phase === 'results') return phase;
    const end = plannedEnd(calendar, phase);
    const next = nextPhase(calendar.kind, phase);
    if (!end || end > now || !next) return phase;
    const nextEnd = plannedEnd(calendar, next);
    if (!mayEnter(next) || (next !== 'results' && nextEnd && nextEnd <= now)) return phase;
    phase = next;
  }
}

/** Is the phase still accepting work (not past its planned end)? */
export function phaseIsOpen(calendar: Calendar, phase: Phase, current: Phase, now: string): boolean {
  if (current !== phase) return false;
  const end = plannedEnd(calendar, phase);
  return !end || now < end;
}
