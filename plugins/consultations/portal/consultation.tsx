import { Link, useParams } from 'react-router-dom';
import { formatDate, formatDateTime, formatNumber } from '@portal/format';
import { useApi } from '@portal/hooks';
import { ApiView, Badge, ErrorMessage, Loading, Notice, Page, Section } from '@portal/ui';
import { base, fateText, nextStep, PhaseBadge, Standing, type Contribution, type Detail } from './shared';

const STATE_LABEL = { done: 'étape passée', current: 'étape en cours', coming: 'étape à venir' } as const;

export function Calendar({ c }: { c: Detail }) {
  return (
    <ol className="calendar">
      {c.calendar.map((p) => (
        <li key={p.phase} className={p.state} aria-current={p.state === 'current' ? 'step' : undefined}>
          <strong>{p.label}</strong> <Badge tone={p.state === 'current' ? 'info' : 'neutral'}>{STATE_LABEL[p.state]}</Badge>
          <br />
          <span>
            {p.phase === 'results' ? `À partir du ${formatDateTime(p.startsAt)}` : `Du ${formatDateTime(p.startsAt)} au ${formatDateTime(p.endsAt)}`}
          </span>
          {p.inCharge && (
            <>
              <br />
              <span className="meta">Responsables : {p.inCharge}</span>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

function Rules({ c }: { c: Detail }) {
  return (
    <dl className="facts">
      {c.kind === 'full' && (
        <>
          <dt>Quorum</dt>
          <dd>{formatNumber(c.rules.quorumPercent)} % des adhérents à jour à l’ouverture du vote</dd>
          <dt>Majorité</dt>
          <dd>{c.rules.majorityLabel}</dd>
          <dt>Vote par partie</dt>
          <dd>{c.rules.votePerSection ? 'oui, chaque partie de la synthèse est aussi votée' : 'non, la synthèse est votée en bloc'}</dd>
          {c.rules.synthesisSize && (
            <>
              <dt>Synthèse</dt>
              <dd>les {formatNumber(c.rules.synthesisSize)} propositions les mieux classées, par défaut</dd>
            </>
          )}
        </>
      )}
      <dt>Qui participe</dt>
      <dd>
        les adhérents à jour de cotisation de l’année de l’ouverture
        {c.eligibilityCutoff ? `, ayant adhéré au plus tard le ${formatDate(c.eligibilityCutoff)}` : ''}
      </dd>
      {c.categories.length > 0 && (
        <>
          <dt>Catégories</dt>
          <dd>{c.categories.join(', ')}</dd>
        </>
      )}
    </dl>
  );
}

/** My contributions and what became of them (proposal, place in the synthesis, vote outcome). */
export function MyContributions({ c }: { c: Detail }) {
  const mine = useApi<Contribution[]>(`${base(c.documentId)}/contributions`, { pageSize: 50 });
  const editable = c.phase === 'contribution';
  return (
    <ApiView state={mine} empty="Vous n’avez pas déposé de contribution à cette consultation." lines={2}>
      {(list) => (
        <ul className="cards">
          {list.map((x) => (
            <li key={x.documentId} className="card">
              <h3 className="card-title">
                {x.reference} · {x.title}
              </h3>
              <p className="meta">
                Déposée le {formatDate(x.submittedAt)}
                {x.category ? ` · ${x.category}` : ''}{' '}
                {x.state === 'withdrawn' && <Badge>Retirée</Badge>}
                {x.state === 'hidden' && <Badge tone="warning">Masquée</Badge>}
              </p>
              <p>
                <strong>Devenir : </strong>
                {fateText(x.proposal, x.state)}
                {x.state === 'hidden' && x.hiddenReason ? ` Motif : ${x.hiddenReason}` : ''}
              </p>
              {editable && x.state === 'submitted' && (
                <p>
                  <Link to={`${base(c.documentId)}/contributions/${x.documentId}`}>Modifier ou retirer « {x.title} »</Link>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </ApiView>
  );
}

function Pages({ c }: { c: Detail }) {
  const at = (phases: string[]) => phases.includes(c.phase);
  const links: { to: string; label: string }[] = [];
  const b = base(c.documentId);
  const takesPart = !!c.me?.eligibility.eligible;
  if (c.kind === 'full') {
    if (at(['contribution']) && takesPart) links.push({ to: `${b}/contribuer`, label: 'Contribuer' });
    if (at(['evaluation']) && takesPart) links.push({ to: `${b}/evaluation`, label: 'Évaluer les propositions' });
    if (at(['vote', 'results'])) links.push({ to: `${b}/resultats`, label: 'Résultats de l’évaluation' });
    if (at(['vote', 'results'])) links.push({ to: `${b}/synthese`, label: 'La synthèse et sa provenance' });
  }
  if (at(['vote', 'results'])) {
    const label = c.phase === 'results' ? 'Résultat du vote' : !takesPart || c.me?.voted ? 'La page du vote' : c.kind === 'quick' ? 'Répondre à la question' : 'Voter';
    links.push({ to: `${b}/vote`, label });
  }
  if (at(['results'])) links.push({ to: `${b}/bulletins`, label: 'Retrouver mon reçu et recompter les bulletins' });
  if (!links.length) return <p>Rien d’autre à consulter à ce stade : revenez à la prochaine phase.</p>;
  return (
    <ul className="compact-list">
      {links.map((l) => (
        <li key={l.to}>
          <Link to={l.to}>{l.label}</Link>
        </li>
      ))}
    </ul>
  );
}

export function ConsultationPage() {
  const { id = '' } = useParams();
  const detail = useApi<Detail>(base(id));
  const back = { to: '/consultations', label: 'Toutes les consultations' };
  if (detail.error) {
    return (
      <Page title={detail.error.status === 404 ? 'Consultation introuvable' : 'Consultation'} back={back}>
        <ErrorMessage error={detail.error} />
      </Page>
    );
  }
  if (!detail.data) return <Loading lines={6} />;
  const c = detail.data;
  const step = nextStep(c);
  return (
    <Page title={c.title} back={back}>
      <p className="meta">
        <PhaseBadge phase={c.phase} label={`Phase : ${c.phaseLabel}`} /> {c.kind === 'quick' && <Badge>Question rapide</Badge>}
      </p>
      {c.waiting && <Notice kind="info"><p>{c.waiting}</p></Notice>}
      <Section title="Ma participation">
        <Standing c={c} />
        {c.me && (c.me.eligibility.eligible || c.me.voted || c.me.contributions > 0 || c.me.graded > 0) && (
          <ul className="compact-list">
            {c.kind === 'full' && (c.me.contributions > 0 || c.me.eligibility.eligible) && <li>Contributions déposées : {formatNumber(c.me.contributions)}</li>}
            {c.kind === 'full' && (c.me.graded > 0 || c.me.eligibility.eligible) && <li>Propositions évaluées : {formatNumber(c.me.graded)}</li>}
            {(c.me.voted || (c.me.eligibility.eligible && c.phase !== 'results')) && <li>{c.me.voted ? 'Vous avez voté.' : 'Vous n’avez pas encore voté.'}</li>}
          </ul>
        )}
        {step && (
          <p>
            <Link className="button button-primary" to={step.to}>
              {step.label}
            </Link>
          </p>
        )}
      </Section>
      {c.question && (
        <Section title="La question">
          <p className="lead">{c.question.text}</p>
          {c.question.choices && (
            <ol className="compact-list">
              {c.question.choices.map((choice) => (
                <li key={choice}>{choice}</li>
              ))}
            </ol>
          )}
        </Section>
      )}
      {c.description && (
        <Section title="Déroulement">
          <p className="pre-line">{c.description}</p>
        </Section>
      )}
      <Section title="Pages de la consultation">
        <Pages c={c} />
      </Section>
      <Section title="Calendrier">
        <Calendar c={c} />
      </Section>
      <Section title="Règles">
        <Rules c={c} />
      </Section>
      {c.kind === 'full' && c.me && (
        <Section title="Mes contributions et leur devenir">
          <MyContributions c={c} />
        </Section>
      )}
    </Page>
  );
}
