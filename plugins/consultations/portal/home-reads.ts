import { primeRead } from '@portal/hooks';
import type { Me } from '@portal/session';
import type { Detail, Summary } from './shared';

/** A consultation's API path, `/consultations/<documentId>` (its portal page has the same path). */
export const base = (id: string) => `/consultations/${encodeURIComponent(id)}`;

/** Consultations under way (published, not yet closed). */
export const OPEN = new Set(['upcoming', 'contribution', 'analysis', 'evaluation', 'vote']);
/** The home card's list read: the first page, enough to find the open ones. */
export const HOME_LIST_QUERY = { page: 1, pageSize: 20 };
/** How many open consultations the home card shows. */
export const HOME_SHOWN = 5;

/** Whether the home card reads a consultation's proposals: grading is open and I may grade. */
export const gradesToCount = (c: Detail) => c.phase === 'evaluation' && !!c.me?.eligibility.eligible;

/**
 * The home card's reads, started with the session (`prime` of the home card): the list, each
 * shown consultation's detail, and the proposals where I have grading to do — the same paths
 * and queries as `ConsultationsCard`, which takes them. Resolves once all have settled.
 */
export async function primeConsultationsCard(_me: Me): Promise<void> {
  const list = await primeRead<Summary[]>('/consultations', HOME_LIST_QUERY);
  const shown = list.data.filter((c) => OPEN.has(c.phase)).slice(0, HOME_SHOWN);
  await Promise.allSettled(
    shown.map(async (summary) => {
      const detail = await primeRead<Detail>(base(summary.documentId));
      if (gradesToCount(detail.data)) await primeRead(`${base(summary.documentId)}/proposals`);
    })
  );
}
