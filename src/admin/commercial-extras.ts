/**
 * Strapi's panel carries its vendor's marketing whatever the config says: a banner announcing
 * its new media library with « Lire l’article de blog » (strapi.io's blog) above every page,
 * a « Voir tous les tarifs » link under Paramètres › Aperçu, and, for trial licences, a banner
 * selling its paid plans (billing.strapi.io). `config/admin.ts` turns off what it can
 * (`flags.promoteEE`: the « purchase » pages of the settings menu; `flags.nps`; `ai.enabled`);
 * these have no switch (Strapi 5.54: `MediaLibraryBanner`, `UpsellBanner` in the layout,
 * `ApplicationInfoPage`). Federation staff and national admins have no use for them: this
 * dismisses such a banner through its own close button (Strapi then remembers it in this
 * browser) and hides any other such link as it appears.
 * `tests/e2e/media-library.e2e.test.ts` checks none is left for staff, and national-panel's for
 * a national admin.
 */
export const COMMERCIAL_LINKS = ['https://strapi.io/blog/', 'https://strapi.io/pricing', 'https://billing.strapi.io'];

/**
 * Menu entries and tasks that sell Strapi's other products, hidden whole (their list item):
 * the main menu's « Marketplace » (Strapi's plugin shop, market.strapi.io: a super admin holds
 * its permission, `admin::marketplace.read`, and no config turns it off in 5.54), and the
 * guided tour's « Déployer votre application sur Strapi Cloud » task (the tour shows to the
 * first super admin of a development build; 5.54's `tutorials` option is read by nothing). The
 * task is also marked done before the panel reads the tour's state (`settleStrapiCloudTask`),
 * so the tour's progress still reaches 100 % without it.
 */
export const HIDDEN_ITEMS = ['a[href^="https://market.strapi.io"]', 'li[aria-label*="Strapi Cloud"]', 'a[href^="https://docs.strapi.io/cloud"]'];

const SELECTOR = [...COMMERCIAL_LINKS.map((address) => `a[href^="${address}"]`), ...HIDDEN_ITEMS].join(', ');
const HIDDEN = HIDDEN_ITEMS.join(', ');

/** The guided tour's state, as Strapi keeps it in this browser (`GuidedTour/Context`). */
export const GUIDED_TOUR_KEY = 'STRAPI_GUIDED_TOUR';
const CLOUD_TOUR = 'strapiCloud';

/**
 * Marks the guided tour's Strapi Cloud task done in the stored state (made with it when there is
 * none yet: Strapi adds the other tasks as new), leaving the rest of the tour as it was. To run
 * before the panel renders.
 */
export function settleStrapiCloudTask(storage: Pick<Storage, 'getItem' | 'setItem'>): void {
  let state: { tours?: Record<string, { currentStep?: number; isCompleted?: boolean }> } & Record<string, unknown>;
  try {
    state = JSON.parse(storage.getItem(GUIDED_TOUR_KEY) ?? 'null') ?? { enabled: true, hidden: false, completedActions: [] };
  } catch {
    return; // Not ours to mend: Strapi resets a state it cannot read.
  }
  if (typeof state !== 'object' || Array.isArray(state)) return;
  const tours = state.tours && typeof state.tours === 'object' ? state.tours : {};
  if (tours[CLOUD_TOUR]?.isCompleted === true) return;
  state.tours = { ...tours, [CLOUD_TOUR]: { ...tours[CLOUD_TOUR], currentStep: tours[CLOUD_TOUR]?.currentStep ?? 0, isCompleted: true } };
  storage.setItem(GUIDED_TOUR_KEY, JSON.stringify(state));
}

/**
 * The close button of the banner holding `link`: the only button of the link's nearest
 * ancestor that has one, provided that ancestor is no more than the banner (no page content,
 * no navigation in it). Null when the link is not in such a banner.
 */
function bannerCloseButton(link: Element): HTMLButtonElement | null {
  for (let box = link.parentElement; box && box !== document.body; box = box.parentElement) {
    const buttons = box.querySelectorAll('button');
    if (buttons.length === 0) continue;
    return buttons.length === 1 && !box.querySelector('main, nav, h1, form') ? buttons[0] : null;
  }
  return null;
}

function withdraw(root: ParentNode) {
  root.querySelectorAll<HTMLElement>(SELECTOR).forEach((link) => {
    if (link.matches(HIDDEN)) {
      (link.closest<HTMLElement>('li') ?? link).style.setProperty('display', 'none', 'important');
      return;
    }
    const close = bannerCloseButton(link);
    if (close) close.click();
    // Strapi's links are styled `display: inline-flex`, which the `hidden` attribute would not beat.
    else link.style.setProperty('display', 'none', 'important');
  });
}

/** Watches the panel's page and withdraws Strapi's marketing links, banners and menu entries as they appear. */
export function withdrawCommercialExtras(): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
  withdraw(document);
  new MutationObserver((records) => {
    for (const record of records) {
      record.addedNodes.forEach((node) => {
        if (!(node instanceof Element)) return;
        if (node.matches(SELECTOR)) withdraw(node.parentElement ?? document);
        else withdraw(node);
      });
    }
  }).observe(document.body, { childList: true, subtree: true });
}

/**
 * The main menu's « Content-Type Builder » entry, hidden unless the server edits schemas: Strapi
 * opens the builder read-only outside `strapi develop` (its `autoReload`), where a national admin
 * has no use for it (our schemas are written in code). Its address still answers (read-only to a
 * super admin, « Vous n’avez pas les permissions… » to staff).
 */
export const BUILDER_LINK = 'a[href$="/plugins/content-type-builder"]';
const BUILDER_STYLE = 'intranet-read-only-builder';

/**
 * Hides the builder's menu entry from the start (a style, so that it never flashes), then asks
 * the server once, when the menu is first drawn (the admin is signed in), whether it edits
 * schemas (`autoReload`, via `isAutoReload`): if so the entry shows again. An unanswered
 * question leaves it hidden.
 */
export function withdrawReadOnlyBuilder(isAutoReload: () => Promise<boolean>): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
  const style = document.createElement('style');
  style.id = BUILDER_STYLE;
  style.textContent = `nav li:has(${BUILDER_LINK}), nav ${BUILDER_LINK} { display: none !important; }`;
  document.head.append(style);
  const observer = new MutationObserver(() => {
    if (!document.querySelector(`nav ${BUILDER_LINK}`)) return;
    observer.disconnect();
    isAutoReload().then(
      (editable) => {
        if (editable) style.remove();
      },
      () => undefined
    );
  });
  observer.observe(document.body, { childList: true, subtree: true });
}
