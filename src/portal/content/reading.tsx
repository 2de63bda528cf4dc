import { Link, useParams, useSearchParams } from 'react-router-dom';
import { formatDate, formatNumber, plural } from '@portal/format';
import { useApi } from '@portal/hooks';
import { RichText } from '@portal/rich-text';
import { ApiView, Badge, DownloadButton, ErrorMessage, Loading, Page, Pagination } from '@portal/ui';

interface Entry {
  documentId: string;
  audience: 'national' | 'federation' | 'section';
  federation: { name: string } | null;
  section: { name: string } | null;
  publishedAt: string;
  title: string;
  category?: { name: string; slug: string } | null;
  excerpt?: string;
  summary?: string;
  attachmentCount?: number;
  body?: unknown;
  attachments?: { id: number; name: string; mime: string; sizeKb: number; url: string }[];
}

/** « National », « Fédération du Gard », « Section de Nîmes »: who an entry is meant for. */
export function audienceLabel(entry: Pick<Entry, 'audience' | 'federation' | 'section'>): string {
  if (entry.audience === 'section' && entry.section) return `Section ${entry.section.name}`;
  if (entry.audience === 'federation' && entry.federation) return `Fédération ${entry.federation.name}`;
  return 'National';
}

const PAGE_SIZE = 20;

function EntryList({ kind }: { kind: 'documents' | 'news' }) {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const category = kind === 'documents' ? params.get('categorie') ?? '' : '';
  const categories = useApi<{ name: string; slug: string }[]>(kind === 'documents' ? '/document-categories' : null);
  const list = useApi<Entry[]>(`/${kind}`, { page, pageSize: PAGE_SIZE, category: category || undefined });
  const base = kind === 'documents' ? '/documents' : '/actualites';
  const update = (next: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...next }, { replace: false });

  return (
    <>
      {kind === 'documents' && categories.data && (
        <div className="filters">
          <label htmlFor="categorie">Catégorie</label>
          <select id="categorie" value={category} onChange={(e) => update({ categorie: e.target.value, page: '1' })}>
            <option value="">Toutes les catégories</option>
            {categories.data.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <ApiView
        state={list}
        empty={
          page > 1 ? (
            <>
              Cette page est au-delà de la dernière. <Link to={base}>Revenir à la première page</Link>
            </>
          ) : kind === 'documents' ? (
            'Aucun document pour le moment.'
          ) : (
            'Aucune actualité pour le moment.'
          )
        }
        lines={5}
      >
        {(entries, meta) => (
          <>
            <p className="count" aria-live="polite">
              {kind === 'documents' ? plural(meta?.pagination?.total ?? entries.length, 'document') : plural(meta?.pagination?.total ?? entries.length, 'actualité')}
            </p>
            <ul className="cards">
              {entries.map((entry) => (
                <li key={entry.documentId} className="card">
                  <h2 className="card-title">
                    <Link to={`${base}/${entry.documentId}`}>{entry.title}</Link>
                  </h2>
                  <p className="meta">
                    <Badge>{audienceLabel(entry)}</Badge> {entry.category && <Badge tone="info">{entry.category.name}</Badge>} <span>Publié le {formatDate(entry.publishedAt)}</span>
                    {!!entry.attachmentCount && <span> · {plural(entry.attachmentCount, 'pièce jointe', 'pièces jointes')}</span>}
                  </p>
                  {(entry.excerpt || entry.summary) && <p>{entry.excerpt ?? entry.summary}</p>}
                </li>
              ))}
            </ul>
            <Pagination page={page} pageCount={meta?.pagination?.pageCount ?? 1} onPage={(p) => update({ page: String(p) })} />
          </>
        )}
      </ApiView>
    </>
  );
}

export function DocumentsPage() {
  return (
    <Page title="Documents" intro={<p>Comptes rendus, statuts, notes et guides de votre section, de votre fédération et du national.</p>}>
      <EntryList kind="documents" />
    </Page>
  );
}

export function NewsListPage() {
  return (
    <Page title="Actualités" intro={<p>Les nouvelles de votre section, de votre fédération et du national.</p>}>
      <EntryList kind="news" />
    </Page>
  );
}

function Attachment({ file }: { file: NonNullable<Entry['attachments']>[number] }) {
  return (
    <li>
      <DownloadButton path={file.url} name={file.name}>
        Télécharger « {file.name} »
      </DownloadButton>{' '}
      <span className="meta">({formatNumber(Math.max(1, Math.round(file.sizeKb)))} Ko)</span>
    </li>
  );
}

function Reading({ kind }: { kind: 'documents' | 'news' }) {
  const { id } = useParams();
  const entry = useApi<Entry>(`/${kind}/${encodeURIComponent(id ?? '')}`);
  const back = kind === 'documents' ? { to: '/documents', label: 'Tous les documents' } : { to: '/actualites', label: 'Toutes les actualités' };
  if (entry.error) {
    return (
      <Page title={entry.error.status === 404 ? 'Introuvable' : 'Lecture impossible'} back={back}>
        <ErrorMessage error={entry.error} />
      </Page>
    );
  }
  if (!entry.data) return <Loading lines={6} />;
  const data = entry.data;
  return (
    <Page title={data.title} back={back}>
      <p className="meta">
        <Badge>{audienceLabel(data)}</Badge> {data.category && <Badge tone="info">{data.category.name}</Badge>} <span>Publié le {formatDate(data.publishedAt)}</span>
      </p>
      {data.summary && <p className="lead">{data.summary}</p>}
      <RichText content={data.body} />
      {!!data.attachments?.length && (
        <section aria-labelledby="pieces-jointes" className="section">
          <h2 id="pieces-jointes">Pièces jointes</h2>
          <ul className="attachments">
            {data.attachments.map((file) => (
              <Attachment key={file.id} file={file} />
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}

export function DocumentPage() {
  return <Reading kind="documents" />;
}

export function NewsPage() {
  return <Reading kind="news" />;
}
