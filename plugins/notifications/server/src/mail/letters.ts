import { frenchDate, parisDate, type RenderedNotification } from '@intranet-militant/shared';

/**
 * The intranet's emails, in French, as plain text and accessible HTML built from the same
 * blocks: a heading, paragraphs, one call to action written out as a real link (never an
 * image), and a signature naming the member's federation when known. Every value that
 * comes from data (names, addresses) is escaped in the HTML.
 */
export interface Letter {
  subject: string;
  text: string;
  html: string;
}

export interface Recipient {
  firstName?: string | null;
  federation?: { name: string; departmentCode?: string | null } | null;
}

/** A paragraph, or a call to action written out as a link. */
export type LetterBlock = { paragraph: string } | { link: string; label: string };
type Block = LetterBlock;

const SITE = 'Intranet militant';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** « Gard (30) », or null. */
export function federationLabel(federation: Recipient['federation']): string | null {
  if (!federation?.name) return null;
  return federation.departmentCode ? `${federation.name} (${federation.departmentCode})` : federation.name;
}

/**
 * A letter from blocks: greeting (the recipient's first name, or « Bonjour, »), paragraphs
 * and links, signature with the federation when known, optional footer.
 */
export function compose(subject: string, recipient: Recipient, blocks: Block[], footer: Block[] = []): Letter {
  const greeting = recipient.firstName?.trim() ? `Bonjour ${recipient.firstName.trim()},` : 'Bonjour,';
  const federation = federationLabel(recipient.federation);
  const signature = federation ? `${SITE} — fédération ${federation}` : SITE;
  const text = [
    greeting,
    ...blocks.map((b) => ('paragraph' in b ? b.paragraph : `${b.label} :\n${b.link}`)),
    `— ${signature}`,
    ...footer.map((b) => ('paragraph' in b ? b.paragraph : `${b.label} :\n${b.link}`)),
  ].join('\n\n');
  const body = blocks
    .map((b) =>
      'paragraph' in b
        ? `<p>${escapeHtml(b.paragraph)}</p>`
        : `<p><a href="${escapeHtml(b.link)}" style="display:inline-block;padding:10px 16px;background:#8a1538;color:#ffffff;text-decoration:underline;border-radius:4px">${escapeHtml(b.label)}</a></p>\n<p>Si le bouton ne s’ouvre pas, copiez cette adresse dans votre navigateur :<br>${escapeHtml(b.link)}</p>`
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:40em;margin:0 auto;padding:16px">
<p>${escapeHtml(greeting)}</p>
${body}
<p>— ${escapeHtml(signature)}</p>
${footer.map((b) => ('paragraph' in b ? `<p style="font-size:14px">${escapeHtml(b.paragraph)}</p>` : `<p style="font-size:14px"><a href="${escapeHtml(b.link)}">${escapeHtml(b.label)}</a></p>`)).join('\n')}
</body>
</html>`;
  return { subject, text, html };
}

/** The invitation of a newly registered member: a link to « Activer mon compte ». */
export function invitationLetter(recipient: Recipient, link: string, expiresAt: Date): Letter {
  const federation = federationLabel(recipient.federation);
  return compose('Activez votre compte sur l’intranet', recipient, [
    { paragraph: federation ? `Votre fédération, ${federation}, vous a inscrit·e sur l’intranet des adhérents.` : 'Vous avez été inscrit·e sur l’intranet des adhérents.' },
    { paragraph: `Pour activer votre compte, choisissez votre mot de passe avec le lien ci-dessous. Il ne sert qu’une fois et reste valable jusqu’au ${frenchDate(parisDate(expiresAt))}.` },
    { link, label: 'Activer mon compte' },
    { paragraph: 'Si ce lien a expiré, demandez-en un nouveau à votre fédération, ou utilisez « Mot de passe oublié » sur la page de connexion.' },
  ]);
}

/** « Mot de passe oublié »: a link to the portal's reset page. */
export function passwordResetLetter(recipient: Recipient, link: string): Letter {
  return compose('Choisissez un nouveau mot de passe', recipient, [
    { paragraph: 'Vous avez demandé à choisir un nouveau mot de passe pour votre compte de l’intranet. Le lien ci-dessous ne sert qu’une fois.' },
    { link, label: 'Choisir un nouveau mot de passe' },
    { paragraph: 'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste le même.' },
  ]);
}

/**
 * A notification of any kind: its template's paragraphs and link (made absolute with the
 * portal's address), and for kinds one may leave, the links to stop them and to choose.
 */
export function notificationLetter(
  recipient: Recipient,
  rendered: RenderedNotification,
  baseUrl: string,
  options: { unsubscribeUrl?: string | null; preferencesPath?: string } = {}
): Letter {
  const blocks: Block[] = rendered.paragraphs.map((paragraph) => ({ paragraph }));
  if (rendered.link) blocks.push({ link: /^https?:/.test(rendered.link.path) ? rendered.link.path : `${baseUrl}${rendered.link.path}`, label: rendered.link.label });
  const footer: Block[] = [];
  if (options.unsubscribeUrl) {
    // The one-click address itself goes in the List-Unsubscribe header (RFC 8058: a POST from the
    // mail client); a link in the body would be followed by link scanners.
    footer.push({
      paragraph: 'Vous recevez ce message parce que vous êtes adhérent. Pour ne plus le recevoir par e-mail, utilisez « Se désabonner » dans votre messagerie, ou choisissez ce que vous recevez :',
    });
    footer.push({ link: `${baseUrl}${options.preferencesPath ?? '/notifications/preferences'}`, label: 'Mes notifications' });
  }
  return compose(rendered.subject, recipient, blocks, footer);
}
