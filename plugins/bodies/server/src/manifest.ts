import { defineManifest, frenchDate, type SearchableType } from '@intranet-militant/shared';
import type { MinutesItem } from './validation/schemas';
import type { Level } from './domain/vocabulary';
import { bodiesCalendar, bodiesNotifications } from './notifications';
import { bodiesPermissions } from './permissions';
import { MINUTES_UID } from './uids';

/** A minutes version as the search plugin reads it (places as plain ids). */
interface IndexedMinutes {
  documentId: string;
  version: number;
  minutesStatus: 'draft' | 'approved' | 'published';
  summary: string | null;
  items: MinutesItem[] | null;
  releasedOn: string | null;
  supersededOn?: string | null;
  meeting?: {
    documentId: string;
    heldOn: string;
    body?: { name: string; level: Level; federation?: { id: number } | null; section?: { id: number } | null } | null;
  } | null;
}

/** The words members may find: the summary, and the non-confidential topics with their decisions. */
const publicText = (m: IndexedMinutes) =>
  [
    m.summary ?? '',
    ...(m.items ?? [])
      .filter((item) => !item.confidential)
      .flatMap((item) => [item.title, item.discussion ?? '', ...(item.decisions ?? []).map((d) => d.text)]),
  ]
    .filter(Boolean)
    .join('\n');

/** Published minutes (their latest published version) are found by the members of the body's scope; confidential items are never indexed. */
const minutes: SearchableType<IndexedMinutes> = {
  type: 'minutes',
  label: 'Procès-verbaux',
  uid: MINUTES_UID,
  populate: { meeting: { populate: { body: { populate: { federation: { fields: ['documentId'] }, section: { fields: ['documentId'] } } } } } },
  toDocument: (m) => {
    const body = m.meeting?.body;
    // A version corrected by a later published one is history: only the latest is found.
    if (m.minutesStatus !== 'published' || m.supersededOn || !body || !m.meeting) return null;
    return {
      id: `minutes:${m.documentId}`,
      type: 'minutes',
      // The day as the meeting's page and the minutes' notification write it: « réunion du 10 juin 2026 ».
      title: `${body.name} — réunion du ${frenchDate(m.meeting.heldOn)}${m.version > 1 ? ` (version ${m.version})` : ''}`,
      body: publicText(m),
      date: m.releasedOn,
      facets: { level: body.level },
      link: `/instances/reunions/${m.meeting.documentId}`,
      visibility: { audience: body.level, federationId: body.federation?.id ?? null, sectionId: body.section?.id ?? null },
    };
  },
};

export const bodiesModule = defineManifest({
  id: 'bodies',
  label: 'Instances',
  description: 'Instances du parti : sièges et désignations, réunions et convocations, feuilles de présence, procès-verbaux et indicateur de présence.',
  defaultEnabled: true,
  permissions: bodiesPermissions.table,
  searchable: [minutes],
  notifications: bodiesNotifications,
  calendar: bodiesCalendar,
});
