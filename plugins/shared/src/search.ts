import type { Role } from './roles';

/**
 * What the search plugin needs to index an entry and to show it only to whom may see it.
 * Plugins declare this in their manifest; only the search plugin indexes.
 */
export interface SearchVisibility {
  /** national: every member; federation/section: members of that place only. */
  audience: 'national' | 'federation' | 'section';
  federationId?: number | null;
  sectionId?: number | null;
  /** When set, only these roles see it (e.g. contributions: staff only). */
  roles?: Role[];
  /** When set, the owner also sees it whatever the roles. */
  ownerUserId?: number | null;
}

export interface SearchDocument {
  /** Unique across types: `${type}:${documentId}`. */
  id: string;
  type: string;
  title: string;
  body: string;
  /** ISO date used for sorting and display. */
  date: string | null;
  facets: Record<string, string | string[]>;
  /** Where the portal opens the result. */
  link: string;
  visibility: SearchVisibility;
}

export interface SearchableType<Entry = any> {
  /** Short type name shown as a facet, e.g. `document`. */
  type: string;
  /** French label of the type, e.g. « Documents ». */
  label: string;
  /** The content type whose entries are indexed. */
  uid: string;
  /** Relations the search plugin must populate before calling `toDocument`. */
  populate?: Record<string, unknown>;
  /** Entry → search document, or null when the entry must not be searchable (draft, hidden…). */
  toDocument(entry: Entry): SearchDocument | null;
  /**
   * The version of what `toDocument` writes (1 when absent). Raise it when a new release
   * writes other documents for entries that did not change (a field added, a date now in
   * words): the next boot reconciles this type's documents in the background, so the index
   * never keeps the older ones until someone runs `npm run search:reconcile`.
   */
  version?: number;
  /**
   * Other content whose changes change these documents (e.g. a consultation's phase decides
   * whether its proposals are visible): for a changed entry of `uid`, which entries of this
   * type to index again (a query-engine filter). Prefer the documentId when the followed
   * type has drafts: the changed row may be a version that is gone (unpublished).
   */
  follows?: { uid: string; where: (changed: { id: number; documentId: string | null }) => Record<string, unknown> }[];
  /**
   * Only members whose membership is active find these (the skills directory is closed to a
   * suspended member, who still finds what every member reads).
   */
  activeMembersOnly?: boolean;
}
