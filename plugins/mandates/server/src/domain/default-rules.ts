import type { EmploysRule, Rule, RuleSet } from './rules';

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

/**
 * The party rule of issue 16 « an elected official employing a collaborator who also holds a
 * party function » (a seat of president, secretary or treasurer in a bureau, as
 * PARTI-COLLABORATEUR reads party functions). A cross-member rule: the breach is the
 * employer's; the collaborator's post names them (`employer`).
 */
export const EMPLOYER_RULE: EmploysRule = {
  id: 'PARTI-EMPLOYEUR-COLLABORATEUR',
  type: 'employs',
  label: 'Élu·e employant un·e collaborateur·rice qui exerce une responsabilité dans un bureau du parti',
  source: 'Règle du parti : un·e élu·e n’emploie pas comme collaborateur·rice un·e responsable exécutif·ve du parti',
  post: { collaborator: true },
  employeeHolds: { partyFunctions: [{ bodyKind: 'bureau', roles: ['president', 'secretaire', 'tresorier'] }] },
  graceDays: 90,
  resolution: null,
};

/** A rule added to the seeded set after version 1, with its adoption day (Paris) and the version's note. */
export interface SeededRuleAddition {
  rule: Rule;
  effectiveFrom: string;
  note: string;
}

/**
 * Rules added to the seeded set after version 1. Each is published once, at boot, as the
 * next version (the latest version's rules plus this one, effective from its adoption day or
 * the latest version's, whichever is later): a published version is never rewritten, and a
 * rule once in a version — even one national admins withdrew — is never published again by
 * the seed (`seedCatalogue`).
 */
export const SEEDED_RULE_ADDITIONS: SeededRuleAddition[] = [
  { rule: EMPLOYER_RULE, effectiveFrom: '2026-12-01', note: 'Ajout de la règle du parti sur les élu·es employant un·e responsable du parti (PARTI-EMPLOYEUR-COLLABORATEUR).' },
];

/** Version 2 as seeded on a fresh database: version 1 plus the employer rule, from 1 December 2026. */
export const SEEDED_RULE_SET_V2: RuleSet = { version: 2, effectiveFrom: '2026-12-01', rules: [...DEFAULT_RULE_SET.rules, EMPLOYER_RULE] };
