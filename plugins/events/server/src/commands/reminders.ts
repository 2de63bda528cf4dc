import type { Core } from '@strapi/strapi';
import { eventsOfTomorrow } from '../notifications';
import { REGISTRATION_UID } from '../uids';
import type { RegistrationRow } from '../services/store';
import { reminderLetter, sendLetter } from './mail';

/**
 * The day-before email to citizens (no account) holding a seat, once each (`remindedAt`).
 * Members are reminded by the `events.reminder` notification. Run by the plugin's job
 * (scheduleJobs, hourly); tests call it with their own `now`.
 * @returns how many were sent
 */
export async function remindCitizens(strapi: Core.Strapi, now = new Date()): Promise<number> {
  let sent = 0;
  for (const e of await eventsOfTomorrow(strapi, now)) {
    const due = (await strapi.db.query(REGISTRATION_UID).findMany({ where: { eventId: e.id, state: 'confirmed', memberId: { $null: true }, remindedAt: { $null: true } } })) as RegistrationRow[];
    for (const r of due) {
      // Marked first: a failed email is not sent twice an hour.
      const marked = await strapi.db.query(REGISTRATION_UID).updateMany({ where: { id: r.id, remindedAt: { $null: true } }, data: { remindedAt: now } });
      if (!marked?.count || !r.email) continue;
      await sendLetter(strapi, r.email, reminderLetter(strapi, e, r));
      sent += 1;
    }
  }
  return sent;
}
