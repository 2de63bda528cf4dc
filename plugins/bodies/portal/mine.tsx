import { Link } from 'react-router-dom';
import { formatDate } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Page, Section } from '@portal/ui';
import { CreateBody } from './manage';
import { BodiesTabs, MeetingFacts, paths } from './shared';
import type { BodySummary, Mine } from './types';

/** « Instances »: the bodies I sit in, their next meetings, minutes to read, and every body I may read. */
export default function MinePage() {
  const mine = useApi<Mine>('/bodies/me');
  const all = useApi<BodySummary[]>('/bodies/bodies', { pageSize: 100 });
  return (
    <Page title="Instances" intro={<p>Les instances du parti dont vous êtes membre, leurs réunions et leurs procès-verbaux.</p>}>
      <BodiesTabs />
      <ApiView state={mine} lines={4}>
        {(data) => (
          <>
            <Section title="Mes instances">
              {data.bodies.length === 0 ? (
                <p className="empty">Vous ne siégez dans aucune instance en ce moment.</p>
              ) : (
                <ul className="bodies-list">
                  {data.bodies.map((b) => (
                    <li key={b.seat}>
                      <Link to={paths.body(b.documentId)}>{b.name}</Link> <span className="meta">· {b.tenure}</span>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title="Prochaines réunions">
              <p>
                Vos réunions apparaissent dans votre agenda personnel (téléphone, Thunderbird, Google Agenda…) :{' '}
                <Link to="/notifications/preferences">s’abonner à l’agenda de mes réunions</Link>.
              </p>
              {data.nextMeetings.length === 0 ? (
                <p className="empty">Aucune réunion prévue.</p>
              ) : (
                <ul className="bodies-list">
                  {data.nextMeetings.map((m) => (
                    <li key={m.documentId}>
                      <Link to={paths.meeting(m.documentId)}>{m.bodyName}</Link>
                      <MeetingFacts meeting={m} />
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title="Procès-verbaux à lire">
              {data.minutesToRead.length === 0 ? (
                <p className="empty">Aucun procès-verbal publié.</p>
              ) : (
                <ul className="bodies-list">
                  {data.minutesToRead.map((m) => (
                    <li key={m.documentId}>
                      <Link to={paths.meeting(m.meeting)}>
                        {m.bodyName} — réunion du {formatDate(m.heldOn)}
                      </Link>
                      {m.version > 1 && <span className="meta"> · version {m.version}</span>}
                      {m.releasedOn && <span className="meta"> · publié le {formatDate(m.releasedOn)}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </>
        )}
      </ApiView>
      <Section title="Toutes les instances">
        <ApiView state={all} empty="Aucune instance pour le moment." lines={3}>
          {(bodies) => (
            <ul className="bodies-list">
              {bodies.map((b) => (
                <li key={b.documentId}>
                  <Link to={paths.body(b.documentId)}>{b.name}</Link> <span className="meta">· {b.kindLabel}</span>
                </li>
              ))}
            </ul>
          )}
        </ApiView>
      </Section>
      <CreateBody />
    </Page>
  );
}
