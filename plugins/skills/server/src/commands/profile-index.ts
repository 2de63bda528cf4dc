import type { Core } from '@strapi/strapi';
import { effectiveLevel } from '../domain/visibility';
import { DEFAULT_FIELD_LEVELS, PROFILE_FIELDS, type FieldLevel, type ProfileField, type ProfileLevel } from '../domain/vocabulary';
import { PROFILE_TERMS, TERMS } from '../storage';
import { PROFILE_UID } from '../uids';

/** A profile row as the query engine returns it. */
export interface ProfileRow {
  id: number;
  documentId: string;
  memberId: number;
  userId: number | null;
  federationId: number | null;
  sectionId: number | null;
  displayName: string | null;
  sectionName: string | null;
  consentVersion: string | null;
  consentedAt: string | null;
  withdrawnAt: string | null;
  memberActive: boolean;
  listed: boolean;
  visibility: ProfileLevel;
  fieldLevels: Partial<Record<ProfileField, FieldLevel>> | null;
  skillsLevel: FieldLevel;
  sectorLevel: FieldLevel;
  networksLevel: FieldLevel;
  interestsLevel: FieldLevel;
  availabilityLevel: FieldLevel;
  languagesLevel: FieldLevel;
  emailLevel: FieldLevel;
  phoneLevel: FieldLevel;
  sector: string | null;
  willingness: string | null;
  hoursPerMonth: number | null;
  languages: string | null;
  indexed: { skills?: string[]; networks?: string[]; interests?: string[]; sector?: string; languages?: string[] } | null;
}

/** Each field's effective level column value, from the profile's visibility and the member's overrides. */
export function levelColumns(visibility: ProfileLevel, overrides: Partial<Record<ProfileField, FieldLevel>>): Record<`${ProfileField}Level`, FieldLevel> {
  return Object.fromEntries(
    PROFILE_FIELDS.map((field) => [`${field}Level`, effectiveLevel(visibility, overrides[field] ?? DEFAULT_FIELD_LEVELS[field])])
  ) as Record<`${ProfileField}Level`, FieldLevel>;
}

/** `,a,b,` → [a, b]. */
export const listOf = (packed: string | null | undefined): string[] => (packed ?? '').split(',').filter(Boolean);
/** [a, b] → `,a,b,` (empty list: empty text). */
export const packList = (values: string[]): string => (values.length ? `,${[...new Set(values)].join(',')},` : '');

/**
 * What the search plugin indexes of a profile: only the fields shown at the profile's own
 * visibility (a field kept stricter never reaches the index, so a search cannot reveal it).
 */
export async function indexedSnapshot(trx: any, profile: ProfileRow): Promise<NonNullable<ProfileRow['indexed']>> {
  const links: { kind: string; label: string }[] = await trx(PROFILE_TERMS)
    .join(TERMS, `${TERMS}.id`, `${PROFILE_TERMS}.term_id`)
    .where(`${PROFILE_TERMS}.profile_id`, profile.id)
    .select(`${PROFILE_TERMS}.kind as kind`, `${TERMS}.label as label`)
    .orderBy(`${TERMS}.label`);
  const shown = (level: FieldLevel) => level === profile.visibility;
  const labels = (kind: string) => links.filter((l) => l.kind === kind).map((l) => l.label);
  return {
    ...(shown(profile.skillsLevel) ? { skills: labels('skill') } : {}),
    ...(shown(profile.networksLevel) ? { networks: labels('network') } : {}),
    ...(shown(profile.interestsLevel) ? { interests: labels('interest') } : {}),
    ...(shown(profile.sectorLevel) && profile.sector ? { sector: profile.sector } : {}),
    ...(shown(profile.languagesLevel) ? { languages: listOf(profile.languages) } : {}),
  };
}

/**
 * Recomputes the search snapshot of these profiles and writes it through the query engine
 * (so the search plugin's watch enqueues them in the same transaction).
 */
export async function refreshProfiles(strapi: Core.Strapi, trx: any, ids: number[]): Promise<void> {
  for (const id of [...new Set(ids)]) {
    const profile = (await strapi.db.query(PROFILE_UID).findOne({ where: { id } })) as ProfileRow | null;
    if (!profile) continue;
    await strapi.db.query(PROFILE_UID).update({ where: { id }, data: { indexed: await indexedSnapshot(trx, profile) } });
  }
}
