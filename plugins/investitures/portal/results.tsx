import { useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { formatNumber, plural } from '@portal/format';
import { useApi } from '@portal/hooks';
import { sameResult } from '@portal/recount';
import { ApiView, Badge, Notice, Page, Section, TextField } from '@portal/ui';
// Anyone recounts with the very count the server uses (the consultations plugin's pure function).
import { countCandidateBallots, type CandidateBallot } from '../../consultations/server/src/domain/candidate-tally';
import { InvestituresTabs, paths } from './shared';

interface Round {
  round: number;
  method: 'single' | 'majority-judgment';
  candidates: { documentId: string; name: string | null }[];
  eligible: number;
  turnout: number;
  closed: boolean;
  results: any;
  /** The leader no longer met the criteria at the close: nothing designated. */
  withheld: boolean;
  ballots: { receipt: string; ballot: CandidateBallot }[] | null;
}

function RoundView({ r }: { r: Round }) {
  const [receipt, setReceipt] = useState('');
  const name = (id: string) => r.candidates.find((c) => c.documentId === id)?.name ?? (id === 'blank' ? 'Vote blanc' : id);
  const recount = useMemo(() => (r.ballots ? countCandidateBallots(r.method, r.candidates.map((c) => c.documentId), r.ballots.map((b) => b.ballot), r.round) : null), [r]);
  const same = sameResult(recount, r.results);
  const found = receipt.trim() && r.ballots?.find((b) => b.receipt === receipt.trim().toLowerCase());
  if (!r.closed) return <p>Vote en cours : {plural(r.turnout, 'votant')} sur {plural(r.eligible, 'adhérent inscrit', 'adhérents inscrits')}.</p>;
  return (
    <>
      <p>
        {plural(r.turnout, 'votant')} sur {plural(r.eligible, 'inscrit')}.{' '}
        {r.withheld ? (
          <Badge tone="warning">Désignation suspendue : {name(r.results.winner)}, arrivé·e en tête, ne remplit plus les critères d’investiture</Badge>
        ) : r.results.winner ? <Badge tone="success">Désigné·e : {name(r.results.winner)}</Badge> : r.results.runoff ? <Badge tone="info">Second tour : {r.results.runoff.map(name).join(' et ')}</Badge> : <Badge tone="warning">Égalité</Badge>}
      </p>
      <div className="inv-scroll">
        <table className="inv-table">
          <caption>Résultats du tour {r.round}</caption>
          <thead>
            <tr>
              <th scope="col">Candidature</th>
              <th scope="col">{r.method === 'single' ? 'Voix' : 'Mention majoritaire'}</th>
            </tr>
          </thead>
          <tbody>
            {r.method === 'single'
              ? r.candidates.map((c) => (
                  <tr key={c.documentId}>
                    <td>{c.name}</td>
                    <td>{formatNumber(r.results.counts[c.documentId] ?? 0)}</td>
                  </tr>
                ))
              : r.results.ranking.map((x: any) => (
                  <tr key={x.candidate}>
                    <td>
                      {x.rank}. {name(x.candidate)}
                    </td>
                    <td>
                      {x.medianLabel ?? '—'} {x.gauge ?? ''}
                    </td>
                  </tr>
                ))}
          </tbody>
        </table>
      </div>
      <Notice kind={same ? 'success' : 'warning'}>{same ? `Recompté dans votre navigateur à partir des ${formatNumber(r.ballots!.length)} bulletins publiés : même résultat.` : 'Le recomptage des bulletins publiés ne donne pas le même résultat.'}</Notice>
      <TextField label={`Retrouver mon bulletin (reçu du tour ${r.round})`} value={receipt} onChange={(e) => setReceipt(e.target.value)} />
      {receipt.trim() && <p>{found ? `Bulletin trouvé : ${'choice' in found.ballot ? name(found.ballot.choice) : 'mentions enregistrées'}.` : 'Aucun bulletin avec ce reçu.'}</p>}
    </>
  );
}

/** The results of a members' vote: round by round, the published ballots, the recount, one's receipt. */
export default function ResultsPage() {
  const { id = '' } = useParams();
  const state = useApi<{ designation: { title: string }; rounds: Round[] }>(`/investitures/designations/${encodeURIComponent(id)}/results`);
  return (
    <Page title="Résultats du vote" back={{ to: paths.designation(id), label: 'La désignation' }}>
      <InvestituresTabs />
      <ApiView state={state} lines={5} empty="Le vote n’est pas encore ouvert." isEmpty={(d) => d.rounds.length === 0}>
        {(d) => (
          <>
            <p>{d.designation.title}</p>
            {d.rounds.map((r) => (
              <Section key={r.round} title={`Tour ${r.round}`}>
                <RoundView r={r} />
              </Section>
            ))}
          </>
        )}
      </ApiView>
    </Page>
  );
}
