import { Link } from 'react-router-dom';
import { formatDate } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Page, Section } from '@portal/ui';
import { BodiesTabs, paths, periodLabel, Rate, usePeriod } from './shared';
import type { MyIndicators } from './types';

/** « Mes présences »: my seats, present and past, with my attendance indicator and my history. */
export default function MyAttendancePage() {
  const period = usePeriod();
  const mine = useApi<MyIndicators>('/bodies/me/indicators', period.query);
  return (
    <Page title="Mes présences" intro={<p>Votre indicateur de présence : présences (sur place ou à distance) sur les réunions tenues pendant votre mandat, hors absences excusées. Les lignes « à saisir » ne comptent pas.</p>}>
      <BodiesTabs />
      {period.form}
      <ApiView state={mine} isEmpty={(d) => d.seats.length === 0} empty="Vous n’avez siégé dans aucune instance." lines={4}>
        {(data) =>
          data.seats.map((s) => (
            <Section key={s.seat} title={s.body.name}>
              <p className="meta">{s.tenure}</p>
              <p>
                Indicateur de présence {periodLabel(period.from, period.to, formatDate)} : <Rate figures={s} />
              </p>
              {s.history.length > 0 && (
                <div className="table-wrap">
                  <table>
                    <caption className="visually-hidden">Mes présences — {s.body.name}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Réunion</th>
                        <th scope="col">Présence</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.history.map((h) => (
                        <tr key={h.meeting}>
                          <td>
                            <Link to={paths.meeting(h.meeting)}>{formatDate(h.heldOn)}</Link>
                          </td>
                          <td>
                            {h.presenceLabel}
                            {h.replaced && ' (remplacé·e par un·e suppléant·e)'}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Section>
          ))
        }
      </ApiView>
    </Page>
  );
}
