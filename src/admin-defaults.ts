import type { Core } from '@strapi/strapi';

/**
 * Names and descriptions Strapi writes into the database on a fresh install, in English, which
 * the admin panel then shows as data (no translation file reaches them): the admin roles
 * (Paramètres › Rôles), the users-permissions plugin's own two roles (Paramètres › Utilisateurs
 * et autorisations › Rôles) and the two API tokens made with the first boot (Paramètres ›
 * Jetons d'API). Keyed by what stays fixed (a role's code or type, a token's name), with the
 * English Strapi 5.54 writes (`@strapi/admin` services/role.ts and services/constants.ts,
 * `@strapi/plugin-users-permissions` services/users-permissions.ts).
 */
interface Default {
  /** The field that identifies the row, and its value. */
  key: Record<string, string>;
  english: { name: string; description: string };
  french: { name: string; description: string };
}

const ADMIN_ROLES: Default[] = [
  {
    key: { code: 'strapi-super-admin' },
    english: { name: 'Super Admin', description: 'Super Admins can access and manage all features and settings.' },
    french: { name: 'Super Admin', description: 'Accès à toutes les fonctions et à tous les réglages : l’administration nationale.' },
  },
  {
    key: { code: 'strapi-editor' },
    english: { name: 'Editor', description: 'Editors can manage and publish contents including those of other users.' },
    french: { name: 'Éditeur', description: 'Gère et publie tous les contenus, y compris ceux des autres utilisateurs.' },
  },
  {
    key: { code: 'strapi-author' },
    english: { name: 'Author', description: 'Authors can manage the content they have created.' },
    french: { name: 'Auteur', description: 'Gère les contenus qu’il a créés.' },
  },
];

const MEMBER_ROLES: Default[] = [
  {
    key: { type: 'authenticated' },
    english: { name: 'Authenticated', description: 'Default role given to authenticated user.' },
    french: { name: 'Authentifié', description: 'Rôle par défaut d’un compte connecté (les comptes de l’intranet ont chacun leur rôle).' },
  },
  {
    key: { type: 'public' },
    english: { name: 'Public', description: 'Default role given to unauthenticated user.' },
    french: { name: 'Public', description: 'Rôle par défaut des visiteurs non connectés.' },
  },
];

const API_TOKENS: Default[] = [
  {
    key: { name: 'Read Only' },
    english: { name: 'Read Only', description: 'A default API token with read-only permissions, only used for accessing resources' },
    french: { name: 'Lecture seule', description: 'Jeton d’API créé par défaut, en lecture seule (refusé par l’API des adhérents)' },
  },
  {
    key: { name: 'Full Access' },
    english: { name: 'Full Access', description: 'A default API token with full access permissions, used for accessing or modifying resources' },
    french: { name: 'Accès complet', description: 'Jeton d’API créé par défaut, en accès complet (refusé par l’API des adhérents)' },
  },
];

export const STRAPI_DEFAULTS = { 'admin::role': ADMIN_ROLES, 'plugin::users-permissions.role': MEMBER_ROLES, 'admin::api-token': API_TOKENS } as const;

/**
 * Puts those rows in French at boot: each field still holding Strapi's English is replaced, a
 * name or description someone changed is left alone. Idempotent; returns how many rows changed.
 */
export async function frenchStrapiDefaults(strapi: Core.Strapi): Promise<number> {
  let changed = 0;
  for (const [uid, defaults] of Object.entries(STRAPI_DEFAULTS)) {
    for (const { key, english, french } of defaults) {
      const row = await strapi.db.query(uid as any).findOne({ where: key, select: ['id', 'name', 'description'] });
      if (!row) continue;
      const data: Record<string, string> = {};
      if (row.name === english.name && english.name !== french.name) data.name = french.name;
      if (row.description === english.description) data.description = french.description;
      if (Object.keys(data).length === 0) continue;
      await strapi.db.query(uid as any).update({ where: { id: row.id }, data });
      changed++;
    }
  }
  return changed;
}
