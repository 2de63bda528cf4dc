/**
 * Reading Document Service middleware contexts. Every middleware that keeps an invariant
 * must see every action that leaves an entry in a new state: `clone` (the admin panel's
 * « dupliquer ») is a create from a copy and must not slip past.
 */
/**
 * A documentId no entry has (Strapi's have 24 lowercase letters and digits): put in place of
 * an entry someone may not see, it makes Strapi answer exactly as for any unknown id (the
 * admin panel's doors and relation guard use it).
 */
export const ABSENT_DOCUMENT_ID = 'introuvable';

export const ENTRY_WRITES: ReadonlySet<string> = new Set(['create', 'update', 'clone']);

interface WriteContext {
  action: string;
  params: unknown;
}

/** The document the write produced (a clone's is new; an update's is the one updated). */
export function writtenDocumentId(context: WriteContext, result: unknown): string | undefined {
  return (result as { documentId?: string } | null)?.documentId ?? (context.action === 'update' ? updatedDocumentId(context) : undefined);
}

/** The document an update changes (undefined for creations and clones). */
export function updatedDocumentId(context: WriteContext): string | undefined {
  return context.action === 'update' ? (context.params as { documentId?: string })?.documentId : undefined;
}
