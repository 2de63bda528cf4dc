import { useSearchParams } from 'react-router-dom';
import { formatDateTime } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Page, Pagination } from '@portal/ui';
import './styles.css';

interface Entry {
  seq: number;
  occurredAt: string;
  actor: { kind: string; label: string | null };
  action: string;
  /** The action in French (« Dépôt — contribution »); `action` is the stored name. */
  actionLabel: string;
  /**
   * `label`: the subject's kind in French (« Contribution »); `name`: which one (« « Budget
   * 2027 » », or a short reference « réf. q1e3tz »); `type` and `id` are the stored ones.
   */
  subject: { type: string; id: string | null; label: string; name?: string | null };
}

const authorOf = (e: Entry) => e.actor.label ?? (e.actor.kind === 'system' ? 'Système' : e.actor.kind);

/** « Candidature « Municipales 2026 » »: the subject's kind, then which one when known. */
function Subject({ entry }: { entry: Entry }) {
  return (
    <>
      {entry.subject.label}
      {entry.subject.name && <span className="meta journal-subject-name"> {entry.subject.name}</span>}
    </>
  );
}

/**
 * The audit log of the staff member's federation (every federation for national admins),
 * newest first, as the API scopes it: a table on a wide screen, one card per entry on a phone
 * (the other is hidden by the stylesheet, so each reader meets one list).
 */
export default function JournalPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const entries = useApi<Entry[]>('/audit/entries', { page, pageSize: 50 });
  return (
    <Page title="Journal d’audit" intro={<p>Qui a fait quoi, et quand : chaque action du personnel et des commandes est enregistrée dans une chaîne infalsifiable.</p>}>
      <ApiView state={entries} empty="Aucune action enregistrée." lines={6}>
        {(rows, meta) => (
          <>
            <div className="table-wrap journal-table" role="region" aria-label="Entrées du journal" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">N°</th>
                    <th scope="col">Date</th>
                    <th scope="col">Auteur</th>
                    <th scope="col">Action</th>
                    <th scope="col">Objet</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((e) => (
                    <tr key={e.seq}>
                      <td>{e.seq}</td>
                      <td>{formatDateTime(e.occurredAt)}</td>
                      <td>{authorOf(e)}</td>
                      <td>{e.actionLabel}</td>
                      <td>
                        <Subject entry={e} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <ul className="cards journal-cards" aria-label="Entrées du journal">
              {rows.map((e) => (
                <li key={e.seq} className="card">
                  <h2 className="card-title">{e.actionLabel}</h2>
                  <dl className="facts">
                    <dt>N°</dt>
                    <dd>{e.seq}</dd>
                    <dt>Date</dt>
                    <dd>{formatDateTime(e.occurredAt)}</dd>
                    <dt>Auteur</dt>
                    <dd>{authorOf(e)}</dd>
                    <dt>Objet</dt>
                    <dd>
                      <Subject entry={e} />
                    </dd>
                  </dl>
                </li>
              ))}
            </ul>
            <Pagination page={page} pageCount={meta?.pagination?.pageCount ?? 1} onPage={(p) => setParams({ page: String(p) })} />
          </>
        )}
      </ApiView>
    </Page>
  );
}
