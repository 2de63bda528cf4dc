import { Link, useParams } from 'react-router-dom';
import { formatDate, formatDateTime } from '@portal/format';
import { useApi } from '@portal/hooks';
import { SkillSuggestions } from '@portal/skill-suggestions';
import { ApiView, Badge, Notice, Page, Section } from '@portal/ui';
import { DesignateSeat, PlanMeeting } from './manage';
import { paths, periodLabel, Rate, usePeriod } from './shared';
import type { BodyComposition, BodyDetail, BodyIndicators, CompositionCell } from './types';

/** One body: its seats (history kept), its meetings, and each designated member's attendance indicator. */
export default function BodyPage() {
  const { id = '' } = useParams();
  const body = useApi<BodyDetail>(`/bodies/bodies/${encodeURIComponent(id)}`);
  const period = usePeriod();
  const indicators = useApi<BodyIndicators>(`/bodies/bodies/${encodeURIComponent(id)}/indicators`, period.query);
  return (
    <ApiView state={body} lines={6}>
      {(b) => (
        <Page
          title={b.name}
          back={{ to: paths.mine, label: 'Instances' }}
          intro={<p>{b.kindLabel} · {b.seatCount} sièges{b.parityRequired ? ' · parité requise' : ''}{b.secretariat ? ` · secrétariat : ${b.secretariat.name}` : ''}</p>}
          actions={<Link to={paths.report(b.documentId)}>Rapport d’activité</Link>}
        >
          {period.form}
          <ApiView state={indicators} lines={4}>
            {(ind) => (
              <>
                {ind.alerts.length > 0 && (
                  <Notice kind="warning">
                    <p>
                      <strong>Absences répétées</strong> (à partir de {b.absenceAlertAfter} de suite) :
                    </p>
                    <ul className="compact-list">
                      {ind.alerts.map((a) => (
                        <li key={a.seat}>{a.message}</li>
                      ))}
                    </ul>
                  </Notice>
                )}
                <Section title="Présence des membres">
                  <p>
                    Moyenne de l’instance {periodLabel(period.from, period.to, formatDate)} : <strong>{ind.average.rateLabel}</strong>
                  </p>
                  <div className="table-wrap">
                    <table>
                      <caption className="visually-hidden">Indicateur de présence de chaque membre désigné</caption>
                      <thead>
                        <tr>
                          <th scope="col">Membre</th>
                          <th scope="col">Rôle et mandat</th>
                          <th scope="col">Présence</th>
                        </tr>
                      </thead>
                      <tbody>
                        {ind.seats.map((s) => (
                          <tr key={s.seat}>
                            <td>{s.member.name}</td>
                            <td>{s.tenure}</td>
                            <td>
                              <Rate figures={s} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </Section>
              </>
            )}
          </ApiView>
          <Section title="Réunions">
            {b.meetings.length === 0 ? (
              <p className="empty">Aucune réunion.</p>
            ) : (
              <ul className="bodies-list">
                {b.meetings.map((m) => (
                  <li key={m.documentId}>
                    <Link to={paths.meeting(m.documentId)}>{formatDateTime(m.startsAt)}</Link>{' '}
                    <Badge tone={m.status === 'held' ? 'success' : m.status === 'cancelled' ? 'warning' : 'info'}>{m.statusLabel}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          {b.may.runSecretariat && <PlanMeeting bodyId={b.documentId} onDone={body.reload} />}
          {b.may.runSecretariat && <CompositionSection id={b.documentId} />}
          <Section title="Composition et historique des sièges">
            <ul className="bodies-list">
              {b.seats.map((s) => (
                <li key={s.documentId}>
                  <strong>{s.member.name}</strong> <span className="meta">· {s.tenure} · {s.designationLabel}</span> {!s.current && <Badge>Ancien mandat</Badge>}
                </li>
              ))}
            </ul>
          </Section>
          {b.may.manage && <DesignateSeat bodyId={b.documentId} onDone={body.reload} />}
          {b.may.manage && (
            <SkillSuggestions
              title="Chercher des compétences"
              intro="Les adhérents qui ont déclaré cette compétence et la montrent à l’équipe fédérale, ceux de la section de l’instance d’abord ; désignez ensuite la personne choisie ci-dessus. La recherche est enregistrée au journal."
              path={`/bodies/bodies/${encodeURIComponent(b.documentId)}/skill-suggestions`}
            />
          )}
        </Page>
      )}
    </ApiView>
  );
}

function Distribution({ caption, cells }: { caption: string; cells: CompositionCell[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Catégorie</th>
            <th scope="col">Nombre</th>
            <th scope="col">Part</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((c) => (
            <tr key={c.key}>
              <th scope="row">{c.label}</th>
              <td>{c.countLabel}</td>
              <td>{c.shareLabel}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The body's composition today (aggregates, counts under 5 masked): for its secretariat and those who manage it. */
function CompositionSection({ id }: { id: string }) {
  const composition = useApi<BodyComposition>(`/bodies/bodies/${encodeURIComponent(id)}/composition`);
  return (
    <Section title="Diversité de l’instance">
      <ApiView state={composition} lines={3}>
        {(c) => (
          <>
            <p>
              {c.total > 1 ? `${c.total} membres siègent` : `${c.total} membre siège`} aujourd’hui. Chiffres agrégés : tout effectif inférieur à 5 est masqué (« moins de 5 »), et un second au besoin (« masqué ») pour qu’aucun ne se déduise des autres.
            </p>
            <Distribution caption="Femmes et hommes (sexe tel qu’enregistré)" cells={c.sex} />
            <Distribution caption="Âge atteint dans l’année" cells={c.age} />
            <Distribution caption="Ancienneté d’adhésion" cells={c.seniority} />
            <Distribution caption="Catégorie socio-professionnelle (membres qui ont accepté de la communiquer)" cells={c.socioProfessional} />
          </>
        )}
      </ApiView>
    </Section>
  );
}
