export const PROFILE_UID = 'plugin::skills.profile' as const;
