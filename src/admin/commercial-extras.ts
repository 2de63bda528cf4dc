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

const SELECTOR = COMMERCIAL_LINKS.map((address) => `a[href^="${address}"]`).join(', ');

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
    const close = bannerCloseButton(link);
    if (close) close.click();
    // Strapi's links are styled `display: inline-flex`, which the `hidden` attribute would not beat.
    else link.style.setProperty('display', 'none', 'important');
  });
}

/** Watches the panel's page and withdraws Strapi's marketing links and banners as they appear. */
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
