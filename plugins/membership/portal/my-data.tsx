import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatDateTime } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { leaveSignInNotice, useSession } from '@portal/session';
import { ApiView, Badge, Button, DownloadButton, ErrorMessage, Notice, Page, Section, SuccessNotice, TextField, useFocusOnChange, useSuccess } from '@portal/ui';
import './styles.css';

/** One export as `GET /api/membership/me/exports` lists it. */
interface DataExport {
  documentId: string;
  state: 'requested' | 'ready' | 'failed';
  requestedAt: string;
  readyAt: string | null;
  expiresAt: string | null;
  failure: string | null;
}

function ExportState({ item }: { item: DataExport }) {
  if (item.state === 'ready') return <Badge tone="success">Prêt</Badge>;
  if (item.state === 'failed') return <Badge tone="danger">Échec</Badge>;
  return <Badge tone="info">En préparation</Badge>;
}

function ExportItem({ item }: { item: DataExport }) {
  const path = `/membership/me/exports/${encodeURIComponent(item.documentId)}/download`;
  const day = (item.readyAt ?? item.requestedAt).slice(0, 10);
  return (
    <li className="mydata-item">
      <p>
        <ExportState item={item} /> Demandé le {formatDateTime(item.requestedAt)}
      </p>
      {item.state === 'ready' && item.expiresAt && (
        <>
          <p className="meta">Disponible jusqu’au {formatDateTime(item.expiresAt)}, puis supprimé.</p>
          <p className="mydata-downloads">
            <DownloadButton path={`${path}?format=pdf`} name={`mes-donnees-${day}.pdf`}>
              Télécharger le document (PDF)
            </DownloadButton>
            <DownloadButton path={`${path}?format=html`} name={`mes-donnees-${day}.html`}>
              Télécharger la page lisible (HTML)
            </DownloadButton>
            <DownloadButton path={`${path}?format=json`} name={`mes-donnees-${day}.json`}>
              Télécharger les données (JSON)
            </DownloadButton>
          </p>
        </>
      )}
      {item.state === 'requested' && <p className="meta">Vos données sont en cours de rassemblement : cette page se met à jour seule.</p>}
      {item.state === 'failed' && item.failure && <p className="meta">{item.failure}</p>}
    </li>
  );
}

/**
 * The member asks for the erasure of their data (issue 22, item 4): what goes and what stays,
 * then « EFFACER » typed and their current password to confirm. Every accepted request gets
 * the same answer (202): the request is recorded and the account closed at once, so its
 * message is left for the sign-in page and the session ends there.
 */
function ErasureSection() {
  const { signOut } = useSession();
  const action = useAction<{ state: 'recorded'; requestedOn: string; answerBy: string; message: string }>();
  const [confirmation, setConfirmation] = useState('');
  const [password, setPassword] = useState('');
  const [recorded, setRecorded] = useState<string | null>(null);
  const recordedRef = useFocusOnChange<HTMLDivElement>(recorded);
  const fieldErrors = action.error?.fieldErrors ?? {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRecorded(null);
    const answer = await action.run('/membership/me/erasure', { method: 'POST', body: { confirmation, password } });
    if (!answer) return;
    setPassword('');
    const message = answer.data.message ?? 'Votre demande d’effacement est enregistrée et votre compte est fermé.';
    setRecorded(message);
    // The account is closed: the session ends, and the sign-in page repeats the message.
    leaveSignInNotice(message);
    await signOut();
  }

  return (
    <Section title="Effacer mes données">
      <p>
        Vous pouvez demander l’effacement de vos données. Votre départ du parti est alors enregistré aujourd’hui et votre compte est fermé aussitôt :
        vous ne pourrez plus vous connecter, et la demande ne peut pas être retirée. Votre fiche devient ensuite « Ancien adhérent ».
      </p>
      <p>
        Vos inscriptions à venir (événements, places aux séances et délégations de l’université d’été) sont annulées dès la demande : votre place
        revient à la liste d’attente et elles ne seront pas rétablies, même si l’effacement devait ensuite être refusé.
      </p>
      <ul>
        <li>Effacés : votre nom, votre numéro, votre adresse e-mail, votre téléphone, vos notifications, préférences et agenda, vos certificats.</li>
        <li>
          Gardés sans votre nom : vos contributions (« contribution d’un ancien adhérent »), vos notes et le registre « a voté » des consultations, vos
          sièges et présences dans les instances, pour que les résultats publiés restent justes.
        </li>
        <li>Gardées 10 ans pour la comptabilité : vos cotisations, avec votre nom (Code de commerce, article L123-22).</li>
      </ul>
      <p>Pensez à télécharger vos données avant de demander l’effacement.</p>
      {/* A form, so that a refusal of its fields is told once and focus goes to the first in error (useRefusals); any other refusal is announced below the button, focus left there. */}
      <form onSubmit={submit} aria-label="Effacer mes données" noValidate>
        <TextField
          label="Pour confirmer, saisissez EFFACER"
          value={confirmation}
          autoComplete="off"
          error={fieldErrors.confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
        />
        <TextField
          label="Votre mot de passe actuel"
          hint="Mot de passe oublié ? Déconnectez-vous et choisissez-en un nouveau depuis la page de connexion."
          type="password"
          autoComplete="current-password"
          value={password}
          error={fieldErrors.password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <Button type="submit" kind="danger" pending={action.pending}>
          Effacer mes données et quitter le parti
        </Button>
        {action.error && !Object.keys(fieldErrors).length && <ErrorMessage error={action.error} />}
      </form>
      <div ref={recordedRef} tabIndex={-1}>
        {recorded && <Notice kind="success">{recorded}</Notice>}
      </div>
    </Section>
  );
}

/**
 * « Mes données » (issue 22): the member asks for everything the intranet holds about them,
 * waits while it is gathered in the background (the list is read again every 2 s meanwhile),
 * then downloads it as a readable page or as JSON, for 7 days.
 */
export default function MyDataPage() {
  const state = useApi<DataExport[]>('/membership/me/exports');
  const action = useAction<DataExport>();
  const pending = (state.data ?? []).some((item) => item.state === 'requested');
  const { reload } = state;
  // Told once each, by one live region (the list itself is not one: read again every 2 s, it
  // would be read out whole): the request taken, then the export ready or failed.
  const [told, tell] = useSuccess();
  const wasPending = useRef(false);
  useEffect(() => {
    if (!state.data) return;
    if (wasPending.current && !pending) {
      const latest = state.data[0];
      tell(latest?.state === 'failed' ? 'La préparation de votre export a échoué : vous pouvez en demander un nouveau.' : 'Votre export est prêt : téléchargez-le dans la liste ci-dessous.');
    }
    wasPending.current = pending;
  }, [state.data, pending, tell]);

  useEffect(() => {
    if (!pending) return;
    const timer = window.setInterval(reload, 2000);
    return () => window.clearInterval(timer);
  }, [pending, reload]);

  return (
    <Page
      title="Mes données"
      back={{ to: '/mon-adhesion', label: 'Mon adhésion' }}
      intro={
        <>
          <p>Téléchargez tout ce que l’intranet conserve sur vous :</p>
          <ul>
            <li>votre fiche d’adhérent, vos cotisations et les lignes de fichiers d’import qui vous nomment ;</li>
            <li>vos contributions et les notes que vous avez données aux consultations, et les votes auxquels vous avez pris part ;</li>
            <li>votre parcours de formation : inscriptions, certificats, leçons, quiz, avis et parrainages ;</li>
            <li>vos sièges et présences dans les instances ;</li>
            <li>vos inscriptions aux événements, vos avis, vos séances et délégations à l’université d’été ;</li>
            <li>votre fiche de compétences, votre consentement à l’annuaire, vos réseaux et les termes que vous avez proposés ;</li>
            <li>vos mandats d’élu·e, leurs comptes rendus, vos dérogations, les questions que vous avez posées et vos coordonnées publiques ;</li>
            <li>vos candidatures aux investitures ;</li>
            <li>les procédures disciplinaires qui vous concernent, telles que vous pouvez les lire, et vos signalements ;</li>
            <li>vos notifications, vos préférences, votre lien d’agenda (s’il existe, jamais son adresse) et les refus de votre adresse par la messagerie ;</li>
            <li>ce que l’index de recherche contient sur vous : votre fiche de compétences tant que vous figurez dans l’annuaire, et vos textes rattachés à votre compte ;</li>
            <li>les entrées du journal d’audit qui vous concernent ou que votre compte a écrites.</li>
          </ul>
        </>
      }
    >
      <Section title="Demander mes données">
        <p>
          L’export est préparé en quelques instants, puis gardé 7 jours. Le vote étant secret, il indique les consultations où vous avez voté, jamais
          votre choix.
        </p>
        <Button
          pending={action.pending}
          disabled={pending}
          onClick={async () => {
            tell(null);
            if (await action.run('/membership/me/export', { method: 'POST', body: {} })) {
              tell('Demande enregistrée : votre export est en préparation.');
              wasPending.current = true; // told when ready, even if it is by the next reading
              reload();
            }
          }}
        >
          Demander mes données
        </Button>
        {/* Announced (role="alert"), focus left on the button. */}
        {action.error && <ErrorMessage error={action.error} />}
        <SuccessNotice success={told} />
      </Section>
      <Section title="Mes exports">
        <ApiView state={state} isEmpty={(items) => items.length === 0} empty="Aucun export demandé ces 7 derniers jours.">
          {(items) => (
            <ul className="mydata-list">
              {items.map((item) => (
                <ExportItem key={item.documentId} item={item} />
              ))}
            </ul>
          )}
        </ApiView>
        {pending && (
          <Notice>
            <p>Un export est en préparation.</p>
          </Notice>
        )}
      </Section>
      <ErasureSection />
    </Page>
  );
}
