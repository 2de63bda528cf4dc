/**
 * The pledge of article 5.1.7 of the statutes, version 1 (seeded at the first boot). National
 * admins publish the next versions; a candidate signs the exact text in force (its version and
 * sha256 are stored with the date), and a new version asks every candidate again.
 */
export const PLEDGE_V1 = [
  'Engagement de démission — article 5.1.7 des statuts',
  '',
  'Je m’engage, si je quitte le parti ou si j’en suis exclu·e, à démissionner de tous les mandats que j’aurai obtenus sous ses couleurs ou avec son investiture, dans le mois qui suit mon départ.',
  'Je reconnais que cet engagement, pris librement, est une condition de mon investiture.',
].join('\n');
