import type { Core } from '@strapi/strapi';
import { defineNotificationKinds, effectiveStatusFilter, parisDate, type NotificationOccurrence } from '@intranet-militant/shared';
import { MEMBER_UID } from './uids';

/**
 * What membership tells members (declared with `declareNotificationKinds` in `register()`,
 * membership being a core plugin without a module manifest).
 * - `membership.dues-due`: in January, every active member who has not paid the new year's
 *   dues yet (once a year: the notifications clock fires each key once).
 * - `membership.lapse-warning`: from 1 December, every active member who has still not paid
 *   the current year's dues (once a year).
 */
/**
 * The members whose effective status is active on `today` (Paris date, YYYY-MM-DD) and who
 * have no dues recorded (and not cancelled) for `year`. Excluded and suspended members are
 * left out. @returns member ids
 */
async function activeWithoutDues(strapi: Core.Strapi, today: string, year: number): Promise<number[]> {
  const active = await strapi.db.query(MEMBER_UID).findMany({ where: effectiveStatusFilter('active', today), select: ['id'], populate: { dues: { select: ['year', 'cancelledOn'] } } });
  return active
    .filter((m: { dues?: { year: number; cancelledOn: string | null }[] }) => !(m.dues ?? []).some((d) => Number(d.year) === year && !d.cancelledOn))
    .map((m: { id: number }) => m.id);
}

/**
 * When members are warned that their membership is about to lapse: the 1st of this month
 * (Paris), i.e. 1 December. The date is the party's choice (no statute article sets it);
 * the consequence is the intranet's eligibility rule (membership's domain/eligibility.ts:
 * only the year's dues make a member eligible for that year's consultations and votes).
 */
export const LAPSE_WARNING_MONTH = '12';

export const membershipNotifications = defineNotificationKinds([
  {
    id: 'membership.dues-due',
    label: 'Appel de cotisation de la nouvelle année',
    audience: 'En janvier, chaque adhérent actif qui n’a pas encore réglé la cotisation de l’année.',
    mandatory: false,
    async due(strapi: Core.Strapi, now: Date): Promise<NotificationOccurrence[]> {
      const today = parisDate(now.toISOString());
      if (today.slice(5, 7) !== '01') return [];
      const year = Number(today.slice(0, 4));
      return [{ key: `membership.dues-due:${year}`, data: { year }, memberIds: await activeWithoutDues(strapi, today, year) }];
    },
    render: (data) => ({
      subject: `Votre cotisation ${String(data.year)}`,
      paragraphs: [
        `La cotisation ${String(data.year)} est à régler. Elle vous permet de participer aux consultations et aux votes de l’année.`,
        'Si vous l’avez réglée récemment, votre fédération l’enregistrera prochainement : ne tenez pas compte de ce message.',
      ],
      link: { path: '/mon-adhesion', label: 'Mon adhésion' },
    }),
  },
  {
    id: 'membership.lapse-warning',
    label: 'Adhésion bientôt échue',
    audience: 'À partir du 1er décembre, chaque adhérent actif qui n’a pas réglé la cotisation de l’année.',
    mandatory: false,
    /**
     * From 1 December (Paris; the party's choice of date, see LAPSE_WARNING_MONTH) to the
     * end of the year, the first tick of the notifications clock tells every active member
     * without the current year's dues that, without them by 31 December, their membership
     * is not up to date for the year: they cannot take part in the year's consultations and
     * votes (eligibility rule, domain/eligibility.ts). Once a year per member: the key
     * carries the year, and the outbox keeps one message per key and member.
     */
    async due(strapi: Core.Strapi, now: Date): Promise<NotificationOccurrence[]> {
      const today = parisDate(now.toISOString());
      if (today.slice(5, 7) !== LAPSE_WARNING_MONTH) return [];
      const year = Number(today.slice(0, 4));
      return [{ key: `membership.lapse-warning:${year}`, data: { year }, memberIds: await activeWithoutDues(strapi, today, year) }];
    },
    render: (data) => ({
      subject: `Votre adhésion ${String(data.year)} n’est pas encore à jour`,
      paragraphs: [
        `Votre fédération n’a pas encore enregistré votre cotisation ${String(data.year)}. Sans elle au 31 décembre, votre adhésion ne sera pas à jour pour ${String(data.year)}.`,
        `Seuls les adhérents à jour de leur cotisation de l’année peuvent participer aux consultations et aux votes : sans la cotisation ${String(data.year)}, vous ne pourrez pas y prendre part.`,
        'Si vous l’avez réglée récemment, votre fédération l’enregistrera prochainement : ne tenez pas compte de ce message.',
      ],
      link: { path: '/mon-adhesion', label: 'Mon adhésion' },
    }),
  },
]);
