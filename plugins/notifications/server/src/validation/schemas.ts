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
} satisfies Record<string, RouteInput>;

export type ActivationInput = z.output<typeof inputs.activate.body>;
