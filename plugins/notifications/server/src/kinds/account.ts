import { defineNotificationKinds, frenchDate, parisDate, PORTAL_PAGES, type NotificationOccurrence } from '@intranet-militant/shared';
import { MESSAGES } from '../storage';

/**
 * The account's own messages (notifications plugin): the invitation and the password reset.
 * Mandatory (security), email only (no inbox: the member cannot sign in yet). Their code is
 * a secret of the message (`secret.code`), sealed in the outbox and erased once sent.
 */
export const INVITATION_KIND = 'notifications.invitation';
export const PASSWORD_RESET_KIND = 'notifications.password-reset';
export const DIGEST_KIND = 'notifications.digest';

/** The weekly digest leaves on Monday from 8:00 (Paris), once per ISO week. */
function digestWeek(now: Date): string | null {
  const paris = new Date(now.toLocaleString('en-US', { timeZone: 'Europe/Paris' }));
  if (paris.getDay() !== 1 || paris.getHours() < 8) return null;
  const thursday = new Date(Date.UTC(paris.getFullYear(), paris.getMonth(), paris.getDate() + 3));
  const yearStart = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((thursday.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** What members chose to receive weekly, gathered per member (at most 50 items each; the rest waits a week). */
async function digestOccurrences(strapi: any, now: Date): Promise<NotificationOccurrence[]> {
  const week = digestWeek(now);
  if (!week) return [];
  const rows: { id: number; member_id: number; title: string; link: string | null }[] = await strapi.db
    .connection(MESSAGES)
    .where({ email_status: 'digest' })
    .orderBy('member_id')
    .orderBy('id')
    .select('id', 'member_id', 'title', 'link');
  const byMember = new Map<number, typeof rows>();
  for (const r of rows) byMember.set(Number(r.member_id), [...(byMember.get(Number(r.member_id)) ?? []), r]);
  return [...byMember].map(([memberId, items]) => ({
    key: `${DIGEST_KIND}:${week}:${memberId}`,
    data: { ids: items.slice(0, 50).map((i) => Number(i.id)), items: items.slice(0, 50).map((i) => ({ title: i.title, link: i.link })) },
    memberIds: [memberId],
  }));
}

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
        data.federation ? `Votre fédération, ${String(data.federation)}, vous a inscrit·e sur l’intranet des adhérents.` : 'Vous avez été inscrit·e sur l’intranet des adhérents.',
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
  {
    id: DIGEST_KIND,
    label: 'Récapitulatif de la semaine',
    audience: 'Les adhérents qui ont choisi de recevoir certains messages une fois par semaine.',
    // Its content is what the member chose to receive weekly: no preference of its own.
    mandatory: true,
    due: digestOccurrences,
    async afterEnqueue(strapi: any, occurrence: NotificationOccurrence) {
      const ids = (occurrence.data.ids as number[]) ?? [];
      await strapi.db.transaction(({ trx }: any) => trx(MESSAGES).whereIn('id', ids).andWhere({ email_status: 'digest' }).update({ email_status: 'digested', sent_at: Date.now() }));
    },
    render: (data) => {
      const items = (data.items as { title: string; link: string | null }[]) ?? [];
      return {
        subject: `Votre récapitulatif de la semaine (${items.length})`,
        paragraphs: [
          'Voici ce que l’intranet vous a signalé cette semaine :',
          ...items.map((i) => `• ${i.title}`),
          'Chaque message est aussi dans vos notifications, avec son lien.',
        ],
        link: { path: '/notifications', label: 'Voir mes notifications' },
      };
    },
  },
]);

/** Kinds that never show in the inbox nor in the preferences. */
export const EMAIL_ONLY_KINDS = new Set<string>([INVITATION_KIND, PASSWORD_RESET_KIND, DIGEST_KIND]);
