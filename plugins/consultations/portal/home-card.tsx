import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime, formatFromNow, plural } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Loading, Section } from '@portal/ui';
import { base, gradesToCount, HOME_LIST_QUERY, HOME_SHOWN, OPEN } from './home-reads';
import { currentEnd, type Detail, type Proposal, type Summary } from './shared';

/** What I still have to do in one open consultation. */
function ToDo({ id }: { id: string }) {
  const detail = useApi<Detail>(base(id));
  const c = detail.data;
  const proposals = useApi<Proposal[]>(c && gradesToCount(c) ? `${base(id)}/proposals` : null);
  if (detail.error) return null;
  if (!c)
    return (
      <li>
        <Loading lines={1} />
      </li>
    );
  const end = currentEnd(c);
  let todo: ReactNode = null;
  let done: ReactNode = null;
  if (!c.me) todo = null;
  else if (!c.me.eligibility.eligible) todo = <>vous ne pouvez pas y participer ({c.me.eligibility.reasons.map((r) => r.message).join(' ; ')})</>;
  else if (c.phase === 'upcoming') todo = <>rien pour l’instant : elle ouvre le {formatDateTime(c.opensAt)}</>;
  else if (c.phase === 'analysis') todo = <>rien pour l’instant : les contributions sont regroupées en propositions, à évaluer ensuite</>;
  else if (c.phase === 'contribution') todo = <Link to={`${base(id)}/contribuer`}>{c.me.contributions ? `Contribuer encore (${plural(c.me.contributions, 'déposée', 'déposées')})` : 'Contribuer'}</Link>;
  else if (c.phase === 'evaluation') {
    const graded = proposals.data?.filter((p) => p.myGrades?.effort && p.myGrades?.impact).length ?? 0;
    const total = proposals.data?.length ?? 0;
    if (total > 0 && graded === total) done = <>toutes les propositions sont notées ({graded} / {total}) — <Link to={`${base(id)}/evaluation`}>revoir mes notes</Link></>;
    else todo = <Link to={`${base(id)}/evaluation`}>{proposals.data ? `Évaluer : ${graded} / ${total} propositions notées` : 'Évaluer les propositions'}</Link>;
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
      {todo && <div>À faire : {todo}</div>}
      {done && <div>Fait : {done}</div>}
    </li>
  );
}

/** Home card: the open consultations, their next deadline and what I still have to do. */
export function ConsultationsCard() {
  const list = useApi<Summary[]>('/consultations', HOME_LIST_QUERY);
  return (
    <Section title="Consultations en cours">
      <ApiView state={list} isEmpty={(all) => !all.some((c) => OPEN.has(c.phase))} empty="Aucune consultation ouverte pour le moment." lines={3}>
        {(all) => (
          <ul className="compact-list">
            {all.filter((c) => OPEN.has(c.phase)).slice(0, HOME_SHOWN).map((c) => (
              <ToDo key={c.documentId} id={c.documentId} />
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
