/**
 * The summer university (issue 20 §4): its dates are published at least N months before it
 * opens (N: `summerUniversityNoticeMonths`, default 6) so that federations can organise
 * transport and lodging; its host region rotates (the list of past hosts shows it).
 */
export const TRANSPORT_LABELS = { train: 'train', car: 'voiture', bus: 'car (autocar)', plane: 'avion', other: 'autre' } as const;
export type TransportMode = keyof typeof TRANSPORT_LABELS;
export const LODGING_LABELS = { none: 'pas d’hébergement', shared: 'chambre partagée', single: 'chambre individuelle', accessible: 'chambre accessible (PMR)' } as const;
export type Lodging = keyof typeof LODGING_LABELS;
export const SESSION_LABELS = { plenary: 'plénière', workshop: 'atelier' } as const;

/** The calendar date `months` months before `isoDate` (the same day, or the month's last). */
export function monthsBefore(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The publication deadline, and whether dates published on `publishedOn` are late. */
export function noticeOf(startsOn: string, publishedOn: string, months: number): { deadline: string; late: boolean } {
  const deadline = monthsBefore(startsOn, months);
  return { deadline, late: publishedOn > deadline };
}

/** Whether the host region repeats the previous edition's (the rotation): null, or the year it last hosted. */
export function repeatsHost(previous: { year: number; hostRegion: string }[], hostRegion: string): number | null {
  const last = [...previous].sort((a, b) => b.year - a.year)[0];
  return last && last.hostRegion.trim().toLowerCase() === hostRegion.trim().toLowerCase() ? last.year : null;
}

export interface DelegateLine {
  federation: string;
  transportMode: TransportMode;
  departure: string;
  seats: number;
  lodging: Lodging;
}

/** Totals per federation: delegates, per transport mode, seats, lodging requests per kind. */
export function totalsPerFederation(lines: DelegateLine[]) {
  const out = new Map<string, { federation: string; delegates: number; transport: Record<TransportMode, number>; departures: Record<string, number>; seats: number; lodging: Record<Lodging, number> }>();
  for (const l of lines) {
    const row =
      out.get(l.federation) ??
      { federation: l.federation, delegates: 0, transport: { train: 0, car: 0, bus: 0, plane: 0, other: 0 }, departures: {}, seats: 0, lodging: { none: 0, shared: 0, single: 0, accessible: 0 } };
    row.delegates += 1;
    row.transport[l.transportMode] += 1;
    row.departures[l.departure] = (row.departures[l.departure] ?? 0) + 1;
    row.seats += l.seats;
    row.lodging[l.lodging] += 1;
    out.set(l.federation, row);
  }
  return [...out.values()].sort((a, b) => a.federation.localeCompare(b.federation, 'fr'));
}
