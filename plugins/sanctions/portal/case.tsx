import { Fragment, useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { formatDate, wholeNumberOf } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { ApiView, Badge, Button, DownloadButton, ErrorMessage, Notice, Page, Section, SelectField, SuccessNotice, TextArea, TextField, useSuccess } from '@portal/ui';
import { fileSize, LEVELS, paths, type CaseFile, type CaseView, type Decision } from './shared';

const ACCEPTED = '.pdf,.jpg,.jpeg,.png,.docx,.odt,.txt';
const ACCEPTED_HINT = 'PDF, image, document Word ou OpenDocument, texte ; 10 Mo au plus.';

/** A case: the respondent's file (facts, deadlines, documents, defence, decisions, appeal) or the commission's work. */
export default function CasePage() {
  const { id = '' } = useParams();
  const state = useApi<CaseView>(`/sanctions/cases/${encodeURIComponent(id)}`);
  return (
    <ApiView state={state} lines={6}>
      {(c) => (
        <Page title={`Affaire ${c.reference}`} back={{ to: paths.home, label: 'Commission des conflits' }}>
          <p>
            <Badge tone={c.state === 'final' ? 'success' : 'info'}>{c.stateLabel}</Badge> {c.overdue && <Badge tone="danger">En retard (échéance {formatDate(c.dueBy)})</Badge>}
          </p>
          <dl className="sanctions-dl">
            <dt>Catégorie</dt>
            <dd>
              {c.category.label} ({c.category.article})
            </dd>
            {c.respondent && (
              <>
                <dt>Personne mise en cause</dt>
                <dd>{c.respondent.name ?? c.respondent.description ?? 'à identifier'}</dd>
              </>
            )}
            {c.reporter && (
              <>
                <dt>Signalé par (confidentiel)</dt>
                <dd>
                  {c.reporter.name}
                  {c.reporter.membershipNumber ? ` — ${c.reporter.membershipNumber}` : ''}
                </dd>
              </>
            )}
            <Dates c={c} />
          </dl>
          {c.precautionaryUntil && <Notice kind="warning">Suspension conservatoire jusqu’au {formatDate(c.precautionaryUntil)}.</Notice>}
          {c.rights && (
            <Section title="Vos droits">
              <ul>
                {c.rights.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </Section>
          )}
          {c.facts && (
            <Section title="Les faits">
              <p className="sanctions-facts">{c.facts}</p>
            </Section>
          )}
          {c.documents && (
            <Section title="Pièces du dossier">
              {c.documents.length === 0 ? (
                <p className="empty">Aucune pièce.</p>
              ) : (
                <ul className="sanctions-list">
                  {c.documents.map((d, i) => (
                    <li key={i}>
                      <strong>{d.title}</strong> <span className="meta">· ajoutée le {formatDate(d.addedOn)}</span>
                      {d.content && <p className="sanctions-facts">{d.content}</p>}
                      {d.file && <FileLink file={d.file} />}
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          )}
          {c.defence && (
            <Section title="Défense écrite">
              <p className="meta">Déposée le {formatDate(c.defence.submittedOn)}</p>
              <p className="sanctions-facts">{c.defence.text}</p>
              {c.defence.file && <FileLink file={c.defence.file} />}
            </Section>
          )}
          {c.view === 'respondent' && c.may?.defend && (
            <TextForm
              id={c.documentId}
              path="defence"
              field="text"
              title={c.defence ? 'Remplacer ma défense écrite' : 'Déposer ma défense écrite'}
              label="Ma défense"
              button="Envoyer ma défense"
              done="Défense enregistrée."
              withFile="Pièce jointe (facultative)"
              onDone={state.reload}
            />
          )}
          {c.decision && <DecisionView title="Décision" decision={c.decision} />}
          {c.appeal && (
            <Section title="Appel">
              <p className="meta">Formé le {formatDate(c.appeal.appealedOn)}</p>
              <p className="sanctions-facts">{c.appeal.grounds}</p>
            </Section>
          )}
          {c.nationalDecision && <DecisionView title="Décision de la commission nationale" decision={c.nationalDecision} />}
          {c.outcome && <Notice kind="info">Décision définitive : {c.outcome.levelLabel}{c.outcome.months ? ` de ${c.outcome.months} mois` : ''}.</Notice>}
          {c.view === 'respondent' && c.may?.appeal && <TextForm id={c.documentId} path="appeal" field="grounds" title="Faire appel devant la commission nationale" label="Motifs de l’appel" button="Faire appel" done="Appel enregistré." onDone={state.reload} />}
          {(c.view === 'commission' || c.view === 'national') && <CommissionWork c={c} onDone={state.reload} />}
        </Page>
      )}
    </ApiView>
  );
}

function Dates({ c }: { c: CaseView }) {
  const rows: [string, string | null | undefined][] = [
    ['Reçue le', c.dates.receivedOn],
    ['Notifiée le', c.dates.notifiedOn],
    ['Audition', c.dates.hearingOn],
    ['Décision', c.dates.decidedOn],
    ['Appel possible jusqu’au', c.dates.appealUntil],
    ['Définitive le', c.dates.finalOn],
  ];
  return (
    <>
      {rows.filter(([, v]) => v).map(([label, v]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{formatDate(v)}</dd>
        </Fragment>
      ))}
    </>
  );
}

function DecisionView({ title, decision }: { title: string; decision: Decision }) {
  return (
    <Section title={title}>
      <p>
        <strong>
          {decision.levelLabel}
          {decision.months ? ` de ${decision.months} mois` : ''}
        </strong>{' '}
        <span className="meta">
          · le {formatDate(decision.decidedOn)} · {decision.article} · barème version {decision.scaleVersion}
        </span>
      </p>
      <p>{decision.summary}</p>
      {decision.reasoning && (
        <>
          <h3>Motivation (réservée à la commission)</h3>
          <p className="sanctions-facts">{decision.reasoning}</p>
        </>
      )}
      {decision.appealUntil && <p className="meta">Appel possible jusqu’au {formatDate(decision.appealUntil)} inclus.</p>}
    </Section>
  );
}

/** A file of the case, downloaded with the member's session. */
function FileLink({ file }: { file: CaseFile }) {
  return (
    <p className="meta">
      <DownloadButton path={file.link} name={file.name}>
        Télécharger « {file.name} »
      </DownloadButton>{' '}
      ({fileSize(file.size)})
    </p>
  );
}

/** An optional file input with its French hint and refusal. */
function FileInput({ label, error, onChange }: { label: string; error?: string; onChange: (file: File | null) => void }) {
  return <TextField label={label} hint={ACCEPTED_HINT} error={error} type="file" accept={ACCEPTED} onChange={(e) => onChange(e.target.files?.[0] ?? null)} />;
}

/** Fields as JSON, or as a multipart form when a file goes with them. */
function bodyOf(fields: Record<string, string>, file: File | null): Record<string, string> | FormData {
  if (!file) return fields;
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value) form.append(name, value);
  form.append('file', file);
  return form;
}

/** One text sent to a case route (defence, appeal), with a file when `withFile` labels one. */
function TextForm({ id, path, field, title, label, button, done, withFile, onDone }: { id: string; path: string; field: string; title: string; label: string; button: string; done: string; withFile?: string; onDone: () => void }) {
  const action = useAction();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [ok, setOk] = useSuccess();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await action.run(`/sanctions/cases/${id}/${path}`, { method: 'POST', body: bodyOf({ [field]: text }, file) })) {
      setOk(done);
      onDone();
    }
  };
  const errors = action.error?.fieldErrors ?? {};
  return (
    <Section title={title}>
      <SuccessNotice success={ok} />
      <form className="sanctions-form" onSubmit={submit} noValidate>
        <TextArea label={label} value={text} onChange={(e) => setText(e.target.value)} error={errors[field]} rows={6} />
        {withFile && <FileInput label={withFile} error={errors.file} onChange={setFile} />}
        {action.error && !errors[field] && !errors.file && <ErrorMessage error={action.error} />}
        <Button type="submit" pending={action.pending}>
          {button}
        </Button>
      </form>
    </Section>
  );
}

/** The commission's next step for the case's state. */
function CommissionWork({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const action = useAction();
  const [hearingOn, setHearingOn] = useState('');
  const [attended, setAttended] = useState(true);
  const [level, setLevel] = useState(c.repeat?.suggestedLevel ?? '');
  const [months, setMonths] = useState('');
  const [reasoning, setReasoning] = useState('');
  const [summary, setSummary] = useState('');
  const errors = action.error?.fieldErrors ?? {};
  const post = async (path: string, body: object = {}) => {
    if (await action.run(`/sanctions/cases/${c.documentId}/${path}`, { method: 'POST', body })) onDone();
  };
  const decide = (path: string) => (event: FormEvent) => {
    event.preventDefault();
    post(path, { level: level || null, ...(months.trim() ? { months: wholeNumberOf(months) } : {}), reasoning, summary });
  };
  const decisionForm = (path: string, label: string) => (
    <form className="sanctions-form" onSubmit={decide(path)} noValidate>
      {c.range && <p className="meta">Barème : {c.range.label}.</p>}
      {c.repeat && c.repeat.earlier.length > 0 && (
        <Notice kind="warning">
          Récidive sur {c.repeat.windowYears} ans : {c.repeat.earlier.map((e) => `${e.levelLabel} (${e.reference}, ${formatDate(e.finalOn)})`).join(' ; ')}. Niveau suggéré : {LEVELS.find((l) => l.value === c.repeat?.suggestedLevel)?.label}.
        </Notice>
      )}
      <SelectField id="decision-level" label="Sanction" value={level} onChange={(e) => setLevel(e.target.value)} error={errors.level}>
        <option value="">Relaxe (aucune sanction)</option>
        {LEVELS.map((l) => (
          <option key={l.value} value={l.value}>
            {l.label}
          </option>
        ))}
      </SelectField>
      {level === 'suspension' && <TextField label="Durée (mois, de 1 à 24)" type="number" min={1} max={24} value={months} onChange={(e) => setMonths(e.target.value)} error={errors.months} />}
      <TextArea label="Motivation (réservée à la commission)" value={reasoning} onChange={(e) => setReasoning(e.target.value)} error={errors.reasoning} rows={5} />
      <TextArea label="Résumé public" value={summary} onChange={(e) => setSummary(e.target.value)} error={errors.summary} rows={3} />
      <Button type="submit" pending={action.pending}>
        {label}
      </Button>
    </form>
  );
  return (
    <Section title="Travail de la commission">
      {c.state === 'received' && (
        <Button onClick={() => post('investigation')} pending={action.pending}>
          Ouvrir l’instruction
        </Button>
      )}
      {(c.state === 'investigation' || c.state === 'notified') && (
        <form className="sanctions-form" onSubmit={(e) => { e.preventDefault(); post('notification', { hearingOn }); }} noValidate>
          <TextField label={c.state === 'notified' ? 'Nouvelle date d’audition' : 'Date d’audition'} hint="Au moins 15 jours après la notification." type="date" value={hearingOn} onChange={(e) => setHearingOn(e.target.value)} error={errors.hearingOn} />
          <Button type="submit" pending={action.pending}>
            Notifier la personne mise en cause
          </Button>
        </form>
      )}
      {c.state === 'notified' && (
        <form className="sanctions-form" onSubmit={(e) => { e.preventDefault(); post('hearing', { attended }); }} noValidate>
          <p className="sanctions-check">
            <input id="attended" type="checkbox" checked={attended} onChange={(e) => setAttended(e.target.checked)} />
            <label htmlFor="attended">La personne s’est présentée</label>
          </p>
          <Button type="submit" pending={action.pending}>
            Consigner l’audition
          </Button>
        </form>
      )}
      {['received', 'investigation', 'notified', 'hearing'].includes(c.state) && <AddPiece id={c.documentId} onDone={onDone} />}
      {c.state === 'hearing' && decisionForm('decision', 'Rendre la décision')}
      {c.state === 'appeal' && c.view === 'national' && decisionForm('national-decision', 'Rendre la décision d’appel')}
      {c.state === 'decided' && (
        <Button kind="secondary" onClick={() => post('finalization')} pending={action.pending}>
          Rendre définitive (délai d’appel expiré)
        </Button>
      )}
      {action.error && !Object.keys(errors).length && <ErrorMessage error={action.error} />}
      {c.history && (
        <>
          <h3>Historique</h3>
          <ol className="sanctions-list">
            {c.history.map((h, i) => (
              <li key={i}>
                {formatDate(h.on)} — {h.step} <span className="meta">({h.by})</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </Section>
  );
}

/** The commission adds a piece to the file: a title, a description, a file, or both. */
function AddPiece({ id, onDone }: { id: string; onDone: () => void }) {
  const action = useAction();
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [added, setAdded] = useSuccess();
  const errors = action.error?.fieldErrors ?? {};
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAdded(null);
    if (await action.run(`/sanctions/cases/${id}/documents`, { method: 'POST', body: bodyOf({ title, content }, file) })) {
      setAdded('Pièce ajoutée au dossier.');
      setTitle('');
      setContent('');
      onDone();
    }
  };
  return (
    <>
      <h3>Ajouter une pièce au dossier</h3>
      <SuccessNotice success={added} />
      <form className="sanctions-form" onSubmit={submit} noValidate>
        <TextField label="Titre de la pièce" value={title} onChange={(e) => setTitle(e.target.value)} error={errors.title} />
        <TextArea label="Description (facultative si un fichier est joint)" value={content} onChange={(e) => setContent(e.target.value)} error={errors.content} rows={3} />
        <FileInput label="Fichier (facultatif)" error={errors.file} onChange={setFile} />
        {action.error && !Object.keys(errors).length && <ErrorMessage error={action.error} />}
        <Button type="submit" kind="secondary" pending={action.pending}>
          Ajouter la pièce
        </Button>
      </form>
    </>
  );
}
