import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Me } from './session';

/**
 * How a plugin brings its pages to the member portal, as plugins bring theirs to Strapi's
 * admin panel. `plugins/<id>/portal/index.ts` default-exports `definePortalPlugin({...})`;
 * the shell finds every one at build time and shows a plugin's menu entries and routes only
 * when `module` is switched on for the member's federation.
 */
export type Page = LazyExoticComponent<ComponentType<any>> & {
  /** Starts downloading the page's chunk before it is rendered (the home page's cards, at boot). */
  preload?: () => Promise<unknown>;
};

export interface PortalRoute {
  /** Path under /, without the leading slash, React Router syntax: 'consultations/:id'. */
  path: string;
  page: Page;
  /** The page's title, for the document title while it loads (pages set their own after). */
  title?: string;
}

export interface PortalMenuEntry {
  /** French label shown in the navigation. */
  label: string;
  to: string;
  /** Lower comes first. Accueil is 0. */
  order: number;
  /** Only for these roles (users-permissions role types); everyone when absent. */
  roles?: string[];
}

export interface PortalPlugin {
  /** The plugin id (its folder in plugins/). */
  id: string;
  /** The module whose per-federation switch shows or hides these pages; absent: always shown. */
  module?: string;
  menu?: PortalMenuEntry[];
  routes: PortalRoute[];
  /** Pages anyone may open without an account (no menu, no session, no module gate): they read public routes only. */
  publicRoutes?: PortalRoute[];
  /** Cards on the home page (« Accueil »), in order: each fetches what is new for the member. */
  home?: HomeCard[];
}

export interface HomeCard {
  /** Lower comes first. */
  order: number;
  /**
   * The card, imported statically (it travels in the portal's main bundle: a cold load of
   * « Accueil » then needs no card chunk after the session's reads), or lazily (`lazyPage`).
   */
  card: ComponentType<any> & { preload?: Page['preload'] };
  /**
   * Starts the card's reads as soon as the session is known, before the card's code has even
   * arrived: `primeRead(path, query)` (from `@portal/hooks`) with exactly the path and query the
   * card's `useApi` will ask, chained reads included (`primeRead(...).then(...)`). The card then
   * takes them instead of asking again. Returns a promise settled once the chain has (the home
   * page shows its cards together after that, so a chained read never grows a card later).
   * Called only when the card's module is on for the member's federation, on a load of « Accueil »;
   * `moduleOn` says whether another module is (a card reading another plugin's route). Two cards
   * priming the same read share one request.
   */
  prime?: (me: Me, moduleOn: (id: string | undefined) => boolean) => Promise<unknown> | void;
}

export function definePortalPlugin(plugin: PortalPlugin): PortalPlugin {
  return plugin;
}

/**
 * A page exported under a name (one module holding several pages), loaded when first opened:
 * `lazyNamed(() => import('./results'), 'SynthesisPage')`. Default exports use React's `lazy`.
 */
export function lazyNamed<K extends string>(load: () => Promise<Record<K, ComponentType<any>>>, name: K): Page {
  const page: Page = lazy(() => load().then((module) => ({ default: module[name] })));
  page.preload = load;
  return page;
}

/** A page that is its module's default export, loaded when first opened (React's `lazy`, with `preload`). */
export function lazyPage(load: () => Promise<{ default: ComponentType<any> }>): Page {
  const page: Page = lazy(load);
  page.preload = load;
  return page;
}
