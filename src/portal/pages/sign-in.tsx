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
  // What the page opens on after the member's own action elsewhere (an erasure request, a password
  // chosen, an account activated): the notice replaced that page's form, so focus moves to it,
  // which tells it, as « Mot de passe oublié » does (a notice put in the page with its text is not
  // reliably announced). Once the session is known: while it loads, the form is not drawn.
  const motif = params.get('motif');
  const notice =
    leaving ??
    (motif === 'reinitialise'
      ? 'Votre mot de passe est enregistré : connectez-vous.'
      : motif === 'active'
        ? 'Votre compte est activé : connectez-vous avec votre adresse e-mail et votre mot de passe.'
        : null);
  const noticeRef = useFocusOnChange<HTMLDivElement>(status === 'loading' ? null : notice);

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
      {notice && (
        <div ref={noticeRef} tabIndex={-1}>
          <Notice kind="success">{notice}</Notice>
        </div>
      )}
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
