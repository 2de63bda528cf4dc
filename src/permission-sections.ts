/**
 * French names of what the admin panel's permission screens show by Strapi's or our code names:
 * the users-permissions role page's groups (src/admin/permission-names.ts) and the admin roles'
 * « Plugins » and « Paramètres » tabs (Paramètres › Rôles d'administration › a role), whose
 * plugins, categories, sub-categories and actions Strapi 5.54 registers in English with no
 * translation key (`@strapi/admin` and its plugins' `actionProvider.registerMany`: « Media
 * Library », « users and roles », « emailTemplates », « Create (generate) »). No DOM here: the
 * server (src/admin-defaults.ts, `nameRoleMatrixTypesInFrench`) and the panel read it.
 */

/** Each group of the page by its id (`collapse.name`): our APIs, our plugins, Strapi's plugins. */
export const PERMISSION_GROUPS: Record<string, string> = {
  'api::article': 'Actualités',
  'api::document': 'Documents',
  'api::document-category': 'Catégories de documents',
  'plugin::audit': 'Journal d’audit',
  'plugin::bodies': 'Instances',
  'plugin::consultations': 'Consultations',
  'plugin::events': 'Événements',
  'plugin::investitures': 'Investitures et désignations',
  'plugin::mandates': 'Élus et mandats',
  'plugin::membership': 'Adhésions',
  'plugin::modules': 'Modules des fédérations',
  'plugin::notifications': 'Notifications',
  'plugin::sanctions': 'Commission des conflits',
  'plugin::search': 'Recherche',
  'plugin::skills': 'Compétences et réseaux',
  'plugin::training': 'Formations',
  'plugin::content-manager': 'Gestionnaire de contenu',
  'plugin::content-type-builder': 'Générateur de types de contenu',
  'plugin::email': 'E-mail',
  'plugin::i18n': 'Internationalisation',
  'plugin::upload': 'Médiathèque',
  'plugin::users-permissions': 'Utilisateurs et autorisations',
};

/** The « Paramètres » tab's categories, as Strapi registers them (`category`). */
export const SETTINGS_CATEGORIES: Record<string, string> = {
  email: 'E-mail',
  'media library': 'Médiathèque',
  Internationalization: 'Internationalisation',
  'plugins and marketplace': 'Plugins et marketplace',
  'users and roles': 'Utilisateurs et rôles',
  'api tokens': 'Jetons d’API',
  'admin tokens': 'Jetons d’administration',
  'transfer tokens': 'Jetons de transfert',
  project: 'Projet',
  webhooks: 'Webhooks',
  'review workflows': 'Flux de relecture',
  'audit logs': 'Journaux d’audit',
  'content releases': 'Publications groupées',
  'single sign on': 'Authentification unique (SSO)',
};

/** Both tabs' sub-categories (`subCategory`), shown in capitals above their actions. */
export const SUB_CATEGORIES: Record<string, string> = {
  general: 'Général',
  options: 'Options',
  roles: 'Rôles',
  users: 'Utilisateurs',
  assets: 'Fichiers',
  providers: 'Fournisseurs',
  emailTemplates: 'Modèles d’e-mail',
  advancedSettings: 'Paramètres avancés',
  'collection types': 'Types de collection',
  'single types': 'Types uniques',
  components: 'Composants',
  marketplace: 'Marketplace',
  'api Tokens': 'Jetons d’API',
  'admin tokens': 'Jetons d’administration',
  'transfer tokens': 'Jetons de transfert',
  Locales: 'Langues',
};

/** Both tabs' actions (`displayName`), each beside its checkbox; ours are registered in French. */
export const SECTION_ACTIONS: Record<string, string> = {
  Create: 'Créer',
  Read: 'Lire',
  Update: 'Modifier',
  Delete: 'Supprimer',
  Edit: 'Modifier',
  Publish: 'Publier',
  Export: 'Exporter',
  Download: 'Télécharger',
  File: 'Fichier',
  Folder: 'Dossier',
  'Copy link': 'Copier le lien',
  'Configure view': 'Configurer la vue',
  'Configure Layout': 'Configurer la mise en page',
  'Change stage': 'Changer d’étape',
  'Create (generate)': 'Créer (générer)',
  'Create (invite)': 'Créer (inviter)',
  'Create (upload)': 'Créer (téléverser)',
  'Delete (revoke)': 'Supprimer (révoquer)',
  Regenerate: 'Régénérer',
  'Update (crop, details, replace) + delete': 'Modifier (recadrer, détails, remplacer) et supprimer',
  'Access the Media Library': 'Accéder à la médiathèque',
  'Access the Media Library settings page': 'Accéder aux paramètres de la médiathèque',
  'Access the Email Settings page': 'Accéder aux paramètres de l’e-mail',
  'Access the API tokens settings page': 'Accéder aux jetons d’API',
  'Access the Admin tokens settings page': 'Accéder aux jetons d’administration',
  'Access the transfer tokens settings page': 'Accéder aux jetons de transfert',
  'Access the marketplace': 'Accéder à la marketplace',
  'Read the project level settings': 'Lire les paramètres du projet',
  'Update the project level settings': 'Modifier les paramètres du projet',
  'Add an entry to a release': 'Ajouter une entrée à une publication groupée',
  'Remove an entry from a release': 'Retirer une entrée d’une publication groupée',
};

/**
 * A plugin's or category's name as the panel must receive it to show it whole: it writes each
 * hyphen as a space (`PluginsAndSettings`' Row), so « E-mail » takes a non-breaking hyphen (U+2011).
 */
function shownWhole(name: string | undefined): string | undefined {
  return name?.replace(/-/g, '\u2011');
}

/** A permission section entry of the « Plugins » or « Paramètres » tab (GET /admin/permissions). */
interface SectionEntry {
  displayName?: string;
  plugin?: string;
  category?: string;
  subCategory?: string;
}

/**
 * Names in French, in place, the entries of the admin roles' « Plugins » and « Paramètres » tabs:
 * each plugin by `PERMISSION_GROUPS` (the panel shows the part after `::`, capitalised, so the
 * French name is given whole, hyphens non-breaking), each category, sub-category and action by the maps above; a name
 * the maps lack is left as it is. Safe for the values the panel saves: it groups the entries by
 * these names only to lay them out, and saves each checkbox by its action id (`action`, untouched).
 * Takes the two sections' arrays (either may be missing); returns nothing.
 */
export function nameSectionsInFrench(plugins: SectionEntry[] | undefined, settings: SectionEntry[] | undefined): void {
  for (const entry of [...(plugins ?? []), ...(settings ?? [])]) {
    if (entry.plugin) {
      const id = entry.plugin.includes('::') ? entry.plugin : `plugin::${entry.plugin}`;
      entry.plugin = shownWhole(PERMISSION_GROUPS[id]) ?? entry.plugin;
    }
    if (entry.category) entry.category = shownWhole(SETTINGS_CATEGORIES[entry.category]) ?? entry.category;
    if (entry.subCategory) entry.subCategory = SUB_CATEGORIES[entry.subCategory] ?? entry.subCategory;
    if (entry.displayName) entry.displayName = SECTION_ACTIONS[entry.displayName] ?? entry.displayName;
  }
}
