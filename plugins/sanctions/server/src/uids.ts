export const SCALE_UID = 'plugin::sanctions.scale-version' as const;
export const CASE_UID = 'plugin::sanctions.case' as const;
/** The cases' table (`collectionName`), for the statements the query engine does not write. */
export const CASES_TABLE = 'sanctions_cases' as const;
