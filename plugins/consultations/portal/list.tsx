import { Link, useSearchParams } from 'react-router-dom';
import { formatDate, plural } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Badge, Page, Pagination } from '@portal/ui';
import { base, PhaseBadge, type Summary } from './shared';

const PAGE_SIZE = 20;

/** « Consultations »: those addressed to me, newest first. */
export function ConsultationsPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const list = useApi<Summary[]>('/consultations', { page, pageSize: PAGE_SIZE });
  return (
    <Page title="Consultations" intro={<p>Les consultations des adhérents qui vous concernent : contribuez, évaluez les propositions, votez.</p>}>
      <ApiView state={list} empty="Aucune consultation ne vous est adressée pour le moment." lines={5}>
        {(entries, meta) => (
          <>
            <p className="count" aria-live="polite">
              {plural(meta?.pagination?.total ?? entries.length, 'consultation')}
            </p>
            <ul className="cards">
              {entries.map((c) => (
                <li key={c.documentId} className="card">
                  <h2 className="card-title">
                    <Link to={base(c.documentId)}>{c.title}</Link>
                  </h2>
                  <p className="meta">
                    <PhaseBadge phase={c.phase} label={c.phaseLabel} /> {c.kind === 'quick' && <Badge>Question rapide</Badge>}{' '}
                    <span>{new Date(c.opensAt) > new Date() ? `Ouvre le ${formatDate(c.opensAt)}` : `Ouverte le ${formatDate(c.opensAt)}`}</span>
                    {c.section ? <span> · Section {c.section.name}</span> : c.federation ? <span> · Fédération {c.federation.name}</span> : <span> · Nationale</span>}
                  </p>
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
