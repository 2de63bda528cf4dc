import { z } from 'zod';
import { hasVisibleCharacter, strictInteger, type RouteInput } from '@intranet-militant/shared';

export const MAX_QUERY_LENGTH = 200;

export const searchQuery = z.strictObject({
  q: z
    // Absent: asked for; present but not one text (`q[a]=b`): told so.
    .string({ error: (issue) => (issue.input === undefined ? 'Saisissez ce que vous cherchez (paramètre q).' : 'La recherche est un texte (paramètre q).') })
    .trim()
    .min(1, { error: 'Saisissez au moins un mot.' })
    .refine(hasVisibleCharacter, { error: 'Saisissez au moins un mot.' })
    .max(MAX_QUERY_LENGTH, { error: `La recherche est limitée à ${MAX_QUERY_LENGTH} caractères.` }),
  type: z.string({ error: 'Type invalide.' }).trim().min(1, { error: 'Type invalide.' }).max(50, { error: 'Type invalide.' }).optional(),
  // Ranges before « whole number »: a field tells its first failed check only.
  page: strictInteger(z
    .number({ error: 'Numéro de page invalide.' })
    .min(1, { error: 'Les pages commencent à 1.' })
    .max(1000, { error: 'Affinez la recherche : au-delà de la page 1000, les résultats ne sont pas parcourus.' })
    .int({ error: 'Numéro de page invalide.' })
    ).default(1),
  pageSize: strictInteger(z
    .number({ error: 'Taille de page invalide.' })
    .min(1, { error: 'Au moins un résultat par page.' })
    .max(50, { error: '50 résultats par page au plus.' })
    .int({ error: 'Taille de page invalide.' })
    ).default(10),
  // false: the page alone, not counted (the portal asks GET /search/count beside it).
  count: z.enum(['true', 'false'], { error: '« count » vaut true ou false.' }).default('true'),
});

/** GET /search/count: the same question, for its counts alone. */
export const countQuery = searchQuery.omit({ count: true });

export type SearchQueryInput = z.output<typeof searchQuery>;
export type CountQueryInput = z.output<typeof countQuery>;

/** What each route accepts (parsed on the route, before the controller). */
export const routeInput = {
  query: { query: searchQuery },
  count: { query: countQuery },
} satisfies Record<string, RouteInput>;
