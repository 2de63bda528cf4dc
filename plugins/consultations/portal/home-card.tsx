import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime, formatFromNow, plural } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Section } from '@portal/ui';
import { base, HOME_PATH, HOME_QUERY } from './home-reads';
import type { OpenConsultation } from './shared';

/** The sentence for a member who may not take part: « Vous ne pouvez pas y participer : cotisation 2026 non réglée. » */
function excluded(reasons: { message: string }[]): string {
  return reasons.length ? `Vous ne pouvez pas y participer : ${reasons.map((r) => r.message).join(' ; ')}.` : 'Vous ne pouvez pas y participer.';
}

/** What I still have to do in one open consultation (or why I cannot take part: a situation, not a task). */
function ToDo({ c }: { c: OpenConsultation }) {
  const id = c.documentId;
  const end = c.endsAt;
  let todo: ReactNode = null;
  let done: ReactNode = null;
  let situation: string | null = null;
  if (!c.me) todo = null;
  else if (!c.me.eligibility.eligible) situation = excluded(c.me.eligibility.reasons);
  else if (c.phase === 'upcoming') todo = <>rien pour l’instant : elle ouvre le {formatDateTime(c.opensAt)}</>;
  else if (c.phase === 'analysis') todo = <>rien pour l’instant : les contributions sont regroupées en propositions, à évaluer ensuite</>;
  else if (c.phase === 'contribution') todo = <Link to={`${base(id)}/contribuer`}>{c.me.contributions ? `Contribuer encore (${plural(c.me.contributions, 'déposée', 'déposées')})` : 'Contribuer'}</Link>;
  else if (c.phase === 'evaluation') {
    const { graded, total } = c.me.grading ?? { graded: 0, total: 0 };
    if (total > 0 && graded === total) done = <>toutes les propositions sont notées ({graded} / {total}) — <Link to={`${base(id)}/evaluation`}>revoir mes notes</Link></>;
    else todo = <Link to={`${base(id)}/evaluation`}>{c.me.grading ? `Évaluer : ${graded} / ${total} propositions notées` : 'Évaluer les propositions'}</Link>;
  } else if (c.phase === 'vote') {
    if (c.me.voted) done = <>vous avez voté</>;
    else todo = <Link to={`${base(id)}/vote`}>{c.kind === 'quick' ? 'Répondre' : 'Voter'}</Link>;
  }
  return (
    <li>
      <Link to={base(id)}>{c.title}</Link>{' '}
      <span className="meta">
        · {c.phaseLabel}
        {end && c.phase !== 'upcoming' ? `, jusqu’au ${formatDateTime(end)} (${formatFromNow(end)})` : ''}
      </span>
      {situation && <div>{situation}</div>}
      {todo && <div>À faire : {todo}</div>}
      {done && <div>Fait : {done}</div>}
    </li>
  );
}

/** Home card: the open consultations, their next deadline and what I still have to do. */
export function ConsultationsCard() {
  const open = useApi<OpenConsultation[]>(HOME_PATH, HOME_QUERY);
  return (
    <Section title="Consultations en cours">
      <ApiView state={open} isEmpty={(all) => all.length === 0} empty="Aucune consultation ouverte pour le moment." lines={3}>
        {(all) => (
          <ul className="compact-list">
            {all.map((c) => (
              <ToDo key={c.documentId} c={c} />
            ))}
          </ul>
        )}
      </ApiView>
      <p>
        <Link to="/consultations">Toutes les consultations</Link>
      </p>
    </Section>
  );
}
