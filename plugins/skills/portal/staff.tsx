import { useState, type FormEvent } from 'react';
import { formatDate, formatPercent, plural } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { useSession } from '@portal/session';
import { SkillSuggestions } from '@portal/skill-suggestions';
import { ApiView, Button, ErrorMessage, Page, Section, TextField } from '@portal/ui';
import { SkillsTabs } from './shared';

interface Figures {
  members: number | null;
  completed: number | null;
  /** « 12 », « moins de 5 » or « masqué » (a second cell masked so the first is not recovered from the total). */
  membersLabel: string;
  completedLabel: string;
  rate: number | null;
  masked: boolean;
}
interface Completion {
  id: number;
  title: string;
  closesOn: string;
  open: boolean;
  total: Figures;
  sections: (Figures & { section: string })[];
}

/**
 * Staff: « qui peut animer une formation sur X ? » (matching) and the census campaigns with
 * their completion. Another role opening it by its address reads what the page is for, as on
 * other staff pages, and nothing is asked of the API.
 */
export default function StaffPage() {
  const { isStaff } = useSession();
  if (!isStaff) {
    return (
      <Page title="Mise en relation et recensements">
        <SkillsTabs />
        <ErrorMessage error="Cette page est réservée à l’équipe fédérale et aux administrateurs nationaux." />
      </Page>
    );
  }
  return (
    <Page title="Mise en relation et recensements" intro={<p>Trouvez qui peut former, écrire ou intervenir, et suivez le recensement des compétences de votre fédération.</p>}>
      <SkillsTabs />
      <SkillSuggestions
        title="Qui peut animer une formation ?"
        intro="Les personnes qui ont déclaré la compétence et la montrent à l’équipe fédérale, les plus pertinentes d’abord (niveau, confirmation, envie de former, disponibilité, proximité). La recherche est enregistrée au journal."
        path="/skills/matching"
      />
      <Censuses />
    </Page>
  );
}

function Censuses() {
  const list = useApi<{ id: number; title: string; closesOn: string; open: boolean }[]>('/skills/censuses');
  const create = useAction<Completion>();
  const [title, setTitle] = useState('');
  const [closesOn, setClosesOn] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await create.run('/skills/censuses', { method: 'POST', body: { title, closesOn } })) {
      setTitle('');
      setClosesOn('');
      list.reload();
    }
  };
  return (
    <Section title="Recensements">
      <ApiView state={list} empty="Aucun recensement." lines={2}>
        {(censuses) => (
          <>
            {censuses.map((c) => (
              <CensusFigures key={c.id} id={c.id} />
            ))}
          </>
        )}
      </ApiView>
      <form onSubmit={submit} aria-label="Lancer un recensement">
        <h3>Lancer un recensement</h3>
        <TextField label="Titre" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required />
        <TextField label="Date de clôture" type="date" value={closesOn} onChange={(e) => setClosesOn(e.target.value)} required />
        <Button type="submit" pending={create.pending}>
          Lancer le recensement
        </Button>
        {create.error && <ErrorMessage error={create.error} />}
      </form>
    </Section>
  );
}

/** « 1 fiche », « 34 fiches », « moins de 5 fiches » (a masked count reads as several). */
const counted = (count: number | null, label: string, noun: string) => (count === null ? `${label} ${noun}s` : plural(count, noun));

function CensusFigures({ id }: { id: number }) {
  const census = useApi<Completion>(`/skills/censuses/${id}`);
  return (
    <ApiView state={census} lines={3}>
      {(c) => (
        <div className="skills-card">
          <h3>{c.title}</h3>
          <p className="meta">
            {c.open ? `En cours jusqu’au ${formatDate(c.closesOn)}` : `Clos le ${formatDate(c.closesOn)}`} · {counted(c.total.completed, c.total.completedLabel, 'fiche')} sur {counted(c.total.members, c.total.membersLabel, 'adhérent')}
            {c.total.rate != null ? ` (${formatPercent(c.total.rate / 100, 1)})` : ''}
          </p>
          <div className="table-wrap" role="region" aria-label={`Avancement du recensement ${c.title}`} tabIndex={0}>
          <table>
            <caption>Avancement par section (les nombres inférieurs à 5 sont masqués, et une seconde case quand la première se déduirait du total)</caption>
            <thead>
              <tr>
                <th scope="col">Section</th>
                <th scope="col">Adhérents</th>
                <th scope="col">Fiches remplies</th>
                <th scope="col">Taux</th>
              </tr>
            </thead>
            <tbody>
              {c.sections.map((s) => (
                <tr key={s.section}>
                  <th scope="row">{s.section}</th>
                  <td>{s.membersLabel}</td>
                  <td>{s.completedLabel}</td>
                  <td>{s.rate != null ? formatPercent(s.rate / 100, 1) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </div>
      )}
    </ApiView>
  );
}
