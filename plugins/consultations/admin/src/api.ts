import { useCallback, useEffect, useState } from 'react';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';

/** Data for a page: loads on mount and on `reload()`, reports errors in the panel's notifications. */
export function useWorkbenchData<T>(path: string) {
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      const res = await get<{ data: T }>(path);
      setData(res.data.data);
      setError(null);
    } catch (e) {
      const message = errorMessage(e);
      setError(message);
      toggleNotification({ type: 'danger', message });
    }
  }, [get, path, toggleNotification]);
  useEffect(() => {
    reload();
  }, [reload]);
  return { data, error, reload };
}

/** An action that reloads the page's data and says how it went. */
export function useWorkbenchAction() {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (path: string, body: unknown, success: string, then?: () => unknown) => {
      setBusy(true);
      try {
        await post(path, body);
        toggleNotification({ type: 'success', message: success });
        await then?.();
      } catch (e) {
        toggleNotification({ type: 'danger', message: errorMessage(e) });
      } finally {
        setBusy(false);
      }
    },
    [post, toggleNotification]
  );
  return { run, busy };
}

/** « 1 proposition », « 3 propositions ». */
export const count = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

/** The French message of the API's error envelope. */
export function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e?.response?.data?.error?.message ?? e?.message ?? 'Erreur inattendue.';
}

export interface Summary {
  documentId: string;
  kind: 'full' | 'quick';
  title: string;
  phase: string;
  phaseLabel: string;
  federation: { name: string } | null;
  section: { name: string } | null;
}

export interface ContributionRow {
  documentId: string;
  reference: string;
  title: string;
  body: string;
  category: string | null;
  /** An erased author (`formerMember`) comes as the pseudonym: `label`, no number nor section. */
  author: { membershipNumber: string | null; firstName: string; lastName: string; section: string | null; formerMember?: boolean; label?: string } | null;
}

export interface ProposalRow {
  documentId: string;
  number: number;
  title: string;
  summary: string | null;
  state: 'active' | 'merged';
  sources: { documentId: string; reference: string; title: string }[];
}
