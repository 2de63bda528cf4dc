import { CONSULTATION_PHASE_CHANGED, defineNotificationKinds, frenchDate, getService, parisDate, type IntranetEvents, type NotificationOccurrence } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type { Core } from '@strapi/strapi';
import type { Phase } from './domain/phases';
import type { Consultation } from './services/consultations';
import { hasRoll } from './domain/roll';
import { ROLL, VOTERS } from './storage';
import { CONSULTATION_UID } from './uids';

/**
 * What consultations tell members (declared in the manifest; the notifications plugin
 * sends them). Recipients are the members the consultation addresses **and** who may take
 * part (eligible on its reference date): the same rule as the roll; the vote reminder goes
 * to the members on the roll who have not voted.
 */
const OPENING: Partial<Record<Phase, { verb: string; page: string; action: string }>> = {
  contribution: { verb: 'Les contributions sont ouvertes', page: 'contribuer', action: 'Contribuer' },
  evaluation: { verb: 'L’évaluation des propositions est ouverte', page: 'evaluation', action: 'Évaluer les propositions' },
  vote: { verb: 'Le vote est ouvert', page: 'vote', action: 'Voter' },
};
/** The vote reminder goes this long before the vote closes. */
export const VOTE_REMINDER_MS = 48 * 3600 * 1000;

/**
 * How long before the close a reminder is due at the latest: two runs of the notifications
 * clock (every 15 minutes), so that one of them lands before the vote closes.
 */
export const VOTE_REMINDER_LEAD_MS = 30 * 60 * 1000;

/**
 * When a vote's « dernier rappel » is due (epoch ms): 48 hours before it closes, but not
 * before half the vote has run — a vote shorter than four days would otherwise be reminded at
 * its opening, minutes after its « Le vote est ouvert » announcement: a one-day vote is
 * reminded 12 hours before it closes, a three-hour one 90 minutes before — and no later than
 * 30 minutes before the close (`VOTE_REMINDER_LEAD_MS`) nor before the opening: a 20-minute
 * vote is reminded at the clock's first run after it opens.
 * @param openedAt when the vote phase opened (`phaseChangedAt`, ISO or Date), null when unknown
 * @param endsAt when it closes (`voteEndsAt`, ISO or Date)
 */
export function voteReminderAt(openedAt: string | Date | null | undefined, endsAt: string | Date): number {
  const end = new Date(endsAt).getTime();
  const opened = openedAt ? new Date(openedAt).getTime() : Number.NaN;
  const beforeEnd = end - VOTE_REMINDER_MS;
  if (!Number.isFinite(opened) || opened >= end) return beforeEnd;
  const halfway = opened + (end - opened) / 2;
  return Math.max(opened, Math.min(Math.max(beforeEnd, halfway), end - VOTE_REMINDER_LEAD_MS));
}

type Strapi = Core.Strapi;

const endOf = (c: Consultation, phase: Phase) => (c[`${phase}EndsAt`] as string | null | undefined) ?? null;

async function eligibleMembers(strapi: Strapi, c: Consultation): Promise<number[]> {
  const consultations = getService(strapi, 'consultations', 'consultations');
  return getService(strapi, 'membership', 'eligibility').eligibleMemberIds(consultations.target(c), { on: consultations.referenceDate(c), cutoff: c.eligibilityCutoff });
}

/**
 * Who may still vote: the members on the vote's roll who are not in its register, in one
 * statement; for a vote opened before rolls existed, the members eligible on its reference
 * date who are not in the register. Member ids; reads only.
 */
async function yetToVote(strapi: Strapi, c: Consultation): Promise<number[]> {
  if (hasRoll(c)) {
    const rows: { member_id: number }[] = await strapi.db
      .connection(`${ROLL} as r`)
      .where('r.consultation_id', c.id)
      .whereNotExists((q: any) => q.select(1).from(`${VOTERS} as v`).whereRaw('v.consultation_id = r.consultation_id AND v.member_id = r.member_id'))
      .select('r.member_id');
    return rows.map((r) => Number(r.member_id));
  }
  const voted = new Set((await strapi.db.connection(VOTERS).where({ consultation_id: c.id }).select('member_id')).map((r: { member_id: number }) => Number(r.member_id)));
  return (await eligibleMembers(strapi, c)).filter((id) => !voted.has(id));
}

const until = (iso: string | null) => (iso ? ` jusqu’au ${frenchDate(parisDate(iso))}` : '');

export const consultationNotifications = defineNotificationKinds([
  {
    id: 'consultations.phase-opened',
    label: 'Ouverture d’une phase de consultation',
    audience: 'Les adhérents concernés par la consultation et qui peuvent y participer.',
    mandatory: false,
    on: CONSULTATION_PHASE_CHANGED,
    async occurrences(strapi: Strapi, payload: IntranetEvents['consultations.phase.changed']): Promise<NotificationOccurrence[]> {
      const opening = OPENING[payload.to as Phase];
      if (!opening) return [];
      const c = await getService(strapi, 'consultations', 'consultations').byId(payload.consultationId);
      if (!c) return [];
      return [
        {
          key: `consultations.phase-opened:${c.documentId}:${payload.to}`,
          data: { title: c.title, phase: payload.to, endsAt: endOf(c, payload.to as Phase), documentId: c.documentId },
          memberIds: await eligibleMembers(strapi, c),
        },
      ];
    },
    render: (data) => {
      const opening = OPENING[data.phase as Phase]!;
      return {
        subject: `${opening.verb} : ${String(data.title)}`,
        paragraphs: [
          `${opening.verb} pour la consultation « ${String(data.title)} »${until(data.endsAt as string | null)}.`,
          'Vous pouvez y participer : votre adhésion vous y donne droit.',
        ],
        link: { path: `/consultations/${String(data.documentId)}/${opening.page}`, label: opening.action },
      };
    },
  },
  {
    id: 'consultations.vote-reminder',
    label: 'Rappel avant la fin d’un vote',
    audience: 'Les adhérents qui peuvent voter et n’ont pas encore voté, 48 heures avant la clôture (à mi-parcours pour un vote plus court que quatre jours, au plus tard 30 minutes avant la clôture).',
    mandatory: false,
    /** Votes whose reminder is due (`voteReminderAt`): whoever may vote and is not in the register (the register only: nothing about any ballot). */
    async due(strapi: Strapi, now: Date): Promise<NotificationOccurrence[]> {
      const closing: Consultation[] = await strapi.db.query(CONSULTATION_UID).findMany({
        where: { phase: 'vote', voteEndsAt: { $gt: now.toISOString(), $lte: new Date(now.getTime() + VOTE_REMINDER_MS).toISOString() } },
        populate: { federation: { select: ['id'] }, section: { select: ['id'] } },
      });
      const out: NotificationOccurrence[] = [];
      for (const c of closing) {
        if (voteReminderAt(c.phaseChangedAt, c.voteEndsAt!) > now.getTime()) continue;
        out.push({
          key: `consultations.vote-reminder:${c.documentId}`,
          data: { title: c.title, endsAt: c.voteEndsAt ?? null, documentId: c.documentId },
          memberIds: await yetToVote(strapi, c),
        });
      }
      return out;
    },
    render: (data) => ({
      subject: `Dernier rappel : le vote se termine bientôt — ${String(data.title)}`,
      paragraphs: [
        `Le vote de la consultation « ${String(data.title)} » se termine${data.endsAt ? ` le ${frenchDate(parisDate(String(data.endsAt)))}` : ' bientôt'}, et vous n’avez pas encore voté.`,
        'Votre vote est secret : ce rappel est envoyé à chaque adhérent qui peut voter et ne l’a pas encore fait.',
      ],
      link: { path: `/consultations/${String(data.documentId)}/vote`, label: 'Voter' },
    }),
  },
  {
    id: 'consultations.results-published',
    label: 'Résultats d’une consultation',
    audience: 'Les adhérents concernés par la consultation et qui pouvaient y participer.',
    mandatory: false,
    on: CONSULTATION_PHASE_CHANGED,
    async occurrences(strapi: Strapi, payload: IntranetEvents['consultations.phase.changed']): Promise<NotificationOccurrence[]> {
      if (payload.to !== 'results') return [];
      const c = await getService(strapi, 'consultations', 'consultations').byId(payload.consultationId);
      if (!c) return [];
      return [{ key: `consultations.results-published:${c.documentId}`, data: { title: c.title, documentId: c.documentId }, memberIds: await eligibleMembers(strapi, c) }];
    },
    render: (data) => ({
      subject: `Résultats publiés : ${String(data.title)}`,
      paragraphs: [`Le vote de la consultation « ${String(data.title)} » est clos. Les résultats et les bulletins sont publiés : chacun peut les recompter.`],
      link: { path: `/consultations/${String(data.documentId)}`, label: 'Voir les résultats' },
    }),
  },
]);
