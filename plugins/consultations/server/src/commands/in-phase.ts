import type { Core } from '@strapi/strapi';
import { ConflictError, frenchDate, getService, NotFoundError, parisDate } from '@intranet-militant/shared';
import { PHASE_LABELS, phaseIsOpen, type Phase } from '../domain/phases';
import type { Consultation } from '../services/consultations';

/** Which phase a write belongs to, and how it is refused outside it. */
export interface PhaseRule<Checked> {
  /** The phase(s) the write belongs to, or `any` (a write that only needs the row held). */
  phase: Phase | readonly Phase[] | 'any';
  /** The 409's opening words (« Vote impossible »). */
  action?: string;
  /**
   * Also once the phase's planned end has passed, as long as the consultation has not
   * moved on (the synthesis is composed in an ended evaluation that waits for it).
   */
  afterEnd?: boolean;
  /** Hold the row exclusively (the write moves the phase or changes the calendar). */
  exclusive?: boolean;
  /**
   * Who may write, checked before the phase (outsiders learn nothing of it), against the
   * consultation as it stands in the transaction: throws to refuse; what it returns is
   * handed to the write.
   */
  check?: (c: Consultation) => Checked | Promise<Checked>;
  /** A 409 of its own when the phase is not the rule's (null: the standard one). */
  wrongPhase?: (c: Consultation) => ConflictError | null;
}

/**
 * The only way to write in a consultation: opens the transaction, holds the row (FOR
 * SHARE to write in a phase, FOR UPDATE to move it, on PostgreSQL; SQLite has one
 * writer), brings the phase up to the clock (a step due is taken here, as the clock's,
 * if the minute's tick has not taken it yet), runs `check`, refuses with a 409 naming the
 * phase when the write is not the phase's (or the phase has ended), then runs `write`.
 * A refusal still keeps the steps the clock took. A ballot arriving after the deadline is
 * refused whether or not the clock's job has run.
 *
 * @throws NotFoundError (404) for an unknown consultation, ConflictError (409) outside the
 * phase, and whatever `check` or `write` throw.
 */
export async function inPhase<T, Checked = void>(
  strapi: Core.Strapi,
  documentId: string,
  rule: PhaseRule<Checked>,
  write: (c: Consultation, checked: Checked) => Promise<T>
): Promise<T> {
  const clock = getService(strapi, 'consultations', 'clock');
  // Shared first (the usual case); exclusive when the rule says so or a step of the clock is due.
  let exclusive = Boolean(rule.exclusive);
  for (;;) {
    const outcome = await strapi.db.transaction(async (): Promise<{ retry: true } | { refused: unknown } | { done: T }> => {
      const now = new Date().toISOString();
      let c = await clock.holdDocument(documentId, exclusive ? 'update' : 'share');
      if (!c) return { refused: new NotFoundError('Consultation introuvable.') };
      if (exclusive) c = await clock.settleHeld(c, now);
      else if (clock.isDue(c, now)) return { retry: true }; // a step is due: take it first, holding the row exclusively
      let checked: Checked;
      try {
        checked = (await rule.check?.(c)) as Checked;
        assertPhase(strapi, c, rule, now);
      } catch (refusal) {
        return { refused: refusal };
      }
      return { done: await write(c, checked) };
    });
    if ('done' in outcome) return outcome.done;
    if ('refused' in outcome) throw outcome.refused;
    exclusive = true;
  }
}

/**
 * Refuses a write that is not the rule's phase, or comes after the phase's planned end.
 * @throws ConflictError (409) naming the phase
 */
export function assertPhase<Checked>(strapi: Core.Strapi, c: Consultation, rule: PhaseRule<Checked>, now: string): void {
  if (rule.phase === 'any') return;
  const phases: readonly Phase[] = typeof rule.phase === 'string' ? [rule.phase] : rule.phase;
  const action = rule.action ?? 'Action impossible';
  if (!phases.includes(c.phase)) {
    const expected = phases[0];
    throw (
      rule.wrongPhase?.(c) ??
      new ConflictError(`${action} : la consultation est en phase « ${PHASE_LABELS[c.phase]} », pas en phase « ${PHASE_LABELS[expected]} ».`, {
        phase: c.phase,
        expected,
      })
    );
  }
  const calendar = getService(strapi, 'consultations', 'consultations').calendar(c);
  if (!rule.afterEnd && !phaseIsOpen(calendar, c.phase, c.phase, now)) {
    const end = calendar.endsAt[c.phase] ?? calendar.opensAt;
    throw new ConflictError(`${action} : la phase « ${PHASE_LABELS[c.phase]} » est close depuis le ${frenchDate(parisDate(end))}.`, { phase: c.phase, closed: true });
  }
}
