import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatDateTime, formatNumber, formatPercent, plural } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { ApiView, Badge, Button, ChoiceGroup, ErrorMessage, Loading, Notice, Page, Section, StatusText, useFocusOnChange, useSuccess } from '@portal/ui';
import { base, currentEnd, PhaseClosed, Standing, type Detail, TableWrap } from './shared';
import type { Choice, FullResults, QuickResults, Tally } from './recount';

interface VoteState {
  phase: string;
  voted: boolean;
  results: FullResults | QuickResults | null;
}

interface SynthesisParts {
  title: string;
  sections: { documentId: string; position: number; title: string }[];
}

const CHOICES: Choice[] = ['for', 'against', 'abstain'];

/** The answers of a quick question: '1'…'n' with their labels. */
export function answersOf(c: Detail): { value: string; label: string }[] {
  if (!c.question) return [];
  if (c.question.answerType === 'choice') return (c.question.choices ?? []).map((label, i) => ({ value: String(i + 1), label }));
  return Object.entries(c.question.scale ?? {}).map(([value, label]) => ({ value, label: `${value} · ${label}` }));
}

/** One question of the ballot as radio buttons, in the shared ChoiceGroup: its error goes once a choice is made. */
function Choices({ name, legend, options, value, error, onChange }: { name: string; legend: string; options: { value: string; label: string }[]; value?: string; error?: string; onChange: (v: string) => void }) {
  return (
    <ChoiceGroup legend={legend} value={value} error={error}>
      <div className="choices">
        {options.map((o) => (
          <label key={o.value}>
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
    </ChoiceGroup>
  );
}

/** The receipt, shown once: copy it or keep it as a file, to find it among the published ballots after the close. */
export function Receipt({ receipt, c }: { receipt: string; c: Detail }) {
  // « Copier le reçu » pressed again is told again (useSuccess), focus left on the button.
  const [copied, setCopied] = useSuccess();
  const focus = useFocusOnChange<HTMLDivElement>(receipt);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(receipt);
      setCopied('Reçu copié.');
    } catch {
      setCopied('Copie impossible ici : sélectionnez le reçu et copiez-le, ou enregistrez-le en fichier.');
    }
  };
  const keep = () => {
    const text = `Reçu de vote — ${c.title}\n${receipt}\n\nÀ retrouver parmi les bulletins publiés à la clôture du vote.\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `recu-vote-${c.documentId}.txt`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <div ref={focus} tabIndex={-1}>
      <Notice kind="success">
        <p>
          <strong>Votre vote est enregistré.</strong> Voici votre reçu : gardez-le, il ne sera plus jamais affiché. Après la clôture, vous le retrouverez parmi les bulletins publiés, avec votre choix, sans votre nom.
        </p>
      </Notice>
      <p id="recu-label">
        <strong>Votre reçu</strong>
      </p>
      <p className="receipt" data-testid="receipt">
        {receipt}
      </p>
      <div className="actions">
        <Button kind="secondary" onClick={copy}>
          Copier le reçu
        </Button>
        <Button kind="secondary" onClick={keep}>
          Enregistrer le reçu (fichier texte)
        </Button>
        <StatusText success={copied} />
      </div>
    </div>
  );
}

function Ballot({ c, onVoted }: { c: Detail; onVoted: () => void }) {
  const quick = c.kind === 'quick';
  const parts = useApi<SynthesisParts>(!quick && c.rules.votePerSection ? `${base(c.documentId)}/synthesis` : null);
  const [choice, setChoice] = useState<string>();
  const [sections, setSections] = useState<Record<string, Choice>>({});
  const [confirming, setConfirming] = useState(false);
  const [receipt, setReceipt] = useState<string>();
  const [missing, setMissing] = useState<string>();
  const action = useAction<{ receipt: string }>();
  const options = quick ? answersOf(c) : CHOICES.map((value) => ({ value, label: c.choices[value] }));
  const labelOf = (value?: string) => options.find((o) => o.value === value)?.label ?? '';
  if (receipt) return <Receipt receipt={receipt} c={c} />;
  if (!quick && c.rules.votePerSection && !parts.data) return parts.error ? <ErrorMessage error={parts.error} /> : <Loading lines={3} />;
  const partList = parts.data?.sections ?? [];
  if (confirming) {
    return (
      <Section title="Confirmez votre vote">
        <p>Vous allez voter ; un vote ne se modifie pas.</p>
        <dl className="facts">
          <dt>{quick ? 'Votre réponse' : 'La synthèse'}</dt>
          <dd>
            <strong>{labelOf(choice)}</strong>
          </dd>
          {partList.map((p) => (
            <div key={p.documentId} className="contents">
              <dt>
                Partie {p.position} : {p.title}
              </dt>
              <dd>{c.choices[sections[p.documentId] ?? 'abstain']}</dd>
            </div>
          ))}
        </dl>
        {action.error && <ErrorMessage error={action.error} />}
        <div className="actions">
          <Button
            pending={action.pending}
            onClick={async () => {
              const body = quick ? { answer: Number(choice) } : { choice, ...(partList.length ? { sections: Object.fromEntries(partList.map((p) => [p.documentId, sections[p.documentId] ?? 'abstain'])) } : {}) };
              const res = await action.run(`${base(c.documentId)}/vote`, { method: 'POST', body });
              if (res) {
                setReceipt(res.data.receipt);
                onVoted();
              }
            }}
          >
            Confirmer et voter
          </Button>
          <Button kind="secondary" onClick={() => setConfirming(false)}>
            Modifier mon choix
          </Button>
        </div>
      </Section>
    );
  }
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!choice) {
          setMissing(quick ? 'Choisissez une réponse.' : 'Choisissez pour, contre ou abstention.');
          return;
        }
        setMissing(undefined);
        setConfirming(true);
      }}
    >
      {quick && <p className="lead">{c.question?.text}</p>}
      <Choices name="choix" legend={quick ? 'Votre réponse' : `Votre vote sur la synthèse`} options={options} value={choice} error={missing} onChange={setChoice} />
      {partList.map((p) => (
        <Choices
          key={p.documentId}
          name={`partie-${p.documentId}`}
          legend={`Partie ${p.position} : ${p.title}`}
          options={CHOICES.map((value) => ({ value, label: c.choices[value] }))}
          value={sections[p.documentId]}
          onChange={(v) => setSections((s) => ({ ...s, [p.documentId]: v as Choice }))}
        />
      ))}
      <Button type="submit">Vérifier mon vote</Button>
    </form>
  );
}

export function TallyFacts({ t, caption }: { t: Tally; caption?: string }) {
  return (
    <dl className="facts" aria-label={caption}>
      <dt>Pour</dt>
      <dd>{formatNumber(t.for)}</dd>
      <dt>Contre</dt>
      <dd>{formatNumber(t.against)}</dd>
      <dt>Abstention</dt>
      <dd>{formatNumber(t.abstain)}</dd>
      <dt>Votants</dt>
      <dd>
        {formatNumber(t.cast)} sur {formatNumber(t.eligible)} ({formatPercent(t.turnout, 1)})
      </dd>
      <dt>Quorum ({t.quorumPercent} %)</dt>
      <dd>{t.quorumReached ? 'atteint' : 'non atteint'}</dd>
      <dt>Majorité</dt>
      <dd>{t.majorityReached ? 'atteinte' : 'non atteinte'}</dd>
      <dt>Décision</dt>
      <dd>
        <strong>{t.adopted ? 'Adoptée' : 'Rejetée'}</strong>
      </dd>
    </dl>
  );
}

export function QuickFacts({ r, c }: { r: QuickResults; c: Detail }) {
  return (
    <>
      <TableWrap label="Tableau des réponses">
        <table>
          <caption className="visually-hidden">Réponses à la question</caption>
          <thead>
            <tr>
              <th scope="col">Réponse</th>
              <th scope="col" className="number">
                Voix
              </th>
              <th scope="col" className="number">
                Part
              </th>
            </tr>
          </thead>
          <tbody>
            {answersOf(c).map((a) => (
              <tr key={a.value}>
                <th scope="row">{a.label}</th>
                <td className="number">{formatNumber(r.counts[a.value] ?? 0)}</td>
                <td className="number">{formatPercent(r.cast ? (r.counts[a.value] ?? 0) / r.cast : 0, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p>
        {plural(r.cast, 'votant')} sur {formatNumber(r.eligible)} ({formatPercent(r.turnout, 1)}).
        {r.median !== null ? ` Réponse médiane : ${answersOf(c).find((a) => a.value === String(r.median))?.label ?? r.median}.` : ''}
      </p>
    </>
  );
}

function Results({ c, r }: { c: Detail; r: FullResults | QuickResults }) {
  const parts = useApi<SynthesisParts>(c.kind === 'full' && 'sections' in r && r.sections ? `${base(c.documentId)}/synthesis` : null);
  return (
    <>
      <Section title="Résultat officiel">
        {c.kind === 'quick' ? <QuickFacts r={r as QuickResults} c={c} /> : <TallyFacts t={r as FullResults} />}
      </Section>
      {'sections' in r && r.sections && (
        <Section title="Résultat partie par partie">
          <ApiView state={parts} lines={3}>
            {(s) => (
              <>
                {s.sections.map((p) => (
                  <div key={p.documentId}>
                    <h3>
                      Partie {p.position} : {p.title}
                    </h3>
                    {r.sections?.[p.documentId] && <TallyFacts t={r.sections[p.documentId]} />}
                  </div>
                ))}
              </>
            )}
          </ApiView>
        </Section>
      )}
      <p>
        <Link to={`${base(c.documentId)}/bulletins`}>Retrouver mon reçu parmi les bulletins publiés et recompter</Link>
      </p>
    </>
  );
}

/** The secret vote (or a quick question's answer), and its result after the close. */
export function VotePage() {
  const { id = '' } = useParams();
  const detail = useApi<Detail>(base(id));
  const vote = useApi<VoteState>(`${base(id)}/vote`);
  const c = detail.data;
  const title = c?.kind === 'quick' ? 'Question rapide' : 'Vote';
  if (detail.error || vote.error)
    return (
      <Page title={title} back={{ to: '/consultations', label: 'Toutes les consultations' }}>
        <ErrorMessage error={(detail.error ?? vote.error)!} />
      </Page>
    );
  if (!c || !vote.data) return <Loading lines={6} />;
  const back = { to: base(c.documentId), label: c.title };
  const v = vote.data;
  if (c.phase === 'results' && v.results) {
    return (
      <Page title={c.kind === 'quick' ? 'Résultat de la question' : 'Résultat du vote'} back={back} intro={c.question ? <p className="lead">{c.question.text}</p> : undefined}>
        {v.voted && <p><Badge tone="success">Vous avez voté</Badge></p>}
        <Results c={c} r={v.results} />
      </Page>
    );
  }
  if (c.phase !== 'vote')
    return (
      <Page title={title} back={back}>
        <PhaseClosed c={c} expected="Vote" />
      </Page>
    );
  const end = currentEnd(c);
  return (
    <Page title={title} back={back} intro={<p>Vote secret : le registre garde seulement que vous avez voté ; votre bulletin est enregistré à part, sans votre nom. Clôture le {formatDateTime(end)}.</p>}>
      {!c.me?.eligibility.eligible ? (
        <Standing c={c} />
      ) : v.voted ? (
        <Notice kind="success">
          <p>
            <strong>Vous avez voté.</strong> Après la clôture, le {formatDateTime(end)}, retrouvez votre reçu parmi les bulletins publiés.
          </p>
        </Notice>
      ) : (
        <>
          {c.kind === 'full' && (
            <p>
              Lisez d’abord <Link to={`${base(c.documentId)}/synthese`}>la synthèse soumise au vote</Link>.
            </p>
          )}
          <Ballot c={c} onVoted={() => undefined} />
        </>
      )}
    </Page>
  );
}
