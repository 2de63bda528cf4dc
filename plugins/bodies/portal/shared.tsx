import { NavLink } from 'react-router-dom';
import { formatDateTime } from '@portal/format';
import { Badge, DownloadButton } from '@portal/ui';
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
