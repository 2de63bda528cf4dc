import type { Core } from '@strapi/strapi';
import { isUniqueViolation, type Actor } from '@intranet-militant/shared';
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
 * hidden by default). Their own only (the route's rule is `self`). A PUT: saved twice at once
 * for the first time (a double click), the second finds the first's row by its unique key
 * and writes over it — both answer the details saved, never a 409 nor a 500.
 */
export async function saveContact(strapi: Core.Strapi, actor: Actor, input: ContactInput) {
  const self = await loadSelf(strapi, actor);
  const data = { visible: input.visible, publicEmail: input.publicEmail ?? null, publicPhone: input.publicPhone ?? null, office: input.office ?? null };
  const memberKey = String(self.id);
  const overwrite = () => strapi.db.query(CONTACT_UID).update({ where: { memberKey }, data });
  const existing = await strapi.db.query(CONTACT_UID).findOne({ where: { memberKey }, select: ['id'] });
  if (existing) await overwrite();
  else {
    await strapi.db.query(CONTACT_UID)
      .create({ data: { ...data, member: self.id, memberKey } })
      .catch(async (error: unknown) => {
        if (!isUniqueViolation(error)) throw error;
        await overwrite(); // the other copy created it meanwhile
      });
  }
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
