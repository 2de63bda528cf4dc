import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { formatDate, formatNumber } from '@portal/format';
import { ApiError } from '@portal/api';
import { useApi } from '@portal/hooks';
import { Badge, Empty, ErrorMessage, Highlight, Loading, Page, Pagination, Section } from '@portal/ui';
import { portalPath, searchPath } from './links';
import './styles.css';

interface Hit {
  type: string;
  typeLabel: string;
  title: string;
  /** Escaped text with <mark> around the matched words (rendered by Highlight, never as HTML). */
  snippet: string;
  link: string;
  date: string | null;
}

interface Facet {
  type: string;
  label: string;
  count: number;
  /** False past the provider's counting limit: the count is a lower bound. */
  exact: boolean;
}

/** GET /search/count: the counts of a search, asked beside its page. */
interface SearchMeta {
  pagination?: { page: number; pageSize: number; total: number; pageCount: number; totalIsExact?: boolean };
  facets?: Facet[];
}

/** GET /search?count=false: the page alone, and whether a match follows it. */
interface PageMeta {
  pagination?: { page: number; pageSize: number; more: boolean };
  /** Set when the query had nothing to look for (plugins/search `unsearchableReason`). */
  reason?: UnsearchableReason;
}

type UnsearchableReason = 'stop-words-only' | 'exclusions-only' | 'no-words';

/** What to change in a query that looks for nothing, by the API's `meta.reason`. */
const REASON_ADVICE: Record<UnsearchableReason, string> = {
  'stop-words-only': 'Ajoutez un mot plus précis : les mots très courants (le, la, de, et…) sont ignorés par la recherche.',
  'exclusions-only': 'Une recherche ne peut pas contenir que des exclusions : ajoutez au moins un mot à chercher, par exemple « élections -municipales ».',
  'no-words': 'Saisissez au moins un mot : la ponctuation seule n’est pas cherchée.',
};

const PAGE_SIZE = 10;

/** « 12 résultats », « plus de 500 résultats » (a bound, as the API says past its limit). */
function resultCount(total: number, exact: boolean): string {
  if (exact) return `${formatNumber(total)} ${total < 2 ? 'résultat' : 'résultats'}`;
  return `plus de ${formatNumber(total)} résultats`;
}

/** A facet's count: « 3 », or « au moins 500 » when counting stopped. */
function facetCount(count: number, exact: boolean): string {
  return exact ? formatNumber(count) : `au moins ${formatNumber(count)}`;
}

function pageOf(value: string | null): number {
  const page = /^\d{1,4}$/.test(value ?? '') ? Number(value) : 1;
  return Math.min(1000, Math.max(1, page));
}

function Tips() {
  return (
    <Section title="Comment chercher">
      <ul className="compact-list search-tips">
        <li>Tapez simplement des mots : les accents, le singulier ou le pluriel et une petite faute de frappe ne comptent pas.</li>
        <li>
          Mettez une expression entre guillemets pour la trouver telle quelle : <code>"conseil fédéral"</code>.
        </li>
        <li>
          Écartez un mot avec un tiret : <code>élections -municipales</code>.
        </li>
        <li>
          Écrivez « ou » entre deux mots pour trouver l’un ou l’autre : <code>tract ou affiche</code>.
        </li>
      </ul>
    </Section>
  );
}

function Facets({ q, type, facets, meta }: { q: string; type: string; facets: Facet[]; meta: SearchMeta }) {
  const shown = facets.filter((facet) => facet.count > 0 || facet.type === type);
  if (shown.length === 0) return null;
  const allExact = facets.every((facet) => facet.exact);
  const all = type
    ? facetCount(facets.reduce((sum, facet) => sum + facet.count, 0), allExact)
    : meta.pagination?.totalIsExact === false
      ? `plus de ${formatNumber(meta.pagination.total)}`
      : formatNumber(meta.pagination?.total ?? 0);
  return (
    <nav className="search-facets" aria-label="Filtrer par type">
      <ul>
        <li>
          <Link to={searchPath({ q })} aria-current={type ? undefined : 'page'}>
            Tous les types <span className="search-facet-count">({all})</span>
          </Link>
        </li>
        {shown.map((facet) => (
          <li key={facet.type}>
            <Link to={searchPath({ q, type: facet.type })} aria-current={facet.type === type ? 'page' : undefined}>
              {facet.label} <span className="search-facet-count">({facetCount(facet.count, facet.exact)})</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Result({ hit }: { hit: Hit }) {
  const to = portalPath(hit.link);
  return (
    <li className="card search-result">
      <h2 className="card-title">{to ? <Link to={to}>{hit.title}</Link> : hit.title}</h2>
      <p className="meta">
        <Badge tone="info">{hit.typeLabel}</Badge>
        {hit.date && <span> · {formatDate(hit.date)}</span>}
      </p>
      {hit.snippet && (
        <p className="search-snippet">
          <Highlight text={hit.snippet} />
        </p>
      )}
    </li>
  );
}

/**
 * One search's hits, then its counts (GET /search/count), asked once the page has answered —
 * mounted per search (`key`), so that the counts shown are always this search's.
 */
function Results({ q, type, page, hits, more, reason, loading, onPage }: { q: string; type: string; page: number; hits: Hit[]; more: boolean; reason?: UnsearchableReason; loading: boolean; onPage: (page: number) => void }) {
  // A query with nothing to look for has nothing to count either.
  const counts = useApi<SearchMeta>(loading || reason ? null : '/search/count', { q, type: type || undefined, page, pageSize: PAGE_SIZE });
  const meta: SearchMeta = counts.data ?? {};
  const counted = meta.pagination !== undefined && !counts.loading;
  const total = meta.pagination?.total ?? (page - 1) * PAGE_SIZE + hits.length + (more ? 1 : 0);
  const exact = counted ? meta.pagination?.totalIsExact !== false : !more;
  const facets = meta.facets ?? [];
  const typeLabel = facets.find((facet) => facet.type === type)?.label;
  const within = typeLabel && <> dans « {typeLabel} »</>;
  return (
    <>
      <p className="search-summary" aria-live="polite">
        {loading ? (
          'Recherche en cours…'
        ) : total === 0 ? (
          <>Aucun résultat pour « {q} »{within}.</>
        ) : counted ? (
          <>
            {resultCount(total, exact)} pour « {q} »{within}.
          </>
        ) : (
          <>
            Résultats pour « {q} »{within}
            {counts.error ? '.' : ' (décompte en cours…).'}
          </>
        )}
      </p>
      <Facets q={q} type={type} facets={facets} meta={meta} />
      {hits.length > 0 ? (
        <>
          <ol className="cards search-results" start={(page - 1) * PAGE_SIZE + 1} aria-busy={loading || undefined}>
            {hits.map((hit, i) => (
              <Result key={`${hit.type}-${hit.link}-${i}`} hit={hit} />
            ))}
          </ol>
          <Pagination page={page} pageCount={counted ? (meta.pagination?.pageCount ?? page) : more ? page + 1 : page} onPage={onPage} label="Pages de résultats" />
        </>
      ) : total > 0 ? (
        <Empty>
          Cette page est au-delà des résultats. <Link to={searchPath({ q, type })}>Revenir à la première page</Link>
        </Empty>
      ) : (
        <>
          <Empty>
            {reason && REASON_ADVICE[reason] ? (
              REASON_ADVICE[reason]
            ) : type && typeLabel ? (
              <>
                Rien dans « {typeLabel} ». <Link to={searchPath({ q })}>Chercher dans tous les types</Link>
              </>
            ) : (
              'Vérifiez l’orthographe des mots, essayez des mots plus généraux ou moins nombreux.'
            )}
          </Empty>
          <Tips />
        </>
      )}
    </>
  );
}

/**
 * « Recherche »: `/recherche?q=…&type=…&page=…`. Everything is in the URL (a reload or a
 * shared link shows the same page); reading it only reads (GET /api/search).
 */

/**
 * What a member reads when the API refuses a search (400): the query's own message (« La
 * recherche est limitée à 200 caractères. »), not the envelope's « Paramètres invalides. q : … »;
 * for a type the address names but the search does not offer, a sentence without the list of
 * internal type keys the API gives staff and scripts. Other errors: as the API says them.
 */
function refusalOf(error: Error): Error | string {
  if (!(error instanceof ApiError) || error.status !== 400) return error;
  const fields = error.fieldErrors;
  if (fields.q) return fields.q;
  if (fields.type) return 'Ce type de résultat n’existe pas ou ne vous est pas ouvert.';
  return Object.values(fields)[0] ?? error;
}

export default function SearchPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const q = (params.get('q') ?? '').trim();
  const type = (params.get('type') ?? '').trim();
  const page = pageOf(params.get('page'));
  // The page, then its counts (issue 21): the hits do not wait for the counting, which takes
  // longer on common words; the counts are asked once the page has answered (asked side by
  // side, the two requests shared the server's cores and the page came later). The count, the
  // facets and the page numbers appear when they answer; until then « Suivante » goes by the
  // page's own `more`.
  // (The counts are read by `Results`, keyed by the search: a new search never shows the
  // previous one's counts while its own are on their way.)
  const results = useApi<Hit[]>(q ? '/search' : null, { q, type: type || undefined, page, pageSize: PAGE_SIZE, count: 'false' });
  const more = (results.meta as PageMeta | undefined)?.pagination?.more ?? false;
  const reason = (results.meta as PageMeta | undefined)?.reason;

  const goTo = (next: number) => {
    navigate(searchPath({ q, type, page: next }));
    // A new page of results: back to the top, where the count and the first result are.
    setTimeout(() => document.getElementById('page-title')?.focus(), 0);
  };

  if (!q) {
    return (
      <Page title="Recherche">
        <Empty>Saisissez un ou plusieurs mots dans la zone « Rechercher » en haut de la page pour chercher dans les documents, les actualités, les consultations et les formations.</Empty>
        <Tips />
      </Page>
    );
  }

  let body;
  if (results.error) {
    body = (
      <>
        <ErrorMessage error={refusalOf(results.error)} onRetry={results.error.status === 0 || results.error.status >= 500 ? results.reload : undefined} />
        {type && results.error.status === 400 && (
          <p>
            <Link to={searchPath({ q })}>Chercher « {q} » dans tous les types</Link>
          </p>
        )}
      </>
    );
  } else if (results.data === undefined) {
    body = <Loading label="Recherche en cours…" lines={5} />;
  } else {
    body = <Results key={[q, type, page].join('\u0000')} q={q} type={type} page={page} hits={results.data} more={more} reason={reason} loading={results.loading} onPage={goTo} />;
  }

  return <Page title="Recherche">{body}</Page>;
}
