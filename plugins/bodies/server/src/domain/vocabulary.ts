/** The words of the bodies plugin: stored values and the French labels members read. */

export const LEVELS = ['national', 'federation', 'section'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = { national: 'national', federation: 'fédération', section: 'section' };

export const BODY_KINDS = ['bureau', 'conseil', 'commission', 'other'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
export const BODY_KIND_LABELS: Record<BodyKind, string> = { bureau: 'Bureau', conseil: 'Conseil', commission: 'Commission', other: 'Autre instance' };

export const SEAT_ROLES = ['titulaire', 'suppleant', 'president', 'secretaire', 'tresorier', 'membre'] as const;
export type SeatRole = (typeof SEAT_ROLES)[number];
export const SEAT_ROLE_LABELS: Record<SeatRole, string> = {
  titulaire: 'Titulaire',
  suppleant: 'Suppléant·e',
  president: 'Président·e',
  secretaire: 'Secrétaire',
  tresorier: 'Trésorier·e',
  membre: 'Membre',
};

export const DESIGNATIONS = ['elected-congress', 'elected-council', 'ex-officio', 'co-opted'] as const;
export type Designation = (typeof DESIGNATIONS)[number];
export const DESIGNATION_LABELS: Record<Designation, string> = {
  'elected-congress': 'Élu·e par le congrès',
  'elected-council': 'Élu·e par le conseil',
  'ex-officio': 'Membre de droit',
  'co-opted': 'Coopté·e',
};

export const MEETING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = { planned: 'Prévue', held: 'Tenue', cancelled: 'Annulée' };

/** How a seat holder was at a held meeting. `null` (no row, or not marked yet) is « à saisir », never an absence. */
export const PRESENCES = ['present', 'remote', 'excused', 'absent'] as const;
export type Presence = (typeof PRESENCES)[number];
export const PRESENCE_LABELS: Record<Presence, string> = { present: 'Présent·e', remote: 'À distance', excused: 'Excusé·e', absent: 'Absent·e' };

export const MINUTES_STATUSES = ['draft', 'approved', 'published'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];
export const MINUTES_STATUS_LABELS: Record<MinutesStatus, string> = { draft: 'Brouillon', approved: 'Approuvé', published: 'Publié' };

/** Default « k absences de suite » before the secretary is alerted (each body may set its own). */
export const DEFAULT_ABSENCE_ALERT = 3;
