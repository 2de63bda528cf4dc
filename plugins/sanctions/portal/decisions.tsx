import { useState } from 'react';
import { formatDate } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Page, Pagination, Section } from '@portal/ui';
import { CommissionTabs, LEVELS } from './shared';

interface Published {
  documentId: string;
  reference: string;
  federation: string | null;
  finalOn: string;
  category: { key: string; label: string };
  levelLabel: string;
  months: number | null;
  article: string;
  summary: string | null;
  onAppeal: boolean;
  name: string | null;
}

/** The published decisions of every federation (the name only where the scale says so). */
export default function DecisionsPage() {
  const [page, setPage] = useState(1);
  const [level, setLevel] = useState('');
  const reference = new URLSearchParams(window.location.search).get('reference');
  const decisions = useApi<Published[]>('/sanctions/decisions', { page, pageSize: 20, ...(level ? { level } : {}) });
  return (
    <Page title="Décisions publiées" intro={<p>Les décisions définitives des commissions des conflits, selon le barème national des sanctions.</p>}>
      <CommissionTabs />
      <div className="sanctions-form">
        <label htmlFor="level-filter">Niveau de sanction</label>
        <select id="level-filter" value={level} onChange={(e) => { setLevel(e.target.value); setPage(1); }}>
          <option value="">Tous les niveaux</option>
          {LEVELS.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
        </select>
      </div>
      <Section title="Décisions">
        <ApiView state={decisions} empty="Aucune décision publiée." lines={3}>
          {(list, meta) => (
            <>
              <ul className="sanctions-list">
                {list.map((d) => (
                  <li key={d.documentId} aria-current={d.reference === reference ? 'true' : undefined}>
                    <strong>
                      {d.levelLabel}
                      {d.months ? ` de ${d.months} mois` : ''}
                    </strong>{' '}
                    — {d.category.label}
                    {d.name && <> — {d.name}</>}
                    <p className="meta">
                      {d.federation} · définitive le {formatDate(d.finalOn)} · {d.article} · affaire {d.reference}
                      {d.onAppeal ? ' · décision d’appel' : ''}
                    </p>
                    {d.summary && <p>{d.summary}</p>}
                  </li>
                ))}
              </ul>
              <Pagination page={page} pageCount={meta?.pagination?.pageCount ?? 1} onPage={setPage} label="Pages des décisions" />
            </>
          )}
        </ApiView>
      </Section>
    </Page>
  );
}
