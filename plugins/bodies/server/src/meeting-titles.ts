import type { Core } from '@strapi/strapi';
import { frenchDateTime } from '@intranet-militant/shared';
import { BODY_UID, MEETING_UID } from './uids';

/**
 * « Bureau fédéral — 12 mars 2026 à 18 h 30 » (Paris time): how the admin panel names a
 * meeting (its main field: list, relation pickers, the edit view's title), instead of the
 * raw instant. A meeting without a body reads « Réunion — … ».
 */
export function meetingTitle(bodyName: string | null | undefined, startsAt: Date | string): string {
  return `${bodyName?.trim() || 'Réunion'} — ${frenchDateTime(startsAt)}`;
}

type Row = { id: number; startsAt: string | Date; title: string | null; body: { name: string | null } | null };
type Data = Record<string, unknown> | undefined;
/** A meeting write that may change its title: its date, its body, or the title itself. */
const touchesTitle = (data: Data) => Boolean(data) && ['startsAt', 'body', 'title'].some((field) => field in data!);
const renamesBody = (data: Data) => Boolean(data) && 'name' in data!;

/**
 * Sets the title of the meetings `where` selects when it differs from what their body and date
 * make, a thousand at a time. Returns how many it wrote. In the caller's transaction, if any.
 */
async function refreshTitles(strapi: Core.Strapi, where: Record<string, unknown>): Promise<number> {
  const query = strapi.db.query(MEETING_UID);
  let written = 0;
  for (let afterId = 0; ; ) {
    const rows = (await query.findMany({
      where: { $and: [where, { id: { $gt: afterId } }] },
      select: ['id', 'startsAt', 'title'],
      populate: { body: { select: ['name'] } },
      orderBy: { id: 'asc' },
      limit: 1000,
    })) as Row[];
    if (!rows.length) return written;
    afterId = rows[rows.length - 1].id;
    for (const row of rows) {
      const title = meetingTitle(row.body?.name, row.startsAt);
      if (row.title === title) continue;
      await query.update({ where: { id: row.id }, data: { title } });
      written += 1;
    }
  }
}

/**
 * Keeps each meeting's `title` in step with its body's name and its date on every write by any
 * door (API commands, admin panel, demo data, the query engine directly): database lifecycles
 * on meetings (after the row and its body link are written) and on bodies (a renamed body
 * retitles its meetings). The follow-up write of the title runs these hooks once more and
 * finds nothing to change.
 */
export function registerMeetingTitles(strapi: Core.Strapi): void {
  const ids = (rows: { id: number }[]) => rows.map((row) => row.id);
  const idsOf = async (uid: typeof MEETING_UID | typeof BODY_UID, where: unknown) => ids((await strapi.db.query(uid).findMany({ where: where as never, select: ['id'] })) as { id: number }[]);
  strapi.db.lifecycles.subscribe({
    models: [MEETING_UID],
    async afterCreate(event) {
      await refreshTitles(strapi, { id: (event.result as { id: number }).id });
    },
    async afterCreateMany(event) {
      const created = ((event.result as { ids?: number[] } | undefined)?.ids ?? []) as number[];
      if (created.length) await refreshTitles(strapi, { id: { $in: created } });
    },
    async afterUpdate(event) {
      if (touchesTitle(event.params.data as Data) && event.result) await refreshTitles(strapi, { id: (event.result as { id: number }).id });
    },
    async beforeUpdateMany(event) {
      if (touchesTitle(event.params.data as Data)) event.state.ids = await idsOf(MEETING_UID, event.params.where);
    },
    async afterUpdateMany(event) {
      const touched = (event.state.ids as number[] | undefined) ?? [];
      if (touched.length) await refreshTitles(strapi, { id: { $in: touched } });
    },
  });
  strapi.db.lifecycles.subscribe({
    models: [BODY_UID],
    async afterUpdate(event) {
      if (renamesBody(event.params.data as Data) && event.result) await refreshTitles(strapi, { body: { id: (event.result as { id: number }).id } });
    },
    async beforeUpdateMany(event) {
      if (renamesBody(event.params.data as Data)) event.state.ids = await idsOf(BODY_UID, event.params.where);
    },
    async afterUpdateMany(event) {
      const touched = (event.state.ids as number[] | undefined) ?? [];
      if (touched.length) await refreshTitles(strapi, { body: { id: { $in: touched } } });
    },
  });
}

/**
 * Gives a title to the meetings that have none (written before the field existed, or around
 * the lifecycles), at each boot. Idempotent. Returns how many it wrote.
 */
export function fillMeetingTitles(strapi: Core.Strapi): Promise<number> {
  return refreshTitles(strapi, { title: { $null: true } });
}
