import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { CONSULTATION_PHASE_CHANGED, ConflictError, emitEvent, getService, recordAudit, SYSTEM_ACTOR, withTransaction, type AuditActor } from '@intranet-militant/shared';
import { nextPhase, PHASE_LABELS, phaseByClock, plannedEnd, type Phase } from '../domain/phases';
import { BALLOTS } from '../storage';
import { CONSULTATION_UID, SYNTHESIS_UID } from '../uids';
import { placeLinkColumns, type Consultation } from './consultations';

const TABLE = 'consultations_consultations';
/** Versions of rows `holdDocument` keeps in memory (then forgotten all at once), and for how long. */
const HELD_ROWS = 500;
const HELD_ROW_MS = 10 * 60_000;

/** A consultation's row version and links as a lock last read them. */
interface HeldVersion {
  id: number;
  version: string;
  federationId: number | null;
  sectionId: number | null;
}

/**
 * Rows kept by version in this process (issue 13: a vote's first statement locks the
 * consultation's row and reads its version; the row itself — a query-engine read — is
 * read again only when it has changed). A version names one state of a row for good (a
 * PostgreSQL xmin of a committed transaction), so nothing needs invalidating; entries
 * expire after HELD_ROW_MS all the same (xids wrap around after four billion transactions).
 * Each read hands out its own copy.
 */
function versionedRows<Row>() {
  const kept = new Map<number, { version: string; row: Row; at: number }>();
  return {
    /** A copy of the row at that version if kept, without reading anything (else null). */
    peek(id: number, version: string): Row | null {
      const entry = kept.get(id);
      return entry && entry.version === version && Date.now() - entry.at < HELD_ROW_MS ? structuredClone(entry.row) : null;
    },
    async read(id: number, version: string, load: () => Promise<Row | null>): Promise<Row | null> {
      const now = Date.now();
      const copy = this.peek(id, version);
      if (copy) return copy;
      const row = await load();
      if (!row) return row;
      if (kept.size >= HELD_ROWS) kept.clear();
      kept.set(id, { version, row: structuredClone(row), at: now });
      return row;
    },
  };
}

/**
 * Phases move forward by the clock (on their end date) or by staff (earlier). Either way
 * the step goes through `moveTo`, in a transaction that holds the consultation's row, and
 * is written in the audit log.
 *
 * Reads never write: a reader sees the consultation `effective`ly — the phase the clock
 * has brought it to by now, computed from the calendar (`phaseByClock`), with the results
 * of a vote that has ended counted from the ballots, without writing anything. The steps
 * themselves, and what entering a phase implies (the roll closed, the synthesis
 * submitted or adopted, the ballots shuffled), happen in the minute's `tick` (safe with
 * several instances: each consultation is moved under its row lock, skipped when another
 * holds it), or in the first write that needs them (`inPhase` settles the clock in its
 * transaction before checking the phase).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const consultations = () => getService(strapi, 'consultations', 'consultations');
  const tallies = () => getService(strapi, 'consultations', 'tallies');
  const postgres = () => strapi.db.dialect.client === 'postgres';
  /** A consultation's row alone (its places are added by `withPlaces`). */
  const rowById = (id: number): Promise<Consultation | null> => strapi.db.query(CONSULTATION_UID).findOne({ where: { id } });
  const heldRows = versionedRows<Consultation>();
  /** What `holdDocument` last saw under the lock, by document id: the row's version and its links. */
  const lastHeld = new Map<string, HeldVersion>();

  return {
    /** Has a planned end passed since the stored phase (a step may be due)? Pure and cheap. */
    isDue(c: Consultation, now = new Date().toISOString()): boolean {
      return phaseByClock(consultations().calendar(c), c.phase, now, () => true) !== c.phase;
    },

    /** The phase the clock has brought `c` to by `now` (reads the conditions only when a step is due). Writes nothing. */
    async phaseNow(c: Consultation, now = new Date().toISOString()): Promise<Phase> {
      if (!this.isDue(c, now)) return c.phase;
      return phaseByClock(consultations().calendar(c), c.phase, now, await this.conditions(c));
    },

    /**
     * The consultation as readers see it now, without writing: `phase` is the effective
     * phase, `phaseStored` the stored one, `pendingTransition` tells them apart. A vote
     * that has ended by the clock shows its results counted from the ballots, the
     * electorate counted now if the vote's opening (its roll) has not been recorded yet.
     */
    async effective(c: Consultation, now = new Date().toISOString()): Promise<Consultation> {
      const phase = await this.phaseNow(c, now);
      const shown: Consultation = { ...c, phase, phaseStored: c.phase, pendingTransition: phase !== c.phase };
      if (phase === c.phase) return shown;
      if ((phase === 'vote' || phase === 'results') && c.eligibleAtVote == null) {
        shown.eligibleAtVote = await consultations().electorate(c);
      }
      if (phase === 'results') shown.results = await this.resultsOf(shown);
      return shown;
    },

    /** The results of the vote, counted from the ballots (read-only). */
    async resultsOf(c: Consultation) {
      const synthesis = c.kind === 'full' ? await consultations().synthesisOf(c.id) : null;
      const sectionIds = (synthesis?.sections ?? []).map((s: { documentId: string }) => s.documentId);
      return tallies().resultsFrom(c, await tallies().ballotsOf(c.id), sectionIds);
    },

    /**
     * Reloads the consultation holding its row until the transaction ends: `update` to
     * move it (one mover at a time), `share` to write in its phase (a step waits for the
     * writes in progress). Call inside a transaction. PostgreSQL only; SQLite has one writer.
     */
    async hold(id: number, mode: 'update' | 'share'): Promise<Consultation | null> {
      if (postgres()) {
        await withTransaction(strapi, (trx) => trx.raw(`SELECT id FROM ${TABLE} WHERE id = ? FOR ${mode === 'update' ? 'UPDATE' : 'SHARE'}`, [id]));
      }
      return consultations().byId(id);
    },

    /**
     * `hold` by document id, with no read before the lock (a write's first statement).
     * @returns null when there is no such consultation
     */
    async holdDocument(documentId: string, mode: 'update' | 'share'): Promise<Consultation | null> {
      if (!postgres()) return consultations().byDocumentId(documentId);
      const { table, federation, section } = placeLinkColumns(strapi);
      // The lock, the row's version and its links in one statement. `version` is the row's
      // xmin (the transaction that wrote this version of it: every UPDATE changes it), given
      // only while this transaction has no transaction id yet (PostgreSQL 13+'s
      // `pg_current_xact_id_if_assigned`): it has written and locked nothing, so the row read
      // is a committed version (a row this transaction itself wrote could hold several states
      // under one xmin), and the lock did not have to wait for a writer to re-read the row.
      const result = await withTransaction(strapi, (trx) =>
        trx.raw(
          `SELECT c.id, CASE WHEN pg_current_xact_id_if_assigned() IS NULL THEN c.xmin::text END AS version,
                  fl.${federation.place} AS "federationId", sl.${section.place} AS "sectionId"
             FROM ${table} AS c
             LEFT JOIN ${federation.table} AS fl ON fl.${federation.consultation} = c.id
             LEFT JOIN ${section.table} AS sl ON sl.${section.consultation} = c.id
            WHERE c.document_id = ? FOR ${mode === 'update' ? 'UPDATE' : 'SHARE'} OF c`,
          [documentId]
        )
      );
      const held = result.rows?.[0] as { id: number; version: string | null; federationId: number | null; sectionId: number | null } | undefined;
      if (!held) return null;
      // No version: not the first statement, or the lock waited for a writer and PostgreSQL
      // re-read the newer row alone (its links as first seen): row and links read afresh.
      if (held.version === null) return consultations().byId(held.id);
      const row = await heldRows.read(held.id, held.version, () => rowById(held.id));
      if (!row) return null;
      if (lastHeld.size >= HELD_ROWS) lastHeld.clear();
      lastHeld.set(documentId, { id: held.id, version: held.version, federationId: held.federationId, sectionId: held.sectionId });
      const [c] = await consultations().withPlaces([row], [{ id: held.id, federationId: held.federationId, sectionId: held.sectionId }]);
      return c ?? null;
    },

    /**
     * The consultation as this process last held it (`holdDocument`), read from memory, and
     * the guard that proves it still stands (issue 13: a vote in one statement, no
     * transaction). `guard` is a CTE, `held AS (…)`, giving the row's id — locked FOR SHARE
     * until the statement ends — only if its version (xmin) and its federation and section
     * links are still the ones seen; else no row, and a write built on it writes nothing.
     * The clock is not settled here: callers check `isDue` and the phase on `c` themselves.
     *
     * @returns null on SQLite, or when this process has not held that consultation lately
     */
    async lastHeld(documentId: string): Promise<{ c: Consultation; guard: { sql: string; bindings: unknown[] } } | null> {
      if (!postgres()) return null;
      const seen = lastHeld.get(documentId);
      const row = seen ? heldRows.peek(seen.id, seen.version) : null;
      if (!seen || !row) return null;
      const [c] = await consultations().withPlaces([row], [{ id: seen.id, federationId: seen.federationId, sectionId: seen.sectionId }]);
      if (!c) return null;
      const { table, federation, section } = placeLinkColumns(strapi);
      return {
        c,
        guard: {
          sql: `held AS (
            SELECT c.id FROM ${table} AS c
              LEFT JOIN ${federation.table} AS fl ON fl.${federation.consultation} = c.id
              LEFT JOIN ${section.table} AS sl ON sl.${section.consultation} = c.id
             WHERE c.id = ? AND c.xmin::text = ?
               AND fl.${federation.place} IS NOT DISTINCT FROM ? AND sl.${section.place} IS NOT DISTINCT FROM ?
             FOR SHARE OF c)`,
          bindings: [seen.id, seen.version, seen.federationId, seen.sectionId],
        },
      };
    },

    /**
     * Brings a consultation whose row the caller holds (`hold(id, 'update')`) up to the
     * clock: every step due is taken, as the clock's. Writes; returns it as it now stands.
     */
    async settleHeld(c: Consultation, now = new Date().toISOString()): Promise<Consultation> {
      if (!this.isDue(c, now)) return c;
      const goal = phaseByClock(consultations().calendar(c), c.phase, now, await this.conditions(c));
      let current = c;
      while (current.phase !== goal) current = await this.moveTo(current, nextPhase(current.kind, current.phase)!, SYSTEM_ACTOR);
      return current;
    },

    /** Brings the consultation up to the clock, in its own transaction (a write: the integrity checks of the admin panel use it). */
    async settle(c: Consultation, now = new Date().toISOString()): Promise<Consultation> {
      if (!this.isDue(c, now)) return c;
      return strapi.db.transaction(async () => this.settleHeld((await this.hold(c.id, 'update')) ?? c, now));
    },

    /** What the next phases need: proposals to evaluate, a synthesis to vote on. */
    async conditions(c: Consultation): Promise<(phase: Phase) => boolean> {
      if (c.kind === 'quick') return () => true;
      const proposals = (await consultations().proposalsOf(c.id)).some((p) => p.state === 'active');
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
     * One step forward from the phase `seen` is in, with what entering the next implies.
     * The row is held exclusively (writes in a phase hold it shared, so a vote in
     * progress finishes first); if the phase moved meanwhile, nothing happens: 409.
     */
    async moveTo(seen: Consultation, phase: Phase, actor: AuditActor): Promise<Consultation> {
      return strapi.db.transaction(async ({ onCommit }) => {
        const c = (await this.hold(seen.id, 'update'))!;
        if (c.phase !== seen.phase) {
          throw new ConflictError(`La consultation est déjà passée en phase « ${PHASE_LABELS[c.phase]} ».`, { phase: c.phase });
        }
        const now = new Date().toISOString();
        const data: Record<string, unknown> = { phase, phaseChangedAt: now };
        // Ended early by staff: the published calendar shows when the phase really ended.
        const end = plannedEnd(consultations().calendar(c), c.phase);
        if (end && end > now) data[c.phase === 'upcoming' ? 'opensAt' : `${c.phase}EndsAt`] = now;
        if (phase === 'vote') {
          // The roll is closed when the vote opens, in this transaction (« liste électorale
          // arrêtée »): who may vote from now on; its size is the electorate the turnout and
          // the quorum are shares of. Once: the row is held FOR UPDATE and the phase checked
          // above, and the minute's tick skips a row another instance holds.
          data.eligibleAtVote = await getService(strapi, 'consultations', 'roll').close({ consultationId: c.id }, consultations().rollQuestion(c));
          data.rollClosedAt = now;
          const synthesis = c.kind === 'full' ? await consultations().synthesisOf(c.id) : null;
          if (synthesis) await strapi.db.query(SYNTHESIS_UID).update({ where: { id: synthesis.id }, data: { state: 'submitted' } });
        }
        if (phase === 'results') {
          await shuffleBallots(c.id);
          const results = await this.resultsOf({ ...c, ...data } as Consultation);
          data.results = results;
          const synthesis = c.kind === 'full' ? await consultations().synthesisOf(c.id) : null;
          if (synthesis) {
            await strapi.db.query(SYNTHESIS_UID).update({ where: { id: synthesis.id }, data: { state: 'adopted' in results && results.adopted ? 'adopted' : 'rejected' } });
          }
          if (postgres()) {
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
        // Members are told (notifications), in this transaction: a step rolled back tells nobody.
        await emitEvent(strapi, CONSULTATION_PHASE_CHANGED, { consultationId: c.id, from: c.phase, to: phase });
        return consultations().byId(c.id);
      });
    },

    /**
     * Every minute (cron): brings every running consultation up to date, each in its own
     * transaction under its row lock. On PostgreSQL a row another instance (or a write) is
     * moving is skipped (`SKIP LOCKED`): that one brings it up to date.
     */
    async tick(now = new Date().toISOString()) {
      const running = await strapi.db.query(CONSULTATION_UID).findMany({
        where: { phase: { $in: ['upcoming', 'contribution', 'analysis', 'evaluation', 'vote'] } },
        populate: { federation: { select: ['id'] } },
      });
      for (const row of running as Consultation[]) {
        if (!this.isDue(row, now)) continue;
        try {
          await strapi.db.transaction(async () => {
            if (postgres()) {
              const locked = await withTransaction(strapi, (trx) => trx.raw(`SELECT id FROM ${TABLE} WHERE id = ? FOR UPDATE SKIP LOCKED`, [row.id]));
              if (!(locked as { rows: unknown[] }).rows.length) return;
            }
            const c = await consultations().byId(row.id);
            if (c) await this.settleHeld(c, now);
          });
        } catch (error) {
          strapi.log.error(`Consultation clock: consultation ${row.id} could not move on: ${(error as Error).message}`);
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
    if (!postgres()) return; // SQLite stores them by their random key
    await withTransaction(strapi, (trx) =>
      trx.raw(
        `WITH taken AS (DELETE FROM ${BALLOTS} WHERE consultation_id = ? RETURNING *)
         INSERT INTO ${BALLOTS} SELECT * FROM taken ORDER BY random()`,
        [consultationId]
      )
    );
  }
};
