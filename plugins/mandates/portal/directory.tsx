import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '@portal/hooks';
import { ApiView, Badge, Page, Pagination } from '@portal/ui';
import { ComplianceLine, MandatesTabs, MandateLine, paths } from './shared';
import type { OfficialRow } from './types';

/** « Nos élu·es »: the elected officials of my federation, their current mandates, regularity and cumul situation. */
export default function DirectoryPage() {
  const [page, setPage] = useState(1);
  const list = useApi<OfficialRow[]>('/mandates/officials', { page, pageSize: 25 });
  return (
    <Page title="Nos élu·es" intro={<p>Les élu·es de votre fédération, leurs mandats en cours, leurs comptes rendus et leur situation au regard des règles de cumul.</p>}>
      <MandatesTabs />
      <ApiView state={list} empty="Aucun·e élu·e enregistré·e dans votre fédération." lines={5}>
        {(rows, meta) => (
          <>
            <ul className="mandates-list">
              {rows.map((o) => (
                <li key={o.documentId}>
                  <h2 className="h3">
                    <Link to={paths.official(o.documentId)}>
                      {o.firstName} {o.lastName}
                    </Link>
                  </h2>
                  <ul>
                    {o.mandates.map((m) => (
                      <li key={m.documentId}>
                        <MandateLine m={m} />
                      </li>
                    ))}
                  </ul>
                  <p>
                    Comptes rendus : <ComplianceLine c={o.compliance} />
                  </p>
                  {o.breaches.length > 0 && (
                    <p>
                      Cumul :{' '}
                      {o.breaches.map((b) => (
                        <span key={b.rule}>
                          <Badge tone={b.waived ? 'info' : 'warning'}>{b.waived ? `${b.label} (dérogation)` : b.label}</Badge>{' '}
                        </span>
                      ))}
                    </p>
                  )}
                </li>
              ))}
            </ul>
            <Pagination page={page} pageCount={meta?.pagination?.pageCount ?? 1} onPage={setPage} label="Pages des élu·es" />
          </>
        )}
      </ApiView>
    </Page>
  );
}
