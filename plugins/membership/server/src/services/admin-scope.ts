import type { Core } from '@strapi/strapi';
import { ForbiddenError } from '@intranet-militant/shared';
import { FEDERATION_UID } from '../uids';

/**
 * Federation staff in the admin panel. Each federation has an admin role
 * (« Équipe fédérale — Gard (30) », code `intranet-federation-30`) whose Content Manager
 * rights carry a condition limiting them to entries of that federation. Content types
 * opt in by declaring, in `pluginOptions.intranet`, the path from an entry to its
 * federation's department code and the actions staff may take:
 *
 *   intranet: { federationScope: 'federation.departmentCode', staffActions: ['read', 'update'], staffFields?: [...] }
 *
 * The Content Manager does not apply conditions on create, nor to the new values of an
 * update, so the admin-panel guard middleware checks every written entry as well.
 */

export const ROLE_CODE_PREFIX = 'intranet-federation-';
export type StaffAction = 'read' | 'create' | 'update' | 'delete' | 'publish';

export interface ScopedType {
  uid: string;
  /** Dotted path from the entry to the department code, e.g. `member.federation.departmentCode`;
   *  absent for shared reference data (categories), which staff only read. */
  path?: string;
  actions: StaffAction[];
  /** When set, staff may only write these fields. */
  fields?: string[];
}

const conditionName = (path: string) => `federation-scope-${path.replace(/\./g, '-').toLowerCase()}`;
const conditionId = (path: string) => `plugin::membership.${conditionName(path)}`;

/** An admin user's federations, or null when a role of theirs is not federation-bound (national). */
export function federationCodesOf(adminUser: { roles?: { code?: string }[] } | null | undefined): string[] | null {
  const roles = adminUser?.roles ?? [];
  if (roles.length === 0) return [];
  const codes = roles.map((r) => (r.code?.startsWith(ROLE_CODE_PREFIX) ? r.code.slice(ROLE_CODE_PREFIX.length) : null));
  return codes.every((c) => c !== null) ? (codes as string[]) : null;
}

/** The value found at a dotted path in a populated entry. */
export function valueAtPath(entry: any, path: string): unknown {
  return path.split('.').reduce((node, key) => (node == null ? undefined : node[key]), entry);
}

/** `member.federation.departmentCode` → `{ member: { populate: { federation: true } } }`. */
export function populateForPath(path: string): Record<string, unknown> | undefined {
  const relations = path.split('.').slice(0, -1);
  if (relations.length === 0) return undefined;
  return relations.reduceRight<Record<string, unknown> | true>(
    (inner, key) => ({ [key]: inner === true ? true : { populate: inner } }),
    true
  ) as Record<string, unknown>;
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  scopedTypes(): ScopedType[] {
    return Object.values(strapi.contentTypes as Record<string, any>)
      .filter((ct) => ct.pluginOptions?.intranet?.staffActions)
      .map((ct) => ({
        uid: ct.uid,
        path: ct.pluginOptions.intranet.federationScope,
        actions: ct.pluginOptions.intranet.staffActions ?? ['read'],
        fields: ct.pluginOptions.intranet.staffFields,
      }));
  },

  scopedType(uid: string): ScopedType | undefined {
    return this.scopedTypes().find((t: ScopedType) => t.uid === uid);
  },

  async registerConditions() {
    const provider = (strapi.service('admin::permission') as any).conditionProvider;
    const paths = [...new Set(this.scopedTypes().map((t: ScopedType) => t.path).filter(Boolean))] as string[];
    for (const path of paths) {
      await provider.register({
        plugin: 'membership',
        name: conditionName(path),
        displayName: `Dans sa fédération (${path})`,
        category: 'Fédération',
        handler: (user: any) => {
          const codes = federationCodesOf(user);
          if (codes === null) return true;
          return codes.length ? { [path]: { $in: codes } } : false;
        },
      });
    }
  },

  /** Creates or refreshes the admin role of every federation. Idempotent. */
  async syncFederationRoles() {
    const federations = await strapi.db.query(FEDERATION_UID).findMany({ orderBy: { departmentCode: 'asc' } });
    for (const federation of federations) await this.ensureFederationRole(federation);
  },

  async ensureFederationRole(federation: { name: string; departmentCode: string }) {
    const roleService = strapi.service('admin::role') as any;
    const code = `${ROLE_CODE_PREFIX}${federation.departmentCode}`;
    const name = `Équipe fédérale — ${federation.name} (${federation.departmentCode})`;
    let role = await strapi.db.query('admin::role').findOne({ where: { code } });
    if (!role) {
      role = await strapi.db.query('admin::role').create({
        data: { code, name, description: `Gère dans le panneau d’administration les contenus de la fédération ${federation.name}.` },
      });
    } else if (role.name !== name) {
      role = await strapi.db.query('admin::role').update({ where: { id: role.id }, data: { name } });
    }
    await roleService.assignPermissions(role.id, this.staffPermissions());
    return role;
  },

  staffPermissions() {
    const contentTypeService = strapi.service('admin::content-type') as any;
    const permissions: any[] = [];
    for (const type of this.scopedTypes() as ScopedType[]) {
      for (const action of type.actions) {
        const actionId = `plugin::content-manager.explorer.${action}`;
        const [base] = contentTypeService.getPermissionsWithNestedFields([{ actionId, subjects: [type.uid] }]);
        const fields = base?.properties?.fields;
        const writes = action === 'create' || action === 'update';
        permissions.push({
          action: actionId,
          subject: type.uid,
          properties: fields ? { fields: writes && type.fields ? fields.filter((f: string) => type.fields!.includes(f)) : fields } : {},
          conditions: type.path ? [conditionId(type.path)] : [],
        });
      }
    }
    permissions.push(
      { action: 'plugin::upload.read', subject: null, properties: {}, conditions: [] },
      { action: 'plugin::upload.assets.create', subject: null, properties: {}, conditions: [] },
      { action: 'plugin::upload.assets.update', subject: null, properties: {}, conditions: ['admin::is-creator'] },
      { action: 'plugin::upload.assets.download', subject: null, properties: {}, conditions: [] },
      { action: 'plugin::upload.assets.copy-link', subject: null, properties: {}, conditions: [] }
    );
    return permissions;
  },

  /**
   * Refuses a written entry that falls outside the federations of a federation-bound
   * admin user (creation in another federation, or an update that moves it there).
   */
  async assertWithinScope(adminUser: any, uid: string, documentId: string) {
    const codes = federationCodesOf(adminUser);
    const type = this.scopedType(uid);
    if (codes === null || !type) return;
    if (!type.path) throw new ForbiddenError('Ce contenu est géré par l’administration nationale.');
    const entry = await strapi.db.query(uid as any).findOne({ where: { documentId }, populate: populateForPath(type.path) as any });
    const code = valueAtPath(entry, type.path);
    if (typeof code !== 'string' || !codes.includes(code)) {
      throw new ForbiddenError('Vous ne gérez que les contenus de votre fédération.');
    }
  },

  /** The federation id of an entry, for the audit log. */
  async federationIdOf(uid: string, documentId: string): Promise<number | null> {
    const type = this.scopedType(uid);
    if (!type?.path) return null;
    const path = type.path.split('.').slice(0, -1);
    const entry = await strapi.db.query(uid as any).findOne({ where: { documentId }, populate: populateForPath(type.path) as any });
    if (path.length === 0) return entry?.id ?? null; // the entry is the federation
    const federation = valueAtPath(entry, path.join('.')) as { id?: number } | undefined;
    return federation?.id ?? null;
  },
});
