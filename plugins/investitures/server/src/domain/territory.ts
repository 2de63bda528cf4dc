import type { TerritoryKind } from '@intranet-militant/mandates';
import type { Kind } from './vocabulary';

/**
 * Is a public election's territory code well formed, and within the department of the
 * federation that runs the designation? The codes are INSEE's (communes: 5 characters, the
 * department's 2 — or 3 overseas — first; Corsica 2A / 2B) and the electoral code's
 * (legislative constituency « 30-01 », canton « 30-05 »). A regional election names its
 * region (2 digits) and is not tied to one department; European and presidential ones « FR ».
 * Pure.
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

/**
 * The kind of official territory (the mandates plugin's lists) a designation's well-formed
 * territory code names, or null when none does (a canton: no official list of them). Pure.
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
