import type { Core } from '@strapi/strapi';
import type { NotificationAttachment } from '@intranet-militant/shared';
import { compose, type Letter, type LetterBlock, type Recipient } from '../mail/letters';

/** Display name and address, quoted for a header: `"Camille Roux" <camille@example.org>`. */
export function addressOf(email: string, name?: string | null): string {
  const clean = (name ?? '').replace(/["\\\r\n]/g, '').trim();
  return clean ? `"${clean}" <${email}>` : email;
}

/**
 * Sends a letter through Strapi's email plugin (the configured nodemailer transport: SMTP,
 * `.eml` files in development, or nothing with MAIL_DISABLED). From and Reply-To are the
 * configured defaults (MAIL_FROM, MAIL_REPLY_TO).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * A letter in the intranet's house style (plain text and accessible HTML from the same
   * blocks, values escaped) for mail other plugins send themselves (events' registrants
   * without an account). `recipient.firstName` is the name in the greeting.
   */
  letter(subject: string, recipient: Recipient, blocks: LetterBlock[]): Letter {
    return compose(subject, recipient, blocks);
  },

  async send(
    to: string,
    letter: Letter,
    extra: { messageId?: string; headers?: Record<string, string>; attachments?: NotificationAttachment[] } = {}
  ): Promise<void> {
    await strapi.plugin('email').service('email').send({ to, subject: letter.subject, text: letter.text, html: letter.html, ...extra });
  },
});
