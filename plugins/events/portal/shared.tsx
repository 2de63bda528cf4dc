import { NavLink } from 'react-router-dom';
import { formatDate } from '@portal/format';
import './styles.css';

export const paths = {
  list: '/evenements',
  create: '/evenements/nouveau',
  stats: '/evenements/statistiques',
  summer: '/evenements/universite-ete',
  event: (id: string) => `/evenements/${encodeURIComponent(id)}`,
  publicList: '/evenements-publics',
  publicEvent: (id: string) => `/evenements-publics/${encodeURIComponent(id)}`,
};

export interface EventView {
  documentId: string;
  kind: string;
  kindLabel: string;
  title: string;
  description: string | null;
  theme: string | null;
  startsAt: string;
  startsAtParis: string;
  endsAtParis: string | null;
  address: string | null;
  accessibility: string | null;
  onlineUrl: string | null;
  organiser: { level: string; label: string };
  speakers: { name: string; title?: string }[];
  capacity: number | null;
  seatsLeft: number | null;
  full: boolean;
  audience: 'members' | 'public';
  audienceLabel: string;
  cancelled: boolean;
  registration?: { documentId: string; state: string; stateLabel: string; checkInCode: string | null; checkedIn: boolean } | null;
  myFeedback?: { rating: number; comment: string | null } | null;
  canManage?: boolean;
  counts?: { confirmed: number; waiting: number; attended: number };
  report?: { themes: string[]; proposals: string[]; summary: string | null; attendance: number; contribution?: { provenance: string; sentOn: string } } | null;
}

/** « jeudi 12 mars 2026 à 19 h 00 » from the Paris wall-clock time the API gives. */
export function when(e: Pick<EventView, 'startsAtParis' | 'endsAtParis'>): string {
  const start = `${formatDate(e.startsAtParis.slice(0, 10))} à ${e.startsAtParis.slice(11, 13)} h ${e.startsAtParis.slice(14, 16)}`;
  if (!e.endsAtParis) return start;
  const sameDay = e.endsAtParis.slice(0, 10) === e.startsAtParis.slice(0, 10);
  return `${start} — ${sameDay ? '' : `${formatDate(e.endsAtParis.slice(0, 10))} à `}${e.endsAtParis.slice(11, 13)} h ${e.endsAtParis.slice(14, 16)}`;
}

/** What, when, where, who speaks: the part every page shows. */
export function EventFacts({ e }: { e: EventView }) {
  return (
    <dl className="events-dl">
      <dt>Type</dt>
      <dd>{e.kindLabel}</dd>
      <dt>Quand</dt>
      <dd>{when(e)}</dd>
      {e.address && (
        <>
          <dt>Lieu</dt>
          <dd>{e.address}</dd>
        </>
      )}
      {e.accessibility && (
        <>
          <dt>Accessibilité</dt>
          <dd>{e.accessibility}</dd>
        </>
      )}
      {e.onlineUrl && (
        <>
          <dt>En ligne</dt>
          <dd>
            <a href={e.onlineUrl}>{e.onlineUrl}</a>
          </dd>
        </>
      )}
      <dt>Organisé par</dt>
      <dd>{e.organiser.label}</dd>
      {e.theme && (
        <>
          <dt>Thème</dt>
          <dd>{e.theme}</dd>
        </>
      )}
      {e.speakers.length > 0 && (
        <>
          <dt>Intervenants</dt>
          <dd>{e.speakers.map((s) => (s.title ? `${s.name}, ${s.title}` : s.name)).join(' ; ')}</dd>
        </>
      )}
      <dt>Places</dt>
      <dd>{e.capacity == null ? 'Sans limite' : e.full ? 'Complet (liste d’attente)' : `${e.seatsLeft} sur ${e.capacity}`}</dd>
      <dt>Public</dt>
      <dd>{e.audienceLabel}</dd>
    </dl>
  );
}

/** Who announces events (the API's organisers) and who reads the statistics (federation staff, national admins). */
export const ORGANISER_ROLES = new Set(['section-secretary', 'federation-staff', 'national-admin']);
export const STATS_ROLES = new Set(['federation-staff', 'national-admin']);

/** The events tabs; « Annoncer » and « Statistiques » only for the roles that may use them. */
export function EventsTabs({ role }: { role: string | null | undefined }) {
  const organiser = ORGANISER_ROLES.has(role ?? '');
  const stats = STATS_ROLES.has(role ?? '');
  return (
    <nav className="events-tabs" aria-label="Événements">
      <NavLink to={paths.list} end>
        Événements
      </NavLink>
      <NavLink to={paths.summer}>Université d’été</NavLink>
      {organiser && <NavLink to={paths.create}>Annoncer</NavLink>}
      {stats && <NavLink to={paths.stats}>Statistiques</NavLink>}
    </nav>
  );
}
