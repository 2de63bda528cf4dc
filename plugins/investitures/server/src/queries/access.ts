import type { Core } from '@strapi/strapi';
import { ForbiddenError, getService, holdRows, NotFoundError, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { defaultCriteria, type CriteriaConfig } from '../domain/criteria';
import { isPublicKind, type Kind } from '../domain/vocabulary';
import { isNational } from '../permissions';
import { CANDIDACIES_TABLE, CANDIDACY_UID, CRITERIA_UID, DESIGNATION_UID, DESIGNATIONS_TABLE, PLEDGE_UID } from '../uids';

/** A designation row as commands and queries read it. */
export interface DesignationRow {
  id: number;
  documentId: string;
  title: string;
  kind: Kind;
  scope: 'national' | 'federation' | 'section';
  federationId: number | null;
  sectionId: number | null;
  territoryCode: string | null;
  territoryName: string | null;
  bodyDocumentId: string | null;
  bodyName: string | null;
  seats: number | null;
  candidaciesOpenOn: string;
  candidaciesCloseOn: string;
  checksBy: string;
  decisionOn: string;
  mandateStartOn: string | null;
  decidedBy: 'body' | 'members';
  voteMethod: 'single' | 'majority-judgment' | null;
  eligibilityCutoff: string | null;
  voteState: 'none' | 'open' | 'closed';
  round: number;
  /** Each opened round: its candidates, its roll's size (`eligible`) and when the roll was closed (absent: opened before rolls existed). */
  rounds: { round: number; candidates: string[]; eligible: number; rollClosedAt?: string }[] | null;
  /** Each closed round; `withheld`: its leader no longer met the criteria at the close (nothing designated). */
  results: { round: number; results: any; turnout: number; eligible: number; withheld?: { candidacy: string } }[] | null;
  bodyDecision: any;
  decided: boolean;
  /** The day it was made (null before; null too for a vote decided before the day was kept). */
  decidedOn: string | null;
  criteria: CriteriaConfig;
}

const STAFF_ROLES = ['federation-staff', 'national-admin'];

/** Does the actor run this designation: national admins everywhere, federation staff their federation's (and its sections'). Pure. */
export function manages(actor: Actor, d: Pick<DesignationRow, 'scope' | 'federationId'>): boolean {
  if (isNational(actor)) return true;
  return actor.role === 'federation-staff' && d.scope !== 'national' && d.federationId != null && d.federationId === actor.federationId;
}

/** Is the actor one of the members the designation concerns (its place)? Pure. */
export function concerns(actor: Actor, d: Pick<DesignationRow, 'scope' | 'federationId' | 'sectionId'>): boolean {
  return actor.memberId != null && concernsPlace({ federationId: actor.federationId ?? null, sectionId: actor.sectionId ?? null }, d);
}

/** Does the designation concern a member of this federation and section (ids, null for none)? Pure. */
export function concernsPlace(place: { federationId: number | null; sectionId: number | null }, d: Pick<DesignationRow, 'scope' | 'federationId' | 'sectionId'>): boolean {
  if (d.scope === 'national') return true;
  if (d.scope === 'federation') return place.federationId != null && place.federationId === d.federationId;
  return place.sectionId != null && place.sectionId === d.sectionId;
}

/**
 * The designation, for whoever may see it: its staff, the members it concerns. Another
 * federation's staff get 403 (they know such designations exist), anyone else 404.
 */
export async function designationFor(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<DesignationRow> {
  const d = (await strapi.db.query(DESIGNATION_UID).findOne({ where: { documentId } })) as DesignationRow | null;
  if (!d) throw new NotFoundError('Désignation introuvable.');
  if (manages(actor, d) || concerns(actor, d)) return d;
  if (STAFF_ROLES.includes(actor.role)) throw new ForbiddenError('Cette désignation relève d’une autre fédération.');
  throw new NotFoundError('Désignation introuvable.');
}

/** The designation for its staff only: 403 for anyone else who may see it. */
export async function designationToRun(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<DesignationRow> {
  const d = await designationFor(strapi, actor, documentId);
  if (!manages(actor, d)) {
    throw new ForbiddenError(d.scope === 'national' ? 'Cette désignation nationale est conduite par l’administration nationale.' : 'Cette désignation relève d’une autre fédération.');
  }
  return d;
}

/**
 * Holds a designation's row until the transaction in progress ends (PostgreSQL `SELECT … FOR
 * UPDATE`; `share`: `FOR SHARE`, for a ballot — ballots go in side by side, a close or an
 * opening waits for those under way; SQLite has one writer, its transactions run one after
 * the other). Every change of a designation's state (opening, close, a body's decision) and
 * every withdrawal reads the designation and its candidacies after this: two of them at once
 * run one after the other, the second judged on the state the first left (409).
 */
export function holdDesignation(strapi: Core.Strapi, where: { id: number } | { document_id: string }, mode: 'update' | 'share' = 'update'): Promise<void> {
  return holdRows(strapi, DESIGNATIONS_TABLE, where, { share: mode === 'share' });
}

/**
 * Holds a candidacy's row until the transaction in progress ends (PostgreSQL `FOR UPDATE`;
 * SQLite has one writer): its checks (a JSON object) are read again after this and written
 * whole, so two checks recorded at once (or a check and the pledge) both stay.
 */
export function holdCandidacy(strapi: Core.Strapi, id: number): Promise<void> {
  return holdRows(strapi, CANDIDACIES_TABLE, { id });
}

/** A candidacy row. */
export interface CandidacyRow {
  id: number;
  documentId: string;
  designationId: number;
  memberId: number;
  federationId: number | null;
  position: number | null;
  role: 'titulaire' | 'suppleant';
  runningMateId: number | null;
  /** The running mate's answer (a binôme): the day they accepted, or declined (then withdrawn). */
  mateConfirmedOn: string | null;
  mateDeclinedOn: string | null;
  statement: string | null;
  documents: { title: string; content: string }[] | null;
  sex: 'F' | 'M' | null;
  birthYear: number | null;
  /** Declared when applying; null once the candidate is erased. */
  previousMandates: number | null;
  formerCollaborator: boolean;
  record: { previousMandates: number; formerCollaborator: boolean; outgoing: boolean; consecutiveTerms: number } | null;
  state: 'submitted' | 'withdrawn' | 'designated' | 'not-designated';
  submittedOn: string;
  withdrawnOn: string | null;
  checks: any;
}

export type CandidacyView = 'candidate' | 'staff' | 'running-mate';

/**
 * A candidacy and its designation, with the caller's view: the candidate their own, the
 * designation's staff every one, a binôme's running mate the one that names them (to answer
 * it); another federation's staff 403, anyone else 404.
 */
export async function candidacyFor(strapi: Core.Strapi, actor: Actor, documentId: string): Promise<{ c: CandidacyRow; d: DesignationRow; view: CandidacyView }> {
  const c = (await strapi.db.query(CANDIDACY_UID).findOne({ where: { documentId } })) as CandidacyRow | null;
  if (!c) throw new NotFoundError('Candidature introuvable.');
  const d = (await strapi.db.query(DESIGNATION_UID).findOne({ where: { id: c.designationId } })) as DesignationRow;
  if (manages(actor, d)) return { c, d, view: 'staff' };
  if (actor.memberId != null && actor.memberId === c.memberId) return { c, d, view: 'candidate' };
  if (actor.memberId != null && actor.memberId === c.runningMateId) return { c, d, view: 'running-mate' };
  if (STAFF_ROLES.includes(actor.role)) throw new ForbiddenError('Cette candidature relève d’une autre fédération.');
  throw new NotFoundError('Candidature introuvable.');
}

/** The candidacy for the designation's staff (checks): 403 for the candidate and anyone else who may see it. */
export async function candidacyToCheck(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const found = await candidacyFor(strapi, actor, documentId);
  if (found.view !== 'staff') throw new ForbiddenError('Seule l’équipe de la fédération vérifie les critères d’une candidature.');
  return found;
}

/** The pledge's version in force (the latest), or null before any. */
export async function currentPledge(strapi: Core.Strapi): Promise<{ version: number; text: string; sha256: string; adoptedOn: string } | null> {
  return strapi.db.query(PLEDGE_UID).findOne({ orderBy: { version: 'desc' }, select: ['version', 'text', 'sha256', 'adoptedOn'] });
}

/**
 * The pledge in force on a Paris day (YYYY-MM-DD): the latest version adopted on or before it,
 * or null. A vote's criteria are judged against the pledge in force when its round opened.
 */
export async function pledgeInForceOn(strapi: Core.Strapi, day: string): Promise<{ version: number; text: string; sha256: string; adoptedOn: string } | null> {
  return strapi.db.query(PLEDGE_UID).findOne({ where: { adoptedOn: { $lte: day } }, orderBy: { version: 'desc' }, select: ['version', 'text', 'sha256', 'adoptedOn'] });
}

/** A federation's criteria for a kind: its configuration, or the defaults (domain/criteria.ts). */
export async function criteriaOf(strapi: Core.Strapi, federationId: number | null, kind: Kind): Promise<CriteriaConfig> {
  if (federationId != null) {
    const row = await strapi.db.query(CRITERIA_UID).findOne({ where: { configKey: `${federationId}:${kind}` } });
    if (row) return row.criteria as CriteriaConfig;
  }
  return defaultCriteria(isPublicKind(kind));
}

/** The federation a staff member acts for: their own, or (national admins) the one named, 400 when none. */
export async function federationFor(strapi: Core.Strapi, actor: Actor, documentId: string | undefined): Promise<{ id: number; name: string; departmentCode: string }> {
  const directory = getService(strapi, 'membership', 'directory');
  if (documentId) {
    const f = await directory.federationByDocumentId(documentId);
    if (!f) throw new NotFoundError('Fédération introuvable.');
    if (!isNational(actor) && f.id !== actor.federationId) throw new ForbiddenError('Cette fédération n’est pas la vôtre.');
    return f;
  }
  if (actor.federationId == null) throw new ForbiddenError('Précisez la fédération (« federation »).');
  return directory.federationById(actor.federationId);
}

/**
 * May a candidacy still be withdrawn: standing (`submitted`), the designation not made and no
 * members' vote opened (its ballot lists the candidacy: withdrawing it then would change what
 * members already voted on).
 */
export const withdrawable = (c: Pick<CandidacyRow, 'state'>, d: Pick<DesignationRow, 'decided' | 'voteState'>) => c.state === 'submitted' && !d.decided && d.voteState === 'none';
