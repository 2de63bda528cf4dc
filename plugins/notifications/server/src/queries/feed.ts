import type { Core } from '@strapi/strapi';
import { getService, type Actor } from '@intranet-militant/shared';

/** Whether the actor has a calendar address, and since when (the address itself is never shown again). */
export async function feedOfActor(strapi: Core.Strapi, actor: Actor): Promise<{ exists: boolean; createdAt: string | null }> {
  if (!actor.memberId) return { exists: false, createdAt: null };
  return getService(strapi, 'notifications', 'calendar').feedOf(actor.memberId);
}
