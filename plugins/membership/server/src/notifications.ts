import type { Core } from '@strapi/strapi';
import { defineNotificationKinds, effectiveStatusFilter, parisDate, type NotificationOccurrence } from '@intranet-militant/shared';
import { MEMBER_UID } from './uids';

/**
 * What membership tells members (declared with `declareNotificationKinds` in `register()`,
 * membership being a core plugin without a module manifest).
 * - `membership.dues-due`: in January, every active member who has not paid the new year's
 *   dues yet (once a year: the notifications clock fires each key once).
 */
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
      const active = await strapi.db.query(MEMBER_UID).findMany({ where: effectiveStatusFilter('active', today), select: ['id'], populate: { dues: { select: ['year', 'cancelledOn'] } } });
      const unpaid = active
        .filter((m: { dues?: { year: number; cancelledOn: string | null }[] }) => !(m.dues ?? []).some((d) => Number(d.year) === year && !d.cancelledOn))
        .map((m: { id: number }) => m.id);
      return [{ key: `membership.dues-due:${year}`, data: { year }, memberIds: unpaid }];
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
]);
