import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isArgumentElement,
  isDateElement,
  isNumberElement,
  isPluralElement,
  isSelectElement,
  isTagElement,
  isTimeElement,
  parse,
  type MessageFormatElement,
} from '@formatjs/icu-messageformat-parser';
import { CATEGORY_DESCRIPTION, KEYLESS_TEXTS, LOADER_TEXTS, PLAN_NAMES, STATUS_NAMES } from '../src/admin/french-leftovers';
import { actionName, groupOfShownName, nameGroupsIn, PERMISSION_ACTIONS, PERMISSION_CONTROLLERS, PERMISSION_GROUPS, routeButtonName } from '../src/admin/permission-names';

/**
 * The admin panel is French: Strapi's own French files lack some of its English texts, which
 * `src/admin/translations/fr.json` supplies (src/admin/app.tsx merges it over Strapi's). Two
 * kinds: keys of the packages' English files that their French files lack, and texts their code
 * writes with an English default and no key in any file (the Content Manager's menu entry, its
 * search box…). This reads the installed packages, so an upgrade that adds English texts fails
 * here until they are translated. No Strapi is booted.
 */
const root = path.resolve(__dirname, '..');
const load = createRequire(path.join(root, 'package.json'));

/**
 * The packages whose texts staff read, where their translations are, and the prefix their keys
 * take once merged. Not content releases (`@strapi/content-releases`, no French file): its
 * screens need a licence (`cms-content-releases`) and `flags.promoteEE` is off (config/admin.ts),
 * so the panel shows none of its texts (tests/e2e/media-library.e2e.test.ts checks).
 */
const PACKAGES = [
  { name: '@strapi/admin', code: 'dist/admin', translations: 'dist/admin/admin/src/translations', prefix: '' },
  { name: '@strapi/content-manager', code: 'dist/admin', translations: 'dist/admin/translations', prefix: 'content-manager.' },
  { name: '@strapi/upload', code: 'dist/admin', translations: 'dist/admin/translations', prefix: 'upload.' },
  // The settings pages a national admin opens: « Configuration » of the email plugin, the
  // users-permissions plugin's roles, providers, email templates and advanced settings, and the
  // internationalisation's locales.
  { name: '@strapi/email', code: 'dist/admin', translations: 'dist/admin/translations', prefix: 'email.' },
  { name: '@strapi/plugin-users-permissions', code: 'dist/admin', translations: 'dist/admin/translations', prefix: 'users-permissions.' },
  { name: '@strapi/i18n', code: 'dist/admin', translations: 'dist/admin/translations', prefix: 'i18n.' },
];
type Package = (typeof PACKAGES)[number];
type Messages = Record<string, string>;

const packageDir = (pkg: Package) => path.dirname(load.resolve(`${pkg.name}/package.json`));

function translations(pkg: Package, locale: string): Messages {
  const module = load(path.join(packageDir(pkg), pkg.translations, `${locale}.json.js`));
  const messages: Messages = module.default ?? module;
  return Object.fromEntries(Object.entries(messages).map(([key, text]) => [pkg.prefix + key, text]));
}

/**
 * The texts a package's code writes as `{ id: 'key', defaultMessage: 'English' }` (the id
 * through the package's prefixing helper or not), as react-intl looks them up: full key →
 * English defaults.
 */
function codeTexts(pkg: Package): Map<string, string[]> {
  const texts = new Map<string, string[]>();
  const message = /id:\s*(?:(getTranslation|getTranslationKey|getTrad)\()?(['"`])([^'"`$]+)\2\)?,\s*defaultMessage:\s*(['"`])((?:\\.|(?!\4)[^\\])*)\4/g;
  const labelled = /labelId:\s*(['"])([^'"$]+)\1,\s*(?:id:\s*'[^']*',\s*)?defaultMessage:\s*(['"])((?:\\.|(?!\3)[^\\])*)\3/g;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'translations') walk(file);
      else if (entry.isFile() && entry.name.endsWith('.mjs')) {
        const source = readFileSync(file, 'utf8');
        for (const match of source.matchAll(message)) {
          const key = (match[1] ? pkg.prefix : '') + match[3];
          texts.set(key, [...(texts.get(key) ?? []), match[5].replace(/\\(.)/g, '$1')]);
        }
        // Tab lists name their key `labelId` (the role editor's « Settings » tab), with their own `id` maybe between.
        for (const match of source.matchAll(labelled)) texts.set(match[2], [...(texts.get(match[2]) ?? []), match[4].replace(/\\(.)/g, '$1')]);
      }
    }
  };
  walk(path.join(packageDir(pkg), pkg.code));
  return texts;
}

/**
 * Our content types' enumerations: value → the fields (`uid.field`) that offer it. The Content
 * Manager names a value through the translation keyed by the value itself (edit view, filters;
 * src/admin/enumeration-cells.tsx does it in the list's cells).
 */
/** The French field labels our content types declare (`pluginOptions.intranet.labels`): `uid.field` → label. */
const fieldLabels = new Map<string, string>();
/** Every attribute of our content types, as `uid.field`. */
const attributeNames: string[] = [];

async function enumerations(): Promise<Map<string, string[]>> {
  const values = new Map<string, string[]>();
  const add = (uid: string, attributes: Record<string, { type: string; enum?: string[] }>, pluginOptions?: { intranet?: { labels?: Record<string, string> } }) => {
    for (const [field, label] of Object.entries(pluginOptions?.intranet?.labels ?? {})) fieldLabels.set(`${uid}.${field}`, label);
    for (const [field, attribute] of Object.entries(attributes)) {
      attributeNames.push(`${uid}.${field}`);
      if (attribute.type === 'enumeration') for (const value of attribute.enum ?? []) values.set(value, [...(values.get(value) ?? []), `${uid}.${field}`]);
    }
  };
  const apis = path.join(root, 'src', 'api');
  for (const name of readdirSync(apis)) {
    const types = path.join(apis, name, 'content-types');
    for (const type of existsSync(types) ? readdirSync(types) : []) {
      const schema = JSON.parse(readFileSync(path.join(types, type, 'schema.json'), 'utf8'));
      add(`api::${name}.${type}`, schema.attributes, schema.pluginOptions);
    }
  }
  for (const plugin of readdirSync(path.join(root, 'plugins'))) {
    const index = path.join(root, 'plugins', plugin, 'server', 'src', 'content-types', 'index.ts');
    if (!existsSync(index)) continue;
    const types: Record<string, { schema: { attributes: Record<string, { type: string; enum?: string[] }>; pluginOptions?: any } }> = (await import(index)).default;
    for (const [name, type] of Object.entries(types)) add(`plugin::${plugin}.${name}`, type.schema.attributes, type.schema.pluginOptions);
  }
  return values;
}
const enumValues = await enumerations();

const english: Messages = Object.assign({}, ...PACKAGES.map((pkg) => translations(pkg, 'en')));
const strapiFrench: Messages = Object.assign({}, ...PACKAGES.map((pkg) => translations(pkg, 'fr')));
const ours: Messages = JSON.parse(readFileSync(path.join(root, 'src', 'admin', 'translations', 'fr.json'), 'utf8'));
/** Texts of the code with no key in the English files (nor in the French ones). */
const codeOnly = new Map(PACKAGES.flatMap((pkg) => [...codeTexts(pkg)]).filter(([key]) => !(key in english) && !(key in strapiFrench)));
/** An example of Strapi's documentation left in its code, never shown. */
const NEVER_SHOWN = /^mycustomfields\./;
/** The English a key of ours translates (an enumeration's value is its own English). */
const source = (key: string): string | undefined => english[key] ?? codeOnly.get(key)?.[0] ?? (enumValues.has(key) ? key : undefined);

/** The names of a message's arguments (`{count}`, `{count, plural, …}`) and of its tags (`<b>…</b>`), nested ones included. */
function placeholders(text: string) {
  const args = new Set<string>();
  const tags = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (
        isArgumentElement(element) ||
        isNumberElement(element) ||
        isDateElement(element) ||
        isTimeElement(element) ||
        isSelectElement(element) ||
        isPluralElement(element)
      )
        args.add(element.value);
      if (isTagElement(element)) {
        tags.add(element.value);
        walk(element.children);
      }
      if (isSelectElement(element) || isPluralElement(element)) for (const option of Object.values(element.options)) walk(option.value);
    }
  };
  // Some of Strapi's English texts have a select without `other`: accepted, as react-intl does when it formats them.
  walk(parse(text, { requiresOtherClause: false }));
  return { args: [...args].sort(), tags: [...tags].sort() };
}

describe('the admin panel has a French text for every English one', () => {
  it('names no attribute as Strapi 5 reserves it (`status` is draft & publish’s: the Content Manager shows « published » or nothing for it)', () => {
    const { contentTypes } = load('@strapi/utils') as { contentTypes: { isReservedAttributeName: (name: string, options?: { draftAndPublish?: boolean }) => boolean } };
    expect(attributeNames.length, 'the schemas are read').toBeGreaterThan(100);
    expect(contentTypes.isReservedAttributeName('status', { draftAndPublish: true }), 'Strapi still reserves `status`').toBe(true);
    // With draft & publish's names even where a type has it off: the Content Manager misreads `status` there too.
    expect(attributeNames.filter((name) => contentTypes.isReservedAttributeName(name.slice(name.lastIndexOf('.') + 1), { draftAndPublish: true }))).toEqual([]);
  });

  it('finds the packages’ English and French files', () => {
    expect(Object.keys(english).length).toBeGreaterThan(1000);
    expect(Object.keys(strapiFrench).length).toBeGreaterThan(500);
  });

  it('translates every English key of the panel, the Content Manager, the media library and the settings’ plugins (in Strapi’s French file or ours)', () => {
    const untranslated = Object.keys(english).filter((key) => !(key in strapiFrench) && !(key in ours));
    expect(untranslated, 'English texts without French: add them to src/admin/translations/fr.json').toEqual([]);
  });

  it('translates the texts the packages’ code writes in English with no key in their files', () => {
    expect(codeOnly.size, 'the code’s texts are found').toBeGreaterThan(50);
    expect(codeOnly.get('content-manager.plugin.name')?.[0], 'the Content Manager’s menu entry').toBe('Content Manager');
    const untranslated = [...codeOnly.keys()].filter((key) => !(key in ours) && !NEVER_SHOWN.test(key));
    expect(untranslated, 'English texts of the code without French: add them to src/admin/translations/fr.json').toEqual([]);
  });

  it('has only keys the packages use, or values of our enumerations (a typo or a wrong prefix would translate nothing)', () => {
    expect(Object.keys(ours).filter((key) => source(key) === undefined)).toEqual([]);
  });

  it('keeps every placeholder and tag of the English text, in a valid message', () => {
    const changed = Object.entries(ours).flatMap(([key, text]) => {
      // A few English texts are no valid message (Strapi's « ex: Strapi <example@strapi.io> »,
      // read as a broken tag, which react-intl shows raw): ours then has no placeholder.
      let want: ReturnType<typeof placeholders>;
      try {
        want = placeholders(source(key) ?? '');
      } catch {
        want = { args: [], tags: [] };
      }
      let got: ReturnType<typeof placeholders>;
      try {
        got = placeholders(text);
      } catch (error) {
        return [`${key}: not a valid message (${(error as Error).message})`];
      }
      const differences: string[] = [];
      if (got.args.join() !== want.args.join()) differences.push(`arguments {${got.args.join('}, {')}} instead of {${want.args.join('}, {')}}`);
      if (got.tags.join() !== want.tags.join()) differences.push(`tags <${got.tags.join('>, <')}> instead of <${want.tags.join('>, <')}>`);
      return differences.length ? [`${key}: ${differences.join('; ')}`] : [];
    });
    expect(changed).toEqual([]);
  });

  it('corrects Strapi’s own misspelt French (« Les schéma », « dernier bouillon », « Panneau d’aministration », « Paramètre Globaux », « Editer », « Rôle par defaut », « Templates d’e-mail », « Customisation », « 100KB »)', () => {
    const MISSPELT = [/\bLes schéma\b/, /\bbouillon\b/, /\baministration\b/, /Paramètre Globaux/, /\bEditer\b/, /\bdefaut\b/, /\bTemplates?\b/, /\bCustomisation\b/, /\{size\}\s?KB\b/];
    const strapiMisspelt = Object.keys(strapiFrench).filter((key) => MISSPELT.some((wrong) => wrong.test(strapiFrench[key])));
    expect(strapiMisspelt.length, 'Strapi’s French still misspells these').toBeGreaterThan(0);
    const merged: Messages = { ...strapiFrench, ...ours };
    // Keys the packages still use (Strapi's French file keeps a few it no longer shows).
    expect(Object.entries(merged).filter(([key, text]) => source(key) !== undefined && MISSPELT.some((wrong) => wrong.test(text)))).toEqual([]);
    expect(merged['content-manager.App.schemas.data-loaded']).toBe('Les schémas ont été chargés.');
    expect(merged['users-permissions.HeaderNav.link.emailTemplates']).toBe('Modèles d’e-mail');
    expect(merged['Settings.application.customization.size-details']).toBe('Dimensions maximales : {dimension}×{dimension}, poids maximal du fichier : {size} Ko');
  });

  it('names in French every value of our « audience » fields (« federation » → « Fédération »), keyed by the value', () => {
    const audiences = [...enumValues].filter(([, fields]) => fields.some((field) => field.endsWith('.audience'))).map(([value]) => value);
    expect(audiences).toEqual(expect.arrayContaining(['national', 'federation', 'section']));
    expect(Object.fromEntries(audiences.map((value) => [value, ours[value]]))).toEqual({
      national: 'National',
      federation: 'Fédération',
      section: 'Section',
      members: 'Adhérents',
      public: 'Tout public',
    });
    // A value's key must not be one of Strapi's own (it would rename that text too).
    expect(Object.keys(ours).filter((key) => enumValues.has(key) && (key in english || codeOnly.has(key)))).toEqual([]);
  });

  it('names in French every value of every enumeration of our content types, keyed by the value', () => {
    expect(enumValues.size, 'the schemas’ enumerations are found').toBeGreaterThan(100);
    // A new value (or a new enumeration) with no French name shows raw in the edit view's select, the filters and the list.
    const unnamed = [...enumValues].filter(([value]) => !ours[value]).map(([value, fields]) => `${value} (${fields.join(', ')})`);
    expect(unnamed, 'enumeration values without a French name: add them to src/admin/translations/fr.json').toEqual([]);
    expect(Object.fromEntries(['full', 'quick', 'simple', 'absolute', 'two-thirds', 'president', 'declared', 'staff', 'verified', 'bureau', 'cheque'].map((value) => [value, ours[value]]))).toEqual({
      full: 'Complète',
      quick: 'Question rapide',
      simple: 'Simple',
      absolute: 'Absolue',
      'two-thirds': 'Des deux tiers',
      president: 'Président·e',
      declared: 'Déclaré',
      staff: 'Équipe',
      verified: 'Vérifié',
      bureau: 'Bureau',
      cheque: 'Chèque',
    });
  });

  it('gives fields labels the Content Manager can format (no braces: they are read as a message), naming no raw value', () => {
    expect(fieldLabels.size, 'the labels are found').toBeGreaterThan(100);
    const unformattable = [...fieldLabels].filter(([, label]) => {
      try {
        const { args, tags } = placeholders(label);
        return args.length > 0 || tags.length > 0;
      } catch {
        return true;
      }
    });
    expect(unformattable, 'labels read as messages with placeholders, or invalid').toEqual([]);
    // « Type (full : complète, quick : question rapide) »: the select names the values in French itself.
    const rawValues = [...fieldLabels].filter(([key, label]) => {
      const values = [...enumValues].filter(([, fields]) => fields.includes(key)).map(([value]) => value);
      return values.some((value) => new RegExp(`[(,:] ?${value}(?![\\p{L}-])`, 'u').test(label));
    });
    expect(rawValues.map(([key, label]) => `${key}: ${label}`)).toEqual([]);
  });

  it('mends in the page the English texts the packages write with no key (loaders, the status badge’s name), which are still theirs', () => {
    const code = (pkg: string, file: string) => readFileSync(path.join(path.dirname(load.resolve(`${pkg}/package.json`)), file), 'utf8');
    const loaders = [
      code('@strapi/admin', 'dist/admin/admin/src/components/PageHelpers.mjs'),
      code('@strapi/admin', 'dist/admin/admin/src/components/LazyOutlet.mjs'),
      code('@strapi/admin', 'dist/admin/admin/src/components/Table.mjs'),
      code('@strapi/design-system', 'dist/index.mjs'),
    ].join('\n');
    for (const text of Object.keys(LOADER_TEXTS)) expect(loaders, `« ${text} » is no longer written by the packages: drop it from src/admin/french-leftovers.ts`).toMatch(new RegExp(`children(: | = )['"]${text.replace('.', '\\.')}['"]`));
    const settings = [
      code('@strapi/plugin-users-permissions', 'dist/admin/pages/Roles/pages/ListPage/index.mjs'),
      code('@strapi/plugin-users-permissions', 'dist/admin/pages/Providers/index.mjs'),
    ].join('\n');
    for (const text of Object.keys(KEYLESS_TEXTS)) expect(settings, `« ${text} » is no longer written by the packages: drop it from src/admin/french-leftovers.ts`).toMatch(new RegExp(`(notifyStatus\\(|label: )['"]${text}['"]`));
    // The plan on Paramètres › Aperçu: `window.strapi.projectType`, shown raw, « Community » unless licensed.
    expect(code('@strapi/admin', 'dist/admin/admin/src/pages/Settings/pages/ApplicationInfo/ApplicationInfoPage.mjs')).toContain('children: window.strapi.projectType');
    expect(code('@strapi/admin', 'dist/admin/admin/src/render.mjs')).toContain("projectType: 'Community'");
    expect(Object.keys(PLAN_NAMES)).toContain('Community');
    // The admin roles' « Plugins » and « Paramètres » tabs: a category's description ends with the tab's kind, keyless, and its name's hyphens show as spaces.
    const row = code('@strapi/admin', 'dist/admin/admin/src/pages/Settings/pages/Roles/components/PluginsAndSettings.mjs');
    expect(row).toContain("})} ${kind === 'plugins' ? 'plugin' : kind}`");
    expect(row).toContain("capitalise(categoryName.replace(/-/g, ' '))");
    expect(ours['Settings.permissions.category']).toBe('Autorisations de la catégorie « {category} »');
    expect(CATEGORY_DESCRIPTION.exec('Autorisations de la catégorie « Adhésions » plugin')?.[1]).toBe('Autorisations de la catégorie « Adhésions »');
    expect(CATEGORY_DESCRIPTION.exec('Autorisations de la catégorie « Jetons d’API » settings')?.[1]).toBe('Autorisations de la catégorie « Jetons d’API »');
    const badge = code('@strapi/content-manager', 'dist/admin/pages/EditView/components/DocumentStatus.mjs');
    expect(badge, 'the status badge is named by its raw status').toContain('"aria-label": status');
    for (const status of STATUS_NAMES) expect(strapiFrench[`content-manager.containers.List.${status}`], `the badge’s visible ${status} text is French`).toBeTruthy();
  });

  it('names in French every API, plugin and controller of the users-permissions role page (« Body », « Member » were shown as the code names them)', () => {
    const code = (file: string) => readFileSync(path.join(path.dirname(load.resolve('@strapi/plugin-users-permissions/package.json')), 'dist/admin', file), 'utf8');
    // Strapi still names a group by `formatPluginName` (the id without its prefix, first letter up), its description by the raw id, a controller by its key.
    const format = code('utils/formatPluginName.mjs');
    expect(format).toContain("return upperFirst(pluginSlug.replace('api::', '').replace('plugin::', ''));");
    for (const [shown, id] of [['Media Library', 'plugin::upload'], ['Users-permissions', 'plugin::users-permissions']]) {
      expect(format).toContain(`case '${id}':\n            return '${shown}';`);
      expect(groupOfShownName(shown)).toBe(id);
    }
    expect(code('components/Permissions/index.mjs')).toMatch(/plugins\.description'[\s\S]*?name: collapse\.name/);
    expect(code('components/Permissions/PermissionRow/index.mjs')).toContain('label: Object.keys(permissions.controllers)[index]');
    // An action's checkbox by its raw name, with its route named beside it (the cog button, for screen readers).
    expect(code('components/Permissions/PermissionRow/index.mjs')).toMatch(/label: current,\s*name: `\$\{currentName\}\.\$\{current\}`/);
    expect(code('components/Permissions/PermissionRow/SubCategory.mjs')).toMatch(/children: action\.label[\s\S]*?show-bound-route[\s\S]*?route: action\.name/);
    expect(actionName('find', 'plugin::membership.controllers.member.find')).toBe('Lister');
    expect(actionName('report', 'plugin::sanctions.controllers.sanctions.report')).toBe('Signaler des faits');
    expect(actionName('report', 'plugin::mandates.controllers.mandates.report')).toBe('Lire un compte rendu');
    expect(actionName('report', undefined)).toBe(PERMISSION_ACTIONS.report);
    expect(actionName('Tout sélectionner', undefined)).toBeUndefined();
    // Its cog button is named by the action's French name (in `aria-label`), not by the route's code.
    expect(routeButtonName('Voir la route liée à plugin::membership.controllers.member.findOne')).toBe('Voir la route de l’action « Lire une fiche » (Adhérent)');
    expect(routeButtonName('Voir la route liée à plugin::sanctions.controllers.sanctions.report')).toBe('Voir la route de l’action « Signaler des faits » (Commission des conflits)');
    expect(routeButtonName('Tout sélectionner')).toBeNull();
    // Every API and plugin of ours with content-API controllers, and each controller, has its French name.
    const groups: string[] = [];
    const controllers: string[] = [];
    for (const name of readdirSync(path.join(root, 'src', 'api'))) {
      groups.push(`api::${name}`);
      controllers.push(...readdirSync(path.join(root, 'src', 'api', name, 'controllers')).map((file) => file.replace(/\.ts$/, '')));
    }
    for (const plugin of readdirSync(path.join(root, 'plugins'))) {
      const dir = path.join(root, 'plugins', plugin, 'server', 'src', 'controllers');
      if (!existsSync(dir)) continue;
      groups.push(`plugin::${plugin}`);
      controllers.push(...readdirSync(dir).filter((file) => file.endsWith('.ts')).map((file) => file.replace(/\.ts$/, '')));
    }
    expect(groups.length).toBeGreaterThan(10);
    expect(groups.filter((group) => !PERMISSION_GROUPS[group])).toEqual([]);
    expect(controllers.filter((controller) => !PERMISSION_CONTROLLERS[controller])).toEqual([]);
    expect(groupOfShownName('Membership')).toBe('plugin::membership');
    expect(groupOfShownName('Article')).toBe('api::article');
    expect(nameGroupsIn('Définissez les actions autorisées pour api::document-category.')).toBe('Définissez les actions autorisées pour Catégories de documents.');
    expect({ ...strapiFrench, ...ours }['users-permissions.Plugin.permissions.plugins.description']).toBe('Définissez les actions autorisées pour {name}.');
  });

  it('writes French, not English left as it was, beyond names and codes', () => {
    const SAME_IN_BOTH = new Set([
      'Settings.adminTokens.ListView.headers.description',
      'Settings.permissions.auditLogs.user.fullname',
      'Settings.permissions.users.strapi-super-admin',
      'Settings.sessions.actions',
      'app.components.BlockLink.cloud',
      'app.components.LeftMenu.plugins',
      'components.Blocks.popover.link.rel.placeholder',
      'components.Blocks.popover.link.target.placeholder',
      'components.Wysiwyg.blocks.code',
      'global.fullname',
      'global.plugins.documentation',
      'global.plugins.graphql',
      'global.plugins.sentry',
      'content-manager.form.Input.hint.minMaxDivider',
      'content-manager.form.Input.hint.text',
      'content-manager.popUpWarning.warning.has-draft-relations.title',
      'content-manager.preview.device.mobile',
      'upload.asset-details.dimensions',
      'upload.asset-details.extension',
      'upload.asset-details.crop.focal-x-axis',
      'upload.asset-details.crop.focal-y-axis',
      'upload.list.filters.field.type',
      'upload.list.filters.type.audio',
      'upload.list.filters.type.document',
      'upload.settings.section.audio.label',
      'Settings.application.header',
      'upload.settings.section.pdf.label',
      'upload.settings.section.csv.label',
      'upload.settings.section.xls.label',
      'upload.settings.section.zip.label',
      'upload.table.header.actions',
      'email.Settings.capabilities.feature.dkim',
      'email.Settings.capabilities.feature.oauth2',
      'email.Settings.email.plugin.title',
      'email.Settings.email.plugin.title.config',
      'i18n.actions.delete.dialog.title',
      'i18n.actions.publish.dialog.title',
      'i18n.CMEditViewCopyLocale.dialog.title',
      'users-permissions.Email.template.table.action.label',
    ]);
    expect(Object.keys(ours).filter((key) => ours[key] === source(key) && !SAME_IN_BOTH.has(key))).toEqual([]);
  });
});
