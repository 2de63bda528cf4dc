import type { Core } from '@strapi/strapi';
import { recordAudit, SYSTEM_ACTOR, withTransaction, type AuditActor } from '@intranet-militant/shared';
import { nextPhase, phaseByClock, type Phase } from '../domain/phases';
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
      const hasSynthesis = async (x: Consultation) => x.kind === 'quick' || Boolean(await consultations().synthesisOf(x.id));
      if (phaseByClock(consultations().calendar(c), c.phase, now, await hasSynthesis(c)) === c.phase) return c;
      return strapi.db.transaction(async () => {
        let current = await lock(c.id);
        const goal = phaseByClock(consultations().calendar(current), current.phase, now, await hasSynthesis(current));
        while (current.phase !== goal) current = await this.moveTo(current, nextPhase(current.kind, current.phase)!, SYSTEM_ACTOR);
        return current;
      });
    },

    /** One step forward, with what entering the phase implies. The caller checks it is allowed. */
    async moveTo(c: Consultation, phase: Phase, actor: AuditActor): Promise<Consultation> {
      return strapi.db.transaction(async ({ onCommit }) => {
        const data: Record<string, unknown> = { phase, phaseChangedAt: new Date().toISOString() };
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
            // Reclaim the space of the rows the shuffle replaced (outside any transaction).
            onCommit(() => strapi.db.connection.raw(`VACUUM ${BALLOTS}`).catch(() => undefined));
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
      for (const { id } of running) await this.settle(await consultations().byId(id));
    },
  };

  /**
   * PostgreSQL keeps rows in insertion order, and rows written by one transaction share a
   * transaction id: at the close, the ballots are rewritten in random order by the closing
   * transaction, so neither order nor transaction relates them to the register any more.
   */
  async function shuffleBallots(consultationId: number) {
    if (strapi.db.dialect.client !== 'postgres') return; // SQLite stores them by their random key
    await withTransaction(strapi, async (trx) => {
      const rows = await trx(BALLOTS).where({ consultation_id: consultationId }).select('*').orderByRaw('random()');
      await trx(BALLOTS).where({ consultation_id: consultationId }).del();
      for (let i = 0; i < rows.length; i += 500) await trx(BALLOTS).insert(rows.slice(i, i + 500));
    });
  }
};
