import { Link, useSearchParams } from 'react-router-dom';
import { formatDate } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { ApiView, Button, ErrorMessage, FocusKeeper, Page, Section, SuccessNotice, useSuccess } from '@portal/ui';
import { useSession } from '@portal/session';
import { ComplianceLine, MandatesTabs, paths } from './shared';
import type { ComplianceView, ViolationView } from './types';

interface Breaches {
  federation: { documentId: string; name: string };
  on: string;
  officials: { documentId: string | null; firstName: string; lastName: string; violations: ViolationView[] }[];
}
type ComplianceRow = { firstName: string; lastName: string } & ComplianceView;
interface PendingQuestion {
  documentId: string;
  text: string;
  report: { documentId: string; summary: string } | null;
}
interface NationalCounts {
  on: string;
  federations: { documentId: string; name: string; departmentCode: string; officials: number; inBreach: number; waived: number; byRule: Record<string, number> }[];
}

/**
 * « Suivi des élu·es », for a federation's staff (and national admins, for any federation):
 * the officials in breach of a cumul rule, the regularity of each official's mandate reports,
 * the members' questions awaiting moderation — and, nationally, the counts per federation.
 * The same routes as the API (`/mandates/federations/:id/…`, `/mandates/counts`).
 */
export default function StaffPage() {
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const national = me?.role === 'national-admin';
  const federation = (national && params.get('federation')) || me?.member?.federation?.documentId || '';
  return (
    <Page title="Suivi des élu·es" intro={<p>Les règles de cumul, la régularité des comptes rendus de mandat et les questions des adhérents à modérer.</p>}>
      <MandatesTabs />
      {national && <NationalView selected={federation} onSelect={(id) => setParams({ federation: id })} />}
      {federation ? <FederationView federation={federation} /> : <p className="empty">Choisissez une fédération dans le tableau national.</p>}
    </Page>
  );
}

function NationalView({ selected, onSelect }: { selected: string; onSelect: (id: string) => void }) {
  const counts = useApi<NationalCounts>('/mandates/counts');
  return (
    <Section title="Vue nationale">
      <ApiView state={counts} lines={3}>
        {(c) =>
          c.federations.length === 0 ? (
            <p className="empty">Aucun mandat enregistré.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>Élu·es et manquements aux règles de cumul par fédération, au {formatDate(c.on)}</caption>
                <thead>
                  <tr>
                    <th scope="col">Fédération</th>
                    <th scope="col">Élu·es</th>
                    <th scope="col">En infraction</th>
                    <th scope="col">Dérogations</th>
                  </tr>
                </thead>
                <tbody>
                  {c.federations.map((f) => (
                    <tr key={f.documentId}>
                      <th scope="row">
                        <Button kind="link" onClick={() => onSelect(f.documentId)} aria-pressed={selected === f.documentId}>
                          {f.name} ({f.departmentCode})
                        </Button>
                      </th>
                      <td>{f.officials}</td>
                      <td>{f.inBreach}</td>
                      <td>{f.waived}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </ApiView>
    </Section>
  );
}

function FederationView({ federation }: { federation: string }) {
  const base = `/mandates/federations/${encodeURIComponent(federation)}`;
  const breaches = useApi<Breaches>(`${base}/breaches`);
  const compliance = useApi<ComplianceRow[]>(`${base}/compliance`);
  return (
    <>
      <Section title="Règles de cumul">
        <ApiView state={breaches} lines={3}>
          {(b) =>
            b.officials.length === 0 ? (
              <p className="empty">Aucun·e élu·e de la fédération {b.federation.name} n’enfreint une règle de cumul au {formatDate(b.on)}.</p>
            ) : (
              <ul className="mandates-list">
                {b.officials.map((o) => (
                  <li key={o.documentId ?? `${o.lastName}-${o.firstName}`}>
                    <h3>{o.documentId ? <Link to={paths.official(o.documentId)}>{`${o.firstName} ${o.lastName}`}</Link> : `${o.firstName} ${o.lastName}`}</h3>
                    <ul>
                      {o.violations.map((v) => (
                        <li key={`${v.rule}-${v.mandates.map((m) => m.id).join('-')}`}>
                          {v.text}
                          {v.toEnd && <span className="meta"> Mandat à quitter : {v.toEnd.label}.</span>}
                          {v.waiver?.reason && <span className="meta"> Motif de la dérogation : {v.waiver.reason}</span>}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            )
          }
        </ApiView>
      </Section>
      <Section title="Comptes rendus de mandat">
        <ApiView state={compliance} empty="Aucun·e élu·e avec un mandat en cours." lines={3}>
          {(rows) => (
            <div className="table-wrap">
              <table>
                <caption>Comptes rendus remis à l’heure sur les 24 derniers mois, par élu·e</caption>
                <thead>
                  <tr>
                    <th scope="col">Élu·e</th>
                    <th scope="col">Régularité</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={`${r.lastName}-${r.firstName}-${i}`}>
                      <th scope="row">
                        {r.firstName} {r.lastName}
                      </th>
                      <td>
                        <ComplianceLine c={r} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </ApiView>
      </Section>
      <Moderation base={base} />
    </>
  );
}

function Moderation({ base }: { base: string }) {
  const pending = useApi<PendingQuestion[]>(`${base}/questions`);
  const action = useAction();
  const [done, setDone] = useSuccess();
  const moderate = async (question: PendingQuestion, status: 'published' | 'rejected') => {
    setDone(null);
    if (await action.run(`/mandates/questions/${question.documentId}/moderate`, { method: 'POST', body: { status } })) {
      setDone(status === 'published' ? 'Question publiée : l’élu·e peut y répondre.' : 'Question refusée : elle ne sera pas publiée.');
      pending.reload();
    }
  };
  return (
    <Section title="Questions à modérer">
      {/* A moderated question leaves the list: focus goes to the next one's first control (the previous one's, the section's heading). */}
      <FocusKeeper>
        <SuccessNotice success={done} />
        {action.error && <ErrorMessage error={action.error} />}
        <ApiView state={pending} empty="Aucune question en attente." lines={2}>
          {(questions) => (
            <ul className="mandates-list">
              {questions.map((q) => (
                <li key={q.documentId}>
                  <p>« {q.text} »</p>
                  {q.report && (
                    <p className="meta">
                      Sur le compte rendu : <Link to={paths.report(q.report.documentId)}>{q.report.summary}</Link>
                    </p>
                  )}
                  <p>
                    <Button onClick={() => moderate(q, 'published')} pending={action.pending}>
                      Publier
                    </Button>{' '}
                    <Button kind="secondary" onClick={() => moderate(q, 'rejected')} pending={action.pending}>
                      Refuser
                    </Button>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </ApiView>
      </FocusKeeper>
    </Section>
  );
}
