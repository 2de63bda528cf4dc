export const SCALE_UID = 'plugin::sanctions.scale-version' as const;
export const CASE_UID = 'plugin::sanctions.case' as const;
