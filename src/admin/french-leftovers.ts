/**
 * A few texts of Strapi's panel are written in its code in English with no translation key, so
 * no translation file reaches them: the loaders' « Loading content. » / « Loading » (read by
 * screen readers, and shown for a moment as the page loads), two of the settings pages'
 * (`KEYLESS_TEXTS`), the kind ending the admin roles' category descriptions (`CATEGORY_DESCRIPTION`), the plan's name on Paramètres › Aperçu (`PLAN_NAMES`), and the document status badge's
 * name, which is the raw status (`aria-label="draft"` beside its translated « Brouillon »).
 * This puts them in French as they appear: the loaders' texts while the panel is in French,
 * the badge's name from its own visible (translated) text in any language.
 * `tests/admin-translations.test.ts` checks the packages still write these texts.
 */
export const LOADER_TEXTS: Record<string, string> = {
  'Loading content.': 'Chargement du contenu…',
  'Loading content': 'Chargement du contenu…',
  Loading: 'Chargement…',
};
/**
 * Other keyless English of the settings pages, each where it shows: the users-permissions
 * plugin's roles list announces its loading in the page's live region (`notifyStatus`), and
 * its providers list names each row's button « Edit » (an `IconButton` label).
 */
export const KEYLESS_TEXTS: Record<string, { french: string; within: string }> = {
  'The roles have loaded successfully': { french: 'Les rôles ont été chargés', within: '[aria-live]' },
  Edit: { french: 'Modifier', within: 'button' },
};
/**
 * Strapi's plan, as Paramètres › Aperçu shows it (« Offre actuelle »: `window.strapi.projectType`,
 * shown raw in the details' `<dd>`): the free edition this party runs, and the paid one.
 */
export const PLAN_NAMES: Record<string, string> = {
  Community: 'Édition communautaire (gratuite)',
  Enterprise: 'Édition entreprise',
};
/**
 * The admin roles' « Plugins » and « Paramètres » tabs describe each category by the translated
 * « Autorisations de la catégorie « {category} » » followed by the tab's kind in English, with no
 * key (`PluginsAndSettings`' Row: `${…} plugin`, `${…} settings`): the kind is dropped.
 */
export const CATEGORY_DESCRIPTION = /^(Autorisations de la catégorie « [^»]+ ») (?:plugin|settings)$/;
/** The statuses `DocumentStatus` writes as its name (`aria-label`). */
export const STATUS_NAMES = ['draft', 'published', 'modified'];

function mendText(node: Text) {
  const french = LOADER_TEXTS[node.nodeValue ?? ''];
  // Strapi's loaders are live regions (`role="alert"`) or sit in a busy region.
  if (french && node.parentElement?.closest('[role="alert"], [aria-busy="true"]')) node.nodeValue = french;
  const keyless = KEYLESS_TEXTS[node.nodeValue ?? ''];
  if (keyless && node.parentElement?.closest(keyless.within)) node.nodeValue = keyless.french;
  const category = CATEGORY_DESCRIPTION.exec(node.nodeValue ?? '');
  if (category && node.parentElement?.closest('button')) node.nodeValue = category[1]!;
  const plan = PLAN_NAMES[node.nodeValue ?? ''];
  if (plan && node.parentElement?.closest('dd') && /\/settings\/application-infos\/?$/.test(window.location.pathname)) node.nodeValue = plan;
}

function mendStatus(element: Element) {
  const name = element.getAttribute('aria-label');
  const shown = element.textContent?.trim();
  if (name && STATUS_NAMES.includes(name) && shown && shown !== name) element.setAttribute('aria-label', shown);
}

/**
 * The panel's language: the one Strapi reads at start (`strapi-admin-language`, which app.tsx
 * sets to French unless the user chose another), before it writes it into `<html lang>`.
 */
function panelInFrench(): boolean {
  let language: string | null = null;
  try {
    language = window.localStorage.getItem('strapi-admin-language');
  } catch {
    // No storage: the page's own language.
  }
  return (language ?? document.documentElement.lang).startsWith('fr');
}

function mend(root: Node) {
  const french = panelInFrench();
  if (root.nodeType === Node.TEXT_NODE) {
    if (french) mendText(root as Text);
    // A badge's text that changed: its name follows.
    const status = root.parentElement?.closest('[role="status"][aria-label]');
    if (status) mendStatus(status);
    return;
  }
  if (!(root instanceof Element)) return;
  if (french) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) mendText(node as Text);
  }
  if (root.matches('[role="status"][aria-label]')) mendStatus(root);
  root.querySelectorAll('[role="status"][aria-label]').forEach(mendStatus);
}

/** Watches the panel's page and mends those texts as they are added or changed. */
export function mendFrenchLeftovers(): void {
  watchPage(mend, { attributes: true, attributeFilter: ['aria-label'] });
}

/**
 * Runs `mend` on the panel's page now, then on every node added and every text (or watched
 * attribute, `also`) changed, for as long as the page lives. Nothing in a browserless context.
 */
export function watchPage(mend: (root: Node) => void, also: MutationObserverInit = {}): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
  mend(document.body);
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'childList') record.addedNodes.forEach(mend);
      else mend(record.target);
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true, ...also });
}
