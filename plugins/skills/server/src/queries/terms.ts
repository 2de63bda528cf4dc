import type { Core } from '@strapi/strapi';
import { ForbiddenError, type Actor } from '@intranet-militant/shared';
import { synonymsOf, termsMatching, type TermRow } from '../domain/terms';
import { TERM_KIND_LABELS } from '../domain/vocabulary';
import { can } from '../permissions';
import { TERMS } from '../storage';
import type { TermsQuery } from '../validation/schemas';

/** Every term (any status), for hierarchy and synonym lookups: the vocabulary is small (hundreds). */
export async function allTerms(knex: any): Promise<TermRow[]> {
  return knex(TERMS).select('*').orderBy('label');
}

/** A term as members read it: slug, kind, label, synonyms, parent's slug. */
export function presentTerm(term: TermRow, bySlug: Map<number, TermRow>) {
  return {
    slug: term.slug,
    kind: term.kind,
    kindLabel: TERM_KIND_LABELS[term.kind],
    label: term.label,
    synonyms: synonymsOf(term),
    parent: term.parent_id != null ? (bySlug.get(term.parent_id)?.slug ?? null) : null,
    status: term.status,
  };
}

/**
 * The vocabulary: active terms (optionally of one kind, matching words by label or
 * synonym), or the proposals awaiting review (national staff only: 403 otherwise).
 */
export async function listTerms(strapi: Core.Strapi, actor: Actor, query: TermsQuery) {
  if (query.status === 'proposed' && !can(actor, 'vocabulary.curate', {})) throw new ForbiddenError('Seule l’équipe nationale examine les propositions.');
  const terms = await allTerms(strapi.db.connection);
  const byId = new Map(terms.map((t) => [t.id, t]));
  let shown = terms.filter((t) => t.status === query.status && (!query.kind || t.kind === query.kind));
  if (query.q) {
    const matching = new Set(termsMatching(terms.map((t) => ({ ...t, status: t.status === query.status ? 'active' : t.status })), query.q).map((t) => t.id));
    shown = shown.filter((t) => matching.has(t.id));
  }
  return shown.map((t) => presentTerm(t, byId));
}
