/**
 * The intranet's roles. Each is a users-permissions role whose `type` is the slug below;
 * the French name and description are what staff see in the admin panel.
 */
export const ROLES = {
  member: 'member',
  sectionSecretary: 'section-secretary',
  federationStaff: 'federation-staff',
  electedOfficial: 'elected-official',
  conflictsCommission: 'conflicts-commission',
  nationalAdmin: 'national-admin',
} as const;

export type Role = (typeof ROLES)[keyof typeof ROLES];

export const ROLE_LIST: readonly Role[] = Object.values(ROLES);

export const ROLE_LABELS: Record<Role, { name: string; description: string }> = {
  member: { name: 'Adhérent', description: 'Adhérent : lit l’intranet de sa fédération et participe.' },
  'section-secretary': {
    name: 'Secrétaire de section',
    description: 'Gère les adhérents et les cotisations de sa section.',
  },
  'federation-staff': {
    name: 'Équipe fédérale',
    description: 'Gère les adhérents, les sections, les cotisations et les modules de sa fédération.',
  },
  'elected-official': { name: 'Élu', description: 'Adhérent titulaire d’un mandat électif.' },
  'conflicts-commission': {
    name: 'Commission des conflits',
    description: 'Instruit les conflits et décide des suspensions et exclusions dans sa fédération.',
  },
  'national-admin': { name: 'Administration nationale', description: 'Administre toutes les fédérations.' },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLE_LIST as readonly string[]).includes(value);
}
