import { getFetchClient, type StrapiApp } from '@strapi/strapi/admin';
import fr from './translations/fr.json';
import { INJECT_COLUMN_IN_TABLE, translateEnumerationColumns } from './enumeration-cells';
import { settleStrapiCloudTask, withdrawCommercialExtras, withdrawReadOnlyBuilder } from './commercial-extras';
import { libraryField } from './field-formats';
import { mendFrenchLeftovers } from './french-leftovers';
import { namePermissionsInFrench } from './permission-names';
import { MUTATE_EDIT_VIEW_LAYOUT, YEAR_FIELD, YearInput, yearColumns, yearInputs } from './year-fields';
import { CENTS_FIELD, CentsInput, centsColumns, centsInputs } from './cents-fields';

/**
 * Staff use the admin panel in French. Strapi starts in English until a user picks a language
 * in their profile (kept in this browser under `strapi-admin-language`): French is the first
 * language here, read before the panel renders; a user's own choice in their profile still wins.
 */
const LANGUAGE_KEY = 'strapi-admin-language';
if (typeof window !== 'undefined' && !window.localStorage.getItem(LANGUAGE_KEY)) window.localStorage.setItem(LANGUAGE_KEY, 'fr');
// The guided tour's Strapi Cloud task, hidden (commercial-extras.ts), counts as done: read before the panel renders.
if (typeof window !== 'undefined') settleStrapiCloudTask(window.localStorage);

/**
 * Strapi's own French files lack some of its texts (Strapi 5.54: about 600 of the panel, the
 * Content Manager and the media library), which then show in English: `translations/fr.json`
 * supplies them, merged over Strapi's (plugins' keys carry their prefix, `content-manager.`,
 * `upload.`), corrects a few of Strapi's French ones, and names our enumerations' values
 * (keyed by the value, as the Content Manager looks them up: `"federation": "Fédération"`).
 * `tests/admin-translations.test.ts` fails when an upgrade adds English texts that neither
 * file translates. The list view's enumeration cells look their values up too
 * (`enumeration-cells.tsx`); the few English texts Strapi writes with no key are mended in
 * the page (`french-leftovers.ts`), the users-permissions role page's API, plugin and controller
 * names too (`permission-names.ts`); Strapi's marketing banners and links, its « Marketplace »
 * menu entry and the guided tour's Strapi Cloud task are withdrawn from it, and, unless the server edits schemas
 * (`strapi develop`), the read-only « Content-Type Builder » entry (`commercial-extras.ts`). Years show as written, « 2025 », not as a number formatted for
 * French, « 2 025 » (`year-fields.tsx`); amounts stored in cents (`…Cents`) show and are typed
 * in euros, « 25,00 € » (`cents-fields.tsx`).
 */
export default {
  config: {
    locales: ['fr'],
    translations: { fr },
  },
  register(app: StrapiApp) {
    app.addFields([libraryField(YEAR_FIELD, YearInput), libraryField(CENTS_FIELD, CentsInput)]);
  },
  bootstrap(app: StrapiApp) {
    app.registerHook(INJECT_COLUMN_IN_TABLE, translateEnumerationColumns);
    app.registerHook(INJECT_COLUMN_IN_TABLE, yearColumns);
    app.registerHook(MUTATE_EDIT_VIEW_LAYOUT, yearInputs);
    app.registerHook(INJECT_COLUMN_IN_TABLE, centsColumns);
    app.registerHook(MUTATE_EDIT_VIEW_LAYOUT, centsInputs);
    mendFrenchLeftovers();
    namePermissionsInFrench();
    withdrawCommercialExtras();
    // The server edits schemas only under `strapi develop` (`autoReload`, in its /admin/information).
    withdrawReadOnlyBuilder(async () => (await getFetchClient().get<{ data?: { autoReload?: boolean } }>('/admin/information')).data.data?.autoReload === true);
  },
};
