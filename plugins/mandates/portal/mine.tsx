import { useState, type FormEvent } from 'react';
import { formatDate } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { ApiView, Button, ErrorMessage, Page, Section, SelectField, SuccessNotice, TextArea, TextField, useSuccess } from '@portal/ui';
import { ReportsList } from './official';
import { MandatesTabs, MandateLine, Violations } from './shared';
import type { Category, Contact, MandateReports, OfficialRow, Situation, ViolationView } from './types';

const EMPTY = { category: '', territoryCode: '', territoryName: '', startOn: '', theoreticalEndOn: '', employer: '' };

/** Declare a mandate: « Vérifier » shows the rules it would break before « Déclarer » records it. */
function DeclareForm({ onDone }: { onDone: () => void }) {
  const categories = useApi<Category[]>('/mandates/categories');
  const [values, setValues] = useState(EMPTY);
  // « Vérifier »'s answer, good news or not, told by a live region always in the page (SuccessNotice),
  // again when the same check follows; the form stays, focus on the button pressed.
  const [preview, setPreview] = useSuccess();
  const [clean, setClean] = useState(true);
  const [done, setDone] = useSuccess();
  const check = useAction<{ overlap: string | null; violations: ViolationView[] }>();
  const record = useAction<{ documentId: string; violations: ViolationView[] }>();
  const officials = useApi<OfficialRow[]>('/mandates/officials', { page: 1, pageSize: 50 });
  const body = () => ({ ...values, theoreticalEndOn: values.theoreticalEndOn || undefined, employer: values.employer || undefined });
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) => {
    setValues({ ...values, [key]: e.target.value });
    setPreview(null);
  };
  const verify = async () => {
    setPreview(null);
    const res = await check.run('/mandates/mandates/preview', { method: 'POST', body: body() });
    if (!res) return;
    const { overlap, violations } = res.data;
    setClean(violations.length === 0 && !overlap);
    setPreview(
      <>
        {overlap && <p>Ce mandat chevauche : {overlap}.</p>}
        {violations.length === 0 && !overlap ? <p>Ce mandat n’enfreint aucune règle de cumul.</p> : <Violations list={violations} />}
      </>
    );
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await record.run('/mandates/mandates', { method: 'POST', body: body() });
    if (!res) return;
    setDone(res.data.violations.length ? 'Mandat déclaré. Il enfreint une règle de cumul : voyez votre situation ci-dessous.' : 'Mandat déclaré. La fédération le vérifiera.');
    setValues(EMPTY);
    setPreview(null);
    onDone();
  };
  const error = record.error ?? check.error;
  const fieldErrors = error?.fieldErrors ?? {};
  const kind = categories.data?.find((c) => c.code === values.category);
  return (
    <form className="mandates-form" onSubmit={submit} noValidate>
      <SuccessNotice success={done} />
      {error && !Object.keys(fieldErrors).length && <ErrorMessage error={error} />}
      <SelectField id="mandat-categorie" label="Mandat ou fonction" value={values.category} onChange={set('category')} error={fieldErrors.category}>
        <option value="">Choisissez…</option>
        {(categories.data ?? []).map((c) => (
          <option key={c.code} value={c.code}>
            {c.label}
          </option>
        ))}
      </SelectField>
      <TextField label="Code officiel du territoire" hint={kind ? `${kind.territoryKindLabel}.` : 'Code INSEE de la commune, code du département, de la région, circonscription (30-01)…'} value={values.territoryCode} onChange={set('territoryCode')} error={fieldErrors.territoryCode} autoComplete="off" />
      <TextField label="Nom du territoire (facultatif)" hint="Laissé vide, le nom officiel correspondant au code est enregistré (toujours pour une commune ou un EPCI)." value={values.territoryName} onChange={set('territoryName')} error={fieldErrors.territoryName} autoComplete="off" />
      {kind?.collaborator && (
        <SelectField
          id="mandat-employeur"
          label="Employeur (facultatif)"
          hint="L’élu·e de la fédération dont vous êtes collaborateur·rice, s’il ou elle est adhérent·e."
          value={values.employer}
          onChange={set('employer')}
          error={fieldErrors.employer}
        >
          <option value="">Non adhérent·e ou non précisé</option>
          {(officials.data ?? []).map((o) => (
            <option key={o.documentId} value={o.documentId}>
              {o.firstName} {o.lastName}
            </option>
          ))}
        </SelectField>
      )}
      <TextField label="Début du mandat" type="date" value={values.startOn} onChange={set('startOn')} error={fieldErrors.startOn} />
      <TextField label="Fin prévue (facultatif)" hint={kind ? `Par défaut : ${kind.termYears} ans après le début.` : 'Par défaut : la durée habituelle du mandat.'} type="date" value={values.theoreticalEndOn} onChange={set('theoreticalEndOn')} error={fieldErrors.theoreticalEndOn} />
      <SuccessNotice success={preview} kind={clean ? 'success' : 'warning'} />
      <div className="actions">
        <Button type="button" kind="secondary" pending={check.pending} onClick={verify}>
          Vérifier les règles de cumul
        </Button>
        <Button type="submit" pending={record.pending}>
          Déclarer ce mandat
        </Button>
      </div>
    </form>
  );
}

/** Write the report of one period (summary and text). */
function ReportForm({ reports, onDone }: { reports: MandateReports[]; onDone: () => void }) {
  const owed = reports.flatMap((r) => r.periods.filter((p) => !p.report).map((p) => ({ key: `${r.mandate}|${p.periodStart}`, label: `${r.label} — période du ${formatDate(p.periodStart)} (attendu le ${formatDate(p.dueOn)})` })));
  const [choice, setChoice] = useState('');
  const [summary, setSummary] = useState('');
  const [text, setText] = useState('');
  const action = useAction();
  if (owed.length === 0) return <p className="empty">Aucun compte rendu à rédiger.</p>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const [mandate, periodStart] = (choice || owed[0].key).split('|');
    const res = await action.run(`/mandates/mandates/${encodeURIComponent(mandate)}/reports`, { method: 'POST', body: { periodStart, summary, body: text } });
    if (res) {
      setSummary('');
      setText('');
      onDone();
    }
  };
  const fieldErrors = action.error?.fieldErrors ?? {};
  return (
    <form className="mandates-form" onSubmit={submit} noValidate>
      {action.error && !Object.keys(fieldErrors).length && <ErrorMessage error={action.error} />}
      <div className="field">
        <label htmlFor="compte-rendu-periode">Période</label>
        <select id="compte-rendu-periode" value={choice || owed[0].key} onChange={(e) => setChoice(e.target.value)}>
          {owed.map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <TextField label="Résumé public" hint="Une ou deux phrases (500 caractères au plus), lues dans l’annuaire." value={summary} onChange={(e) => setSummary(e.target.value)} maxLength={500} error={fieldErrors.summary} />
      <TextArea label="Compte rendu" hint="Votre action pendant la période, vos votes, vos engagements. Mise en forme Markdown : ## titre, **gras**, *italique*, - liste, [lien](https://…). Pièces jointes : depuis la page du compte rendu, une fois publié." value={text} onChange={(e) => setText(e.target.value)} rows={10} error={fieldErrors.body} />
      <div className="actions">
        <Button type="submit" pending={action.pending}>
          Publier le compte rendu
        </Button>
      </div>
    </form>
  );
}

/** My public contact details, shown to the members of my federation only when I say so. */
function ContactForm({ contact, onDone }: { contact: Contact | null; onDone: () => void }) {
  const [values, setValues] = useState({ visible: Boolean(contact?.visible), publicEmail: contact?.publicEmail ?? '', publicPhone: contact?.publicPhone ?? '', office: contact?.office ?? '' });
  const [saved, setSaved] = useSuccess();
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const body = { visible: values.visible, publicEmail: values.publicEmail || null, publicPhone: values.publicPhone || null, office: values.office || null };
    if (await action.run('/mandates/me/contact', { method: 'PUT', body })) {
      setSaved('Coordonnées enregistrées.');
      onDone();
    }
  };
  const fieldErrors = action.error?.fieldErrors ?? {};
  return (
    <form className="mandates-form" onSubmit={submit} noValidate>
      <SuccessNotice success={saved} />
      {action.error && !Object.keys(fieldErrors).length && <ErrorMessage error={action.error} />}
      <TextField label="Adresse e-mail publique" type="email" value={values.publicEmail} onChange={(e) => setValues({ ...values, publicEmail: e.target.value })} error={fieldErrors.publicEmail} autoComplete="off" />
      <TextField label="Téléphone public" type="tel" value={values.publicPhone} onChange={(e) => setValues({ ...values, publicPhone: e.target.value })} error={fieldErrors.publicPhone} autoComplete="off" />
      <TextArea label="Permanences" hint="Où et quand vous rencontrer." value={values.office} onChange={(e) => setValues({ ...values, office: e.target.value })} rows={3} error={fieldErrors.office} />
      <div className="field">
        <label>
          <input type="checkbox" checked={values.visible} onChange={(e) => setValues({ ...values, visible: e.target.checked })} /> Montrer ces coordonnées aux adhérent·es de ma fédération
        </label>
      </div>
      <div className="actions">
        <Button type="submit" pending={action.pending}>
          Enregistrer mes coordonnées
        </Button>
      </div>
    </form>
  );
}

/** « Mes mandats »: my mandates, my situation, my reports to write, and the form to declare a mandate. */
export default function MinePage() {
  const mine = useApi<Situation>('/mandates/me');
  return (
    <Page title="Mes mandats" intro={<p>Déclarez vos mandats, vérifiez votre situation au regard des règles de cumul et publiez vos comptes rendus de mandat.</p>}>
      <MandatesTabs />
      <ApiView state={mine} lines={5}>
        {(s) => (
          <>
            <Section title="Mes mandats">
              {s.mandates.length === 0 ? (
                <p className="empty">Vous n’avez déclaré aucun mandat.</p>
              ) : (
                <ul className="mandates-list">
                  {s.mandates.map((m) => (
                    <li key={m.documentId}>
                      <MandateLine m={m} />
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title="Ma situation">
              <Violations list={s.violations} />
            </Section>
            <Section title="Mes coordonnées publiques">
              <ContactForm contact={s.contact} onDone={mine.reload} />
            </Section>
            <Section title="Mes comptes rendus">
              <ReportsList reports={s.reports} />
              <h3>Rédiger un compte rendu</h3>
              <ReportForm reports={s.reports} onDone={mine.reload} />
            </Section>
          </>
        )}
      </ApiView>
      <Section title="Déclarer un mandat">
        <DeclareForm onDone={mine.reload} />
      </Section>
    </Page>
  );
}
