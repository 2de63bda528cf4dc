export const FEDERATION_UID = 'plugin::membership.federation' as const;
export const SECTION_UID = 'plugin::membership.section' as const;
export const MEMBER_UID = 'plugin::membership.member' as const;
export const DUE_UID = 'plugin::membership.due' as const;
export const USER_UID = 'plugin::users-permissions.user' as const;
export const ROLE_UID = 'plugin::users-permissions.role' as const;
export const PERMISSION_UID = 'plugin::users-permissions.permission' as const;
