import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '@portal/hooks';
import { useSession } from '@portal/session';
import { ApiView, Badge, Page, Pagination, Section } from '@portal/ui';
import { EventsTabs, paths, when, type EventView } from './shared';

/** « Événements »: upcoming or past events I am invited to (and every open one), my registration at a glance. */
export default function ListPage() {
  const { me } = useSession();
  const [past, setPast] = useState(false);
  const [page, setPage] = useState(1);
  const events = useApi<EventView[]>('/events/events', { when: past ? 'past' : 'upcoming', page, pageSize: 20 });
  return (
    <Page title="Événements" intro={<p>Cafés-débats, débats, formations, réunions publiques, université d’été : inscrivez-vous en un clic. Les événements ouverts au public ont aussi leur <a href={paths.publicList}>page publique</a>.</p>}>
      <EventsTabs role={me?.role} />
      <Section title={past ? 'Événements passés' : 'Prochains événements'}>
        <p className="events-check">
          <input id="events-past" type="checkbox" checked={past} onChange={(e) => { setPast(e.target.checked); setPage(1); }} />
          <label htmlFor="events-past">Afficher les événements passés</label>
        </p>
        <ApiView state={events} empty={past ? 'Aucun événement passé.' : 'Aucun événement à venir pour l’instant.'} lines={3}>
          {(list, meta) => (
            <>
              <ul className="events-list">
                {list.map((e) => (
                  <li key={e.documentId}>
                    <Link to={paths.event(e.documentId)}>{e.title}</Link>
                    <p className="meta">
                      {e.kindLabel} · {when(e)} · {e.organiser.label}{' '}
                      {e.cancelled && <Badge tone="danger">Annulé</Badge>}
                      {e.audience === 'public' && <Badge tone="info">Ouvert au public</Badge>}
                      {e.registration && <Badge tone={e.registration.state === 'confirmed' ? 'success' : 'warning'}>{e.registration.stateLabel}</Badge>}
                    </p>
                  </li>
                ))}
              </ul>
              <Pagination page={page} pageCount={meta?.pagination?.pageCount ?? 1} onPage={setPage} label="Pages des événements" />
            </>
          )}
        </ApiView>
      </Section>
    </Page>
  );
}
