import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, NotFoundError, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { evaluateAll, type Holding, type Violation } from '../domain/rules';
import { can } from '../permissions';
import { getStore } from '../services/store';
import { presentViolation } from './situation';

async function federationFor(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const federation = await getService(strapi, 'membership', 'directory').federationByDocumentId(documentId);
  if (!federation) throw new NotFoundError('Fédération introuvable.');
  if (!can(actor, 'breaches.read', { federationId: federation.id })) throw new ForbiddenError('Vous ne voyez que les élu·es de votre fédération.');
  return federation as { id: number; documentId: string; name: string };
}

/**
 * Every violation of a federation's officials (and party function holders with a mandate)
 * on a date, evaluated in one pass: mandates of the federation, their holders' party
 * functions and waivers, the rule set in force. Officials who left the party on `on`
 * (membership's `departedAmong`: a recorded departure, or erased; issue 22) are not the
 * party's officials any more: left out of the violations and the counts.
 */
export async function evaluateFederation(strapi: Core.Strapi, federationId: number | null, on: string): Promise<{ violations: Violation[]; memberFederation: Map<number, number | null>; mandateCount: number }> {
  const store = getStore(strapi);
  const held = await store.holdings(federationId ? { federationId } : {});
  // One pass per step, no copies when nobody left (the national view holds ~150,000 rows).
  const holders = new Set<number>();
  for (const m of held) holders.add(m.memberId);
  const departed = await getService(strapi, 'membership', 'directory').departedAmong([...holders], on);
  const mandates = departed.size ? held.filter((m) => !departed.has(m.memberId)) : held;
  const memberFederation = new Map<number, number | null>();
  for (const m of mandates) if (!memberFederation.has(m.memberId)) memberFederation.set(m.memberId, m.federationId);
  const ids = [...memberFederation.keys()];
  const [functions, waivers, ruleSet, catalogue] = await Promise.all([
    federationId ? store.functions(ids) : store.functions(),
    federationId ? store.waivers(ids) : store.waivers(),
    store.ruleSetOn(on),
    store.catalogue(),
  ]);
  const mandateCount = mandates.length;
  const holdings: Holding[] = mandates;
  for (const f of functions) if (memberFederation.has(f.memberId)) holdings.push(f);
  const violations = evaluateAll(holdings, ruleSet, catalogue, on, waivers);
  return { violations, memberFederation, mandateCount };
}

/** The table of a federation's officials in breach on a date (staff of that federation, national admins). */
export async function federationBreaches(strapi: Core.Strapi, actor: Actor, federationDocumentId: string, on = todayInParis()) {
  const federation = await federationFor(strapi, actor, federationDocumentId);
  const { violations } = await evaluateFederation(strapi, federation.id, on);
  const ids = [...new Set(violations.map((v) => v.memberId))];
  // The holdings named: the officials' own, and their collaborators' for an `employs` breach.
  const holders = [...new Set([...ids, ...violations.flatMap((v) => (v.employee != null ? [v.employee] : []))])];
  const functions = await getStore(strapi).functions(holders);
  const directory = getService(strapi, 'membership', 'directory');
  const [members, mandates, categories] = await Promise.all([directory.membersByIds(ids), getStore(strapi).mandates({ memberIds: holders }), getStore(strapi).categories()]);
  const docs = new Map((await Promise.all(ids.map((id) => directory.memberById(id)))).filter(Boolean).map((m: any) => [m.id, m.documentId as string]));
  const categoryLabels = new Map(categories.map((c) => [c.code, c.label]));
  const labels = new Map([
    ...mandates.map((m) => [m.id, `${categoryLabels.get(m.category) ?? m.category} — ${m.territoryName}`] as const),
    ...functions.map((f) => [f.id, `Fonction au parti : ${f.function?.label ?? 'instance du parti'}`] as const),
  ]);
  const rows = ids
    .map((id) => ({
      documentId: docs.get(id) ?? null,
      firstName: members.get(id)?.firstName ?? '',
      lastName: members.get(id)?.lastName ?? '',
      violations: violations.filter((v) => v.memberId === id).map((v) => presentViolation(v, labels, true)),
    }))
    .sort((a, b) => `${a.lastName} ${a.firstName}`.localeCompare(`${b.lastName} ${b.firstName}`, 'fr'));
  return { federation: { documentId: federation.documentId, name: federation.name }, on, officials: rows };
}

/**
 * National counts per federation on a date (national admins): officials with a mandate on
 * file, officials in breach, violations by rule, waived ones apart.
 */
export async function nationalCounts(strapi: Core.Strapi, on = todayInParis()) {
  const { violations, memberFederation } = await evaluateFederation(strapi, null, on);
  const federations = (await getService(strapi, 'membership', 'directory').listFederations()) as { id: number; documentId: string; name: string; departmentCode: string }[];
  const rows = new Map<number, { officials: number; inBreach: Set<number>; waived: number; byRule: Record<string, number> }>();
  const row = (id: number) => {
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { officials: 0, inBreach: new Set(), waived: 0, byRule: {} }));
    return r;
  };
  for (const [, federationId] of memberFederation) if (federationId) row(federationId).officials++;
  for (const v of violations) {
    // An employer without a mandate on file is counted in their collaborator's federation (the same: `checkEmployer`).
    const federationId = memberFederation.get(v.memberId) ?? (v.employee != null ? memberFederation.get(v.employee) : undefined);
    if (!federationId) continue;
    const r = row(federationId);
    if (v.waiver) r.waived++;
    else {
      r.inBreach.add(v.memberId);
      r.byRule[v.ruleId] = (r.byRule[v.ruleId] ?? 0) + 1;
    }
  }
  return {
    on,
    federations: federations
      .filter((f) => rows.has(f.id))
      .map((f) => {
        const r = rows.get(f.id)!;
        return { documentId: f.documentId, name: f.name, departmentCode: f.departmentCode, officials: r.officials, inBreach: r.inBreach.size, waived: r.waived, byRule: r.byRule };
      }),
  };
}
