import type { Core } from '@strapi/strapi';
import { defineNotificationKinds, frenchDate, getService, todayInParis, type NotificationOccurrence } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { openCensuses } from './commands/census';
import { PROFILE_UID } from './uids';

/**
 * What « Compétences et réseaux » tells members: the invitation of a census campaign, sent
 * once per campaign (its key) by the notifications clock to the active members of the
 * federation who have not opted in to the directory yet.
 */
export const skillsNotifications = defineNotificationKinds([
  {
    id: 'skills.census-invitation',
    label: 'Recensement des compétences',
    audience: 'Les adhérents d’une fédération qui lance un recensement, s’ils n’ont pas encore rempli leur fiche.',
    mandatory: false,
    async due(strapi: Core.Strapi, now: Date): Promise<NotificationOccurrence[]> {
      const today = todayInParis(now);
      const occurrences: NotificationOccurrence[] = [];
      for (const census of await openCensuses(strapi, today)) {
        const members = await getService(strapi, 'membership', 'directory').activeMembersOn(census.federation_id, today);
        const listed = (await strapi.db.query(PROFILE_UID).findMany({ where: { federationId: census.federation_id, listed: true }, select: ['memberId'] })) as { memberId: number }[];
        const done = new Set(listed.map((p) => p.memberId));
        occurrences.push({
          key: `skills.census-invitation:${census.id}`,
          data: { title: census.title, message: census.message, closesOn: census.closes_on },
          memberIds: members.map((m) => m.id).filter((id) => !done.has(id)),
        });
      }
      return occurrences;
    },
    render(data) {
      return {
        subject: `Recensement des compétences : ${String(data.title)}`,
        paragraphs: [
          'Votre fédération recense les compétences et les réseaux de ses adhérents pour mieux les mettre à profit : former, rédiger, analyser, prendre la parole, aider en campagne.',
          ...(data.message ? [String(data.message)] : []),
          `Remplissez votre fiche avant le ${frenchDate(String(data.closesOn))}. Rien n’est montré sans votre accord, et vous choisissez qui voit quoi.`,
        ],
        link: { path: '/competences/ma-fiche', label: 'Remplir ma fiche' },
      };
    },
  },
]);
