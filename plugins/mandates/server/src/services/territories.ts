import type { Core } from '@strapi/strapi';
import type { TerritoryKind } from '../domain/catalogue';
import { CANTONS_PER_DEPARTEMENT, constituencyAreaName, CONSTITUENCIES_PER_DEPARTEMENT, electionPlace, loadOfficialLists, REGIONS, territoryNameFor, type ElectionPlace } from '../domain/territories';

/**
 * Official territory names offered to other plugins (investitures' designations: their names,
 * and whether a code exists at all), from the official lists this plugin reads
 * (`domain/territories.ts`: INSEE's communes, départements, régions, constituencies, read once
 * per process); what a département holds (its région, its constituencies). Reads only.
 */
export default (_: { strapi: Core.Strapi }) => ({
  /**
   * The name a territory is stored with, by the same rule as a mandate's (`territoryNameFor`):
   * a commune's official name always (its code names one place), for the other kinds the name
   * typed when there is one, else the official name (« Nîmes », « Gard », « Occitanie »,
   * « 1re circonscription — Gard », « France »). Null when `code` is no known territory of `kind`.
   */
  async nameFor(kind: TerritoryKind, code: string, typed?: string | null): Promise<string | null> {
    await loadOfficialLists();
    return territoryNameFor(kind, code, typed);
  },

  /**
   * A département's chef-lieu (the commune of its prefecture: « 30 » → 30189 Nîmes, « 2A » →
   * 2A004 Ajaccio), as a commune code and its official name; null for a code that is no
   * département. For a demo or a default that must name a real commune of a département.
   */
  async chefLieuOf(departement: string): Promise<{ code: string; name: string } | null> {
    const lists = await loadOfficialLists();
    const code = lists.chefLieuOf.get(departement);
    const name = code ? lists.communes.get(code) : undefined;
    return code && name ? { code, name } : null;
  },

  /**
   * What a département is and holds, for a check that a territory lies in it or exists in it:
   * its official name, its région (INSEE code and name: « 30 » → 76 Occitanie, « 971 » → 01
   * Guadeloupe; INSEE's code officiel géographique), how many legislative constituencies it
   * elects (Code électoral, tableau n° 1 annexé à l'article L125: « 30 » → 6, its
   * constituencies 30-01 to 30-06) and how many cantons (`CANTONS_PER_DEPARTEMENT`, the 2014
   * redistricting: « 30 » → 23, 30-01 to 30-23; 0 in Paris, Martinique, Guyane). Null for a
   * code that is no département (« 99 », « 20 »).
   */
  async departement(code: string): Promise<{ code: string; name: string; region: { code: string; name: string }; constituencies: number; cantons: number } | null> {
    const lists = await loadOfficialLists();
    const name = lists.departements.get(code);
    const region = lists.regionOf.get(code);
    if (!name || !region || !REGIONS[region]) return null;
    return { code, name, region: { code: region, name: REGIONS[region] }, constituencies: CONSTITUENCIES_PER_DEPARTEMENT[code] ?? 0, cantons: CANTONS_PER_DEPARTEMENT[code] ?? 0 };
  },

  /**
   * Where deputies are elected by constituency: a département, a collectivité d'outre-mer,
   * Nouvelle-Calédonie or the Français établis hors de France, with its number of constituencies
   * (Code électoral, tableaux n° 1, 1 bis and 1 ter: « 30 » → Gard, 6; « 987 » → Polynésie
   * française, 3; « 977 » → Saint-Barthélemy et Saint-Martin, 1; « 99 » → Français établis hors
   * de France, 11). Null for a code that elects no deputy (« 978 »: Saint-Martin votes in 977-01).
   */
  async constituencyArea(code: string): Promise<{ code: string; name: string; constituencies: number } | null> {
    await loadOfficialLists();
    const name = constituencyAreaName(code);
    return name ? { code, name, constituencies: CONSTITUENCIES_PER_DEPARTEMENT[code] } : null;
  },

  /**
   * Whether an election is held in a place (`electionPlace`: a commune, an arrondissement of Paris,
   * Lyon or Marseille, a département, a région, a senatorial territory), by the Code électoral:
   * `elects: true` with the name to store (a commune's official name always; otherwise the name
   * typed when there is one, else the official one), or `elects: false` with what the place has
   * instead (« Paris », 75: Ville de Paris since 2019). Null when the code names no such place.
   */
  async electionPlace(election: 'municipales' | 'departementales' | 'regionales' | 'senatoriales', code: string, typed?: string | null): Promise<ElectionPlace | null> {
    await loadOfficialLists();
    const place = electionPlace(election, code);
    return place?.elects && election !== 'municipales' && typed?.trim() ? { ...place, name: typed.trim() } : place;
  },
});
