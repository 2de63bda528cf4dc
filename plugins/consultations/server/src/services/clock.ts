import type { Core } from '@strapi/strapi';
import { ConflictError, recordAudit, SYSTEM_ACTOR, withTransaction, type AuditActor } from '@intranet-militant/shared';
import { nextPhase, PHASE_LABELS, phaseByClock, plannedEnd, type Phase } from '../domain/phases';
import { BALLOTS } from '../storage';
import { CONSULTATION_UID, SYNTHESIS_UID } from '../uids';
import type { Consultation } from './consultations';

/**
 * Phases move forward by the clock (on their end date) or by staff (earlier). Either way
 * the step goes through `moveTo`, in a transaction that holds the consultation's row, and
 * is written in the audit log. Commands call `settle` first, so that a request arriving
 * after an end date sees the next phase even if the minute's tick has not run yet.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const consultations = () => strapi.plugin('consultations').service('consultations');
  const tallies = () => strapi.plugin('consultations').service('tallies');

  /** Reloads the consultation holding its row until the transaction ends (one mover at a time). */
  async function lock(id: number) {
    if (strapi.db.dialect.client === 'postgres') {
      await withTransaction(strapi, (trx) => trx.raw('SELECT id FROM consultations_consultations WHERE id = ? FOR UPDATE', [id]));
    }
    return consultations().byId(id) as Promise<Consultation>;
  }

  return {
    /** The consultation as the clock leaves it now. */
    async settle(c: Consultation, now = new Date().toISOString()): Promise<Consultation> {
      // Cheap first: most of the time no phase has ended, and no query is needed.
      if (phaseByClock(consultations().calendar(c), c.phase, now, () => true) === c.phase) return c;
      return strapi.db.transaction(async () => {
        let current = await lock(c.id);
        const mayEnter = await this.conditions(current);
        const goal = phaseByClock(consultations().calendar(current), current.phase, now, mayEnter);
        while (current.phase !== goal) current = await this.moveTo(current, nextPhase(current.kind, current.phase)!, SYSTEM_ACTOR);
        return current;
      });
    },

    /** What the next phases need: proposals to evaluate, a synthesis to vote on. */
    async conditions(c: Consultation): Promise<(phase: Phase) => boolean> {
      if (c.kind === 'quick') return () => true;
      const proposals = (await consultations().proposalsOf(c.id)).some((p: any) => p.state === 'active');
      const synthesis = Boolean((await consultations().synthesisOf(c.id))?.sections?.length);
      return (phase) => (phase === 'evaluation' ? proposals : phase === 'vote' ? synthesis : true);
    },

    /** Why a consultation whose phase has ended has not moved on (null when it has not ended). */
    async waiting(c: Consultation, now = new Date().toISOString()): Promise<string | null> {
      const calendar = consultations().calendar(c);
      const end = plannedEnd(calendar, c.phase);
      const next = nextPhase(c.kind, c.phase);
      if (c.phase === 'draft' || !end || end > now || !next) return null;
      if (!(await this.conditions(c))(next)) {
        return next === 'vote' ? 'La phase est terminée ; le vote ouvrira quand la synthèse sera composée.' : 'La phase est terminée ; l’évaluation ouvrira quand des propositions auront été formées.';
      }
      return `La phase est terminée ; la phase « ${PHASE_LABELS[next]} » attend une nouvelle date de fin.`;
    },

    /**
     * One step forward from the phase `c` is in, with what entering the next implies. The
     * row is held exclusively (commands writing in a phase hold it shared, so a vote in
     * progress finishes first); if the phase moved meanwhile, nothing happens: 409.
     */
    async moveTo(seen: Consultation, phase: Phase, actor: AuditActor): Promise<Consultation> {
      return strapi.db.transaction(async ({ onCommit }) => {
        const c = await lock(seen.id);
        if (c.phase !== seen.phase) {
          throw new ConflictError(`La consultation est déjà passée en phase « ${PHASE_LABELS[c.phase]} ».`, { phase: c.phase });
        }
        const now = new Date().toISOString();
        const data: Record<string, unknown> = { phase, phaseChangedAt: now };
        // Ended early by staff: the published calendar shows when the phase really ended.
        const end = plannedEnd(consultations().calendar(c), c.phase);
        if (end && end > now) data[c.phase === 'upcoming' ? 'opensAt' : `${c.phase}EndsAt`] = now;
        if (phase === 'vote') {
          // The electorate is counted when the vote opens: the quorum is a share of it.
          data.eligibleAtVote = await strapi
            .plugin('membership')
            .service('eligibility')
            .countEligible(consultations().target(c), { cutoff: c.eligibilityCutoff });
          const synthesis = c.kind === 'full' ? await consultations().synthesisOf(c.id) : null;
          if (synthesis) await strapi.db.query(SYNTHESIS_UID).update({ where: { id: synthesis.id }, data: { state: 'submitted' } });
        }
        if (phase === 'results') {
          await shuffleBallots(c.id);
          const synthesis = c.kind === 'full' ? await consultations().synthesisOf(c.id) : null;
          const sectionIds = (synthesis?.sections ?? []).map((s: any) => s.documentId);
          const results = tallies().resultsFrom({ ...c, ...data }, await tallies().ballotsOf(c.id), sectionIds);
          data.results = results;
          if (synthesis) {
            await strapi.db.query(SYNTHESIS_UID).update({ where: { id: synthesis.id }, data: { state: results.adopted ? 'adopted' : 'rejected' } });
          }
          if (strapi.db.dialect.client === 'postgres') {
            // Remove the replaced rows from the table's pages (outside any transaction).
            onCommit(() =>
              strapi.db.connection.raw(`VACUUM ${BALLOTS}`).catch((error: Error) => strapi.log.warn(`VACUUM ${BALLOTS} after a close failed: ${error.message}`))
            );
          }
        }
        await strapi.db.query(CONSULTATION_UID).update({ where: { id: c.id }, data });
        await recordAudit(strapi, {
          actor,
          action: 'plugin::consultations.consultation.phase',
          subject: { type: CONSULTATION_UID, id: c.documentId },
          federationId: c.federation?.id ?? null,
          details: { from: c.phase, to: phase, by: actor.kind === 'system' ? 'clock' : 'staff' },
        });
        return consultations().byId(c.id);
      });
    },

    /** Every minute (cron): brings every running consultation up to date. */
    async tick() {
      const running = await strapi.db.query(CONSULTATION_UID).findMany({
        where: { phase: { $in: ['upcoming', 'contribution', 'analysis', 'evaluation', 'vote'] } },
        select: ['id'],
      });
      for (const { id } of running) {
        try {
          await this.settle(await consultations().byId(id));
        } catch (error) {
          strapi.log.error(`Consultation clock: consultation ${id} could not move on: ${(error as Error).message}`);
        }
      }
    },
  };

  /**
   * PostgreSQL keeps rows in insertion order, and rows written by one transaction share a
   * transaction id: at the close, the ballots are rewritten in random order by the closing
   * transaction, so neither order nor transaction relates them to the register any more.
   */
  async function shuffleBallots(consultationId: number) {
    if (strapi.db.dialect.client !== 'postgres') return; // SQLite stores them by their random key
    await withTransaction(strapi, (trx) =>
      trx.raw(
        `WITH taken AS (DELETE FROM ${BALLOTS} WHERE consultation_id = ? RETURNING *)
         INSERT INTO ${BALLOTS} SELECT * FROM taken ORDER BY random()`,
        [consultationId]
      )
    );
  }
};
