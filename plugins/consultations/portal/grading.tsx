import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatDateTime, plural } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { Badge, Button, ChoiceGroup, ErrorMessage, Loading, Notice, Page, Progress, Section, StatusText, useSuccess, type Success } from '@portal/ui';
import { base, currentEnd, PhaseClosed, Standing, type Detail, type Proposal } from './shared';

type Axis = 'effort' | 'impact';
type Grades = { effort?: number; impact?: number };
const AXES: Axis[] = ['impact', 'effort'];
const complete = (g: Grades | null | undefined) => !!g && g.effort !== undefined && g.impact !== undefined;
const same = (a: Grades | null | undefined, b: Grades | null | undefined) => (a?.effort ?? null) === (b?.effort ?? null) && (a?.impact ?? null) === (b?.impact ?? null);

/** One axis's grades as radio buttons; the API's refusal of that axis (`error`) goes once another grade is chosen. */
function Scale({ name, legend, grades, value, error, onChange }: { name: string; legend: string; grades: Record<string, string>; value?: number; error?: string; onChange: (grade: number) => void }) {
  return (
    <ChoiceGroup className="scale" legend={legend} value={value} error={error}>
      {Object.entries(grades).map(([grade, label]) => (
        <label key={grade}>
          <input type="radio" name={name} value={grade} checked={value === Number(grade)} onChange={() => onChange(Number(grade))} />
          {grade} · {label}
        </label>
      ))}
    </ChoiceGroup>
  );
}

/** One proposal's grades; `success`: the page's success when it is this proposal's save, told beside its button. */
function ProposalGrades({ c, p, saved, draft, success, onChange, onSaving, onSaved }: { c: Detail; p: Proposal; saved: Grades | null; draft: Grades; success: Success | null; onChange: (g: Grades) => void; onSaving: () => void; onSaved: (g: Grades) => void }) {
  const action = useAction<Grades>();
  const changed = !same(saved, draft);
  const errors = action.error?.fieldErrors ?? {};
  const status = changed ? <Badge tone="warning">Modifiée, à enregistrer</Badge> : complete(saved) ? <Badge tone="success">Notée</Badge> : saved ? <Badge tone="warning">Notée à moitié</Badge> : <Badge>Pas encore notée</Badge>;
  return (
    <fieldset className="proposal-grades" id={`proposition-${p.number}`}>
      <legend>
        Proposition n° {p.number} : {p.title}
      </legend>
      <p>{status}</p>
      {p.summary && <p className="pre-line">{p.summary}</p>}
      {p.sources.length > 0 && (
        <details>
          <summary>Contributions d’origine ({p.sources.length})</summary>
          <ul className="compact-list">
            {p.sources.map((s) => (
              <li key={s.documentId}>
                {s.reference} · {s.title}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="axes">
        {AXES.map((axis) => (
          <Scale key={axis} name={`${axis}-${p.documentId}`} legend={c.scales![axis].label} grades={c.scales![axis].grades} value={draft[axis]} error={errors[axis]} onChange={(grade) => onChange({ ...draft, [axis]: grade })} />
        ))}
      </div>
      {action.error && !Object.keys(errors).some((path) => AXES.includes(path as Axis)) && <ErrorMessage error={action.error} />}
      <Button
        kind="secondary"
        pending={action.pending}
        disabled={!changed || (draft.effort === undefined && draft.impact === undefined)}
        focusableWhenDisabled
        onClick={async () => {
          onSaving();
          const res = await action.run(`${base(c.documentId)}/proposals/${p.documentId}/grade`, { method: 'PUT', body: draft });
          if (res) onSaved({ effort: res.data.effort, impact: res.data.impact });
        }}
      >
        Enregistrer la note de la proposition n° {p.number}
      </Button>{' '}
      <StatusText success={success} />
    </fieldset>
  );
}

function Grading({ c }: { c: Detail }) {
  const proposals = useApi<Proposal[]>(`${base(c.documentId)}/proposals`);
  const [saved, setSaved] = useState<Record<string, Grades | null>>({});
  const savedNow = useRef(saved); // as last rendered: a save's answer counts the other saves made meanwhile
  savedNow.current = saved;
  const [drafts, setDrafts] = useState<Record<string, Grades>>({});
  const all = useAction<{ proposal: string; effort?: number; impact?: number }[]>();
  // Each save told once, beside the button pressed, with the progress it leaves: one success at a
  // time on the page (`toldBy`: the proposal saved, or 'all'). The progress below is no live region
  // (it changes with a save, which would then be told twice).
  const [message, setMessage] = useSuccess();
  const [toldBy, setToldBy] = useState<string>();
  const tell = (by: string, text: string | undefined) => {
    setToldBy(by);
    setMessage(text);
  };
  useEffect(() => {
    if (!proposals.data) return;
    setSaved(Object.fromEntries(proposals.data.map((p) => [p.documentId, p.myGrades])));
    setDrafts(Object.fromEntries(proposals.data.map((p) => [p.documentId, { ...(p.myGrades ?? {}) }])));
  }, [proposals.data]);
  if (proposals.error) return <ErrorMessage error={proposals.error} onRetry={proposals.reload} />;
  if (!proposals.data) return <Loading lines={6} />;
  const list = proposals.data;
  if (!list.length) return <p className="empty">Aucune proposition à évaluer.</p>;
  const doneIn = (grades: Record<string, Grades | null>) => list.filter((p) => complete(grades[p.documentId])).length;
  const done = doneIn(saved);
  const progress = (count: number) => `${count} / ${list.length} propositions notées sur les deux axes.`;
  const thanks = (count: number) => (count === list.length ? ' Merci, vous avez tout évalué ; vous pouvez encore changer une note.' : '');
  const told = (saves: string, count: number) => `${saves} ${progress(count)}${count === list.length ? ' Merci, vous avez tout évalué.' : ''}`;
  const pending = list.filter((p) => !same(saved[p.documentId], drafts[p.documentId]) && (drafts[p.documentId]?.effort !== undefined || drafts[p.documentId]?.impact !== undefined));
  return (
    <>
      <Section title="Ma progression">
        <Progress value={done} max={list.length} label="Propositions notées sur les deux axes" />
        <p>
          {progress(done)}
          {thanks(done)}
        </p>
      </Section>
      {list.map((p) => (
        <ProposalGrades
          key={p.documentId}
          c={c}
          p={p}
          saved={saved[p.documentId] ?? null}
          draft={drafts[p.documentId] ?? {}}
          success={toldBy === p.documentId ? message : null}
          onChange={(g) => {
            setMessage(undefined);
            setDrafts((d) => ({ ...d, [p.documentId]: g }));
          }}
          onSaving={() => setMessage(undefined)}
          onSaved={(g) => {
            setSaved((s) => ({ ...s, [p.documentId]: g }));
            setDrafts((d) => ({ ...d, [p.documentId]: { ...g } }));
            tell(p.documentId, told('Note enregistrée.', doneIn({ ...savedNow.current, [p.documentId]: g })));
          }}
        />
      ))}
      <div className="sticky-actions actions">
        <Button
          pending={all.pending}
          disabled={!pending.length}
          focusableWhenDisabled
          onClick={async () => {
            setMessage(undefined);
            const res = await all.run(`${base(c.documentId)}/grades`, { method: 'PUT', body: { grades: pending.map((p) => ({ proposal: p.documentId, ...drafts[p.documentId] })) } });
            if (res) {
              const byId = new Map(res.data.map((g) => [g.proposal, { effort: g.effort, impact: g.impact }]));
              setSaved((s) => ({ ...s, ...Object.fromEntries(byId) }));
              setDrafts((d) => ({ ...d, ...Object.fromEntries([...byId].map(([k, v]) => [k, { ...v }])) }));
              tell('all', told(`${plural(res.data.length, 'note enregistrée', 'notes enregistrées')}.`, doneIn({ ...savedNow.current, ...Object.fromEntries(byId) })));
            }
          }}
        >
          Enregistrer toutes les notes ({pending.length})
        </Button>
        <StatusText success={toldBy === 'all' ? message : null} />
      </div>
      {all.error && <ErrorMessage error={all.error} />}
    </>
  );
}

/** Grading every proposal on effort and impact (evaluation phase). */
export function GradingPage() {
  const { id = '' } = useParams();
  const detail = useApi<Detail>(base(id));
  const title = 'Évaluer les propositions';
  if (detail.error)
    return (
      <Page title={title} back={{ to: '/consultations', label: 'Toutes les consultations' }}>
        <ErrorMessage error={detail.error} />
      </Page>
    );
  if (!detail.data) return <Loading lines={6} />;
  const c = detail.data;
  const back = { to: base(c.documentId), label: c.title };
  if (c.kind !== 'full' || c.phase !== 'evaluation')
    return (
      <Page title={title} back={back}>
        <PhaseClosed c={c} expected="Évaluation" />
      </Page>
    );
  if (!c.me?.eligibility.eligible)
    return (
      <Page title={title} back={back}>
        <Standing c={c} />
      </Page>
    );
  return (
    <Page
      title={title}
      back={back}
      intro={
        <p>
          Notez chaque proposition sur deux axes, de 1 à 5 : l’impact attendu et l’effort de mise en œuvre. Vous pouvez changer une note jusqu’au {formatDateTime(currentEnd(c))}. Enregistrez proposition par proposition, ou toutes à la fois en bas de page.
        </p>
      }
    >
      <Notice>
        <p>
          Vos notes sont comptées, jamais publiées sous votre nom. <Link to={base(c.documentId)}>Retour à la consultation</Link>
        </p>
      </Notice>
      <Grading c={c} />
    </Page>
  );
}
