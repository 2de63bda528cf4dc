import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { cacheTags, getService, requestCache } from '@intranet-militant/shared';

export const SWITCH_UID = 'plugin::modules.federation-module' as const;

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
  const registry = () => getService(strapi, 'modules', 'registry');
  /**
   * The federation's recorded choices (module id → on), one read of its rows by their
   * `switchKey` (« <federation id>:<module id> », kept in step by the integrity check), kept
   * per process until any switch changes (trigger → tag `modules`,
   * src/platform/cache-invalidation.ts) or for the cache's short life: the request chain asks
   * it on every request, search for every module at once.
   */
  const chosenOf = (federationId: number): Promise<Map<string, boolean>> =>
    requestCache(strapi).read(
      `modules:${federationId}`,
      async () => {
        const rows = await strapi.db.query(SWITCH_UID).findMany({ where: { switchKey: { $startsWith: `${federationId}:` } }, select: ['switchKey', 'enabled'] });
        return new Map<string, boolean>(rows.map((r: { switchKey: string; enabled: boolean }) => [r.switchKey.slice(`${federationId}:`.length), Boolean(r.enabled)]));
      },
      { tags: () => [cacheTags.modules] }
    );

  return {
    /** Is the module on for the federation (its row, or the module's default when it has none)? */
    async isEnabled(federationId: number, moduleId: string): Promise<boolean> {
      const enabled = (await chosenOf(federationId)).get(moduleId);
      return enabled ?? Boolean(registry().get(moduleId)?.defaultEnabled);
    },

    /**
     * The ids of the federations that have the module off (a federation without its row: the
     * module's default), ascending. One read of the module's rows, kept like the per-federation
     * map until any switch changes (tag `modules`): a plugin whose data spans federations (the
     * skills directory) leaves out what the switched-off ones hold, on every read.
     */
    async federationsWithout(moduleId: string): Promise<number[]> {
      return requestCache(strapi).read(
        `modules:off:${moduleId}`,
        async () => {
          const rows = await strapi.db.query(SWITCH_UID).findMany({ where: { moduleId }, select: ['switchKey', 'enabled'] });
          const chosen = new Map<number, boolean>(rows.map((r: { switchKey: string; enabled: boolean }) => [Number(r.switchKey.split(':')[0]), Boolean(r.enabled)]));
          const off = Boolean(registry().get(moduleId)?.defaultEnabled)
            ? [...chosen].filter(([, on]) => !on).map(([id]) => id)
            : ((await getService(strapi, 'membership', 'directory').listFederations()) as { id: number }[]).map((f) => f.id).filter((id) => !chosen.get(id));
          return off.sort((a, b) => a - b);
        },
        { tags: () => [cacheTags.modules] }
      );
    },

    /** Every installed module, by French label, with the federation's choice. */
    async statesOf(federationId: number): Promise<ModuleState[]> {
      const chosen = await chosenOf(federationId);
      return registry()
        .list()
        .map((m) => ({
          id: m.id,
          label: m.label,
          description: m.description,
          enabled: chosen.get(m.id) ?? m.defaultEnabled,
          defaultEnabled: m.defaultEnabled,
        }));
    },

    /** Writes a federation's choice; the caller (a command) checks and audits. Creates missing rows first. */
    async set(federationId: number, moduleId: string, enabled: boolean) {
      await this.ensureRows(federationId);
      await strapi.db.query(SWITCH_UID).update({ where: { switchKey: `${federationId}:${moduleId}` }, data: { enabled } });
      // This process answers the new choice at once, whatever the database (SQLite's version
      // counter is only read by the next API request); other instances learn it by trigger.
      requestCache(strapi).invalidate(cacheTags.modules);
    },

    /** Creates the missing rows of a federation with each module's default. Idempotent. */
    async ensureRows(federationId: number) {
      const existing = await strapi.db.query(SWITCH_UID).findMany({ where: { federation: { id: federationId } }, select: ['moduleId', 'label'] });
      const byModule = new Map(existing.map((r: { moduleId: string; label: string }) => [r.moduleId, r]));
      for (const manifest of registry().list()) {
        const row = byModule.get(manifest.id);
        if (!row) {
          await strapi.documents(SWITCH_UID).create({
            data: { moduleId: manifest.id, label: manifest.label, enabled: manifest.defaultEnabled, federation: federationId } as any,
          });
        } else if (row.label !== manifest.label) {
          await strapi.db.query(SWITCH_UID).updateMany({ where: { moduleId: manifest.id }, data: { label: manifest.label } });
        }
      }
    },

    /** Every federation's rows (at boot: modules installed since get their switches). */
    async syncAll() {
      const federations: { id: number }[] = await getService(strapi, 'membership', 'directory').listFederations();
      for (const federation of federations) await this.ensureRows(federation.id);
    },
  };
};
