import type { Core } from '@strapi/strapi';

/**
 * Labels an earlier version wrote and has replaced since: rewritten like a field's own name.
 * Most named the values the select showed raw (« Diffusion (national, federation, section) »);
 * the selects, filters and list cells now show every enumeration's values in French
 * (`src/admin/translations/fr.json`). Two described a JSON field's shape with braces, which
 * the Content Manager formats as a message (formatjs FORMAT_ERROR, the label shown raw).
 */
const REPLACED_LABELS = new Set([
  'Diffusion (national, federation, section)',
  'Niveau (federation : fédération, section : section)',
  'Type (bureau, conseil, commission, other : autre)',
  'Ordre du jour (JSON : [{ "title" }])',
  'Type (full : complète, quick : question rapide)',
  'Périmètre (national, federation, section)',
  'Majorité (simple, absolute, two-thirds)',
  'Réponse (graded : échelle, choice : choix)',
  'Vérification (declared : déclaré, verified : vérifié)',
  'Source (declared : déclaré par l’élu·e, staff : saisi par l’équipe)',
  'Statut (active, suspended, excluded)',
  'Sexe (tel qu’enregistré : F ou M)',
  'Niveau (national, federation, section)',
  'Public (all-members : tous, new-members : nouveaux adhérents, elected-officials : élus)',
  'Questions (JSON : [{ "text", "kind": "single" | "multiple", "choices": [{ "text", "correct" }] }])',
  'Montant (centimes)',
]);

/** Strapi's own timestamps, shown raw (« CREATEDAT ») in a list that shows them: named for every type. */
const TIMESTAMP_LABELS: Record<string, string> = { createdAt: 'Date de création', updatedAt: 'Dernière modification' };

/**
 * French labels in the admin panel. Content types declare them in
 * `pluginOptions.intranet.labels`, the field a type's list and the relation pickers
 * towards it show as `mainField`, columns its list view must show as `listColumns`, its list's
 * default order as `defaultSort` (`['startsAt', 'DESC']`), and
 * fields a lifecycle derives (kept out of the edit form) as `derivedFields`;
 * this writes them into the Content Manager's configuration at boot, leaving alone any
 * label staff changed themselves in « Configurer la vue » (one of `REPLACED_LABELS` is ours).
 */
export async function applyFrenchLabels(strapi: Core.Strapi) {
  const contentTypes = strapi.plugin('content-manager').service('content-types');
  for (const type of Object.values(strapi.contentTypes as Record<string, any>)) {
    const intranet = type.pluginOptions?.intranet;
    if (!intranet?.labels) continue;
    const configuration = await contentTypes.findConfiguration(type);
    let changed = false;
    for (const [field, label] of Object.entries({ ...TIMESTAMP_LABELS, ...(intranet.labels as Record<string, string>) })) {
      const meta = configuration.metadatas?.[field];
      if (!meta) continue;
      for (const view of ['edit', 'list'] as const) {
        if (meta[view] && (meta[view].label === field || (REPLACED_LABELS.has(meta[view].label) && meta[view].label !== label))) {
          meta[view].label = label;
          changed = true;
        }
      }
    }
    // Columns a list must show (a federation module's federation): added when missing, after the others.
    const list: string[] | undefined = configuration.layouts?.list;
    for (const column of (intranet.listColumns as string[] | undefined) ?? []) {
      if (list && type.attributes[column] && !list.includes(column)) {
        list.push(column);
        changed = true;
      }
    }
    // Fields a lifecycle derives from others (a member's « Prénom Nom · n° … », a meeting's
    // title) name the entry in lists and pickers; nobody writes them: out of the edit form.
    for (const field of (intranet.derivedFields as string[] | undefined) ?? []) {
      const edit: { name: string }[][] | undefined = configuration.layouts?.edit;
      if (edit?.some((row) => row.some((cell) => cell.name === field))) {
        configuration.layouts.edit = edit.map((row) => row.filter((cell) => cell.name !== field)).filter((row) => row.length > 0);
        changed = true;
      }
    }
    // A list's default order (meetings: the newest first, not by title).
    const [sortBy, sortOrder] = (intranet.defaultSort as [string, 'ASC' | 'DESC'] | undefined) ?? [];
    if (sortBy && configuration.settings && (configuration.settings.defaultSortBy !== sortBy || configuration.settings.defaultSortOrder !== sortOrder)) {
      configuration.settings.defaultSortBy = sortBy;
      configuration.settings.defaultSortOrder = sortOrder;
      changed = true;
    }
    if (intranet.mainField && configuration.settings && configuration.settings.mainField !== intranet.mainField) {
      configuration.settings.mainField = intranet.mainField;
      changed = true;
    }
    // A relation's picker and list column show its target's main field (the mandate form's
    // « Mandat » lists categories by their label, not their code).
    for (const [field, attribute] of Object.entries(type.attributes as Record<string, { type: string; target?: string }>)) {
      const shown = attribute.type === 'relation' && attribute.target ? (strapi.contentTypes as Record<string, any>)[attribute.target]?.pluginOptions?.intranet?.mainField : undefined;
      for (const view of ['edit', 'list'] as const) {
        const meta = configuration.metadatas?.[field]?.[view];
        if (shown && meta && 'mainField' in meta && meta.mainField !== shown) {
          meta.mainField = shown;
          changed = true;
        }
      }
    }
    if (changed) {
      const { uid: _uid, ...rest } = configuration;
      await contentTypes.updateConfiguration(type, rest);
    }
  }
}
