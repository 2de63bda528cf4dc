import { stripAccents } from '@intranet-militant/shared';
import type { TermKind, TermStatus } from './vocabulary';

/** A vocabulary term as stored. */
export interface TermRow {
  id: number;
  slug: string;
  kind: TermKind;
  label: string;
  key: string;
  synonyms: string;
  search_keys: string;
  parent_id: number | null;
  status: TermStatus;
  merged_into: number | null;
  proposed_by: number | null;
  reviewed_by: string | null;
  reviewed_by_member?: number | null;
  reviewed_at: string | null;
  created_at: string;
}

/** The comparison form of a label: no accents, lower case, words separated by one space (« Droit  Public » → « droit public »). */
export function termKey(label: string): string {
  return stripAccents(label).toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** A readable, stable identifier for a label (« Analyse de données » → `analyse-de-donnees`). */
export function termSlug(label: string): string {
  return termKey(label).replace(/ /g, '-').slice(0, 70) || 'terme';
}

/** `|label|synonym|…|` in comparison form, for lookups by any of them. */
export function searchKeys(label: string, synonyms: string[]): string {
  return `|${[label, ...synonyms].map(termKey).filter(Boolean).join('|')}|`;
}

export function synonymsOf(row: Pick<TermRow, 'synonyms'>): string[] {
  try {
    const parsed = JSON.parse(row.synonyms);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * The ids of `roots` and of every term below them in the hierarchy (a search for
 * « communication » finds « graphisme » and « prise de parole »). Pure; cycles are ignored.
 */
export function withDescendants(terms: Pick<TermRow, 'id' | 'parent_id'>[], roots: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const t of terms) {
    if (t.parent_id == null) continue;
    children.set(t.parent_id, [...(children.get(t.parent_id) ?? []), t.id]);
  }
  const found = new Set<number>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return [...found];
}

/**
 * The active terms a member's words point at: a label or synonym equal to the words, or
 * starting with them (« juri » → « droit », synonym « juriste »). Pure.
 */
export function termsMatching<T extends Pick<TermRow, 'search_keys' | 'status'>>(terms: T[], text: string): T[] {
  const key = termKey(text);
  if (!key) return [];
  return terms.filter((t) => t.status === 'active' && (t.search_keys.includes(`|${key}|`) || t.search_keys.split('|').some((k) => k.startsWith(key) || (key.length >= 4 && k.includes(key)))));
}
