import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { api, ApiError, type RequestOptions } from './api';

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

/**
 * Reads `/api<path>` (GET) and re-reads when the path or query changes. `path: null` waits.
 * Stale answers (a slower earlier request) are dropped.
 */
export function useApi<T = any>(path: string | null, query?: RequestOptions['query']): ApiState<T> {
  const [state, setState] = useState<Omit<ApiState<T>, 'reload'>>({ data: undefined, meta: undefined, error: undefined, loading: path !== null });
  const [tick, setTick] = useState(0);
  const key = path === null ? null : `${path}?${JSON.stringify(query ?? {})}`;
  const queryRef = useRef(query);
  queryRef.current = query;

  const tracker = useContext(ReadTracker);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    let settled = false;
    const settle = () => {
      if (!settled) tracker?.end();
      settled = true;
    };
    tracker?.start();
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    api<T>(path, { query: queryRef.current, signal: controller.signal })
      .then((envelope) => {
        if (!controller.signal.aborted) setState({ data: envelope.data, meta: envelope.meta, error: undefined, loading: false });
      })
      .catch((error) => {
        if (controller.signal.aborted || error?.name === 'AbortError') return;
        setState({ data: undefined, meta: undefined, error: error instanceof ApiError ? error : new ApiError(0, 'Une erreur est survenue.'), loading: false });
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
