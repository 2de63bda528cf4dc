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
  /** Months after an event's day during which its citizens' names, emails and door codes are kept (then removed; the row stays for the counts). */
  citizenRetentionMonths: number;
  /** Years after an event's day during which a citizen who consented to be contacted again keeps name, email and consent (CNIL's prospect guidance). */
  contactConsentYears: number;
}

export const DEFAULT_SETTINGS: EventsSettings = {
  summerUniversityNoticeMonths: 6,
  publicRegistrationsPerAddress: 20,
  publicRegistrationsPerEmail: 3,
  confirmationHours: 48,
  citizenRetentionMonths: 3,
  contactConsentYears: 3,
};

/** `config/plugins.ts` may set `events.config`; defaults above. */
export function settingsOf(strapi: Core.Strapi): EventsSettings {
  return { ...DEFAULT_SETTINGS, ...((strapi.config.get('plugin::events') ?? {}) as Partial<EventsSettings>) };
}
