/**
 * The users-permissions plugin's role page (Paramètres › Utilisateurs et autorisations › Rôles ›
 * a role) lists the content API's actions as its code names them, with no translation key:
 * each group by its API or plugin (`api::article` as « Article », `plugin::membership` as
 * « Membership », Strapi's own in English: « Media Library », « Users-permissions »), then each
 * controller (« member », « due », « body », shown in capitals), and the group's description
 * names the raw id (« … pour api::article. »). This names them in French in that page as they
 * appear; the actions themselves (`find`, `create`, …) stay as the routes name them.
 * `tests/admin-translations.test.ts` checks that every API, plugin and controller of ours has
 * its French name here, and that Strapi 5.54 still writes these names so.
 */
import { watchPage } from './french-leftovers';

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

/** Each controller of the page by its name: ours, then Strapi's plugins' content-API ones. */
export const PERMISSION_CONTROLLERS: Record<string, string> = {
  article: 'Actualité',
  document: 'Document',
  'document-category': 'Catégorie de document',
  audit: 'Journal d’audit',
  bodies: 'Instances',
  consultation: 'Consultation',
  contribution: 'Contribution',
  export: 'Export',
  proposal: 'Proposition',
  results: 'Résultats',
  synthesis: 'Synthèse',
  vote: 'Vote',
  workbench: 'Atelier de l’équipe',
  events: 'Événements',
  'public-events': 'Événements publics',
  'summer-university': 'Université d’été',
  investitures: 'Investitures',
  mandates: 'Mandats',
  'mandates-admin': 'Mandats (équipe)',
  due: 'Cotisation',
  federation: 'Fédération',
  import: 'Import',
  index: 'Accueil',
  me: 'Mon compte',
  member: 'Adhérent',
  'member-admin': 'Adhérents (équipe)',
  section: 'Section',
  'federation-module': 'Module d’une fédération',
  invitation: 'Invitation',
  notification: 'Notification',
  sanctions: 'Commission des conflits',
  search: 'Recherche',
  skills: 'Compétences',
  training: 'Formations',
  // Strapi's plugins.
  'content-api': 'Fichiers',
  auth: 'Authentification',
  user: 'Compte',
  role: 'Rôle',
  permissions: 'Autorisations',
  email: 'E-mail',
  locales: 'Langues',
  'content-types': 'Types de contenu',
  components: 'Composants',
};

/** Where the page is: a role's page of the users-permissions plugin (new or existing). */
const ROLE_PAGE = /\/settings\/users-permissions\/roles\/[^/]+\/?$/;

/** The groups' names as Strapi 5.54 writes them (`formatPluginName`), for those it names itself. */
const STRAPI_GROUP_NAMES: Record<string, string> = {
  Application: 'application',
  'Content manager': 'plugin::content-manager',
  'Content types builder': 'plugin::content-type-builder',
  Documentation: 'plugin::documentation',
  Email: 'plugin::email',
  i18n: 'plugin::i18n',
  'Media Library': 'plugin::upload',
  'Users-permissions': 'plugin::users-permissions',
};

/** A group's id from the name Strapi shows for it (`upperFirst` of the id without its prefix otherwise). */
export function groupOfShownName(shown: string): string | undefined {
  if (STRAPI_GROUP_NAMES[shown]) return STRAPI_GROUP_NAMES[shown];
  const id = shown.charAt(0).toLowerCase() + shown.slice(1);
  return Object.keys(PERMISSION_GROUPS).find((group) => group === `api::${id}` || group === `plugin::${id}`);
}

/** The description's text with each raw group id (`api::article`) named in French. */
export function nameGroupsIn(text: string): string {
  return text.replace(/\b(?:api|plugin)::[a-z0-9-]+/g, (id) => PERMISSION_GROUPS[id] ?? id);
}

/** The French for a text node of the page, or null to leave it. */
function frenchOf(text: string, element: Element): string | null {
  // A group's header: its trigger button holds the name, then the description.
  if (element.closest('button[aria-controls], [data-state] > button, h3 button')) {
    if (/(?:api|plugin)::/.test(text)) return nameGroupsIn(text);
    const group = groupOfShownName(text.trim());
    return group ? (PERMISSION_GROUPS[group] ?? null) : null;
  }
  // A controller's name: the heading of its actions, beside its « Tout sélectionner » box.
  const french = PERMISSION_CONTROLLERS[text.trim()];
  return french && !element.closest('label, button, input') && element.closest('[role="region"], [data-state="open"]') ? french : null;
}

function mendNode(node: Text) {
  const text = node.nodeValue ?? '';
  const element = node.parentElement;
  if (!element || !text.trim()) return;
  const french = frenchOf(text, element);
  // Written only when it differs: a write is a mutation this observer would see again.
  if (french !== null && french !== text) node.nodeValue = french;
}

function mend(root: Node) {
  if (!ROLE_PAGE.test(window.location.pathname)) return;
  if (root.nodeType === Node.TEXT_NODE) {
    mendNode(root as Text);
    return;
  }
  if (!(root instanceof Element)) return;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) mendNode(node as Text);
}

/** Watches the panel's page and names the role page's groups and controllers in French as they appear. */
export function namePermissionsInFrench(): void {
  watchPage(mend);
}
