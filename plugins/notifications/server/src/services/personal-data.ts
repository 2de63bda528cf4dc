import type { Core } from '@strapi/strapi';
import { getService, labelled, type PersonalDataPart, type PersonalDataProvider, type PersonalDataSubject } from '@intranet-militant/shared';
import { BOUNCES, FEEDS, MESSAGES, PREFERENCES } from '../storage';

const MODE_LABELS: Record<string, string> = { email: 'par e-mail', digest: 'dans le résumé hebdomadaire', portal: 'sur l’intranet seulement', off: 'désactivée' };
const EMAIL_LABELS: Record<string, string> = {
  pending: 'à envoyer', sent: 'envoyé', failed: 'échec', skipped: 'non envoyé', digest: 'pour le résumé', digested: 'envoyé dans un résumé', none: 'intranet seulement',
};
const iso = (ms: unknown) => (ms == null ? null : new Date(Number(ms)).toISOString());
/** A stored code with its French word; a code no longer known (its plugin removed) reads as such, never raw. */
const coded = (code: string | null | undefined, labels: Record<string, string>, unknown: string) => (code == null ? null : labelled(code, labels[code] ?? unknown));

/**
 * Notifications' part of « Mes données » (issue 22): the notifications addressed to the
 * member (inbox and emails: title, kind, date, read, delivery state and address), their
 * preferences per kind, whether they have a calendar address (never the address itself: it
 * is a secret, only its hash is kept), and a bounce recorded on their address. Kinds, modes
 * and delivery states are given with their French words (the kinds' own labels, as the
 * preferences page names them); times as ISO instants (the readable files word them). Reads only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async personalData(subject: PersonalDataSubject): Promise<PersonalDataPart> {
      const knex = strapi.db.connection;
      const messages = await knex(MESSAGES)
        .where((q) => {
          q.where('member_id', subject.memberId);
          if (subject.userId != null) q.orWhere('user_id', subject.userId);
        })
        .select('kind', 'title', 'email', 'email_status', 'in_inbox', 'read_at', 'sent_at', 'created_at')
        .orderBy('id', 'asc');
      const preferences = await knex(PREFERENCES).where('member_id', subject.memberId).select('kind', 'mode').orderBy('kind');
      const feed = await knex(FEEDS).where('member_id', subject.memberId).first('created_at');
      const kindLabels: Record<string, string> = Object.fromEntries(getService(strapi, 'notifications', 'kinds').all().map((k) => [k.id, k.label]));
      const kind = (id: string) => coded(id, kindLabels, 'Notification d’un module retiré');
      const addresses = [...new Set(messages.map((m: any) => m.email).filter(Boolean))];
      const bounces = await knex(BOUNCES)
        .where((q) => {
          q.where('member_id', subject.memberId);
          if (addresses.length) q.orWhereIn('email', addresses);
        })
        .select('email', 'code', 'created_at');
      return {
        source: 'notifications',
        title: 'Notifications',
        sections: [
          {
            title: 'Notifications reçues',
            rows: messages.map((m: any) => ({
              Titre: m.title,
              Type: kind(m.kind),
              'Écrite le': iso(m.created_at),
              'Sur l’intranet': Boolean(Number(m.in_inbox) || m.in_inbox === true),
              'Lue le': iso(m.read_at),
              'Adresse e-mail': m.email ?? null,
              'E-mail': coded(m.email_status, EMAIL_LABELS, 'autre état'),
              'Envoyé le': iso(m.sent_at),
            })),
          },
          { title: 'Préférences', rows: preferences.map((p: any) => ({ Type: kind(p.kind), Réception: coded(p.mode, MODE_LABELS, 'autre mode') })) },
          {
            title: 'Agenda',
            note: 'L’adresse de votre agenda est secrète : l’intranet n’en garde qu’une empreinte et ne peut pas vous la redonner ; vous pouvez en créer une nouvelle.',
            rows: [{ 'Adresse d’agenda créée': Boolean(feed), 'Créée le': feed ? iso(feed.created_at) : null }],
          },
          { title: 'Adresses refusées par le serveur de messagerie', rows: bounces.map((b: any) => ({ Adresse: b.email, Code: b.code ?? null, Le: iso(b.created_at) })) },
        ],
      };
    },
  }) satisfies PersonalDataProvider;
