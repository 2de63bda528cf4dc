import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { PlacementModel, type Placement } from '../domain/placement';
import { DEFAULT_GROUP_THRESHOLD, SimilarityIndex } from '../domain/similarity';
import { SEEDED_VOCABULARY, type Concept, type Vocabulary } from '../domain/vocabulary';
import { VOCABULARY_SEED, VOCABULARY_SEED_VERSION } from '../domain/vocabulary-seed';
import { CONCEPT_UID, REJECTION_UID } from '../uids';
import type { ContributionRow } from './consultations';

/**
 * Grouping suggestions for the staff workbench, the API and the member side: one
 * similarity index per consultation, kept in memory and checked against the database at
 * every use, so several instances stay correct without talking to each other.
 *
 * - The index is built once per consultation (not per request). Each use brings the
 *   consultation's submitted contributions (the caller reads them anyway) and compares
 *   them with what the index holds: new contributions are folded in; an edited text, a
 *   vocabulary revision or more than `REBUILD_SHARE` new ones since the build rebuild it.
 *   Withdrawn or hidden ones stay in the index but are never returned (callers pass the
 *   ids they may show).
 * - The vocabulary is read from the database (`grouping-concept`, national admins edit it
 *   in the admin panel); its revision is a hash of the concepts' ids and update times.
 * - Staff decisions are data: contributions placed in proposals are labelled examples
 *   (`PlacementModel`), rejections (`grouping-rejection`) are never suggested again.
 */

/** New contributions folded in since the build beyond this share of it: rebuild (IDF and latent axes drift). */
const REBUILD_SHARE = 0.25;
/** Consultations whose index is kept in memory (least recently used dropped first). */
const KEPT = 20;

interface Cached {
  vocabulary: string;
  texts: Map<number, string>;
  index: SimilarityIndex;
}

export interface Rejection {
  contribution: number;
  proposal: string | null;
  other: number | null;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const indexes = new Map<number, Cached>();
  let vocabularyCache: Vocabulary | null = null;
  const stamp = (row: ContributionRow) => `${row.updatedAt ?? ''}|${row.title.length}|${row.body.length}`;

  return {
    /**
     * Seeds the vocabulary (bootstrap): every seeded concept whose key is not in the table yet,
     * when the table's seed version is older than the code's. Concepts staff wrote or changed
     * are never overwritten. @returns how many concepts were added
     */
    async seedVocabulary(): Promise<number> {
      const rows: { key: string; seedVersion: number | null }[] = await strapi.db.query(CONCEPT_UID).findMany({ select: ['key', 'seedVersion'] });
      const version = Math.max(0, ...rows.map((r) => r.seedVersion ?? 0));
      if (version >= VOCABULARY_SEED_VERSION) return 0;
      const known = new Set(rows.map((r) => r.key));
      let added = 0;
      for (const concept of VOCABULARY_SEED) {
        if (known.has(concept.key)) continue;
        await strapi.db.query(CONCEPT_UID).create({
          data: { key: concept.key, label: concept.label, variants: concept.variants.join('\n'), active: true, seedVersion: VOCABULARY_SEED_VERSION },
        });
        added++;
      }
      if (added === 0 && rows.length) {
        // Mark the table as seeded at this version (one row carries it).
        const first = await strapi.db.query(CONCEPT_UID).findOne({ where: { key: VOCABULARY_SEED[0].key } });
        if (first) await strapi.db.query(CONCEPT_UID).update({ where: { id: first.id }, data: { seedVersion: VOCABULARY_SEED_VERSION } });
      }
      return added;
    },

    /** The active vocabulary, as the index reads it (the seed when the table is empty). */
    async vocabulary(): Promise<Vocabulary> {
      const rows: { id: number; key: string; label: string; variants: string; active: boolean; updatedAt: string }[] = await strapi.db
        .query(CONCEPT_UID)
        .findMany({ select: ['id', 'key', 'label', 'variants', 'active', 'updatedAt'], orderBy: { id: 'asc' } });
      if (rows.length === 0) return SEEDED_VOCABULARY;
      const revision = createHash('sha256')
        .update(rows.map((r) => `${r.id}:${new Date(r.updatedAt).getTime()}:${r.active}`).join(','))
        .digest('hex')
        .slice(0, 16);
      if (vocabularyCache?.revision !== revision) {
        const concepts: Concept[] = rows
          .filter((r) => r.active)
          .map((r) => ({ key: r.key, label: r.label, variants: r.variants.split(/\r?\n/).map((x) => x.trim()).filter(Boolean) }));
        vocabularyCache = { revision, concepts };
      }
      return vocabularyCache;
    },

    /**
     * The consultation's index, up to date with these rows (its submitted contributions, as
     * just read from the database): built the first time, then kept; see the file's comment.
     */
    async indexOf(consultationId: number, rows: ContributionRow[]): Promise<SimilarityIndex> {
      const vocabulary = await this.vocabulary();
      const usable = rows.filter((r) => r.state === 'submitted');
      let cached = indexes.get(consultationId);
      if (cached && cached.vocabulary === vocabulary.revision) {
        const fresh = usable.filter((r) => !cached!.texts.has(r.id));
        const changed = usable.some((r) => cached!.texts.has(r.id) && cached!.texts.get(r.id) !== stamp(r));
        if (!changed && cached.index.staleness + fresh.length / Math.max(1, cached.index.size) <= REBUILD_SHARE) {
          for (const r of fresh) {
            cached.index.add({ id: r.id, title: r.title, body: r.body });
            cached.texts.set(r.id, stamp(r));
          }
        } else cached = undefined;
      } else cached = undefined;
      if (!cached) {
        cached = {
          vocabulary: vocabulary.revision,
          texts: new Map(usable.map((r) => [r.id, stamp(r)])),
          index: new SimilarityIndex(usable.map((r) => ({ id: r.id, title: r.title, body: r.body })), { vocabulary }),
        };
      }
      indexes.delete(consultationId);
      indexes.set(consultationId, cached);
      while (indexes.size > KEPT) indexes.delete(indexes.keys().next().value!);
      return cached.index;
    },

    /** Staff decisions recorded for the consultation: contribution ids, proposal documentIds. */
    async rejectionsOf(consultationId: number): Promise<Rejection[]> {
      const rows: { contribution: { id: number } | null; proposal: { documentId: string } | null; other: { id: number } | null }[] = await strapi.db
        .query(REJECTION_UID)
        .findMany({ where: { consultation: { id: consultationId } }, populate: { contribution: { select: ['id'] }, proposal: { select: ['documentId'] }, other: { select: ['id'] } } });
      return rows.flatMap((r) => (r.contribution ? [{ contribution: r.contribution.id, proposal: r.proposal?.documentId ?? null, other: r.other?.id ?? null }] : []));
    },

    /**
     * Suggestions for the contributions not yet in a proposal: « add to proposal P » from
     * the proposals formed so far, then groups of the rest to turn into new proposals. Each
     * with its confidence (0–1) and its reasons (shared words, concepts).
     */
    async suggestions(consultationId: number, rows: ContributionRow[], options: { threshold?: number; limit?: number } = {}) {
      const threshold = options.threshold ?? DEFAULT_GROUP_THRESHOLD;
      const usable = rows.filter((r) => r.state === 'submitted');
      const index = await this.indexOf(consultationId, usable);
      const rejections = await this.rejectionsOf(consultationId);
      const placed: Placement[] = usable.flatMap((r) => (r.proposal && r.proposal.state === 'active' ? [{ id: r.id, proposal: r.proposal.documentId }] : []));
      const unassigned = usable.filter((r) => !r.proposal).map((r) => r.id);
      const apart = rejections.flatMap((r) => (r.other ? [[r.contribution, r.other] as [number, number]] : []));
      const model = new PlacementModel(index, placed, {
        candidates: unassigned,
        rejected: rejections.flatMap((r) => (r.proposal ? [{ id: r.contribution, proposal: r.proposal }] : [])),
        apart,
        threshold,
      });
      const placements = model.suggestAll().slice(0, Math.max(10, (options.limit ?? 10) * 3));
      const toPlace = new Set(placements.map((p) => p.id));
      const groups = index
        .groups({
          threshold,
          ids: unassigned.filter((id) => !toPlace.has(id)),
          apart,
        })
        .slice(0, options.limit ?? 10)
        .map((g) => ({ ...g, confidence: Math.min(1, g.linkage / (2 * threshold)) }));
      return { placements, groups, unassigned: unassigned.length, threshold };
    },

    /** Forgets every kept index (tests; a deployment never needs it: stamps keep them correct). */
    forget() {
      indexes.clear();
      vocabularyCache = null;
    },
  };
};
