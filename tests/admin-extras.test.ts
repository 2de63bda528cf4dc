import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILDER_LINK, GUIDED_TOUR_KEY, HIDDEN_ITEMS, settleStrapiCloudTask } from '../src/admin/commercial-extras';

/**
 * What src/admin/commercial-extras.ts hides of Strapi's other products rests on how Strapi 5.54
 * writes them: this reads the installed packages (an upgrade that moves them fails here), and
 * runs the guided tour's mending on a stored state. No Strapi, no browser: the Marketplace entry's
 * absence in the panel itself is tests/e2e/national-panel.e2e.test.ts's (the tour shows only in
 * a development build of the panel, which the e2e tests do not make).
 */
const root = path.resolve(__dirname, '..');
const load = createRequire(path.join(root, 'package.json'));
const admin = path.dirname(load.resolve('@strapi/admin/package.json'));
const code = (file: string) => readFileSync(path.join(admin, 'dist/admin/admin/src', file), 'utf8');

/** A browser's localStorage, as far as the mending uses it. */
function storage(initial?: unknown) {
  const items = new Map<string, string>(initial === undefined ? [] : [[GUIDED_TOUR_KEY, typeof initial === 'string' ? initial : JSON.stringify(initial)]]);
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), read: () => JSON.parse(items.get(GUIDED_TOUR_KEY) ?? 'null') };
}

describe('Strapi’s Marketplace entry and Strapi Cloud task, hidden from the panel', () => {
  it('still finds them where Strapi writes them (a super admin’s main menu, the guided tour’s tasks)', () => {
    expect(code('hooks/useMenu.mjs'), 'the main menu links to the Marketplace').toContain("to: 'https://market.strapi.io'");
    expect(HIDDEN_ITEMS).toContain('a[href^="https://market.strapi.io"]');
    const overview = code('components/GuidedTour/Overview.mjs');
    expect(overview).toContain("tourName: 'strapiCloud'");
    expect(overview, 'a task is a list item named by its title').toMatch(/tag: "li",\s*"aria-label": formatMessage\(task\.title\)/);
    // Named « … Strapi Cloud » in French as in English: the selector finds it in either.
    const strapiFrench = load(path.join(admin, 'dist/admin/admin/src/translations/fr.json.js'));
    const french = { ...(strapiFrench.default ?? strapiFrench), ...JSON.parse(readFileSync(path.join(root, 'src/admin/translations/fr.json'), 'utf8')) };
    expect(french['tours.overview.strapiCloud.label']).toContain('Strapi Cloud');
    expect(overview).toContain("defaultMessage: 'Deploy your application to Strapi Cloud'");
    expect(HIDDEN_ITEMS).toContain('li[aria-label*="Strapi Cloud"]');
    expect(code('components/GuidedTour/Context.mjs'), 'the tour keeps its state under this key').toContain(`const STORAGE_KEY = '${GUIDED_TOUR_KEY}'`);
  });

  it('marks the Strapi Cloud task done before the panel reads the tour, so that the tour still ends at 100 %', () => {
    // A first visit: a state with the task done; Strapi adds the other tasks itself (migrateTours).
    const fresh = storage();
    settleStrapiCloudTask(fresh);
    expect(fresh.read()).toEqual({ enabled: true, hidden: false, completedActions: [], tours: { strapiCloud: { currentStep: 0, isCompleted: true } } });
    // A tour under way: only the task changes.
    const started = storage({ enabled: true, hidden: false, completedActions: ['didCreateContentTypeSchema'], tours: { contentManager: { currentStep: 2, isCompleted: false }, strapiCloud: { currentStep: 0, isCompleted: false } } });
    settleStrapiCloudTask(started);
    expect(started.read()).toEqual({ enabled: true, hidden: false, completedActions: ['didCreateContentTypeSchema'], tours: { contentManager: { currentStep: 2, isCompleted: false }, strapiCloud: { currentStep: 0, isCompleted: true } } });
    // Skipped by the user, or already done: left as it is.
    const skipped = storage({ enabled: false, tours: { strapiCloud: { currentStep: 1, isCompleted: true } } });
    settleStrapiCloudTask(skipped);
    expect(skipped.read()).toEqual({ enabled: false, tours: { strapiCloud: { currentStep: 1, isCompleted: true } } });
    // Unreadable: Strapi's to reset, not ours.
    const broken = storage('{not json');
    settleStrapiCloudTask(broken);
    expect(broken.getItem(GUIDED_TOUR_KEY)).toBe('{not json');
  });
});

describe('the read-only Content-Type Builder’s menu entry, hidden unless the server edits schemas', () => {
  it('still finds the entry and the server’s answer where Strapi 5.54 writes them', () => {
    const builder = readFileSync(path.join(path.dirname(load.resolve('@strapi/content-type-builder/package.json')), 'dist/admin/index.mjs'), 'utf8');
    expect(builder, 'the menu links to plugins/content-type-builder').toMatch(/addMenuLink\(\{\s*to: `plugins\/\$\{pluginId\}`/);
    expect(BUILDER_LINK).toBe('a[href$="/plugins/content-type-builder"]');
    const information = readFileSync(path.join(admin, 'dist/server/server/src/controllers/admin.js'), 'utf8');
    expect(information, 'GET /admin/information answers autoReload').toMatch(/const autoReload = strapi\.config\.get\('autoReload', false\);[\s\S]*data: \{[\s\S]*autoReload,/);
  });
});
