import type { PermissionTable } from './permissions';
import type { CalendarSource, NotificationKind } from './notifications';
import type { SearchableType } from './search';

/**
 * What a switchable module declares about itself. The modules plugin keeps the registry,
 * stores each federation's choice and guards every route of the module.
 */
export interface ModuleManifest {
  /** kebab-case, the plugin id for a plugin module (`consultations`). */
  id: string;
  /** French name shown to staff, e.g. « Consultations ». */
  label: string;
  /** One French sentence: what federations get when they switch it on. */
  description: string;
  /** Whether a federation that has not chosen yet has it. */
  defaultEnabled: boolean;
  /** The module's actions and who may attempt them. */
  permissions: PermissionTable;
  /** Content the search plugin indexes for this module. */
  searchable: SearchableType[];
  /** What members are told of (the notifications plugin sends them). */
  notifications?: NotificationKind[];
  /** Dated events it adds to members' calendar feeds (notifications). */
  calendar?: CalendarSource[];
}

export function defineManifest<M extends ModuleManifest>(manifest: M): M {
  if (!/^[a-z][a-z0-9-]*$/.test(manifest.id)) {
    throw new Error(`Module id "${manifest.id}" must be kebab-case.`);
  }
  return manifest;
}
