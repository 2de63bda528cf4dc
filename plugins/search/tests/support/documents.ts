import type { IndexedDocument } from '../../server/src/providers/types';

/** An indexed document for provider tests: national and open to all unless told otherwise. */
export function indexedDocument(id: string, over: Partial<IndexedDocument> = {}): IndexedDocument {
  return {
    id,
    type: id.split(':')[0],
    title: `Titre ${id}`,
    body: `Compte rendu de la réunion (${id}).`,
    date: '2026-03-01T10:00:00.000Z',
    link: `/intranet/${id.replace(':', '/')}`,
    facets: {},
    audience: 'national',
    federationId: null,
    sectionId: null,
    roles: [],
    ownerUserId: null,
    hash: `hash-${id}`,
    ...over,
  };
}
