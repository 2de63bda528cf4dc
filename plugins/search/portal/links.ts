/**
 * Where a search hit opens in the portal. The API's `link` is each module's own address of
 * the entry (`/documents/:id`, `/news/:id`, `/consultations/:id/proposals`,
 * `/training/courses/:id#lecon-:lessonId`…); the portal's pages live under French paths.
 * Mapped by the link's shape, so a new type of a known module lands on the right page.
 */
const RULES: [RegExp, (match: RegExpExecArray) => string][] = [
  [/^\/documents\/([^/?#]+)$/, (m) => `/documents/${m[1]}`],
  [/^\/news\/([^/?#]+)$/, (m) => `/actualites/${m[1]}`],
  // Proposals, syntheses, contributions: the consultation's page.
  [/^\/consultations\/([^/?#]+)(?:[/?#].*)?$/, (m) => `/consultations/${m[1]}`],
  // Courses and lessons (a lesson keeps its anchor in the course page).
  [/^\/training\/courses\/([^/?#]+)(#[A-Za-z0-9_-]+)?$/, (m) => `/formation/cours/${m[1]}${m[2] ?? ''}`],
];

/** The portal path of a hit's link; an unknown in-site path as it is; null for anything else. */
export function portalPath(link: string | null | undefined): string | null {
  if (!link || !link.startsWith('/') || link.startsWith('//')) return null;
  for (const [pattern, to] of RULES) {
    const match = pattern.exec(link);
    if (match) return to(match);
  }
  return link;
}

export interface SearchState {
  q: string;
  type?: string;
  page?: number;
}

/** `/recherche?q=…&type=…&page=…` (page 1 and no type left out). */
export function searchPath({ q, type, page }: SearchState): string {
  const params = new URLSearchParams({ q });
  if (type) params.set('type', type);
  if (page && page > 1) params.set('page', String(page));
  return `/recherche?${params.toString()}`;
}
