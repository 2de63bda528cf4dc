import { NavLink } from 'react-router-dom';
import './styles.css';

export const paths = {
  home: '/investitures',
  staff: '/investitures/indicateurs',
  designation: (id: string) => `/investitures/${encodeURIComponent(id)}`,
  results: (id: string) => `/investitures/${encodeURIComponent(id)}/resultats`,
};

export function InvestituresTabs({ staff }: { staff?: boolean }) {
  return (
    <nav className="inv-tabs" aria-label="Investitures">
      <NavLink to={paths.home} end>
        Désignations
      </NavLink>
      {staff && <NavLink to={paths.staff}>Parité et renouvellement</NavLink>}
    </nav>
  );
}

export interface Criterion {
  key: string;
  label: string;
  verdict: 'ok' | 'missing' | 'failed' | 'outdated';
  verdictLabel: string;
  detail: string;
  checkedBy: string | null;
  checkedAt: string | null;
}

export interface Candidacy {
  documentId: string;
  name: string | null;
  position: number | null;
  roleLabel: string;
  runningMate: string | null;
  /** A binôme's running mate's answer: `awaited` until they accept (members are not told their name before). */
  runningMateAgreement: 'none' | 'awaited' | 'given' | 'declined';
  runningMateAgreementLabel: string | null;
  statement: string | null;
  state: string;
  stateLabel: string;
  view?: 'candidate' | 'staff' | 'running-mate';
  criteria?: Criterion[];
  meetsCriteria?: boolean;
  pledge?: { version: number; sha256: string; signed: { version: number; signedOn: string } | null } | null;
  may?: { withdraw?: boolean; sign?: boolean; accept?: boolean; decline?: boolean };
  /** The running mate's view: the day they answered. */
  answeredOn?: string | null;
  sex?: string | null;
}

export interface Designation {
  documentId: string;
  title: string;
  kind: string;
  kindLabel: string;
  shape: 'single' | 'list' | 'binome' | 'seats';
  territory: { code: string; name: string | null } | null;
  seats: number | null;
  calendar: { candidaciesOpenOn: string; candidaciesCloseOn: string; checksBy: string; decisionOn: string };
  period: string;
  periodLabel: string;
  decidedBy: 'body' | 'members';
  decidedByLabel: string;
  voteMethod: 'single' | 'majority-judgment' | null;
  voteMethodLabel: string | null;
  vote: { state: 'none' | 'open' | 'closed'; round: number };
  decided: boolean;
  /** The day it was made (null before, or for a vote decided before the day was kept). */
  decidedOn: string | null;
  manages: boolean;
  criteria: { national: { key: string; label: string }[]; checklist: { key: string; label: string }[] };
  mine?: Candidacy | null;
  /** The binômes that name the caller as running mate (theirs to answer). */
  asRunningMate?: Candidacy[];
  ballot?: { round: number; state: string; candidates: Candidacy[]; eligible: { eligible: boolean; reasons: { message: string }[] } | null; voted: boolean } | null;
  candidacies?: Candidacy[];
  bodyDecision?: { minutesReference: string; decidedOn: string } | null;
}

export const VERDICT_TONE: Record<Criterion['verdict'], 'success' | 'warning' | 'danger' | 'neutral'> = { ok: 'success', missing: 'neutral', failed: 'danger', outdated: 'warning' };
