import type { Core, UID } from '@strapi/strapi';
import { ForbiddenError, withSeedLock, type Actor } from '@intranet-militant/shared';
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
 * Conditions compare a scalar column (see middlewares/federation-code.ts): the
 * federation's own `departmentCode`, or the `federationCode` copy every other scoped type
 * keeps. The Content Manager does not apply conditions on create, nor to the new values
 * of an update, so the admin-panel guard middleware checks every written entry as well.
 */

/** An admin-panel user as the admin session hands it over (with their roles). */
export interface AdminUser {
  id: number;
  email: string;
  firstname?: string | null;
  lastname?: string | null;
  roles?: { code?: string }[];
}

export const ROLE_CODE_PREFIX = 'intranet-federation-';
export const SUPER_ADMIN_CODE = 'strapi-super-admin';
/** The turn the federations' admin roles are written in (one instance at a time). */
const FEDERATION_ROLES_SEED = 'admin-federation-roles';
export type StaffAction = 'read' | 'create' | 'update' | 'delete' | 'publish';

export interface ScopedType {
  uid: string;
  /** Dotted path from the entry to the department code, e.g. `member.federation.departmentCode`;
   *  absent for shared reference data (categories), which staff only read. */
  path?: string;
  actions: StaffAction[];
  /** When set, staff may only write these fields. */
  fields?: string[];
  /** Fields staff neither see nor write. */
  hidden?: string[];
  /** When set, staff may only change these fields of an existing entry. */
  updateFields?: string[];
}

/** The column a condition compares: the path itself when it is a column, else the stored copy. */
export const codeColumnOf = (path: string) => (path.includes('.') ? 'federationCode' : path);
const conditionName = (path: string) => `in-own-federation-${codeColumnOf(path).toLowerCase()}`;
const conditionId = (path: string) => `plugin::membership.${conditionName(path)}`;

/** An admin user's federations, or null when a role of theirs is not federation-bound (national). */
export function federationCodesOf(adminUser: { roles?: { code?: string }[] } | null | undefined): string[] | null {
  const roles = adminUser?.roles ?? [];
  if (roles.length === 0) return [];
  const codes = roles.map((r) => (r.code?.startsWith(ROLE_CODE_PREFIX) ? r.code.slice(ROLE_CODE_PREFIX.length) : null));
  return codes.every((c) => c !== null) ? (codes as string[]) : null;
}

/** The value found at a dotted path in a populated entry. */
export function valueAtPath(entry: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node == null ? undefined : (node as Record<string, unknown>)[key]), entry);
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

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Admin actions plugins give federation staff (their admin pages), besides the Content Manager. */
  const staffActions = new Set<string>();

  return {
    /** For a plugin's `register()`: federation staff roles get these admin actions at every boot. */
    grantToStaff(actions: string[]) {
      for (const action of actions) staffActions.add(action);
    },

    /**
     * The actor of an admin-panel user, for the commands of plugins' staff screens: a super
     * admin acts nationally; anyone else as the staff of the federations whose roles they
     * hold (the one given, when several), whatever other roles they have. Holding no
     * federation role gives no federation: every command then refuses.
     */
    async actorFor(adminUser: AdminUser, departmentCode?: string | null): Promise<Actor> {
      const label = `${[adminUser.firstname, adminUser.lastname].filter(Boolean).join(' ')} <${adminUser.email}> (panneau d’administration)`;
      const base = { kind: 'admin' as const, userId: adminUser.id, label, memberId: null, memberDocumentId: null, sectionId: null, status: null };
      const roles = adminUser.roles ?? [];
      if (roles.some((r) => r.code === SUPER_ADMIN_CODE)) return { ...base, role: 'national-admin', federationId: null };
      const codes = roles.flatMap((r) => (r.code?.startsWith(ROLE_CODE_PREFIX) ? [r.code.slice(ROLE_CODE_PREFIX.length)] : []));
      const code = departmentCode && codes.includes(departmentCode) ? departmentCode : codes[0];
      const federation = code ? await strapi.db.query(FEDERATION_UID).findOne({ where: { departmentCode: code }, select: ['id'] }) : null;
      return { ...base, role: 'federation-staff', federationId: federation?.id ?? null };
    },

    scopedTypes(): ScopedType[] {
      return Object.values(strapi.contentTypes as Record<string, any>)
        .filter((ct) => ct.pluginOptions?.intranet?.staffActions)
        .map((ct) => ({
          uid: ct.uid,
          path: ct.pluginOptions.intranet.federationScope,
          actions: ct.pluginOptions.intranet.staffActions ?? ['read'],
          fields: ct.pluginOptions.intranet.staffFields,
          hidden: ct.pluginOptions.intranet.staffHidden,
          updateFields: ct.pluginOptions.intranet.staffUpdateFields,
        }));
    },

    scopedType(uid: string): ScopedType | undefined {
      return this.scopedTypes().find((t: ScopedType) => t.uid === uid);
    },

    /**
     * The fields staff may write when they `create` or `update` an entry of `uid` (a clone is a
     * create): the declared `staffUpdateFields` / `staffFields`, or every attribute but the
     * hidden ones; none when staff may not take the action.
     */
    writableFields(uid: string, action: 'create' | 'update'): string[] {
      const type = this.scopedType(uid);
      if (!type || !type.actions.includes(action)) return [];
      const declared = action === 'update' && type.updateFields ? type.updateFields : type.fields;
      const attributes = Object.keys(strapi.contentTypes[uid as UID.ContentType]?.attributes ?? {});
      return (declared ?? attributes).filter((f) => attributes.includes(f) && !type.hidden?.includes(f));
    },

    async registerConditions() {
      const provider = (strapi.service('admin::permission') as any).conditionProvider;
      const columns = [...new Set(this.scopedTypes().flatMap((t: ScopedType) => (t.path ? [codeColumnOf(t.path)] : [])))] as string[];
      for (const column of columns) {
        await provider.register({
          plugin: 'membership',
          name: conditionName(column),
          displayName: 'Dans sa fédération',
          category: 'Fédération',
          handler: (user: AdminUser) => {
            const codes = federationCodesOf(user);
            if (codes === null) return true;
            return codes.length ? { [column]: { $in: codes } } : false;
          },
        });
      }
    },

    storesFederationCode(uid: string): boolean {
      const path = this.scopedType(uid)?.path;
      return Boolean(path && codeColumnOf(path) === 'federationCode');
    },

    /** Copies the entry's federation code (through its relations) into its own column. */
    async refreshFederationCode(uid: string, documentId: string) {
      const path = this.scopedType(uid)!.path!;
      const rows = await strapi.db.query(uid as UID.ContentType).findMany({ where: { documentId }, populate: populateForPath(path) as any });
      for (const row of rows) {
        const code = (valueAtPath(row, path) as string | undefined) ?? null;
        if (row.federationCode !== code) {
          await strapi.db.query(uid as UID.ContentType).update({ where: { id: row.id }, data: { federationCode: code } });
          await this.refreshDependents(uid, row.id);
        }
      }
    },

    /** Entries whose federation comes through this one (a member's dues) follow it. */
    async refreshDependents(uid: string, id: number) {
      for (const type of this.scopedTypes() as ScopedType[]) {
        const [relation, ...rest] = type.path?.split('.') ?? [];
        const attribute = (strapi.contentTypes[type.uid as UID.ContentType].attributes as Record<string, { target?: string }>)[relation];
        if (rest.length === 0 || attribute?.target !== uid) continue;
        const dependents = await strapi.db.query(type.uid as UID.ContentType).findMany({ where: { [relation]: { id } }, select: ['documentId'] });
        for (const d of dependents) await this.refreshFederationCode(type.uid, d.documentId);
      }
    },

    /**
     * Fills codes missing after an upgrade (or rows written around the lifecycles), at each
     * boot. Idempotent. Reads the rows without a code a thousand at a time with their path
     * to the federation, and writes only those that now resolve to one: entries that have
     * no federation (national documents, an account's member without federation) cost one
     * read per thousand at each boot, not a read each. Returns how many rows were filled.
     */
    async backfillFederationCodes(): Promise<number> {
      let filled = 0;
      for (const type of this.scopedTypes() as ScopedType[]) {
        if (!this.storesFederationCode(type.uid)) continue;
        const query = strapi.db.query(type.uid as UID.ContentType);
        for (let afterId = 0; ; ) {
          const rows = await query.findMany({
            where: { federationCode: { $null: true }, id: { $gt: afterId } },
            populate: populateForPath(type.path!) as any,
            orderBy: { id: 'asc' },
            limit: 1000,
          });
          if (!rows.length) break;
          afterId = rows[rows.length - 1].id;
          for (const row of rows) {
            const code = (valueAtPath(row, type.path!) as string | undefined) ?? null;
            if (code === null) continue;
            await query.update({ where: { id: row.id }, data: { federationCode: code } });
            await this.refreshDependents(type.uid, row.id);
            filled += 1;
          }
        }
      }
      return filled;
    },

    /**
     * Creates or refreshes the admin role of every federation, at each boot. Idempotent, and
     * safe when several instances boot together: they take turns (`withSeedLock`), so a new
     * federation's role is created once and its permissions assigned once.
     */
    async syncFederationRoles() {
      await withSeedLock(strapi, FEDERATION_ROLES_SEED, async () => {
        const federations = await strapi.db.query(FEDERATION_UID).findMany({ orderBy: { departmentCode: 'asc' } });
        for (const federation of federations) await this.ensureFederationRole(federation);
      });
    },

    /**
     * The admin role of one federation, created or renamed, with the staff's permissions.
     * `previousCode`: the federation's department code before a change; its role follows it.
     * Takes the same turn as `syncFederationRoles` (a boot and an edit never write it at once).
     */
    async ensureFederationRole(federation: { name: string; departmentCode: string }, previousCode?: string) {
      return withSeedLock(strapi, FEDERATION_ROLES_SEED, () => this.writeFederationRole(federation, previousCode));
    },

    async writeFederationRole(federation: { name: string; departmentCode: string }, previousCode?: string) {
      const roleService = strapi.service('admin::role') as any;
      const code = `${ROLE_CODE_PREFIX}${federation.departmentCode}`;
      const name = `Équipe fédérale — ${federation.name} (${federation.departmentCode})`;
      const previous = previousCode ? await strapi.db.query('admin::role').findOne({ where: { code: `${ROLE_CODE_PREFIX}${previousCode}` } }) : null;
      if (previous) await strapi.db.query('admin::role').update({ where: { id: previous.id }, data: { code } });
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
      const { actionProvider } = strapi.service('admin::permission') as any;
      const permissions: any[] = [];
      for (const type of this.scopedTypes() as ScopedType[]) {
        for (const action of type.actions) {
          const actionId = `plugin::content-manager.explorer.${action}`;
          // The registered action says whether it applies to fields; Strapi then lists them.
          const registered = actionProvider.get(actionId);
          const [base] = contentTypeService.getPermissionsWithNestedFields([{ ...registered, subjects: [type.uid] }]);
          const writes = action === 'create' || action === 'update';
          const writable = writes ? this.writableFields(type.uid, action) : [];
          // Nested fields (a component's `block.title`) follow their attribute.
          const fields = (base?.properties?.fields as string[] | undefined)
            ?.filter((f) => !type.hidden?.includes(f.split('.')[0]))
            .filter((f) => !writes || writable.includes(f.split('.')[0]));
          permissions.push({
            action: actionId,
            subject: type.uid,
            properties: fields ? { fields } : {},
            conditions: type.path ? [conditionId(type.path)] : [],
          });
        }
      }
      // The media library is shared by every federation: staff see and handle their own uploads only.
      const own = ['admin::is-creator'];
      for (const action of staffActions) permissions.push({ action, subject: null, properties: {}, conditions: [] });
      permissions.push(
        { action: 'plugin::upload.read', subject: null, properties: {}, conditions: own },
        { action: 'plugin::upload.assets.create', subject: null, properties: {}, conditions: [] },
        { action: 'plugin::upload.assets.update', subject: null, properties: {}, conditions: own },
        { action: 'plugin::upload.assets.download', subject: null, properties: {}, conditions: own },
        { action: 'plugin::upload.assets.copy-link', subject: null, properties: {}, conditions: own }
      );
      return permissions;
    },

    /**
     * True when every row of the entry `documentId` of `uid` is in the federations of a
     * federation-bound admin user; false when one is elsewhere (another federation, national
     * content) or when the entry does not exist. Always true for national users and for types
     * staff do not scope (their role decides); false for reference data (no path: staff
     * only read it, whatever its entry).
     */
    async isWithinScope(adminUser: AdminUser, uid: string, documentId: string): Promise<boolean> {
      const codes = federationCodesOf(adminUser);
      const type = this.scopedType(uid);
      if (codes === null || !type) return true;
      if (!type.path) return false;
      const column = codeColumnOf(type.path);
      const rows = await strapi.db.query(uid as UID.ContentType).findMany({ where: { documentId }, select: [column] });
      return rows.length > 0 && rows.every((row: Record<string, string>) => codes.includes(row[column]));
    },

    /**
     * Refuses a written entry that falls outside the federations of a federation-bound
     * admin user (creation in another federation, or an update that moves it there).
     * @throws ForbiddenError (403).
     */
    async assertWithinScope(adminUser: AdminUser, uid: string, documentId: string) {
      if (await this.isWithinScope(adminUser, uid, documentId)) return;
      if (!this.scopedType(uid)?.path) throw new ForbiddenError('Ce contenu est géré par l’administration nationale.');
      throw new ForbiddenError('Vous ne gérez que les contenus de votre fédération.');
    },

    /** The federation id of an entry, for the audit log. */
    async federationIdOf(uid: string, documentId: string): Promise<number | null> {
      const type = this.scopedType(uid);
      if (!type?.path) return null;
      const path = type.path.split('.').slice(0, -1);
      const entry = await strapi.db.query(uid as UID.ContentType).findOne({ where: { documentId }, populate: populateForPath(type.path) as any });
      if (path.length === 0) return entry?.id ?? null; // the entry is the federation
      const federation = valueAtPath(entry, path.join('.')) as { id?: number } | undefined;
      return federation?.id ?? null;
    },
  };
};
