import './styles.css';
import { useRef, useState } from 'react';
import { useAction, useApi } from '@portal/hooks';
import { ApiView, Badge, Button, ErrorMessage, Page, Section, StatusText, SuccessNotice, useSuccess } from '@portal/ui';

interface Preference {
  kind: string;
  label: string;
  audience: string;
  mandatory: boolean;
  mode: 'email' | 'digest' | 'portal';
}

const MODES: { value: Preference['mode']; label: string }[] = [
  { value: 'email', label: 'Par e-mail, tout de suite' },
  { value: 'digest', label: 'Dans le récapitulatif de la semaine' },
  { value: 'portal', label: 'Seulement ici, dans l’intranet' },
];

/** What I receive by email, kind by kind (mandatory ones always), and my private calendar address. */
export default function PreferencesPage() {
  const prefs = useApi<Preference[]>('/notifications/preferences');
  return (
    <Page title="Mes notifications et mon agenda" back={{ to: '/notifications', label: 'Notifications' }}>
      <Section title="Ce que je reçois par e-mail">
        <p>Chaque notification apparaît aussi dans l’intranet. Les messages obligatoires (sécurité de votre compte, convocations, procédures) vous sont toujours envoyés.</p>
        <ApiView state={prefs} lines={4}>
          {(rows) => (
            <ul className="cards">
              {rows.map((p) => (
                <PreferenceRow key={p.kind} preference={p} />
              ))}
            </ul>
          )}
        </ApiView>
      </Section>
      <CalendarFeed />
    </Page>
  );
}

/**
 * One kind of notification and its three ways. A choice is saved as it is made, focus left on it:
 * each save told by a status line always in the row (StatusText, again for the same words), a
 * refusal by an alert (ErrorMessage), so that it is announced as one — and the choice goes back
 * to the one saved.
 */
function PreferenceRow({ preference }: { preference: Preference }) {
  const [mode, setMode] = useState(preference.mode);
  // What the server holds: a refused choice goes back to it (the row never shows what was not saved).
  const stored = useRef(preference.mode);
  // Of choices made quickly one after the other, the last one made decides what the row shows.
  const latest = useRef(0);
  const [saved, setSaved] = useSuccess();
  const action = useAction();
  const name = `mode-${preference.kind}`;
  return (
    <li className="card notifications-card">
      <fieldset>
        <legend className="card-title">
          {preference.label} {preference.mandatory && <Badge tone="warning">Obligatoire</Badge>}
        </legend>
        <p className="hint">{preference.audience}</p>
        {MODES.map((m) => (
          <label key={m.value} className="choice">
            <input
              type="radio"
              name={name}
              value={m.value}
              checked={mode === m.value}
              disabled={preference.mandatory && m.value !== 'email'}
              onChange={async () => {
                const request = ++latest.current;
                setMode(m.value);
                setSaved(null);
                const saved = await action.run('/notifications/preferences', { method: 'PUT', body: { kind: preference.kind, mode: m.value } });
                if (saved) stored.current = m.value;
                if (request !== latest.current) return;
                if (saved) setSaved('Enregistré.');
                else setMode(stored.current);
              }}
            />{' '}
            {m.label}
          </label>
        ))}
        <p className="hint">
          <StatusText success={saved} />
        </p>
        {action.error && <ErrorMessage error={action.error} />}
      </fieldset>
    </li>
  );
}

function CalendarFeed() {
  const feed = useApi<{ exists: boolean; createdAt: string | null }>('/notifications/feed');
  const action = useAction<{ url: string }>();
  // The button stays: the new address is told by a live region always in the page (SuccessNotice),
  // again for the next one, focus left on the button.
  const [fresh, setFresh] = useSuccess();
  const reset = async () => {
    const res = await action.run('/notifications/feed', { method: 'POST', body: {} });
    if (res)
      setFresh(
        <p>
          Votre adresse d’agenda (copiez-la maintenant : elle ne sera plus affichée) :<br />
          <code className="feed-url">{res.data.url}</code>
        </p>
      );
  };
  return (
    <Section title="Mon agenda">
      <p>
        Une adresse privée à ajouter à votre agenda (téléphone, Thunderbird, Google Agenda…) : les échéances des consultations qui vous concernent, les réunions des
        instances où vous siégez et les événements auxquels vous êtes inscrit·e y apparaissent, pour les modules que votre fédération a activés. Ne la partagez pas ; si
        elle a circulé, créez-en une nouvelle : l’ancienne cessera de fonctionner.
      </p>
      <ApiView state={feed} lines={1}>
        {(data) => (
          <>
            {!fresh && <p>{data.exists ? 'Vous avez une adresse d’agenda.' : 'Vous n’avez pas encore d’adresse d’agenda.'}</p>}
            <SuccessNotice success={fresh} />
            <Button kind="secondary" pending={action.pending} onClick={reset}>
              {data.exists || fresh ? 'Créer une nouvelle adresse (l’ancienne cessera de fonctionner)' : 'Créer mon adresse d’agenda'}
            </Button>
          </>
        )}
      </ApiView>
    </Section>
  );
}
