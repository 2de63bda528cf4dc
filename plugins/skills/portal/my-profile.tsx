import { useEffect, useState, type FormEvent } from 'react';
import { formatDate, wholeNumberOf } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { ApiView, Button, ErrorMessage, FocusKeeper, Notice, Page, Section, SuccessNotice, TextField, useSuccess } from '@portal/ui';
import { ProfileFields, SkillsTabs, type ProfileView, type Term } from './shared';

type Level = 'private' | 'staff' | 'section' | 'federation' | 'all';
interface Mine {
  profile: (ProfileView & { visibility: Exclude<Level, 'private'>; fieldLevels: Partial<Record<string, Level>> }) | null;
  consent: { version: string; text: string; given: boolean; current: boolean; givenAt: string | null; withdrawnAt: string | null };
  listed: boolean;
  choices: { levels: Record<Level, string>; fields: Record<string, string>; willingness: Record<string, string>; skillLevels: Record<string, string> };
}
interface Census {
  id: number;
  title: string;
  message: string | null;
  closesOn: string;
  open: boolean;
}

const FIELDS = ['skills', 'sector', 'networks', 'interests', 'availability', 'languages', 'email', 'phone'];

/** The profile's parts whose refusal shows beside their own text field (« languages.1 » is the languages field's). */
const INLINE_PARTS = ['sector', 'hoursPerMonth', 'languages'] as const;
type InlinePart = (typeof INLINE_PARTS)[number];

/** The text field an API error path (`fieldErrors`' key) belongs to, or null when it shows under the form. Pure. */
function inlinePart(path: string): InlinePart | null {
  return INLINE_PARTS.find((part) => path === part || path.startsWith(`${part}.`)) ?? null;
}

/** The first French refusal of each text field, from the API's `fieldErrors`. Pure. */
function inlineErrors(fieldErrors: Record<string, string>): Partial<Record<InlinePart, string>> {
  const out: Partial<Record<InlinePart, string>> = {};
  for (const [path, message] of Object.entries(fieldErrors)) {
    const part = inlinePart(path);
    if (part && !out[part]) out[part] = message;
  }
  return out;
}

/** « Ma fiche »: consent (with its text and version), my profile, who sees what, and the preview « ce que voient les autres ». */
export default function MyProfilePage() {
  const mine = useApi<Mine>('/skills/me/profile');
  const censuses = useApi<Census[]>('/skills/censuses');
  return (
    <Page title="Ma fiche compétences" intro={<p>Vos compétences, vos réseaux et ce que vous êtes prêt·e à faire pour le parti. Rien n’est montré sans votre accord.</p>}>
      <SkillsTabs />
      <ApiView state={censuses} lines={1}>
        {(list) =>
          list.filter((c) => c.open).map((c) => (
            <Notice key={c.id} kind="info">
              <strong>{c.title}</strong> — votre fédération recense les compétences de ses adhérents jusqu’au {formatDate(c.closesOn)}.{c.message ? ` ${c.message}` : ''}
            </Notice>
          ))
        }
      </ApiView>
      <ApiView state={mine} lines={6}>
        {(data) => (
          <>
            <Consent data={data} onChange={mine.reload} />
            <ProfileForm data={data} onSaved={mine.reload} />
            {data.profile && <Preview key={`${data.listed}-${data.consent.givenAt}-${JSON.stringify(data.profile)}`} />}
          </>
        )}
      </ApiView>
    </Page>
  );
}

/**
 * The consent, given or withdrawn in one click: the button pressed gives way to the other one,
 * which takes focus (FocusKeeper: never the page itself), and the change is told by the
 * section's SuccessNotice.
 */
function Consent({ data, onChange }: { data: Mine; onChange: () => void }) {
  const action = useAction();
  const [done, setDone] = useSuccess();
  const give = async () => {
    if (await action.run('/skills/me/consent', { method: 'POST', body: { version: data.consent.version } })) {
      setDone('Merci : votre fiche figure désormais dans l’annuaire, pour les personnes que vous avez choisies.');
      onChange();
    }
  };
  const withdraw = async () => {
    if (await action.run('/skills/me/consent/withdraw', { method: 'POST', body: {} })) {
      setDone('Consentement retiré : votre fiche n’apparaît plus dans l’annuaire ni dans la recherche.');
      onChange();
    }
  };
  return (
    <Section title="Mon consentement">
      <p className="skills-consent">{data.consent.text}</p>
      <p className="meta">Version du texte : {data.consent.version}</p>
      <FocusKeeper>
        {data.consent.current ? (
          <>
            <p>
              Vous avez donné votre accord le {formatDate(data.consent.givenAt!.slice(0, 10))}.{' '}
              {data.listed ? 'Votre fiche figure dans l’annuaire.' : 'Votre fiche n’est pas montrée pour le moment (adhésion suspendue).'}
            </p>
            <Button kind="danger" onClick={withdraw} pending={action.pending}>
              Retirer mon consentement
            </Button>
          </>
        ) : (
          <>
            {data.consent.given && <Notice kind="warning">Le texte a changé depuis votre accord : relisez-le et acceptez-le à nouveau.</Notice>}
            <Button onClick={give} pending={action.pending}>
              J’accepte et je figure dans l’annuaire
            </Button>
          </>
        )}
      </FocusKeeper>
      <SuccessNotice success={done} />
      {action.error && <ErrorMessage error={action.error} />}
    </Section>
  );
}

function ProfileForm({ data, onSaved }: { data: Mine; onSaved: () => void }) {
  const terms = useApi<Term[]>('/skills/terms');
  const save = useAction();
  const p = data.profile;
  const [visibility, setVisibility] = useState<Level>(p?.visibility ?? 'staff');
  const [fieldLevels, setFieldLevels] = useState<Partial<Record<string, Level>>>(p?.fieldLevels ?? {});
  const [skills, setSkills] = useState<{ term: string; level: number }[]>(p?.skills?.map((s) => ({ term: s.term, level: s.level })) ?? []);
  const [networks, setNetworks] = useState<string[]>(p?.networks?.map((n) => n.term) ?? []);
  const [interests, setInterests] = useState<string[]>(p?.interests?.map((n) => n.term) ?? []);
  const [willingness, setWillingness] = useState<string[]>(p?.availability?.willingness.map((w) => w.value) ?? []);
  const [hours, setHours] = useState(p?.availability?.hoursPerMonth != null ? String(p.availability.hoursPerMonth) : '');
  const [sector, setSector] = useState(p?.sector ?? '');
  const [languages, setLanguages] = useState((p?.languages ?? ['fr']).join(', '));
  const [saved, setSaved] = useSuccess();
  const [newSkill, setNewSkill] = useState('');
  useEffect(() => setSaved(null), [visibility, skills, networks, interests, willingness, hours, sector, languages, fieldLevels]);

  const all = terms.data ?? [];
  const ofKind = (kind: Term['kind']) => all.filter((t) => t.kind === kind);
  const label = (slug: string) => all.find((t) => t.slug === slug)?.label ?? slug;
  const toggle = (list: string[], set: (v: string[]) => void, value: string, on: boolean) => set(on ? [...list, value] : list.filter((v) => v !== value));

  // The API's refusals shown beside their field (cleared once the member changes it, see
  // useFieldError); the others (skills, networks, visibility…) in the message under the form.
  const fieldErrors = save.error?.fieldErrors ?? {};
  const inline = inlineErrors(fieldErrors);
  const elsewhere = Object.keys(fieldErrors).some((path) => inlinePart(path) === null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      visibility,
      fieldLevels,
      sector: sector.trim() || null,
      skills,
      networks,
      interests,
      willingness,
      hoursPerMonth: hours.trim() === '' ? null : wholeNumberOf(hours),
      languages: languages.split(/[,\s]+/).map((l) => l.trim().toLowerCase()).filter(Boolean),
    };
    if (await save.run('/skills/me/profile', { method: 'PUT', body })) {
      setSaved('Fiche enregistrée.');
      onSaved();
    }
  };
  const levels = Object.entries(data.choices.levels) as [Level, string][];

  return (
    <Section title="Ma fiche">
      <form onSubmit={submit} noValidate aria-label="Ma fiche compétences" className="skills-form">
        <fieldset>
          <legend>Mes compétences</legend>
          {skills.length === 0 && <p className="empty">Aucune compétence pour le moment.</p>}
          {skills.map((s, i) => (
            <div className="skills-row" key={s.term}>
              <div className="field">
                <label htmlFor={`level-${s.term}`}>Niveau en {label(s.term)}</label>
                <select id={`level-${s.term}`} value={s.level} onChange={(e) => setSkills(skills.map((x, k) => (k === i ? { ...x, level: Number(e.target.value) } : x)))}>
                  {Object.entries(data.choices.skillLevels).map(([value, text]) => (
                    <option key={value} value={value}>
                      {value} — {text}
                    </option>
                  ))}
                </select>
              </div>
              <Button kind="secondary" onClick={() => setSkills(skills.filter((_, k) => k !== i))}>
                Retirer {label(s.term)}
              </Button>
            </div>
          ))}
          <div className="skills-row">
            <div className="field">
              <label htmlFor="skills-new">Ajouter une compétence</label>
              <select id="skills-new" value={newSkill} onChange={(e) => setNewSkill(e.target.value)}>
                <option value="">Choisir…</option>
                {ofKind('skill')
                  .filter((t) => !skills.some((s) => s.term === t.slug))
                  .map((t) => (
                    <option key={t.slug} value={t.slug}>
                      {t.label}
                    </option>
                  ))}
              </select>
            </div>
            <Button
              kind="secondary"
              disabled={!newSkill}
              onClick={() => {
                setSkills([...skills, { term: newSkill, level: 2 }]);
                setNewSkill('');
              }}
            >
              Ajouter
            </Button>
          </div>
        </fieldset>
        <TextField label="Secteur d’activité" value={sector} onChange={(e) => setSector(e.target.value)} maxLength={200} error={inline.sector} />
        {(['network', 'interest'] as const).map((kind) => (
          <fieldset key={kind}>
            <legend>{kind === 'network' ? 'Mes réseaux (associations, syndicats, professions, entreprises)' : 'Mes centres d’intérêt'}</legend>
            <div className="skills-choices">
              {ofKind(kind).map((t) => {
                const list = kind === 'network' ? networks : interests;
                return (
                  <label key={t.slug} className="skills-choice">
                    <input type="checkbox" checked={list.includes(t.slug)} onChange={(e) => toggle(list, kind === 'network' ? setNetworks : setInterests, t.slug, e.target.checked)} />
                    {t.label}
                  </label>
                );
              })}
            </div>
          </fieldset>
        ))}
        <fieldset>
          <legend>Ce que je veux bien faire</legend>
          <div className="skills-choices">
            {Object.entries(data.choices.willingness).map(([value, text]) => (
              <label key={value} className="skills-choice">
                <input type="checkbox" checked={willingness.includes(value)} onChange={(e) => toggle(willingness, setWillingness, value, e.target.checked)} />
                {text}
              </label>
            ))}
          </div>
        </fieldset>
        {/* Text, not type="number": a number input turns « huit » or « 2,5 » into an empty value, which would clear the hours without a word. */}
        <TextField label="Heures par mois, à peu près" hint="Un nombre entier, de 0 à 200 ; vide si vous ne savez pas." inputMode="numeric" autoComplete="off" value={hours} onChange={(e) => setHours(e.target.value)} error={inline.hoursPerMonth} />
        <TextField label="Langues (codes de deux lettres : fr, en, es…)" value={languages} onChange={(e) => setLanguages(e.target.value)} maxLength={60} error={inline.languages} />
        <fieldset>
          <legend>Qui voit ma fiche</legend>
          <div className="field">
            <label htmlFor="skills-visibility">Ma fiche est visible par</label>
            <select id="skills-visibility" value={visibility} onChange={(e) => setVisibility(e.target.value as Level)}>
              {levels.filter(([value]) => value !== 'private').map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </div>
          <p className="hint">Pour chaque rubrique, vous pouvez choisir plus restreint (jamais plus large que la fiche).</p>
          {FIELDS.map((field) => (
            <div className="field" key={field}>
              <label htmlFor={`level-field-${field}`}>Qui voit : {data.choices.fields[field]}</label>
              <select id={`level-field-${field}`} value={fieldLevels[field] ?? ''} onChange={(e) => setFieldLevels({ ...fieldLevels, [field]: (e.target.value || undefined) as Level | undefined })}>
                <option value="">{field === 'email' || field === 'phone' ? 'Moi seulement (par défaut)' : 'Comme la fiche'}</option>
                {levels.map(([value, text]) => (
                  <option key={value} value={value}>
                    {text}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </fieldset>
        <Button type="submit" pending={save.pending}>
          Enregistrer ma fiche
        </Button>
        <SuccessNotice success={saved} />
        {save.error && (elsewhere || Object.keys(fieldErrors).length === 0) && <ErrorMessage error={save.error} />}
      </form>
    </Section>
  );
}

const AUDIENCES: [string, string][] = [
  ['section', 'Un adhérent de ma section'],
  ['federation', 'Un adhérent de ma fédération'],
  ['member', 'Un adhérent d’une autre fédération'],
  ['staff', 'L’équipe de ma fédération'],
];

function Preview() {
  const [as, setAs] = useState('federation');
  const preview = useApi<{ visible: boolean; profile: ProfileView | null }>('/skills/me/preview', { as });
  return (
    <Section title="Ce que voient les autres">
      <div className="field">
        <label htmlFor="skills-preview-as">Vu par</label>
        <select id="skills-preview-as" value={as} onChange={(e) => setAs(e.target.value)}>
          {AUDIENCES.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <ApiView state={preview} lines={3}>
        {(data) => (data.visible && data.profile ? <ProfileFields profile={data.profile} /> : <p className="empty">Cette personne ne voit pas votre fiche.</p>)}
      </ApiView>
    </Section>
  );
}
