export const CATEGORY_UID = 'plugin::mandates.category' as const;
export const MANDATE_UID = 'plugin::mandates.mandate' as const;
export const RULE_SET_UID = 'plugin::mandates.rule-set' as const;
export const WAIVER_UID = 'plugin::mandates.waiver' as const;
export const REPORT_UID = 'plugin::mandates.report' as const;
export const QUESTION_UID = 'plugin::mandates.question' as const;
export const CONTACT_UID = 'plugin::mandates.contact' as const;
/** The tables (`collectionName`), for the statements the query engine does not write (a row's hold). */
export const MANDATES_TABLE = 'mandates_mandates' as const;
export const REPORTS_TABLE = 'mandates_reports' as const;
