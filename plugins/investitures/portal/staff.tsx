import { useSearchParams } from 'react-router-dom';
import { formatCents, plural } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Badge, Page, Section } from '@portal/ui';
import { InvestituresTabs, paths } from './shared';

interface Cell {
  key: string;
  label: string;
  countLabel: string;
  shareLabel: string;
}

const GROUPS: [string, string][] = [
  ['sex', 'Femmes et hommes'],
  ['age', 'Âge'],
  ['renewal', 'Renouvellement'],
  ['collaborators', 'Anciens collaborateurs d’élus'],
  ['outgoing', 'Sortants'],
  ['terms', 'Mandats consécutifs des sortants'],
];

function Table({ caption, cells }: { caption: string; cells: Cell[] }) {
  return (
    <div className="inv-scroll">
      <table className="inv-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Catégorie</th>
            <th scope="col">Nombre</th>
            <th scope="col">Part</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((c) => (
            <tr key={c.key}>
              <td>{c.label}</td>
              <td>{c.countLabel}</td>
              <td>{c.shareLabel}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Staff: a designation's parity (first breach named), the indicators (masked), the legislative funding gap. */
export default function StaffPage() {
  const [params] = useSearchParams();
  const designation = params.get('designation');
  const parity = useApi<any>(designation ? `/investitures/designations/${encodeURIComponent(designation)}/parity` : null);
  const indicators = useApi<any>('/investitures/indicators', designation ? { designation } : undefined);
  const legislative = useApi<any>('/investitures/parity/legislatives');
  return (
    <Page title="Parité et renouvellement" back={designation ? { to: paths.designation(designation), label: 'La désignation' } : undefined}>
      <InvestituresTabs staff />
      {designation && (
        <Section title="Parité de la désignation">
          <ApiView state={parity} lines={3}>
            {(p) => (
              <>
                {p.list && (
                  <>
                    <p>
                      <Badge tone={p.list.ok ? 'success' : 'danger'}>{p.list.ok ? 'Alternance respectée' : 'Alternance rompue'}</Badge> {p.list.firstBreach?.message}
                    </p>
                    <p className="meta">{p.list.source}</p>
                  </>
                )}
                {p.binomes && <p>{p.binomes.ok ? 'Chaque binôme réunit une femme et un homme.' : p.binomes.breaches.map((b: any) => b.message).join(' ')}</p>}
                {p.delegation && <p>{p.delegation.message}</p>}
                {p.federation && <p>{p.federation.message}</p>}
                {p.message && <p>{p.message}</p>}
              </>
            )}
          </ApiView>
        </Section>
      )}
      <Section title={designation ? 'Indicateurs de la désignation' : 'Indicateurs de la fédération'}>
        <ApiView state={indicators} lines={4}>
          {(ind) => (
            <>
              <p>
                {plural(ind.total, 'candidature')}. Les effectifs de moins de 5 sont masqués.
              </p>
              {GROUPS.map(([key, caption]) => (
                <Table key={key} caption={caption} cells={ind[key]} />
              ))}
            </>
          )}
        </ApiView>
      </Section>
      <Section title="Législatives : écart et aide publique">
        <ApiView state={legislative} lines={2}>
          {(l) => (
            <p>
              {plural(l.constituencies, 'circonscription')}. {l.message}
              {l.reductionCents != null && ` Soit ${formatCents(l.reductionCents)}.`}
            </p>
          )}
        </ApiView>
      </Section>
    </Page>
  );
}
