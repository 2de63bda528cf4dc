import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAction } from '@portal/hooks';
import { wholeNumberOf } from '@portal/format';
import { useSession } from '@portal/session';
import { Button, ErrorMessage, Page, Section, TextArea, TextField } from '@portal/ui';
import { EventsTabs, ORGANISER_ROLES, paths } from './shared';

const KINDS = [
  ['cafe-debat', 'Café-débat'],
  ['debat', 'Débat'],
  ['formation', 'Formation en présentiel'],
  ['reunion-publique', 'Réunion publique'],
  ['universite-ete', 'Université d’été'],
  ['action-terrain', 'Action de terrain'],
] as const;

/** Staff announce an event: their section's (secretaries), their federation's (staff), national (national admins). */
export default function NewEventPage() {
  const { me } = useSession();
  const navigate = useNavigate();
  const action = useAction<{ documentId: string }>();
  const national = me?.role === 'national-admin';
  const secretary = me?.role === 'section-secretary';
  const [form, setForm] = useState({ kind: 'cafe-debat', title: '', theme: '', description: '', startsAt: '', endsAt: '', address: '', accessibility: '', onlineUrl: '', capacity: '', audience: 'public', organiser: secretary ? 'section' : national ? 'national' : 'federation', speaker: '', speakerTitle: '' });
  const set = (key: keyof typeof form) => (ev: { target: { value: string } }) => setForm({ ...form, [key]: ev.target.value });
  const errors = action.error?.fieldErrors ?? {};
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const section = me?.member?.section?.documentId;
    const body = {
      kind: form.kind, title: form.title, theme: form.theme || undefined, description: form.description || undefined,
      startsAt: form.startsAt, endsAt: form.endsAt || undefined, address: form.address || undefined, accessibility: form.accessibility || undefined,
      onlineUrl: form.onlineUrl || undefined, capacity: form.capacity.trim() ? wholeNumberOf(form.capacity) : undefined, audience: form.audience, organiser: form.organiser,
      section: form.organiser === 'section' ? section : undefined,
      speakers: form.speaker ? [{ name: form.speaker, title: form.speakerTitle || undefined }] : undefined,
    };
    const result = await action.run('/events/events', { method: 'POST', body });
    if (result) navigate(paths.event(result.data.documentId));
  };
  if (!ORGANISER_ROLES.has(me?.role ?? '')) {
    return (
      <Page title="Annoncer un événement">
        <EventsTabs role={me?.role} />
        <ErrorMessage error="Cette page est réservée aux secrétaires de section, à l’équipe fédérale et aux administrateurs nationaux." />
      </Page>
    );
  }
  return (
    <Page title="Annoncer un événement">
      <EventsTabs role={me?.role} />
      <Section title="L’événement">
        <form className="events-form" onSubmit={submit} noValidate>
          <label htmlFor="event-kind">Type</label>
          <select id="event-kind" value={form.kind} onChange={set('kind')}>
            {KINDS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
          <label htmlFor="event-organiser">Organisé par</label>
          <select id="event-organiser" value={form.organiser} onChange={set('organiser')}>
            {me?.member?.section && <option value="section">Ma section ({me.member.section.name})</option>}
            {!secretary && <option value="federation">Ma fédération</option>}
            {national && <option value="national">Le national</option>}
          </select>
          <TextField label="Titre" value={form.title} onChange={set('title')} error={errors.title} maxLength={200} />
          <TextField label="Thème" value={form.theme} onChange={set('theme')} error={errors.theme} />
          <TextArea label="Description" value={form.description} onChange={set('description')} error={errors.description} rows={4} />
          <TextField label="Début (heure de Paris)" type="datetime-local" value={form.startsAt} onChange={set('startsAt')} error={errors.startsAt} />
          <TextField label="Fin (facultative)" type="datetime-local" value={form.endsAt} onChange={set('endsAt')} error={errors.endsAt} />
          <TextField label="Adresse" value={form.address} onChange={set('address')} error={errors.address} />
          <TextArea label="Accessibilité" hint="Accès en fauteuil, boucle magnétique, transports…" value={form.accessibility} onChange={set('accessibility')} error={errors.accessibility} rows={2} />
          <TextField label="Ou lien en ligne" type="url" value={form.onlineUrl} onChange={set('onlineUrl')} error={errors.onlineUrl} />
          <TextField label="Intervenant·e (facultatif)" value={form.speaker} onChange={set('speaker')} />
          <TextField label="Sa qualité" hint="Chercheuse, philosophe, élu…" value={form.speakerTitle} onChange={set('speakerTitle')} />
          <TextField label="Jauge (places, vide : sans limite)" inputMode="numeric" value={form.capacity} onChange={set('capacity')} error={errors.capacity} />
          <label htmlFor="event-audience">Public</label>
          <select id="event-audience" value={form.audience} onChange={set('audience')}>
            <option value="public">Ouvert au public (page publique, inscription des citoyens)</option>
            <option value="members">Adhérents du périmètre de l’organisateur</option>
          </select>
          {action.error && !Object.keys(errors).length && <ErrorMessage error={action.error} />}
          <Button type="submit" pending={action.pending}>Annoncer</Button>
        </form>
      </Section>
    </Page>
  );
}
