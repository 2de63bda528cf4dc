import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type ChangeEvent, type ReactNode, type InputHTMLAttributes, type SelectHTMLAttributes, type TextareaHTMLAttributes, type ButtonHTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { download, type ApiError } from './api';
import type { ApiState } from './hooks';
import { useTitle } from './hooks';
import { formatNumber } from './format';

/**
 * The portal's building blocks, shared by every plugin's pages: a page frame, loading, empty
 * and error states, form fields with their French error messages, pagination, highlighted
 * snippets. Styles live in ../styles.css (class names prefixed by nothing: the portal owns the page).
 */

export function Page({ title, intro, actions, children, back }: { title: string; intro?: ReactNode; actions?: ReactNode; children: ReactNode; back?: { to: string; label: string } }) {
  useTitle(title);
  return (
    <article className="page">
      {back && (
        <p className="back">
          <Link to={back.to}>← {back.label}</Link>
        </p>
      )}
      <header className="page-header">
        <h1 tabIndex={-1} id="page-title">{title}</h1>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {intro && <div className="page-intro">{intro}</div>}
      {children}
    </article>
  );
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  const fallback = useId();
  const headingId = id ?? fallback;
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

export function Loading({ label = 'Chargement…', lines = 3 }: { label?: string; lines?: number }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton" aria-hidden="true" />
      ))}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function ErrorMessage({ error, onRetry }: { error: ApiError | Error | string; onRetry?: () => void }) {
  const message = typeof error === 'string' ? error : error.message;
  return (
    <div className="notice notice-error" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Réessayer
        </button>
      )}
    </div>
  );
}

/**
 * A box of information, a warning, or a state that is good news as the page opens (« Vous
 * pouvez participer », role="status"). The success of something the member just did, where the
 * form stays, is a SuccessNotice (always in the page, each success announced); where the result
 * replaces the form, a Notice that useFocusOnChange gives focus to.
 */
export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning'; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'success' ? 'status' : undefined}>
      {children}
    </div>
  );
}

/**
 * Renders the three states of a read: loading, error (the API's French message, retry),
 * then the data, or `empty` when `isEmpty(data)`.
 */
export function ApiView<T>({ state, empty, isEmpty, children, lines }: { state: ApiState<T>; empty?: ReactNode; isEmpty?: (data: T) => boolean; children: (data: T, meta: Record<string, any> | undefined) => ReactNode; lines?: number }) {
  if (state.error) return <ErrorMessage error={state.error} onRetry={state.error.status === 0 ? state.reload : undefined} />;
  if (state.data === undefined) return <Loading lines={lines} />;
  const nothing = isEmpty ? isEmpty(state.data) : Array.isArray(state.data) && state.data.length === 0;
  if (nothing && empty) return <Empty>{empty}</Empty>;
  return <>{children(state.data, state.meta)}</>;
}

/**
 * A button; `pending`: disabled and aria-busy while the action it started runs. The browser
 * drops focus from a focused button that becomes disabled (to the page itself), so a button
 * that had focus when it went pending takes it back when it ends, if nothing else took it
 * meanwhile: a refusal without a field to mend (a 409, a 503: ErrorMessage, role="alert") is
 * announced and leaves the member where they were. Focus another part took (the first field in
 * error, useRefusals; a result, useFocusOnChange) stays there. A success where the form stays
 * (SuccessNotice) takes none: focus comes back to the button.
 * `focusableWhenDisabled`: a button that its own success leaves disabled (« Enregistrer toutes
 * les notes » once nothing is left to save) stays focusable while `disabled` — aria-disabled,
 * presses ignored — so that focus comes back to it rather than to the page itself (the WAI-ARIA
 * APG's « focusability of disabled controls »); while pending it is disabled as any other.
 */
export function Button({ kind = 'primary', pending, focusableWhenDisabled, children, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { kind?: 'primary' | 'secondary' | 'danger' | 'link'; pending?: boolean; focusableWhenDisabled?: boolean }) {
  const button = useRef<HTMLButtonElement>(null);
  // Focused as it was pressed (the click starts the action), or as it went pending.
  const pressedFocused = useRef(false);
  const focusedWhenPending = useRef(false);
  useLayoutEffect(() => {
    if (pending) focusedWhenPending.current = pressedFocused.current || document.activeElement === button.current;
    pressedFocused.current = false;
  }, [pending]);
  useEffect(() => {
    if (pending || !focusedWhenPending.current) return;
    focusedWhenPending.current = false;
    const lost = !document.activeElement || document.activeElement === document.body;
    if (lost && button.current && !button.current.disabled) button.current.focus();
  }, [pending]);
  const { onClick } = rest;
  const focusableDisabled = !!focusableWhenDisabled && !!rest.disabled && !pending;
  return (
    <button
      type="button"
      {...rest}
      ref={button}
      onClick={(event) => {
        if (focusableDisabled) return event.preventDefault();
        pressedFocused.current = document.activeElement === event.currentTarget;
        onClick?.(event);
      }}
      className={`button button-${kind} ${rest.className ?? ''}`}
      disabled={focusableDisabled ? undefined : rest.disabled || pending}
      aria-disabled={focusableDisabled || undefined}
      aria-busy={pending || undefined}
    >
      {children}
    </button>
  );
}

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string;
}

/**
 * Is a refusal still true of the field? It is while the field holds the value it was refused
 * for (or while that is unknown); once the member changes it, the message no longer describes
 * it and goes — and comes back if they put the refused value back. The next submission brings
 * the API's new verdict. Pure.
 * @param refused the field's value when the error arrived (undefined: unknown, any edit clears it)
 * @param current the field's value now (undefined: not changed since)
 */
export function stillRefused(refused: string | undefined, current: string | undefined): boolean {
  return current === undefined || current === refused;
}

/**
 * A field's error as the member sees it: the API's refusal (`error`, from `fieldErrors`) until
 * the member changes the field (`stillRefused`), for controlled fields (`value` given) and
 * uncontrolled ones (a file input: the DOM's value, read through `ref`) alike. Every form field
 * of the portal goes through it (TextField, TextArea, SelectField), so no « Le titre est
 * obligatoire » stays beside a title just typed.
 * @returns the error to show (or undefined), the ref to put on the control, and `onEdit` to call with its new value
 */
export function useFieldError<E extends { value: string }>(error: string | undefined, value?: unknown) {
  const ref = useRef<E>(null);
  const controlled = value === undefined || value === null ? undefined : String(value);
  const [seen, setSeen] = useState<{ error?: string; refused?: string; edited?: string }>({});
  let current = seen;
  if (seen.error !== error) {
    // A new refusal (or none): remember the value it was given for (derived state, set while rendering).
    current = { error, refused: controlled ?? ref.current?.value, edited: undefined };
    setSeen(current);
  }
  const now = controlled ?? current.edited;
  return {
    ref,
    error: error && stillRefused(current.refused, now) ? error : undefined,
    onEdit: (next: string) => setSeen((state) => ({ ...state, edited: next })),
  };
}

/** `onChange` that also tells the field's error the new value. */
function editing<T extends { value: string }>(field: { onEdit: (value: string) => void }, onChange?: (event: ChangeEvent<T>) => void) {
  return (event: ChangeEvent<T>) => {
    field.onEdit(event.target.value);
    onChange?.(event);
  };
}

/**
 * A field's refusals, so that each refused submission is told again, even with the very message
 * of the last one (a page's own « Choisissez une note » set again, or the API's same verdict).
 * A refusal is: the field's `error` appearing or changing, or the member submitting the form
 * holding `ref`'s element while the error still shows (`shown`) and the submission set no new
 * one. Submissions are seen by two listeners on the document, one before React's own handler
 * (capturing) and one after it and its re-render (bubbling); outside a form there are none.
 * On each refusal focus moves to the first field in error of the form (its first control with
 * aria-invalid="true"; without a form, the field's own), so keyboard and screen-reader users
 * land on what to mend. Every field of the form runs it; they all pick the same first field. A
 * refusal the member's edit cleared coming back (useFieldError: the refused value put back) is
 * no new refusal: focus stays.
 * @returns how many refusals so far: the key of the field's message, mounted anew on each one so that it is announced again (FieldMessage)
 */
function useRefusals(error: string | undefined, shown: string | undefined, ref: { current: HTMLElement | null }): number {
  const [submissions, setSubmissions] = useState(0);
  const [seen, setSeen] = useState<{ error?: string; submissions: number; count: number }>({ submissions: 0, count: 0 });
  let current = seen;
  if (seen.error !== error || seen.submissions !== submissions) {
    const refused = (!!error && error !== seen.error) || (submissions !== seen.submissions && !!shown);
    current = { error, submissions, count: seen.count + (refused ? 1 : 0) };
    setSeen(current); // derived state, set while rendering (as useFieldError does)
  }
  const count = useRef(current.count);
  count.current = current.count;
  useEffect(() => {
    const ofMyForm = (event: Event) => {
      const form = ref.current?.closest('form');
      return !!form && event.target === form;
    };
    let before: number | undefined;
    const starts = (event: Event) => {
      if (ofMyForm(event)) before = count.current;
    };
    // After React's handler: a submission that already refused the field anew (its error appeared or changed) is not counted twice.
    const ends = (event: Event) => {
      if (ofMyForm(event) && before === count.current) setSubmissions((n) => n + 1);
      before = undefined;
    };
    document.addEventListener('submit', starts, true);
    document.addEventListener('submit', ends);
    return () => {
      document.removeEventListener('submit', starts, true);
      document.removeEventListener('submit', ends);
    };
  }, [ref]);
  useEffect(() => {
    const element = ref.current;
    if (!current.count || !element) return;
    const scope = element.closest('form') ?? element;
    scope.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [current.count, ref]);
  return current.count;
}

/** Marks a form's error summary (ErrorSummary): while one shows, it is the form's only announcement. */
const SUMMARY = 'data-error-summary';

/**
 * A field's error message, the id its control's aria-describedby names. A refused submission is
 * announced once (the GOV.UK error summary pattern: one announcement, each field's message
 * described by its control, focus on the first field in error): the form's ErrorSummary when it
 * shows one, else the message of the form's first field in error, which alone is role="alert"
 * (a field outside a form: its own). The others are read as focus reaches their control. Mounted
 * anew on each refusal (keyed by useRefusals), so the same message is announced again.
 */
function FieldMessage({ id, children }: { id: string; children: ReactNode }) {
  const ref = useRef<HTMLParagraphElement>(null);
  // Decided as it is mounted, before the browser reports it: every message of the refusal is in the document by then.
  useLayoutEffect(() => {
    const message = ref.current;
    if (!message) return;
    const form = message.closest('form');
    const announces = !form || (form.querySelector('.field-error') === message && !form.querySelector(`[${SUMMARY}]`));
    if (announces) message.setAttribute('role', 'alert');
    else message.removeAttribute('role');
  }, []);
  return (
    <p className="field-error" id={id} ref={ref}>
      {children}
    </p>
  );
}

/**
 * A form's error summary (the GOV.UK pattern) for a refusal that concerns several fields (« Répondez
 * à toutes les questions… (questions 1, 3) »): role="alert", and while it shows it is the form's
 * only announcement (its fields' messages are then only described, FieldMessage). Put it inside
 * the form, and key it by the page's submission count so that the same summary is announced again.
 */
export function ErrorSummary({ children }: { children: ReactNode }) {
  return (
    <div className="notice notice-error" role="alert" {...{ [SUMMARY]: '' }}>
      <p>{children}</p>
    </div>
  );
}

/** Ids in an aria-describedby value, without repeats; undefined when none. */
function idList(...values: (string | undefined)[]): string | undefined {
  const ids = [...new Set(values.flatMap((value) => (value ?? '').split(/\s+/).filter(Boolean)))];
  return ids.length ? ids.join(' ') : undefined;
}

/** The ARIA a field's control carries: invalid while its error shows, described by its hint and error. */
type FieldAria = { 'aria-invalid'?: true; 'aria-describedby'?: string };

/**
 * A field's frame (label, hint, the control `control(aria)` draws, its error), shared by every field below.
 * `error`: the message shown; `refusal`: the field's error as the page gives it; `describedBy`: the control's own aria-describedby, kept.
 */
function FieldFrame({ id, label, hint, error, refusal, describedBy, control }: FieldProps & { id: string; refusal: string | undefined; describedBy?: string; control: (aria: FieldAria) => ReactNode }) {
  const frame = useRef<HTMLDivElement>(null);
  const refusals = useRefusals(refusal, error, frame);
  const described = idList(hint ? `${id}-hint` : '', error ? `${id}-error` : '', describedBy);
  return (
    <div className={`field ${error ? 'field-invalid' : ''}`} ref={frame}>
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      {control({ 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
      {error && (
        <FieldMessage key={refusals} id={`${id}-error`}>
          {error}
        </FieldMessage>
      )}
    </div>
  );
}

export function TextField({ label, hint, error, 'aria-describedby': describedBy, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const field = useFieldError<HTMLInputElement>(error, input.value);
  return <FieldFrame id={id} label={label} hint={hint} error={field.error} refusal={error} describedBy={describedBy} control={(aria) => <input id={id} {...aria} {...input} ref={field.ref} onChange={editing(field, input.onChange)} />} />;
}

export function TextArea({ label, hint, error, 'aria-describedby': describedBy, ...input }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const field = useFieldError<HTMLTextAreaElement>(error, input.value);
  return <FieldFrame id={id} label={label} hint={hint} error={field.error} refusal={error} describedBy={describedBy} control={(aria) => <textarea id={id} {...aria} {...input} ref={field.ref} onChange={editing(field, input.onChange)} />} />;
}

/** A drop-down list with its label, hint and error, like TextField (`children`: its options). */
export function SelectField({ label, hint, error, children, 'aria-describedby': describedBy, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const generated = useId();
  const id = select.id ?? generated;
  const field = useFieldError<HTMLSelectElement>(error, select.value);
  return (
    <FieldFrame
      id={id}
      label={label}
      hint={hint}
      error={field.error}
      refusal={error}
      describedBy={describedBy}
      control={(aria) => (
        <select {...aria} {...select} id={id} ref={field.ref} onChange={editing(field, select.onChange)}>
          {children}
        </select>
      )}
    />
  );
}

/** Marks the inputs whose aria-invalid a ChoiceGroup set (it removes only those). */
const GROUP_INVALID = 'data-group-invalid';

/**
 * A group of radio buttons or checkboxes (`children`: the inputs, each in its label) in a
 * fieldset: `legend` names the group, `hint` describes it (aria-describedby) and the error each
 * of its inputs, as FieldFrame does for one control. The error goes as soon as the member changes the choice, like
 * TextField's (useFieldError): `value` is the choice now — one value for radio buttons, the list
 * for checkboxes, undefined or empty while nothing is chosen. While it shows, every input of the
 * group is aria-invalid="true" and described by it (added to the input's own aria-describedby,
 * which is kept), each refusal is announced (FieldMessage) and moves focus to the form's first
 * field in error (useRefusals).
 */
export function ChoiceGroup({ legend, hint, error, value, className, children }: Omit<FieldProps, 'label'> & { legend: ReactNode; value: string | number | readonly (string | number)[] | null | undefined; className?: string; children: ReactNode }) {
  const id = useId();
  const group = useRef<HTMLFieldSetElement>(null);
  const chosen = Array.isArray(value) ? value.join(',') : value == null ? '' : String(value);
  const shown = useFieldError<HTMLInputElement>(error, chosen).error;
  // The fieldset is described by the hint, each input by the error (not both, so it is read once as focus enters the group).
  // The inputs are the page's children, nested in their labels: their ARIA is set on the DOM after each render, the
  // error's id added to (or taken from) what the page gave them.
  useLayoutEffect(() => {
    const message = `${id}-error`;
    group.current?.querySelectorAll('input').forEach((input) => {
      const own = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((token) => token && token !== message);
      const described = shown ? [...own, message] : own;
      if (described.length) input.setAttribute('aria-describedby', described.join(' '));
      else input.removeAttribute('aria-describedby');
      if (shown) {
        if (input.getAttribute('aria-invalid') !== 'true') input.setAttribute(GROUP_INVALID, '');
        input.setAttribute('aria-invalid', 'true');
      } else if (input.hasAttribute(GROUP_INVALID)) {
        input.removeAttribute('aria-invalid');
        input.removeAttribute(GROUP_INVALID);
      }
    });
  });
  const refusals = useRefusals(error, shown, group);
  return (
    <fieldset ref={group} className={[className, shown ? 'field-invalid' : ''].filter(Boolean).join(' ') || undefined} aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend>{legend}</legend>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      {children}
      {shown && (
        <FieldMessage key={refusals} id={`${id}-error`}>
          {shown}
        </FieldMessage>
      )}
    </fieldset>
  );
}

/** Page links; `page` is 1-based as in the API's `meta.pagination`. */
export function Pagination({ page, pageCount, onPage, label = 'Pages' }: { page: number; pageCount: number; onPage: (page: number) => void; label?: string }) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label={label}>
      <Button kind="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ← Précédente
      </Button>
      <span aria-current="page">
        Page {formatNumber(page)} sur {formatNumber(pageCount)}
      </span>
      <Button kind="secondary" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
        Suivante →
      </Button>
    </nav>
  );
}

/** The search API escapes its snippets' text as HTML (plugins/search snippet.ts): back to text, in one pass. */
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescapeText = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);

/**
 * A search snippet: keeps the API's <mark>…</mark> highlights and nothing else. Every other
 * character is text (React escapes it): no HTML from the API ever reaches the page.
 */
export function Highlight({ text }: { text: string }) {
  const parts = text.split(/(<mark>[\s\S]*?<\/mark>)/g);
  return (
    <>
      {parts.map((part, i) => {
        const marked = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
        return marked ? <mark key={i}>{unescapeText(marked[1])}</mark> : <span key={i}>{unescapeText(part)}</span>;
      })}
    </>
  );
}

export function Badge({ children, tone = 'neutral' }: { children: ReactNode; tone?: 'neutral' | 'success' | 'warning' | 'danger' | 'info' }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** A progress bar with its text equivalent. */
export function Progress({ value, max, label }: { value: number; max: number; label: string }) {
  return (
    <div className="progress">
      <progress value={value} max={Math.max(1, max)} aria-label={label} />
      <span>
        {formatNumber(value)} / {formatNumber(max)}
      </span>
    </div>
  );
}

/**
 * A success to announce: its message and its number. Each one set is a new success, the same
 * message included (useSuccess), so that a second « Renvoyer l’invitation » is told again.
 */
export interface Success {
  message: ReactNode;
  count: number;
}

/**
 * A page's success where the form or the button pressed stays (« Adhérents », « Ma fiche », a
 * contribution edited…): useState's pair for a SuccessNotice (or a StatusText). `set(message)`
 * records a new success — the very message of the last one again included, which a plain
 * useState would drop as no change; `set(null)` (or undefined, false) clears it. Where the
 * result replaces the form, focus moves to it instead (useFocusOnChange).
 * @returns the success now (null when none) and its setter, stable across renders
 */
export function useSuccess(): [Success | null, (message: ReactNode) => void] {
  const [success, setSuccess] = useState<Success | null>(null);
  const count = useRef(0);
  const set = useCallback((message: ReactNode) => {
    count.current += 1;
    setSuccess(message === null || message === undefined || message === false ? null : { message, count: count.current });
  }, []);
  return [success, set];
}

/**
 * How long a live region stays empty before a new success fills it: long enough for the
 * browser to report the emptied region to screen readers in an update of its own (the pause the
 * clear-then-set pattern needs; 50 to 100 ms is the usual choice), short enough to be seen as
 * one change.
 */
export const STATUS_REFILL_MS = 100;

/**
 * What a live region that is always in the page shows of `success`, so that each new success
 * is announced (role="status"): screen readers announce a present region whose text changes,
 * and announce less reliably a region inserted together with its text, or one whose text is
 * put back unchanged. A new success arriving while the region shows another (the same message
 * again included) empties it first; the region then stays empty STATUS_REFILL_MS (counted from
 * when it was emptied — by a new success, by the page clearing it before its request, or from
 * its mounting) before the success fills it. Takes no focus.
 * @returns the success to show now (null while the region is empty)
 */
function useAnnounced(success: Success | null): Success | null {
  const [shown, setShown] = useState<Success | null>(null);
  const current = useRef<Success | null>(null);
  const emptiedAt = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    const show = (next: Success | null) => {
      current.current = next;
      setShown(next);
    };
    if (emptiedAt.current === undefined) emptiedAt.current = performance.now(); // mounted, empty
    if (current.current) {
      show(null);
      emptiedAt.current = performance.now();
    }
    if (!success) return;
    const wait = emptiedAt.current + STATUS_REFILL_MS - performance.now();
    if (wait <= 0) {
      show(success);
      return;
    }
    const timer = window.setTimeout(() => show(success), wait);
    return () => window.clearTimeout(timer);
  }, [success]);
  return shown;
}

/**
 * A success where the form or the button pressed stays, announced without taking focus (the
 * portal's rule: focus stays where the member is; a refusal moves it to the first field in
 * error, useRefusals): a live region (role="status") always in the page, empty until `success`
 * (useSuccess) fills it with a success box, each new success announced again (useAnnounced).
 * Render it unconditionally — `<SuccessNotice success={done} />`, not `{done && …}`.
 * `kind` 'warning': a warning box instead, for a lookup's answer that is no good news (« Aucun
 * bulletin ne porte ce reçu »), told by the same region as the good one.
 */
export function SuccessNotice({ success, kind = 'success' }: { success: Success | null; kind?: 'success' | 'warning' }) {
  const shown = useAnnounced(success);
  return (
    <div role="status">
      {shown && <div className={`notice notice-${kind}`}>{shown.message}</div>}
    </div>
  );
}

/**
 * A short success told in a line of text (« Reçu copié. », « 3 notes enregistrées. ») beside
 * the button pressed: a SuccessNotice without its box, as a span always in the page.
 */
export function StatusText({ success }: { success: Success | null }) {
  const shown = useAnnounced(success);
  return <span role="status">{shown?.message}</span>;
}

/** Moves focus to a message when it appears (form results), so screen readers and keyboard users land on it. */
export function useFocusOnChange<T extends HTMLElement>(dependency: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (dependency) ref.current?.focus();
  }, [dependency]);
  return ref;
}

/** What keyboard focus can land on inside a region, in document order. */
const FOCUSABLE = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/** The region's controls that can take focus now: present, enabled, shown. */
function focusablesIn(region: HTMLElement): HTMLElement[] {
  return [...region.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => !(element as HTMLButtonElement).disabled && element.getClientRects().length > 0);
}

/** A heading (or any element) to focus: made focusable by script only (tabIndex -1), as the page's title is. */
function focusableHeading(element: HTMLElement | null | undefined): HTMLElement | null {
  if (!element) return null;
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  return element;
}

/**
 * Where focus goes when the control that had it went away: the `target` the page names, if it
 * is there; else the control now in its place — the first one after the nearest control that
 * preceded it and is still there (what Tab would reach from there: the next row's button once a
 * row is removed, the button that replaced the one pressed) —, else that preceding control (the
 * previous row's, when the last row went), else the heading of the section the region is in,
 * else the page's title (h1). The WAI-ARIA APG's rule for a removed element: focus moves to a
 * logical place nearby, never to the page itself.
 */
function landingAfterLoss(region: HTMLElement, preceding: HTMLElement[], target?: (region: HTMLElement) => HTMLElement | null | undefined): HTMLElement | null {
  const named = target?.(region);
  if (named?.isConnected) return named;
  const now = focusablesIn(region);
  const anchor = [...preceding].reverse().find((element) => element.isConnected && region.contains(element));
  const next = anchor ? now.find((element) => anchor.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) : now[0];
  if (next) return next;
  if (anchor && now.includes(anchor)) return anchor;
  const section = region.closest('section[aria-labelledby]');
  const heading = section ? document.getElementById(section.getAttribute('aria-labelledby') ?? '') : null;
  return focusableHeading(heading ?? document.getElementById('page-title'));
}

/**
 * A region whose controls may go away after a success — a row removed from a list (« Retirer »
 * on « Adresses en échec », a question moderated), a button replaced by another (« Quitter le
 * réseau », a consent withdrawn), a form that closes (« Désigner ») — and that keeps focus from
 * falling to the page itself (document.body), where a phone screen reader starts reading again
 * from the top. When the control that had focus inside it is removed, or stays disabled, while
 * focus is on nothing, focus moves to `landingAfterLoss` (the `target` the page names, else the
 * control now in its place, the previous one, the section's heading, the page's title). A
 * pending Button (aria-busy) is left alone: it takes focus back itself when its action ends
 * (Button), and is judged again then. Focus the page moved elsewhere (a field in error, a
 * result) is never taken. Renders a <div> with `display: contents` (no box of its own).
 * Rule: README, portal section (« where focus goes after a success »).
 */
export function FocusKeeper({ target, children }: { target?: (region: HTMLElement) => HTMLElement | null | undefined; children: ReactNode }) {
  const region = useRef<HTMLDivElement>(null);
  const named = useRef(target);
  named.current = target;
  useEffect(() => {
    const element = region.current;
    if (!element) return;
    // The control focused last inside the region, and the region's controls before it at that moment.
    let last: HTMLElement | null = null;
    let preceding: HTMLElement[] = [];
    const focused = (event: FocusEvent) => {
      const into = event.target instanceof HTMLElement && element.contains(event.target) ? event.target : null;
      last = into;
      preceding = into ? focusablesIn(element).filter((control) => control.compareDocumentPosition(into) & Node.DOCUMENT_POSITION_FOLLOWING) : [];
    };
    const check = () => {
      if (!last) return;
      const active = document.activeElement;
      if (active && active !== document.body) return;
      const gone = !last.isConnected || (last as HTMLButtonElement).disabled;
      if (!gone || (last.isConnected && last.getAttribute('aria-busy') === 'true')) return;
      landingAfterLoss(element, preceding, named.current)?.focus();
    };
    document.addEventListener('focusin', focused);
    const observer = new MutationObserver(check);
    observer.observe(element, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled', 'aria-busy', 'hidden'] });
    return () => {
      document.removeEventListener('focusin', focused);
      observer.disconnect();
    };
  }, []);
  return (
    <div ref={region} className="focus-keeper">
      {children}
    </div>
  );
}

/**
 * A file the API serves behind authentication (an attachment, a certificate): a button that
 * downloads it with the member's session, its pending state, and the API's French refusal.
 * `path` is the API path with or without its `/api` prefix.
 */
export function DownloadButton({ path, name, children }: { path: string; name: string; children: ReactNode }) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  return (
    <>
      <Button
        kind="link"
        pending={pending}
        onClick={async () => {
          setError(undefined);
          setPending(true);
          try {
            await download(path.replace(/^\/api(?=\/)/, ''), name);
          } catch (caught) {
            setError((caught as Error).message);
          } finally {
            setPending(false);
          }
        }}
      >
        {children}
      </Button>
      {error && <ErrorMessage error={error} />}
    </>
  );
}
