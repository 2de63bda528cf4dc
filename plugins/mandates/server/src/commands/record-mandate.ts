import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, frenchDate, getService, NotFoundError, recordAudit, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { addMonths } from '../domain/compliance';
import { previewHolding, type Holding, type Violation } from '../domain/rules';
import { concernsDepartement, loadOfficialLists, territoryNameFor, TERRITORY_HINTS } from '../domain/territories';
import type { CategoryRow, OfficialMandate } from '../services/store';
import { getStore } from '../services/store';
import { MANDATE_UID, MANDATES_TABLE } from '../uids';
import type { MandateInput } from '../validation/schemas';
import { presentViolations } from '../queries/situation';
import { assertCan, holdRow, loadOfficial, loadSelf, MANDATE_NOT_FOUND, readsOfficial, type OfficialRow } from './checks';

/** A mandate row as commands read it. */
export interface MandateRow {
  id: number;
  documentId: string;
  territoryCode: string;
  territoryName: string;
  startOn: string;
  theoreticalEndOn: string;
  endOn: string | null;
  endReason: string | null;
  source: 'declared' | 'staff';
  verification: 'declared' | 'verified';
  member?: { id: number; documentId: string } | null;
  employer?: { id: number; documentId: string } | null;
  category?: CategoryRow | null;
  /** The holder's federation id when recorded (a plain copy, kept after the member's erasure). */
  federationRef?: number | null;
}

export const MANDATE_POPULATE = { member: { select: ['id', 'documentId'] }, employer: { select: ['id', 'documentId'] }, category: true } as const;

/**
 * The employer of a collaborator's post (issue 16): only on a collaborator category (400),
 * not oneself (400), a member of the collaborator's federation (404 otherwise, as an
 * unknown one: what one may not see looks absent). Returns the employer's member id.
 */
export async function checkEmployer(strapi: Core.Strapi, official: Pick<OfficialRow, 'id' | 'federation'>, category: Pick<CategoryRow, 'collaborator'>, employer: { id?: number; documentId: string }): Promise<number> {
  if (!category.collaborator) throw fieldError('employer', 'Seul un poste de collaborateur·rice d’élu·e a un employeur.');
  const row: OfficialRow | null = await getService(strapi, 'membership', 'directory').memberCardByDocumentId(employer.documentId);
  if (!row || !official.federation || row.federation?.id !== official.federation.id) throw new NotFoundError('Employeur introuvable parmi les adhérent·es de la fédération.');
  if (row.id === official.id) throw fieldError('employer', 'Un·e collaborateur·rice n’est pas son propre employeur.');
  return row.id;
}

/** « Maire de Nîmes (30189) du 4 juillet 2020 au 22 mars 2026 (exclu) ». */
export function mandateLabel(m: Pick<MandateRow, 'territoryName' | 'territoryCode' | 'startOn' | 'theoreticalEndOn' | 'endOn'> & { category?: { label: string } | null }): string {
  const end = m.endOn ?? m.theoreticalEndOn;
  return `${m.category?.label ?? 'Mandat'} — ${m.territoryName} (${m.territoryCode}) du ${frenchDate(m.startOn)} au ${frenchDate(end)} (exclu)`;
}

/** What the overlap is checked on: the member's own (category, territory), or the territory's for a single-holder function. */
export const overlapKeyOf = (memberId: number, category: Pick<CategoryRow, 'id' | 'singleHolder'>, territoryCode: string) =>
  category.singleHolder ? `${category.id}:${territoryCode}` : `${memberId}:${category.id}:${territoryCode}`;

/** The first mandate of the key whose effective range meets `[startOn, end)` (other than `except`). */
export async function overlappingMandate(strapi: Core.Strapi, key: string, startOn: string, end: string, except?: number): Promise<MandateRow | null> {
  const where: Record<string, unknown> = {
    overlapKey: key,
    startOn: { $lt: end },
    $or: [{ endOn: { $gt: startOn } }, { endOn: { $null: true }, theoreticalEndOn: { $gt: startOn } }],
  };
  if (except) where.id = { $ne: except };
  // The usual answer is « none »: read the id alone, and the mandate with its links only when there is one.
  const hit = await strapi.db.query(MANDATE_UID).findOne({ where, orderBy: { startOn: 'asc' }, select: ['id'] });
  return hit ? ((await strapi.db.query(MANDATE_UID).findOne({ where: { id: hit.id }, populate: MANDATE_POPULATE })) as MandateRow) : null;
}

/**
 * The 409 of an overlapping mandate, naming it (category, territory, dates: a public post).
 * `shown`: whether the caller reads the clashing mandate (`readsOfficial` of its holder);
 * when not — a single-holder post held by another federation's member — its documentId is
 * left out of `details` (an id of something the caller may not open).
 */
export const overlapConflict = (clash: MandateRow, sameHolder: boolean, shown = true) =>
  new ConflictError(
    `${sameHolder ? 'Ce mandat chevauche un mandat déjà enregistré' : 'Cette fonction est déjà occupée sur cette période'} : ${mandateLabel(clash)}.`,
    shown ? { mandate: clash.documentId } : {}
  );

interface Checked {
  official: OfficialRow;
  category: CategoryRow;
  territoryCode: string;
  territoryName: string;
  startOn: string;
  theoreticalEndOn: string;
  endOn: string | null;
  source: 'declared' | 'staff';
  employerId: number | null;
}

/** 400 naming the kind of territory expected (« Code de territoire inconnu : « 30999 » (attendu : un code INSEE de commune existante…) »). */
export const unknownTerritory = (category: Pick<CategoryRow, 'territoryKind'>, code: string) =>
  fieldError('territoryCode', `Code de territoire inconnu : « ${code} » (attendu : ${TERRITORY_HINTS[category.territoryKind]}).`);

/**
 * The checks shared by recording and previewing: who (oneself, or a member of the staff's
 * federation), a category of the catalogue and an official territory code of its kind
 * (400; the official lists of `@etalab/decoupage-administratif`; the name stored is the
 * official one for a commune or EPCI, else the typed one when given: `territoryNameFor`), the theoretical end (default: the category's term) and actual end ≤ it (400);
 * a function one person holds, declared by the official, in their federation's territory (400).
 */
async function check(strapi: Core.Strapi, actor: Actor, input: MandateInput): Promise<Checked> {
  const official = input.member ? await loadOfficial(strapi, input.member) : await loadSelf(strapi, actor);
  assertCan(actor, 'mandate.record', official, 'Vous ne déclarez que vos propres mandats.');
  const [category] = await Promise.all([getStore(strapi).category(input.category), loadOfficialLists()]);
  if (!category) throw fieldError('category', `Mandat inconnu du catalogue : « ${input.category} ».`);
  const territoryName = territoryNameFor(category.territoryKind, input.territoryCode, input.territoryName);
  if (!territoryName) throw unknownTerritory(category, input.territoryCode);
  const theoreticalEndOn = input.theoreticalEndOn ?? addMonths(input.startOn, category.termYears * 12);
  if (theoreticalEndOn <= input.startOn) throw fieldError('theoreticalEndOn', 'La fin prévue (exclue) vient après le début.');
  const endOn = input.endOn ?? null;
  if (endOn && endOn > theoreticalEndOn) throw fieldError('endOn', 'La fin effective ne dépasse pas la fin prévue.');
  const source = actor.memberId === official.id ? 'declared' : 'staff';
  // A function one person holds (a mayor, a deputy…) locks its territory for everyone once
  // recorded: members declare those of their federation's territory only, so that nobody can
  // take the post of another federation's official, whose staff could not undo it.
  const departement = official.federation?.departmentCode;
  if (source === 'declared' && category.singleHolder && departement && !concernsDepartement(category.territoryKind, input.territoryCode, departement)) {
    throw fieldError('territoryCode', `${territoryName} n’est pas dans le territoire de votre fédération : une fonction à titulaire unique hors de celui-ci est enregistrée par l’administration nationale.`);
  }
  const employerId = input.employer ? await checkEmployer(strapi, official, category, { documentId: input.employer }) : null;
  return { official, category, territoryCode: input.territoryCode, territoryName, startOn: input.startOn, theoreticalEndOn, endOn, source, employerId };
}

/**
 * What the rules read for `c`, in two statements sent together: the plugin's (the official's
 * mandates, those sharing the overlap key, the waivers: `officialRows`) and the official's
 * party functions (bodies' public service). The catalogue and rule set come from the caches.
 */
async function readFor(strapi: Core.Strapi, c: Checked) {
  const store = getStore(strapi);
  const [rows, functions, ruleSet, catalogue] = await Promise.all([
    // The official's waivers, their posts' employers' and the proposed post's employer's (an `employs` breach is theirs).
    store.officialRows(c.official.id, overlapKeyOf(c.official.id, c.category, c.territoryCode), c.employerId ? [c.employerId] : []),
    store.functions([c.official.id]),
    store.ruleSetOn(c.startOn),
    store.catalogue(),
  ]);
  return { ...rows, functions, ruleSet, catalogue };
}

/** The violations recording `c` (as mandate `id`) would bring on its first day, for the official. */
function wouldBreak(c: Checked, read: Awaited<ReturnType<typeof readFor>>, id: string): Violation[] {
  const proposed: Holding = { id, memberId: c.official.id, kind: 'mandate', category: c.category.code, territory: c.territoryCode, startOn: c.startOn, endOn: c.endOn ?? c.theoreticalEndOn, employerId: c.employerId };
  return previewHolding([...read.mandates.filter((m) => m.id !== id), ...read.functions], proposed, read.ruleSet, read.catalogue, read.waivers);
}

/** The first (by start) of `rows` whose effective range `[startOn, endOn)` meets `[startOn, end)`: what `overlappingMandate` finds. */
function firstOverlap(rows: OfficialMandate[], startOn: string, end: string): OfficialMandate | null {
  let first: OfficialMandate | null = null;
  for (const r of rows) if (r.startOn < end && r.endOn > startOn && (!first || r.startOn < first.startOn)) first = r;
  return first;
}

/**
 * « Would this break a rule? »: the same checks as recording (400/403/404), then the
 * violations the mandate would bring on its first day, nothing written. Overlaps are
 * reported as `overlap` (what recording would answer 409). Three statements in two round
 * trips on a warm cache: the official (membership), then the plugin's rows and the
 * official's party functions together (`readFor`); labels come from those same rows.
 */
export async function previewMandate(strapi: Core.Strapi, actor: Actor, input: MandateInput) {
  const c = await check(strapi, actor, input);
  const read = await readFor(strapi, c);
  const clash = firstOverlap(read.sameKey, c.startOn, c.endOn ?? c.theoreticalEndOn);
  const violations = wouldBreak(c, read, 'proposed');
  const label = new Map([['proposed', `${c.category.label} — ${c.territoryName} (mandat envisagé)`]]);
  return {
    // The overlap key names the category: the clash is of the proposed one.
    overlap: clash ? mandateLabel({ ...clash, territoryCode: clash.territory, endOn: clash.actualEndOn, category: c.category }) : null,
    theoreticalEndOn: c.theoreticalEndOn,
    violations: await presentViolations(strapi, c.official.id, violations, label, { mandates: read.mandates, functions: read.functions }),
  };
}

/**
 * Records a mandate `[startOn, endOn ?? theoreticalEndOn)` for the official (oneself:
 * declared; staff: entered by the federation and verified). 400 unknown category or
 * territory code, end before start, an employer on a post other than a collaborator's; 404
 * an employer outside the official's federation; 404 an official the actor may not read (as
 * an unknown one, `assertCan`); 403 someone else's (members); 409 an overlapping mandate of
 * the same category and territory, naming it (its id only to those who read its holder). The
 * rules are evaluated, not enforced: the answer lists the violations it brings. Audited.
 */
export async function recordMandate(strapi: Core.Strapi, actor: Actor, input: MandateInput): Promise<{ mandate: MandateRow; violations: Awaited<ReturnType<typeof presentViolations>> }> {
  const c = await check(strapi, actor, input);
  const key = overlapKeyOf(c.official.id, c.category, c.territoryCode);
  const mandate = await strapi.db.transaction(async ({ trx }) => {
    if (strapi.db.dialect.client === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`mandates:${key}`]);
    const clash = await overlappingMandate(strapi, key, c.startOn, c.endOn ?? c.theoreticalEndOn);
    if (clash) {
      const shown = readsOfficial(actor, { federation: clash.federationRef == null ? null : { id: clash.federationRef } });
      throw overlapConflict(clash, !c.category.singleHolder || clash.member?.id === c.official.id, shown);
    }
    const staff = c.source === 'staff';
    const created = (await strapi.db.query(MANDATE_UID).create({
      data: {
        member: c.official.id, category: c.category.id, federation: c.official.federation?.id ?? null, territoryCode: c.territoryCode, territoryName: c.territoryName,
        startOn: c.startOn, theoreticalEndOn: c.theoreticalEndOn, endOn: c.endOn, source: c.source, verification: staff ? 'verified' : 'declared',
        verifiedOn: staff ? todayInParis() : null, overlapKey: key,
        memberRef: c.official.id, federationRef: c.official.federation?.id ?? null, categoryCode: c.category.code,
        employer: c.employerId, employerRef: c.employerId,
      },
      populate: MANDATE_POPULATE,
    })) as MandateRow;
    await getService(strapi, 'membership', 'admin-scope').refreshFederationCode(MANDATE_UID, created.documentId);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::mandates.mandate.record',
      subject: { type: MANDATE_UID, id: created.documentId },
      federationId: c.official.federation?.id ?? null,
      details: { member: c.official.documentId, employer: input.employer ?? null, category: c.category.code, territoryCode: c.territoryCode, startOn: c.startOn, theoreticalEndOn: c.theoreticalEndOn, endOn: c.endOn, source: c.source },
    });
    return created;
  });
  const read = await readFor(strapi, c);
  return { mandate, violations: await presentViolations(strapi, c.official.id, wouldBreak(c, read, mandate.documentId), new Map(), { mandates: read.mandates, functions: read.functions }) };
}

/** A mandate by its documentId with its official (membership's card). Throws 404 for an unknown mandate. */
export async function loadMandate(strapi: Core.Strapi, documentId: string): Promise<{ mandate: MandateRow; official: OfficialRow }> {
  const mandate = (await strapi.db.query(MANDATE_UID).findOne({ where: { documentId }, populate: MANDATE_POPULATE })) as MandateRow | null;
  if (!mandate?.member) throw new NotFoundError(MANDATE_NOT_FOUND);
  return { mandate, official: await loadOfficial(strapi, mandate.member.documentId) };
}

/**
 * Ends a mandate on `endOn` (excluded): after its start, never beyond its theoretical end,
 * and only earlier than an end already set (400/409). The official or those who manage
 * them (403 others of the federation; 404 outside it, as for a report). Audited.
 */
export async function endMandate(strapi: Core.Strapi, actor: Actor, documentId: string, input: { endOn: string; reason?: string }): Promise<MandateRow> {
  return strapi.db.transaction(async () => {
    // The mandate held, then read: of two ends at once, the second is judged on the first's end (409 unless earlier).
    await holdRow(strapi, MANDATES_TABLE, documentId);
    const { mandate, official } = await loadMandate(strapi, documentId);
    assertCan(actor, 'mandate.record', official, 'Vous ne mettez fin qu’à vos propres mandats.', MANDATE_NOT_FOUND);
    if (input.endOn <= mandate.startOn) throw fieldError('endOn', 'La fin (exclue) vient après le début du mandat.');
    if (input.endOn > mandate.theoreticalEndOn) throw fieldError('endOn', `La fin effective ne dépasse pas la fin prévue (${frenchDate(mandate.theoreticalEndOn)}).`);
    if (mandate.endOn && mandate.endOn <= input.endOn) throw new ConflictError(`Ce mandat prend déjà fin le ${frenchDate(mandate.endOn)}.`, { mandate: mandate.documentId });
    const updated = (await strapi.db.query(MANDATE_UID).update({ where: { id: mandate.id }, data: { endOn: input.endOn, endReason: input.reason ?? null }, populate: MANDATE_POPULATE })) as MandateRow;
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::mandates.mandate.end',
      subject: { type: MANDATE_UID, id: mandate.documentId },
      federationId: official.federation?.id ?? null,
      details: { endOn: input.endOn, previousEndOn: mandate.endOn, reason: input.reason ?? null },
    });
    return updated;
  });
}

/**
 * Marks a declared mandate as verified by the federation (staff of the official's federation,
 * national admins; 403 others of the federation, 404 outside it). Audited when it changes the
 * mandate: verifying a verified mandate answers it as it is and records nothing, and of two
 * verifications at once only one writes (and is audited).
 */
export async function verifyMandate(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<MandateRow> {
  const { mandate, official } = await loadMandate(strapi, documentId);
  assertCan(actor, 'mandate.verify', official, 'Seule la fédération vérifie les mandats.', MANDATE_NOT_FOUND);
  if (mandate.verification === 'verified') return mandate;
  return strapi.db.transaction(async () => {
    // Only from « declared »: of two verifications at once, the second changes no row (the first's
    // update holds it until its commit, then no longer matches) and records nothing.
    const { count } = await strapi.db.query(MANDATE_UID).updateMany({ where: { id: mandate.id, verification: 'declared' }, data: { verification: 'verified', verifiedOn: todayInParis() } });
    const updated = (await strapi.db.query(MANDATE_UID).findOne({ where: { id: mandate.id }, populate: MANDATE_POPULATE })) as MandateRow | null;
    if (!updated) throw new NotFoundError(MANDATE_NOT_FOUND);
    if (count === 0) return updated;
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::mandates.mandate.verify',
      subject: { type: MANDATE_UID, id: mandate.documentId },
      federationId: official.federation?.id ?? null,
      details: {},
    });
    return updated;
  });
}
