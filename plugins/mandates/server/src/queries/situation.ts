import type { Core } from '@strapi/strapi';
import { ForbiddenError, frenchDate, getService, NotFoundError, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { SOURCE_LABELS, VERIFICATION_LABELS } from '../domain/catalogue';
import { evaluateAll, evaluateEmployer, evaluateMember, isActive, type Holding, type Violation } from '../domain/rules';
import { assertCan, assertStillMember, loadOfficial, loadSelf, OFFICIAL_NOT_FOUND, type OfficialRow, readsOfficial } from '../commands/checks';
import { can } from '../permissions';
import { getStore, type MandateFact } from '../services/store';
import { complianceOf } from './reports';
import { contactsOf } from '../commands/contact';

/** A violation as people read it: the mandates involved by their labels, dates in French. */
export function presentViolation(v: Violation, labels: Map<string, string>, withWaiver: boolean) {
  return {
    rule: v.ruleId,
    ruleVersion: v.ruleVersion,
    label: v.label,
    source: v.source,
    mandates: v.mandates.map((id) => ({ id, label: labels.get(id) ?? id })),
    since: v.since,
    deadline: v.deadline,
    overdue: v.overdue,
    toEnd: v.toEnd ? { id: v.toEnd, label: labels.get(v.toEnd) ?? v.toEnd } : null,
    waived: Boolean(v.waiver),
    /** An `employs` breach seen from the collaborator's side: the employer (name) is in breach, not them. */
    employer: v.employee != null && labels.has(`employer:${v.memberId}`) ? labels.get(`employer:${v.memberId}`)! : null,
    // The reason of an employer's waiver is theirs: not shown on their collaborator's side.
    waiver: withWaiver && v.waiver && !labels.has(`employer:${v.memberId}`) ? v.waiver : v.waiver ? { expiresOn: v.waiver.expiresOn } : null,
    text: `${v.employee != null && labels.has(`employer:${v.memberId}`) ? `Concerne l’employeur·euse, ${labels.get(`employer:${v.memberId}`)} : ` : ''}${v.label} (${v.source}) depuis le ${frenchDate(v.since)}${v.waiver ? ` — dérogation jusqu’au ${frenchDate(v.waiver.expiresOn)}` : v.overdue ? ` — délai dépassé le ${frenchDate(v.deadline)}` : ` — à régulariser avant le ${frenchDate(v.deadline)}`}.`,
  };
}

async function labelsOf(strapi: Core.Strapi, mandates: Pick<MandateFact, 'id' | 'category' | 'territoryName'>[], functions: { id: string; function?: { level: string; bodyKind: string; role: string; label?: string } }[]) {
  const categories = new Map((await getStore(strapi).categories()).map((c) => [c.code, c.label]));
  const labels = new Map<string, string>();
  for (const m of mandates) labels.set(m.id, `${categories.get(m.category) ?? m.category} — ${m.territoryName}`);
  for (const f of functions) labels.set(f.id, `Fonction au parti : ${f.function?.label ?? 'instance du parti'}`);
  return { labels, categories };
}

/**
 * Violations as people read them, with the labels of the official's mandates and party
 * functions (plus `extra` labels, e.g. a proposed mandate's), waivers' reasons included.
 * `read`: the official's mandates and functions when the caller has them already (else read).
 */
export async function presentViolations(
  strapi: Core.Strapi,
  memberId: number,
  violations: Violation[],
  extra: Map<string, string> = new Map(),
  read?: { mandates: Pick<MandateFact, 'id' | 'category' | 'territoryName'>[]; functions: Holding[] }
) {
  if (violations.length === 0) return [];
  const store = getStore(strapi);
  const [mandates, functions] = read ? [read.mandates, read.functions] : await Promise.all([store.mandates({ memberIds: [memberId] }), store.functions([memberId])]);
  const { labels } = await labelsOf(strapi, mandates, functions);
  for (const [k, v] of extra) labels.set(k, v);
  await employerLabels(strapi, violations, memberId, labels);
  return violations.map((v) => presentViolation(v, labels, true));
}

/** `employer:<id>` labels (the employer's name) for the `employs` breaches a collaborator's posts make. */
async function employerLabels(strapi: Core.Strapi, violations: Violation[], memberId: number, labels: Map<string, string>) {
  const employers = [...new Set(violations.filter((v) => v.employee === memberId && v.memberId !== memberId).map((v) => v.memberId))];
  if (employers.length === 0) return;
  const members = await getService(strapi, 'membership', 'directory').membersByIds(employers);
  for (const id of employers) labels.set(`employer:${id}`, `${members.get(id)?.firstName ?? ''} ${members.get(id)?.lastName ?? ''}`.trim() || 'votre employeur·euse');
}

/**
 * The `employs` breaches of some employers: the holdings of the collaborators whose posts
 * name them (posts and party functions) evaluated for each employer, with labels naming the
 * collaborator. Waivers are the employers'.
 */
export async function employersBreaches(strapi: Core.Strapi, employerIds: number[], on: string, waivers: Awaited<ReturnType<ReturnType<typeof getStore>['waivers']>>) {
  const store = getStore(strapi);
  const labels = new Map<string, string>();
  if (employerIds.length === 0) return { violations: [] as Violation[], labels };
  const posts = await store.mandates({ employerIds });
  if (posts.length === 0) return { violations: [] as Violation[], labels };
  const employeeIds = [...new Set(posts.map((p) => p.memberId))];
  const [mandates, functions, ruleSet, catalogue, members] = await Promise.all([
    store.mandates({ memberIds: employeeIds }), store.functions(employeeIds), store.ruleSetOn(on), store.catalogue(), getService(strapi, 'membership', 'directory').membersByIds(employeeIds),
  ]);
  const { labels: own } = await labelsOf(strapi, mandates, functions);
  const names = new Map(employeeIds.map((id) => [id, `${members.get(id)?.firstName ?? ''} ${members.get(id)?.lastName ?? ''}`.trim()]));
  for (const h of [...mandates, ...functions] as Holding[]) labels.set(h.id, `${own.get(h.id) ?? h.id} (${names.get(h.memberId) || 'collaborateur·rice'})`);
  const holdings: Holding[] = [...mandates, ...functions];
  const violations = employerIds.flatMap((id) => evaluateEmployer(id, holdings, ruleSet, catalogue, on, waivers.filter((w) => w.memberId === id)));
  return { violations, labels };
}

/** A mandate as pages show it. */
export function presentMandate(m: MandateFact, categories: Map<string, string>, on: string) {
  return {
    documentId: m.id,
    category: m.category,
    categoryLabel: categories.get(m.category) ?? m.category,
    territoryCode: m.territory,
    territoryName: m.territoryName,
    startOn: m.startOn,
    theoreticalEndOn: m.theoreticalEndOn,
    endOn: m.actualEndOn,
    current: isActive(m, on),
    /** Declared ahead of its start: « à venir », not « terminé ». */
    upcoming: m.startOn > on,
    source: m.source,
    sourceLabel: SOURCE_LABELS[m.source],
    verification: m.verification,
    verificationLabel: VERIFICATION_LABELS[m.verification],
  };
}

/**
 * An official's situation on a Paris date (default today): their mandates, party functions
 * and every violation under the rule set in force, with waivers (reason included). The
 * official and those who manage them (403 otherwise; 404 another federation's member).
 * `GET /officials/:id/situation` (`record: false`) answers for one who left the party
 * (departure recorded by today, or erased) as for an unknown id, to everyone, whatever `on`
 * asks: they have no page nor place in the directory (`officialPage`, `officials`), and an
 * erased person looks absent but where the retention table keeps them. That place is the
 * party's record of its officials (`mandates.records`): the admin panel's side panel of a
 * mandate's page (`record: true`, `situationOfMandate`) still shows it, under the pseudonym
 * once erased.
 */
export async function situationOf(strapi: Core.Strapi, actor: Actor, memberDocumentId: string | null, on = todayInParis(), { record = false }: { record?: boolean } = {}) {
  const official = memberDocumentId ? await loadOfficial(strapi, memberDocumentId) : await loadSelf(strapi, actor);
  if (!record) await assertStillMember(strapi, official);
  assertCan(actor, 'situation.read', official, 'Seul·e l’élu·e et sa fédération voient sa situation détaillée.');
  return situationBody(strapi, official, on, true);
}

async function situationBody(strapi: Core.Strapi, official: OfficialRow, on: string, withWaiver: boolean) {
  const store = getStore(strapi);
  const [mandates, functions, ruleSet, catalogue] = await Promise.all([store.mandates({ memberIds: [official.id] }), store.functions([official.id]), store.ruleSetOn(on), store.catalogue()]);
  // The official's waivers, and their employers' (an `employs` breach their post makes is the employer's).
  const employers = [...new Set(mandates.map((m) => m.employerId).filter((id): id is number => id != null))];
  const waivers = await store.waivers([official.id, ...employers]);
  const employing = await employersBreaches(strapi, [official.id], on, waivers);
  const violations = [...evaluateMember(official.id, [...mandates, ...functions], ruleSet, catalogue, on, waivers), ...employing.violations];
  const { labels, categories } = await labelsOf(strapi, mandates, functions);
  for (const [k, v] of employing.labels) if (!labels.has(k)) labels.set(k, v);
  await employerLabels(strapi, violations, official.id, labels);
  return {
    official: { documentId: official.documentId, firstName: official.firstName, lastName: official.lastName, federation: official.federation?.name ?? null },
    on,
    ruleSetVersion: ruleSet.version,
    mandates: mandates.sort((a, b) => (a.startOn < b.startOn ? 1 : -1)).map((m) => presentMandate(m, categories, on)),
    partyFunctions: functions.filter((f) => isActive(f, on)).map((f) => ({ id: f.id, label: labels.get(f.id) })),
    violations: violations.map((v) => presentViolation(v, labels, withWaiver)),
  };
}

/** My mandates and situation (any member; an official sees their own). */
export async function mine(strapi: Core.Strapi, actor: Actor) {
  const official = await loadSelf(strapi, actor);
  const [situation, compliance, contacts] = await Promise.all([situationBody(strapi, official, todayInParis(), true), complianceOf(strapi, [official.id]), contactsOf(strapi, [official.id], true)]);
  return { ...situation, compliance: compliance.get(official.id) ?? null, contact: contacts.get(official.id) ?? { visible: false, publicEmail: null, publicPhone: null, office: null } };
}

/**
 * The public page of an official: current and past mandates, reports, the compliance
 * indicator and the cumul situation (rules broken, waived or not — public facts, no reason).
 * Members of the official's federation and national admins; others 404, and everyone for one
 * who left the party (departure recorded, or erased: membership's `departedAmong`).
 */
export async function officialPage(strapi: Core.Strapi, actor: Actor, memberDocumentId: string, on = todayInParis()) {
  const official = await loadOfficial(strapi, memberDocumentId);
  if (!readsOfficial(actor, official)) throw new NotFoundError(OFFICIAL_NOT_FOUND);
  // One who left the party (departure recorded, or erased) has no page, as they have no place in
  // the directory (`officials`): an erased official's mandates would name them again.
  await assertStillMember(strapi, official);
  const manages = can(actor, 'situation.read', { federationId: official.federation?.id ?? null, ownerUserId: official.user?.id ?? null });
  const situation = await situationBody(strapi, official, on, manages);
  if (situation.mandates.length === 0) throw new NotFoundError(OFFICIAL_NOT_FOUND);
  const [compliance, contacts] = await Promise.all([complianceOf(strapi, [official.id]), contactsOf(strapi, [official.id])]);
  const contact = contacts.get(official.id);
  return { ...situation, compliance: compliance.get(official.id) ?? null, contact: contact ? { publicEmail: contact.publicEmail, publicPhone: contact.publicPhone, office: contact.office } : null, may: { seeSituation: manages } };
}

/**
 * The officials' directory of a federation (default: the actor's): members holding a mandate
 * today (not those who left the party: membership's `departedAmong`), their current mandates, their compliance rate and the rules they breach (labels).
 */
export async function officials(strapi: Core.Strapi, actor: Actor, query: { page: number; pageSize: number; federation?: string }) {
  let federationId = actor.federationId;
  if (query.federation) {
    const federation = await getService(strapi, 'membership', 'directory').federationByDocumentId(query.federation);
    if (!federation) throw new NotFoundError('Fédération introuvable.');
    // A route that names a federation itself refuses another one (403), as every other such route (README « Tests »).
    if (actor.role !== 'national-admin' && federation.id !== actor.federationId) throw new ForbiddenError('Vous ne voyez que les élu·es de votre fédération.');
    federationId = federation.id;
  }
  if (!federationId) return { data: [], total: 0 };
  const on = todayInParis();
  const store = getStore(strapi);
  const all = await store.mandates({ federationId });
  const held = all.filter((m) => isActive(m, on));
  // Officials who left the party (issue 22: departure recorded, or erased) leave the directory.
  const departed = await getService(strapi, 'membership', 'directory').departedAmong([...new Set(held.map((m) => m.memberId))], on);
  const current = held.filter((m) => !departed.has(m.memberId));
  const ids = [...new Set(current.map((m) => m.memberId))];
  const members = await getService(strapi, 'membership', 'directory').membersByIds(ids);
  const sorted = ids.sort((a, b) => `${members.get(a)?.lastName} ${members.get(a)?.firstName}`.localeCompare(`${members.get(b)?.lastName} ${members.get(b)?.firstName}`, 'fr'));
  const page = sorted.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  const [functions, waivers, ruleSet, catalogue, compliance] = await Promise.all([store.functions(page), store.waivers(page), store.ruleSetOn(on), store.catalogue(), complianceOf(strapi, page)]);
  const pageSet = new Set(page);
  // Their own breaches, and those their collaborators' posts make (`employs`: the employer's).
  const violations = [
    ...evaluateAll([...all.filter((m) => pageSet.has(m.memberId)), ...functions], ruleSet, catalogue, on, waivers).filter((v) => v.employee == null),
    ...(await employersBreaches(strapi, page, on, waivers)).violations,
  ];
  const { categories } = await labelsOf(strapi, [], []);
  const [docIds, contacts] = await Promise.all([memberDocumentIds(strapi, page), contactsOf(strapi, page)]);
  return {
    total: sorted.length,
    data: page.map((id) => ({
      documentId: docIds.get(id) ?? null,
      firstName: members.get(id)?.firstName ?? '',
      lastName: members.get(id)?.lastName ?? '',
      mandates: current.filter((m) => m.memberId === id).map((m) => presentMandate(m, categories, on)),
      compliance: compliance.get(id) ?? null,
      breaches: violations.filter((v) => v.memberId === id).map((v) => ({ rule: v.ruleId, label: v.label, waived: Boolean(v.waiver) })),
      contact: contacts.has(id) ? { publicEmail: contacts.get(id)!.publicEmail, publicPhone: contacts.get(id)!.publicPhone, office: contacts.get(id)!.office } : null,
    })),
  };
}

async function memberDocumentIds(strapi: Core.Strapi, ids: number[]): Promise<Map<number, string>> {
  const directory = getService(strapi, 'membership', 'directory');
  const rows = await Promise.all(ids.map((id) => directory.memberById(id)));
  return new Map(rows.filter(Boolean).map((m: any) => [m.id, m.documentId]));
}
