import type { ElectionPlace, TerritoryKind } from '@intranet-militant/mandates';
import type { Kind } from './vocabulary';

/**
 * Is a public election's territory code well formed, and within the department of the
 * federation that runs the designation? The codes are INSEE's (communes: 5 characters, the
 * department's 2 — or 3 overseas — first; Corsica 2A / 2B) and the electoral code's
 * (legislative constituency « 30-01 », canton « 30-05 »). A regional election names its
 * region (2 digits; its federation's région is checked against the official lists:
 * `outsideRegionError`); European and presidential ones « FR ». Whether the code names a
 * real territory is judged against the official lists (`unknownTerritoryError`). A département
 * part written with a leading zero (« 030-01 ») is told as such, before the federation's check. Pure.
 *
 * @param kind the designation's kind (internal offices have no territory: null)
 * @param code the territory code as sent (trimmed; letters compared upper-case)
 * @param departmentCode the running federation's department (« 30 », « 2A », « 971 »), null
 *        for a national designation (then only the form is judged)
 * @returns the French message for `territoryCode`, or null when it is acceptable
 */
export function territoryError(kind: Kind, code: string, departmentCode: string | null): string | null {
  const c = code.toUpperCase();
  const dept = departmentCode?.toUpperCase() ?? null;
  const department = /^(\d{2,3}|2[AB])$/;
  const outside = (what: string, its: string) => `${what} ${c} n’est pas dans le département de la fédération (${dept}) : ${its}.`;
  // « 030-01 », « 030 »: no département code has a leading zero before two digits (970s are three).
  const padded = kind === 'legislatives' || kind === 'departementales' || kind === 'senatoriales' ? /^0(\d{2})(-\d{2})?$/.exec(c) : null;
  if (padded) return `« ${code} » : un code de département s’écrit sans zéro devant (${padded[1]}, non 0${padded[1]}) ; écrivez « ${padded[1]}${padded[2] ?? ''} ».`;
  switch (kind) {
    case 'municipales': {
      if (!/^(\d{5}|2[AB]\d{3})$/.test(c)) return `« ${code} » n’est pas un code INSEE de commune (5 caractères, ex. 30189 pour Nîmes).`;
      if (dept && !c.startsWith(dept)) return outside('La commune', `son code commence par ${dept}`);
      return null;
    }
    case 'legislatives': {
      const m = /^(\d{2,3}|2[AB])-(\d{2})$/.exec(c);
      if (!m || m[2] === '00') return `« ${code} » n’est pas une circonscription (département-numéro, ex. 30-01).`;
      if (dept && m[1] !== dept) return outside('La circonscription', `elle commence par ${dept}-`);
      return null;
    }
    case 'departementales': {
      const m = /^(\d{2,3}|2[AB])(?:-(\d{2}))?$/.exec(c);
      if (!m || m[2] === '00') return `« ${code} » n’est ni un canton (ex. 30-05) ni un département (ex. 30).`;
      if (dept && m[1] !== dept) return m[2] ? outside('Le canton', `il commence par ${dept}`) : `Les départementales de cette fédération se tiennent dans son département (${dept}).`;
      return null;
    }
    case 'senatoriales': {
      if (!department.test(c)) return `« ${code} » n’est pas un code de département (ex. 30).`;
      if (dept && c !== dept) return `Les sénatoriales de cette fédération se tiennent dans son département (${dept}).`;
      return null;
    }
    case 'regionales':
      return /^\d{2}$/.test(c) ? null : `« ${code} » n’est pas un code INSEE de région (2 chiffres, ex. 76).`;
    case 'europeennes':
    case 'presidentielle':
      return c === 'FR' ? null : 'Cette élection se tient dans toute la France : territoire « FR ».';
    default:
      return null;
  }
}

/**
 * The French message for `territoryCode` when a well-formed commune code names no current
 * commune in INSEE's code officiel géographique (the mandates plugin's official lists). Pure.
 */
export function unknownCommuneError(code: string): string {
  return `Le code du territoire : aucune commune n’a le code INSEE « ${code} » (ex. 30189 pour Nîmes, 30007 pour Alès, 34172 pour Montpellier).`;
}

/** A département as the mandates plugin's `territories.departement` describes it (its région, its constituency and canton counts). */
export interface DepartementFacts {
  code: string;
  name: string;
  region: { code: string; name: string };
  constituencies: number;
  cantons: number;
}

/**
 * The French message for `territoryCode` when a well-formed code names no official territory
 * of its kind (the mandates plugin's official lists: INSEE's départements and 18 régions, the
 * Code électoral's constituencies per département). Pure.
 * @param official the kind of official territory the code was read as (`officialTerritoryKind`;
 *        a canton is judged by its département: pass « departement » and the canton's département)
 * @param code the code as stored (upper-case)
 * @param departement for a constituency, the area its first part names (a département, a
 *        collectivité d'outre-mer, the French abroad: the mandates plugin's `constituencyArea`),
 *        null when none has that code
 */
export function unknownTerritoryError(official: TerritoryKind, code: string, departement: { code: string; name: string; constituencies: number } | null = null): string {
  switch (official) {
    case 'commune':
      return unknownCommuneError(code);
    case 'region':
      return `Le code du territoire : « ${code} » n’est pas l’une des 18 régions (code INSEE, ex. 76 pour l’Occitanie, 11 pour l’Île-de-France).`;
    case 'circonscription': {
      if (!departement) return unknownDepartementError(code.split('-')[0]);
      const n = departement.constituencies;
      const range = n === 1 ? `une seule, ${departement.code}-01` : `${n}, de ${departement.code}-01 à ${departement.code}-${String(n).padStart(2, '0')}`;
      return `Le code du territoire : la circonscription « ${code} » n’existe pas ; ${departement.name} (${departement.code}) en compte ${range}.`;
    }
    default:
      return unknownDepartementError(code);
  }
}

/**
 * The French message for `territoryCode` when a place exists but does not hold the designation's
 * election (the mandates plugin's `electionPlace`, from the Code électoral): « Le code du
 * territoire : Paris (75) n’élit plus de conseil départemental depuis 2019 (Ville de Paris). » Pure.
 * @param kind municipales, departementales (a canton: its département's place) or regionales
 */
export function noCouncilError(kind: Kind, place: Extract<ElectionPlace, { elects: false }>): string {
  const council = kind === 'municipales' ? 'conseil municipal' : kind === 'regionales' ? 'conseil régional' : 'conseil départemental';
  const { instead, since } = place.noCouncil;
  return `Le code du territoire : ${place.name} (${place.code}) n’élit ${since ? `plus de ${council} depuis ${since}` : `pas de ${council}`} (${instead}).`;
}

/**
 * The French message for `territoryCode` when a canton's number is past its département's count
 * (the mandates plugin's `territories.departement(…).cantons`: the 2014 redistricting, INSEE's
 * code officiel géographique), else null: « Le code du territoire : le canton « 30-24 » n’existe
 * pas ; Gard (30) en compte 23, de 30-01 à 30-23. » Pure.
 * @param code the canton's code as stored (« 30-24 », upper-case, well formed: `territoryError`)
 * @param departement the canton's département, known to elect a conseil départemental
 */
export function cantonCountError(code: string, departement: Pick<DepartementFacts, 'code' | 'name' | 'cantons'>): string | null {
  const n = departement.cantons;
  if (Number(code.split('-')[1]) <= n) return null;
  const range = n === 1 ? `un seul, ${departement.code}-01` : `${n}, de ${departement.code}-01 à ${departement.code}-${String(n).padStart(2, '0')}`;
  return `Le code du territoire : le canton « ${code} » n’existe pas ; ${departement.name} (${departement.code}) en compte ${range}.`;
}

function unknownDepartementError(code: string): string {
  return `Le code du territoire : aucun département n’a le code « ${code} » (ex. 30 pour le Gard, 2A pour la Corse-du-Sud, 974 pour La Réunion).`;
}

/**
 * The département a canton code names (« 30-05 » → « 30 »), or null for any other code: a
 * canton is judged by its form, its département's existence and council, for a federation its
 * département, and its number against the département's count (`cantonCountError`). Pure.
 */
export function cantonDepartement(kind: Kind, code: string): string | null {
  return kind === 'departementales' && code.includes('-') ? code.split('-')[0] : null;
}

/**
 * Is a regional election's région that of the federation's département? The French message
 * for `territoryCode` when not, else null (a Gard federation: Occitanie, 76). Pure.
 * @param home the federation's département (its région from INSEE's code officiel géographique)
 */
export function outsideRegionError(code: string, home: DepartementFacts): string | null {
  if (code === home.region.code) return null;
  return `Les régionales de cette fédération se tiennent dans sa région : ${home.region.name} (${home.region.code}), celle de son département (${home.code}, ${home.name}).`;
}

/**
 * The kind of official territory (the mandates plugin's lists) a designation's well-formed
 * territory code names, or null when none does (a canton: judged by its département and its
 * département's canton count, `cantonCountError`). Pure.
 */
export function officialTerritoryKind(kind: Kind, code: string): TerritoryKind | null {
  switch (kind) {
    case 'municipales':
      return 'commune';
    case 'legislatives':
      return 'circonscription';
    case 'departementales':
      return code.includes('-') ? null : 'departement';
    case 'senatoriales':
      return 'departement';
    case 'regionales':
      return 'region';
    case 'europeennes':
    case 'presidentielle':
      return 'france';
    default:
      return null;
  }
}

/**
 * A readable French name for a territory code when no official name is at hand (the mandates
 * plugin not installed, a canton, a code absent from the official lists): « Commune 30189 »,
 * « Canton 30-05 », « Circonscription 30-01 », « Département 30 », « Région 76 », « France ». Pure.
 */
export function fallbackTerritoryName(kind: Kind, code: string): string {
  switch (officialTerritoryKind(kind, code)) {
    case 'commune':
      return `Commune ${code}`;
    case 'circonscription':
      return `Circonscription ${code}`;
    case 'departement':
      return `Département ${code}`;
    case 'region':
      return `Région ${code}`;
    case 'france':
      return 'France';
    default:
      return kind === 'departementales' ? `Canton ${code}` : `Territoire ${code}`;
  }
}
