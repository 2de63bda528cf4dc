export const DESIGNATION_UID = 'plugin::investitures.designation' as const;
export const CANDIDACY_UID = 'plugin::investitures.candidacy' as const;
export const PLEDGE_UID = 'plugin::investitures.pledge-version' as const;
export const CRITERIA_UID = 'plugin::investitures.criteria-config' as const;
/** The tables (`collectionName`), for the statements the query engine does not write (a row's hold). */
export const DESIGNATIONS_TABLE = 'investitures_designations' as const;
export const CANDIDACIES_TABLE = 'investitures_candidacies' as const;
