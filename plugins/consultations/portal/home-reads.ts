import { primeRead } from '@portal/hooks';
import type { Me } from '@portal/session';
import type { OpenConsultation } from './shared';

/** A consultation's API path, `/consultations/<documentId>` (its portal page has the same path). */
export const base = (id: string) => `/consultations/${encodeURIComponent(id)}`;

/** How many open consultations the home card shows. */
export const HOME_SHOWN = 5;
/** The home card's one read: the open consultations with what I still have to do in each. */
export const HOME_PATH = '/consultations/open';
export const HOME_QUERY = { limit: HOME_SHOWN };

/** The home card's read, started with the session (`prime` of the home card); `ConsultationsCard` takes it. */
export async function primeConsultationsCard(_me: Me): Promise<void> {
  await primeRead<OpenConsultation[]>(HOME_PATH, HOME_QUERY);
}
