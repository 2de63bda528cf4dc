import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { formatDate } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { ApiView, Badge, Button, ErrorMessage, Notice, Page, Section, TextArea } from '@portal/ui';
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

function Moderate({ id, onDone }: { id: string; onDone: () => void }) {
  const action = useAction();
  const decide = async (status: 'published' | 'rejected') => {
    if (await action.run(`/mandates/questions/${encodeURIComponent(id)}/moderate`, { method: 'POST', body: { status } })) onDone();
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

/** A mandate report, its questions and answers; members ask, the official answers, staff moderate. */
export default function ReportPage() {
  const { id = '' } = useParams();
  const report = useApi<ReportView>(`/mandates/reports/${encodeURIComponent(id)}`);
  const [question, setQuestion] = useState('');
  const [sent, setSent] = useState(false);
  const ask = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await ask.run(`/mandates/reports/${encodeURIComponent(id)}/questions`, { method: 'POST', body: { text: question } })) {
      setQuestion('');
      setSent(true);
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
            <div className="mandates-body">{r.body}</div>
            <Section title="Questions des adhérent·es">
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
                      {r.may.moderate && q.status === 'pending' && <Moderate id={q.documentId} onDone={report.reload} />}
                    </li>
                  ))}
                </ul>
              )}
              <form onSubmit={submit} noValidate>
                {sent && <Notice kind="success">Question envoyée : elle sera publiée après modération par la fédération.</Notice>}
                <TextArea label="Poser une question à l’élu·e" value={question} onChange={(e) => setQuestion(e.target.value)} rows={3} maxLength={2000} error={ask.error?.fieldErrors.text} />
                {ask.error && !ask.error.fieldErrors.text && <ErrorMessage error={ask.error} />}
                <Button type="submit" pending={ask.pending}>
                  Envoyer la question
                </Button>
              </form>
            </Section>
          </>
        )}
      </ApiView>
    </Page>
  );
}
