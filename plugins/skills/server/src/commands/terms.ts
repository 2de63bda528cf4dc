import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, ForbiddenError, NotFoundError, recordAudit, withTransaction, type Actor } from '@intranet-militant/shared';
import { searchKeys, termKey, termSlug, type TermRow } from '../domain/terms';
import type { TermKind } from '../domain/vocabulary';
import { can } from '../permissions';
import { PROFILE_TERMS, TERMS, violatesTermKey } from '../storage';
import type { ProposalInput, ReviewInput, TermInput } from '../validation/schemas';
import { refreshProfiles } from './profile-index';

const now = () => new Date().toISOString();

/** The term with that slug, or null. */
export async function termBySlug(trx: any, slug: string): Promise<TermRow | null> {
  return (await trx(TERMS).where({ slug }).first()) ?? null;
}

/** A slug not taken yet: the label's, then `-2`, `-3`… */
async function freeSlug(trx: any, label: string): Promise<string> {
  const base = termSlug(label);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await trx(TERMS).where({ slug: candidate }).first())) return candidate;
  }
}

/** The parent's id: an active term of the same kind. 400 otherwise. */
async function parentId(trx: any, slug: string | null | undefined, kind: TermKind): Promise<number | null> {
  if (!slug) return null;
  const parent = await termBySlug(trx, slug);
  if (!parent || parent.status !== 'active' || parent.kind !== kind) throw fieldError('parent', 'Terme parent inconnu (un terme actif du même type).');
  return parent.id;
}

async function insertTerm(trx: any, row: Omit<TermRow, 'id'>): Promise<TermRow> {
  try {
    const [inserted] = await trx(TERMS).insert(row).returning('*');
    return inserted as TermRow;
  } catch (error) {
    if (violatesTermKey(error)) throw new ConflictError('Ce terme existe déjà (ou est déjà proposé) dans le vocabulaire.');
    throw error;
  }
}

/**
 * Adds an active term to the national vocabulary (national staff). Audited. Throws 403
 * (not national staff), 400 (parent), 409 (the label, or one differing only by accents
 * or case, is already a live term of that kind).
 */
export async function createTerm(strapi: Core.Strapi, actor: Actor, input: TermInput): Promise<TermRow> {
  if (!can(actor, 'vocabulary.curate', {})) throw new ForbiddenError('Seule l’équipe nationale gère le vocabulaire.');
  return withTransaction(strapi, async (trx) => {
    const term = await insertTerm(trx, {
      slug: await freeSlug(trx, input.label),
      kind: input.kind,
      label: input.label,
      key: termKey(input.label),
      synonyms: JSON.stringify(input.synonyms),
      search_keys: searchKeys(input.label, input.synonyms),
      parent_id: await parentId(trx, input.parent, input.kind),
      status: 'active',
      merged_into: null,
      proposed_by: null,
      reviewed_by: actor.label,
      reviewed_by_member: actor.memberId,
      reviewed_at: now(),
      created_at: now(),
    });
    await recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::skills.term.create', subject: { type: TERMS, id: term.slug }, federationId: null, details: { label: term.label, kind: term.kind } });
    return term;
  });
}

/** A member proposes a term (status « proposed », usable once national staff accept it). 403 without a member profile; 400; 409. */
export async function proposeTerm(strapi: Core.Strapi, actor: Actor, input: ProposalInput): Promise<TermRow> {
  if (actor.memberId == null) throw new ForbiddenError('Seul un adhérent peut proposer un terme.');
  return withTransaction(strapi, async (trx) => {
    const term = await insertTerm(trx, {
      slug: await freeSlug(trx, input.label),
      kind: input.kind,
      label: input.label,
      key: termKey(input.label),
      synonyms: '[]',
      search_keys: searchKeys(input.label, []),
      parent_id: await parentId(trx, input.parent, input.kind),
      status: 'proposed',
      merged_into: null,
      proposed_by: actor.memberId,
      reviewed_by: null,
      reviewed_by_member: null,
      reviewed_at: null,
      created_at: now(),
    });
    await recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::skills.term.propose', subject: { type: TERMS, id: term.slug }, federationId: actor.federationId, details: { label: term.label, kind: term.kind } });
    return term;
  });
}

/**
 * National staff decide on a proposed term: accept it (it becomes active), refuse it, or
 * merge it into an active term of the same kind. Merging an active term is allowed too
 * (two terms that mean the same): every profile's link moves to the surviving term (a
 * profile holding both keeps the higher level and its confirmation), children are
 * re-attached, and the profiles concerned are re-indexed. Audited. 403, 404, 400, 409.
 */
export async function reviewTerm(strapi: Core.Strapi, actor: Actor, slug: string, input: ReviewInput): Promise<TermRow> {
  if (!can(actor, 'vocabulary.curate', {})) throw new ForbiddenError('Seule l’équipe nationale gère le vocabulaire.');
  return withTransaction(strapi, async (trx) => {
    const term = await termBySlug(trx, slug);
    if (!term) throw new NotFoundError('Terme introuvable.');
    const reviewed = { reviewed_by: actor.label, reviewed_by_member: actor.memberId, reviewed_at: now() };
    let moved = 0;
    if (input.decision === 'merge') {
      const into = await termBySlug(trx, input.into!);
      if (!into || into.status !== 'active' || into.kind !== term.kind || into.id === term.id) {
        throw fieldError('into', 'Fusion : un autre terme actif du même type.');
      }
      if (term.status !== 'active' && term.status !== 'proposed') throw new ConflictError('Ce terme a déjà été refusé ou fusionné.');
      moved = await moveLinks(strapi, trx, term.id, into.id);
      await trx(TERMS).where({ parent_id: term.id }).update({ parent_id: into.id });
      if (into.parent_id === term.id) await trx(TERMS).where({ id: into.id }).update({ parent_id: term.parent_id });
      await trx(TERMS).where({ id: term.id }).update({ status: 'merged', merged_into: into.id, ...reviewed });
    } else {
      if (term.status !== 'proposed') throw new ConflictError('Seule une proposition s’accepte ou se refuse.');
      await trx(TERMS).where({ id: term.id }).update({ status: input.decision === 'accept' ? 'active' : 'refused', ...reviewed });
    }
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: `plugin::skills.term.${input.decision}`,
      subject: { type: TERMS, id: term.slug },
      federationId: null,
      details: { label: term.label, ...(input.into ? { into: input.into, profilesMoved: moved } : {}) },
    });
    return (await trx(TERMS).where({ id: term.id }).first()) as TermRow;
  });
}

/** Moves every profile's link from one term to another (keeping the higher level); re-indexes them. Returns how many profiles. */
async function moveLinks(strapi: Core.Strapi, trx: any, fromId: number, toId: number): Promise<number> {
  const links: { profile_id: number; level: number | null }[] = await trx(PROFILE_TERMS).where({ term_id: fromId }).select('profile_id', 'level', 'confirmed_by', 'confirmed_by_label', 'confirmed_at');
  for (const link of links as any[]) {
    const existing = await trx(PROFILE_TERMS).where({ profile_id: link.profile_id, term_id: toId }).first();
    if (!existing) {
      await trx(PROFILE_TERMS).where({ profile_id: link.profile_id, term_id: fromId }).update({ term_id: toId });
      continue;
    }
    if ((link.level ?? 0) > (existing.level ?? 0)) {
      await trx(PROFILE_TERMS)
        .where({ profile_id: link.profile_id, term_id: toId })
        .update({ level: link.level, confirmed_by: link.confirmed_by, confirmed_by_label: link.confirmed_by_label, confirmed_at: link.confirmed_at });
    }
    await trx(PROFILE_TERMS).where({ profile_id: link.profile_id, term_id: fromId }).delete();
  }
  await refreshProfiles(strapi, trx, links.map((l) => Number(l.profile_id)));
  return links.length;
}
