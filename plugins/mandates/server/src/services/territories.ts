import type { Core } from '@strapi/strapi';
import type { TerritoryKind } from '../domain/catalogue';
import { loadOfficialLists, territoryNameFor } from '../domain/territories';

/**
 * Official territory names offered to other plugins (investitures' designations: their names,
 * and whether a code exists at all), from the official lists this plugin reads
 * (`domain/territories.ts`: INSEE's communes, départements, régions, constituencies, read once
 * per process). Reads only.
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
});
