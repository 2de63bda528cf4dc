/**
 * The mandates plugin's public services, typed for `getService(strapi, 'mandates', name)`.
 */
import type cumulFactory from './services/cumul';
import type demoFactory from './services/demo';
import type erasureFactory from './services/erasure';
import type storeFactory from './services/store';
import type personalDataFactory from './services/personal-data';
import type territoriesFactory from './services/territories';

declare module '@intranet-militant/shared' {
  interface PluginServices {
    mandates: {
      /** Reads for the rules: catalogue, mandates as holdings, party functions, waivers, rule set on a date. */
      store: ReturnType<typeof storeFactory>;
      /** « Would winning this mandate break a rule? » and a member's record (investitures). */
      cumul: ReturnType<typeof cumulFactory>;
      /** The development demo's officials (src/seed/demo.ts). */
      demo: ReturnType<typeof demoFactory>;
      /** Mandates' part of retention and erasure (report attachments, contact details): an `ErasureProvider`. */
      erasure: ReturnType<typeof erasureFactory>;
      /** Mandates' part of « Mes données »: a `PersonalDataProvider`. */
      'personal-data': ReturnType<typeof personalDataFactory>;
      /** Official territory names, and so whether a code exists (investitures' designations); a département's région and constituency count (investitures: a territory within its federation); where each election is held (`electionPlace`, `constituencyArea`); its chef-lieu (investitures' demo). */
      territories: ReturnType<typeof territoriesFactory>;
    };
  }
}

export type { Violation, Holding, RuleSet, Rule } from './domain/rules';
export type { ProspectiveMandate } from './services/cumul';
export type { TerritoryKind } from './domain/catalogue';
export type { ElectionPlace, NoCouncil } from './domain/territories';
