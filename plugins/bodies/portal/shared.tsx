import { useState, type FormEvent } from 'react';
import { NavLink, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '@portal/format';
import { Badge, Button, DownloadButton, TextField } from '@portal/ui';
import type { IndicatorFigures, Meeting } from './types';
import './styles.css';

/** Portal paths of the bodies pages (ids in the path: deep links survive a reload). */
export const paths = {
  mine: '/instances',
  myAttendance: '/instances/mes-presences',
  body: (id: string) => `/instances/${encodeURIComponent(id)}`,
  meeting: (id: string) => `/instances/reunions/${encodeURIComponent(id)}`,
  report: (id: string, year?: number) => `/instances/${encodeURIComponent(id)}/rapport${year ? `?annee=${year}` : ''}`,
};

export function BodiesTabs() {
  return (
    <nav className="bodies-tabs" aria-label="Instances">
      <NavLink to={paths.mine} end>
        Mes instances
      </NavLink>
      <NavLink to={paths.myAttendance}>Mes présences</NavLink>
    </nav>
  );
}

/** Date, place or link, and the ICS file of a meeting. */
export function MeetingFacts({ meeting }: { meeting: Meeting }) {
  return (
    <p className="meta">
      {formatDateTime(meeting.startsAt)}
      {meeting.place && <> · {meeting.place}</>}
      {meeting.remoteLink && (
        <>
          {' '}
          · <a href={meeting.remoteLink}>lien de visioconférence</a>
        </>
      )}{' '}
      {meeting.status !== 'planned' && <Badge tone={meeting.status === 'held' ? 'success' : 'warning'}>{meeting.statusLabel}</Badge>}{' '}
      <DownloadButton path={meeting.ics} name={`reunion-${meeting.heldOn}.ics`}>
        Ajouter à mon agenda (.ics)
      </DownloadButton>
    </p>
  );
}

/** « 75 % » with what it is made of, in words (never a colour only). */
export function Rate({ figures }: { figures: IndicatorFigures }) {
  return (
    <>
      <strong>{figures.rateLabel}</strong>{' '}
      <span className="meta">
        ({figures.present + figures.remote} présence{figures.present + figures.remote > 1 ? 's' : ''} sur {figures.present + figures.remote + figures.absent}
        {figures.excused ? `, ${figures.excused} excusée${figures.excused > 1 ? 's' : ''}` : ''}
        {figures.unmarked ? `, ${figures.unmarked} à saisir` : ''})
      </span>
      {figures.alert && (
        <>
          {' '}
          <Badge tone="danger">{figures.streak} absences de suite</Badge>
        </>
      )}
    </>
  );
}

/** A YYYY-MM-DD date, or nothing (a hand-edited address is ignored rather than sent). */
const dayOf = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined);

/**
 * The indicators' window `[from, to)` kept in the page's address (`?from=…&to=…`, YYYY-MM-DD),
 * so a chosen period survives a reload and can be shared. Returns the query for the API
 * (only the dates given) and the form that changes it.
 */
export function usePeriod() {
  const [params, setParams] = useSearchParams();
  const from = dayOf(params.get('from'));
  const to = dayOf(params.get('to'));
  const query: Record<string, string> = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const apply = (next: { from?: string; to?: string }) => {
    const kept = new URLSearchParams(params);
    for (const key of ['from', 'to'] as const) {
      if (next[key]) kept.set(key, next[key]!);
      else kept.delete(key);
    }
    setParams(kept);
  };
  return { from, to, query, form: <PeriodForm key={`${from ?? ''}|${to ?? ''}`} from={from} to={to} onApply={apply} /> };
}

/** « Du » / « Au (non compris) » date fields; the end must come after the start (checked here and by the API). */
function PeriodForm({ from, to, onApply }: { from?: string; to?: string; onApply: (next: { from?: string; to?: string }) => void }) {
  const [start, setStart] = useState(from ?? '');
  const [end, setEnd] = useState(to ?? '');
  const [error, setError] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (start && end && end <= start) return setError('La fin de la période vient après son début.');
    setError(undefined);
    onApply({ from: start || undefined, to: end || undefined });
  };
  return (
    <form className="bodies-period" onSubmit={submit} aria-label="Période de l’indicateur">
      <TextField label="Du" type="date" value={start} onChange={(e) => setStart(e.target.value)} />
      <TextField label="Au (non compris)" type="date" value={end} error={error} onChange={(e) => setEnd(e.target.value)} />
      <div className="bodies-period-actions">
        <Button kind="secondary" type="submit">
          Afficher la période
        </Button>
        {(from || to) && (
          <Button kind="link" type="button" onClick={() => onApply({})}>
            Toute la période
          </Button>
        )}
      </div>
    </form>
  );
}

/** « du 1 janv. 2026 au 1 juil. 2026 (non compris) », or « depuis le début des mandats ». */
export function periodLabel(from: string | undefined, to: string | undefined, format: (day: string) => string): string {
  if (from && to) return `du ${format(from)} au ${format(to)} (non compris)`;
  if (from) return `depuis le ${format(from)}`;
  if (to) return `jusqu’au ${format(to)} (non compris)`;
  return 'sur toute la durée des mandats';
}
