/** What the bodies API answers (plugins/bodies/server/src/queries/views.ts). */
export type Presence = 'present' | 'remote' | 'excused' | 'absent';

export interface BodySummary {
  documentId: string;
  name: string;
  level: 'national' | 'federation' | 'section';
  kind: string;
  kindLabel: string;
  seatCount: number;
  parityRequired: boolean;
  absenceAlertAfter: number;
}

export interface Meeting {
  documentId: string;
  startsAt: string;
  heldOn: string;
  durationMinutes: number | null;
  place: string | null;
  remoteLink: string | null;
  status: 'planned' | 'held' | 'cancelled';
  statusLabel: string;
  agenda: { title: string }[];
  ics: string;
}

export interface Mine {
  bodies: (BodySummary & { seat: string; roleLabel: string; tenure: string })[];
  nextMeetings: (Meeting & { bodyName: string })[];
  minutesToRead: { documentId: string; version: number; releasedOn: string | null; meeting: string; heldOn: string; bodyName: string }[];
}

export interface IndicatorFigures {
  present: number;
  remote: number;
  excused: number;
  absent: number;
  unmarked: number;
  held: number;
  rate: number | null;
  rateLabel: string;
  /** For whoever reads the body's absence alerts (its secretariat), and one's own seats. */
  streak?: number;
  alert?: boolean;
}

export interface BodyDetail extends BodySummary {
  secretariat: { documentId: string; name: string } | null;
  seats: { documentId: string; member: { documentId: string | null; name: string }; roleLabel: string; designationLabel: string; tenure: string; current: boolean }[];
  meetings: Meeting[];
  may: { manage: boolean; runSecretariat: boolean };
}

export interface BodyIndicators {
  average: { rate: number | null; rateLabel: string };
  seats: ({ seat: string; member: { documentId: string | null; name: string }; roleLabel: string; tenure: string } & IndicatorFigures)[];
  alerts: { seat: string; streak: number; message: string }[];
}

export interface SheetLine {
  seat: string;
  member: string;
  role: string;
  roleLabel: string;
  presence: Presence | null;
  presenceLabel: string;
  arrivedLate: boolean;
  leftEarly: boolean;
  replaced: boolean;
  substituteFor: string | null;
}

export interface MeetingDetail extends Meeting {
  body: BodySummary;
  convocations: number;
  sheet: SheetLine[];
  may: { runSecretariat: boolean };
}

export interface MinutesItem {
  title: string;
  discussion: string;
  confidential: boolean;
  decisions: { text: string; votesFor: number; votesAgainst: number; abstentions: number }[];
}

export interface MinutesVersion {
  documentId: string;
  version: number;
  status: 'draft' | 'approved' | 'published';
  statusLabel: string;
  summary: string;
  items: MinutesItem[];
  approvedOn: string | null;
  releasedOn: string | null;
}

export interface MeetingMinutes {
  versions: MinutesVersion[];
  may: { runSecretariat: boolean };
}

export interface MyIndicators {
  seats: ({ seat: string; body: { documentId: string | null; name: string }; roleLabel: string; tenure: string; history: { meeting: string; heldOn: string; presence: Presence | null; presenceLabel: string; replaced: boolean }[] } & IndicatorFigures)[];
}

export interface ReportRow {
  meeting: string;
  heldOn: string;
  present: number;
  remote: number;
  excused: number;
  absent: number;
  unmarked: number;
  rateLabel: string;
  decisions: { topic: string; text: string; votesFor: number; votesAgainst: number; abstentions: number }[];
  minutes: { publishedOn: string | null; version: number | null; timeliness: 'on-time' | 'late' | 'pending'; timelinessLabel: string };
}

export interface ActivityReport {
  body: { documentId: string; name: string; kindLabel: string };
  year: number;
  meetings: { held: number; cancelled: number; planned: number };
  attendance: { rate: number | null; rateLabel: string };
  decisions: { count: number; votesFor: number; votesAgainst: number; abstentions: number };
  minutes: { onTimeDays: number; onTime: number; late: number; pending: number; rateLabel: string };
  rows: ReportRow[];
}

export interface CompositionCell {
  key: string;
  label: string;
  count: number | null;
  countLabel: string;
  shareLabel: string;
}

export interface BodyComposition {
  on: string;
  total: number;
  sex: CompositionCell[];
  age: CompositionCell[];
  seniority: CompositionCell[];
  socioProfessional: CompositionCell[];
}
