import type { Core } from '@strapi/strapi';
import { addDays, auditActorOf, ConflictError, fieldError, ForbiddenError, frenchDate, getService, isUniqueViolation, recordAudit, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/bodies';
import type {} from '@intranet-militant/mandates';
import { calendarError } from '../domain/calendar';
import { criteriaStatus, meetsCriteria, pledgeHash, type CriteriaConfig } from '../domain/criteria';
import { cantonCountError, cantonDepartement, fallbackTerritoryName, noCouncilError, officialTerritoryKind, outsideRegionError, territoryError, unknownTerritoryError } from '../domain/territory';
import { isPublicKind, TERRITORY_HINT, type Kind } from '../domain/vocabulary';
import { isNational } from '../permissions';
import { criteriaOf, currentPledge, designationToRun, federationFor, holdDesignation, type CandidacyRow } from '../queries/access';
import { CANDIDACY_UID, CRITERIA_UID, DESIGNATION_UID, PLEDGE_UID } from '../uids';
import type { CreateDesignation, CriteriaConfigInput } from '../validation/schemas';
import '../public';

/** The audit entry of a step, in the caller's transaction. */
export function audit(strapi: Core.Strapi, actor: Actor, verb: string, subject: { type: string; id: string }, federationId: number | null, details: Record<string, unknown> = {}) {
  return recordAudit(strapi, { actor: auditActorOf(actor), action: `plugin::investitures.${verb}`, subject, federationId, details });
}

/** Where a new designation belongs, checked against who creates it. */
async function placeOf(strapi: Core.Strapi, actor: Actor, input: CreateDesignation) {
  const directory = getService(strapi, 'membership', 'directory');
  if (input.kind === 'presidentielle' && input.scope !== 'national') throw fieldError('scope', 'Une primaire présidentielle concerne tout le parti (« national »).');
  if (input.kind === 'secretaire-section' && input.scope !== 'section') throw fieldError('scope', 'Le ou la secrétaire de section est désigné·e par sa section (« section »).');
  if (input.scope === 'national') {
    if (!isNational(actor)) throw new ForbiddenError('Une désignation nationale est conduite par l’administration nationale.');
    return { federationId: null, sectionId: null };
  }
  if (input.scope === 'section') {
    if (!input.section) throw fieldError('section', 'Précisez la section.');
    const section = await directory.sectionByDocumentId(input.section);
    // Another federation's section looks absent (membership's `section.read`).
    if (!section?.federation || !directory.mayReadSection(actor, { federationId: section.federation.id })) throw fieldError('section', 'Section introuvable.');
    return { federationId: section.federation.id as number, sectionId: section.id as number };
  }
  const federation = await federationFor(strapi, actor, input.federation);
  return { federationId: federation.id, sectionId: null };
}

/**
 * The name a designation's territory is stored with, once the territory is known to exist and,
 * for a federation's regional election, to be its région: the official one by the mandates
 * plugin's rule when it knows the code (a commune's always, another kind's when none is typed),
 * else the name typed, else a French name from the code (`fallbackTerritoryName`). Checked
 * through the mandates plugin's public `territories` service (its official lists and the Code
 * électoral): a constituency within its area's count (tableaux n° 1, 1 bis, 1 ter: the Gard has
 * 30-01 to 30-06, Polynésie 987-01 to 987-03, the French abroad 99-01 to 99-11); for the other
 * elections a place that holds them (`electionPlace`): a commune among INSEE's current communes
 * that elect a council, or an arrondissement of Paris, Lyon or Marseille (its secteur's lists);
 * a département with a conseil départemental (not Paris, Corsica, Martinique, Guyane); a région
 * with a conseil régional (not Martinique, Guyane, Corse, Mayotte); a senatorial département,
 * collectivité d'outre-mer or the French abroad (99); a canton's département as a département,
 * and its number within that département's canton count (the 2014 redistricting: the Gard has
 * 30-01 to 30-23, `cantonCountError`); a federation's regional election in its département's
 * région. Without that plugin installed, only the code's form and
 * département are checked (`territoryError`).
 * @param code the territory code, well formed for its kind (`territoryError`), upper-case
 * @param departmentCode the running federation's département, null for a national designation
 * @throws 400 (field `territoryCode`) a code that names no official territory of its kind
 *         (`unknownTerritoryError`), a place that does not hold that election (`noCouncilError`),
 *         a canton past its département's count (`cantonCountError`), a région other than the
 *         federation's (`outsideRegionError`)
 */
async function territoryNameOf(strapi: Core.Strapi, kind: Kind, code: string, typed: string | undefined, departmentCode: string | null): Promise<string> {
  const fallback = () => typed?.trim() || fallbackTerritoryName(kind, code);
  if (!strapi.plugin('mandates')) return fallback();
  const territories = getService(strapi, 'mandates', 'territories');
  const official = officialTerritoryKind(kind, code);
  if (kind === 'legislatives') {
    const named = await territories.nameFor('circonscription', code, typed);
    if (named) return named;
    throw fieldError('territoryCode', unknownTerritoryError('circonscription', code, await territories.constituencyArea(code.split('-')[0])));
  }
  if (kind === 'municipales' || kind === 'departementales' || kind === 'regionales' || kind === 'senatoriales') {
    // A canton is judged by its département (its council), then by its département's canton count.
    const canton = cantonDepartement(kind, code);
    const place = await territories.electionPlace(kind, canton ?? code, canton ? null : typed);
    if (!place) throw fieldError('territoryCode', canton ? unknownTerritoryError('departement', canton) : unknownTerritoryError(official ?? 'departement', code));
    if (!place.elects) throw fieldError('territoryCode', noCouncilError(kind, place));
    const cantons = canton ? await territories.departement(canton) : null;
    const noSuchCanton = cantons && cantonCountError(code, cantons);
    if (noSuchCanton) throw fieldError('territoryCode', noSuchCanton);
    const home = kind === 'regionales' && departmentCode ? await territories.departement(departmentCode.toUpperCase()) : null;
    const elsewhere = home && outsideRegionError(code, home);
    if (elsewhere) throw fieldError('territoryCode', elsewhere);
    return canton ? fallback() : place.name;
  }
  if (!official) return fallback();
  const named = await territories.nameFor(official, code, typed);
  if (!named) throw fieldError('territoryCode', unknownTerritoryError(official, code));
  return named;
}

/**
 * Staff open a designation: a public election and its territory, or an internal office (a
 * body's seats through the bodies plugin), its calendar, who decides, and the criteria of
 * its federation for its kind (copied: a later change of the configuration does not change
 * a running designation). Its territory is named (`territoryNameOf`).
 * @throws 400 (calendar out of order, territory or body missing, territory malformed or outside the
 *         federation's department: `territoryError`; a code that names no official territory —
 *         a commune, département, région, constituency, a canton's département or number — or a
 *         région other than the federation's: `territoryNameOf`), 403 (another federation, a national one by staff)
 */
export async function createDesignation(strapi: Core.Strapi, actor: Actor, input: CreateDesignation) {
  const place = await placeOf(strapi, actor, input);
  const wrong = calendarError(input);
  if (wrong) throw fieldError(wrong.field, wrong.message);
  const hint = TERRITORY_HINT[input.kind];
  if (hint && !input.territoryCode) throw fieldError('territoryCode', `Précisez le territoire : ${hint}.`);
  // A federation's (or section's) election lies in its department (its région for a regional one): no other federation's territory.
  const federation = place.federationId == null || !input.territoryCode ? null : await getService(strapi, 'membership', 'directory').federationById(place.federationId);
  const departmentCode: string | null = federation?.departmentCode ?? null;
  if (input.territoryCode) {
    const wrongPlace = territoryError(input.kind, input.territoryCode, departmentCode);
    if (wrongPlace) throw fieldError('territoryCode', wrongPlace);
  }
  const territoryCode = input.territoryCode?.toUpperCase() ?? (input.kind === 'presidentielle' ? 'FR' : null);
  // Checked and named now, before anything is written: a territory that does not exist is a 400 here.
  const territoryName = territoryCode ? await territoryNameOf(strapi, input.kind, territoryCode, input.territoryName, departmentCode) : (input.territoryName ?? null);
  let body: { documentId: string; name: string; seatCount: number | null } | null = null;
  if (input.kind === 'sieges-instance') {
    if (!input.body) throw fieldError('body', 'Précisez l’instance dont les sièges sont à pourvoir.');
    const found = strapi.plugin('bodies') ? await getService(strapi, 'bodies', 'bodies').bodyInfo(input.body) : null;
    if (!found || (place.federationId != null && found.federationId !== place.federationId)) throw fieldError('body', 'Instance introuvable dans cette fédération.');
    body = found;
  }
  if (input.decidedBy === 'members' && !input.voteMethod) throw fieldError('voteMethod', 'Précisez le mode de scrutin.');
  const criteria = await criteriaOf(strapi, place.federationId, input.kind);
  return strapi.db.transaction(async () => {
    const row = await strapi.db.query(DESIGNATION_UID).create({
      data: {
        title: input.title, kind: input.kind, scope: input.scope, ...place,
        territoryCode, territoryName,
        bodyDocumentId: body?.documentId ?? null, bodyName: body?.name ?? null, seats: input.seats ?? body?.seatCount ?? null,
        candidaciesOpenOn: input.candidaciesOpenOn, candidaciesCloseOn: input.candidaciesCloseOn, checksBy: input.checksBy, decisionOn: input.decisionOn,
        mandateStartOn: input.mandateStartOn ?? null, decidedBy: input.decidedBy, voteMethod: input.decidedBy === 'members' ? input.voteMethod : null,
        eligibilityCutoff: input.eligibilityCutoff ?? null, voteState: 'none', round: 0, rounds: [], results: [], decided: false, criteria,
        createdByLabel: actor.label,
        createdByMember: actor.memberId,
      },
    });
    await audit(strapi, actor, 'designation.create', { type: DESIGNATION_UID, id: row.documentId }, place.federationId, { kind: input.kind, title: input.title });
    return row;
  });
}

/**
 * A body's decision recorded from its minutes (who decides: a body): the designated
 * candidacies, each standing and meeting its criteria; the others are not designated. Only
 * once the candidacies have closed (the day after `candidaciesCloseOn`, Paris), as a members'
 * vote opens only then: a decision before would shut out whoever still had days to apply.
 * Its date (`decidedOn`, from the minutes) is after the close too, and at the latest today; it
 * is the designation's actual decision day (`decidedOn`), beside the planned `decisionOn`.
 * @throws 409 (members vote on this one, already decided, candidacies still open, a candidacy
 *         not standing or not meeting its criteria), 400 (dated before the close or after
 *         today, a candidacy of another designation)
 */
export async function recordBodyDecision(strapi: Core.Strapi, actor: Actor, documentId: string, input: { minutesReference: string; decidedOn: string; designated: string[] }) {
  return strapi.db.transaction(async () => {
    // The designation held, then read: of two decisions at once, the second finds it made (409);
    // a withdrawal waits, or is seen.
    await holdDesignation(strapi, { document_id: documentId });
    const d = await designationToRun(strapi, actor, documentId);
    if (d.decidedBy !== 'body') throw new ConflictError('Les adhérents désignent par leur vote : il n’y a pas de décision d’instance à enregistrer.');
    if (d.decided) throw new ConflictError('La désignation est déjà faite.');
    const firstDay = addDays(d.candidaciesCloseOn, 1);
    if (todayInParis() < firstDay) {
      throw new ConflictError(`Les candidatures sont ouvertes jusqu’au ${frenchDate(d.candidaciesCloseOn)} : la décision de l’instance s’enregistre à partir du ${frenchDate(firstDay)}.`);
    }
    if (input.decidedOn < firstDay) throw fieldError('decidedOn', `La décision est datée après la clôture des candidatures (le ${frenchDate(d.candidaciesCloseOn)}) : au plus tôt le ${frenchDate(firstDay)}.`);
    if (input.decidedOn > todayInParis()) throw fieldError('decidedOn', 'La décision est datée au plus tard d’aujourd’hui.');
    const candidacies = (await strapi.db.query(CANDIDACY_UID).findMany({ where: { designationId: d.id } })) as CandidacyRow[];
    const pledge = await currentPledge(strapi);
    const today = todayInParis();
    const chosen = input.designated.map((id) => candidacies.find((c) => c.documentId === id));
    if (chosen.some((c) => !c)) throw fieldError('designated', 'Une candidature désignée n’appartient pas à cette désignation.');
    for (const c of chosen as CandidacyRow[]) {
      if (c.state !== 'submitted') throw new ConflictError('Une candidature retirée ne peut être désignée.');
      if (!meetsCriteria(criteriaStatus(c.checks ?? {}, d.criteria, pledge, today, c))) throw new ConflictError('Une candidature désignée ne remplit pas encore tous les critères.');
    }
    for (const c of candidacies.filter((x) => x.state === 'submitted')) {
      await strapi.db.query(CANDIDACY_UID).update({ where: { id: c.id }, data: { state: input.designated.includes(c.documentId) ? 'designated' : 'not-designated' } });
    }
    const updated = await strapi.db.query(DESIGNATION_UID).update({
      where: { id: d.id },
      data: { decided: true, decidedOn: input.decidedOn, bodyDecision: { body: d.bodyName, minutesReference: input.minutesReference, decidedOn: input.decidedOn, designated: input.designated, recordedBy: actor.name ?? actor.label, recordedByMember: actor.memberId } },
    });
    await audit(strapi, actor, 'designation.decide', { type: DESIGNATION_UID, id: d.documentId }, d.federationId, { minutesReference: input.minutesReference, designated: input.designated });
    return updated;
  });
}

/**
 * A federation's criteria for a designation kind: the national criteria it requires and its
 * own checklist. Applies to designations created afterwards.
 */
export async function saveCriteria(strapi: Core.Strapi, actor: Actor, kind: Kind, input: CriteriaConfigInput) {
  const federation = await federationFor(strapi, actor, input.federation);
  const criteria: CriteriaConfig = { pledge: input.pledge, criminalRecord: input.criminalRecord, standing: input.standing, cumul: input.cumul, checklist: input.checklist };
  const configKey = `${federation.id}:${kind}`;
  return strapi.db.transaction(async () => {
    const existing = await strapi.db.query(CRITERIA_UID).findOne({ where: { configKey } });
    const row = existing
      ? await strapi.db.query(CRITERIA_UID).update({ where: { id: existing.id }, data: { criteria, updatedByLabel: actor.label, updatedByMember: actor.memberId } })
      : await strapi.db.query(CRITERIA_UID).create({ data: { federationId: federation.id, kind, configKey, criteria, updatedByLabel: actor.label, updatedByMember: actor.memberId } });
    await audit(strapi, actor, 'criteria.save', { type: CRITERIA_UID, id: row.documentId }, federation.id, { kind, criteria });
    return { kind, publicElection: isPublicKind(kind), criteria };
  });
}

/**
 * National admins publish a new version of the pledge (the one after the version in force):
 * every candidate must sign it again.
 * @throws 409 when the text is already the version in force, or when another version took
 *         that number meanwhile (two publications at once, the same text sent twice: the
 *         version's unique key refuses the second)
 */
export async function publishPledge(strapi: Core.Strapi, actor: Actor, text: string) {
  return strapi.db.transaction(async () => {
    const current = await currentPledge(strapi);
    if (current && current.sha256 === pledgeHash(text)) throw new ConflictError(`Ce texte est déjà celui de la version ${current.version}.`);
    const version = (current?.version ?? 0) + 1;
    const row = await strapi.db.query(PLEDGE_UID)
      .create({ data: { version, text, sha256: pledgeHash(text), adoptedOn: todayInParis(), adoptedBy: actor.label, adoptedByMember: actor.memberId } })
      .catch((error: unknown) => {
        // Both read the same version in force: the version's key (`investitures_pledge_version_uq`) refuses the second.
        throw isUniqueViolation(error)
          ? new ConflictError(`La version ${version} de l’engagement vient d’être publiée en même temps que la vôtre : rechargez la page pour lire le texte en vigueur.`)
          : error;
      });
    await audit(strapi, actor, 'pledge.publish', { type: PLEDGE_UID, id: row.documentId }, null, { version, sha256: row.sha256 });
    return row;
  });
}

