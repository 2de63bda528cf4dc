import type { Core } from '@strapi/strapi';

export interface EventsSettings {
  /** Months before its first day by which a summer university's dates must be published (issue 20: default 6). */
  summerUniversityNoticeMonths: number;
  /** Public registrations per address (IP) and 10 minutes (rate-limiter-flexible). */
  publicRegistrationsPerAddress: number;
  /** Public registrations per email and hour. */
  publicRegistrationsPerEmail: number;
  /** Hours a citizen has to confirm by email before the registration lapses. */
  confirmationHours: number;
}

export const DEFAULT_SETTINGS: EventsSettings = {
  summerUniversityNoticeMonths: 6,
  publicRegistrationsPerAddress: 20,
  publicRegistrationsPerEmail: 3,
  confirmationHours: 48,
};

/** `config/plugins.ts` may set `events.config`; defaults above. */
export function settingsOf(strapi: Core.Strapi): EventsSettings {
  return { ...DEFAULT_SETTINGS, ...((strapi.config.get('plugin::events') ?? {}) as Partial<EventsSettings>) };
}
