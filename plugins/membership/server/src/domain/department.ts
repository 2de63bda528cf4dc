/**
 * French department codes: 01–95 without 20 (split into 2A and 2B since 1976), overseas
 * 971–976, and 99 for members living abroad.
 */
export const DEPARTMENT_CODE_PATTERN = '^(0[1-9]|1[0-9]|2[1-9]|[3-8][0-9]|9[0-5]|2A|2B|97[1-6]|99)$';
