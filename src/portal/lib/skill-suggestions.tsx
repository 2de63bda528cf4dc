import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useAction, useApi } from './hooks';
import { moduleIsOn, useSession } from './session';
import { Badge, Button, ErrorMessage, Section } from './ui';

/** One person the skills plugin's matching suggests (its `Match`, as staff may see it). */
interface Suggestion {
  profile: string;
  name: string;
  section: string | null;
  skill: { label: string; level: number; levelLabel: string; confirmed: boolean };
  willingToTrain: boolean | null;
  hoursPerMonth: number | null;
}

interface SkillTerm {
  slug: string;
  label: string;
}

interface Props {
  /** The section's title, e.g. « Trouver un formateur ». */
  title: string;
  /** What the list is for, one sentence (read before the form). */
  intro: string;
  /** The route that asks the skills plugin for this object (`POST`, body `{ skill, limit }`), e.g. `/training/courses/<id>/trainer-suggestions`. */
  path: string;
}

/**
 * « Qui a cette compétence ? » for staff on another plugin's page (a body to fill, a course to
 * run): a skill from the skills vocabulary, then the members the federation's staff may see in
 * the directory, best first, each linked to their skills profile. Shown only when the member's
 * federation has the skills module on; the route decides who may ask (and audits it).
 */
export function SkillSuggestions(props: Props) {
  const { me, modules } = useSession();
  return moduleIsOn(me, modules, 'skills') ? <SuggestionsForm {...props} /> : null;
}

function SuggestionsForm({ title, intro, path }: Props) {
  const terms = useApi<SkillTerm[]>('/skills/terms', { kind: 'skill' });
  const action = useAction<Suggestion[]>();
  const [skill, setSkill] = useState('');
  const [found, setFound] = useState<Suggestion[] | null>(null);
  const id = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFound(null);
    const res = await action.run(path, { method: 'POST', body: { skill, limit: 10 } });
    if (res) setFound(res.data);
  };
  return (
    <Section title={title}>
      <p>{intro}</p>
      <form onSubmit={submit} aria-label={title}>
        <div className="field">
          <label htmlFor={id}>Compétence recherchée</label>
          <select id={id} value={skill} onChange={(e) => setSkill(e.target.value)} required>
            <option value="">Choisir…</option>
            {(terms.data ?? []).map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" pending={action.pending} disabled={!skill}>
          Suggérer des personnes
        </Button>
      </form>
      {(action.error ?? terms.error) && <ErrorMessage error={(action.error ?? terms.error)!} />}
      {found && (
        <ol className="skill-suggestions" aria-label="Suggestions, les plus pertinentes d’abord">
          {found.length === 0 && <li>Personne ne correspond parmi les fiches que vous pouvez voir.</li>}
          {found.map((m) => (
            <li key={m.profile}>
              <Link to={`/competences/fiches/${encodeURIComponent(m.profile)}`}>{m.name}</Link>
              <span className="meta">
                {' '}
                · {m.section ?? 'sans section'} · {m.skill.label} {m.skill.level}/4 ({m.skill.levelLabel.toLowerCase()})
                {m.willingToTrain ? ' · prêt·e à former' : ''}
                {m.hoursPerMonth != null ? ` · ${m.hoursPerMonth} h par mois` : ''}
              </span>{' '}
              {m.skill.confirmed && <Badge tone="success">compétence confirmée</Badge>}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
