import type { TerritoryKind } from './catalogue';

/**
 * Official territory codes (INSEE's code officiel géographique, SIREN for EPCI): a code is
 * accepted when it has the form of its kind and names a real département or région. The
 * commune and EPCI lists themselves are not shipped (about 35,000 communes): a well-formed
 * commune code of an existing département is accepted (README, Known limits).
 */
export const DEPARTEMENTS: readonly string[] = [
  ...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, '0')).filter((code) => code !== '20'),
  '2A', '2B', '971', '972', '973', '974', '976',
];
/** INSEE codes of the 18 régions (2016). */
export const REGIONS: Record<string, string> = {
  '01': 'Guadeloupe', '02': 'Martinique', '03': 'Guyane', '04': 'La Réunion', '06': 'Mayotte', '11': 'Île-de-France', '24': 'Centre-Val de Loire',
  '27': 'Bourgogne-Franche-Comté', '28': 'Normandie', '32': 'Hauts-de-France', '44': 'Grand Est', '52': 'Pays de la Loire', '53': 'Bretagne',
  '75': 'Nouvelle-Aquitaine', '76': 'Occitanie', '84': 'Auvergne-Rhône-Alpes', '93': 'Provence-Alpes-Côte d’Azur', '94': 'Corse',
};

const DEPT = new Set(DEPARTEMENTS);

/** The département a code belongs to (a commune's or a circonscription's), or null. */
export function departementOf(kind: TerritoryKind, code: string): string | null {
  if (kind === 'departement') return DEPT.has(code) ? code : null;
  if (kind === 'commune') {
    const overseas = code.slice(0, 3);
    if (/^97[1-6]\d{2}$/.test(code)) return DEPT.has(overseas) ? overseas : null;
    if (/^(\d{2}|2[AB])\d{3}$/.test(code)) return DEPT.has(code.slice(0, 2)) ? code.slice(0, 2) : null;
    return null;
  }
  if (kind === 'circonscription') {
    const m = /^(\d{2}|2[AB]|97[1-6])-(\d{2})$/.exec(code);
    return m && DEPT.has(m[1]) && Number(m[2]) >= 1 ? m[1] : null;
  }
  return null;
}

/** Is `code` an official code of a territory of this kind? (`FR` for France; SIREN 2xxxxxxxx for an EPCI.) */
export function isKnownTerritory(kind: TerritoryKind, code: string): boolean {
  switch (kind) {
    case 'commune':
    case 'departement':
    case 'circonscription':
      return departementOf(kind, code) !== null;
    case 'region':
      return code in REGIONS;
    case 'epci':
      return /^2\d{8}$/.test(code);
    case 'france':
      return code === 'FR';
    default:
      return false;
  }
}

/** What the member is told when a code is refused. */
export const TERRITORY_HINTS: Record<TerritoryKind, string> = {
  commune: 'un code INSEE de commune (5 caractères, ex. 30189 pour Nîmes)',
  epci: 'un numéro SIREN d’EPCI (9 chiffres commençant par 2)',
  departement: 'un code de département (ex. 30, 2A, 974)',
  region: 'un code INSEE de région (ex. 76 pour l’Occitanie)',
  circonscription: 'une circonscription au format département-numéro (ex. 30-01)',
  france: 'FR',
};
