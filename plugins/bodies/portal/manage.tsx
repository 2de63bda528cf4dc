import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { formatDate, wholeNumberOf, withDe } from '@portal/format';
import { useAction } from '@portal/hooks';
import { useSession } from '@portal/session';
import { ChooseButton, MemberSearch, type FoundMember } from '@portal/member-search';
import { Button, ErrorMessage, FocusKeeper, Section, SuccessNotice, TextField, useSuccess } from '@portal/ui';
import { paths } from './shared';

/**
 * Forms for those who manage a body (staff of its federation, a section secretary for their
 * section, national admins) and for its secretariat: create a body, designate a seat, plan a
 * meeting. Each calls the API route the admin panel and the API tests use (`POST
 * /bodies/bodies`, `POST /bodies/bodies/:id/seats`, `POST /bodies/bodies/:id/meetings`); the
 * API decides who may, and its French messages are shown beside the fields.
 */

const KINDS = [
  ['bureau', 'Bureau'],
  ['conseil', 'Conseil'],
  ['commission', 'Commission'],
  ['other', 'Autre instance'],
] as const;
const ROLES = [
  ['titulaire', 'Titulaire'],
  ['suppleant', 'Suppléant·e'],
  ['president', 'Président·e'],
  ['secretaire', 'Secrétaire'],
  ['tresorier', 'Trésorier·e'],
  ['membre', 'Membre'],
] as const;
const DESIGNATIONS = [
  ['elected-congress', 'Élu·e par le congrès'],
  ['elected-council', 'Élu·e par le conseil'],
  ['ex-officio', 'Membre de droit'],
  ['co-opted', 'Coopté·e'],
] as const;
const MANAGERS = new Set(['federation-staff', 'section-secretary', 'national-admin']);
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

/**
 * « 2026-03-12T18:30 » read as Paris time → the ISO instant with its offset the API takes
 * (« 2026-03-12T18:30:00+01:00 »). Paris is UTC+1 or UTC+2: the offset kept is the one whose
 * instant Paris shows as the typed time. An hour skipped in spring gets +01:00.
 */
export function parisInstant(local: string): string {
  for (const offset of ['+02:00', '+01:00']) {
    const iso = `${local}:00${offset}`;
    const shown = new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Paris', hour12: false }).replace(' ', 'T').slice(0, 16);
    if (shown === local) return iso;
  }
  return `${local}:00+01:00`;
}

function Select({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: readonly (readonly [string, string])[]; onChange: (value: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

/** « Créer une instance »: shown to staff, section secretaries and national admins; the level follows the role. */
export function CreateBody() {
  const { me } = useSession();
  const navigate = useNavigate();
  const action = useAction<{ documentId: string }>();
  const [form, setForm] = useState({ name: '', kind: 'bureau', seatCount: '10', parityRequired: true });
  if (!me || !MANAGERS.has(me.role)) return null;
  const level = me.role === 'national-admin' ? 'national' : me.role === 'section-secretary' ? 'section' : 'federation';
  const where = level === 'national' ? 'national' : level === 'section' ? `de la section ${me.member?.section?.name ?? ''}` : `de la fédération ${me.member?.federation?.name ?? ''}`;
  const errors = action.error?.fieldErrors ?? {};
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      name: form.name,
      kind: form.kind,
      level,
      federation: level === 'federation' ? me.member?.federation?.documentId : undefined,
      section: level === 'section' ? me.member?.section?.documentId : undefined,
      seatCount: wholeNumberOf(form.seatCount),
      parityRequired: form.parityRequired,
    };
    const created = await action.run('/bodies/bodies', { method: 'POST', body });
    if (created) navigate(paths.body(created.data.documentId));
  };
  return (
    <Section title="Créer une instance">
      <form className="bodies-form" onSubmit={submit} noValidate aria-label="Créer une instance">
        <p className="meta">Instance de niveau {where}.</p>
        <TextField label="Nom de l’instance" value={form.name} required error={errors.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        <Select id="body-kind" label="Type" value={form.kind} options={KINDS} onChange={(kind) => setForm({ ...form, kind })} />
        <TextField label="Nombre de sièges" type="number" min={1} max={1000} value={form.seatCount} error={errors.seatCount} onChange={(e) => setForm({ ...form, seatCount: e.target.value })} />
        <div className="field">
          <label className="bodies-choice">
            <input type="checkbox" checked={form.parityRequired} onChange={(e) => setForm({ ...form, parityRequired: e.target.checked })} /> Parité requise
          </label>
        </div>
        <Button type="submit" pending={action.pending}>
          Créer l’instance
        </Button>
        {action.error && !Object.keys(errors).length && <ErrorMessage error={action.error} />}
      </form>
    </Section>
  );
}

/** « Désigner un membre »: find a member by name or number, then the role, how designated, and the first day. */
export function DesignateSeat({ bodyId, onDone }: { bodyId: string; onDone: () => void }) {
  const [chosen, setChosen] = useState<FoundMember | null>(null);
  const [designated, setDesignated] = useState(0);
  const [form, setForm] = useState({ role: 'titulaire', designation: 'elected-congress', startOn: today() });
  const [done, setDone] = useSuccess();
  const action = useAction();
  const errors = action.error?.fieldErrors ?? {};
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    if (await action.run(`/bodies/bodies/${encodeURIComponent(bodyId)}/seats`, { method: 'POST', body: { member: chosen.documentId, ...form } })) {
      setDone(`${chosen.firstName} ${chosen.lastName} est désigné·e à partir du ${formatDate(form.startOn)}.`);
      setChosen(null);
      setDesignated((n) => n + 1);
      onDone();
    }
  };
  return (
    <Section title="Désigner un membre">
      {/* Once a designation is recorded its form closes: focus goes back to the search, to designate the next member. */}
      <FocusKeeper target={(region) => region.querySelector<HTMLElement>('[role="search"] input')}>
        <SuccessNotice success={done} />
        <MemberSearch
          label="Rechercher un adhérent à désigner"
          onSearch={() => {
            setChosen(null);
            setDone(null);
          }}
          hideResults={chosen !== null}
          resetKey={designated}
          action={(m) => <ChooseButton member={m} onChoose={setChosen} />}
        />
        {chosen && (
          <form className="bodies-form" onSubmit={submit} noValidate aria-label={`Désignation ${withDe(`${chosen.firstName} ${chosen.lastName}`)}`}>
            <p>
              Désigner <strong>{chosen.firstName} {chosen.lastName}</strong> (n° {chosen.membershipNumber}).
            </p>
            <Select id="seat-role" label="Rôle" value={form.role} options={ROLES} onChange={(role) => setForm({ ...form, role })} />
            <Select id="seat-designation" label="Mode de désignation" value={form.designation} options={DESIGNATIONS} onChange={(designation) => setForm({ ...form, designation })} />
            <TextField label="Début du mandat" type="date" value={form.startOn} error={errors.startOn} onChange={(e) => setForm({ ...form, startOn: e.target.value })} />
            {errors.member && <p className="field-error">{errors.member}</p>}
            <Button type="submit" pending={action.pending}>
              Désigner
            </Button>{' '}
            <Button kind="link" type="button" onClick={() => setChosen(null)}>
              Annuler
            </Button>
          </form>
        )}
        {action.error && !Object.keys(errors).length && <ErrorMessage error={action.error} />}
      </FocusKeeper>
    </Section>
  );
}

/** « Planifier une réunion »: Paris date and time, a place or a visio link; the seat holders are convened. */
export function PlanMeeting({ bodyId, onDone }: { bodyId: string; onDone: () => void }) {
  const [form, setForm] = useState({ startsAt: '', place: '', remoteLink: '' });
  const [done, setDone] = useSuccess();
  const [missing, setMissing] = useState<string | undefined>();
  const action = useAction<{ convocations: number }>();
  const errors = action.error?.fieldErrors ?? {};
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    // The API's message speaks of ISO instants: a member typing a date is told in their terms.
    if (!form.startsAt) return setMissing('Indiquez la date et l’heure de la réunion.');
    setMissing(undefined);
    const body = {
      startsAt: parisInstant(form.startsAt),
      place: form.place || undefined,
      remoteLink: form.remoteLink || undefined,
    };
    const created = await action.run(`/bodies/bodies/${encodeURIComponent(bodyId)}/meetings`, { method: 'POST', body });
    if (created) {
      setDone(`Réunion planifiée : ${created.data.convocations} convocation${created.data.convocations > 1 ? 's' : ''} enregistrée${created.data.convocations > 1 ? 's' : ''}.`);
      setForm({ startsAt: '', place: '', remoteLink: '' });
      onDone();
    }
  };
  return (
    <Section title="Planifier une réunion">
      <SuccessNotice success={done} />
      <form className="bodies-form" onSubmit={submit} noValidate aria-label="Planifier une réunion">
        <TextField label="Date et heure (heure de Paris)" type="datetime-local" value={form.startsAt} error={missing ?? errors.startsAt} onChange={(e) => setForm({ ...form, startsAt: e.target.value })} />
        <TextField label="Lieu" value={form.place} error={errors.place} onChange={(e) => setForm({ ...form, place: e.target.value })} />
        <TextField label="Lien de visioconférence (https)" value={form.remoteLink} error={errors.remoteLink} onChange={(e) => setForm({ ...form, remoteLink: e.target.value })} />
        <Button type="submit" pending={action.pending}>
          Planifier la réunion
        </Button>
        {action.error && !Object.keys(errors).length && <ErrorMessage error={action.error} />}
      </form>
    </Section>
  );
}
