import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { formatDate, formatDateTime } from '@portal/format';
import { Badge, Notice } from '@portal/ui';
import './styles.css';

/** What the consultations API returns to members (plugins/consultations/server/src/services/views.ts). */

export type Phase = 'draft' | 'upcoming' | 'contribution' | 'analysis' | 'evaluation' | 'vote' | 'results';

export interface Summary {
  documentId: string;
  kind: 'full' | 'quick';
  title: string;
  audience: 'national' | 'federation' | 'section';
  federation: { documentId: string; name: string } | null;
  section: { documentId: string; name: string } | null;
  phase: Phase;
  phaseLabel: string;
  opensAt: string;
}

export interface Reason {
  code?: string;
  message: string;
}

export interface CalendarEntry {
  phase: Phase;
  label: string;
  startsAt: string;
  endsAt: string | null;
  inCharge: string | null;
  state: 'done' | 'current' | 'coming';
}

export interface Detail extends Summary {
  description: string | null;
  eligibilityCutoff: string | null;
  waiting: string | null;
  calendar: CalendarEntry[];
  rules: { quorumPercent: number; majority: string; majorityLabel: string; votePerSection: boolean; synthesisSize: number | null };
  categories: string[];
  question: { text: string; answerType: 'graded' | 'choice'; choices: string[] | null; scale: Record<string, string> | null } | null;
  scales: { effort: { label: string; grades: Record<string, string> }; impact: { label: string; grades: Record<string, string> } } | null;
  choices: Record<'for' | 'against' | 'abstain', string>;
  staff: boolean;
  me: { eligibility: { eligible: boolean; on: string; cutoff: string | null; reasons: Reason[] }; contributions: number; graded: number; voted: boolean } | null;
}

/** One open consultation with where I stand in it (`GET /consultations/open`, the home card). */
export interface OpenConsultation extends Pick<Summary, 'documentId' | 'kind' | 'title' | 'phase' | 'phaseLabel' | 'opensAt'> {
  endsAt: string | null;
  me: { eligibility: { eligible: boolean; reasons: Reason[] }; contributions: number; grading: { graded: number; total: number } | null; voted: boolean } | null;
}

export interface Fate {
  documentId: string;
  number: number;
  title: string;
  state: string;
  mergedInto: { documentId: string; number: number; title: string } | null;
  synthesisPart: number | null;
  synthesisState: 'draft' | 'submitted' | 'adopted' | 'rejected' | null;
  /** Voted part by part, after the close: the outcome of its part (absent from older servers). */
  partOutcome?: 'adopted' | 'rejected' | null;
}

export interface Contribution {
  documentId: string;
  number: number;
  reference: string;
  title: string;
  body: string;
  category: string | null;
  state: 'submitted' | 'withdrawn' | 'hidden';
  hiddenReason: string | null;
  submittedAt: string;
  proposal: Fate | null;
}

export interface Proposal {
  documentId: string;
  number: number;
  title: string;
  summary: string | null;
  state: string;
  sources: { documentId: string; reference: string; title: string }[];
  myGrades: { effort?: number; impact?: number } | null;
}

import { base } from './home-reads';

export { base };

/** The badge of a phase: where the consultation stands. */
export function PhaseBadge({ phase, label }: { phase: Phase; label: string }) {
  const tone = phase === 'results' ? 'success' : phase === 'upcoming' ? 'neutral' : 'info';
  return <Badge tone={tone}>{label}</Badge>;
}

/** The current phase's planned end, if any. */
export function currentEnd(c: Pick<Detail, 'calendar' | 'phase'>): string | null {
  return c.calendar.find((p) => p.phase === c.phase)?.endsAt ?? null;
}

/** What a member may do now, as a short French sentence with its link. */
export function nextStep(c: Detail): { label: string; to: string } | null {
  if (!c.me?.eligibility.eligible) return null;
  if (c.phase === 'contribution') return { label: 'Contribuer', to: `${base(c.documentId)}/contribuer` };
  if (c.phase === 'evaluation') return { label: 'Évaluer les propositions', to: `${base(c.documentId)}/evaluation` };
  if (c.phase === 'vote' && !c.me.voted) return { label: c.kind === 'quick' ? 'Répondre à la question' : 'Voter', to: `${base(c.documentId)}/vote` };
  return null;
}

/** Reasons a member can do something about (pay the dues); a join date after the cut-off cannot be changed. */
const FIXABLE = new Set(['dues-unpaid']);

/** The reasons why a member may not take part, from the API (e.g. « cotisation 2026 non réglée »). */
export function Standing({ c }: { c: Detail }) {
  if (!c.me) return <p>Vous suivez cette consultation en tant qu’équipe ; vous n’y participez pas comme adhérent.</p>;
  const { eligibility } = c.me;
  if (eligibility.eligible && c.phase === 'results') {
    return <p>Cette consultation est close{c.me.voted ? ' ; vous avez voté' : ''}.</p>;
  }
  if (eligibility.eligible) {
    return (
      <Notice kind="success">
        <p>
          <strong>Vous pouvez participer</strong> à cette consultation (situation jugée au {formatDate(eligibility.on)}
          {eligibility.cutoff ? `, adhésion au plus tard le ${formatDate(eligibility.cutoff)}` : ''}).
        </p>
      </Notice>
    );
  }
  // Not on the roll closed when the vote opened: nothing done now changes that for this vote.
  const offRoll = eligibility.reasons.some((reason) => reason.code === 'not-on-roll');
  return (
    <Notice kind="warning">
      <p>
        {offRoll ? (
          <>
            <strong>Vous ne pouvez pas voter à cette consultation</strong> :
          </>
        ) : (
          <>
            <strong>Vous ne pouvez pas participer à cette consultation</strong> (contribuer, évaluer ni voter) :
          </>
        )}
      </p>
      <ul className="reasons">
        {eligibility.reasons.map((reason, i) => (
          <li key={reason.code ?? i}>{reason.message}</li>
        ))}
      </ul>
      {!offRoll && eligibility.reasons.some((reason) => FIXABLE.has(reason.code ?? '')) && (
        <p>Pour régulariser votre situation, adressez-vous à votre secrétaire de section ou à votre fédération.</p>
      )}
    </Notice>
  );
}

export function PhaseClosed({ c, expected }: { c: Detail; expected: string }) {
  return (
    <Notice kind="info">
      <p>
        Cette page sert pendant la phase « {expected} ». La consultation est en phase « {c.phaseLabel} »
        {currentEnd(c) ? ` jusqu’au ${formatDateTime(currentEnd(c))}` : ''}.
      </p>
      <p>
        <Link to={base(c.documentId)}>Retour à la consultation</Link>
      </p>
    </Notice>
  );
}

/** What became of a contribution, in words. */
export function fateText(fate: Fate | null, state: Contribution['state']): string {
  if (state === 'withdrawn') return 'Vous l’avez retirée.';
  if (state === 'hidden') return 'Masquée par la modération.';
  if (!fate) return 'Pas encore reprise dans une proposition.';
  const target = fate.mergedInto ?? fate;
  const parts = [`Reprise dans la proposition n° ${target.number} « ${target.title} »${fate.mergedInto ? ` (après fusion de la n° ${fate.number})` : ''}.`];
  if (fate.synthesisPart != null) parts.push(`Partie ${fate.synthesisPart} de la synthèse.`);
  if (fate.synthesisState === 'adopted') parts.push('La synthèse a été adoptée par le vote.');
  else if (fate.synthesisState === 'rejected') parts.push('La synthèse a été rejetée par le vote.');
  else if (fate.synthesisState === 'submitted') parts.push('La synthèse est soumise au vote.');
  if (fate.partOutcome === 'adopted') parts.push('Sa partie a été adoptée.');
  else if (fate.partOutcome === 'rejected') parts.push('Sa partie a été rejetée.');
  return parts.join(' ');
}

/** A table that may scroll sideways on a phone: a named region reachable with the keyboard. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
