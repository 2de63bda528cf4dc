import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useAction, useApi } from '@portal/hooks';
import { Button, ErrorMessage, Page, Pagination, Section, TextField, useFocusOnChange } from '@portal/ui';
import { paths, ProfileFields, SkillsTabs, type ProfileView, type Term } from './shared';

const WILLING: [string, string][] = [
  ['train', 'Former'], ['write', 'Rédiger'], ['analyse', 'Analyser'], ['speak', 'Prendre la parole'], ['campaign', 'Aider en campagne'],
];

/** « Annuaire des compétences »: find members by skill, words, availability — only those who opted in and chose to be seen by me. */
export default function DirectoryPage() {
  const terms = useApi<Term[]>('/skills/terms', { kind: 'skill' });
  const search = useAction<ProfileView[]>();
  const [skill, setSkill] = useState('');
  const [q, setQ] = useState('');
  const [willing, setWilling] = useState<string[]>([]);
  const [result, setResult] = useState<{ data: ProfileView[]; total: number; exact: boolean; page: number; pageCount: number } | null>(null);
  const heading = useFocusOnChange<HTMLHeadingElement>(result);

  const run = async (page = 1) => {
    const body = { ...(skill ? { skills: [skill] } : {}), ...(q.trim() ? { q: q.trim() } : {}), willing, page };
    const res = await search.run('/skills/directory/search', { method: 'POST', body });
    if (res) setResult({ data: res.data, total: res.meta?.pagination?.total ?? 0, exact: res.meta?.pagination?.totalIsExact !== false, page, pageCount: res.meta?.pagination?.pageCount ?? 1 });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(1);
  };

  return (
    <Page title="Annuaire des compétences" intro={<p>Trouvez les adhérents qui ont accepté de figurer dans l’annuaire et de se montrer à vous.</p>}>
      <SkillsTabs />
      <form onSubmit={submit} aria-label="Rechercher dans l’annuaire" className="skills-form">
        <div className="field">
          <label htmlFor="skills-skill">Compétence</label>
          <select id="skills-skill" value={skill} onChange={(e) => setSkill(e.target.value)}>
            <option value="">Toutes</option>
            {(terms.data ?? []).map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.parent ? '— ' : ''}
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <TextField label="Mots (compétence, réseau, nom)" value={q} onChange={(e) => setQ(e.target.value)} maxLength={120} />
        <fieldset>
          <legend>Disponible pour</legend>
          <div className="skills-choices">
            {WILLING.map(([value, label]) => (
              <label key={value} className="skills-choice">
                <input type="checkbox" checked={willing.includes(value)} onChange={(e) => setWilling(e.target.checked ? [...willing, value] : willing.filter((w) => w !== value))} />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <Button type="submit" pending={search.pending}>
          Rechercher dans l’annuaire
        </Button>
      </form>
      {search.error && <ErrorMessage error={search.error} />}
      {result && (
        <Section title="Résultats">
          <h3 ref={heading} tabIndex={-1}>
            {result.total === 0 ? 'Personne ne correspond.' : `${result.exact ? '' : 'Plus de '}${result.total.toLocaleString('fr-FR')} adhérent${result.total > 1 ? 's' : ''}`}
          </h3>
          <ul className="skills-list">
            {result.data.map((p) => (
              <li key={p.documentId}>
                <Link to={paths.profile(p.documentId)}>{p.name}</Link>
                <ProfileFields profile={{ ...p, email: undefined, phone: undefined }} />
              </li>
            ))}
          </ul>
          <Pagination page={result.page} pageCount={result.pageCount} onPage={(page) => void run(page)} label="Pages de résultats" />
        </Section>
      )}
    </Page>
  );
}
