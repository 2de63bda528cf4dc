import { FIELD_LEVELS, PROFILE_LEVELS } from '../domain/vocabulary';

const level = (fallback: string) => ({ type: 'enumeration', enum: [...FIELD_LEVELS], required: true, default: fallback }) as const;

/**
 * A member's skills profile (one per member). A content type so that the search plugin
 * indexes it (only listed profiles, at the profile's visibility); never in the Content
 * Manager: profiles are personal data written by their member through the API, and staff
 * read them only through the directory's rules. Skills, networks and interests are links in
 * `skills_profile_terms` (storage.ts). `*Level` columns hold each field's effective
 * visibility (never wider than `visibility`), kept by the commands so the directory's SQL
 * reads them directly.
 */
export default {
  profile: {
    schema: {
      kind: 'collectionType',
      collectionName: 'skills_profiles',
      info: { singularName: 'profile', pluralName: 'profiles', displayName: 'Fiche compétences', description: 'La fiche « Compétences et réseaux » d’un adhérent.' },
      options: { draftAndPublish: false },
      pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
      indexes: [
        { name: 'skills_profiles_member_uq', columns: ['member_id'], type: 'unique' },
        { name: 'skills_profiles_place_idx', columns: ['federation_id', 'section_id'] },
        // The directory pages by name: walking this index stops at the page's last profile.
        { name: 'skills_profiles_name_idx', columns: ['display_name', 'id'] },
      ],
      attributes: {
        memberId: { type: 'integer', required: true, private: true },
        userId: { type: 'integer', private: true },
        federationId: { type: 'integer', private: true },
        sectionId: { type: 'integer', private: true },
        /** « Prénom Nom », copied from membership when the member saves (shown with the profile). */
        displayName: { type: 'string', maxLength: 200 },
        sectionName: { type: 'string', maxLength: 200 },
        consentVersion: { type: 'string', maxLength: 40 },
        consentedAt: { type: 'datetime' },
        withdrawnAt: { type: 'datetime' },
        /** False while the member is suspended or excluded (membership's status events). */
        memberActive: { type: 'boolean', default: true, required: true },
        /** Consent given and member active: the only profiles any list, search, count or export may show. */
        listed: { type: 'boolean', default: false, required: true },
        visibility: { type: 'enumeration', enum: [...PROFILE_LEVELS], required: true, default: 'staff' },
        /** The member's own choice per field (stricter overrides), as they set it. */
        fieldLevels: { type: 'json' },
        skillsLevel: level('staff'),
        sectorLevel: level('staff'),
        networksLevel: level('staff'),
        interestsLevel: level('staff'),
        availabilityLevel: level('staff'),
        languagesLevel: level('staff'),
        emailLevel: level('private'),
        phoneLevel: level('private'),
        sector: { type: 'string', maxLength: 200 },
        /** What the member is willing to do (`WILLINGNESS`), as `,train,write,` (searchable with LIKE on both databases). */
        willingness: { type: 'string', maxLength: 80 },
        hoursPerMonth: { type: 'integer', min: 0, max: 200 },
        /** ISO 639-1 codes, as `,fr,en,`. */
        languages: { type: 'string', maxLength: 80 },
        /** What the search plugin indexes: labels of the fields shown at the profile's own visibility only. */
        indexed: { type: 'json' },
      },
    },
  },
};
