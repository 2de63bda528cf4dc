import { ROLES } from '@intranet-militant/shared';
import type { IndexedDocument, Viewer } from './providers/types';

/**
 * Who may see a search document: the rule every provider compiles into its query (SQL
 * conditions, Meilisearch filters), and the reference its tests compare against.
 *
 * - the owner always sees their own (a member finds their own contribution);
 * - otherwise the viewer's role must be among the document's roles, when it lists some;
 * - and the viewer must be addressed: national content, their federation's, their
 *   section's; federation staff also see their federation's sections' content; national
 *   admins see every audience.
 */
export function mayView(viewer: Viewer, doc: Pick<IndexedDocument, 'audience' | 'federationId' | 'sectionId' | 'roles' | 'ownerUserId'>): boolean {
  if (doc.ownerUserId != null && doc.ownerUserId === viewer.userId) return true;
  if (doc.roles.length > 0 && !doc.roles.includes(viewer.role)) return false;
  if (viewer.role === ROLES.nationalAdmin) return true;
  switch (doc.audience) {
    case 'national':
      return true;
    case 'federation':
      return viewer.federationId != null && doc.federationId === viewer.federationId;
    case 'section':
      return (
        (viewer.sectionId != null && doc.sectionId === viewer.sectionId) ||
        (viewer.role === ROLES.federationStaff && viewer.federationId != null && doc.federationId === viewer.federationId)
      );
    default:
      return false;
  }
}

/** The same rule, as the pieces a query needs: which clauses apply to this viewer. */
export interface VisibilityClauses {
  /** Every audience (national admins). */
  everywhere: boolean;
  federationId: number | null;
  sectionId: number | null;
  /** Section content of `federationId` (federation staff). */
  federationSections: boolean;
  role: Viewer['role'];
  userId: number;
}

export function clausesFor(viewer: Viewer): VisibilityClauses {
  return {
    everywhere: viewer.role === ROLES.nationalAdmin,
    federationId: viewer.federationId,
    sectionId: viewer.sectionId,
    federationSections: viewer.role === ROLES.federationStaff && viewer.federationId != null,
    role: viewer.role,
    userId: viewer.userId,
  };
}
