import type { RuleSet } from './rules';

/** Local executive functions of LO. 141-1 (maire, adjoint, présidences and vice-présidences). */
const LOCAL_EXECUTIVE = [
  'maire', 'adjoint-maire', 'president-epci', 'vice-president-epci', 'president-conseil-departemental',
  'vice-president-conseil-departemental', 'president-conseil-regional', 'vice-president-conseil-regional',
];

/**
 * Version 1 of the national rule set, seeded at the first boot (a rule-set row). National
 * admins publish the next versions (`POST /api/mandates/rule-sets`); the version in force on
 * a date is the latest whose `effectiveFrom` is on or before it.
 */
export const DEFAULT_RULE_SET: RuleSet = {
  version: 1,
  effectiveFrom: '2000-01-01',
  rules: [
    {
      id: 'L46-1',
      type: 'at-most',
      label: 'Pas plus de deux mandats locaux parmi conseiller municipal, départemental et régional',
      source: 'Code électoral, article L. 46-1',
      categories: ['conseiller-municipal', 'conseiller-departemental', 'conseiller-regional'],
      max: 2,
      graceDays: 30,
      resolution: 'oldest-ends',
    },
    {
      id: 'LO141-1',
      type: 'incompatible',
      label: 'Parlementaire et fonction exécutive locale',
      source: 'Code électoral, article LO. 141-1 (et LO. 297 pour les sénateurs)',
      left: { categories: ['depute', 'senateur'] },
      right: { categories: LOCAL_EXECUTIVE },
      graceDays: 30,
      resolution: 'oldest-ends',
    },
    {
      id: 'PARTI-PREMIER-SECRETAIRE',
      type: 'incompatible',
      label: 'Premier·ère secrétaire fédéral·e et mandat exécutif',
      source: 'Règle du parti : la présidence du bureau fédéral ne se cumule pas avec un mandat exécutif',
      left: { partyFunctions: [{ level: 'federation', bodyKind: 'bureau', roles: ['president'] }] },
      right: { executive: true },
      graceDays: 90,
      resolution: null,
    },
    {
      id: 'PARTI-COLLABORATEUR',
      type: 'incompatible',
      label: 'Collaborateur·rice d’élu·e et responsabilité dans un bureau du parti',
      source: 'Règle du parti : un collaborateur d’élu n’exerce pas de responsabilité exécutive dans le parti',
      left: { collaborator: true },
      right: { partyFunctions: [{ bodyKind: 'bureau', roles: ['president', 'secretaire', 'tresorier'] }] },
      graceDays: 90,
      resolution: null,
    },
    {
      id: 'PARTI-MANDATS-SUCCESSIFS',
      type: 'consecutive-terms',
      label: 'Pas plus de trois mandats consécutifs dans la même fonction et le même territoire',
      source: 'Règle du parti (nombre de mandats consécutifs : choix du parti, modifiable)',
      categories: [],
      max: 3,
      toleranceDays: 365,
      graceDays: 90,
      resolution: null,
    },
  ],
};
