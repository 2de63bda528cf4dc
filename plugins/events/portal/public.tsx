import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { publicGet, publicPost, ApiError } from '@portal/api';
import { Button, ErrorMessage, Loading, Notice, TextField, useFocusOnChange } from '@portal/ui';
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
  // The answer replaces the form (its button gone): focus moves to it, which tells it.
  const sentRef = useFocusOnChange<HTMLDivElement>(sent);
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
          {sent ? (
            <div ref={sentRef} tabIndex={-1}>
              <Notice kind="success">{sent}</Notice>
            </div>
          ) : (
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

type TokenKind = 'confirmation' | 'cancellation';
interface TokenResult {
  state: string;
  checkInCode?: string | null;
  event?: { documentId: string; title: string } | null;
}

/**
 * What a refused confirmation or cancellation tells the visitor, in plain French (never a
 * field's name), and whether trying again may help: 400 a link cut or altered, 404 a link
 * that matches no registration (replaced by a newer email, or erased), 409 the API's own
 * sentence (expired, cancelled, event started or cancelled: written for citizens), 429 and a
 * server or network failure: try again later.
 */
function tokenFailure(error: ApiError, kind: TokenKind): { message: string; final: boolean } {
  const action = kind === 'confirmation' ? 'confirmer' : 'annuler';
  switch (error.status) {
    case 400:
      return { final: true, message: `Ce lien est incomplet ou abîmé : votre messagerie l’a peut-être coupé. Ouvrez à nouveau le lien du courriel, ou copiez son adresse en entier dans votre navigateur.` };
    case 404:
      return { final: true, message: `Ce lien ne correspond à aucune inscription : il a peut-être été remplacé par celui d’un courriel plus récent, ou l’inscription a été effacée. Utilisez le lien du dernier courriel reçu${kind === 'confirmation' ? ', ou inscrivez-vous à nouveau depuis la page de l’événement' : ''}.` };
    case 409:
      return { final: true, message: error.message };
    case 429:
      return { final: false, message: `Trop de tentatives depuis votre connexion : réessayez dans quelques minutes.` };
    case 0:
      return { final: false, message: error.message };
    default:
      return { final: false, message: `Nous n’avons pas pu ${action} votre inscription pour l’instant : réessayez dans un instant.` };
  }
}

/**
 * The page an emailed link opens (`?token=…`): one button confirms (or cancels) the
 * registration. Opened without the link's token (typed by hand, or cut), it says where the
 * link is instead and offers no button; a refusal reads in plain French (`tokenFailure`).
 */
function TokenAction({ kind }: { kind: TokenKind }) {
  const [params] = useSearchParams();
  const token = (params.get('token') ?? '').trim();
  const [result, setResult] = useState<TokenResult | null>(null);
  const [failure, setFailure] = useState<{ message: string; final: boolean } | null>(null);
  const [pending, setPending] = useState(false);
  // The answer replaces the button pressed: focus moves to it, which tells it.
  const resultRef = useFocusOnChange<HTMLDivElement>(result);
  const run = async () => {
    setPending(true);
    setFailure(null);
    try {
      setResult((await publicPost<{ data: TokenResult }>(`/events/public/registrations/${kind}`, { token })).data);
    } catch (caught) {
      setFailure(tokenFailure(caught instanceof ApiError ? caught : new ApiError(500, ''), kind));
    } finally {
      setPending(false);
    }
  };
  const title = kind === 'confirmation' ? 'Confirmer mon inscription' : 'Annuler mon inscription';
  const event = result?.event;
  return (
    <Frame title={title}>
      {!token ? (
        <Notice>
          <p>
            {kind === 'confirmation'
              ? 'Cette page s’ouvre depuis le lien « Confirmer mon inscription » du courriel que nous vous avons envoyé après votre inscription.'
              : 'Cette page s’ouvre depuis le lien « Annuler » des courriels que nous vous avons envoyés au sujet de votre inscription.'}
          </p>
          <p>Ouvrez ce lien depuis le courriel (pensez à regarder dans les indésirables). Sans courriel, vous pouvez vous inscrire à nouveau depuis la page de l’événement.</p>
        </Notice>
      ) : result ? (
        <div ref={resultRef} tabIndex={-1}>
          <Notice kind="success">
            {result.state === 'confirmed' && <>Inscription confirmée{event ? <> à « {event.title} »</> : null}. Votre code d’accueil : <strong>{result.checkInCode}</strong>.</>}
            {result.state === 'waiting' && <>L’événement est complet : vous êtes sur la liste d’attente. Nous vous écrirons si une place se libère.</>}
            {result.state === 'cancelled' && <>Votre inscription est annulée.</>}
          </Notice>
        </div>
      ) : (
        <>
          {failure && <ErrorMessage error={failure.message} />}
          {!failure?.final && (
            <Button pending={pending} onClick={run} kind={kind === 'confirmation' ? 'primary' : 'danger'}>{title}</Button>
          )}
        </>
      )}
      {event && result?.state !== 'cancelled' && <p><Link to={paths.publicEvent(event.documentId)}>Voir l’événement</Link></p>}
      <p><Link to={paths.publicList}>Tous les événements ouverts</Link></p>
    </Frame>
  );
}

export const ConfirmPage = () => <TokenAction kind="confirmation" />;
export const CancelPage = () => <TokenAction kind="cancellation" />;
