import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { formatDate, withDe } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { useSession } from '@portal/session';
import { ChooseButton, MemberSearch, type FoundMember } from '@portal/member-search';
import { ApiView, Badge, Button, ErrorMessage, Notice, Page, Pagination, Section, TextArea, TextField, useFocusOnChange, useSuccess } from '@portal/ui';
import './styles.css';

/** `GET /api/membership/departures`: a member who left, not erased yet. */
interface PendingErasure {
  documentId: string;
  firstName: string;
  lastName: string;
  membershipNumber: string;
  federation: string | null;
  section: string | null;
  cause: 'departure' | 'exclusion' | 'request';
  leftOn: string | null;
  erasureRequestedOn: string | null;
  answerBy: string | null;
  erasureDue: string;
  hold: string | null;
}

const STAFF = new Set(['federation-staff', 'national-admin']);
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

/**
 * « Départs et effacements » (issue 22, staff: federation staff for their federation,
 * national admins for all): record a member's departure (searched by name or number), and
 * the members who left and are not erased yet — the day they left, the day the retention job
 * erases them, what holds their data (an open disciplinary case) — and the members whose own
 * erasure request waits on such a hold (the day asked, the day to answer by), with « Effacer maintenant »
 * after an explicit confirmation, or « Enregistrer un retour » for a member who left and
 * comes back (réadhésion). Same routes and rules as the API.
 */
export default function DeparturesPage() {
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const allowed = !!me && STAFF.has(me.role);
  const pending = useApi<PendingErasure[]>(allowed ? '/membership/departures' : null, { page, pageSize: 20 });
  // Each success replaces the form or the row it came from: focus moves to its notice, which
  // tells it. A notice of its own each time (key): a notice already shown whose text changed would
  // also be announced as a live region — the same success told twice.
  const [done, setDone] = useSuccess();
  const doneRef = useFocusOnChange<HTMLDivElement>(done);
  if (!allowed) {
    return (
      <Page title="Départs et effacements">
        <ErrorMessage error="Cette page est réservée à l’équipe fédérale et aux administrateurs nationaux." />
      </Page>
    );
  }
  const report = (message: string) => {
    setDone(message);
    pending.reload();
  };
  return (
    <Page
      title="Départs et effacements"
      intro={
        <p>
          Quand un adhérent quitte le parti, enregistrez son départ : son compte est fermé aussitôt et il ne figure plus parmi les adhérents actifs.
          Ses données sont effacées automatiquement à la fin du délai de conservation, ou plus tôt à sa demande écrite.
        </p>
      }
    >
      <div ref={doneRef} tabIndex={-1}>
        {done && (
          <Notice key={done.count} kind="success">
            {done.message}
          </Notice>
        )}
      </div>
      <RecordDeparture onDone={report} />
      <Section title="En attente d’effacement">
        <ApiView state={pending} empty="Aucun départ en attente d’effacement." lines={4}>
          {(rows, meta) => (
            <>
              <ul className="cards" aria-label="Départs en attente d’effacement">
                {rows.map((m) => (
                  <PendingCard key={m.documentId} member={m} onDone={report} />
                ))}
              </ul>
              <Pagination page={page} pageCount={meta?.pagination?.pageCount ?? 1} onPage={(p) => setParams({ page: String(p) })} />
            </>
          )}
        </ApiView>
      </Section>
    </Page>
  );
}

function PendingCard({ member, onDone }: { member: PendingErasure; onDone: (message: string) => void }) {
  const action = useAction<{ erasedOn: string }>();
  const [confirming, setConfirming] = useState(false);
  const [returning, setReturning] = useState(false);
  const name = `${member.firstName} ${member.lastName}`;
  return (
    <li className="card">
      <h3 className="card-title">
        {name} <span className="meta">n° {member.membershipNumber}</span>
      </h3>
      <dl className="facts membership-facts">
        {member.leftOn ? (
          <>
            <dt>{member.cause === 'exclusion' ? 'Exclu depuis le' : 'A quitté le parti le'}</dt>
            <dd>{formatDate(member.leftOn)}</dd>
          </>
        ) : (
          <>
            <dt>Statut</dt>
            <dd>Toujours adhérent : enregistrez son départ avant l’effacement</dd>
          </>
        )}
        {member.erasureRequestedOn && (
          <>
            <dt>Effacement demandé par l’adhérent le</dt>
            <dd>{formatDate(member.erasureRequestedOn)}</dd>
            <dt>Réponse due au plus tard le</dt>
            <dd>{member.answerBy ? formatDate(member.answerBy) : '—'} (RGPD, art. 12.3)</dd>
          </>
        )}
        {member.leftOn && (
          <>
            <dt>Effacement prévu le</dt>
            <dd>{formatDate(member.erasureDue)}</dd>
          </>
        )}
        {member.section && (
          <>
            <dt>Section</dt>
            <dd>{member.section}</dd>
          </>
        )}
        {member.federation && (
          <>
            <dt>Fédération</dt>
            <dd>{member.federation}</dd>
          </>
        )}
        <dt>Retenue</dt>
        <dd>{member.hold ? <Badge tone="warning">{member.hold}</Badge> : 'Aucune'}</dd>
      </dl>
      {!confirming ? (
        <div className="actions">
          <Button kind="secondary" disabled={Boolean(member.hold) || !member.leftOn} onClick={() => setConfirming(true)}>
            Effacer maintenant<span className="visually-hidden"> les données {withDe(name)}</span>
          </Button>
          {mayReturn(member) && !returning && (
            <Button kind="secondary" onClick={() => setReturning(true)}>
              Enregistrer un retour<span className="visually-hidden"> {withDe(name)}</span>
            </Button>
          )}
        </div>
      ) : (
        <div role="group" aria-label={`Confirmer l’effacement des données ${withDe(name)}`}>
          <p>
            Effacer maintenant les données {withDe(name)} ? Sa fiche devient « Ancien adhérent », son compte est anonymisé ; ses cotisations restent au
            titre de la comptabilité. <strong>Cette action est définitive.</strong>
          </p>
          <Button
            kind="danger"
            pending={action.pending}
            onClick={async () => {
              if (await action.run(`/membership/members/${member.documentId}/erasure`, { method: 'POST', body: {} })) {
                setConfirming(false);
                onDone(`Les données ${withDe(name)} sont effacées.`);
              }
            }}
          >
            Confirmer l’effacement
          </Button>{' '}
          <Button kind="link" onClick={() => setConfirming(false)}>
            Annuler
          </Button>
        </div>
      )}
      {/* Announced (role="alert"), focus left on the button pressed. */}
      {action.error && <ErrorMessage error={action.error} />}
      {returning && member.leftOn && (
        <RecordReturn
          member={member}
          leftOn={member.leftOn}
          onCancel={() => setReturning(false)}
          onDone={(message) => {
            setReturning(false);
            onDone(message);
          }}
        />
      )}
    </li>
  );
}

/**
 * A return is offered for a plain departure: not an exclusion (lifted by the conflicts
 * commission, not a return) nor a member's own erasure request (withdrawn on the member's
 * word only: the API's return withdraws it, the page does not offer it).
 */
function mayReturn(member: PendingErasure) {
  return member.cause === 'departure' && Boolean(member.leftOn) && !member.erasureRequestedOn;
}

/** `POST /api/membership/members/:id/return` (« réadhésion »): the day and the reason, for the audit log. */
function RecordReturn({ member, leftOn, onCancel, onDone }: { member: PendingErasure; leftOn: string; onCancel: () => void; onDone: (message: string) => void }) {
  const name = `${member.firstName} ${member.lastName}`;
  const [on, setOn] = useState(today());
  const [reason, setReason] = useState('');
  const action = useAction<{ documentId: string }>();
  const fieldErrors = action.error?.fieldErrors ?? {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await action.run(`/membership/members/${encodeURIComponent(member.documentId)}/return`, { method: 'POST', body: { on, reason } })) {
      onDone(`Le retour ${withDe(name)} est enregistré au ${formatDate(on)} : son adhésion reprend et son compte est rouvert.`);
    }
  }

  return (
    <form onSubmit={submit} aria-label={`Retour ${withDe(name)}`} noValidate>
      <p>
        Réadhésion de <strong>{name}</strong> : son départ est annulé, son ancienneté repart de la date du retour et l’effacement prévu n’a plus lieu.
      </p>
      {/* A refusal of a field is told beside it (focus goes there); any other is announced here, focus left on the button. */}
      {action.error && !Object.keys(fieldErrors).length && <ErrorMessage error={action.error} />}
      <TextField label="Date du retour" type="date" value={on} min={leftOn} max={today()} required error={fieldErrors.on} onChange={(event) => setOn(event.target.value)} />
      <TextArea
        label="Motif du retour"
        hint="Consigné au journal d’audit uniquement (réadhésion, départ enregistré par erreur…)."
        value={reason}
        required
        error={fieldErrors.reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <Button type="submit" pending={action.pending}>
        Enregistrer le retour
      </Button>{' '}
      <Button kind="link" onClick={onCancel}>
        Annuler
      </Button>
    </form>
  );
}

function RecordDeparture({ onDone }: { onDone: (message: string) => void }) {
  const [chosen, setChosen] = useState<FoundMember | null>(null);
  const [recorded, setRecorded] = useState(0);
  const [on, setOn] = useState(today());
  const [reason, setReason] = useState('');
  const action = useAction<{ documentId: string; leftOn: string }>();
  const fieldErrors = action.error?.fieldErrors ?? {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    if (await action.run(`/membership/members/${chosen.documentId}/departure`, { method: 'POST', body: { on, reason } })) {
      onDone(`Le départ ${withDe(`${chosen.firstName} ${chosen.lastName}`)} est enregistré au ${formatDate(on)} : son compte est fermé.`);
      setChosen(null);
      setReason('');
      setRecorded((n) => n + 1);
    }
  }

  return (
    <Section title="Enregistrer un départ">
      <MemberSearch
        label="Rechercher un adhérent"
        onSearch={() => setChosen(null)}
        hideResults={chosen !== null}
        resetKey={recorded}
        action={(m) => <ChooseButton member={m} onChoose={setChosen} />}
      />
      {chosen && (
        <form onSubmit={submit} aria-label={`Départ ${withDe(`${chosen.firstName} ${chosen.lastName}`)}`} noValidate>
          <p>
            Départ de <strong>{chosen.firstName} {chosen.lastName}</strong> (n° {chosen.membershipNumber}).
          </p>
          <TextField label="Date du départ" type="date" value={on} max={today()} required error={fieldErrors.on} onChange={(event) => setOn(event.target.value)} />
          <TextArea
            label="Motif"
            hint="Consigné au journal d’audit uniquement (démission, non-renouvellement, décès…)."
            value={reason}
            required
            error={fieldErrors.reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <Button type="submit" kind="danger" pending={action.pending}>
            Enregistrer le départ
          </Button>{' '}
          <Button kind="link" onClick={() => setChosen(null)}>
            Annuler
          </Button>
        </form>
      )}
      {/* A refusal of a field is told beside it (focus goes there); any other is announced here, focus left on the button. */}
      {action.error && !Object.keys(fieldErrors).length && <ErrorMessage error={action.error} />}
    </Section>
  );
}
