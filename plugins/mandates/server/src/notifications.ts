import type { Core } from '@strapi/strapi';
import { addDays, defineNotificationKinds, frenchDate, getService, MANDATE_QUESTION_ANSWERED, MANDATE_QUESTION_ASKED, todayInParis, type IntranetEvents, type NotificationOccurrence } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { periodsOf } from './domain/compliance';
import { getStore } from './services/store';
import { REPORT_UID } from './uids';

/** Days before the due day when the official is reminded. */
export const REMINDER_DAYS = 14;

/**
 * What the mandates plugin tells members (notifications plugin):
 * - `mandates.report-due`: the official, 14 days before a mandate report is due (and until it
 *   is), for each period not yet reported — once per mandate and period (the key); never one
 *   who left the party (departure recorded, or erased);
 * - `mandates.question-asked`: the official, when staff publish a member's question on one
 *   of their reports (once per question): then they can answer it; a question pending or
 *   rejected is not theirs to see, so they are not told of it;
 * - `mandates.question-to-moderate`: the staff of the official's federation, when a question
 *   awaits their moderation (once per question);
 * - `mandates.question-answered`: the member who asked, when the official answers their
 *   published question (once per question).
 */
export const mandatesNotifications = defineNotificationKinds([
  {
    id: 'mandates.report-due',
    label: 'Rappel : compte rendu de mandat à publier',
    audience: 'Les élu·es dont un compte rendu de mandat arrive à échéance.',
    mandatory: false,
    async due(strapi: Core.Strapi, now: Date): Promise<NotificationOccurrence[]> {
      const today = todayInParis(now);
      const store = getStore(strapi);
      const [mandates, categories] = await Promise.all([store.mandates(), store.categories()]);
      const months = new Map(categories.map((c) => [c.code, { months: c.reportingPeriodMonths, label: c.label }]));
      const owed = mandates.flatMap((m) =>
        periodsOf({ startOn: m.startOn, endOn: m.endOn ?? m.theoreticalEndOn }, months.get(m.category)?.months ?? 0, today)
          .filter((p) => p.dueOn >= today && addDays(p.dueOn, -REMINDER_DAYS) <= today)
          .map((p) => ({ m, p }))
      );
      if (owed.length === 0) return [];
      // An official who left the party (departure recorded, or erased: membership's
      // `departedAmong`) owes the party no report: the mandate stays on the record, no reminder.
      const departed = await getService(strapi, 'membership', 'directory').departedAmong([...new Set(owed.map(({ m }) => m.memberId))], today);
      const done = new Set(
        (await strapi.db.query(REPORT_UID).findMany({ where: { periodKey: { $in: owed.map(({ m, p }) => `${m.dbId}:${p.periodStart}`) } }, select: ['periodKey'] })).map((r: any) => r.periodKey)
      );
      return owed
        .filter(({ m, p }) => !departed.has(m.memberId) && !done.has(`${m.dbId}:${p.periodStart}`))
        .map(({ m, p }) => ({
          key: `mandates.report-due:${m.id}:${p.periodStart}`,
          data: { mandate: m.id, label: `${months.get(m.category)?.label ?? m.category} — ${m.territoryName}`, periodStart: p.periodStart, periodEnd: p.periodEnd, dueOn: p.dueOn },
          memberIds: [m.memberId],
        }));
    },
    render: (data) => ({
      subject: `Compte rendu de mandat à publier avant le ${frenchDate(String(data.dueOn))}`,
      paragraphs: [
        `Le compte rendu de votre mandat « ${String(data.label)} » pour la période du ${frenchDate(String(data.periodStart))} au ${frenchDate(String(data.periodEnd))} (exclu) est attendu au plus tard le ${frenchDate(String(data.dueOn))}.`,
        'Les adhérent·es de votre fédération le liront et pourront vous poser leurs questions. Il compte dans votre indicateur de régularité.',
      ],
      link: { path: '/elus/mes-mandats', label: 'Rédiger mon compte rendu' },
    }),
  },
  {
    id: 'mandates.question-asked',
    label: 'Question d’un·e adhérent·e sur mon compte rendu de mandat',
    audience: 'L’élu·e dont un compte rendu de mandat reçoit une question, une fois publiée par la fédération.',
    mandatory: false,
    on: MANDATE_QUESTION_ASKED,
    async occurrences(_strapi: Core.Strapi, p: IntranetEvents['mandates.question.asked']): Promise<NotificationOccurrence[]> {
      // Asked (pending moderation): not yet; published: now.
      if (p.pending) return [];
      return [{ key: `mandates.question-asked:${p.questionId}`, data: { reportDocumentId: p.reportDocumentId, pending: p.pending }, memberIds: [p.officialMemberId] }];
    },
    render: (data) => ({
      subject: 'Une question vous est posée sur votre compte rendu de mandat',
      paragraphs: [
        'Un·e adhérent·e de votre fédération vous pose une question sur votre compte rendu de mandat.',
        data.pending ? 'Elle sera publiée après relecture par la fédération ; vous pourrez alors y répondre publiquement.' : 'Vous pouvez y répondre publiquement.',
      ],
      link: { path: `/elus/comptes-rendus/${String(data.reportDocumentId)}`, label: 'Voir le compte rendu' },
    }),
  },
  {
    id: 'mandates.question-to-moderate',
    label: 'Question sur un compte rendu de mandat à modérer',
    audience: 'L’équipe de la fédération de l’élu·e, quand une question attend sa modération.',
    mandatory: false,
    on: MANDATE_QUESTION_ASKED,
    async occurrences(strapi: Core.Strapi, p: IntranetEvents['mandates.question.asked']): Promise<NotificationOccurrence[]> {
      if (!p.pending || p.federationId == null) return [];
      const staff = await getService(strapi, 'membership', 'directory').staffMemberIds(p.federationId);
      return staff.length ? [{ key: `mandates.question-to-moderate:${p.questionId}`, data: { reportDocumentId: p.reportDocumentId }, memberIds: staff }] : [];
    },
    render: (data) => ({
      subject: 'Une question sur un compte rendu de mandat attend votre modération',
      paragraphs: ['Un·e adhérent·e a posé une question sur le compte rendu de mandat d’un·e élu·e de votre fédération. Publiez-la ou refusez-la pour que l’élu·e puisse y répondre.'],
      link: { path: '/elus/suivi', label: 'Modérer les questions' },
    }),
  },
  {
    id: 'mandates.question-answered',
    label: 'Réponse d’un·e élu·e à ma question',
    audience: 'L’adhérent·e dont la question sur un compte rendu de mandat reçoit une réponse.',
    mandatory: false,
    on: MANDATE_QUESTION_ANSWERED,
    async occurrences(_strapi: Core.Strapi, p: IntranetEvents['mandates.question.answered']): Promise<NotificationOccurrence[]> {
      return [{ key: `mandates.question-answered:${p.questionId}`, data: { official: p.officialName, reportDocumentId: p.reportDocumentId }, memberIds: [p.authorMemberId] }];
    },
    render: (data) => ({
      subject: `${String(data.official) || 'L’élu·e'} a répondu à votre question`,
      paragraphs: [`${String(data.official) || 'L’élu·e'} a répondu publiquement à la question que vous avez posée sur son compte rendu de mandat.`],
      link: { path: `/elus/comptes-rendus/${String(data.reportDocumentId)}`, label: 'Lire la réponse' },
    }),
  },
]);
