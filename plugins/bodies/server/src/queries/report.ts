import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, todayInParis, toCsv, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { compositionOf } from '../domain/composition';
import { rateLabel } from '../domain/indicator';
import { ON_TIME_DAYS, TIMELINESS_LABELS, timelinessOf, type Timeliness } from '../domain/report';
import { BODY_KIND_LABELS, type Presence } from '../domain/vocabulary';
import { loadBody, runsSecretariat, type BodyRow, type MeetingRow } from '../commands/checks';
import type { MinutesRow } from '../commands/minutes';
import { ATTENDANCE } from '../storage';
import { MEETING_UID, MINUTES_UID, SEAT_UID } from '../uids';
import { seatIndicators } from './indicators';

const EXPORT_REFUSED = 'Le rapport d’activité à télécharger et la composition sont réservés au secrétariat de l’instance et à l’équipe qui la gère.';

/** The body for a reserved read (report files, composition): its readers get 404 outside reach, 403 unless they run its secretariat. */
async function loadBodyForSecretariat(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<BodyRow> {
  const body = await loadBody(strapi, actor, documentId);
  if (!(await runsSecretariat(strapi, actor, body, todayInParis()))) throw new ForbiddenError(EXPORT_REFUSED);
  return body;
}

type Counts = Record<Presence | 'unmarked', number>;
const zero = (): Counts => ({ present: 0, remote: 0, excused: 0, absent: 0, unmarked: 0 });

/** Attendance rows per meeting, as the indicator reads them: a replaced titular not marked present counts as excused. */
async function sheetCounts(strapi: Core.Strapi, meetingIds: number[]): Promise<Map<number, Counts>> {
  const out = new Map<number, Counts>();
  if (!meetingIds.length) return out;
  const rows = await strapi.db.connection(ATTENDANCE).whereIn('meeting_id', meetingIds).select('meeting_id', 'presence', 'replaced');
  for (const r of rows as { meeting_id: number; presence: Presence | null; replaced: unknown }[]) {
    const counts = out.get(Number(r.meeting_id)) ?? zero();
    const attended = r.presence === 'present' || r.presence === 'remote';
    const presence = r.replaced && !attended ? 'excused' : (r.presence ?? 'unmarked');
    counts[presence] += 1;
    out.set(Number(r.meeting_id), counts);
  }
  return out;
}

/**
 * The activity report of a body for a calendar year (Paris dates `[year-01-01, year+1-01-01)`):
 * meetings held, cancelled and planned; the body's average attendance (the indicator's
 * formula over the year); the decisions of the published minutes with their votes
 * (confidential items left out: the report is read by the body's scope); the minutes
 * published on time (`domain/report.ts`: within 60 days of the meeting). Members of the
 * body's scope read it; 404 outside reach. Reads only.
 */
export async function activityReport(strapi: Core.Strapi, actor: Actor, documentId: string, year: number, body?: BodyRow) {
  const theBody = body ?? (await loadBody(strapi, actor, documentId));
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const today = todayInParis();
  const meetings = (await strapi.db.query(MEETING_UID).findMany({
    where: { body: { id: theBody.id }, heldOn: { $gte: from, $lt: to } },
    orderBy: { startsAt: 'asc' },
  })) as MeetingRow[];
  const held = meetings.filter((m) => m.meetingStatus === 'held');
  const heldIds = held.map((m) => m.id);
  const [counts, indicators, versions] = await Promise.all([
    sheetCounts(strapi, heldIds),
    seatIndicators(strapi, { bodyIds: [theBody.id], from, to }),
    heldIds.length
      ? (strapi.db.query(MINUTES_UID).findMany({
          where: { meeting: { id: { $in: heldIds } }, minutesStatus: 'published' },
          populate: { meeting: { select: ['id'] } },
          orderBy: { version: 'asc' },
        }) as Promise<MinutesRow[]>)
      : Promise.resolve([] as MinutesRow[]),
  ]);
  const publishedOf = (meetingId: number) => versions.filter((v) => v.meeting?.id === meetingId);
  const attended = indicators.reduce((n, r) => n + r.present + r.remote, 0);
  const expected = indicators.reduce((n, r) => n + r.present + r.remote + r.absent, 0);
  const average = expected ? attended / expected : null;

  const rows = held.map((m) => {
    const published = publishedOf(m.id);
    const first = published[0]?.releasedOn ?? null;
    const latest = published[published.length - 1];
    const decisions = (latest?.items ?? [])
      .filter((item) => !item.confidential)
      .flatMap((item) => (item.decisions ?? []).map((d) => ({ topic: item.title, text: d.text, votesFor: d.votesFor, votesAgainst: d.votesAgainst, abstentions: d.abstentions })));
    const c = counts.get(m.id) ?? zero();
    const timeliness: Timeliness = timelinessOf(m.heldOn, first, today);
    const meetingExpected = c.present + c.remote + c.absent;
    return {
      meeting: m.documentId,
      heldOn: m.heldOn,
      ...c,
      rate: meetingExpected ? (c.present + c.remote) / meetingExpected : null,
      decisions,
      minutes: { publishedOn: first, version: latest?.version ?? null, timeliness, timelinessLabel: TIMELINESS_LABELS[timeliness] },
    };
  });
  const byTimeliness = (t: Timeliness) => rows.filter((r) => r.minutes.timeliness === t).length;
  const onTime = byTimeliness('on-time');
  return {
    body: { documentId: theBody.documentId, name: theBody.name, kind: theBody.kind, kindLabel: BODY_KIND_LABELS[theBody.kind], level: theBody.level },
    year,
    meetings: {
      held: held.length,
      cancelled: meetings.filter((m) => m.meetingStatus === 'cancelled').length,
      planned: meetings.filter((m) => m.meetingStatus === 'planned').length,
    },
    attendance: { rate: average, rateLabel: rateLabel(average) },
    decisions: {
      count: rows.reduce((n, r) => n + r.decisions.length, 0),
      votesFor: rows.reduce((n, r) => n + r.decisions.reduce((s, d) => s + d.votesFor, 0), 0),
      votesAgainst: rows.reduce((n, r) => n + r.decisions.reduce((s, d) => s + d.votesAgainst, 0), 0),
      abstentions: rows.reduce((n, r) => n + r.decisions.reduce((s, d) => s + d.abstentions, 0), 0),
    },
    minutes: {
      onTimeDays: ON_TIME_DAYS,
      onTime,
      late: byTimeliness('late'),
      pending: byTimeliness('pending'),
      rate: held.length ? onTime / held.length : null,
      rateLabel: rateLabel(held.length ? onTime / held.length : null),
    },
    rows: rows.map((r) => ({ ...r, rateLabel: rateLabel(r.rate) })),
  };
}

export type ActivityReport = Awaited<ReturnType<typeof activityReport>>;

/** The report for its download (CSV, PDF): the body's secretariat and those who manage it; 403 for its other readers, 404 outside reach. */
export async function reportForExport(strapi: Core.Strapi, actor: Actor, documentId: string, year: number): Promise<ActivityReport> {
  const body = await loadBodyForSecretariat(strapi, actor, documentId);
  return activityReport(strapi, actor, documentId, year, body);
}

const votes = (d: { votesFor: number; votesAgainst: number; abstentions: number }) => `${d.votesFor} pour, ${d.votesAgainst} contre, ${d.abstentions} abstention${d.abstentions > 1 ? 's' : ''}`;

/** The report as CSV (shared `toCsv`: French spreadsheet conventions), one line per held meeting. */
export function reportCsv(report: ActivityReport): { filename: string; text: string } {
  const headers = ['Date', 'Présents', 'À distance', 'Excusés', 'Absents', 'À saisir', 'Taux de présence', 'Décisions', 'Décisions et votes', 'PV publié le', `Publié sous ${ON_TIME_DAYS} jours`];
  const lines = report.rows.map((r) => [
    r.heldOn, r.present, r.remote, r.excused, r.absent, r.unmarked, r.rate,
    r.decisions.length, r.decisions.map((d) => `${d.text} (${votes(d)})`).join(' | '),
    r.minutes.publishedOn, r.minutes.timelinessLabel,
  ]);
  return { filename: `rapport-activite-${report.year}.csv`, text: toCsv(headers, lines) };
}


/**
 * The composition of a body today (`domain/composition.ts`: sex as registered, age brackets,
 * seniority, socio-professional category of those who consented to share it; aggregates with
 * counts under 5 masked) over the distinct members holding a seat today. The body's
 * secretariat and those who manage it; 403 for its other readers, 404 outside reach.
 */
export async function bodyComposition(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const body = await loadBodyForSecretariat(strapi, actor, documentId);
  const today = todayInParis();
  const seats = (await strapi.db.query(SEAT_UID).findMany({
    where: { body: { id: body.id }, startOn: { $lte: today }, $or: [{ endOn: { $null: true } }, { endOn: { $gt: today } }] },
    populate: { member: { select: ['id'] } },
  })) as { member: { id: number } | null }[];
  const ids = [...new Set(seats.map((s) => s.member?.id).filter((id): id is number => Boolean(id)))];
  const directory = getService(strapi, 'membership', 'directory');
  const profiles = await directory.compositionProfiles(ids);
  return { body: { documentId: body.documentId, name: body.name }, ...compositionOf(profiles, today, directory.socioProfessionalCategories()) };
}
