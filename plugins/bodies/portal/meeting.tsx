import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatDate, formatDateTime } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { ApiView, Badge, Button, ErrorMessage, Page, Section, SuccessNotice, TextArea, TextField, useSuccess } from '@portal/ui';
import { MeetingFacts, paths } from './shared';
import type { Meeting, MeetingDetail, MeetingMinutes, MinutesItem, MinutesVersion, Presence, SheetLine } from './types';

const PRESENCES: { value: Presence; label: string }[] = [
  { value: 'present', label: 'Présent·e' },
  { value: 'remote', label: 'À distance' },
  { value: 'excused', label: 'Excusé·e' },
  { value: 'absent', label: 'Absent·e' },
];

/** A meeting: agenda, minutes (published ones; every version for the secretary), the attendance sheet. */
export default function MeetingPage() {
  const { id = '' } = useParams();
  const meeting = useApi<MeetingDetail>(`/bodies/meetings/${encodeURIComponent(id)}`);
  const minutes = useApi<MeetingMinutes>(`/bodies/meetings/${encodeURIComponent(id)}/minutes`);
  return (
    <ApiView state={meeting} lines={6}>
      {(m) => (
        <Page title={`${m.body.name} — ${formatDate(m.heldOn)}`} back={{ to: paths.body(m.body.documentId), label: m.body.name }}>
          <MeetingFacts meeting={m} />
          {m.agenda.length > 0 && (
            <Section title="Ordre du jour">
              <ol className="compact-list">
                {m.agenda.map((item, i) => (
                  <li key={i}>{item.title}</li>
                ))}
              </ol>
            </Section>
          )}
          {m.may.runSecretariat && <SecretaryActions meeting={m} onChange={meeting.reload} />}
          <ApiView state={minutes} lines={3}>
            {(data) => <MinutesSection meeting={m} data={data} onChange={minutes.reload} />}
          </ApiView>
          {m.status === 'held' && (m.may.runSecretariat ? <AttendanceForm meeting={m} onSaved={meeting.reload} /> : <Sheet lines={m.sheet} />)}
        </Page>
      )}
    </ApiView>
  );
}

function SecretaryActions({ meeting, onChange }: { meeting: MeetingDetail; onChange: () => void }) {
  const action = useAction();
  if (meeting.status !== 'planned') return null;
  const set = async (status: 'held' | 'cancelled') => {
    if (await action.run(`/bodies/meetings/${meeting.documentId}/status`, { method: 'POST', body: { status } })) onChange();
  };
  return (
    <Section title="Secrétariat">
      <p className="meta">{meeting.convocations} convocation{meeting.convocations > 1 ? 's' : ''} enregistrée{meeting.convocations > 1 ? 's' : ''}.</p>
      <p className="actions">
        <Button onClick={() => set('held')} pending={action.pending}>
          La réunion se tient : ouvrir la feuille de présence
        </Button>
        <Button kind="secondary" onClick={() => set('cancelled')} pending={action.pending}>
          Annuler la réunion
        </Button>
      </p>
      {action.error && <ErrorMessage error={action.error} />}
    </Section>
  );
}

function Sheet({ lines }: { lines: SheetLine[] }) {
  return (
    <Section title="Feuille de présence">
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Feuille de présence</caption>
          <thead>
            <tr>
              <th scope="col">Membre</th>
              <th scope="col">Rôle</th>
              <th scope="col">Présence</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.seat}>
                <td>{l.member}</td>
                <td>{l.roleLabel}</td>
                <td>
                  {l.presenceLabel}
                  {l.arrivedLate && ', arrivé·e en retard'}
                  {l.leftEarly && ', parti·e avant la fin'}
                  {l.replaced && ' (remplacé·e)'}
                  {l.substituteFor && ' (remplace un·e titulaire)'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

type Row = { presence: Presence | null; arrivedLate: boolean; leftEarly: boolean; substituteFor: string | null };

/** The secretary's sheet, phone-first: one block per seat with large radio buttons; saved whole. */
function AttendanceForm({ meeting, onSaved }: { meeting: MeetingDetail; onSaved: () => void }) {
  const initial = () => Object.fromEntries(meeting.sheet.map((l) => [l.seat, { presence: l.presence, arrivedLate: l.arrivedLate, leftEarly: l.leftEarly, substituteFor: l.substituteFor }])) as Record<string, Row>;
  const [rows, setRows] = useState<Record<string, Row>>(initial);
  const [saved, setSaved] = useSuccess();
  const action = useAction();
  useEffect(() => setRows(initial()), [meeting]); // eslint-disable-line react-hooks/exhaustive-deps
  const titulars = meeting.sheet.filter((l) => l.role === 'titulaire');
  const change = (seat: string, patch: Partial<Row>) => {
    setSaved(null);
    setRows((r) => ({ ...r, [seat]: { ...r[seat], ...patch } }));
  };
  const save = async () => {
    const body = { rows: meeting.sheet.map((l) => ({ seat: l.seat, ...rows[l.seat], substituteFor: rows[l.seat].substituteFor || null })) };
    if (await action.run(`/bodies/meetings/${meeting.documentId}/attendance`, { method: 'PUT', body })) {
      setSaved('Feuille de présence enregistrée.');
      onSaved();
    }
  };
  const left = meeting.sheet.filter((l) => !rows[l.seat]?.presence).length;
  return (
    <Section title="Feuille de présence">
      <p className="meta" aria-live="polite">
        {left ? `${left} ligne${left > 1 ? 's' : ''} à saisir.` : 'Toutes les lignes sont saisies.'}
      </p>
      <ul className="bodies-sheet">
        {meeting.sheet.map((l) => (
          <li key={l.seat}>
            <fieldset>
              <legend>
                {l.member} <span className="meta">· {l.roleLabel}</span>
              </legend>
              <div className="bodies-choices">
                {PRESENCES.map((p) => (
                  <label key={p.value} className="bodies-choice">
                    <input type="radio" name={`presence-${l.seat}`} value={p.value} checked={rows[l.seat]?.presence === p.value} onChange={() => change(l.seat, { presence: p.value })} />
                    {p.label}
                  </label>
                ))}
                <label className="bodies-choice">
                  <input type="checkbox" checked={rows[l.seat]?.arrivedLate ?? false} onChange={(e) => change(l.seat, { arrivedLate: e.target.checked })} />
                  En retard
                </label>
                <label className="bodies-choice">
                  <input type="checkbox" checked={rows[l.seat]?.leftEarly ?? false} onChange={(e) => change(l.seat, { leftEarly: e.target.checked })} />
                  Parti·e avant la fin
                </label>
              </div>
              {l.role === 'suppleant' && titulars.length > 0 && (
                <div className="field">
                  <label htmlFor={`remplace-${l.seat}`}>Remplace</label>
                  <select id={`remplace-${l.seat}`} value={rows[l.seat]?.substituteFor ?? ''} onChange={(e) => change(l.seat, { substituteFor: e.target.value || null })}>
                    <option value="">Personne</option>
                    {titulars.map((t) => (
                      <option key={t.seat} value={t.seat}>
                        {t.member}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </fieldset>
          </li>
        ))}
      </ul>
      <p className="actions">
        <Button onClick={save} pending={action.pending}>
          Enregistrer la feuille de présence
        </Button>
      </p>
      {action.error && <ErrorMessage error={action.error} />}
      <SuccessNotice success={saved} />
    </Section>
  );
}

function VersionView({ version }: { version: MinutesVersion }) {
  return (
    <article className="bodies-item">
      <h3>
        Version {version.version} <Badge tone={version.status === 'published' ? 'success' : version.status === 'approved' ? 'info' : 'neutral'}>{version.statusLabel}</Badge>
      </h3>
      {version.approvedOn && <p className="meta">Approuvé le {formatDate(version.approvedOn)}{version.releasedOn ? `, publié le ${formatDate(version.releasedOn)}` : ''}.</p>}
      {version.summary && <p>{version.summary}</p>}
      {version.items.map((item, i) => (
        <div key={i}>
          <h4>
            {item.title} {item.confidential && <Badge tone="warning">Confidentiel</Badge>}
          </h4>
          {item.discussion && <p>{item.discussion}</p>}
          {item.decisions.length > 0 && (
            <ul className="compact-list">
              {item.decisions.map((d, j) => (
                <li key={j}>
                  {d.text} — pour {d.votesFor}, contre {d.votesAgainst}, abstentions {d.abstentions}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </article>
  );
}

/** Minutes: published versions for members; the secretary drafts, approves, publishes and corrects. */
function MinutesSection({ meeting, data, onChange }: { meeting: MeetingDetail; data: MeetingMinutes; onChange: () => void }) {
  const latest = data.versions[0];
  return (
    <Section title="Procès-verbal">
      {data.versions.length === 0 && <p className="empty">{meeting.status === 'held' ? 'Pas encore de procès-verbal publié.' : 'Le procès-verbal suivra la réunion.'}</p>}
      {data.may.runSecretariat && meeting.status === 'held' && (!latest || latest.status === 'draft') && <MinutesEditor meeting={meeting} draft={latest} onSaved={onChange} />}
      {data.may.runSecretariat && latest && <MinutesActions meeting={meeting} latest={latest} onChange={onChange} />}
      {data.versions.filter((v) => data.may.runSecretariat ? v !== latest || v.status !== 'draft' : true).map((v) => (
        <VersionView key={v.documentId} version={v} />
      ))}
    </Section>
  );
}

function MinutesActions({ meeting, latest, onChange }: { meeting: MeetingDetail; latest: MinutesVersion; onChange: () => void }) {
  const meetings = useApi<Meeting[]>(latest.status === 'draft' ? `/bodies/bodies/${meeting.body.documentId}/meetings` : null);
  const later = (meetings.data ?? []).filter((m) => m.status === 'held' && m.startsAt > meeting.startsAt);
  const [at, setAt] = useState('');
  const action = useAction();
  const run = async (path: string, body?: unknown) => {
    if (await action.run(path, { method: 'POST', body: body ?? {} })) onChange();
  };
  return (
    <div className="actions">
      {latest.status === 'draft' && (
        later.length ? (
          <>
            <label htmlFor="approuve-a">Approuvé à la réunion du</label>
            <select id="approuve-a" value={at} onChange={(e) => setAt(e.target.value)}>
              <option value="">Choisir…</option>
              {later.map((m) => (
                <option key={m.documentId} value={m.documentId}>
                  {formatDateTime(m.startsAt)}
                </option>
              ))}
            </select>
            <Button kind="secondary" disabled={!at} pending={action.pending} onClick={() => run(`/bodies/minutes/${latest.documentId}/approve`, { atMeeting: at })}>
              Approuver
            </Button>
          </>
        ) : (
          <p className="meta">Le procès-verbal sera approuvé lors d’une prochaine réunion tenue.</p>
        )
      )}
      {latest.status === 'approved' && (
        <Button pending={action.pending} onClick={() => run(`/bodies/minutes/${latest.documentId}/publish`)}>
          Publier aux adhérents concernés
        </Button>
      )}
      {latest.status !== 'draft' && (
        <Button kind="secondary" pending={action.pending} onClick={() => run(`/bodies/minutes/${latest.documentId}/versions`)}>
          Corriger (nouvelle version)
        </Button>
      )}
      {action.error && <ErrorMessage error={action.error} />}
    </div>
  );
}

const emptyItem = (): MinutesItem => ({ title: '', discussion: '', confidential: false, decisions: [] });

/** The draft: summary and topics (title, debates, confidential, one decision with its votes). */
function MinutesEditor({ meeting, draft, onSaved }: { meeting: MeetingDetail; draft?: MinutesVersion; onSaved: () => void }) {
  const [summary, setSummary] = useState(draft?.summary ?? '');
  const [items, setItems] = useState<MinutesItem[]>(draft?.items.length ? draft.items : meeting.agenda.map((a) => ({ ...emptyItem(), title: a.title })));
  const action = useAction();
  const [saved, setSaved] = useSuccess();
  const edit = (i: number, patch: Partial<MinutesItem>) => {
    setSaved(null);
    setItems((list) => list.map((item, j) => (j === i ? { ...item, ...patch } : item)));
  };
  const save = async () => {
    if (await action.run(`/bodies/meetings/${meeting.documentId}/minutes`, { method: 'PUT', body: { summary, items } })) {
      setSaved('Brouillon enregistré.');
      onSaved();
    }
  };
  return (
    <form className="bodies-item" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3>Brouillon{draft ? ` (version ${draft.version})` : ''}</h3>
      <TextArea label="Résumé des débats" value={summary} onChange={(e) => setSummary(e.target.value)} rows={4} />
      {items.map((item, i) => (
        <fieldset key={i} className="bodies-item">
          <legend>Sujet {i + 1}</legend>
          <TextField label="Sujet" value={item.title} onChange={(e) => edit(i, { title: e.target.value })} />
          <TextArea label="Débats" value={item.discussion} onChange={(e) => edit(i, { discussion: e.target.value })} rows={3} />
          <TextField
            label="Décision (facultatif)"
            value={item.decisions[0]?.text ?? ''}
            onChange={(e) => edit(i, { decisions: e.target.value ? [{ ...(item.decisions[0] ?? { votesFor: 0, votesAgainst: 0, abstentions: 0 }), text: e.target.value }] : [] })}
          />
          {item.decisions[0] && (
            <div className="bodies-choices">
              {(['votesFor', 'votesAgainst', 'abstentions'] as const).map((key) => (
                <TextField
                  key={key}
                  label={key === 'votesFor' ? 'Pour' : key === 'votesAgainst' ? 'Contre' : 'Abstentions'}
                  type="number"
                  min={0}
                  inputMode="numeric"
                  value={String(item.decisions[0][key])}
                  onChange={(e) => edit(i, { decisions: [{ ...item.decisions[0], [key]: Math.max(0, Number.parseInt(e.target.value, 10) || 0) }] })}
                />
              ))}
            </div>
          )}
          <label className="bodies-choice">
            <input type="checkbox" checked={item.confidential} onChange={(e) => edit(i, { confidential: e.target.checked })} />
            Confidentiel (reste aux membres de l’instance)
          </label>
        </fieldset>
      ))}
      <p className="actions">
        <Button kind="secondary" onClick={() => setItems((list) => [...list, emptyItem()])}>
          Ajouter un sujet
        </Button>
        <Button type="submit" pending={action.pending}>
          Enregistrer le brouillon
        </Button>
      </p>
      {action.error && <ErrorMessage error={action.error} />}
      <SuccessNotice success={saved} />
      <p className="meta">
        <Link to={paths.body(meeting.body.documentId)}>Retour à l’instance</Link>
      </p>
    </form>
  );
}
