import { Link, useParams, useSearchParams } from 'react-router-dom';
import { formatDate } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, DownloadButton, Page, Section } from '@portal/ui';
import { paths } from './shared';
import type { ActivityReport, BodyDetail } from './types';

const votes = (d: { votesFor: number; votesAgainst: number; abstentions: number }) => `${d.votesFor} pour, ${d.votesAgainst} contre, ${d.abstentions} abstention${d.abstentions > 1 ? 's' : ''}`;

/**
 * « Rapport d’activité » of a body for a year (`?annee=`, the current year by default):
 * meetings held, average attendance, decisions and their votes, minutes published on time;
 * for its secretariat the CSV and PDF files.
 */
export default function ReportPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const asked = Number(params.get('annee'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear ? asked : thisYear;
  const body = useApi<BodyDetail>(`/bodies/bodies/${encodeURIComponent(id)}`);
  const report = useApi<ActivityReport>(`/bodies/bodies/${encodeURIComponent(id)}/report`, { year });
  const base = `/bodies/bodies/${encodeURIComponent(id)}/report`;
  return (
    <ApiView state={report} lines={6}>
      {(r) => (
        <Page
          title={`Rapport d’activité ${r.year}`}
          back={{ to: paths.body(id), label: r.body.name }}
          intro={<p>{r.body.name} · {r.body.kindLabel}</p>}
        >
          <nav className="bodies-tabs" aria-label="Année du rapport">
            {[thisYear, thisYear - 1, thisYear - 2].map((y) => (
              <Link key={y} to={paths.report(id, y)} aria-current={y === r.year ? 'page' : undefined}>
                {y}
              </Link>
            ))}
          </nav>
          <Section title="En bref">
            <ul className="bodies-list">
              <li>
                Réunions tenues : <strong>{r.meetings.held}</strong> (annulées : {r.meetings.cancelled}, prévues : {r.meetings.planned})
              </li>
              <li>
                Présence moyenne : <strong>{r.attendance.rateLabel}</strong>
              </li>
              <li>
                Décisions : <strong>{r.decisions.count}</strong> ({votes(r.decisions)} au total)
              </li>
              <li>
                Procès-verbaux publiés sous {r.minutes.onTimeDays} jours : <strong>{r.minutes.onTime}</strong> sur {r.meetings.held} ({r.minutes.rateLabel}) ; en retard : {r.minutes.late} ; délai en cours : {r.minutes.pending}
              </li>
            </ul>
            <ApiView state={body} lines={1}>
              {(b) =>
                b.may.runSecretariat ? (
                  <div className="actions">
                    <DownloadButton path={`${base}.pdf?year=${r.year}`} name={`rapport-activite-${r.year}.pdf`}>
                      Télécharger le rapport (PDF)
                    </DownloadButton>
                    <DownloadButton path={`${base}.csv?year=${r.year}`} name={`rapport-activite-${r.year}.csv`}>
                      Télécharger le tableau (CSV)
                    </DownloadButton>
                  </div>
                ) : null
              }
            </ApiView>
          </Section>
          <Section title="Réunions tenues">
            {r.rows.length === 0 ? (
              <p className="empty">Aucune réunion tenue en {r.year}.</p>
            ) : (
              <ul className="bodies-list">
                {r.rows.map((row) => (
                  <li key={row.meeting}>
                    <Link to={paths.meeting(row.meeting)}>{formatDate(row.heldOn)}</Link> : présence {row.rateLabel}
                    <span className="meta">
                      {' '}
                      · procès-verbal {row.minutes.publishedOn ? `publié le ${formatDate(row.minutes.publishedOn)}` : 'non publié'} ({row.minutes.timelinessLabel.toLowerCase()})
                    </span>
                    {row.decisions.length > 0 && (
                      <ul className="compact-list">
                        {row.decisions.map((d, i) => (
                          <li key={i}>
                            {d.topic} : {d.text} ({votes(d)})
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <p className="hint">Les points confidentiels des procès-verbaux n’y figurent pas.</p>
          </Section>
        </Page>
      )}
    </ApiView>
  );
}
