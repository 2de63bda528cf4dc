export const INVITATION_UID = 'plugin::notifications.invitation' as const;
export const USER_UID = 'plugin::users-permissions.user' as const;
