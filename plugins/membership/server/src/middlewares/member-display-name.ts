import type { Core } from '@strapi/strapi';
import { FORMER_MEMBER_NAME } from '@intranet-militant/shared';
import { MEMBER_UID } from '../uids';

/** What a member's display name is made of. */
export interface NamedMember {
  firstName: string | null;
  lastName: string | null;
  membershipNumber: string | null;
  /** The erasure's day (`YYYY-MM-DD`), null while the profile holds its member's data. */
  erasedOn: string | null;
}

const NAME_FIELDS = ['firstName', 'lastName', 'membershipNumber', 'erasedOn'] as const;
/** Between the name and the membership number (the number tells two namesakes apart). */
const NUMBER_PREFIX = ' · n° ';

/**
 * « Jeanne Martin · n° ADH-123 »: how the admin panel names a member (the Content Manager's
 * main field: relation pickers, list, edit view's title). The membership number is unique, so
 * two namesakes never look alike; places are left out (a member's federation or section can
 * change without a write of the member). An erased profile reads « Ancien adhérent », as the
 * portal and every plugin name a former member (`FORMER_MEMBER_NAME`), without its pseudonymous
 * number `EFF-…` (nothing to tell apart: nobody links a due or a seat to an erased profile).
 */
export function memberDisplayName(member: NamedMember): string {
  if (member.erasedOn) return FORMER_MEMBER_NAME;
  return `${member.firstName ?? ''} ${member.lastName ?? ''}${NUMBER_PREFIX}${member.membershipNumber ?? ''}`;
}

type Data = Record<string, unknown>;
const touchesName = (data: Data | undefined) => Boolean(data) && [...NAME_FIELDS, 'displayName'].some((field) => field in data!);
const merged = (current: NamedMember, data: Data): NamedMember =>
  Object.fromEntries(NAME_FIELDS.map((field) => [field, field in data ? (data[field] as string | null) : current[field]])) as unknown as NamedMember;

/**
 * Keeps `displayName` in step with the names and number on every write of a member by any
 * door (API commands, admin panel, imports, erasure, the query engine directly): database
 * lifecycles see them all. A create computes it from its data; an update that writes a name,
 * the number or `displayName` itself recomputes it from the row merged with the data, in the
 * same statement. An `updateMany` (none writes names today) is followed by one update per row.
 */
export function registerMemberDisplayNames(strapi: Core.Strapi): void {
  const query = () => strapi.db.query(MEMBER_UID);
  strapi.db.lifecycles.subscribe({
    models: [MEMBER_UID],
    beforeCreate(event) {
      const data = event.params.data as Data;
      data.displayName = memberDisplayName(merged({ firstName: null, lastName: null, membershipNumber: null, erasedOn: null }, data));
    },
    beforeCreateMany(event) {
      for (const data of event.params.data as Data[]) data.displayName = memberDisplayName(merged({ firstName: null, lastName: null, membershipNumber: null, erasedOn: null }, data));
    },
    async beforeUpdate(event) {
      const data = event.params.data as Data;
      if (!touchesName(data)) return;
      const current = (await query().findOne({ where: event.params.where, select: [...NAME_FIELDS] })) as NamedMember | null;
      if (current) data.displayName = memberDisplayName(merged(current, data));
    },
    async beforeUpdateMany(event) {
      if (!touchesName(event.params.data as Data)) return;
      event.state.ids = ((await query().findMany({ where: event.params.where, select: ['id'] })) as { id: number }[]).map((row) => row.id);
    },
    async afterUpdateMany(event) {
      for (const id of (event.state.ids as number[] | undefined) ?? []) {
        const row = (await query().findOne({ where: { id }, select: [...NAME_FIELDS] })) as NamedMember | null;
        if (row) await query().update({ where: { id }, data: { displayName: memberDisplayName(row) } });
      }
    },
  });
}

/**
 * Sets `displayName` on every member row where it is missing or stale (rows written before the
 * field existed, or around the lifecycles by raw SQL), in one statement that reads the same on
 * SQLite and PostgreSQL. Run at each boot; idempotent (a second run changes no row). Returns
 * how many rows it wrote.
 */
export async function fillMemberDisplayNames(strapi: Core.Strapi): Promise<number> {
  const { tableName, attributes } = strapi.db.metadata.get(MEMBER_UID) as unknown as { tableName: string; attributes: Record<string, { columnName?: string }> };
  const column = (field: string) => `"${attributes[field]?.columnName ?? field}"`;
  const text = (field: string) => `COALESCE(${column(field)}, '')`;
  // An erased profile: `FORMER_MEMBER_NAME` (no quote in it to escape).
  const expected = `CASE WHEN ${column('erasedOn')} IS NOT NULL THEN '${FORMER_MEMBER_NAME}' ELSE ${text('firstName')} || ' ' || ${text('lastName')} || '${NUMBER_PREFIX}' || ${text('membershipNumber')} END`;
  const count = await strapi.db
    .connection(tableName)
    .whereRaw(`${column('displayName')} IS NULL OR ${column('displayName')} <> ${expected}`)
    .update({ [attributes.displayName?.columnName ?? 'display_name']: strapi.db.connection.raw(expected) });
  return Number(count);
}
