import type { Core } from '@strapi/strapi';
import { audienceClauses, audienceFilter, type CalendarEvent, type CalendarSource, type CalendarViewer } from '@intranet-militant/shared';
import { PHASE_LABELS, type Phase } from './domain/phases';
import { CONSULTATION_UID } from './uids';

const ENDS: { phase: Phase; field: string; summary: string }[] = [
  { phase: 'contribution', field: 'contributionEndsAt', summary: 'Fin des contributions' },
  { phase: 'analysis', field: 'analysisEndsAt', summary: 'Fin de l’analyse' },
  { phase: 'evaluation', field: 'evaluationEndsAt', summary: 'Fin de l’évaluation' },
  { phase: 'vote', field: 'voteEndsAt', summary: 'Fin du vote' },
];

/**
 * Consultation deadlines in members' calendar feeds: the opening and each phase's end of the
 * published consultations that address the member (the shared audience rule, `member`
 * reach), within the requested range.
 */
export const consultationCalendar: CalendarSource[] = [
  {
    id: 'consultations.deadlines',
    async eventsFor(strapi: Core.Strapi, viewer: CalendarViewer, range: { from: string; to: string }): Promise<CalendarEvent[]> {
      const rows = await strapi.db.query(CONSULTATION_UID).findMany({
        where: { $and: [{ phase: { $notIn: ['draft'] } }, audienceFilter(audienceClauses(viewer, 'member'))] },
        select: ['documentId', 'kind', 'title', 'opensAt', 'contributionEndsAt', 'analysisEndsAt', 'evaluationEndsAt', 'voteEndsAt'],
      });
      const events: CalendarEvent[] = [];
      const inRange = (iso: string) => iso >= range.from && iso <= range.to;
      for (const c of rows as Record<string, string | null>[]) {
        const url = `/consultations/${c.documentId}`;
        const opens = c.opensAt ? new Date(c.opensAt).toISOString() : null;
        if (opens && inRange(opens)) events.push({ uid: `consultation-${c.documentId}-opens`, start: opens, summary: `Ouverture de la consultation : ${c.title}`, url });
        for (const end of ENDS) {
          const at = c[end.field] ? new Date(c[end.field]!).toISOString() : null;
          if (!at || !inRange(at)) continue;
          events.push({
            uid: `consultation-${c.documentId}-${end.phase}-end`,
            start: at,
            summary: `${end.summary} : ${c.title}`,
            description: `Consultation « ${c.title} » — fin de la phase « ${PHASE_LABELS[end.phase]} ».`,
            url,
          });
        }
      }
      return events;
    },
  },
];
