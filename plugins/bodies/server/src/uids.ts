export const BODY_UID = 'plugin::bodies.body' as const;
export const SEAT_UID = 'plugin::bodies.seat' as const;
export const MEETING_UID = 'plugin::bodies.meeting' as const;
export const MINUTES_UID = 'plugin::bodies.minutes' as const;
