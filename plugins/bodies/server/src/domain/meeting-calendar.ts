import ical from 'ical-generator';

/** What a meeting's calendar file says. */
export interface MeetingForCalendar {
  documentId: string;
  bodyName: string;
  /** ISO instant. */
  startsAt: string;
  /** Minutes; 120 when unknown. */
  durationMinutes: number | null;
  place: string | null;
  remoteLink: string | null;
  /** Agenda item titles, in order. */
  agenda?: string[];
  cancelled?: boolean;
  /**
   * RFC 5545 SEQUENCE: a later file for the same meeting (a new date) must carry a higher
   * one for calendars to replace the event rather than keep both. Seconds since the epoch
   * of the convocation fit that.
   */
  sequence?: number;
}

/**
 * The meeting as an iCalendar file (ical-generator; UTC times — calendars convert them).
 * The event's UID is the meeting's, so the page's file, the convocation's attachment and a
 * later convocation for a new date all update one event.
 */
export function meetingCalendar(m: MeetingForCalendar): string {
  const start = new Date(m.startsAt);
  const calendar = ical({ name: m.bodyName, prodId: { company: 'intranet-militant', product: 'instances', language: 'FR' } });
  calendar.createEvent({
    id: `${m.documentId}@intranet-militant`,
    ...(m.sequence !== undefined ? { sequence: m.sequence } : {}),
    start,
    end: new Date(start.getTime() + (m.durationMinutes ?? 120) * 60_000),
    summary: `${m.bodyName}${m.cancelled ? ' (annulée)' : ''}`,
    description: (m.agenda ?? []).map((title, i) => `${i + 1}. ${title}`).join('\n') || undefined,
    location: m.place ?? m.remoteLink ?? undefined,
    url: m.remoteLink ?? undefined,
  });
  return calendar.toString();
}
