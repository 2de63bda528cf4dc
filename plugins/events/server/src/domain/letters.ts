/**
 * Emails to people who registered (citizens without an account, members promoted from the
 * waiting list), French, plain text and accessible HTML from the same blocks. Values from
 * data (names, titles, addresses) are escaped in the HTML. Sent through the notifications
 * plugin's mailer (the configured transport).
 */
export interface Letter {
  subject: string;
  text: string;
  html: string;
}

type Block = { paragraph: string } | { link: string; label: string };

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function compose(subject: string, name: string | null, blocks: Block[]): Letter {
  const greeting = name?.trim() ? `Bonjour ${name.trim()},` : 'Bonjour,';
  const text = [greeting, ...blocks.map((b) => ('paragraph' in b ? b.paragraph : `${b.label} :\n${b.link}`)), '— Intranet militant'].join('\n\n');
  const body = blocks
    .map((b) => ('paragraph' in b ? `<p>${escapeHtml(b.paragraph)}</p>` : `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.label)}</a></p>`))
    .join('\n');
  const html = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:40em;margin:0 auto;padding:16px">
<p>${escapeHtml(greeting)}</p>
${body}
<p>— Intranet militant</p>
</body>
</html>`;
  return { subject, text, html };
}
