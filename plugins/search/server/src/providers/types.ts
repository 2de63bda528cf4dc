import type { Audience, Role, Viewer } from '@intranet-militant/shared';

/**
 * What every search provider stores and answers. The indexer turns each plugin's declared
 * search documents into `IndexedDocument`s; providers never see content types.
 */
export interface IndexedDocument {
  /** `${type}:${documentId}`, unique across types. */
  id: string;
  type: string;
  title: string;
  /** Plain text (no markup), capped by the indexer. */
  body: string;
  /** ISO date-time, for sorting and display. */
  date: string | null;
  link: string;
  facets: Record<string, string | string[]>;
  // Who may see it: the shared audience rule (`addresses(viewer, doc, 'reader')`).
  audience: Audience;
  federationId: number | null;
  sectionId: number | null;
  /** Empty: every role; otherwise only these roles (and the owner). */
  roles: Role[];
  ownerUserId: number | null;
  /** Hash of everything above: the reconcile command compares it. */
  hash: string;
}

/** Who is searching: what the shared audience rule needs (role, account, federation, section). */
export type { Viewer };

export interface SearchQuery {
  /** What the member typed (web-search syntax: "phrase", -exclu, ou/or), already validated. */
  text: string;
  /** The types this viewer may search (their federation's modules); never empty. */
  types: string[];
  /** One of `types` to keep in the hits; facets still count every type. */
  type?: string;
  viewer: Viewer;
  offset: number;
  limit: number;
  /**
   * What to compute (default `all`): `page`, the hits alone with `more` (the portal's first
   * read: the page does not wait for the counts); `counts`, the counts alone (`hits` may be
   * empty). A provider for which counting costs nothing may compute both every time.
   */
  parts?: 'all' | 'page' | 'counts';
  /**
   * Documents to leave out whatever the viewer: those of `types` placed in one of
   * `federationIds` — the federations that switched off the module these types belong to
   * (their content is served to nobody, members of other federations included).
   */
  hidden?: { types: string[]; federationIds: number[] }[];
}

export interface SearchHit {
  id: string;
  type: string;
  title: string;
  /** Plain text with the matched words between MARK_START and MARK_END (see `snippetHtml`). */
  snippet: string;
  link: string;
  date: string | null;
}

export interface SearchResults {
  hits: SearchHit[];
  /** Matches of `type` (or of every type when none is asked). */
  total: number;
  /** Matches per type, over every type of `types`. */
  facets: Record<string, number>;
  /** False when the provider stopped counting: `total` is then « at least » (a lower bound). */
  totalIsExact: boolean;
  /** False when the counts per type are lower bounds. */
  facetsAreExact: boolean;
  /**
   * Does a match follow this page? Set with every page read for `parts: 'page'`, where `total`
   * is then only what the page shows (offset + hits, + 1 when `more`: a lower bound) and
   * `facets` are empty; absent from an answer that found nothing to look for (read it as
   * « offset + hits < total »).
   */
  more?: boolean;
}

export interface SearchProvider {
  readonly name: 'database' | 'meilisearch';
  /** Index settings, tables: idempotent, run at boot and before a reindex. */
  setup(): Promise<void>;
  /** Adds or replaces documents (by id). Resolves once the index has applied them. */
  upsert(documents: IndexedDocument[]): Promise<void>;
  /** Removes documents by id; unknown ids are ignored. */
  remove(ids: string[]): Promise<void>;
  /** Visibility is part of the query itself, so that counts and pages stay right. */
  search(query: SearchQuery): Promise<SearchResults>;
  /**
   * Is this word (as typed, lower case) too common for the index to look for? A query of such
   * words only looks for nothing: the search answers so with `meta.reason` (`unsearchableReason`).
   */
  isStopWord(word: string): boolean;
  /** id → hash of every indexed document of a type (reconcile). */
  fingerprints(type: string): Promise<Map<string, string>>;
  /** Number of indexed documents per type (status). */
  counts(): Promise<Record<string, number>>;
}

/** Highlight markers providers put around matched words; control characters never typed. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';
