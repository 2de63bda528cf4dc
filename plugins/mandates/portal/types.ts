/** What the mandates API answers, as the portal pages read it. */
export interface Mandate {
  documentId: string;
  categoryLabel: string;
  territoryCode: string;
  territoryName: string;
  startOn: string;
  theoreticalEndOn: string;
  endOn: string | null;
  current: boolean;
  upcoming?: boolean;
  sourceLabel: string;
  verificationLabel: string;
}
export interface ViolationView {
  rule: string;
  label: string;
  source: string;
  mandates: { id: string; label: string }[];
  since: string;
  deadline: string;
  overdue: boolean;
  toEnd: { id: string; label: string } | null;
  waived: boolean;
  waiver: { expiresOn: string; reason?: string } | null;
  /** A breach of one's employer (cross-member rule), seen on the collaborator's side: the employer's name. */
  employer?: string | null;
  text: string;
}
export interface ComplianceView {
  due: number;
  onTime: number;
  late: number;
  missing: number;
  rate: number | null;
  rateLabel: string;
}
export interface ReportPeriod {
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  state: 'on-time' | 'late' | 'missing' | 'open';
  report: { documentId: string; summary: string; submittedOn: string } | null;
}
export interface MandateReports {
  mandate: string;
  label: string;
  periods: ReportPeriod[];
}
export interface Situation {
  official: { documentId: string; firstName: string; lastName: string; federation: string | null };
  on: string;
  ruleSetVersion: number;
  mandates: Mandate[];
  partyFunctions: { id: string; label: string }[];
  violations: ViolationView[];
  compliance: ComplianceView | null;
  reports: MandateReports[];
  /** On my page: everything I saved (`visible` included); on an official's page: what they made public, or null. */
  contact: Contact | null;
}
export interface Contact {
  visible?: boolean;
  publicEmail: string | null;
  publicPhone: string | null;
  office: string | null;
}
export interface OfficialRow {
  documentId: string;
  firstName: string;
  lastName: string;
  mandates: Mandate[];
  compliance: ComplianceView | null;
  breaches: { rule: string; label: string; waived: boolean }[];
  contact: Contact | null;
}
export interface Category {
  code: string;
  label: string;
  territoryKindLabel: string;
  termYears: number;
  collaborator: boolean;
}
export interface ReportView {
  documentId: string;
  official: { documentId: string; firstName: string; lastName: string };
  mandate: { documentId: string; label: string };
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  submittedOn: string;
  onTime: boolean;
  summary: string;
  /** Markdown. */
  body: string;
  correctedOn: string | null;
  /** Earlier versions, newest first. */
  versions: { summary: string; body: string; from: string; replacedOn: string }[];
  attachments: { key: string; name: string; mime: string; size: number; sha256: string; addedOn: string }[];
  questions: { documentId: string; text: string; status: 'pending' | 'published' | 'rejected'; answer: string | null; answeredOn: string | null }[];
  may: { answer: boolean; moderate: boolean; edit: boolean };
}
