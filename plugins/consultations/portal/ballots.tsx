import { useMemo, useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { formatNumber, plural } from '@portal/format';
import { sameResult } from '@portal/recount';
import { useApi } from '@portal/hooks';
import { ApiView, Button, ErrorMessage, Loading, Notice, Page, Pagination, Section, SuccessNotice, TextField, useSuccess } from '@portal/ui';
import { base, PhaseClosed, type Detail, TableWrap } from './shared';
import { countAnswers, tally, type Ballot, type Choice, type FullResults, type QuickResults } from './recount';
import { answersOf, QuickFacts, TallyFacts } from './vote';

const PAGE_SIZE = 50;

/**
 * « Rechercher mon bulletin »: the answer, found or not, is told by a status region always in
 * the page (SuccessNotice), again when the same lookup follows; the form stays, focus on the
 * button pressed.
 */
function FindReceipt({ ballots, c }: { ballots: Ballot[]; c: Detail }) {
  const [value, setValue] = useState('');
  const [answer, setAnswer] = useSuccess();
  const [counted, setCounted] = useState(true);
  const label = (b: Ballot) => (c.kind === 'quick' ? answersOf(c).find((a) => a.value === b.choice)?.label ?? b.choice : c.choices[b.choice as Choice] ?? b.choice);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const receipt = value.trim().toLowerCase();
    const ballot = ballots.find((b) => b.receipt.toLowerCase() === receipt);
    setCounted(!!ballot);
    setAnswer(
      ballot ? (
        <p>
          <strong>Votre bulletin est bien compté</strong> : {label(ballot)}
          {ballot.sections ? ` (et ${plural(Object.keys(ballot.sections).length, 'vote')} par partie)` : ''}.
        </p>
      ) : (
        <p>Aucun bulletin ne porte ce reçu. Vérifiez qu’il est complet{receipt ? '' : ' (le champ est vide)'} ; s’il l’est, signalez-le aux responsables du vote.</p>
      )
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <TextField label="Votre reçu" hint="Les 64 caractères reçus au moment du vote." value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" spellCheck={false} className="mono" />
      <Button type="submit">Rechercher mon bulletin</Button>
      <SuccessNotice success={answer} kind={counted ? 'success' : 'warning'} />
    </form>
  );
}

/** The recount from the published ballots, computed here, beside the official result. */
function Recount({ c, ballots, eligible, official }: { c: Detail; ballots: Ballot[]; eligible: number; official: FullResults | QuickResults | null }) {
  const recount = useMemo(() => {
    if (c.kind === 'quick') return countAnswers(ballots, answersOf(c).map((a) => a.value), c.question?.answerType === 'graded', eligible);
    return tally(ballots.map((b) => b.choice as Choice), { eligible, quorumPercent: c.rules.quorumPercent, majority: c.rules.majority as FullResults['majority'] });
  }, [c, ballots, eligible]);
  const agrees = official
    ? c.kind === 'quick'
      ? sameResult((official as QuickResults).counts, (recount as QuickResults).counts)
      : (['for', 'against', 'abstain', 'cast', 'adopted'] as const).every((k) => (official as FullResults)[k] === (recount as FullResults)[k])
    : false;
  return (
    <>
      <Notice kind={agrees ? 'success' : 'warning'}>
        <p>{agrees ? 'Le recomptage des bulletins publiés donne le même résultat que le résultat officiel.' : 'Le recomptage ne donne pas le résultat officiel : signalez-le aux responsables du vote.'}</p>
      </Notice>
      <div className="recount-grid">
        <div>
          <h3>Recompté dans votre navigateur</h3>
          {c.kind === 'quick' ? <QuickFacts r={recount as QuickResults} c={c} /> : <TallyFacts t={recount as FullResults} />}
        </div>
        <div>
          <h3>Résultat officiel</h3>
          {official ? c.kind === 'quick' ? <QuickFacts r={official as QuickResults} c={c} /> : <TallyFacts t={official as FullResults} /> : <p className="empty">Pas de résultat officiel.</p>}
        </div>
      </div>
    </>
  );
}

/** After the close: find one's receipt among the published ballots, and recount them. */
export function BallotsPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const detail = useApi<Detail>(base(id));
  const published = detail.data?.phase === 'results';
  const ballots = useApi<Ballot[]>(published ? `${base(id)}/ballots` : null);
  const vote = useApi<{ results: FullResults | QuickResults | null }>(published ? `${base(id)}/vote` : null);
  const title = 'Bulletins publiés';
  if (detail.error)
    return (
      <Page title={title} back={{ to: '/consultations', label: 'Toutes les consultations' }}>
        <ErrorMessage error={detail.error} />
      </Page>
    );
  if (!detail.data) return <Loading lines={6} />;
  const c = detail.data;
  const back = { to: base(c.documentId), label: c.title };
  if (!published)
    return (
      <Page title={title} back={back}>
        <PhaseClosed c={c} expected="Résultats" />
      </Page>
    );
  return (
    <Page title={title} back={back} intro={<p>Tous les bulletins de « {c.title} », sans nom ni heure : retrouvez le vôtre grâce à votre reçu, et recomptez.</p>}>
      <ApiView state={ballots} lines={6}>
        {(list, meta) => {
          const pageCount = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
          const shown = list.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
          const label = (b: Ballot) => (c.kind === 'quick' ? answersOf(c).find((a) => a.value === b.choice)?.label ?? b.choice : c.choices[b.choice as Choice] ?? b.choice);
          return (
            <>
              <Section title="Retrouver mon bulletin">
                <FindReceipt ballots={list} c={c} />
              </Section>
              <Section title="Recomptage">
                {vote.error ? <ErrorMessage error={vote.error} /> : vote.data ? <Recount c={c} ballots={list} eligible={meta?.eligible ?? 0} official={vote.data.results} /> : <Loading lines={3} />}
              </Section>
              <Section title={`Les ${formatNumber(list.length)} bulletins`}>
                {list.length === 0 ? (
                  <p className="empty">Aucun bulletin n’a été déposé.</p>
                ) : (
                  <>
                    <TableWrap label="Tableau des bulletins">
                      <table>
                        <caption className="visually-hidden">Bulletins publiés, par ordre de reçu</caption>
                        <thead>
                          <tr>
                            <th scope="col">Reçu</th>
                            <th scope="col">Choix</th>
                          </tr>
                        </thead>
                        <tbody>
                          {shown.map((b) => (
                            <tr key={b.receipt}>
                              <td className="mono">{b.receipt}</td>
                              <td>
                                {label(b)}
                                {b.sections ? ` (${Object.values(b.sections).map((s) => c.choices[s]).join(', ')})` : ''}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </TableWrap>
                    <Pagination page={page} pageCount={pageCount} onPage={(p) => setParams({ page: String(p) })} label="Pages des bulletins" />
                  </>
                )}
              </Section>
            </>
          );
        }}
      </ApiView>
    </Page>
  );
}
