import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { api, ApiError, type ApiEnvelope, type RequestOptions } from './api';

export interface ApiState<T> {
  data: T | undefined;
  meta: Record<string, any> | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Fetches again (after a change); keeps the current data on screen meanwhile. */
  reload: () => void;
}

/**
 * Counts the reads in flight below it: a page made of independent parts (the home page's
 * cards) shows them together once all have their data, instead of each growing in turn and
 * pushing the others down (a layout jump).
 */
export const ReadTracker = createContext<{ start: () => void; end: () => void } | null>(null);

type Settled = { envelope: ApiEnvelope<any>; error?: undefined } | { envelope?: undefined; error: ApiError };

interface Primed {
  promise: Promise<ApiEnvelope<any>>;
  settled?: Settled;
  startedAt: number;
  /** How many times it was primed: as many components take it before it is gone. */
  claims: number;
}

/**
 * Reads started ahead of their component (`primeRead`), by `useApi` key; each is taken as many
 * times as it was primed (two home cards priming the same read share one request).
 */
const primed = new Map<string, Primed>();
/** A primed read older than this (ms) is not taken: the member may have been away, the data moved on. */
const PRIMED_FOR_MS = 10_000;

const keyOf = (path: string, query?: RequestOptions['query']) => `${path}?${JSON.stringify(query ?? {})}`;
const asApiError = (error: unknown) => (error instanceof ApiError ? error : new ApiError(0, 'Une erreur est survenue.'));

/**
 * Starts the read `useApi(path, query)` will make, before its component mounts (the home
 * page's cards start theirs with the session's first reads: no waterfall behind the code's
 * download and the first render). `query` must be the same object shape, keys in the same
 * order. The component's `useApi` takes it (within 10 s) instead of asking again; if it is
 * already answered the component's first render has the data (no loading state, no jump).
 * Priming a read already primed (and fresh) sends no second request: it is then taken once
 * more, so each component that primed it takes the one answer (« Mon adhésion » and the
 * consultations card both read the open consultations on « Accueil »).
 * Returns the envelope's promise, rejected with the API's `ApiError`, for reads chained on it.
 */
export function primeRead<T = any>(path: string, query?: RequestOptions['query']): Promise<ApiEnvelope<T>> {
  const key = keyOf(path, query);
  const existing = primed.get(key);
  if (existing && Date.now() - existing.startedAt < PRIMED_FOR_MS) {
    existing.claims += 1;
    return existing.promise;
  }
  const entry: Primed = { promise: api<T>(path, { query }), startedAt: Date.now(), claims: 1 };
  entry.promise.then(
    (envelope) => (entry.settled = { envelope }),
    (error) => (entry.settled = { error: asApiError(error) })
  );
  primed.set(key, entry);
  return entry.promise;
}

/**
 * Drops the primed reads nobody took (the page that primed them is left): another page asking
 * the same path later must read afresh, not take an answer from before a change.
 */
export function forgetPrimedReads(): void {
  primed.clear();
}

/**
 * The primed read for `key` if fresh; `settledOnly`: only when already answered. Taking it uses
 * one of its claims; the last one removes it.
 */
function takePrimed(key: string | null, settledOnly: boolean): Primed | undefined {
  const entry = key === null ? undefined : primed.get(key);
  if (!entry || Date.now() - entry.startedAt >= PRIMED_FOR_MS || (settledOnly && !entry.settled)) return undefined;
  entry.claims -= 1;
  if (entry.claims <= 0) primed.delete(key!);
  // A primed read that failed is not taken: the component reads again itself.
  return entry.settled?.error ? undefined : entry;
}

const fromSettled = (settled: Settled) => ({ data: settled.envelope?.data, meta: settled.envelope?.meta, error: settled.error, loading: false });

/**
 * Reads `/api<path>` (GET) and re-reads when the path or query changes. `path: null` waits.
 * Stale answers (a slower earlier request) are dropped. A read primed with `primeRead` for the
 * same path and query is taken instead of a new request (its data at once when it has arrived).
 */
export function useApi<T = any>(path: string | null, query?: RequestOptions['query']): ApiState<T> {
  const key = path === null ? null : keyOf(path, query);
  // An answered primed read gives the first render its data: nothing to wait for, no tracker.
  const [answeredAtMount] = useState(() => takePrimed(key, true));
  const [state, setState] = useState<Omit<ApiState<T>, 'reload'>>(() =>
    answeredAtMount?.settled ? fromSettled(answeredAtMount.settled) : { data: undefined, meta: undefined, error: undefined, loading: path !== null }
  );
  const [tick, setTick] = useState(0);
  const queryRef = useRef(query);
  queryRef.current = query;
  const mountKey = useRef(answeredAtMount ? key : null);

  const tracker = useContext(ReadTracker);
  useEffect(() => {
    if (path === null) return;
    if (tick === 0 && mountKey.current === key) {
      mountKey.current = null; // the data came with the first render
      return;
    }
    mountKey.current = null;
    const controller = new AbortController();
    let settled = false;
    const settle = () => {
      if (!settled) tracker?.end();
      settled = true;
    };
    tracker?.start();
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    const ahead = tick === 0 ? takePrimed(key, false) : undefined;
    const read = () => api<T>(path, { query: queryRef.current, signal: controller.signal });
    // A primed read still under way that then fails is read again once, by the component.
    (ahead ? (ahead.promise as Promise<ApiEnvelope<T>>).catch(read) : read())
      .then((envelope) => {
        if (!controller.signal.aborted) setState({ data: envelope.data, meta: envelope.meta, error: undefined, loading: false });
      })
      .catch((error) => {
        if (controller.signal.aborted || error?.name === 'AbortError') return;
        setState({ data: undefined, meta: undefined, error: asApiError(error), loading: false });
      })
      .finally(settle);
    return () => {
      controller.abort();
      settle();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/**
 * A write (POST/PUT) with its pending state and error, for forms and buttons.
 * `run` resolves to the envelope, or to undefined when the API refused (the error is kept).
 */
export function useAction<T = any>() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const run = useCallback(async (path: string, options: RequestOptions): Promise<{ data: T; meta?: any } | undefined> => {
    setPending(true);
    setError(undefined);
    try {
      return await api<T>(path, options);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'Une erreur est survenue.'));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  return { run, pending, error, clearError: () => setError(undefined) };
}

/** Sets the document title: « <page> · Intranet militant ». */
export function useTitle(title: string | undefined) {
  useEffect(() => {
    if (title) document.title = `${title} · Intranet militant`;
  }, [title]);
}
