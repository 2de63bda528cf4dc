import type { Core } from '@strapi/strapi';

/**
 * French labels in the admin panel. Content types declare them in
 * `pluginOptions.intranet.labels`, and the field relation pickers show as `mainField`;
 * this writes them into the Content Manager's configuration at boot, leaving alone any
 * label staff changed themselves in « Configurer la vue ».
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
        if (meta[view] && meta[view].label === field) {
          meta[view].label = label;
          changed = true;
        }
      }
    }
    if (intranet.mainField && configuration.settings && configuration.settings.mainField !== intranet.mainField) {
      configuration.settings.mainField = intranet.mainField;
      changed = true;
    }
    if (changed) {
      const { uid: _uid, ...rest } = configuration;
      await contentTypes.updateConfiguration(type, rest);
    }
  }
}
