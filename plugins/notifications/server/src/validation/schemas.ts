import { fields, z, type RouteInput } from '@intranet-militant/shared';

/** users-permissions hashes with bcrypt, which reads 72 bytes at most. */
const MAX_PASSWORD_BYTES = 72;

export const passwordField = z
  .string({ error: 'Choisissez un mot de passe.' })
  .min(8, { error: 'Choisissez un mot de passe d’au moins 8 caractères.' })
  .refine((value) => Buffer.byteLength(value, 'utf8') <= MAX_PASSWORD_BYTES, { error: 'Le mot de passe est trop long (72 octets au plus).' });

/** What each route of the notifications API accepts (see routes/index.ts). */
export const inputs = {
  activate: {
    body: z
      .strictObject({
        code: z.string({ error: 'Le code du lien est manquant.' }).regex(/^[A-Za-z0-9_-]{20,128}$/, { error: 'Ce lien d’activation n’est pas valide.' }),
        password: passwordField,
        passwordConfirmation: z.string({ error: 'Confirmez le mot de passe.' }),
      })
      .refine((body) => body.password === body.passwordConfirmation, {
        path: ['passwordConfirmation'],
        error: 'Les deux mots de passe ne correspondent pas.',
      }),
  },
  resend: {
    params: z.object({ memberId: fields.documentId('L’adhérent') }),
    body: z.strictObject({}),
  },
  bounces: {
    query: z.strictObject({ ...fields.pagination(50) }),
  },
  clearBounce: {
    // A DELETE's body is not read (Strapi's body parser skips DELETE).
    params: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16}$/, { error: 'L’adresse en échec : identifiant invalide.' }) }),
  },
  inbox: {
    query: z.strictObject({ ...fields.pagination(20), unread: fields.choice('Non lues seulement', { true: 'oui', false: 'non' }).optional() }),
  },
  unreadCount: { query: z.strictObject({}) },
  markRead: {
    params: z.object({ id: fields.id('La notification') }),
    body: z.strictObject({}),
  },
  markAllRead: { body: z.strictObject({}) },
  preferences: { query: z.strictObject({}) },
  setPreference: {
    body: z.strictObject({
      kind: z.string({ error: 'Le type de notification est obligatoire.' }).regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/, { error: 'Type de notification inconnu.' }),
      mode: z.enum(['email', 'digest', 'portal'], { error: 'Choisissez « email », « digest » ou « portal ».' }),
    }),
  },
  unsubscribe: {
    query: z.object({
      m: fields.id('L’adhérent'),
      k: z.string({ error: 'Type de notification manquant.' }).regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/, { error: 'Type de notification inconnu.' }),
      t: z.string({ error: 'Signature manquante.' }).regex(/^[A-Za-z0-9_-]{43}$/, { error: 'Ce lien de désabonnement n’est pas valide.' }),
    }),
    // RFC 8058: the mail client posts `List-Unsubscribe=One-Click` (form-encoded); the portal posts JSON.
    body: z.object({ 'List-Unsubscribe': z.literal('One-Click').optional() }).optional(),
  },
  feed: { query: z.strictObject({}) },
  resetFeed: { body: z.strictObject({}) },
  calendar: {
    query: z.object({ token: z.string({ error: 'Jeton manquant.' }).regex(/^[A-Za-z0-9_-]{43}$/, { error: 'Jeton invalide.' }) }),
  },
} satisfies Record<string, RouteInput>;

export type ActivationInput = z.output<typeof inputs.activate.body>;
