import type { Core } from '@strapi/strapi';
import type { TerritoryKind } from '../domain/catalogue';
import { loadOfficialLists, territoryNameFor } from '../domain/territories';

/**
 * Official territory names offered to other plugins (investitures' designations), from the
 * official lists this plugin reads (`domain/territories.ts`: INSEE's communes, départements,
 * régions, constituencies). Reads only.
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
});
