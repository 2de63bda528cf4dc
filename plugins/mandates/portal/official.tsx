import { Link, useParams } from 'react-router-dom';
import { formatDate } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Badge, Page, Section } from '@portal/ui';
import { ComplianceLine, ContactLines, MandateLine, paths, Violations } from './shared';
import type { MandateReports, Situation } from './types';

const STATE: Record<string, { label: string; tone: 'success' | 'warning' | 'danger' | 'neutral' }> = {
  'on-time': { label: 'À l’heure', tone: 'success' },
  late: { label: 'En retard', tone: 'warning' },
  missing: { label: 'Manquant', tone: 'danger' },
  open: { label: 'Attendu', tone: 'neutral' },
};

/** The reports owed by each mandate: published ones link to their page. */
export function ReportsList({ reports }: { reports: MandateReports[] }) {
  const owed = reports.filter((r) => r.periods.length > 0);
  if (owed.length === 0) return <p className="empty">Aucun compte rendu attendu pour ces mandats.</p>;
  return (
    <>
      {owed.map((r) => (
        <div className="mandates-item" key={r.mandate}>
          <h3>{r.label}</h3>
          <ul className="mandates-list">
            {[...r.periods].reverse().map((p) => (
              <li key={p.periodStart}>
                Période du {formatDate(p.periodStart)} au {formatDate(p.periodEnd)} <span className="meta">· attendu le {formatDate(p.dueOn)}</span>{' '}
                <Badge tone={STATE[p.state].tone}>{STATE[p.state].label}</Badge>
                {p.report && (
                  <>
                    {' '}
                    — <Link to={paths.report(p.report.documentId)}>{p.report.summary}</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

/** An official's public page: mandates, regularity of reports, cumul situation, reports. */
export default function OfficialPage() {
  const { id = '' } = useParams();
  const page = useApi<Situation>(`/mandates/officials/${encodeURIComponent(id)}`);
  const title = page.data ? `${page.data.official.firstName} ${page.data.official.lastName}` : 'Élu·e';
  return (
    <Page title={title} back={{ to: paths.directory, label: 'Nos élu·es' }}>
      <ApiView state={page} lines={6}>
        {(s) => (
          <>
            <Section title="Mandats">
              <ul className="mandates-list">
                {s.mandates.map((m) => (
                  <li key={m.documentId}>
                    <MandateLine m={m} />
                  </li>
                ))}
              </ul>
            </Section>
            {s.contact && (
              <Section title="Contacter l’élu·e">
                <ContactLines contact={s.contact} />
              </Section>
            )}
            <Section title="Régularité des comptes rendus">
              <p>
                <ComplianceLine c={s.compliance} />
              </p>
            </Section>
            <Section title="Règles de cumul">
              <Violations list={s.violations} />
              <p className="meta">Règles en vigueur : version {s.ruleSetVersion}.</p>
            </Section>
            <Section title="Comptes rendus de mandat">
              <ReportsList reports={s.reports} />
            </Section>
          </>
        )}
      </ApiView>
    </Page>
  );
}
