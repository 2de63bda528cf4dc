import type { Core } from '@strapi/strapi';
import { frenchDate, getService, toCsv, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { parisLocal } from '../domain/paris-time';
import { LODGING_LABELS, noticeOf, SESSION_LABELS, totalsPerFederation, TRANSPORT_LABELS, type Lodging, type TransportMode } from '../domain/summer-university';
import { editionOr404 } from '../commands/summer-university';
import { scopeOf } from '../permissions';
import { settingsOf } from '../settings';
import { SU_ATTENDANCE_UID, SU_DELEGATE_UID, SU_EDITION_UID, SU_SESSION_UID } from '../uids';

/** Editions, latest first, with the host regions (the rotation) and, for staff, the late-notice warning. */
export async function listEditions(strapi: Core.Strapi, actor: Actor) {
  const rows = await strapi.db.query(SU_EDITION_UID).findMany({ orderBy: { year: 'desc' } });
  const months = settingsOf(strapi).summerUniversityNoticeMonths;
  const staff = scopeOf(actor, 'su.delegation') !== undefined;
  return rows.map((e: any) => editionView(e, months, staff));
}

function editionView(e: any, months: number, staff: boolean) {
  const notice = noticeOf(e.startsOn, e.datesPublishedOn, months);
  const upcoming = e.startsOn > todayInParis();
  return {
    documentId: e.documentId,
    year: e.year,
    title: e.title,
    hostRegion: e.hostRegion,
    place: e.place ?? null,
    startsOn: e.startsOn,
    endsOn: e.endsOn,
    datesPublishedOn: e.datesPublishedOn,
    ...(staff
      ? {
          notice: {
            months,
            deadline: notice.deadline,
            late: notice.late,
            warning: notice.late && upcoming ? `Dates publiées le ${frenchDate(e.datesPublishedOn)}, moins de ${months} mois avant l’ouverture (échéance : ${frenchDate(notice.deadline)}) : les fédérations ont peu de temps pour organiser transport et hébergement.` : null,
          },
        }
      : {}),
  };
}

/** One edition: its sessions (places left, my registrations, workshops' outputs), the past hosts. */
export async function showEdition(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const e = await editionOr404(strapi, documentId);
  const sessions = await strapi.db.query(SU_SESSION_UID).findMany({ where: { editionId: e.id }, orderBy: { startsAt: 'asc' } });
  const ids = sessions.map((s: any) => s.id);
  const attendances: { sessionId: number; memberId: number; state: 'confirmed' | 'waiting' | null }[] = ids.length
    ? await strapi.db.query(SU_ATTENDANCE_UID).findMany({ where: { sessionId: { $in: ids } }, select: ['sessionId', 'memberId', 'state'] })
    : [];
  const pastHosts = (await strapi.db.query(SU_EDITION_UID).findMany({ where: { year: { $lt: e.year } }, orderBy: { year: 'desc' }, select: ['year', 'hostRegion'] })).map((p: any) => ({ year: p.year, hostRegion: p.hostRegion }));
  return {
    ...editionView(e, settingsOf(strapi).summerUniversityNoticeMonths, scopeOf(actor, 'su.delegation') !== undefined),
    pastHosts,
    sessions: sessions.map((s: any) => {
      const of = attendances.filter((a) => a.sessionId === s.id);
      const taken = of.filter((a) => a.state !== 'waiting').length;
      const mine = actor.memberId == null ? undefined : of.find((a) => a.memberId === actor.memberId);
      return {
        documentId: s.documentId,
        kind: s.kind,
        kindLabel: SESSION_LABELS[s.kind as 'plenary' | 'workshop'],
        title: s.title,
        startsAtParis: parisLocal(s.startsAt),
        capacity: s.capacity,
        registered: taken,
        placesLeft: s.capacity == null ? null : Math.max(0, s.capacity - taken),
        waiting: of.length - taken,
        /** Whether the member holds a place; `myState` also says when they wait. */
        mine: mine != null && mine.state !== 'waiting',
        myState: mine ? (mine.state === 'waiting' ? 'waiting' : 'confirmed') : null,
        output: s.output ?? null,
        outputOn: s.outputOn ?? null,
      };
    }),
  };
}

async function delegationLines(strapi: Core.Strapi, actor: Actor, editionId: number) {
  const where: Record<string, unknown> = { editionId };
  if (scopeOf(actor, 'su.delegation') !== 'all') where.federationId = actor.federationId ?? -1;
  const rows: any[] = await strapi.db.query(SU_DELEGATE_UID).findMany({ where, orderBy: { id: 'asc' } });
  const directory = getService(strapi, 'membership', 'directory');
  const names = await directory.membersByIds(rows.map((r) => r.memberId));
  const federations = new Map<number, string>();
  for (const id of new Set(rows.map((r) => r.federationId))) {
    const f = await directory.federationById(id);
    federations.set(id, f ? `${f.name} (${f.departmentCode})` : String(id));
  }
  return rows.map((r) => ({
    documentId: r.documentId as string,
    federation: federations.get(r.federationId)!,
    name: names.get(r.memberId) ? `${names.get(r.memberId)!.firstName} ${names.get(r.memberId)!.lastName}` : '—',
    transportMode: r.transportMode as TransportMode,
    departure: r.departure as string,
    seats: Number(r.seats ?? 0),
    lodging: r.lodging as Lodging,
  }));
}

/** The delegation(s): staff their federation's, national admins every federation's; totals per federation. */
export async function delegation(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const e = await editionOr404(strapi, documentId);
  const lines = await delegationLines(strapi, actor, e.id);
  return {
    delegates: lines.map((l) => ({ ...l, transportLabel: TRANSPORT_LABELS[l.transportMode], lodgingLabel: LODGING_LABELS[l.lodging] })),
    totals: totalsPerFederation(lines),
  };
}

/**
 * The host's CSV (`toCsv`, the project's French-spreadsheet CSV, as consultations' exports):
 * one line per federation — delegates, per transport mode, seats, departures, lodging requests.
 */
export async function delegationCsv(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<{ filename: string; csv: string }> {
  const e = await editionOr404(strapi, documentId);
  const totals = totalsPerFederation(await delegationLines(strapi, actor, e.id));
  const modes = Object.keys(TRANSPORT_LABELS) as TransportMode[];
  const lodgings = Object.keys(LODGING_LABELS) as Lodging[];
  const csv = toCsv(
    ['Fédération', 'Délégué·es', ...modes.map((m) => `Transport : ${TRANSPORT_LABELS[m]}`), 'Places (transport)', 'Départs', ...lodgings.map((l) => `Hébergement : ${LODGING_LABELS[l]}`)],
    totals.map((t) => [t.federation, t.delegates, ...modes.map((m) => t.transport[m]), t.seats, Object.entries(t.departures).map(([city, n]) => `${city} (${n})`).join(', '), ...lodgings.map((l) => t.lodging[l])])
  );
  return { filename: `universite-ete-${e.year}-delegations.csv`, csv };
}
