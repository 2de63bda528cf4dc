/**
 * The national catalogue of mandate categories as seeded (national admins edit it afterwards
 * in the admin panel), and the words of the plugin. Sources: code électoral (L. 46-1,
 * LO. 141-1, LO. 297), code général des collectivités territoriales (terms of office).
 */

export const LEVELS = ['communal', 'intercommunal', 'departemental', 'regional', 'national', 'europeen'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = {
  communal: 'Communal', intercommunal: 'Intercommunal', departemental: 'Départemental', regional: 'Régional', national: 'National', europeen: 'Européen',
};

/** Kinds of territory a mandate is held in, each with its official code (see territories.ts). */
export const TERRITORY_KINDS = ['commune', 'epci', 'departement', 'region', 'circonscription', 'france'] as const;
export type TerritoryKind = (typeof TERRITORY_KINDS)[number];
export const TERRITORY_KIND_LABELS: Record<TerritoryKind, string> = {
  commune: 'Commune (code INSEE)', epci: 'EPCI (SIREN)', departement: 'Département (code)', region: 'Région (code INSEE)',
  circonscription: 'Circonscription législative (département-numéro)', france: 'France (FR)',
};

export const SOURCES = ['declared', 'staff'] as const;
export type Source = (typeof SOURCES)[number];
export const SOURCE_LABELS: Record<Source, string> = { declared: 'Déclaré par l’élu·e', staff: 'Saisi par la fédération' };

export const VERIFICATIONS = ['declared', 'verified'] as const;
export type Verification = (typeof VERIFICATIONS)[number];
export const VERIFICATION_LABELS: Record<Verification, string> = { declared: 'Déclaré', verified: 'Vérifié par la fédération' };

/** A mandate category of the catalogue. */
export interface CategoryDef {
  code: string;
  label: string;
  executive: boolean;
  level: Level;
  territoryKind: TerritoryKind;
  /** Months per mandate report (comptes rendus de mandat); 0: none owed (collaborators). */
  reportingPeriodMonths: number;
  /** Usual term in years (the theoretical end when none is given). */
  termYears: number;
  /** The electoral mandate this function comes with (a mayor is a municipal councillor): one mandate when counting. */
  mandateOf: string | null;
  /** Only one holder per territory at a time (a mayor, a deputy of a constituency). */
  singleHolder: boolean;
  /** A post of collaborator of an elected official (not an elected mandate). */
  collaborator: boolean;
}

const c = (code: string, label: string, level: Level, territoryKind: TerritoryKind, more: Partial<CategoryDef> = {}): CategoryDef => ({
  code, label, level, territoryKind, executive: false, reportingPeriodMonths: 12, termYears: 6, mandateOf: null, singleHolder: false, collaborator: false, ...more,
});

export const CATEGORY_CATALOGUE: CategoryDef[] = [
  c('conseiller-municipal', 'Conseiller·ère municipal·e', 'communal', 'commune'),
  c('maire', 'Maire', 'communal', 'commune', { executive: true, mandateOf: 'conseiller-municipal', singleHolder: true }),
  c('adjoint-maire', 'Adjoint·e au maire', 'communal', 'commune', { executive: true, mandateOf: 'conseiller-municipal' }),
  c('president-epci', 'Président·e d’EPCI', 'intercommunal', 'epci', { executive: true, singleHolder: true }),
  c('vice-president-epci', 'Vice-président·e d’EPCI', 'intercommunal', 'epci', { executive: true }),
  c('conseiller-departemental', 'Conseiller·ère départemental·e', 'departemental', 'departement'),
  c('president-conseil-departemental', 'Président·e du conseil départemental', 'departemental', 'departement', { executive: true, mandateOf: 'conseiller-departemental', singleHolder: true }),
  c('vice-president-conseil-departemental', 'Vice-président·e du conseil départemental', 'departemental', 'departement', { executive: true, mandateOf: 'conseiller-departemental' }),
  c('conseiller-regional', 'Conseiller·ère régional·e', 'regional', 'region'),
  c('president-conseil-regional', 'Président·e du conseil régional', 'regional', 'region', { executive: true, mandateOf: 'conseiller-regional', singleHolder: true }),
  c('vice-president-conseil-regional', 'Vice-président·e du conseil régional', 'regional', 'region', { executive: true, mandateOf: 'conseiller-regional' }),
  c('depute', 'Député·e', 'national', 'circonscription', { termYears: 5, singleHolder: true }),
  c('senateur', 'Sénateur·rice', 'national', 'departement', { termYears: 6 }),
  c('depute-europeen', 'Député·e européen·ne', 'europeen', 'france', { termYears: 5 }),
  c('collaborateur-parlementaire', 'Collaborateur·rice d’élu·e parlementaire', 'national', 'departement', { reportingPeriodMonths: 0, termYears: 5, collaborator: true }),
  c('collaborateur-elu-local', 'Collaborateur·rice d’élu·e local·e', 'departemental', 'departement', { reportingPeriodMonths: 0, termYears: 6, collaborator: true }),
];
