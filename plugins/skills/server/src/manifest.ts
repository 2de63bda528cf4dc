import { defineManifest, type SearchableType } from '@intranet-militant/shared';
import type { ProfileRow } from './commands/profile-index';
import type { ProfileLevel } from './domain/vocabulary';
import { skillsNotifications } from './notifications';
import { skillsPermissions } from './permissions';
import { PROFILE_UID } from './uids';

/** The search visibility of a profile's level: the directory's rule in the search plugin's terms (reader reach). */
export function searchVisibility(level: ProfileLevel, federationId: number | null, sectionId: number | null) {
  switch (level) {
    case 'all':
      // Read nationally; the federation is where the profile belongs (a national audience
      // ignores it), so that a federation switching the module off hides it from every reader.
      return { audience: 'national' as const, federationId, sectionId: null };
    case 'federation':
      return { audience: 'federation' as const, federationId, sectionId: null };
    case 'section':
      // Readers of section content: its members, its federation's staff, national staff.
      return { audience: 'section' as const, federationId, sectionId };
    case 'staff':
      return { audience: 'federation' as const, federationId, sectionId: null, roles: ['federation-staff' as const, 'national-admin' as const] };
  }
}

/**
 * Listed profiles are found by the people the member chose; only the fields shown at the
 * profile's own visibility are indexed (`indexed`, kept by the commands). A profile not
 * listed (no consent, consent withdrawn, member suspended or excluded) is removed.
 */
const profiles: SearchableType<ProfileRow> = {
  // Closed to a suspended member, as the directory's routes are (access.ts).
  activeMembersOnly: true,
  // 2: an « all » profile's document keeps its federation (hidden when the module is off there).
  version: 2,
  type: 'skills-profile',
  label: 'Fiches compétences',
  uid: PROFILE_UID,
  toDocument: (p) => {
    if (!p.listed || !p.displayName) return null;
    const i = p.indexed ?? {};
    const body = [i.skills?.join(', '), i.sector, i.networks?.join(', '), i.interests?.join(', ')].filter(Boolean).join('\n');
    return {
      id: `skills-profile:${p.documentId}`,
      type: 'skills-profile',
      title: p.sectionName ? `${p.displayName} (${p.sectionName})` : p.displayName,
      body,
      date: null,
      facets: {},
      link: `/competences/fiches/${p.documentId}`,
      visibility: searchVisibility(p.visibility, p.federationId, p.sectionId),
    };
  },
};

export const skillsModule = defineManifest({
  id: 'skills',
  label: 'Compétences et réseaux',
  description: 'Annuaire des compétences et des réseaux des adhérents (avec leur consentement), mise en relation, réseaux thématiques et recensements.',
  defaultEnabled: true,
  permissions: skillsPermissions.table,
  searchable: [profiles],
  notifications: skillsNotifications,
});
