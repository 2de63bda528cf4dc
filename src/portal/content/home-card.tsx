import { Link } from 'react-router-dom';
import { formatDate } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Section } from '@portal/ui';

/** The home cards' read: the three latest entries (`prime` of each card asks exactly this). */
export const RECENT_QUERY = { page: 1, pageSize: 3 };

interface Entry {
  documentId: string;
  title: string;
  publishedAt: string;
}

function Recent({ kind, title, base, empty }: { kind: string; title: string; base: string; empty: string }) {
  const recent = useApi<Entry[]>(`/${kind}`, RECENT_QUERY);
  return (
    <Section title={title}>
      <ApiView state={recent} empty={empty} lines={3}>
        {(entries) => (
          <ul className="compact-list">
            {entries.map((entry) => (
              <li key={entry.documentId}>
                <Link to={`${base}/${entry.documentId}`}>{entry.title}</Link> <span className="meta">· {formatDate(entry.publishedAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </ApiView>
      <p>
        <Link to={base}>Tout voir</Link>
      </p>
    </Section>
  );
}

export function NewsCard() {
  return <Recent kind="news" title="Dernières actualités" base="/actualites" empty="Aucune actualité pour le moment." />;
}

export function DocumentsCard() {
  return <Recent kind="documents" title="Derniers documents" base="/documents" empty="Aucun document pour le moment." />;
}
