import type { Core } from '@strapi/strapi';
import { frenchDate, getService, SYSTEM_ACTOR, todayInParis, withTransaction } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { inScopeOf, type BodyRow } from './checks';
import { EXCLUDED_REASON } from './member-changes';
import { SEAT_UID } from '../uids';
import '../public';

/** Seats read, and members asked of membership, per step. */
const PAGE = 500;

/** What a run did: seats running on the day or later read; members whose seats it ended (left the party, or out of a body's scope). */
export interface SeatStandingReport {
  checked: number;
  departed: number;
  moved: number;
}

type RunningSeat = { id: number; member: { id: number } | null; body: (Pick<BodyRow, 'level' | 'federation' | 'section'> & { id: number }) | null };

/**
 * The nightly check of seats against membership as it stands on `on` (Paris date, today by
 * default) — a safety net: departures and moves are written, and their events end the seats at
 * once (`member-changes.ts`); this ends those left behind (a seat from before that rule, a write
 * no door announced). A member who is no longer a member (`directory.effectiveStatusesOf`: a
 * departure recorded for that day or earlier, an erasure, or an exclusion) leaves every seat,
 * « Départ du parti (le …) » (the recorded departure’s day; undated only when none is recorded) or « Exclusion du parti »; one
 * whose place no longer lies in a body's scope leaves that body's seats, « Changement de
 * fédération » or « de section » — as the events do, through `endSeatsOfMember` /
 * `endSeatsOutsidePlace` (convocations withdrawn, audited by the system). Places and statuses
 * come from membership's public service, never its tables. Each member's seats end in a
 * transaction of their own; two instances running it at once end each seat once (the end is
 * written only where the seat still runs later, and audited only then). Idempotent. Run by
 * bodies' cron (`bodiesSeatStanding`, 00:20 Paris) — never by a read.
 */
export async function reconcileSeatStanding(strapi: Core.Strapi, on: string = todayInParis()): Promise<SeatStandingReport> {
  const directory = getService(strapi, 'membership', 'directory');
  const bodies = getService(strapi, 'bodies', 'bodies');
  const report: SeatStandingReport = { checked: 0, departed: 0, moved: 0 };
  for (let after = 0; ; ) {
    const seats = (await strapi.db.query(SEAT_UID).findMany({
      where: { id: { $gt: after }, $or: [{ endOn: { $null: true } }, { endOn: { $gt: on } }] },
      select: ['id'],
      populate: { member: { select: ['id'] }, body: { select: ['id', 'level'], populate: { federation: { select: ['id'] }, section: { select: ['id'] } } } },
      orderBy: { id: 'asc' },
      limit: PAGE,
    })) as RunningSeat[];
    if (seats.length === 0) break;
    after = seats[seats.length - 1]!.id;
    report.checked += seats.length;
    const memberIds = [...new Set(seats.flatMap((s) => (s.member ? [s.member.id] : [])))];
    // Left, erased, or excluded (each written without announcing it: an import, data from before the events).
    const statuses = await directory.effectiveStatusesOf(memberIds, on);
    const departed = new Set(memberIds.filter((id) => statuses.get(id) === 'left' || statuses.get(id) === 'excluded'));
    const places = await directory.placesOf(memberIds);
    const handled = new Set<number>();
    for (const seat of seats) {
      const memberId = seat.member?.id;
      if (memberId == null || !seat.body || handled.has(memberId)) continue;
      if (departed.has(memberId)) {
        handled.add(memberId);
        const leftOn = places.get(memberId)?.leftOn ?? null;
        const reason = statuses.get(memberId) === 'excluded' ? EXCLUDED_REASON : leftOn ? `Départ du parti (le ${frenchDate(leftOn)})` : 'Départ du parti';
        const ended = await withTransaction(strapi, () => bodies.endSeatsOfMember(memberId, on, reason, SYSTEM_ACTOR));
        if (ended.length) report.departed += 1;
        continue;
      }
      const place = places.get(memberId);
      if (!place) continue;
      if (inScopeOf(seat.body, place)) continue;
      handled.add(memberId);
      const reason = seat.body.level === 'section' && seat.body.federation?.id === place.federationId ? 'Changement de section' : 'Changement de fédération';
      const ended = await withTransaction(strapi, () => bodies.endSeatsOutsidePlace(memberId, place, on, reason, SYSTEM_ACTOR));
      if (ended.length) report.moved += 1;
    }
  }
  return report;
}
