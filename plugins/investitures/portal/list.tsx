import { useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDate } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Badge, Page, Pagination, Section } from '@portal/ui';
import { InvestituresTabs, paths, type Designation } from './shared';

/** « Investitures »: the designations of my place (open ones first), and for staff their federation's. */
export default function ListPage() {
  const [page, setPage] = useState(1);
  const list = useApi<Designation[]>('/investitures/designations', { page, pageSize: 20 });
  const staff = Boolean(list.data?.some((d) => d.manages));
  return (
    <Page title="Investitures et désignations" intro={<p>Les désignations ouvertes : candidatez, signez l’engagement, suivez les vérifications et votez lorsque les adhérents désignent.</p>}>
      <InvestituresTabs staff={staff} />
      <Section title="Désignations">
        <ApiView state={list} empty="Aucune désignation en cours pour vous." lines={3}>
          {(rows, meta) => (
            <>
              <ul className="inv-list">
                {rows.map((d) => (
                  <li key={d.documentId}>
                    <Link to={paths.designation(d.documentId)}>{d.title}</Link>
                    <p className="meta">
                      {d.kindLabel}
                      {d.territory?.name ? ` · ${d.territory.name}` : ''} · candidatures du {formatDate(d.calendar.candidaciesOpenOn)} au {formatDate(d.calendar.candidaciesCloseOn)}{' '}
                      <Badge tone={d.period === 'candidacies' ? 'success' : d.vote.state === 'open' ? 'info' : 'neutral'}>{d.vote.state === 'open' ? 'Vote ouvert' : d.periodLabel}</Badge>
                    </p>
                  </li>
                ))}
              </ul>
              <Pagination page={page} pageCount={meta?.pagination?.pageCount ?? 1} onPage={setPage} label="Pages des désignations" />
            </>
          )}
        </ApiView>
      </Section>
    </Page>
  );
}
