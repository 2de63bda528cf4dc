import type { ModuleManifest } from '@intranet-militant/shared';

/**
 * The modules this deployment installs, as their manifests declare them. Each module
 * registers itself in its `register()`; the application registers its own (documents, news).
 */
export default () => {
  const manifests = new Map<string, ModuleManifest>();
  return {
    register(manifest: ModuleManifest) {
      if (manifests.has(manifest.id)) throw new Error(`Module "${manifest.id}" is registered twice.`);
      manifests.set(manifest.id, manifest);
    },
    get(id: string): ModuleManifest | undefined {
      return manifests.get(id);
    },
    list(): ModuleManifest[] {
      return [...manifests.values()].sort((a, b) => a.label.localeCompare(b.label, 'fr'));
    },
  };
};
