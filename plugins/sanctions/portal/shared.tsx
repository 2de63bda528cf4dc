import { NavLink } from 'react-router-dom';
import './styles.css';

export const paths = {
  home: '/commission',
  report: '/commission/signaler',
  decisions: '/commission/decisions',
  case: (id: string) => `/commission/affaires/${encodeURIComponent(id)}`,
};

export function CommissionTabs() {
  return (
    <nav className="sanctions-tabs" aria-label="Commission des conflits">
      <NavLink to={paths.home} end>
        Affaires
      </NavLink>
      <NavLink to={paths.decisions}>Décisions publiées</NavLink>
      <NavLink to={paths.report}>Signaler un acte</NavLink>
    </nav>
  );
}

export interface Decision {
  level: string | null;
  levelLabel: string;
  months: number | null;
  summary: string;
  article: string;
  scaleVersion: number;
  decidedOn: string;
  appealUntil?: string;
  reasoning?: string;
}

export interface CaseView {
  documentId: string;
  reference: string;
  state: string;
  stateLabel: string;
  view: 'commission' | 'national' | 'respondent' | 'referrer' | 'reporter';
  category: { key: string; label: string; gravity: string; article: string };
  dates: Record<string, string | null>;
  respondent?: { name: string | null; membershipNumber?: string | null; description?: string | null } | null;
  reporter?: { name: string | null; membershipNumber: string | null } | null;
  facts?: string;
  rights?: string[];
  may?: { defend: boolean; appeal: boolean };
  documents?: { title: string; content: string; addedOn: string; by: string; file: CaseFile | null }[];
  defence?: { text: string; submittedOn: string; file: CaseFile | null } | null;
  precautionaryUntil?: string | null;
  decision?: Decision | null;
  nationalDecision?: Decision | null;
  appeal?: { appealedOn: string; grounds: string } | null;
  range?: { minLevel: string; maxLevel: string; label: string } | null;
  repeat?: { windowYears: number; earlier: { reference: string; levelLabel: string; finalOn: string; category: string }[]; suggestedLevel: string | null };
  overdue?: boolean;
  dueBy?: string | null;
  outcome?: { levelLabel: string; months: number | null } | null;
  history?: { on: string; step: string; by: string }[];
}

export const LEVELS = [
  { value: 'rappel', label: 'Rappel à l’ordre' },
  { value: 'avertissement', label: 'Avertissement' },
  { value: 'blame', label: 'Blâme' },
  { value: 'suspension', label: 'Suspension' },
  { value: 'exclusion', label: 'Exclusion' },
];

/** A file of the case (private store): downloaded through the API by the case's parties. */
export interface CaseFile {
  name: string;
  mime: string;
  /** Bytes. */
  size: number;
  sha256: string;
  link: string;
}

export { fileSize } from '@portal/format';
