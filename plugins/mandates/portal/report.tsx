import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { fileSize, formatDate } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { Markdown } from '@portal/markdown';
import { ApiView, Badge, Button, DownloadButton, ErrorMessage, FocusKeeper, Page, Section, SuccessNotice, TextArea, TextField, useSuccess } from '@portal/ui';
import { paths } from './shared';
import type { ReportView } from './types';

function Answer({ id, onDone }: { id: string; onDone: () => void }) {
  const [text, setText] = useState('');
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await action.run(`/mandates/questions/${encodeURIComponent(id)}/answer`, { method: 'POST', body: { answer: text } })) onDone();
  };
  return (
    <form onSubmit={submit} noValidate>
      <TextArea label="Votre réponse (publique)" value={text} onChange={(e) => setText(e.target.value)} rows={4} error={action.error?.fieldErrors.answer} />
      {action.error && !action.error.fieldErrors.answer && <ErrorMessage error={action.error} />}
      <Button type="submit" pending={action.pending}>
        Répondre
      </Button>
    </form>
  );
}

/** A pending question's « Publier la question » / « Refuser »; `onDone(status)` once the API recorded the decision. */
function Moderate({ id, onDone }: { id: string; onDone: (status: 'published' | 'rejected') => void }) {
  const action = useAction();
  const decide = async (status: 'published' | 'rejected') => {
    if (await action.run(`/mandates/questions/${encodeURIComponent(id)}/moderate`, { method: 'POST', body: { status } })) onDone(status);
  };
  return (
    <div className="actions">
      {action.error && <ErrorMessage error={action.error} />}
      <Button type="button" pending={action.pending} onClick={() => decide('published')}>
        Publier la question
      </Button>
      <Button type="button" kind="secondary" pending={action.pending} onClick={() => decide('rejected')}>
        Refuser
      </Button>
    </div>
  );
}

const ACCEPTED = '.pdf,.jpg,.jpeg,.png,.docx,.odt,.xlsx,.ods,.pptx,.odp,.txt';
const ACCEPTED_HINT = 'PDF, image, document, tableur ou présentation (Word, Excel, PowerPoint, OpenDocument), texte ; 10 Mo au plus, 10 fichiers par compte rendu.';

/** The report's files: everyone who reads it downloads them; the official adds and removes them. */
function Attachments({ report, onChange }: { report: ReportView; onChange: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const add = useAction();
  const remove = useAction();
  const base = `/mandates/reports/${encodeURIComponent(report.documentId)}`;
  const upload = async (e: FormEvent) => {
    e.preventDefault();
    const form = new FormData();
    if (file) form.append('file', file);
    if (await add.run(`${base}/attachments`, { method: 'POST', body: form })) {
      setFile(null);
      setInputKey((k) => k + 1);
      onChange();
    }
  };
  if (!report.may.edit && report.attachments.length === 0) return null;
  return (
    <Section title="Pièces jointes">
      {report.attachments.length === 0 ? (
        <p className="empty">Aucune pièce jointe.</p>
      ) : (
        <ul className="mandates-list">
          {report.attachments.map((a) => (
            <li key={a.key}>
              <DownloadButton path={`${base}/files/${encodeURIComponent(a.key)}`} name={a.name}>
                Télécharger « {a.name} »
              </DownloadButton>{' '}
              <span className="meta">({fileSize(a.size)}, ajoutée le {formatDate(a.addedOn)})</span>
              {report.may.edit && (
                <Button type="button" kind="secondary" pending={remove.pending} onClick={async () => (await remove.run(`${base}/attachments/${encodeURIComponent(a.key)}`, { method: 'DELETE' })) && onChange()}>
                  Retirer
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {remove.error && <ErrorMessage error={remove.error} />}
      {report.may.edit && (
        <form onSubmit={upload} noValidate>
          <TextField key={inputKey} label="Ajouter un fichier" hint={ACCEPTED_HINT} error={add.error?.fieldErrors.file} type="file" accept={ACCEPTED} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          {add.error && !add.error.fieldErrors.file && <ErrorMessage error={add.error} />}
          <Button type="submit" pending={add.pending}>
            Joindre le fichier
          </Button>
        </form>
      )}
    </Section>
  );
}

/** The official corrects the published report: a new version, the earlier one stays readable. */
function Correct({ report, onDone }: { report: ReportView; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [summary, setSummary] = useState(report.summary);
  const [body, setBody] = useState(report.body);
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await action.run(`/mandates/reports/${encodeURIComponent(report.documentId)}`, { method: 'PUT', body: { summary, body } })) {
      setOpen(false);
      onDone();
    }
  };
  if (!open) {
    return (
      <p>
        <Button type="button" kind="secondary" onClick={() => setOpen(true)}>
          Corriger le compte rendu
        </Button>
      </p>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <TextField label="Résumé public" value={summary} onChange={(e) => setSummary(e.target.value)} maxLength={500} error={action.error?.fieldErrors.summary} />
      <TextArea label="Compte rendu" hint="Mise en forme Markdown : ## titre, **gras**, *italique*, - liste, [lien](https://…). La version actuelle restera consultable." value={body} onChange={(e) => setBody(e.target.value)} rows={10} error={action.error?.fieldErrors.body} />
      {action.error && !action.error.fieldErrors.summary && !action.error.fieldErrors.body && <ErrorMessage error={action.error} />}
      <div className="actions">
        <Button type="submit" pending={action.pending}>
          Publier la correction
        </Button>
        <Button type="button" kind="secondary" onClick={() => setOpen(false)}>
          Annuler
        </Button>
      </div>
    </form>
  );
}

/** A mandate report, its questions and answers; members ask, the official answers, staff moderate. */
export default function ReportPage() {
  const { id = '' } = useParams();
  const report = useApi<ReportView>(`/mandates/reports/${encodeURIComponent(id)}`);
  const [question, setQuestion] = useState('');
  const [sent, setSent] = useSuccess();
  const [moderated, setModerated] = useSuccess();
  const ask = useAction();
  const onModerated = (status: 'published' | 'rejected') => {
    setModerated(status === 'published' ? 'Question publiée : l’élu·e peut y répondre.' : 'Question refusée : elle ne sera pas publiée.');
    report.reload();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await ask.run(`/mandates/reports/${encodeURIComponent(id)}/questions`, { method: 'POST', body: { text: question } })) {
      setQuestion('');
      setSent('Question envoyée : elle sera publiée après modération par la fédération.');
      report.reload();
    }
  };
  const back = report.data ? { to: paths.official(report.data.official.documentId), label: `${report.data.official.firstName} ${report.data.official.lastName}` } : { to: paths.directory, label: 'Nos élu·es' };
  return (
    <Page title="Compte rendu de mandat" back={back}>
      <ApiView state={report} lines={6}>
        {(r) => (
          <>
            <p>
              <strong>{r.mandate.label}</strong> — période du {formatDate(r.periodStart)} au {formatDate(r.periodEnd)}.{' '}
              <span className="meta">Publié le {formatDate(r.submittedOn)}</span> <Badge tone={r.onTime ? 'success' : 'warning'}>{r.onTime ? 'À l’heure' : 'En retard'}</Badge>
            </p>
            <p>
              <strong>{r.summary}</strong>
            </p>
            {r.correctedOn && <p className="meta">Corrigé le {formatDate(r.correctedOn)} par l’élu·e.</p>}
            <Markdown text={r.body} />
            {r.may.edit && <Correct key={r.correctedOn ?? r.submittedOn} report={r} onDone={report.reload} />}
            <Attachments report={r} onChange={report.reload} />
            {r.versions.length > 0 && (
              <Section title="Versions précédentes">
                {r.versions.map((v, i) => (
                  <details key={r.versions.length - i}>
                    <summary>
                      Version publiée le {formatDate(v.from)}, remplacée le {formatDate(v.replacedOn)}
                    </summary>
                    <p>
                      <strong>{v.summary}</strong>
                    </p>
                    <Markdown text={v.body} />
                  </details>
                ))}
              </Section>
            )}
            <Section title="Questions des adhérent·es">
              {/* A moderated question loses its buttons: focus goes to the next control (the next question's, the question form). */}
              <FocusKeeper>
                <SuccessNotice success={moderated} />
                {r.questions.length === 0 ? (
                  <p className="empty">Aucune question publiée pour le moment.</p>
                ) : (
                  <ul className="mandates-list">
                    {r.questions.map((q) => (
                      <li key={q.documentId}>
                        <p>
                          {q.text} {q.status !== 'published' && <Badge tone="neutral">{q.status === 'pending' ? 'En attente de modération' : 'Refusée'}</Badge>}
                        </p>
                        {q.answer ? (
                          <p>
                            <strong>Réponse de l’élu·e</strong> ({formatDate(q.answeredOn)}) : {q.answer}
                          </p>
                        ) : (
                          r.may.answer && q.status === 'published' && <Answer id={q.documentId} onDone={report.reload} />
                        )}
                        {r.may.moderate && q.status === 'pending' && <Moderate id={q.documentId} onDone={onModerated} />}
                      </li>
                    ))}
                  </ul>
                )}
                <form onSubmit={submit} noValidate>
                  <SuccessNotice success={sent} />
                  <TextArea label="Poser une question à l’élu·e" value={question} onChange={(e) => setQuestion(e.target.value)} rows={3} maxLength={2000} error={ask.error?.fieldErrors.text} />
                  {ask.error && !ask.error.fieldErrors.text && <ErrorMessage error={ask.error} />}
                  <Button type="submit" pending={ask.pending}>
                    Envoyer la question
                  </Button>
                </form>
              </FocusKeeper>
            </Section>
          </>
        )}
      </ApiView>
    </Page>
  );
}
