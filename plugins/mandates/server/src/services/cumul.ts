import { addDays } from '@intranet-militant/shared';
import type { Core } from '@strapi/strapi';
import { chainsOf, isActive, previewHolding, type Holding } from '../domain/rules';
import { presentViolations } from '../queries/situation';
import { getStore } from './store';

/** A mandate (or a party function) someone may win (investitures' candidacies). */
export interface ProspectiveMandate {
  memberId: number;
  /** Category code of the catalogue (`conseiller-municipal`, `depute`…); `party` with `function` for a party office. */
  category: string;
  /** A party office (bodies' seat): level, kind of body, role — the rules' `partyFunctions` selectors. */
  function?: { level: string; bodyKind: string; role: string; label: string };
  /** Official territory code (INSEE commune, circonscription…). */
  territoryCode: string;
  territoryName: string;
  /** First Paris day it would be held (the election's or taking office's day). */
  startOn: string;
}

/**
 * The mandates rules offered to other plugins (investitures): « would winning this mandate
 * break a rule? » with the same engine and the same reads as `POST /mandates/preview`
 * (commands/record-mandate.ts `wouldBreak`: holdings, party functions, waivers, rule set on
 * the start day), and a member's record for renewal indicators. Reads only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * The violations winning `m` would bring on its first day (at once: `at-most`,
   * `incompatible`; over time: `consecutive-terms`), presented with their rule, source and
   * the mandates involved (what the candidate would have to give up), and the rule set's
   * version. An unknown category gives no violation and `known: false`.
   */
  async previewProspective(m: ProspectiveMandate) {
    const store = getStore(strapi);
    const category = await store.category(m.category);
    const [mandates, functions, waivers, ruleSet, catalogue] = await Promise.all([
      store.holdings({ memberIds: [m.memberId] }),
      store.functions([m.memberId]),
      store.waivers([m.memberId]),
      store.ruleSetOn(m.startOn),
      store.catalogue(),
    ]);
    let proposed: Holding;
    let label: string;
    if (m.function) {
      proposed = { id: 'prospective', memberId: m.memberId, kind: 'function', category: 'party', territory: m.territoryCode, startOn: m.startOn, endOn: null, function: m.function };
      label = `Fonction au parti : ${m.function.label} (fonction briguée)`;
    } else {
      if (!category) return { known: false, ruleVersion: ruleSet.version, violations: [] };
      proposed = { id: 'prospective', memberId: m.memberId, kind: 'mandate', category: m.category, territory: m.territoryCode, startOn: m.startOn, endOn: addDays(m.startOn, Math.round(category.termYears * 365.25)) };
      label = `${category.label} — ${m.territoryName} (mandat brigué)`;
    }
    // The employers of the member's posts: a breach of PARTI-EMPLOYEUR-COLLABORATEUR is theirs, their waivers cover it.
    const employers = [...new Set(mandates.map((h) => h.employerId).filter((id): id is number => id != null))];
    const allWaivers = employers.length ? [...waivers, ...(await store.waivers(employers))] : waivers;
    const found = previewHolding([...mandates, ...functions], proposed, ruleSet, catalogue, allWaivers);
    const labels = new Map([['prospective', label]]);
    const violations = await presentViolations(strapi, m.memberId, found, labels);
    return {
      known: true,
      ruleVersion: ruleSet.version,
      violations: violations.map((v) => ({ ...v, giveUp: v.mandates.filter((x) => x.id !== 'prospective').map((x) => x.label) })),
    };
  },

  /**
   * A member's record on `on` for renewal indicators: how many mandates they held before,
   * whether they ever were a collaborator of an elected official, whether they hold `category`
   * in `territoryCode` that day (outgoing) and how many consecutive terms of it they served.
   */
  async recordOf(memberId: number, category: string | null, territoryCode: string | null, on: string) {
    const store = getStore(strapi);
    const [holdings, catalogue] = await Promise.all([store.holdings({ memberIds: [memberId] }), store.catalogue()]);
    const before = holdings.filter((h) => h.startOn < on);
    const same = category ? before.filter((h) => h.category === category && h.territory === territoryCode) : [];
    const outgoing = same.some((h) => isActive(h, on) || h.endOn === on);
    const chain = outgoing ? chainsOf(same, 365).find((c) => c.some((h) => isActive(h, on) || h.endOn === on)) ?? [] : [];
    return {
      previousMandates: before.filter((h) => !catalogue.get(h.category)?.collaborator).length,
      formerCollaborator: before.some((h) => catalogue.get(h.category)?.collaborator === true),
      outgoing,
      consecutiveTerms: chain.length,
    };
  },
});
