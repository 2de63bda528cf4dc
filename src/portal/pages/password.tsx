import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, publicPost } from '@portal/api';
import { Button, ErrorMessage, Notice, TextField, useFocusOnChange } from '@portal/ui';
import { useTitle } from '@portal/hooks';
import { AuthFrame } from './auth-frame';

export function ForgotPasswordPage() {
  useTitle('Mot de passe oublié');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  // The answer replaces the form (its button gone): focus moves to it, which tells it.
  const sentRef = useFocusOnChange<HTMLDivElement>(sent);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setPending(true);
    try {
      await publicPost('/auth/forgot-password', { email: email.trim() });
      setSent(true);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Envoi impossible : réessayez.');
    } finally {
      setPending(false);
    }
  };

  return (
    <AuthFrame title="Mot de passe oublié">
      {sent ? (
        <div ref={sentRef} tabIndex={-1}>
          <Notice kind="success">
            <p>Si un compte existe à cette adresse, un e-mail vient de partir avec un lien pour choisir un nouveau mot de passe. Pensez à regarder dans les indésirables.</p>
          </Notice>
        </div>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>Indiquez l’adresse e-mail de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe.</p>
          {error && <ErrorMessage error={error} />}
          <TextField label="Adresse e-mail" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          <Button type="submit" pending={pending}>
            Recevoir le lien
          </Button>
        </form>
      )}
      <p>
        <Link to="/connexion">Revenir à la connexion</Link>
      </p>
    </AuthFrame>
  );
}

/**
 * Chooses a password from an emailed one-time code: a reset (« Mot de passe oublié »,
 * users-permissions' reset-password route) or a first password from an invitation
 * (« Activer mon compte », the notifications plugin's activation route). Each route burns its code.
 */
function ChoosePassword({ title, intro, submitLabel, endpoint, done }: { title: string; intro: string; submitLabel: string; endpoint: string; done: string }) {
  useTitle(title);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const code = params.get('code') ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const local: Record<string, string> = {};
    if (password.length < 8) local.password = 'Choisissez un mot de passe d’au moins 8 caractères.';
    if (password !== confirmation) local.passwordConfirmation = 'Les deux mots de passe ne correspondent pas.';
    setFieldErrors(local);
    if (Object.keys(local).length) return;
    setPending(true);
    try {
      await publicPost(endpoint, { code, password, passwordConfirmation: confirmation });
      navigate(done, { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError) {
        setFieldErrors(caught.fieldErrors);
        setError(caught.message);
      } else setError('Enregistrement impossible : réessayez.');
      setPending(false);
    }
  };

  return (
    <AuthFrame title={title}>
      {!code ? (
        <ErrorMessage error="Ce lien est incomplet : ouvrez le lien reçu par e-mail, ou demandez-en un nouveau." />
      ) : (
        <form onSubmit={submit} noValidate>
          <p>{intro}</p>
          {error && <ErrorMessage error={error} />}
          <TextField label="Nouveau mot de passe" hint="8 caractères au moins." type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={fieldErrors.password} required />
          <TextField label="Confirmez le mot de passe" type="password" autoComplete="new-password" value={confirmation} onChange={(e) => setConfirmation(e.target.value)} error={fieldErrors.passwordConfirmation} required />
          <Button type="submit" pending={pending}>
            {submitLabel}
          </Button>
        </form>
      )}
      <p>
        <Link to="/mot-de-passe-oublie">Demander un nouveau lien</Link>
      </p>
    </AuthFrame>
  );
}

export function ResetPasswordPage() {
  return (
    <ChoosePassword
      title="Nouveau mot de passe"
      intro="Choisissez votre nouveau mot de passe."
      submitLabel="Enregistrer le mot de passe"
      endpoint="/auth/reset-password"
      done="/connexion?motif=reinitialise"
    />
  );
}

export function ActivatePage() {
  return (
    <ChoosePassword
      title="Activer mon compte"
      intro="Bienvenue ! Choisissez le mot de passe de votre compte d’adhérent."
      submitLabel="Activer mon compte"
      endpoint="/notifications/activation"
      done="/connexion?motif=active"
    />
  );
}
