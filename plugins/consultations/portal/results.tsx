import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { objectUrl } from '@portal/api';
import { formatNumber, plural } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Badge, ErrorMessage, Loading, Notice, Page, Section } from '@portal/ui';
import { base, type Detail, TableWrap } from './shared';

interface AxisResult {
  count: number;
  distribution: number[];
  median: number | null;
  medianLabel: string | null;
  mean: number | null;
}

interface Ranked {
  rank: number;
  documentId: string;
  number: number;
  title: string;
  quadrant: string | null;
  quadrantLabel: string | null;
  inSynthesis: boolean;
  effort: AxisResult;
  impact: AxisResult;
}

interface Evaluation {
  method: string;
  proposals: Ranked[];
}

interface Synthesis {
  title: string;
  preamble: string | null;
  state: 'draft' | 'submitted' | 'adopted' | 'rejected';
  sections: { documentId: string; position: number; title: string; text: string | null; proposal: { number: number; title: string } | null; sources: { documentId: string; reference: string; title: string }[] }[];
}

const mean = (value: number | null) => (value === null ? '—' : value.toLocaleString('fr-FR', { maximumFractionDigits: 2 }));
const median = (axis: AxisResult) => (axis.median === null ? 'aucune note' : `${axis.median} (${axis.medianLabel})`);

/** The effort × impact chart, fetched with the session (an authenticated SVG). */
function Chart({ id }: { id: string }) {
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let alive = true;
    let made: string | undefined;
    objectUrl(`${base(id)}/results/chart.svg`)
      .then((u) => {
        made = u;
        if (alive) setUrl(u);
        else URL.revokeObjectURL(u);
      })
      .catch((e) => alive && setError((e as Error).message));
    return () => {
      alive = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [id]);
  if (error) return <ErrorMessage error={error} />;
  if (!url) return <Loading lines={4} label="Chargement du graphique…" />;
  return (
    <figure className="chart">
      <img src={url} alt="Graphique : chaque proposition placée selon son effort (horizontal) et son impact (vertical). Le tableau « Classement » en donne les mêmes valeurs." />
      <figcaption className="meta">Effort (de gauche à droite) et impact (de bas en haut), notes moyennes. Les mêmes valeurs figurent dans le tableau du classement.</figcaption>
    </figure>
  );
}

function Evaluated({ c }: { c: Detail }) {
  const results = useApi<Evaluation>(`${base(c.documentId)}/results`);
  return (
    <ApiView state={results} isEmpty={(r) => r.proposals.length === 0} empty="Aucune proposition n’a été évaluée." lines={6}>
      {(r) => {
        const quadrants = new Map<string, Ranked[]>();
        for (const p of r.proposals) if (p.quadrantLabel) quadrants.set(p.quadrantLabel, [...(quadrants.get(p.quadrantLabel) ?? []), p]);
        return (
          <>
            <Section title="Graphique effort × impact">
              <Chart id={c.documentId} />
            </Section>
            <Section title="Classement">
              <p className="meta">{r.method}</p>
              <TableWrap label="Tableau du classement">
                <table>
                  <caption className="visually-hidden">Classement des propositions : rang, impact et effort (médiane et moyenne), quadrant, synthèse</caption>
                  <thead>
                    <tr>
                      <th scope="col">Rang</th>
                      <th scope="col">Proposition</th>
                      <th scope="col">Impact médian</th>
                      <th scope="col">Effort médian</th>
                      <th scope="col" className="number">Moyennes (impact / effort)</th>
                      <th scope="col" className="number">Notes</th>
                      <th scope="col">Quadrant</th>
                      <th scope="col">Synthèse</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.proposals.map((p) => (
                      <tr key={p.documentId}>
                        <td>{p.rank}</td>
                        <th scope="row">
                          n° {p.number} · {p.title}
                        </th>
                        <td>{median(p.impact)}</td>
                        <td>{median(p.effort)}</td>
                        <td className="number">
                          {mean(p.impact.mean)} / {mean(p.effort.mean)}
                        </td>
                        <td className="number">{formatNumber(Math.max(p.impact.count, p.effort.count))}</td>
                        <td>{p.quadrantLabel ?? '—'}</td>
                        <td>{p.inSynthesis ? 'retenue' : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            </Section>
            <Section title="Quadrants">
              {[...quadrants].map(([label, list]) => (
                <div key={label}>
                  <h3>
                    {label} ({list.length})
                  </h3>
                  <ul className="compact-list">
                    {list.map((p) => (
                      <li key={p.documentId}>
                        n° {p.number} · {p.title}
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
              {quadrants.size === 0 && <p className="empty">Pas assez de notes pour placer les propositions.</p>}
            </Section>
          </>
        );
      }}
    </ApiView>
  );
}

function useDetail() {
  const { id = '' } = useParams();
  return useApi<Detail>(base(id));
}

function Frame({ title, detail, children }: { title: string; detail: ReturnType<typeof useDetail>; children: (c: Detail) => JSX.Element }) {
  if (detail.error)
    return (
      <Page title={title} back={{ to: '/consultations', label: 'Toutes les consultations' }}>
        <ErrorMessage error={detail.error} />
      </Page>
    );
  if (!detail.data) return <Loading lines={6} />;
  return children(detail.data);
}

/**
 * The evaluation's results once public: chart, ranking, quadrants. A quick question has no
 * evaluation (the API refuses its results): the page points to its vote's result instead,
 * without asking.
 */
export function ResultsPage() {
  const detail = useDetail();
  return (
    <Frame title="Résultats de l’évaluation" detail={detail}>
      {(c) =>
        c.kind === 'quick' ? (
          <Page title="Résultats de l’évaluation" back={{ to: base(c.documentId), label: c.title }}>
            <Notice>
              <p>Une question rapide n’a pas d’évaluation des propositions : son résultat est celui du vote.</p>
              <p>
                <Link to={`${base(c.documentId)}/vote`}>{c.phase === 'results' ? 'Voir le résultat de la question' : 'Aller à la page du vote'}</Link>
              </p>
            </Notice>
          </Page>
        ) : (
          <Page title="Résultats de l’évaluation" back={{ to: base(c.documentId), label: c.title }} intro={<p>Comment les adhérents ont noté chaque proposition, sur l’impact et sur l’effort.</p>}>
            <Evaluated c={c} />
          </Page>
        )
      }
    </Frame>
  );
}

const SYNTHESIS_STATE: Record<Synthesis['state'], { label: string; tone: 'neutral' | 'info' | 'success' | 'danger' }> = {
  draft: { label: 'En préparation', tone: 'neutral' },
  submitted: { label: 'Soumise au vote', tone: 'info' },
  adopted: { label: 'Adoptée', tone: 'success' },
  rejected: { label: 'Rejetée', tone: 'danger' },
};

/** The synthesis with each part's provenance (its proposal and the contributions behind it). */
export function SynthesisPage() {
  const detail = useDetail();
  const { id = '' } = useParams();
  const synthesis = useApi<Synthesis>(`${base(id)}/synthesis`);
  return (
    <Frame title="Synthèse" detail={detail}>
      {(c) => (
        <Page title="Synthèse" back={{ to: base(c.documentId), label: c.title }} intro={<p>Le texte soumis au vote, partie par partie, avec la provenance de chaque partie.</p>}>
          <ApiView state={synthesis} isEmpty={(s) => s.sections.length === 0} empty="La synthèse ne compte encore aucune partie." lines={6}>
            {(s) => (
              <>
                <Section title={s.title}>
                  <p>
                    <Badge tone={SYNTHESIS_STATE[s.state].tone}>{SYNTHESIS_STATE[s.state].label}</Badge>
                  </p>
                  {s.preamble && <p className="pre-line">{s.preamble}</p>}
                  {c.phase === 'vote' && (
                    <p>
                      <Link to={`${base(c.documentId)}/vote`}>Aller au vote</Link>
                    </p>
                  )}
                </Section>
                {s.sections.map((part) => (
                  <Section key={part.documentId} title={`Partie ${part.position} : ${part.title}`}>
                    {part.text && <p className="pre-line">{part.text}</p>}
                    <p className="meta">
                      <strong>Provenance : </strong>
                      {part.proposal ? `proposition n° ${part.proposal.number} « ${part.proposal.title} »` : 'ajoutée par l’équipe'}
                      {part.sources.length ? `, issue de ${plural(part.sources.length, 'contribution')} :` : '.'}
                    </p>
                    {part.sources.length > 0 && (
                      <ul className="compact-list">
                        {part.sources.map((src) => (
                          <li key={src.documentId}>
                            {src.reference} · {src.title}
                          </li>
                        ))}
                      </ul>
                    )}
                  </Section>
                ))}
              </>
            )}
          </ApiView>
        </Page>
      )}
    </Frame>
  );
}
