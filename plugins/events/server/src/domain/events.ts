/**
 * What an event is (issue 20): its kinds, who organises it, who may come, and the
 * registration states. Pure data and rules; no database here.
 */
import { parisDate } from '@intranet-militant/shared';

export const KIND_LABELS = {
  'cafe-debat': 'café-débat',
  debat: 'débat',
  formation: 'formation en présentiel',
  'reunion-publique': 'réunion publique',
  'universite-ete': 'université d’été',
  'action-terrain': 'action de terrain',
} as const;
export type EventKind = keyof typeof KIND_LABELS;
export const KINDS = Object.keys(KIND_LABELS) as EventKind[];

/** Each kind's definite article in French (its gender, « l’ » before a vowel). */
const KIND_ARTICLES: Record<EventKind, 'le ' | 'la ' | 'l’'> = {
  'cafe-debat': 'le ',
  debat: 'le ',
  formation: 'la ',
  'reunion-publique': 'la ',
  'universite-ete': 'l’',
  'action-terrain': 'l’',
};

/** « le café-débat », « la réunion publique », « l’université d’été ». */
export const theKind = (kind: EventKind): string => `${KIND_ARTICLES[kind]}${KIND_LABELS[kind]}`;

/** « du café-débat », « de la réunion publique », « de l’université d’été » (« de » + « le » contracts). */
export const ofTheKind = (kind: EventKind): string => (KIND_ARTICLES[kind] === 'le ' ? `du ${KIND_LABELS[kind]}` : `de ${theKind(kind)}`);

export const ORGANISER_LABELS = { section: 'une section', federation: 'une fédération', national: 'le national' } as const;
export type OrganiserLevel = keyof typeof ORGANISER_LABELS;

/** `members`: the members of the organiser's scope (its section, its federation, or all); `public`: anyone, citizens included. */
export const AUDIENCE_LABELS = { members: 'les adhérents du périmètre de l’organisateur', public: 'ouvert au public' } as const;
export type Audience = keyof typeof AUDIENCE_LABELS;

/**
 * A registration's state. `pending`: a citizen who has not confirmed by email yet (never
 * counts, never holds a seat); `confirmed`: holds a seat; `waiting`: on the waiting list
 * (promoted in order of arrival when a seat frees); `cancelled`.
 */
export const REGISTRATION_STATES = ['pending', 'confirmed', 'waiting', 'cancelled'] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];
export const STATE_LABELS: Record<RegistrationState, string> = {
  pending: 'en attente de confirmation',
  confirmed: 'inscrit·e', // inclusive, as everywhere the portal speaks of the person registered
  waiting: 'sur liste d’attente',
  cancelled: 'annulée',
};

export interface EventPlace {
  federationId: number | null;
  sectionId: number | null;
}

/** « Issu du café-débat du 12 mars 2026 (Section Nîmes) » — how a report's provenance names the event. */
export function provenanceOf(kind: EventKind, frenchDay: string, where: string | null): string {
  return `Issu ${ofTheKind(kind)} du ${frenchDay}${where ? ` (${where})` : ''}`;
}

/** Whether a member (their federation and section) is invited to an event for members only. */
export function invites(event: { organiserLevel: OrganiserLevel; federationId: number | null; sectionId: number | null }, member: EventPlace): boolean {
  if (event.organiserLevel === 'national') return true;
  if (event.organiserLevel === 'federation') return member.federationId != null && member.federationId === event.federationId;
  return member.sectionId != null && member.sectionId === event.sectionId;
}

/** Seats left, or null for an event without a capacity. */
export function seatsLeft(capacity: number | null, confirmed: number): number | null {
  return capacity == null ? null : Math.max(0, capacity - confirmed);
}

/**
 * Whether the door is open for check-in at `now`: from the event's day in Paris (midnight on),
 * so people arriving early are welcomed; never before that day (nobody can have come yet).
 * No closing: a door list may be completed after the event.
 */
export function checkInOpen(startsAt: Date | string, now: Date = new Date()): boolean {
  return parisDate(now) >= parisDate(startsAt);
}
