import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { forgetSignInNotice, readSignInNotice, useSession } from '@portal/session';
import { ApiError } from '@portal/api';
import { Button, ErrorMessage, Loading, Notice, TextField, useFocusOnChange } from '@portal/ui';
import { useTitle } from '@portal/hooks';
import { AuthFrame } from './auth-frame';

/** Where to go after signing in: a page of this site only (never another origin). */
export function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

/** The notices the address's markers name (`?motif=…`, left by the password pages). */
const MOTIFS = new Map([
  ['reinitialise', 'Votre mot de passe est enregistré : connectez-vous.'],
  ['active', 'Votre compte est activé : connectez-vous avec votre adresse e-mail et votre mot de passe.'],
]);

/**
 * The notices the sign-in page opens on: the words a page left before ending the session (an
 * erasure request), then those of each marker of the address, in its order. Every one is shown:
 * they tell of different things the member did, and none makes another untrue. A repeated
 * marker adds nothing, an unknown one is left out.
 */
export function signInNotices(leaving: string | null, motifs: string[]): string[] {
  const notices = [leaving, ...motifs.map((motif) => MOTIFS.get(motif))].filter((notice): notice is string => Boolean(notice));
  return [...new Set(notices)];
}

export function SignInPage() {
  useTitle('Connexion');
  // Words a page left before ending the session (an erasure request closed the account).
  const [leaving] = useState(readSignInNotice);
  useEffect(forgetSignInNotice, []);
  const { status, signIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const next = safeNext(params.get('suite'));
  // What the page opens on after the member's own actions elsewhere (an erasure request, a
  // password chosen, an account activated): every notice it is given, each its own
  // (`signInNotices`). They replaced that page's form, so focus moves to the first, which tells
  // it, as « Mot de passe oublié » does (a notice put in the page with its text is not reliably
  // announced); the others follow it. Once the session is known: while it loads, the form is not drawn.
  const notices = signInNotices(leaving, params.getAll('motif'));
  const noticeRef = useFocusOnChange<HTMLDivElement>(status === 'loading' ? null : notices.join('\n'));

  if (status === 'loading') return <Loading label="Ouverture de votre session…" />;
  if (status === 'signed-in' && !pending && !leaving) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!email.trim() || !password) {
      setError('Indiquez votre adresse e-mail et votre mot de passe.');
      return;
    }
    setPending(true);
    try {
      await signIn(email.trim(), password);
      // The first page after signing in takes the focus to its title, as any later page does.
      navigate(next, { replace: true, state: { focusTitle: true } });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Connexion impossible : réessayez.');
      setPending(false);
    }
  };

  return (
    <AuthFrame title="Connexion">
      {notices.map((notice, index) => (
        <div key={notice} ref={index === 0 ? noticeRef : undefined} tabIndex={index === 0 ? -1 : undefined}>
          <Notice kind="success">{notice}</Notice>
        </div>
      ))}
      <form onSubmit={submit} noValidate>
        {error && <ErrorMessage error={error} />}
        <TextField label="Adresse e-mail" type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <TextField label="Mot de passe" type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        <Button type="submit" pending={pending}>
          {pending ? 'Connexion…' : 'Se connecter'}
        </Button>
      </form>
      <p>
        <Link to="/mot-de-passe-oublie">Mot de passe oublié ?</Link>
      </p>
    </AuthFrame>
  );
}
