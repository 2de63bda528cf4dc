import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { withSeedLock } from '@intranet-militant/shared';
import { embeddingInput, embeddingKey, embeddingProviderFromEnv, packVector, unpackVector, type EmbeddingProvider } from '../domain/embeddings';
import { frenchDictionarySize, frenchDictionaryState, preloadFrenchDictionary } from '../domain/french-dictionary';
import { PlacementModel, type Placement, type ProposalText } from '../domain/placement';
import { DEFAULT_GROUP_THRESHOLD, SimilarityIndex } from '../domain/similarity';
import { SEEDED_VOCABULARY, type Concept, type Vocabulary } from '../domain/vocabulary';
import { VOCABULARY_SEED, VOCABULARY_SEED_VERSION } from '../domain/vocabulary-seed';
import { CONCEPT_UID, EMBEDDING_UID, PROPOSAL_UID, REJECTION_UID } from '../uids';
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
 * - Optional sentence embeddings (`GROUPING_EMBEDDINGS_URL`, `domain/embeddings.ts`): each
 *   text's vector is looked up in memory, then in `grouping-embedding` (by a hash of model
 *   and text), then asked of the service. Vectors computed while serving a read are kept
 *   in memory and written by the next write (a submission or an edit: reads never write).
 *   A service that fails or times out leaves the suggestions lexical, with a log line, and
 *   is not asked again for `RETRY_AFTER_MS`; the index is rebuilt with embeddings once
 *   they are available again.
 */

/** New contributions folded in since the build beyond this share of it: rebuild (IDF and latent axes drift). */
const REBUILD_SHARE = 0.25;
/** Consultations whose index is kept in memory (least recently used dropped first). */
const KEPT = 20;
/** After the embedding service failed, it is not asked again for this long (suggestions stay lexical meanwhile). */
const RETRY_AFTER_MS = 60_000;
/** Vectors kept in memory per process (least recently used dropped first). */
const VECTORS_KEPT = 50_000;
/** Keys looked up in the database per query. */
const LOOKUP_CHUNK = 500;

interface Cached {
  vocabulary: string;
  /** The embedding model the index was built with, or null (lexical only). */
  embeddings: string | null;
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
  const vectors = new Map<string, Float32Array>();
  /** Vectors computed during a read, written by the next write. */
  const unsaved = new Map<string, { model: string; vector: Float32Array }>();
  let provider: { url: string; model: string; instance: EmbeddingProvider | null } | null = null;
  let failedAt = -Infinity;
  const remember = (key: string, vector: Float32Array) => {
    vectors.delete(key);
    vectors.set(key, vector);
    while (vectors.size > VECTORS_KEPT) vectors.delete(vectors.keys().next().value!);
  };
  const inRead = () => {
    const method = (strapi.requestContext?.get() as { method?: string } | undefined)?.method;
    return method === 'GET' || method === 'HEAD';
  };
  const stamp = (row: ContributionRow) => `${row.updatedAt ?? ''}|${row.title.length}|${row.body.length}`;

  return {
    /**
     * Loads the typo correction's French dictionary in a worker thread (`domain/french-dictionary.ts`),
     * off the event loop; the plugin's bootstrap calls it without waiting. Never rejects.
     * @returns how it was loaded (`worker`; `first use` when a correction came first; `failed`:
     * it will load synchronously at the first use) and its size (null when not loaded)
     */
    async preloadDictionary() {
      const loaded = await preloadFrenchDictionary();
      return { loaded, size: frenchDictionarySize() };
    },

    /** Where the French dictionary stands now (`loading`: the boot's worker is at it). */
    dictionaryState: frenchDictionaryState,

    /**
     * Seeds the vocabulary (bootstrap), when the table's seed version is older than the code's:
     * every seeded concept whose key is not in the table yet is added, and a seeded concept
     * nobody edited in the admin panel (no `updatedBy`: the panel stamps it on every save)
     * takes the new seed's label and variants. Concepts staff wrote or changed are never
     * overwritten. Instances booting together take turns (`withSeedLock`).
     * @returns how many concepts were added or brought up to date
     */
    async seedVocabulary(): Promise<number> {
      return withSeedLock(strapi, 'consultations-vocabulary', async () => {
        const rows: { id: number; key: string; seedVersion: number | null; updatedBy: { id: number } | null }[] = await strapi.db
          .query(CONCEPT_UID)
          .findMany({ select: ['id', 'key', 'seedVersion'], populate: { updatedBy: { select: ['id'] } } });
        const version = Math.max(0, ...rows.map((r) => r.seedVersion ?? 0));
        if (version >= VOCABULARY_SEED_VERSION) return 0;
        const byKey = new Map(rows.map((r) => [r.key, r]));
        let changed = 0;
        for (const concept of VOCABULARY_SEED) {
          const data = { key: concept.key, label: concept.label, variants: concept.variants.join('\n'), seedVersion: VOCABULARY_SEED_VERSION };
          const row = byKey.get(concept.key);
          if (!row) await strapi.db.query(CONCEPT_UID).create({ data: { ...data, active: true } });
          else if (row.seedVersion !== null && !row.updatedBy) await strapi.db.query(CONCEPT_UID).update({ where: { id: row.id }, data });
          else continue;
          changed++;
        }
        if (changed === 0 && rows.length) {
          // Mark the table as seeded at this version (one row carries it).
          const first = await strapi.db.query(CONCEPT_UID).findOne({ where: { key: VOCABULARY_SEED[0].key } });
          if (first) await strapi.db.query(CONCEPT_UID).update({ where: { id: first.id }, data: { seedVersion: VOCABULARY_SEED_VERSION } });
        }
        return changed;
      });
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

    /** The configured embedding provider, or null (none configured, or a bad address: logged once). */
    embeddingProvider(): EmbeddingProvider | null {
      const [url, model] = [process.env.GROUPING_EMBEDDINGS_URL ?? '', process.env.GROUPING_EMBEDDINGS_MODEL ?? ''];
      if (provider?.url !== url || provider.model !== model) {
        let instance: EmbeddingProvider | null = null;
        try {
          instance = embeddingProviderFromEnv();
        } catch (error) {
          strapi.log.error(`Grouping embeddings off: ${(error as Error).message}`);
        }
        provider = { url, model, instance };
        failedAt = -Infinity;
      }
      return provider.instance;
    },

    /**
     * Sentence embeddings of these texts by id, or null when no provider is configured, it
     * failed (logged; not asked again for `RETRY_AFTER_MS`) or it is resting after a failure.
     * Each text is embedded once per model: memory, then the database, then the service.
     * Outside a read, new vectors are stored at once; during one, kept for the next write.
     */
    async embeddingsOf(texts: { id: number; title: string; body: string }[]): Promise<{ model: string; vectors: Map<number, Float32Array> } | null> {
      const embedder = this.embeddingProvider();
      if (!embedder || texts.length === 0) return null;
      const keyed = texts.map((t) => ({ id: t.id, input: embeddingInput(t), key: '' }));
      for (const k of keyed) k.key = embeddingKey(embedder.model, k.input);
      let missing = keyed.filter((k) => !vectors.has(k.key));
      for (let start = 0; start < missing.length; start += LOOKUP_CHUNK) {
        const keys = [...new Set(missing.slice(start, start + LOOKUP_CHUNK).map((k) => k.key))];
        const rows: { key: string; vector: string }[] = await strapi.db.query(EMBEDDING_UID).findMany({ where: { key: { $in: keys } }, select: ['key', 'vector'] });
        for (const row of rows) {
          try {
            remember(row.key, unpackVector(row.vector));
          } catch {
            // A damaged row: its text is asked of the service again (the row stays until deleted).
          }
        }
      }
      missing = missing.filter((k) => !vectors.has(k.key));
      if (missing.length) {
        if (Date.now() - failedAt < RETRY_AFTER_MS) return null;
        const unique = [...new Map(missing.map((k) => [k.key, k])).values()];
        try {
          const answered = await embedder.embed(unique.map((k) => k.input));
          unique.forEach((k, i) => {
            const vector = Float32Array.from(answered[i]);
            remember(k.key, vector);
            unsaved.set(k.key, { model: embedder.model, vector });
          });
        } catch (error) {
          failedAt = Date.now();
          strapi.log.warn(`Grouping embeddings unavailable (${(error as Error).message}): suggestions stay lexical for ${RETRY_AFTER_MS / 1000} s.`);
          return null;
        }
        if (!inRead()) await this.saveEmbeddings();
      }
      const found = new Map<number, Float32Array>();
      for (const k of keyed) found.set(k.id, vectors.get(k.key)!);
      const lengths = new Set([...found.values()].map((v) => v.length));
      if (lengths.size > 1) {
        strapi.log.warn(`Grouping embeddings of different lengths for model ${embedder.model}: suggestions stay lexical.`);
        return null;
      }
      return { model: embedder.model, vectors: found };
    },

    /**
     * Stores the vectors computed during reads (a write: commands call it after a submission
     * or an edit, with the new texts to embed). Best effort: failures are logged.
     * @returns how many vectors were stored
     */
    async saveEmbeddings(texts: { id: number; title: string; body: string }[] = []): Promise<number> {
      if (texts.length) await this.embeddingsOf(texts);
      if (unsaved.size === 0 || inRead()) return 0;
      const batch = [...unsaved.entries()];
      unsaved.clear();
      let saved = 0;
      for (let start = 0; start < batch.length; start += LOOKUP_CHUNK) {
        const chunk = batch.slice(start, start + LOOKUP_CHUNK);
        try {
          const known = new Set(
            ((await strapi.db.query(EMBEDDING_UID).findMany({ where: { key: { $in: chunk.map(([key]) => key) } }, select: ['key'] })) as { key: string }[]).map((r) => r.key)
          );
          for (const [key, v] of chunk) {
            if (known.has(key)) continue;
            // Another instance may store the same key meanwhile: either row serves.
            await strapi.db.query(EMBEDDING_UID).create({ data: { key, model: v.model, dimensions: v.vector.length, vector: packVector(v.vector) } });
            saved++;
          }
        } catch (error) {
          strapi.log.warn(`Grouping embeddings not stored: ${(error as Error).message}`);
        }
      }
      return saved;
    },

    /** Writes the vectors of new or edited texts in the background (commands call it); never throws. */
    embedInBackground(texts: { id: number; title: string; body: string }[]): void {
      if (!this.embeddingProvider()) return;
      this.saveEmbeddings(texts).catch((error: Error) => strapi.log.warn(`Grouping embeddings not stored: ${error.message}`));
    },

    /**
     * The consultation's index, up to date with these rows (its submitted contributions, as
     * just read from the database): built the first time, then kept; see the file's comment.
     */
    async indexOf(consultationId: number, rows: ContributionRow[]): Promise<SimilarityIndex> {
      const vocabulary = await this.vocabulary();
      const usable = rows.filter((r) => r.state === 'submitted');
      const embedder = this.embeddingProvider();
      let cached = indexes.get(consultationId);
      // An index built without embeddings while a provider is configured is rebuilt when they come back.
      const model = embedder?.model ?? null;
      const resting = Date.now() - failedAt < RETRY_AFTER_MS;
      if (cached && cached.vocabulary === vocabulary.revision && (cached.embeddings === model || (cached.embeddings === null && resting))) {
        const fresh = usable.filter((r) => !cached!.texts.has(r.id));
        const changed = usable.some((r) => cached!.texts.has(r.id) && cached!.texts.get(r.id) !== stamp(r));
        const freshVectors = cached.embeddings && fresh.length ? await this.embeddingsOf(fresh) : null;
        if (!changed && (!cached.embeddings || !fresh.length || freshVectors) && cached.index.staleness + fresh.length / Math.max(1, cached.index.size) <= REBUILD_SHARE) {
          for (const r of fresh) {
            cached.index.add({ id: r.id, title: r.title, body: r.body }, freshVectors?.vectors.get(r.id));
            cached.texts.set(r.id, stamp(r));
          }
        } else cached = undefined;
      } else cached = undefined;
      if (!cached) {
        const texts = usable.map((r) => ({ id: r.id, title: r.title, body: r.body }));
        const embedded = await this.embeddingsOf(texts);
        cached = {
          vocabulary: vocabulary.revision,
          embeddings: embedded?.model ?? null,
          texts: new Map(usable.map((r) => [r.id, stamp(r)])),
          index: new SimilarityIndex(texts, { vocabulary, embeddings: embedded?.vectors }),
        };
      }
      indexes.delete(consultationId);
      indexes.set(consultationId, cached);
      while (indexes.size > KEPT) indexes.delete(indexes.keys().next().value!);
      return cached.index;
    },

    /** The consultation's active proposals as staff wrote them (title, summary): each counts as one more source of its proposal. */
    async proposalTextsOf(consultationId: number): Promise<ProposalText[]> {
      const rows: { documentId: string; title: string; summary: string | null }[] = await strapi.db
        .query(PROPOSAL_UID)
        .findMany({ where: { consultation: { id: consultationId }, state: 'active' }, select: ['documentId', 'title', 'summary'] });
      return rows.map((r) => ({ proposal: r.documentId, title: r.title, summary: r.summary }));
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
     * the proposals formed so far (their sources, and their titles and summaries as staff
     * wrote them), then groups of the rest to turn into new proposals. Each with its
     * confidence (0–1) and its reasons (shared words, concepts).
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
        proposals: await this.proposalTextsOf(consultationId),
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
      vectors.clear();
      unsaved.clear();
      provider = null;
      failedAt = -Infinity;
    },
  };
};
