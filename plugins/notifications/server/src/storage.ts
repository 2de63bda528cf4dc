/** The notifications plugin's tables (database/migrations/2026.12.02T00.00.00.notifications.js). */
export const MESSAGES = 'notifications_messages';
export const BOUNCES = 'notifications_bounces';
export const TRIGGERS = 'notifications_triggers';
export const PREFERENCES = 'notifications_preferences';
export const FEEDS = 'notifications_feeds';

/** A message row as stored. */
export interface MessageRow {
  id: number;
  event_key: string;
  recipient_key: string;
  kind: string;
  member_id: number | null;
  user_id: number | null;
  federation_id: number | null;
  email: string | null;
  title: string;
  link: string | null;
  payload: string;
  in_inbox: boolean | number;
  email_status: EmailStatus;
  attempts: number;
  available_at: number | string;
  lease_until: number | string | null;
  claim_token: string | null;
  last_error: string | null;
  sent_at: number | string | null;
  read_at: number | string | null;
  created_at: number | string;
}

/**
 * `pending`: to send; `sent`; `failed`: refused for good (5xx) or given up after the retries;
 * `skipped`: not sent on purpose (excluded or blocked member, bouncing address, no address);
 * `digest`: waits for the weekly digest; `digested`: went out in a digest; `none`: portal only.
 */
export type EmailStatus = 'pending' | 'sent' | 'failed' | 'skipped' | 'digest' | 'digested' | 'none';
