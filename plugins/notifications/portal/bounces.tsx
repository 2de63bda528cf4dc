import './styles.css';
import { useSearchParams } from 'react-router-dom';
import { formatDateTime } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { useSession } from '@portal/session';
import { ApiView, Button, ErrorMessage, FocusKeeper, Page, Pagination, SuccessNotice, useSuccess } from '@portal/ui';

interface Bounce {
  id: string;
  email: string;
  code: number | null;
  reasonLabel: string;
  since: string;
  member: string | null;
  memberName: string | null;
}

const STAFF = new Set(['federation-staff', 'national-admin']);

/**
 * « Adresses en échec »: addresses the mail server refused for good (`GET
 * /api/notifications/bounces`, the federation's for its staff, every one for national
 * admins); « Retirer » (`DELETE …/bounces/:id`) once the member fixed their mailbox, so the
 * next messages leave again.
 */
export default function BouncesPage() {
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const allowed = !!me && STAFF.has(me.role);
  const bounces = useApi<Bounce[]>(allowed ? '/notifications/bounces' : null, { page, pageSize: 50 });
  const action = useAction();
  const [done, setDone] = useSuccess();
  if (!allowed) return <Page title="Adresses en échec"><ErrorMessage error="Cette page est réservée à l’équipe fédérale et aux administrateurs nationaux." /></Page>;

  async function clear(b: Bounce) {
    setDone(null);
    if (await action.run(`/notifications/bounces/${b.id}`, { method: 'DELETE' })) {
      setDone(`L’adresse ${b.email} est retirée de la liste : les prochains messages lui seront envoyés.`);
      bounces.reload();
    }
  }

  return (
    <Page
      title="Adresses en échec"
      intro={
        <p>
          Les adresses que la messagerie de leur destinataire a refusées définitivement : l’intranet ne leur envoie plus rien. Quand l’adhérent a
          corrigé sa boîte (ou son adresse), retirez-la de la liste pour que les prochains messages partent.
        </p>
      }
    >
      <SuccessNotice success={done} />
      {action.error && <ErrorMessage error={action.error} />}
      {/* A removed address leaves the list: focus goes to the next row's « Retirer » (the previous row's, the page's title once the list is empty). */}
      <FocusKeeper>
        <ApiView state={bounces} empty="Aucune adresse en échec." lines={4}>
          {(rows, meta) => (
            <>
              <ul className="cards" aria-label="Adresses en échec">
                {rows.map((b) => (
                  <li key={b.id} className="card bounce-card">
                    <h2 className="card-title">{b.memberName ?? 'Adhérent inconnu'}</h2>
                    <dl className="facts">
                      <dt>Adresse</dt>
                      <dd className="bounce-email">{b.email}</dd>
                      <dt>Depuis le</dt>
                      <dd>{formatDateTime(b.since)}</dd>
                      <dt>Motif</dt>
                      <dd>
                        {b.reasonLabel}
                        {b.code ? ` (code ${b.code})` : ''}
                      </dd>
                    </dl>
                    <Button kind="secondary" pending={action.pending} onClick={() => clear(b)}>
                      Retirer<span className="visually-hidden"> {b.email} de la liste</span>
                    </Button>
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
