import type { Core } from '@strapi/strapi';
import { type Actor } from '@intranet-militant/shared';
import { CONTACT_UID } from '../uids';
import type { ContactInput } from '../validation/schemas';
import { loadSelf } from './checks';

/** An official's public contact details as pages show them (null when hidden or none). */
export interface PublicContact {
  publicEmail: string | null;
  publicPhone: string | null;
  office: string | null;
}

/**
 * The official keeps their public contact details (issue 16 §5): an address, a phone, their
 * permanences, shown to the members of their federation only when `visible` (opt-in,
 * hidden by default). Their own only (the route's rule is `self`).
 */
export async function saveContact(strapi: Core.Strapi, actor: Actor, input: ContactInput) {
  const self = await loadSelf(strapi, actor);
  const data = { visible: input.visible, publicEmail: input.publicEmail ?? null, publicPhone: input.publicPhone ?? null, office: input.office ?? null };
  const existing = await strapi.db.query(CONTACT_UID).findOne({ where: { memberKey: String(self.id) }, select: ['id'] });
  if (existing) await strapi.db.query(CONTACT_UID).update({ where: { id: existing.id }, data });
  else await strapi.db.query(CONTACT_UID).create({ data: { ...data, member: self.id, memberKey: String(self.id) } });
  return data;
}

/** Contact details of officials: every one saved (`all`, for the official themself) or only the visible ones. */
export async function contactsOf(strapi: Core.Strapi, memberIds: number[], all = false): Promise<Map<number, PublicContact & { visible: boolean }>> {
  if (memberIds.length === 0) return new Map();
  const rows = await strapi.db.query(CONTACT_UID).findMany({ where: { memberKey: { $in: memberIds.map(String) }, ...(all ? {} : { visible: true }) } });
  return new Map(
    (rows as any[]).map((r) => [Number(r.memberKey), { visible: Boolean(r.visible), publicEmail: r.publicEmail ?? null, publicPhone: r.publicPhone ?? null, office: r.office ?? null }])
  );
}
