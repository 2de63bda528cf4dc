import { Link } from 'react-router-dom';
import { useApi } from '@portal/hooks';
import { ApiView, Badge, Page } from '@portal/ui';
import { paths, SkillsTabs } from './shared';

interface NetworkSummary {
  slug: string;
  name: string;
  description: string | null;
  national: boolean;
  myRole: 'coordinator' | 'member' | null;
}

/** « Réseaux thématiques »: the networks I may join, and those I am in. */
export default function NetworksPage() {
  const networks = useApi<NetworkSummary[]>('/skills/networks');
  return (
    <Page title="Réseaux thématiques" intro={<p>Rejoignez un réseau pour échanger avec ses membres : vous choisissez ce que vous partagez avec eux.</p>}>
      <SkillsTabs />
      <ApiView state={networks} empty="Aucun réseau pour le moment." lines={3}>
        {(list) => (
          <ul className="skills-list">
            {list.map((n) => (
              <li key={n.slug}>
                <Link to={paths.network(n.slug)}>{n.name}</Link> <span className="meta">· {n.national ? 'national' : 'fédéral'}</span>{' '}
                {n.myRole && <Badge tone="success">{n.myRole === 'coordinator' ? 'vous coordonnez' : 'vous êtes membre'}</Badge>}
                {n.description && <p className="meta">{n.description}</p>}
              </li>
            ))}
          </ul>
        )}
      </ApiView>
    </Page>
  );
}
