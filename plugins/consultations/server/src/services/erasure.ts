import type { Core } from '@strapi/strapi';
import { getService, type ErasureProvider, type ErasureReport, type ErasureSubject, type RetentionRule } from '@intranet-militant/shared';
import { embeddingInput, embeddingKey } from '../domain/embeddings';
import { GRADES, VOTERS } from '../storage';
import { CONTRIBUTION_UID, EMBEDDING_UID } from '../uids';

export const CONSULTATIONS_RETENTION: readonly RetentionRule[] = [
  {
    id: 'consultations.contributions',
    what: 'Contributions (title, text, category) and the proposals that took them up',
    period: 'As long as the consultation (its published provenance)',
    then: 'Kept with the proposal’s provenance and counts; after erasure the author is the pseudonym, shown as « Contribution d’un ancien adhérent », and their account no longer finds them in search',
    basis: 'The record of the party’s deliberation (statutes); GDPR art. 9(2)(d) and 17(3)(d)–(e): published results must still add up',
  },
  {
    id: 'consultations.grades',
    what: 'Grades given to proposals (effort, impact)',
    period: 'As long as the consultation',
    then: 'Kept, linked to the pseudonymous profile only (the evaluation’s results need every grade)',
    basis: 'Integrity of published results',
  },
  {
    id: 'consultations.voters',
    what: 'Voter register (consultation, member: « a voté »)',
    period: 'As long as the consultation',
    then: 'Kept, linked to the pseudonymous profile only: one vote per member and the turnout; never linked to a ballot (ballots hold no member, no time)',
    basis: 'Integrity of the secret ballot (turnout must equal the ballots)',
  },
  {
    id: 'consultations.rolls',
    what: 'Rolls (« liste électorale arrêtée »: consultation or ballot box, member), the members who may vote, closed when each vote opens',
    period: 'As long as the consultation (or the ballot box’s designation)',
    then: 'Kept, linked to the pseudonymous profile only: the electorate of the turnout and quorum; says who may vote, never linked to a ballot nor to the register',
    basis: 'Integrity of published results (the electorate must stay as counted)',
  },
  {
    id: 'consultations.grouping-embeddings',
    what: 'Sentence vectors of contributions’ texts for grouping suggestions, from the optional embedding service (`consultations_grouping_embeddings`: a hash of the model and the text, the model’s name, the vector; no member, no contribution, no text)',
    period: 'While the text is a contribution’s title and text as they stand and the model is the one configured (`GROUPING_EMBEDDINGS_MODEL`); kept at least one day',
    then: 'Deleted by the hourly retention job: the vectors of edited texts, of another model, and all of them when no embedding service is configured (`GROUPING_EMBEDDINGS_URL` unset)',
    basis: 'GDPR art. 5(1)(c) and (e): a copy derived from the contribution’s text, needed only to suggest groupings with that model',
  },
];

/** A stored vector younger than this is never purged: its contribution may be being written (a vector is stored beside the write that brings its text). */
export const EMBEDDING_GRACE_MS = 24 * 60 * 60 * 1000;
/** Rows deleted per statement (bounded `IN` lists). */
const DELETE_CHUNK = 500;

/**
 * Consultations' part of erasure (issue 22, item 4) and of the retention job. Erasure: nothing is deleted — contributions,
 * grades, the voter register and the rolls name the member by their profile id only, which membership
 * pseudonymises, so the provenance, counts and results stay exactly as published. Reports
 * what is kept. Reads only; idempotent.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: CONSULTATIONS_RETENTION,
    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      const knex = strapi.db.connection;
      const contributions = await strapi.db.query(CONTRIBUTION_UID).count({ where: { author: { id: subject.memberId } } });
      const [grades] = await knex(GRADES).where({ member_id: subject.memberId }).count({ n: '*' });
      const [votes] = await knex(VOTERS).where({ member_id: subject.memberId }).count({ n: '*' });
      const rolls = await getService(strapi, 'consultations', 'roll').of(subject.memberId);
      return {
        source: 'consultations',
        counts: { contributionsKept: contributions, gradesKept: Number(grades.n), votesKept: Number(votes.n), rollsKept: rolls.consultationIds.length + rolls.boxes.length },
      };
    },

    /**
     * The grouping vectors' time limit (row `consultations.grouping-embeddings`): deletes the
     * stored vectors older than `EMBEDDING_GRACE_MS` at `now` whose key is no contribution's
     * current title and text under the configured model — edited or removed texts, another
     * model's vectors, every vector when no embedding service is configured.
     * @returns `{ embeddings }`, the rows deleted (or that would be, on a dry run)
     * @throws only on database failure
     */
    async purge(now: Date, options: { dryRun?: boolean } = {}): Promise<ErasureReport> {
      const model = getService(strapi, 'consultations', 'grouping').embeddingProvider()?.model ?? null;
      const live = new Set<string>();
      if (model) {
        const texts: { title: string; body: string }[] = await strapi.db.query(CONTRIBUTION_UID).findMany({ select: ['title', 'body'] });
        for (const t of texts) live.add(embeddingKey(model, embeddingInput(t)));
      }
      const rows: { id: number; key: string }[] = await strapi.db
        .query(EMBEDDING_UID)
        .findMany({ select: ['id', 'key'], where: { createdAt: { $lt: new Date(now.getTime() - EMBEDDING_GRACE_MS) } } });
      const stale = rows.filter((r) => !live.has(r.key)).map((r) => r.id);
      if (!options.dryRun) {
        for (let start = 0; start < stale.length; start += DELETE_CHUNK) {
          await strapi.db.query(EMBEDDING_UID).deleteMany({ where: { id: { $in: stale.slice(start, start + DELETE_CHUNK) } } });
        }
      }
      return { source: 'consultations', counts: { embeddings: stale.length } };
    },
  }) satisfies ErasureProvider;
