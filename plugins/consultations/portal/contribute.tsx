import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '@portal/api';
import { formatDateTime } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { Button, ErrorMessage, Loading, Notice, Page, SelectField, SuccessNotice, TextArea, TextField, useFocusOnChange, useSuccess } from '@portal/ui';
import { base, currentEnd, PhaseClosed, Standing, type Contribution, type Detail } from './shared';

/** The text sent to the similarity route: the title, then the start of the body (the route takes 1000 characters). */
const SIMILAR_MAX = 1000;
const DEBOUNCE_MS = 400;

interface Similar {
  title: string;
  mine: boolean;
}

/** While the member writes: the titles of contributions already saying the same (debounced). */
function SimilarContributions({ id, text, except }: { id: string; text: string; except?: string }) {
  const [state, setState] = useState<{ items?: Similar[]; error?: string; loading: boolean; asked: boolean }>({ loading: false, asked: false });
  useEffect(() => {
    const query = text.trim().slice(0, SIMILAR_MAX).trim();
    if (query.length < 3) {
      setState({ loading: false, asked: false });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, loading: true, error: undefined }));
      api<Similar[]>(`${base(id)}/similar`, { query: { text: query, except }, signal: controller.signal })
        .then((res) => setState({ items: res.data, loading: false, asked: true }))
        .catch((error) => {
          if (controller.signal.aborted || error?.name === 'AbortError') return;
          setState({ error: error instanceof ApiError ? error.message : 'Recherche impossible.', loading: false, asked: true });
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [id, text, except]);

  return (
    <section className="similar" aria-labelledby="similar-title">
      <h2 id="similar-title">Contributions semblables déjà déposées</h2>
      <div aria-live="polite" aria-busy={state.loading || undefined}>
        {!state.asked && !state.loading && <p className="meta">Commencez à écrire : les contributions qui disent déjà la même chose s’afficheront ici.</p>}
        {state.loading && <p className="meta">Recherche des contributions semblables…</p>}
        {!state.loading && state.error && <p className="field-error">{state.error}</p>}
        {!state.loading && state.items && state.items.length === 0 && <p className="meta">Aucune contribution semblable pour le moment.</p>}
        {!state.loading && state.items && state.items.length > 0 && (
          <>
            <p className="meta">Votre idée y figure peut-être déjà : vous pouvez la compléter ou la préciser.</p>
            <ul className="compact-list" id="similar-list">
              {state.items.map((item, i) => (
                <li key={`${item.title}-${i}`}>
                  {item.title} {item.mine && <span className="meta">(la vôtre)</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

interface Values {
  title: string;
  body: string;
  category: string;
}

function ContributionForm({ c, initial, except, submitLabel, onSubmit, pending, error }: { c: Detail; initial: Values; except?: string; submitLabel: string; onSubmit: (v: Values) => void; pending: boolean; error?: ApiError }) {
  const [values, setValues] = useState<Values>(initial);
  const fieldErrors = error?.fieldErrors ?? {};
  const set = (key: keyof Values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(values);
  };
  return (
    <form onSubmit={submit} noValidate>
      {error && !Object.keys(fieldErrors).length && <ErrorMessage error={error} />}
      <TextField label="Titre" hint="Une phrase qui résume votre idée (200 caractères au plus)." value={values.title} onChange={set('title')} maxLength={200} required error={fieldErrors.title} autoComplete="off" />
      {c.categories.length > 0 && (
        <SelectField id="categorie" label="Catégorie" value={values.category} onChange={set('category')} error={fieldErrors.category}>
          <option value="">Sans catégorie</option>
          {c.categories.map((cat) => (
            <option key={cat} value={cat}>
              {cat}
            </option>
          ))}
        </SelectField>
      )}
      <TextArea label="Votre contribution" hint="Expliquez votre idée (5000 caractères au plus)." value={values.body} onChange={set('body')} maxLength={5000} rows={8} required error={fieldErrors.body} />
      <SimilarContributions id={c.documentId} text={`${values.title}\n${values.body}`} except={except} />
      <div className="actions">
        <Button type="submit" pending={pending}>
          {submitLabel}
        </Button>
        <Link to={base(c.documentId)}>Annuler</Link>
      </div>
    </form>
  );
}

function useConsultation() {
  const { id = '' } = useParams();
  return { id, detail: useApi<Detail>(base(id)) };
}

/** Gate for a page of the contribution phase: errors, loading, phase, eligibility. */
function ContributionGate({ title, detail, children }: { title: string; detail: ReturnType<typeof useConsultation>['detail']; children: (c: Detail) => JSX.Element }) {
  if (detail.error)
    return (
      <Page title={title} back={{ to: '/consultations', label: 'Toutes les consultations' }}>
        <ErrorMessage error={detail.error} />
      </Page>
    );
  if (!detail.data) return <Loading lines={6} />;
  const c = detail.data;
  const back = { to: base(c.documentId), label: c.title };
  if (c.kind !== 'full' || c.phase !== 'contribution')
    return (
      <Page title={title} back={back}>
        <PhaseClosed c={c} expected="Contributions" />
      </Page>
    );
  if (!c.me?.eligibility.eligible)
    return (
      <Page title={title} back={back}>
        <Standing c={c} />
      </Page>
    );
  return children(c);
}

export function ContributePage() {
  const { detail } = useConsultation();
  const action = useAction<Contribution>();
  const [done, setDone] = useState<{ title: string } | null>(null);
  const [round, setRound] = useState(0);
  const focus = useFocusOnChange<HTMLDivElement>(done);
  return (
    <ContributionGate title="Contribuer" detail={detail}>
      {(c) => (
        <Page
          title="Contribuer"
          back={{ to: base(c.documentId), label: c.title }}
          intro={<p>Déposez une idée pour « {c.title} ». Vous pourrez la modifier ou la retirer jusqu’au {formatDateTime(currentEnd(c))}.</p>}
        >
          {done ? (
            <div ref={focus} tabIndex={-1}>
              <Notice kind="success">
                <p>Votre contribution « {done.title} » est déposée. Merci !</p>
              </Notice>
              <div className="actions">
                <Button kind="secondary" onClick={() => { setDone(null); setRound((n) => n + 1); }}>
                  Déposer une autre contribution
                </Button>
                <Link to={base(c.documentId)}>Voir mes contributions</Link>
              </div>
            </div>
          ) : (
            <ContributionForm
              key={round}
              c={c}
              initial={{ title: '', body: '', category: '' }}
              submitLabel="Déposer ma contribution"
              pending={action.pending}
              error={action.error}
              onSubmit={async (v) => {
                const res = await action.run(`${base(c.documentId)}/contributions`, { method: 'POST', body: { title: v.title, body: v.body, ...(v.category ? { category: v.category } : {}) } });
                if (res) setDone({ title: res.data.title });
              }}
            />
          )}
        </Page>
      )}
    </ContributionGate>
  );
}

export function EditContributionPage() {
  const { id, detail } = useConsultation();
  const { contributionId = '' } = useParams();
  const contribution = useApi<Contribution>(`${base(id)}/contributions/${encodeURIComponent(contributionId)}`);
  const save = useAction<Contribution>();
  const withdraw = useAction();
  const [confirming, setConfirming] = useState(false);
  // The form stays, ready for another change: the success is announced (role="status"), focus left on the button pressed.
  const [saved, setSaved] = useSuccess();
  const navigate = useNavigate();
  return (
    <ContributionGate title="Ma contribution" detail={detail}>
      {(c) => {
        const back = { to: base(c.documentId), label: c.title };
        if (contribution.error)
          return (
            <Page title="Ma contribution" back={back}>
              <ErrorMessage error={contribution.error} />
            </Page>
          );
        if (!contribution.data) return <Loading lines={6} />;
        const x = contribution.data;
        if (x.state !== 'submitted')
          return (
            <Page title="Ma contribution" back={back}>
              <Notice kind="info">
                <p>{x.state === 'withdrawn' ? 'Vous avez retiré cette contribution.' : 'Cette contribution a été masquée par la modération.'}</p>
              </Notice>
            </Page>
          );
        return (
          <Page title="Modifier ma contribution" back={back} intro={<p>{x.reference} · modifiable ou retirable jusqu’au {formatDateTime(currentEnd(c))}.</p>}>
            <SuccessNotice success={saved} />
            <ContributionForm
              c={c}
              except={x.documentId}
              initial={{ title: x.title, body: x.body, category: x.category ?? '' }}
              submitLabel="Enregistrer les modifications"
              pending={save.pending}
              error={save.error}
              onSubmit={async (v) => {
                setSaved(null);
                const res = await save.run(`${base(c.documentId)}/contributions/${x.documentId}`, { method: 'PUT', body: { title: v.title, body: v.body, ...(v.category ? { category: v.category } : {}) } });
                if (res) setSaved(<p>Modifications enregistrées.</p>);
              }}
            />
            <section className="section" aria-labelledby="retrait">
              <h2 id="retrait">Retirer cette contribution</h2>
              <p>Une contribution retirée n’est plus lue ni regroupée. Le retrait est définitif.</p>
              {withdraw.error && <ErrorMessage error={withdraw.error} />}
              {confirming ? (
                <div className="actions">
                  <Button
                    kind="danger"
                    pending={withdraw.pending}
                    onClick={async () => {
                      const res = await withdraw.run(`${base(c.documentId)}/contributions/${x.documentId}/withdraw`, { method: 'POST', body: {} });
                      if (res) navigate(base(c.documentId));
                    }}
                  >
                    Confirmer le retrait
                  </Button>
                  <Button kind="secondary" onClick={() => setConfirming(false)}>
                    Garder ma contribution
                  </Button>
                </div>
              ) : (
                <Button kind="danger" onClick={() => setConfirming(true)}>
                  Retirer
                </Button>
              )}
            </section>
          </Page>
        );
      }}
    </ContributionGate>
  );
}
