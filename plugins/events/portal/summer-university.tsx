import { useAction, useApi } from '@portal/hooks';
import { formatDate, formatNumber, plural } from '@portal/format';
import { useSession } from '@portal/session';
import { ApiView, Badge, Button, DownloadButton, ErrorMessage, Notice, Page, Section, SuccessNotice, useSuccess } from '@portal/ui';
import { EventsTabs } from './shared';

interface Edition {
  documentId: string;
  year: number;
  title: string;
  hostRegion: string;
  place: string | null;
  startsOn: string;
  endsOn: string;
  notice?: { warning: string | null };
}
interface EditionDetail extends Edition {
  pastHosts: { year: number; hostRegion: string }[];
  sessions: { documentId: string; kindLabel: string; title: string; startsAtParis: string; capacity: number | null; placesLeft: number | null; waiting: number; mine: boolean; myState: 'confirmed' | 'waiting' | null; output: string | null }[];
}
interface Delegation {
  totals: { federation: string; delegates: number; transport: Record<string, number>; seats: number; lodging: Record<string, number> }[];
  delegates: { documentId: string; name: string; transportLabel: string; departure: string; seats: number; lodgingLabel: string }[];
}

const STAFF = new Set(['federation-staff', 'national-admin']);

/** The summer university: the edition, past hosts, sessions and workshops (register), the delegation for staff. */
export default function SummerUniversityPage() {
  const { me } = useSession();
  const editions = useApi<Edition[]>('/events/summer-universities');
  const staff = STAFF.has(me?.role ?? '');
  return (
    <Page title="Université d’été" intro={<p>Des ateliers qui produisent des contributions écrites ; chaque année dans une autre région.</p>}>
      <EventsTabs role={me?.role} />
      <ApiView state={editions} empty="Aucune université d’été annoncée." lines={3}>
        {(list) => <EditionView id={list[0].documentId} staff={staff} />}
      </ApiView>
    </Page>
  );
}

function EditionView({ id, staff }: { id: string; staff: boolean }) {
  const edition = useApi<EditionDetail>(`/events/summer-universities/${id}`);
  const delegation = useApi<Delegation>(staff ? `/events/summer-universities/${id}/delegation` : null);
  const action = useAction();
  const [done, setDone] = useSuccess();
  const attend = async (session: string, title: string, full: boolean) => {
    if (await action.run(`/events/summer-universities/sessions/${session}/registration`, { method: 'POST', body: {} })) {
      setDone(full ? `Vous êtes sur la liste d’attente : ${title}. Nous vous écrirons si une place se libère.` : `Inscription enregistrée : ${title}.`);
      edition.reload();
    }
  };
  const leave = async (session: string, title: string) => {
    if (await action.run(`/events/summer-universities/sessions/${session}/registration/cancellation`, { method: 'POST', body: {} })) {
      setDone(`Inscription annulée : ${title}.`);
      edition.reload();
    }
  };
  return (
    <ApiView state={edition} lines={5}>
      {(e) => (
        <>
          <Section title={e.title}>
            {e.notice?.warning && <Notice kind="warning">{e.notice.warning}</Notice>}
            <p>
              Du {formatDate(e.startsOn)} au {formatDate(e.endsOn)}, en {e.hostRegion}
              {e.place && <> — {e.place}</>}.
            </p>
            {e.pastHosts.length > 0 && <p>Régions hôtes des éditions précédentes : {e.pastHosts.map((h) => `${h.year} : ${h.hostRegion}`).join(' ; ')}.</p>}
          </Section>
          <Section title="Séances et ateliers">
            <SuccessNotice success={done} />
            {action.error && <ErrorMessage error={action.error} />}
            <ul className="events-list">
              {e.sessions.map((s) => (
                <li key={s.documentId}>
                  <strong>{s.title}</strong> <Badge>{s.kindLabel}</Badge>
                  <p className="meta">
                    {formatDate(s.startsAtParis.slice(0, 10))} à {s.startsAtParis.slice(11, 13)} h {s.startsAtParis.slice(14, 16)}
                    {s.capacity != null && <> · {plural(s.placesLeft ?? 0, 'place')} sur {formatNumber(s.capacity)}</>}
                    {s.waiting > 0 && <> · {s.waiting} sur liste d’attente</>}
                  </p>
                  {s.myState ? (
                    <>
                      {s.myState === 'confirmed' ? <Badge tone="success">Inscrit·e</Badge> : <Badge>Sur liste d’attente</Badge>}{' '}
                      <Button kind="secondary" onClick={() => leave(s.documentId, s.title)} aria-label={`Annuler mon inscription : ${s.title}`}>
                        Annuler
                      </Button>
                    </>
                  ) : s.capacity != null && (
                    <Button kind="secondary" onClick={() => attend(s.documentId, s.title, s.placesLeft === 0)} aria-label={s.placesLeft === 0 ? `M’inscrire sur liste d’attente : ${s.title}` : `M’inscrire : ${s.title}`}>
                      {s.placesLeft === 0 ? 'Liste d’attente' : 'M’inscrire'}
                    </Button>
                  )}
                  {s.output && <p className="events-dl">Production de l’atelier : {s.output}</p>}
                </li>
              ))}
            </ul>
          </Section>
          {staff && (
            <Section title="Délégations">
              <ApiView state={delegation} empty="Aucun délégué inscrit." isEmpty={(d) => d.delegates.length === 0} lines={3}>
                {(d) => (
                  <>
                    <div className="table-wrap" role="region" aria-label="Totaux par fédération (tableau défilant horizontalement)" tabIndex={0}>
                    <table>
                      <caption>Totaux par fédération</caption>
                      <thead><tr><th scope="col">Fédération</th><th scope="col">Délégué·es</th><th scope="col">Train</th><th scope="col">Voiture</th><th scope="col">Car</th><th scope="col">Places</th><th scope="col">Hébergements demandés</th></tr></thead>
                      <tbody>
                        {d.totals.map((t) => (
                          <tr key={t.federation}>
                            <th scope="row">{t.federation}</th><td>{t.delegates}</td><td>{t.transport.train}</td><td>{t.transport.car}</td><td>{t.transport.bus}</td><td>{t.seats}</td>
                            <td>{t.lodging.shared + t.lodging.single + t.lodging.accessible}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    </div>
                    <ul className="events-list">
                      {d.delegates.map((x) => <li key={x.documentId}>{x.name} — {x.transportLabel} depuis {x.departure}{x.seats ? ` (${x.seats} places)` : ''} — {x.lodgingLabel}</li>)}
                    </ul>
                    <DownloadButton path={`/events/summer-universities/${e.documentId}/delegation.csv`} name={`universite-ete-${e.year}-delegations.csv`}>
                      Télécharger le tableau pour l’accueil (CSV)
                    </DownloadButton>
                  </>
                )}
              </ApiView>
            </Section>
          )}
        </>
      )}
    </ApiView>
  );
}
