import { defineNotificationKinds, frenchDate, parisDate, PORTAL_PAGES } from '@intranet-militant/shared';

/**
 * The account's own messages (notifications plugin): the invitation and the password reset.
 * Mandatory (security), email only (no inbox: the member cannot sign in yet). Their code is
 * a secret of the message (`secret.code`), sealed in the outbox and erased once sent.
 */
export const INVITATION_KIND = 'notifications.invitation';
export const PASSWORD_RESET_KIND = 'notifications.password-reset';

export const accountKinds = defineNotificationKinds([
  {
    id: INVITATION_KIND,
    label: 'Invitation à activer votre compte',
    audience: 'Chaque adhérent inscrit par sa fédération.',
    mandatory: true,
    due: async () => [],
    render: (data) => ({
      subject: 'Activez votre compte sur l’intranet',
      paragraphs: [
        data.federation ? `Votre fédération, ${String(data.federation)}, vous a inscrit sur l’intranet des adhérents.` : 'Vous avez été inscrit sur l’intranet des adhérents.',
        `Pour activer votre compte, choisissez votre mot de passe avec le lien ci-dessous. Il ne sert qu’une fois et reste valable jusqu’au ${frenchDate(parisDate(String(data.expiresAt)))}.`,
        'Si ce lien a expiré, demandez-en un nouveau à votre fédération, ou utilisez « Mot de passe oublié » sur la page de connexion.',
      ],
      link: { path: `${PORTAL_PAGES.activate}?code=${String(data.code ?? '')}`, label: 'Activer mon compte' },
    }),
  },
  {
    id: PASSWORD_RESET_KIND,
    label: 'Nouveau mot de passe',
    audience: 'Qui le demande avec « Mot de passe oublié ».',
    mandatory: true,
    due: async () => [],
    render: (data) => ({
      subject: 'Choisissez un nouveau mot de passe',
      paragraphs: [
        'Vous avez demandé à choisir un nouveau mot de passe pour votre compte de l’intranet. Le lien ci-dessous ne sert qu’une fois.',
        'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste le même.',
      ],
      link: { path: `${PORTAL_PAGES.resetPassword}?code=${String(data.code ?? '')}`, label: 'Choisir un nouveau mot de passe' },
    }),
  },
]);

/** Kinds that never show in the inbox. */
export const EMAIL_ONLY_KINDS = new Set<string>([INVITATION_KIND, PASSWORD_RESET_KIND]);
