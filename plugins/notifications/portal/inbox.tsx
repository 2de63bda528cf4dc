import './styles.css';
import { Link, useSearchParams } from 'react-router-dom';
import { formatDateTime, plural } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { ApiView, Badge, Button, FocusKeeper, Page, Pagination } from '@portal/ui';

interface Item {
  id: number;
  kind: string;
  title: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

/** « Notifications »: everything the intranet told me, newest first, unread marked; opening one marks it read. */
export default function InboxPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const items = useApi<Item[]>('/notifications/inbox', { page, pageSize: 20 });
  const action = useAction();
  const markRead = async (id: number) => {
    await action.run(`/notifications/inbox/${id}/read`, { method: 'POST', body: {} });
    window.dispatchEvent(new Event('notifications:changed'));
  };
  const markAll = async () => {
    if (await action.run('/notifications/inbox/read', { method: 'POST', body: {} })) {
      window.dispatchEvent(new Event('notifications:changed'));
      items.reload();
    }
  };
  return (
    <Page
      title="Notifications"
      intro={<p>Ce que l’intranet vous a signalé : ouvertures de consultations, rappels, formations… <Link to="/notifications/preferences">Choisir ce que je reçois par e-mail</Link>.</p>}
    >
      {/* « Marquer comme lue » and « Tout marquer comme lu » go away once pressed: focus moves to the next control, never to the page. */}
      <FocusKeeper>
        <ApiView state={items} empty="Aucune notification pour le moment." lines={4}>
          {(rows, meta) => (
            <>
              <p aria-live="polite">
                {meta?.unread ? `${plural(meta.unread, 'notification non lue', 'notifications non lues')}.` : 'Tout est lu.'}{' '}
                {meta?.unread ? (
                  <Button kind="secondary" pending={action.pending} onClick={markAll}>
                    Tout marquer comme lu
                  </Button>
                ) : null}
              </p>
              <ul className="cards">
                {rows.map((n) => (
                  <li key={n.id} className="card">
                    <h2 className="card-title">
                      {n.link ? (
                        <Link to={n.link} onClick={() => (n.read ? undefined : void markRead(n.id))}>
                          {n.title}
                        </Link>
                      ) : (
                        n.title
                      )}
                    </h2>
                    <p className="card-meta">
                      {!n.read && <Badge tone="info">Non lue</Badge>} {formatDateTime(n.createdAt)}
                    </p>
                    {!n.read && (
                      <Button
                        kind="link"
                        onClick={async () => {
                          await markRead(n.id);
                          items.reload();
                        }}
                      >
                        Marquer comme lue<span className="visually-hidden"> : {n.title}</span>
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
              <Pagination page={page} pageCount={meta?.pagination?.pageCount ?? 1} onPage={(p) => setParams({ page: String(p) })} />
            </>
          )}
        </ApiView>
      </FocusKeeper>
    </Page>
  );
}
