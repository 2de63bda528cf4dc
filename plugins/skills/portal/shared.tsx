import { NavLink } from 'react-router-dom';
import { useSession } from '@portal/session';
import { Badge } from '@portal/ui';
import './styles.css';

/** What the API returns for a profile as someone sees it (absent fields: not shown to them). */
export interface ProfileView {
  documentId: string;
  name: string;
  section: string | null;
  skills?: { term: string; label: string; level: number; levelLabel: string; confirmed: { by: string; at: string } | null }[];
  sector?: string | null;
  networks?: { term: string; label: string }[];
  interests?: { term: string; label: string }[];
  availability?: { willingness: { value: string; label: string }[]; hoursPerMonth: number | null };
  languages?: string[];
  email?: string | null;
  phone?: string | null;
}

export interface Term {
  slug: string;
  kind: 'skill' | 'network' | 'interest';
  label: string;
  parent: string | null;
  synonyms: string[];
}

export const paths = {
  directory: '/competences',
  mine: '/competences/ma-fiche',
  profile: (id: string) => `/competences/fiches/${encodeURIComponent(id)}`,
  networks: '/competences/reseaux',
  network: (slug: string) => `/competences/reseaux/${encodeURIComponent(slug)}`,
  staff: '/competences/equipe',
};

export function SkillsTabs() {
  const { isStaff } = useSession();
  return (
    <nav className="skills-tabs" aria-label="Compétences et réseaux">
      <NavLink to={paths.directory} end>
        Annuaire
      </NavLink>
      <NavLink to={paths.mine}>Ma fiche</NavLink>
      <NavLink to={paths.networks}>Réseaux</NavLink>
      {isStaff && <NavLink to={paths.staff}>Mise en relation et recensements</NavLink>}
    </nav>
  );
}

/** A profile's fields, those present only. */
export function ProfileFields({ profile }: { profile: ProfileView }) {
  return (
    <dl className="facts">
      {profile.section && (
        <>
          <dt>Section</dt>
          <dd>{profile.section}</dd>
        </>
      )}
      {profile.skills && (
        <>
          <dt>Compétences</dt>
          <dd>
            {profile.skills.length === 0
              ? 'aucune'
              : profile.skills.map((s, i) => (
                  <span key={s.term}>
                    {i > 0 && ', '}
                    {s.label} ({s.level}/4, {s.levelLabel.toLowerCase()}){s.confirmed && <> <Badge tone="success">confirmée</Badge></>}
                  </span>
                ))}
          </dd>
        </>
      )}
      {profile.sector && (
        <>
          <dt>Secteur d’activité</dt>
          <dd>{profile.sector}</dd>
        </>
      )}
      {profile.networks && profile.networks.length > 0 && (
        <>
          <dt>Réseaux</dt>
          <dd>{profile.networks.map((n) => n.label).join(', ')}</dd>
        </>
      )}
      {profile.interests && profile.interests.length > 0 && (
        <>
          <dt>Centres d’intérêt</dt>
          <dd>{profile.interests.map((n) => n.label).join(', ')}</dd>
        </>
      )}
      {profile.availability && (
        <>
          <dt>Disponibilité</dt>
          <dd>
            {profile.availability.willingness.map((w) => w.label).join(', ') || 'non précisée'}
            {profile.availability.hoursPerMonth != null && ` · environ ${profile.availability.hoursPerMonth} h par mois`}
          </dd>
        </>
      )}
      {profile.languages && profile.languages.length > 0 && (
        <>
          <dt>Langues</dt>
          <dd>{profile.languages.join(', ')}</dd>
        </>
      )}
      {profile.email && (
        <>
          <dt>Adresse e-mail</dt>
          <dd>
            <a href={`mailto:${profile.email}`}>{profile.email}</a>
          </dd>
        </>
      )}
      {profile.phone && (
        <>
          <dt>Téléphone</dt>
          <dd>{profile.phone}</dd>
        </>
      )}
    </dl>
  );
}
