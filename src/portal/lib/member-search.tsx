import { useEffect, useState, type ReactNode } from 'react';
import { useApi } from './hooks';
import { ApiView, Button, TextField } from './ui';

/** `GET /api/membership/members?q=…&status=active`: a member found by name or number. */
export interface FoundMember {
  documentId: string;
  firstName: string;
  lastName: string;
  membershipNumber: string;
  joinedOn: string;
}

/**
 * Finds active members by name or number through membership's list route (so within what
 * the viewer may list: their section, their federation, all for national admins) and shows
 * each with what `action(member)` renders after their name: « Choisir » in a picker,
 * « Renvoyer l’invitation »… `hideResults` hides the list (a member was chosen);
 * a new `resetKey` empties the box and the list (after the action succeeded).
 */
export function MemberSearch({
  label,
  action,
  onSearch,
  hideResults = false,
  resetKey,
}: {
  /** The search form's accessible name, e.g. « Rechercher un adhérent à désigner ». */
  label: string;
  action: (member: FoundMember) => ReactNode;
  onSearch?: () => void;
  hideResults?: boolean;
  resetKey?: unknown;
}) {
  const [q, setQ] = useState('');
  const [search, setSearch] = useState<string | null>(null);
  const found = useApi<FoundMember[]>(search ? '/membership/members' : null, { q: search ?? '', status: 'active', pageSize: 10 });
  useEffect(() => {
    setQ('');
    setSearch(null);
  }, [resetKey]);
  return (
    <>
      <form
        role="search"
        aria-label={label}
        onSubmit={(event) => {
          event.preventDefault();
          onSearch?.();
          setSearch(q.trim() || null);
        }}
      >
        <TextField label="Nom, numéro d’adhérent ou adresse e-mail" value={q} onChange={(event) => setQ(event.target.value)} autoComplete="off" />
        <Button type="submit" kind="secondary">
          Chercher l’adhérent
        </Button>
      </form>
      {search && !hideResults && (
        <ApiView state={found} empty="Aucun adhérent actif ne correspond." lines={2}>
          {(rows) => (
            <ul className="cards" aria-label="Adhérents trouvés">
              {rows.map((m) => (
                <li key={m.documentId} className="card">
                  <p>
                    {m.firstName} {m.lastName} <span className="meta">n° {m.membershipNumber}</span>
                  </p>
                  {action(m)}
                </li>
              ))}
            </ul>
          )}
        </ApiView>
      )}
    </>
  );
}

/** The « Choisir » button of a picker, naming the member for screen readers. */
export function ChooseButton({ member, onChoose }: { member: FoundMember; onChoose: (member: FoundMember) => void }) {
  return (
    <Button kind="secondary" onClick={() => onChoose(member)}>
      Choisir<span className="visually-hidden"> {member.firstName} {member.lastName}</span>
    </Button>
  );
}
