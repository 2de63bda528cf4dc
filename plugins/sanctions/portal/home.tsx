import { useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDate } from '@portal/format';
import { useApi } from '@portal/hooks';
import { useSession } from '@portal/session';
import { ApiView, Badge, Page, Pagination, Section } from '@portal/ui';
import { CommissionTabs, paths, type CaseView } from './shared';

const ROLE_OF_VIEW: Record<CaseView['view'], string> = {
  commission: 'à instruire',
  national: 'commission nationale',
  respondent: 'vous êtes mis·e en cause',
  referrer: 'saisine de votre part',
  reporter: 'votre signalement',
};

/** « Affaires »: the cases I am party to (the commission's: its federation's, with what is overdue). */
export default function HomePage() {
  const [page, setPage] = useState(1);
  const [overdue, setOverdue] = useState(false);
  // Only the conflicts commission has deadlines to keep (plugins/sanctions/server/src/permissions.ts):
  // a party to a case has nothing to filter « en retard ».
  const commission = useSession().me?.role === 'conflicts-commission';
  const cases = useApi<CaseView[]>('/sanctions/cases', { page, pageSize: 20, ...(overdue ? { overdue: 'true' } : {}) });
  return (
    <Page title="Commission des conflits" intro={<p>Les affaires qui vous concernent, les décisions publiées et le signalement confidentiel des discriminations et du harcèlement.</p>}>
      <CommissionTabs />
      <Section title="Affaires">
        {commission && (
          <p className="sanctions-check">
            <input id="overdue-only" type="checkbox" checked={overdue} onChange={(e) => { setOverdue(e.target.checked); setPage(1); }} />
            <label htmlFor="overdue-only">En retard seulement</label>
          </p>
        )}
        <ApiView state={cases} empty="Aucune affaire ne vous concerne." lines={3}>
          {(list, meta) => (
            <>
              <ul className="sanctions-list">
                {list.map((c) => (
                  <li key={c.documentId}>
                    <Link to={paths.case(c.documentId)}>
                      Affaire {c.reference} — {c.category.label}
                    </Link>
                    <p className="meta">
                      {c.stateLabel} · reçue le {formatDate(c.dates.receivedOn)} · {ROLE_OF_VIEW[c.view]}
                      {c.respondent?.name && <> · {c.respondent.name}</>}{' '}
                      {c.overdue && <Badge tone="danger">En retard (échéance {formatDate(c.dueBy)})</Badge>}
                    </p>
                  </li>
                ))}
              </ul>
              <Pagination page={page} pageCount={meta?.pagination?.pageCount ?? 1} onPage={setPage} label="Pages des affaires" />
            </>
          )}
        </ApiView>
      </Section>
    </Page>
  );
}
