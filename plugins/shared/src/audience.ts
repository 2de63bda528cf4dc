import type { Actor } from './actor';

/** Who content or a consultation is addressed to: every member, one federation, one section. */
export type Audience = 'national' | 'federation' | 'section';

export interface AudienceTarget {
  audience: Audience;
  federationId: number | null;
  sectionId: number | null;
}

/** Is the actor one of the members addressed? (Officers' extra reach is decided elsewhere.) */
export function belongsToAudience(actor: Pick<Actor, 'federationId' | 'sectionId'>, target: AudienceTarget): boolean {
  switch (target.audience) {
    case 'national':
      return true;
    case 'federation':
      return actor.federationId != null && target.federationId === actor.federationId;
    case 'section':
      return actor.sectionId != null && target.sectionId === actor.sectionId;
    default:
      return false;
  }
}

/** The target of an entry with populated `federation` and `section`. */
export function audienceOf(entry: { audience: Audience; federation?: { id: number } | null; section?: { id: number } | null }): AudienceTarget {
  return { audience: entry.audience, federationId: entry.federation?.id ?? null, sectionId: entry.section?.id ?? null };
}
