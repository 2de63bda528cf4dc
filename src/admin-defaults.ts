import type { Core } from '@strapi/strapi';
import { getService, recordAudit, SYSTEM_ACTOR } from '@intranet-militant/shared';
import type {} from '@intranet-militant/audit';
import { nameSectionsInFrench } from './permission-sections';

/**
 * Names and descriptions Strapi writes into the database on a fresh install, in English, which
 * the admin panel then shows as data (no translation file reaches them): the admin roles
 * (Paramètres › Rôles), the users-permissions plugin's own two roles (Paramètres › Utilisateurs
 * et autorisations › Rôles), the two API tokens made with the first boot (Paramètres ›
 * Jetons d'API; deleted at boot while untouched, `withdrawDefaultApiTokens`) and the default
 * locale, « English (en) » (Paramètres › Internationalisation). Keyed by what stays fixed (a role's code or type, a token's name), with the
 * English Strapi 5.54 writes (`@strapi/admin` services/role.ts and services/constants.ts,
 * `@strapi/plugin-users-permissions` services/users-permissions.ts).
 */
interface Default {
  /** The field that identifies the row, and its value. */
  key: Record<string, string>;
  english: { name: string; description?: string };
  french: { name: string; description?: string };
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

/** The internationalisation plugin's default locale (Paramètres › Internationalisation), named without a description (`@strapi/i18n` services/locales.ts). */
const LOCALES: Default[] = [{ key: { code: 'en' }, english: { name: 'English (en)' }, french: { name: 'Anglais (en)' } }];

export const STRAPI_DEFAULTS = { 'admin::role': ADMIN_ROLES, 'plugin::users-permissions.role': MEMBER_ROLES, 'admin::api-token': API_TOKENS, 'plugin::i18n.locale': LOCALES } as const;

/**
 * Puts those rows in French at boot: each field still holding Strapi's English is replaced, a
 * name or description someone changed is left alone. Idempotent; returns how many rows changed.
 */
export async function frenchStrapiDefaults(strapi: Core.Strapi): Promise<number> {
  let changed = 0;
  for (const [uid, defaults] of Object.entries(STRAPI_DEFAULTS)) {
    // API tokens are not renamed: Strapi's two untouched ones are deleted (`withdrawDefaultApiTokens`),
    // and one that stays is an admin's — even named « Full Access » with Strapi's words.
    if (uid === 'admin::api-token') continue;
    for (const { key, english, french } of defaults) {
      const described = english.description !== undefined;
      const row = await strapi.db.query(uid as any).findOne({ where: key, select: ['id', 'name', ...(described ? ['description'] : [])] });
      if (!row) continue;
      const data: Record<string, string> = {};
      if (row.name === english.name && english.name !== french.name) data.name = french.name;
      if (described && row.description === english.description) data.description = french.description!;
      if (Object.keys(data).length === 0) continue;
      await strapi.db.query(uid as any).update({ where: { id: row.id }, data });
      changed++;
    }
  }
  return changed;
}

/** The type Strapi gives each of its two default API tokens (`@strapi/admin` services/constants.ts). */
const DEFAULT_TOKEN_TYPES: Record<string, string> = { 'Read Only': 'read-only', 'Full Access': 'full-access' };

/** The audit action of a default API token deleted at boot (by the system; an admin's deletion is `plugin::membership.api-token.delete`). */
export const DEFAULT_TOKEN_DELETED = 'admin::api-token.delete';

/**
 * Deletes at boot the two content-API tokens Strapi makes on a fresh install (« Read Only »,
 * « Full Access »): the member API refuses every API token (src/auth/authentication.ts), so they
 * open nothing, and a full-access key is a secret nobody needs. Only a token that is still
 * Strapi's untouched default goes: its kind, type, name and description Strapi's (in English or
 * as `frenchStrapiDefaults` renamed it), no expiry, never used (`lastUsedAt`), and no audit entry
 * about it (an admin who created, edited or regenerated it through the panel is recorded by the
 * membership plugin's admin-accounts audit). Each deletion goes through Strapi's own token
 * service (its permissions too) and is recorded in the audit log, as done by the system, and
 * logged. Strapi makes them again only while there is neither an admin account nor a token.
 * Idempotent; returns the names of the tokens deleted.
 */
export async function withdrawDefaultApiTokens(strapi: Core.Strapi): Promise<string[]> {
  const withdrawn: string[] = [];
  const audited = strapi.plugin('audit') ? getService(strapi, 'audit', 'log') : null;
  for (const { english, french } of API_TOKENS) {
    const names = [english.name, french.name];
    const rows = await strapi.db.query('admin::api-token').findMany({
      where: { name: { $in: names } },
      select: ['id', 'kind', 'name', 'description', 'type', 'lifespan', 'expiresAt', 'lastUsedAt'],
    });
    for (const row of rows) {
      const untouched =
        (row.kind ?? 'content-api') === 'content-api' &&
        row.type === DEFAULT_TOKEN_TYPES[english.name] &&
        [english.description, french.description].includes(row.description) &&
        names.indexOf(row.name) === [english.description, french.description].indexOf(row.description) &&
        row.lifespan == null &&
        row.expiresAt == null &&
        row.lastUsedAt == null;
      if (!untouched) continue;
      if (audited && (await audited.list({ subjectType: 'admin::api-token', subjectId: String(row.id), page: 1, pageSize: 1 })).total > 0) continue;
      await strapi.admin!.services['api-token-content-api'].revoke(row.id);
      if (audited) {
        await recordAudit(strapi, {
          actor: SYSTEM_ACTOR,
          action: DEFAULT_TOKEN_DELETED,
          subject: { type: 'admin::api-token', id: String(row.id) },
          federationId: null,
          details: { via: 'boot', name: row.name, type: row.type, reason: 'Jeton d’API créé par défaut par Strapi, jamais modifié ni utilisé' },
        });
      }
      strapi.log.info(`admin: deleted Strapi's default API token « ${row.name} » (${row.type}, id ${row.id}): never edited nor used, and refused by the member API`);
      withdrawn.push(row.name);
    }
  }
  return withdrawn;
}

/** Strapi's own content types whose display name is English, named in French in the roles' matrix. */
export const STRAPI_TYPE_NAMES: Record<string, string> = { 'plugin::users-permissions.user': 'Compte' };

/**
 * The matrix's properties by value, named as the panel's French header reads them
 * (« Autorisations sur les {label} », src/admin/translations/fr.json): Strapi's « Fields », and
 * the internationalisation plugin's « Locales ».
 */
export const MATRIX_PROPERTIES: Record<string, string> = { fields: 'champs', locales: 'langues' };

/** A matrix node: an attribute (`value`) and the name shown for it, with a component's own attributes below. */
interface MatrixNode {
  label: string;
  value: string;
  children?: MatrixNode[];
}

/**
 * The admin roles' permission matrix (Paramètres › Rôles › a role: « Types de collection », « Types uniques »)
 * names each content type by its `singularName`, capitalised by the panel (« Body », « Due »,
 * « Member »: Strapi 5.54's sections builder, `toSubjectTemplate`), not by its display name, and
 * each field by its attribute name (`minutesStatus`: `buildNode`), under a property « Fields ».
 * This wraps the builder so that every content type is named by its display name, French for ours
 * (`Actualité`, `Adhérent`), or by `STRAPI_TYPE_NAMES`, and each field by the French label its
 * type declares (`pluginOptions.intranet.labels`, the Content Manager's, src/admin-labels.ts),
 * under « champs »; the subjects' uids and the fields' names, which the panel saves, are
 * untouched. A component's fields take its own labels, when it declares any. The « Plugins » and
 * « Paramètres » tabs' plugins, categories, sub-categories and actions are named in French too
 * (`nameSectionsInFrench`, src/permission-sections.ts). Call once, at boot.
 */
export function nameRoleMatrixTypesInFrench(strapi: Core.Strapi): void {
  const builder = (strapi.admin!.services.permission as any).sectionsBuilder as { build: (actions?: unknown[]) => Promise<any> };
  const build = builder.build.bind(builder);
  const models = { ...(strapi.components as Record<string, any>), ...(strapi.contentTypes as Record<string, any>) };
  const nameFields = (nodes: MatrixNode[] | undefined, model: any) => {
    const labels: Record<string, string> = model?.pluginOptions?.intranet?.labels ?? {};
    for (const node of nodes ?? []) {
      if (labels[node.value]) node.label = labels[node.value];
      const attribute = model?.attributes?.[node.value];
      if (node.children && attribute?.type === 'component') nameFields(node.children, models[attribute.component]);
    }
  };
  builder.build = async (actions?: unknown[]) => {
    const sections = await build(actions);
    for (const subject of [...(sections?.collectionTypes?.subjects ?? []), ...(sections?.singleTypes?.subjects ?? [])]) {
      const name = STRAPI_TYPE_NAMES[subject.uid] ?? (subject.uid.startsWith('admin::') ? undefined : strapi.contentTypes[subject.uid as keyof typeof strapi.contentTypes]?.info?.displayName);
      if (name) subject.label = name;
      for (const property of (subject.properties ?? []) as MatrixNode[]) {
        property.label = MATRIX_PROPERTIES[property.value] ?? property.label;
        if (property.value === 'fields') nameFields(property.children, models[subject.uid]);
      }
    }
    nameSectionsInFrench(sections?.plugins, sections?.settings);
    return sections;
  };
}
