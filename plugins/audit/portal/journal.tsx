import { useSearchParams } from 'react-router-dom';
import { formatDateTime } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Page, Pagination } from '@portal/ui';

interface Entry {
  seq: number;
  occurredAt: string;
  actor: { kind: string; label: string | null };
  action: string;
  /** The action in French (« Dépôt — contribution »); `action` is the stored name. */
  actionLabel: string;
  /** `label`: the subject's kind in French (« Contribution »); `type` is the stored uid. */
  subject: { type: string; id: string | null; label: string };
}

/** The audit log of the staff member's federation (every federation for national admins), newest first, as the API scopes it. */
export default function JournalPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const entries = useApi<Entry[]>('/audit/entries', { page, pageSize: 50 });
  return (
    <Page title="Journal d’audit" intro={<p>Qui a fait quoi, et quand : chaque action du personnel et des commandes est enregistrée dans une chaîne infalsifiable.</p>}>
      <ApiView state={entries} empty="Aucune action enregistrée." lines={6}>
        {(rows, meta) => (
          <>
            <div className="table-wrap" role="region" aria-label="Entrées du journal" tabIndex={0}>
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
                      <td>{e.actor.label ?? (e.actor.kind === 'system' ? 'Système' : e.actor.kind)}</td>
                      <td>{e.actionLabel}</td>
                      <td>
                        {e.subject.label}
                        {e.subject.id && <span className="meta"> {e.subject.id}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={page} pageCount={meta?.pagination?.pageCount ?? 1} onPage={(p) => setParams({ page: String(p) })} />
          </>
        )}
      </ApiView>
    </Page>
  );
}
