import { Link } from 'react-router-dom';
import { Page } from '@portal/ui';

export function NotFoundPage() {
  return (
    <Page title="Page introuvable">
      <p>Cette page n’existe pas ou vous n’y avez pas accès.</p>
      <p>
        <Link to="/">Revenir à l’accueil</Link>
      </p>
    </Page>
  );
}
