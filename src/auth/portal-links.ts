import type { Core } from '@strapi/strapi';
import { PORTAL_PAGES, portalUrl } from '@intranet-militant/shared';

/** The portal's page where an emailed reset code chooses a new password (src/portal/pages/password.tsx). */
export const RESET_PAGE = PORTAL_PAGES.resetPassword;
export { portalUrl };

/**
 * users-permissions' « mot de passe oublié » template, in French. The reset email members
 * receive is written by the notifications plugin (text and HTML, their federation's name);
 * this keeps what the admin panel shows (« Modèles d'e-mail ») and anything users-permissions
 * might still send in French and pointing to the portal.
 */
export const RESET_TEMPLATE = {
  object: 'Choisissez un nouveau mot de passe',
  message: [
    '<p>Bonjour,</p>',
    '<p>Vous avez demandé à choisir un nouveau mot de passe pour votre compte de l’intranet. Ouvrez ce lien pour le choisir (il ne sert qu’une fois) :</p>',
    '<p><a href="<%= URL %>?code=<%= TOKEN %>"><%= URL %>?code=<%= TOKEN %></a></p>',
    '<p>Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste le même.</p>',
  ].join('\n'),
};

/**
 * users-permissions' « mot de passe oublié » email links to the portal's reset page (it
 * appends `?code=…`), not to a page of its own, and its template is French. Written at boot
 * when they differ (code is the source of truth: an edit in the panel is put back).
 */
export async function pointResetEmailsToPortal(strapi: Core.Strapi): Promise<void> {
  const store = strapi.store({ type: 'plugin', name: 'users-permissions' });
  const advanced = ((await store.get({ key: 'advanced' })) ?? {}) as Record<string, unknown>;
  const wanted = `${portalUrl(strapi)}${RESET_PAGE}`;
  if (advanced.email_reset_password !== wanted) await store.set({ key: 'advanced', value: { ...advanced, email_reset_password: wanted } });

  const email = ((await store.get({ key: 'email' })) ?? {}) as Record<string, any>;
  const current = email.reset_password ?? {};
  const settings = strapi.config.get('plugin::email.settings', {}) as { defaultFrom?: string; defaultReplyTo?: string };
  const from = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(settings.defaultFrom ?? '');
  const options = {
    ...(current.options ?? {}),
    from: from ? { name: from[1].replace(/^"|"$/g, ''), email: from[2] } : { name: 'Intranet', email: settings.defaultFrom ?? '' },
    response_email: settings.defaultReplyTo ?? '',
    object: RESET_TEMPLATE.object,
    message: RESET_TEMPLATE.message,
  };
  if (JSON.stringify(current.options) !== JSON.stringify(options)) {
    await store.set({ key: 'email', value: { ...email, reset_password: { display: 'Email.template.reset_password', icon: 'sync', ...current, options } } });
  }
}
