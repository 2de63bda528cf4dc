import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useAction, useApi } from '@portal/hooks';
import { ApiView, Button, ErrorMessage, Notice, Page, Section, SelectField, TextArea, TextField, useFocusOnChange } from '@portal/ui';
import { CommissionTabs, paths } from './shared';

interface Scale {
  version: number;
  categories: { key: string; label: string; gravity: string }[];
}

/** A confidential report of discrimination or harassment: only the commission will know who wrote it. */
export default function ReportPage() {
  const scale = useApi<Scale>('/sanctions/scale');
  const action = useAction<{ documentId: string; reference: string }>();
  const [category, setCategory] = useState('');
  const [who, setWho] = useState('');
  const [facts, setFacts] = useState('');
  const [sent, setSent] = useState<{ documentId: string; reference: string } | null>(null);
  // The answer replaces the form (its button gone): focus moves to it, which tells it.
  const sentRef = useFocusOnChange<HTMLDivElement>(sent);
  const errors: Record<string, string> = action.error?.fieldErrors ?? {};
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await action.run('/sanctions/reports', { method: 'POST', body: { category, respondentDescription: who, facts } });
    if (result) setSent(result.data);
  };
  return (
    <Page title="Signaler un acte" intro={<p>Discrimination, harcèlement : votre signalement est transmis à la commission des conflits. Seule la commission sait qui l’a fait ; la personne mise en cause ne le saura jamais par l’intranet.</p>}>
      <CommissionTabs />
      {sent ? (
        <div ref={sentRef} tabIndex={-1}>
          <Notice kind="success">
            Signalement enregistré (affaire {sent.reference}). <Link to={paths.case(sent.documentId)}>Suivre son avancement</Link>
          </Notice>
        </div>
      ) : (
        <Section title="Votre signalement">
          <ApiView state={scale} lines={4}>
            {(s) => (
              <form className="sanctions-form" onSubmit={submit} noValidate>
                <SelectField id="report-category" label="Nature des faits" value={category} onChange={(e) => setCategory(e.target.value)} required error={errors.category}>
                  <option value="">Choisissez…</option>
                  {s.categories.filter((c) => c.gravity === 'grave').map((c) => (
                    <option key={c.key} value={c.key}>
                      {c.label}
                    </option>
                  ))}
                </SelectField>
                <TextField label="Personne mise en cause" hint="Nom, prénom, section : ce que vous savez." value={who} onChange={(e) => setWho(e.target.value)} error={errors.respondentDescription} maxLength={300} />
                <TextArea label="Récit des faits" hint="Dates, lieux, témoins éventuels." value={facts} onChange={(e) => setFacts(e.target.value)} error={errors.facts} rows={8} />
                {action.error && !Object.keys(errors).length && <ErrorMessage error={action.error} />}
                <Button type="submit" pending={action.pending}>
                  Envoyer le signalement
                </Button>
              </form>
            )}
          </ApiView>
        </Section>
      )}
    </Page>
  );
}
