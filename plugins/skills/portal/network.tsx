import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { download } from '@portal/api';
import { useAction, useApi } from '@portal/hooks';
import { ApiView, Button, ErrorMessage, FocusKeeper, Page, Section, SuccessNotice, useSuccess } from '@portal/ui';
import { paths, ProfileFields, type ProfileView } from './shared';

interface Network {
  slug: string;
  name: string;
  description: string | null;
  myRole: 'coordinator' | 'member' | null;
  mySharedFields: string[] | null;
  fields: Record<string, string>;
  members: (ProfileView & { role: 'coordinator' | 'member' })[] | null;
}

/** A thematic network: join or leave (choosing the fields I share), its members for members, the export for coordinators. */
export default function NetworkPage() {
  const { id = '' } = useParams();
  const network = useApi<Network>(`/skills/networks/${encodeURIComponent(id)}`);
  return (
    <Page title={network.data?.name ?? 'Réseau thématique'} back={{ to: paths.networks, label: 'Réseaux thématiques' }}>
      <ApiView state={network} lines={4}>
        {(n) => (
          <>
            {n.description && <p>{n.description}</p>}
            <Membership network={n} onChange={network.reload} />
            {n.members && (
              <Section title="Membres du réseau">
                <p className="meta">Seuls les adhérents qui ont donné leur accord figurent ici, avec ce qu’ils partagent avec le réseau.</p>
                <ul className="skills-list">
                  {n.members.map((m) => (
                    <li key={m.documentId}>
                      <strong>{m.name}</strong> {m.role === 'coordinator' && <span className="meta">· coordination</span>}
                      <ProfileFields profile={m} />
                    </li>
                  ))}
                </ul>
                {n.myRole === 'coordinator' && <Export slug={n.slug} />}
              </Section>
            )}
          </>
        )}
      </ApiView>
    </Page>
  );
}

function Membership({ network, onChange }: { network: Network; onChange: () => void }) {
  const action = useAction();
  const [shared, setShared] = useState<string[]>(network.mySharedFields ?? ['skills']);
  const [done, setDone] = useSuccess();
  useEffect(() => setShared(network.mySharedFields ?? ['skills']), [network.mySharedFields]);
  const join = async () => {
    if (await action.run(`/skills/networks/${encodeURIComponent(network.slug)}/join`, { method: 'POST', body: { sharedFields: shared } })) {
      setDone(network.myRole ? 'Vos choix de partage sont enregistrés.' : 'Vous avez rejoint le réseau.');
      onChange();
    }
  };
  const leave = async () => {
    if (await action.run(`/skills/networks/${encodeURIComponent(network.slug)}/leave`, { method: 'POST', body: {} })) {
      setDone('Vous avez quitté le réseau.');
      onChange();
    }
  };
  return (
    <Section title={network.myRole ? 'Ma participation' : 'Rejoindre le réseau'}>
      {/* « Quitter le réseau » goes once the member left: focus goes to « Rejoindre le réseau », the button before it. */}
      <FocusKeeper>
        <fieldset className="skills-fieldset">
          <legend>Ce que je partage avec les membres du réseau (mon nom l’est toujours)</legend>
          <div className="skills-choices">
            {Object.entries(network.fields).map(([value, text]) => (
              <label key={value} className="skills-choice">
                <input type="checkbox" checked={shared.includes(value)} onChange={(e) => setShared(e.target.checked ? [...shared, value] : shared.filter((s) => s !== value))} />
                {text}
              </label>
            ))}
          </div>
        </fieldset>
        <Button onClick={join} pending={action.pending}>
          {network.myRole ? 'Enregistrer mes choix' : 'Rejoindre le réseau'}
        </Button>{' '}
        {network.myRole && (
          <Button kind="secondary" onClick={leave} pending={action.pending}>
            Quitter le réseau
          </Button>
        )}
        <SuccessNotice success={done} />
        {action.error && <ErrorMessage error={action.error} />}
      </FocusKeeper>
    </Section>
  );
}

function Export({ slug }: { slug: string }) {
  const [error, setError] = useState<Error | null>(null);
  const [pending, setPending] = useState(false);
  const run = async () => {
    setPending(true);
    setError(null);
    try {
      await download(`/skills/networks/${encodeURIComponent(slug)}/export`, `reseau-${slug}.csv`, { method: 'POST', body: {} });
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button kind="secondary" onClick={run} pending={pending}>
        Exporter la liste de contacts (CSV)
      </Button>
      {error && <ErrorMessage error={error} />}
    </>
  );
}
