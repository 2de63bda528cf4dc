import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, publicGet } from '@portal/api';
import { formatDate } from '@portal/format';
import { Button, ErrorMessage, Loading, SuccessNotice, TextField, useSuccess } from '@portal/ui';
import { certificateCheckPath, readCertificateCode } from '../server/src/domain/links';
import './styles.css';

/** What `GET /api/training/certificates/:code` says of a certificate (public route). */
interface CheckedCertificate {
  valid: true;
  code: string;
  holder: string;
  course: string;
  levelLabel: string;
  organiser: string;
  completedOn: string;
}

/** The public read of one certificate (no session, no token). */
async function checkCertificate(code: string): Promise<CheckedCertificate> {
  return (await publicGet<CheckedCertificate>(`/training/certificates/${encodeURIComponent(code)}`)).data;
}

/**
 * « Vérifier un certificat », open to anyone without an account: the address the PDF
 * certificate prints (`/certificats/K7Q2-M9XA-3FTD`) shows whether the code is genuine and
 * what the certificate says; `/certificats` alone asks for a code.
 */
export default function VerifyCertificatePage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(code);
  const [state, setState] = useState<{ code: string; data?: CheckedCertificate; error?: ApiError }>();
  // The answer, genuine or unknown, told by a live region always in the page (SuccessNotice): the
  // form stays, focus on the button pressed.
  const [answer, setAnswer] = useSuccess();
  const [genuine, setGenuine] = useState(true);
  // « Vérifier » pressed again on the code already shown (the address does not change): checked
  // again, so that the answer is read afresh and told again.
  const [checks, setChecks] = useState(0);
  const title = 'Vérifier un certificat de formation';

  useEffect(() => {
    document.title = `${title} — Intranet militant`;
  }, []);
  useEffect(() => {
    setTyped(code);
    if (!code) return setState(undefined);
    let current = true;
    setState({ code });
    checkCertificate(code).then(
      (data) => current && setState({ code, data }),
      (error) => current && setState({ code, error: error instanceof ApiError ? error : new ApiError(0, 'Une erreur est survenue.') })
    );
    return () => {
      current = false;
    };
  }, [code, checks]);
  useEffect(() => {
    const { data, error } = state ?? {};
    setGenuine(!error);
    if (data) {
      setAnswer(
        <>
          <p><strong>Certificat authentique</strong>, délivré par le parti.</p>
          <dl className="training-facts">
            <dt>Titulaire</dt><dd>{data.holder}</dd>
            <dt>Formation</dt><dd>{data.course}</dd>
            <dt>Niveau</dt><dd>{data.levelLabel}</dd>
            <dt>Organisée par</dt><dd>{data.organiser}</dd>
            <dt>Terminée le</dt><dd>{formatDate(data.completedOn)}</dd>
            <dt>Code</dt><dd className="training-facts-code">{data.code}</dd>
          </dl>
        </>
      );
    } else if (error?.status === 404) {
      setAnswer(<p><strong>Aucun certificat ne porte le code {state!.code}.</strong> Vérifiez sa saisie ; un certificat dont le titulaire a demandé l’effacement de ses données ne se vérifie plus.</p>);
    } else setAnswer(null);
  }, [state, setAnswer]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wanted = readCertificateCode(typed);
    if (!wanted) return;
    if (wanted === code) setChecks((n) => n + 1);
    else navigate(certificateCheckPath(wanted));
  };
  const pending = Boolean(code) && state?.code === code && !state.data && !state.error;

  return (
    <main id="contenu" className="training-public">
      <p className="brand">
        <span className="brand-mark" aria-hidden="true">◆</span> Formations du parti
      </p>
      <h1 id="page-title" tabIndex={-1}>{title}</h1>
      <p>Chaque certificat de formation porte un code. Saisissez-le pour vérifier que le parti l’a bien délivré et à qui.</p>
      {pending && <Loading label="Vérification…" lines={2} />}
      {!pending && state?.error && state.error.status !== 404 && <ErrorMessage error={state.error} />}
      <SuccessNotice success={answer} kind={genuine ? 'success' : 'warning'} />
      <form className="training-check" onSubmit={submit} noValidate aria-label="Vérifier un code">
        <TextField label="Code du certificat" hint="Trois groupes de quatre caractères, par exemple K7Q2-M9XA-3FTD." value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" spellCheck={false} />
        <Button type="submit">Vérifier</Button>
      </form>
    </main>
  );
}
