import type { Core } from '@strapi/strapi';
import type { ModuleManifest } from '@intranet-militant/shared';

export const SWITCH_UID = 'plugin::modules.federation-module' as const;
const FEDERATION_UID = 'plugin::membership.federation';

export interface ModuleState {
  id: string;
  label: string;
  description: string;
  enabled: boolean;
  defaultEnabled: boolean;
}

/**
 * Each federation's choice for each module: one row per federation and module, created
 * with the module's default when either appears, changed by staff afterwards.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registry = () => strapi.plugin('modules').service('registry');

  return {
    async isEnabled(federationId: number, moduleId: string): Promise<boolean> {
      const row = await strapi.db.query(SWITCH_UID).findOne({ where: { switchKey: `${federationId}:${moduleId}` }, select: ['enabled'] });
      return row ? Boolean(row.enabled) : Boolean(registry().get(moduleId)?.defaultEnabled);
    },

    async statesOf(federationId: number): Promise<ModuleState[]> {
      const rows = await strapi.db.query(SWITCH_UID).findMany({ where: { federation: { id: federationId } }, select: ['moduleId', 'enabled'] });
      const chosen = new Map(rows.map((r: any) => [r.moduleId, Boolean(r.enabled)]));
      return registry()
        .list()
        .map((m: ModuleManifest) => ({
          id: m.id,
          label: m.label,
          description: m.description,
          enabled: chosen.get(m.id) ?? m.defaultEnabled,
          defaultEnabled: m.defaultEnabled,
        }));
    },

    /** Writes a federation's choice; the caller (a command) checks and audits. */
    async set(federationId: number, moduleId: string, enabled: boolean) {
      await this.ensureRows(federationId);
      await strapi.db.query(SWITCH_UID).update({ where: { switchKey: `${federationId}:${moduleId}` }, data: { enabled } });
    },

    /** Creates the missing rows of a federation with each module's default. Idempotent. */
    async ensureRows(federationId: number) {
      const existing = await strapi.db.query(SWITCH_UID).findMany({ where: { federation: { id: federationId } }, select: ['moduleId', 'label'] });
      const byModule = new Map(existing.map((r: any) => [r.moduleId, r]));
      for (const manifest of registry().list() as ModuleManifest[]) {
        const row: any = byModule.get(manifest.id);
        if (!row) {
          await strapi.documents(SWITCH_UID).create({
            data: { moduleId: manifest.id, label: manifest.label, enabled: manifest.defaultEnabled, federation: federationId } as any,
          });
        } else if (row.label !== manifest.label) {
          await strapi.db.query(SWITCH_UID).updateMany({ where: { moduleId: manifest.id }, data: { label: manifest.label } });
        }
      }
    },

    async syncAll() {
      const federations = await strapi.db.query(FEDERATION_UID).findMany({ select: ['id'] });
      for (const federation of federations) await this.ensureRows(federation.id);
    },
  };
};
