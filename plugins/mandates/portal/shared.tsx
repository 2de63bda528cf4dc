import { NavLink } from 'react-router-dom';
import { formatDate } from '@portal/format';
import { Badge } from '@portal/ui';
import { useSession } from '@portal/session';
import type { ComplianceView, Contact, Mandate, ViolationView } from './types';
import './styles.css';

/** Portal paths of the mandates pages. */
export const paths = {
  directory: '/elus',
  mine: '/elus/mes-mandats',
  official: (id: string) => `/elus/${encodeURIComponent(id)}`,
  report: (id: string) => `/elus/comptes-rendus/${encodeURIComponent(id)}`,
  staff: '/elus/suivi',
};

export function MandatesTabs() {
  const { isStaff } = useSession();
  return (
    <nav className="mandates-tabs" aria-label="Élus et mandats">
      <NavLink to={paths.directory} end>
        Nos élu·es
      </NavLink>
      <NavLink to={paths.mine}>Mes mandats</NavLink>
      {isStaff && <NavLink to={paths.staff}>Suivi des élu·es</NavLink>}
    </nav>
  );
}

/** « Maire — Uzès (30334), depuis le 22 mars 2026 » with its verification. */
export function MandateLine({ m }: { m: Mandate }) {
  const end = m.endOn ?? m.theoreticalEndOn;
  return (
    <>
      <strong>{m.categoryLabel}</strong> — {m.territoryName} ({m.territoryCode}){' '}
      <span className="meta">
        · du {formatDate(m.startOn)} au {formatDate(end)} {m.current ? '' : m.upcoming ? '(à venir)' : '(terminé)'} · {m.verificationLabel}
      </span>
    </>
  );
}

/** The regularity of mandate reports, in words (never a colour only). */
export function ComplianceLine({ c }: { c: ComplianceView | null }) {
  if (!c || c.due === 0) return <span className="meta">Aucun compte rendu attendu sur les 24 derniers mois.</span>;
  return (
    <>
      <strong>{c.rateLabel}</strong>{' '}
      <span className="meta">
        ({c.onTime} à l’heure sur {c.due} attendu{c.due > 1 ? 's' : ''} en 24 mois{c.late ? `, ${c.late} en retard` : ''}
        {c.missing ? `, ${c.missing} manquant${c.missing > 1 ? 's' : ''}` : ''})
      </span>
    </>
  );
}

/** The rules broken, each with its dates; the waiver's reason only when the API gives it. */
export function Violations({ list }: { list: ViolationView[] }) {
  if (list.length === 0) return <p className="empty">Aucune règle de cumul enfreinte à ce jour.</p>;
  return (
    <ul className="mandates-list">
      {list.map((v) => (
        <li key={`${v.rule}-${v.mandates.map((m) => m.id).join('-')}`}>
          {v.employer && <span className="meta">Concerne votre employeur·euse, {v.employer} : </span>}
          <strong>{v.label}</strong> <span className="meta">({v.source})</span>{' '}
          {v.waived ? <Badge tone="info">Dérogation</Badge> : v.overdue ? <Badge tone="danger">Délai dépassé</Badge> : <Badge tone="warning">À régulariser</Badge>}
          <br />
          <span>
            Depuis le {formatDate(v.since)} ; à régulariser avant le {formatDate(v.deadline)}.
            {v.waiver && <> Dérogation jusqu’au {formatDate(v.waiver.expiresOn)}{v.waiver.reason ? ` : ${v.waiver.reason}` : ''}.</>}
          </span>
          <br />
          <span className="meta">Mandats en cause : {v.mandates.map((m) => m.label).join(' ; ')}.</span>
          {v.toEnd && !v.waived && <p className="meta">Faute de choix dans le délai, prend fin de plein droit : {v.toEnd.label}.</p>}
        </li>
      ))}
    </ul>
  );
}

/** An official's public contact details (only what they chose to show). */
export function ContactLines({ contact }: { contact: Contact | null }) {
  if (!contact || (!contact.publicEmail && !contact.publicPhone && !contact.office)) return null;
  return (
    <p>
      {contact.publicEmail && (
        <>
          Écrire : <a href={`mailto:${contact.publicEmail}`}>{contact.publicEmail}</a>
          <br />
        </>
      )}
      {contact.publicPhone && (
        <>
          Téléphone : <a href={`tel:${contact.publicPhone.replace(/[^+0-9]/g, '')}`}>{contact.publicPhone}</a>
          <br />
        </>
      )}
      {contact.office && <>Permanences : {contact.office}</>}
    </p>
  );
}
