import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { useAction, useApi } from '@portal/hooks';
import { ApiView, Badge, Button, ChoiceGroup, ErrorMessage, FocusKeeper, Notice, Page, Section, SuccessNotice, TextArea, TextField, useFocusOnChange, useSuccess } from '@portal/ui';
import { EventFacts, paths, type EventView } from './shared';

interface DoorRow { documentId: string; name: string | null; member: boolean; state: string; stateLabel: string; checkedIn: boolean }
interface OpenConsultation { documentId: string; title: string }

/** One event: register or cancel in one click, my check-in code, my feedback; organisers: the door, the report. */
export default function EventPage() {
  const { id = '' } = useParams();
  const event = useApi<EventView>(`/events/events/${encodeURIComponent(id)}`);
  return (
    <Page title={event.data?.title ?? 'Événement'} back={{ to: paths.list, label: 'Tous les événements' }}>
      <ApiView state={event} lines={6}>
        {(e) => (
          <>
            {e.cancelled && <Notice kind="warning">Cet événement est annulé.</Notice>}
            <EventFacts e={e} />
            {e.description && <p className="events-dl">{e.description}</p>}
            <Registration e={e} reload={event.reload} />
            {e.canManage && <Door e={e} reload={event.reload} />}
            {e.canManage && <ReportForm e={e} reload={event.reload} />}
            {!e.canManage && e.report?.contribution && <Notice>Compte rendu versé à une consultation : {e.report.contribution.provenance}.</Notice>}
          </>
        )}
      </ApiView>
    </Page>
  );
}

/** What a registration's answer (the event as it now is, for the member) tells them. Pure. */
function registrationTold(view: Pick<EventView, 'registration'>): string {
  const r = view.registration;
  if (!r || r.state === 'cancelled') return 'Inscription annulée.';
  if (r.state === 'waiting') return 'Vous êtes sur la liste d’attente. Nous vous écrirons si une place se libère.';
  return `Inscription enregistrée.${r.checkInCode ? ` Votre code d’accueil : ${r.checkInCode}.` : ''}`;
}

/**
 * Register, or cancel, in one click: the button pressed gives way to the other one, which takes
 * focus (FocusKeeper: never the page itself), and the answer is told by a status region always in
 * the section (SuccessNotice).
 */
function Registration({ e, reload }: { e: EventView; reload: () => void }) {
  const action = useAction<EventView>();
  const [done, setDone] = useSuccess();
  const started = new Date(e.startsAt).getTime() <= Date.now();
  const act = async (path: string, cancelling: boolean) => {
    setDone(null);
    const answer = await action.run(path, { method: 'POST', body: {} });
    if (!answer) return;
    setDone(cancelling ? 'Inscription annulée.' : registrationTold(answer.data));
    reload();
  };
  const base = `/events/events/${encodeURIComponent(e.documentId)}`;
  return (
    <Section title="Mon inscription">
      <FocusKeeper>
        {e.registration ? (
          <>
            <p>
              <Badge tone={e.registration.state === 'confirmed' ? 'success' : 'warning'}>{e.registration.stateLabel}</Badge>
              {e.registration.checkInCode && <> Votre code d’accueil : <strong>{e.registration.checkInCode}</strong></>}
            </p>
            {!started && (
              <Button kind="secondary" pending={action.pending} onClick={() => act(`${base}/registration/cancellation`, true)}>
                Annuler mon inscription
              </Button>
            )}
            {started && e.registration.state === 'confirmed' && <Feedback e={e} reload={reload} />}
          </>
        ) : started || e.cancelled ? (
          <p>Les inscriptions sont closes.</p>
        ) : (
          <Button pending={action.pending} onClick={() => act(`${base}/registration`, false)}>
            {e.full ? 'M’inscrire sur la liste d’attente' : 'M’inscrire'}
          </Button>
        )}
      </FocusKeeper>
      <SuccessNotice success={done} />
      {action.error && <ErrorMessage error={action.error} />}
    </Section>
  );
}

/** My opinion of the event: the form stays, each save told by its SuccessNotice (focus left on the button). */
function Feedback({ e, reload }: { e: EventView; reload: () => void }) {
  const action = useAction();
  const [rating, setRating] = useState(String(e.myFeedback?.rating ?? ''));
  const [comment, setComment] = useState(e.myFeedback?.comment ?? '');
  const [saved, setSaved] = useSuccess();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    if (await action.run(`/events/events/${encodeURIComponent(e.documentId)}/feedback`, { method: 'POST', body: { rating: Number(rating), comment: comment || undefined } })) {
      setSaved('Merci : votre avis est enregistré.');
      reload();
    }
  };
  const errors = action.error?.fieldErrors ?? {};
  return (
    <form className="events-form" onSubmit={submit} noValidate>
      <ChoiceGroup legend="Votre avis (de 1 à 5)" value={rating} error={errors.rating}>
        {[1, 2, 3, 4, 5].map((n) => (
          <span key={n} className="events-check">
            <input type="radio" id={`rating-${n}`} name="rating" value={n} checked={rating === String(n)} onChange={() => setRating(String(n))} />
            <label htmlFor={`rating-${n}`}>{n}</label>
          </span>
        ))}
      </ChoiceGroup>
      <TextArea label="Commentaire (facultatif)" value={comment} onChange={(ev) => setComment(ev.target.value)} error={errors.comment} rows={3} />
      <Button type="submit" pending={action.pending}>Donner mon avis</Button>
      <SuccessNotice success={saved} />
      {e.myFeedback && <p>Avis enregistré : {e.myFeedback.rating} / 5.</p>}
      {action.error && !Object.keys(errors).length && <ErrorMessage error={action.error} />}
    </form>
  );
}

/** The door: the list with a button per person, or a code typed from the phone. */
function Door({ e, reload }: { e: EventView; reload: () => void }) {
  const rows = useApi<DoorRow[]>(`/events/events/${encodeURIComponent(e.documentId)}/registrations`);
  const action = useAction<{ name: string | null; alreadyCheckedIn: boolean; attended: number }>();
  const [code, setCode] = useState('');
  const [done, setDone] = useSuccess();
  const checkIn = async (body: Record<string, string>) => {
    const result = await action.run(`/events/events/${encodeURIComponent(e.documentId)}/check-in`, { method: 'POST', body });
    if (result) {
      setDone(`${result.data.name ?? 'La personne'} : ${result.data.alreadyCheckedIn ? 'déjà émargé·e' : 'présence enregistrée'} (${result.data.attended} présent·es).`);
      setCode('');
      rows.reload();
      reload();
    }
  };
  return (
    <Section title="Accueil et émargement">
      <p>
        {e.counts?.confirmed ?? 0} inscrit·es, {e.counts?.waiting ?? 0} en liste d’attente, {e.counts?.attended ?? 0} présent·es.
      </p>
      <form className="events-form" onSubmit={(ev) => { ev.preventDefault(); void checkIn({ code }); }} noValidate>
        <TextField label="Code d’accueil" hint="Six caractères, donnés à l’inscription." value={code} onChange={(ev) => setCode(ev.target.value)} error={action.error?.fieldErrors?.code} autoCapitalize="characters" autoComplete="off" />
        <Button type="submit" pending={action.pending}>Émarger</Button>
      </form>
      <SuccessNotice success={done} />
      {action.error && !action.error.fieldErrors?.code && <ErrorMessage error={action.error} />}
      <ApiView state={rows} empty="Personne n’est inscrit pour l’instant." lines={3}>
        {(list) => (
          <ul className="events-list">
            {list.map((r) => (
              <li key={r.documentId}>
                {r.name ?? 'Sans nom'} {!r.member && <Badge tone="info">non adhérent·e</Badge>} <Badge tone={r.state === 'confirmed' ? 'success' : 'warning'}>{r.checkedIn ? 'présent·e' : r.stateLabel}</Badge>{' '}
                {r.state === 'confirmed' && !r.checkedIn && (
                  <Button kind="secondary" onClick={() => checkIn({ registration: r.documentId })} aria-label={`Émarger ${r.name ?? ''}`}>
                    Émarger
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </ApiView>
    </Section>
  );
}

/** After the event: themes and proposals (one a line), then the consultation to send them to. */
function ReportForm({ e, reload }: { e: EventView; reload: () => void }) {
  const started = new Date(e.startsAt).getTime() <= Date.now();
  const action = useAction();
  const [themes, setThemes] = useState((e.report?.themes ?? []).join('\n'));
  const [proposals, setProposals] = useState((e.report?.proposals ?? []).join('\n'));
  const [summary, setSummary] = useState(e.report?.summary ?? '');
  const [consultation, setConsultation] = useState('');
  const consultations = useApi<OpenConsultation[]>(started && e.report && !e.report.contribution ? `/events/events/${encodeURIComponent(e.documentId)}/consultations` : null);
  // Sent, the report's notice replaces both forms (the button pressed gone): focus moves to it, which tells it.
  const [sent, setSent] = useState(false);
  const sentRef = useFocusOnChange<HTMLDivElement>(sent && !!e.report?.contribution);
  // Saved, the report's form stays: each save told by a SuccessNotice, focus left on the button.
  const [saved, setSaved] = useSuccess();
  if (!started) return null;
  const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    setSaved(null);
    if (await action.run(`/events/events/${encodeURIComponent(e.documentId)}/report`, { method: 'POST', body: { themes: lines(themes), proposals: lines(proposals), summary: summary || undefined } })) {
      setSaved('Compte rendu enregistré.');
      reload();
    }
  };
  const send = async (ev: FormEvent) => {
    ev.preventDefault();
    setSaved(null);
    if (await action.run(`/events/events/${encodeURIComponent(e.documentId)}/report/contribution`, { method: 'POST', body: { consultation } })) {
      setSent(true);
      reload();
    }
  };
  return (
    <Section title="Compte rendu">
      {e.report?.contribution ? (
        <div ref={sentRef} tabIndex={-1}>
          <Notice kind="success">Versé à une consultation le {e.report.contribution.sentOn} : {e.report.contribution.provenance}.</Notice>
        </div>
      ) : (
        <form className="events-form" onSubmit={save} noValidate>
          <TextArea label="Thèmes abordés (un par ligne)" value={themes} onChange={(ev) => setThemes(ev.target.value)} rows={3} />
          <TextArea label="Propositions (une par ligne)" value={proposals} onChange={(ev) => setProposals(ev.target.value)} rows={4} />
          <TextArea label="Résumé (facultatif)" value={summary} onChange={(ev) => setSummary(ev.target.value)} rows={3} />
          <Button type="submit" pending={action.pending}>Enregistrer le compte rendu</Button>
        </form>
      )}
      {!e.report?.contribution && <SuccessNotice success={saved} />}
      {e.report && <p>Participants comptés : {e.report.attendance}.</p>}
      {e.report && !e.report.contribution && (
        <ApiView state={consultations} empty="Aucune consultation ouverte aux contributions dans le périmètre de l’organisateur." lines={2}>
          {(list) => (
            <form className="events-form" onSubmit={send} noValidate>
              <label htmlFor="report-consultation">Verser le compte rendu à la consultation</label>
              <select id="report-consultation" value={consultation} onChange={(ev) => setConsultation(ev.target.value)}>
                <option value="">Choisissez…</option>
                {list.map((c) => (
                  <option key={c.documentId} value={c.documentId}>{c.title}</option>
                ))}
              </select>
              <Button type="submit" pending={action.pending} disabled={!consultation}>Verser comme contribution</Button>
            </form>
          )}
        </ApiView>
      )}
      {action.error && <ErrorMessage error={action.error} />}
    </Section>
  );
}
