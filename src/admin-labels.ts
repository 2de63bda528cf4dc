import type { Core } from '@strapi/strapi';

/**
 * Labels an earlier version wrote and has replaced since: rewritten like a field's own name
 * (« Diffusion (national, federation, section) » named the values the select showed raw; the
 * select now shows them in French, `src/admin/translations/fr.json`).
 */
const REPLACED_LABELS = new Set(['Diffusion (national, federation, section)']);

/**
 * French labels in the admin panel. Content types declare them in
 * `pluginOptions.intranet.labels`, and the field a type's list and the relation pickers
 * towards it show as `mainField`;
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
    for (const [field, label] of Object.entries(intranet.labels as Record<string, string>)) {
      const meta = configuration.metadatas?.[field];
      if (!meta) continue;
      for (const view of ['edit', 'list'] as const) {
        if (meta[view] && (meta[view].label === field || (REPLACED_LABELS.has(meta[view].label) && meta[view].label !== label))) {
          meta[view].label = label;
          changed = true;
        }
      }
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
