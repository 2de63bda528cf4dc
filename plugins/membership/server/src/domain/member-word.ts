/**
 * « adhérente » (sex F), « adhérent » (M), or the inclusive « adhérent·e » when the sex is not
 * recorded: how staff screens, errors and « Mes données » name a member (French agreement).
 */
export const memberWord = (sex: string | null | undefined): string => (sex === 'F' ? 'adhérente' : sex === 'M' ? 'adhérent' : 'adhérent·e');
