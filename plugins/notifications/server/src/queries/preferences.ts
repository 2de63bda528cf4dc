import type { Core } from '@strapi/strapi';
import { getService, type Actor, type NotificationMode } from '@intranet-militant/shared';
import { EMAIL_ONLY_KINDS } from '../kinds/account';
import { PREFERENCES } from '../storage';

export interface PreferenceView {
  kind: string;
  label: string;
  audience: string;
  mandatory: boolean;
  mode: NotificationMode;
}

/** Every kind a member can be sent (account emails aside), with the member's choice (or the default). */
export async function preferencesOf(strapi: Core.Strapi, actor: Actor): Promise<PreferenceView[]> {
  const rows: { kind: string; mode: NotificationMode }[] = actor.memberId ? await strapi.db.connection(PREFERENCES).where({ member_id: actor.memberId }).select('kind', 'mode') : [];
  const chosen = new Map(rows.map((r) => [r.kind, r.mode]));
  return getService(strapi, 'notifications', 'kinds')
    .all()
    .filter((k) => !EMAIL_ONLY_KINDS.has(k.id))
    .map((k) => ({ kind: k.id, label: k.label, audience: k.audience, mandatory: k.mandatory, mode: k.mandatory ? 'email' : (chosen.get(k.id) ?? k.defaultMode ?? 'email') }));
}
