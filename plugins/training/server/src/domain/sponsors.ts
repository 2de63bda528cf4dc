/**
 * Who could sponsor a newcomer: active members of their federation who are no longer new
 * themselves and sponsor fewer than `maxLoad` members now; the nearest first (same
 * section), then the least loaded, then the longest-standing.
 */
export interface Candidate {
  memberId: number;
  sectionId: number | null;
  joinedOn: string;
  load: number;
}

export function rankSponsors(newcomer: { memberId: number; sectionId: number | null }, candidates: Candidate[], maxLoad: number): (Candidate & { sameSection: boolean })[] {
  return candidates
    .filter((c) => c.memberId !== newcomer.memberId && c.load < maxLoad)
    .map((c) => ({ ...c, sameSection: newcomer.sectionId != null && c.sectionId === newcomer.sectionId }))
    .sort((a, b) => Number(b.sameSection) - Number(a.sameSection) || a.load - b.load || a.joinedOn.localeCompare(b.joinedOn) || a.memberId - b.memberId);
}
