import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatDate, formatDateTime, wholeNumberOf, withDe } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { ApiView, Badge, Button, ChoiceGroup, ErrorMessage, Notice, Page, Section, TextArea, TextField, useFocusOnChange } from '@portal/ui';
import { InvestituresTabs, paths, VERDICT_TONE, type Candidacy, type Criterion, type Designation } from './shared';

interface Pledge {
  version: number;
  text: string;
  sha256: string;
  article: string;
}

function Criteria({ list }: { list: Criterion[] }) {
  return (
    <ul className="inv-list">
      {list.map((c) => (
        <li key={c.key}>
          <strong>{c.label}</strong> <Badge tone={VERDICT_TONE[c.verdict]}>{c.verdictLabel}</Badge>
          <p className="meta">
            {c.detail}
            {c.checkedAt && <> · vérifié par {c.checkedBy} le {formatDateTime(c.checkedAt)}</>}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** Apply: a statement, a position on a list, a running mate's membership card for a binôme. */
function ApplyForm({ d, onDone }: { d: Designation; onDone: () => void }) {
  const action = useAction();
  const [statement, setStatement] = useState('');
  const [position, setPosition] = useState('');
  const [mandates, setMandates] = useState('0');
  const [collaborator, setCollaborator] = useState(false);
  const errors: Record<string, string> = action.error?.fieldErrors ?? {};
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { statement, previousMandates: mandates.trim() ? wholeNumberOf(mandates) : 0, formerCollaborator: collaborator, ...(d.shape === 'list' && position.trim() ? { position: wholeNumberOf(position) } : {}) };
    if (await action.run(`/investitures/designations/${d.documentId}/candidacies`, { method: 'POST', body })) onDone();
  };
  return (
    <form className="inv-form" onSubmit={submit} noValidate>
      {d.shape === 'list' && <TextField label="Position sur la liste" inputMode="numeric" value={position} onChange={(e) => setPosition(e.target.value)} error={errors.position} hint={d.seats ? `De 1 à ${d.seats}.` : undefined} />}
      <TextArea label="Déclaration de candidature" value={statement} onChange={(e) => setStatement(e.target.value)} error={errors.statement} rows={6} />
      <TextField label="Mandats électifs déjà exercés" inputMode="numeric" value={mandates} onChange={(e) => setMandates(e.target.value)} error={errors.previousMandates} />
      <p className="inv-check">
        <input id="inv-collaborator" type="checkbox" checked={collaborator} onChange={(e) => setCollaborator(e.target.checked)} />
        <label htmlFor="inv-collaborator">J’ai été collaborateur·rice d’un·e élu·e</label>
      </p>
      {action.error && !Object.keys(errors).length && <ErrorMessage error={action.error} />}
      <Button type="submit" pending={action.pending}>
        Déposer ma candidature
      </Button>
    </form>
  );
}

/** The pledge of art. 5.1.7: the exact text in force, signed with its version and hash. */
function PledgeForm({ candidacy, onDone }: { candidacy: Candidacy; onDone: () => void }) {
  const pledge = useApi<Pledge>('/investitures/pledge');
  const action = useAction();
  const [accept, setAccept] = useState(false);
  const sign = async (p: Pledge) => {
    if (await action.run(`/investitures/candidacies/${candidacy.documentId}/pledge`, { method: 'POST', body: { version: p.version, sha256: p.sha256, accept } })) onDone();
  };
  return (
    <ApiView state={pledge} lines={4}>
      {(p) => (
        <div className="inv-form">
          <p className="meta">
            {p.article}, version {p.version}
          </p>
          <p className="inv-pledge">{p.text}</p>
          <p className="inv-check">
            <input id="inv-accept" type="checkbox" checked={accept} onChange={(e) => setAccept(e.target.checked)} />
            <label htmlFor="inv-accept">J’accepte cet engagement</label>
          </p>
          {action.error && <ErrorMessage error={action.error} />}
          <Button type="button" pending={action.pending} onClick={() => sign(p)}>
            Signer l’engagement
          </Button>
        </div>
      )}
    </ApiView>
  );
}

/** The secret ballot: one candidate (or blank), or a grade for each candidate. */
function Ballot({ d, onDone }: { d: Designation; onDone: () => void }) {
  const action = useAction<{ receipt: string }>();
  const [choice, setChoice] = useState('');
  const [grades, setGrades] = useState<Record<string, number>>({});
  const [receipt, setReceipt] = useState<string | null>(null);
  // The receipt replaces the form: focus moves to it (the portal's rule for a result that replaces its form).
  const receiptRef = useFocusOnChange<HTMLDivElement>(receipt);
  const ballot = d.ballot!;
  if (receipt) {
    return (
      <div ref={receiptRef} tabIndex={-1}>
        <Notice kind="success">
          Vote enregistré. Votre reçu : <span className="inv-receipt">{receipt}</span> — notez-le pour retrouver votre bulletin parmi ceux publiés à la clôture.
        </Notice>
      </div>
    );
  }
  if (ballot.voted) return <Notice>Vous avez voté à ce tour.</Notice>;
  if (ballot.eligible && !ballot.eligible.eligible) return <Notice kind="warning">Vous ne pouvez pas voter : {ballot.eligible.reasons.map((r) => r.message).join(' ; ')}.</Notice>;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = d.voteMethod === 'majority-judgment' ? { grades } : { choice };
    const result = await action.run(`/investitures/designations/${d.documentId}/ballots`, { method: 'POST', body });
    if (result) {
      setReceipt(result.data.receipt);
      onDone();
    }
  };
  const GRADES = ['Insuffisant', 'Passable', 'Assez bien', 'Bien', 'Très bien'];
  return (
    <form className="inv-form" onSubmit={submit} noValidate>
      {d.voteMethod === 'majority-judgment' ? (
        ballot.candidates.map((c) => (
          <div className="field" key={c.documentId}>
            <label htmlFor={`grade-${c.documentId}`}>Mention pour {c.name}</label>
            <select id={`grade-${c.documentId}`} value={grades[c.documentId] ?? ''} onChange={(e) => setGrades({ ...grades, [c.documentId]: Number(e.target.value) })}>
              <option value="">Choisissez…</option>
              {GRADES.map((g, i) => (
                <option key={g} value={i + 1}>
                  {g}
                </option>
              ))}
            </select>
          </div>
        ))
      ) : (
        <ChoiceGroup legend={`Votre choix (tour ${ballot.round})`} value={choice} error={action.error?.fieldErrors.choice}>
          {[...ballot.candidates.map((c) => ({ id: c.documentId, label: c.name ?? 'Candidature' })), { id: 'blank', label: 'Vote blanc' }].map((o) => (
            <p className="inv-check" key={o.id}>
              <input id={`choice-${o.id}`} type="radio" name="choice" value={o.id} checked={choice === o.id} onChange={() => setChoice(o.id)} />
              <label htmlFor={`choice-${o.id}`}>{o.label}</label>
            </p>
          ))}
        </ChoiceGroup>
      )}
      {action.error && !action.error.fieldErrors.choice && <ErrorMessage error={action.error} />}
      <Button type="submit" pending={action.pending}>
        Voter
      </Button>
    </form>
  );
}

/** Staff: each candidacy's criteria and the checks to record. */
function StaffCandidacy({ c, d, onDone }: { c: Candidacy; d: Designation; onDone: () => void }) {
  const action = useAction();
  const [issuedOn, setIssuedOn] = useState('');
  const run = async (path: string, body: object = {}) => {
    if (await action.run(`/investitures/candidacies/${c.documentId}/checks/${path}`, { method: 'POST', body })) onDone();
  };
  return (
    <li>
      <strong>
        {c.position ? `${c.position}. ` : ''}
        {c.name}
      </strong>{' '}
      <Badge tone={c.meetsCriteria ? 'success' : 'neutral'}>{c.meetsCriteria ? 'Critères remplis' : c.stateLabel}</Badge>
      <RunningMateLine c={c} />
      {c.criteria && <Criteria list={c.criteria} />}
      {c.state === 'submitted' && (
        <div className="inv-actions">
          <Button kind="secondary" type="button" onClick={() => run('standing')}>
            Vérifier la cotisation
          </Button>
          <Button kind="secondary" type="button" onClick={() => run('cumul')}>
            Vérifier le cumul
          </Button>
          {d.criteria.checklist.map((item) => (
            <Button kind="secondary" type="button" key={item.key} onClick={() => run('checklist', { key: item.key, done: true })}>
              {item.label} : satisfait
            </Button>
          ))}
          <TextField label={`Date du bulletin n° 3 ${c.name ? withDe(c.name) : 'de la candidature'}`} type="date" value={issuedOn} onChange={(e) => setIssuedOn(e.target.value)} />
          <Button kind="secondary" type="button" onClick={() => run('criminal-record', { clean: true, issuedOn })}>
            Bulletin n° 3 vu, vierge
          </Button>
        </div>
      )}
      {action.error && <ErrorMessage error={action.error} />}
    </li>
  );
}

/**
 * A binôme that names the member as running mate: who proposes them, and their answer — « J’accepte »
 * (the candidacy can then be retained, their name shown) or « Je décline » (the candidacy is withdrawn).
 */
function RunningMateRequest({ c, onDone }: { c: Candidacy; onDone: () => void }) {
  const action = useAction();
  const answer = async (what: 'acceptance' | 'refusal') => {
    if (await action.run(`/investitures/candidacies/${c.documentId}/running-mate/${what}`, { method: 'POST', body: {} })) onDone();
  };
  return (
    <li>
      <p>
        Vous êtes proposé·e comme colistier·ère de <strong>{c.name ?? 'un·e adhérent·e'}</strong>.
      </p>
      {c.statement && <p className="meta">Sa déclaration : {c.statement}</p>}
      {c.may?.accept || c.may?.decline ? (
        <>
          <p className="meta">Votre nom n’est montré aux adhérents qu’une fois votre accord donné. Si vous déclinez, la candidature est retirée et la personne candidate en est informée.</p>
          <div className="inv-actions">
            {c.may?.accept && (
              <Button type="button" pending={action.pending} onClick={() => answer('acceptance')}>
                J’accepte
              </Button>
            )}
            {c.may?.decline && (
              <Button kind="danger" type="button" pending={action.pending} onClick={() => answer('refusal')}>
                Je décline
              </Button>
            )}
          </div>
        </>
      ) : (
        <p>
          {c.runningMateAgreementLabel ? `${c.runningMateAgreementLabel}. ` : ''}
          {c.stateLabel}.
        </p>
      )}
      {action.error && <ErrorMessage error={action.error} />}
    </li>
  );
}

/** A binôme's running mate, as the candidate and staff read it: their name and whether they agreed. */
function RunningMateLine({ c }: { c: Candidacy }) {
  if (!c.runningMate && c.runningMateAgreement === 'none') return null;
  return (
    <p className="meta">
      Colistier·ère : {c.runningMate ?? 'nom communiqué après son accord'}
      {c.runningMateAgreementLabel ? ` — ${c.runningMateAgreementLabel}` : ''}
    </p>
  );
}

/** When the designation is made: the actual day once it is (the planned one is then history), the planned day before. */
function decisionDay(d: Designation): string {
  if (!d.decided) return `prévue le ${formatDate(d.calendar.decisionOn)}`;
  return d.decidedOn ? `faite le ${formatDate(d.decidedOn)}` : 'faite';
}

/** A designation: its calendar and criteria, my candidacy, the ballot; for staff the candidacies' checks. */
export default function DesignationPage() {
  const { id = '' } = useParams();
  const state = useApi<Designation>(`/investitures/designations/${encodeURIComponent(id)}`);
  const action = useAction();
  const reload = state.reload;
  return (
    <Page title={state.data?.title ?? 'Désignation'} back={{ to: paths.home, label: 'Désignations' }}>
      <InvestituresTabs staff={state.data?.manages} />
      <ApiView state={state} lines={6}>
        {(d) => (
          <>
            <Section title="Calendrier et critères">
              <dl className="inv-dl">
                <dt>Désignation</dt>
                <dd>
                  {d.kindLabel}
                  {d.territory?.name ? ` — ${d.territory.name}` : ''}
                </dd>
                <dt>Candidatures</dt>
                <dd>
                  du {formatDate(d.calendar.candidaciesOpenOn)} au {formatDate(d.calendar.candidaciesCloseOn)}
                </dd>
                <dt>Vérifications</dt>
                <dd>jusqu’au {formatDate(d.calendar.checksBy)}</dd>
                <dt>Désignation</dt>
                <dd>
                  {decisionDay(d)} — {d.decidedByLabel}
                  {d.voteMethodLabel ? ` (${d.voteMethodLabel})` : ''}
                </dd>
                <dt>Étape</dt>
                <dd>{d.periodLabel}</dd>
                <dt>Critères</dt>
                <dd>{[...d.criteria.national, ...d.criteria.checklist].map((c) => c.label).join(' ; ')}</dd>
              </dl>
              {(d.vote.state !== 'none' || d.decided) && d.decidedBy === 'members' && <Link to={paths.results(d.documentId)}>Résultats du vote</Link>}
            </Section>
            {d.ballot?.state === 'open' && (
              <Section title={`Vote — tour ${d.ballot.round}`}>
                <Ballot d={d} onDone={reload} />
              </Section>
            )}
            {(d.asRunningMate ?? []).length > 0 && (
              <Section title="Proposition de colistier·ère">
                <ul className="inv-list">
                  {d.asRunningMate!.map((c) => (
                    <RunningMateRequest key={c.documentId} c={c} onDone={reload} />
                  ))}
                </ul>
              </Section>
            )}
            <Section title="Ma candidature">
              {d.mine ? (
                <>
                  <p>
                    {d.mine.stateLabel}
                    {d.mine.position ? ` — position ${d.mine.position}` : ''}
                  </p>
                  <RunningMateLine c={d.mine} />
                  {d.mine.criteria && <Criteria list={d.mine.criteria} />}
                  {d.mine.may?.sign && d.mine.criteria?.some((c) => c.key === 'pledge' && c.verdict !== 'ok') && <PledgeForm candidacy={d.mine} onDone={reload} />}
                  {d.mine.may?.withdraw && (
                    <Button kind="danger" type="button" pending={action.pending} onClick={async () => (await action.run(`/investitures/candidacies/${d.mine!.documentId}/withdrawal`, { method: 'POST', body: {} })) && reload()}>
                      Retirer ma candidature
                    </Button>
                  )}
                  {action.error && <ErrorMessage error={action.error} />}
                </>
              ) : d.period === 'candidacies' ? (
                <ApplyForm d={d} onDone={reload} />
              ) : (
                <p>Les candidatures ne sont pas ouvertes.</p>
              )}
            </Section>
            {d.manages && (
              <Section title="Candidatures (équipe)">
                <p>
                  <Link to={`${paths.staff}?designation=${encodeURIComponent(d.documentId)}`}>Parité et indicateurs de cette désignation</Link>
                </p>
                <ul className="inv-list">
                  {(d.candidacies ?? []).map((c) => (
                    <StaffCandidacy key={c.documentId} c={c} d={d} onDone={reload} />
                  ))}
                </ul>
              </Section>
            )}
          </>
        )}
      </ApiView>
    </Page>
  );
}
