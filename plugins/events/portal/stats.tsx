import { useApi } from '@portal/hooks';
import { formatPercent } from '@portal/format';
import { useSession } from '@portal/session';
import { ApiView, ErrorMessage, Page, Section } from '@portal/ui';
import { EventsTabs, STATS_ROLES } from './shared';

interface Stats {
  events: number;
  cancelled: number;
  perSectionAndKind: { organiser: string; kinds: { kind: string; label: string; count: number }[] }[];
  registered: number;
  attendance: number;
  openEvents: { attendance: number; nonMembers: number; nonMemberShare: number | null };
  contributions: number;
  feedback: { count: number; meanRating: number | null };
}

/** Staff statistics: events per section and kind, attendance, non-members at open events, contributions. */
export default function StatsPage() {
  const { me } = useSession();
  const allowed = STATS_ROLES.has(me?.role ?? '');
  const stats = useApi<Stats>(allowed ? '/events/stats' : null);
  if (!allowed) {
    return (
      <Page title="Statistiques des événements">
        <EventsTabs role={me?.role} />
        <ErrorMessage error="Cette page est réservée à l’équipe fédérale et aux administrateurs nationaux." />
      </Page>
    );
  }
  return (
    <Page title="Statistiques des événements">
      <EventsTabs role={me?.role} />
      <ApiView state={stats} lines={5}>
        {(s) => (
          <>
            <Section title="En bref">
              <dl className="events-dl">
                <dt>Événements</dt><dd>{s.events} (dont {s.cancelled} annulés)</dd>
                <dt>Inscrit·es</dt><dd>{s.registered}</dd>
                <dt>Présent·es</dt><dd>{s.attendance}</dd>
                <dt>Non-adhérent·es aux événements ouverts</dt><dd>{s.openEvents.nonMemberShare == null ? '—' : `${s.openEvents.nonMembers} sur ${s.openEvents.attendance} (${formatPercent(s.openEvents.nonMemberShare)})`}</dd>
                <dt>Contributions versées aux consultations</dt><dd>{s.contributions}</dd>
                <dt>Avis</dt><dd>{s.feedback.count}{s.feedback.meanRating != null && ` (moyenne ${s.feedback.meanRating} / 5)`}</dd>
              </dl>
            </Section>
            <Section title="Par organisateur et par type">
              <table>
                <caption>Nombre d’événements</caption>
                <thead><tr><th scope="col">Organisateur</th><th scope="col">Type</th><th scope="col">Nombre</th></tr></thead>
                <tbody>
                  {s.perSectionAndKind.flatMap((row) => row.kinds.map((k) => (
                    <tr key={`${row.organiser}-${k.kind}`}><th scope="row">{row.organiser}</th><td>{k.label}</td><td>{k.count}</td></tr>
                  )))}
                </tbody>
              </table>
            </Section>
          </>
        )}
      </ApiView>
    </Page>
  );
}
