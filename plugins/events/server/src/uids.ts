export const EVENT_UID = 'plugin::events.event' as const;
export const REGISTRATION_UID = 'plugin::events.registration' as const;
export const FEEDBACK_UID = 'plugin::events.feedback' as const;
export const EVENT_TABLE = 'events_events';
export const REGISTRATION_TABLE = 'events_registrations';
