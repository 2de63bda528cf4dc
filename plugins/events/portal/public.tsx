import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { publicGet, publicPost, ApiError } from '@portal/api';
import { Button, ErrorMessage, Loading, Notice, TextField } from '@portal/ui';
import { EventFacts, paths, when, type EventView } from './shared';

function usePublic<T>(path: string) {
  const [state, setState] = useState<{ data?: T; error?: ApiError }>({});
  useEffect(() => {
    publicGet<T>(path).then((r) => setState({ data: r.data }), (error) => setState({ error }));
  }, [path]);
  return state;
}

function Frame({ title, children }: { title: string; children: React.ReactNode }) {
  useEffect(() => {
    document.title = `${title} — Intranet militant`;
  }, [title]);
  return (
    <main id="contenu" className="events-public">
      <p className="brand">
        <span className="brand-mark" aria-hidden="true">◆</span> Événements ouverts au public
      </p>
      <h1 id="page-title" tabIndex={-1}>{title}</h1>
      {children}
    </main>
  );
}

/** Open events, without an account; their calendar feed. Nothing about who registered. */
export function PublicListPage() {
  const { data, error } = usePublic<EventView[]>('/events/public/events?pageSize=100');
  return (
    <Frame title="Événements ouverts au public">
      <p>Cafés-débats, débats, réunions publiques : venez, sans être adhérent·e. <a href="/api/events/public/events.ics">Ajouter à mon agenda (iCalendar)</a></p>
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : data.length === 0 ? <p>Aucun événement ouvert au public pour l’instant.</p> : (
        <ul className="events-list">
          {data.map((e) => (
            <li key={e.documentId}>
              <Link to={paths.publicEvent(e.documentId)}>{e.title}</Link>
              <p className="meta">{e.kindLabel} · {when(e)} · {e.address ?? 'en ligne'}</p>
            </li>
          ))}
        </ul>
      )}
    </Frame>
  );
}

/** An open event and the citizen's form: name, email, consent unchecked by default; a hidden trap field. */
export function PublicEventPage() {
  const { id = '' } = useParams();
  const { data, error } = usePublic<EventView>(`/events/public/events/${encodeURIComponent(id)}`);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [consent, setConsent] = useState(false);
  const [website, setWebsite] = useState('');
  const [pending, setPending] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setPending(true);
    setFailure(null);
    try {
      const result = await publicPost<{ data: { message: string } }>(`/events/public/events/${encodeURIComponent(id)}/registrations`, { name, email, contactConsent: consent, ...(website ? { website } : {}) });
      setSent(result.data.message);
    } catch (caught) {
      setFailure(caught instanceof ApiError ? caught : new ApiError(0, 'Une erreur est survenue.'));
    } finally {
      setPending(false);
    }
  };
  const errors = failure?.fieldErrors ?? {};
  return (
    <Frame title={data?.title ?? 'Événement ouvert au public'}>
      <p><Link to={paths.publicList}>Tous les événements ouverts</Link></p>
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : (
        <>
          <EventFacts e={data} />
          {data.description && <p>{data.description}</p>}
          <h2>S’inscrire</h2>
          {sent ? <Notice kind="success">{sent}</Notice> : (
            <form className="events-form" onSubmit={submit} noValidate>
              <TextField label="Votre nom" value={name} onChange={(ev) => setName(ev.target.value)} error={errors.name} autoComplete="name" required />
              <TextField label="Votre adresse électronique" type="email" value={email} onChange={(ev) => setEmail(ev.target.value)} error={errors.email} autoComplete="email" required />
              <p className="events-check">
                <input id="public-consent" type="checkbox" checked={consent} onChange={(ev) => setConsent(ev.target.checked)} />
                <label htmlFor="public-consent">J’accepte d’être recontacté·e par le parti au sujet de ses prochains événements (facultatif).</label>
              </p>
              <div className="events-trap" aria-hidden="true">
                <label htmlFor="public-website">Ne pas remplir</label>
                <input id="public-website" tabIndex={-1} autoComplete="off" value={website} onChange={(ev) => setWebsite(ev.target.value)} />
              </div>
              <p>Nous vous écrirons pour confirmer : l’inscription ne compte qu’après confirmation. Votre nom n’est jamais publié.</p>
              {failure && !Object.keys(errors).length && <ErrorMessage error={failure} />}
              <Button type="submit" pending={pending}>M’inscrire</Button>
            </form>
          )}
        </>
      )}
    </Frame>
  );
}

function TokenAction({ kind }: { kind: 'confirmation' | 'cancellation' }) {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [result, setResult] = useState<{ state: string; checkInCode?: string | null } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const run = async () => {
    setPending(true);
    try {
      setResult((await publicPost<{ data: { state: string; checkInCode?: string | null } }>(`/events/public/registrations/${kind}`, { token })).data);
    } catch (caught) {
      setFailure(caught instanceof ApiError ? caught : new ApiError(0, 'Une erreur est survenue.'));
    } finally {
      setPending(false);
    }
  };
  const title = kind === 'confirmation' ? 'Confirmer mon inscription' : 'Annuler mon inscription';
  return (
    <Frame title={title}>
      {result ? (
        <Notice kind="success">
          {result.state === 'confirmed' && <>Inscription confirmée. Votre code d’accueil : <strong>{result.checkInCode}</strong>.</>}
          {result.state === 'waiting' && <>L’événement est complet : vous êtes sur la liste d’attente. Nous vous écrirons si une place se libère.</>}
          {result.state === 'cancelled' && <>Votre inscription est annulée.</>}
        </Notice>
      ) : (
        <Button pending={pending} onClick={run} kind={kind === 'confirmation' ? 'primary' : 'danger'}>{title}</Button>
      )}
      {failure && <ErrorMessage error={failure} />}
      <p><Link to={paths.publicList}>Tous les événements ouverts</Link></p>
    </Frame>
  );
}

export const ConfirmPage = () => <TokenAction kind="confirmation" />;
export const CancelPage = () => <TokenAction kind="cancellation" />;
