import type { Core } from '@strapi/strapi';
import { cacheTags, frenchDate, getService, NotFoundError, requestCache, todayInParis, totalFromPage, yearOf, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/consultations';
import { PERIOD_LABELS, periodOf } from '../domain/calendar';
import { CRITERIA, CRITERION_LABELS, criteriaStatus, meetsCriteria, VERDICT_LABELS } from '../domain/criteria';
import { indicatorsOf, type CandidateProfile } from '../domain/indicators';
import { checkAlternation, checkBinomes, checkDelegation, fundingGap, type ListEntry } from '../domain/parity';
import {
  CANDIDACY_ROLE_LABELS, CANDIDACY_STATE_LABELS, DECIDER_LABELS, KIND_LABELS, KINDS, PARITY_OF, SHAPE_OF, VOTE_METHOD_LABELS, isPublicKind, type Kind, type Sex,
} from '../domain/vocabulary';
import { isNational } from '../permissions';
import { boxOf, rollClosedAt } from '../commands/votes';
import { candidacyFor, concerns, criteriaOf, currentPledge, designationFor, designationToRun, federationFor, manages, withdrawable, type CandidacyRow, type DesignationRow } from './access';
import { CANDIDACY_UID, DESIGNATION_UID } from '../uids';
import '../public';

const directory = (strapi: Core.Strapi) => getService(strapi, 'membership', 'directory');
const STANDING = ['submitted', 'designated', 'not-designated'];

async function namesOf(strapi: Core.Strapi, ids: (number | null)[]) {
  const people = await directory(strapi).membersByIds(ids.filter((i): i is number => typeof i === 'number'));
  return (id: number | null) => {
    const m = id != null ? people.get(id) : undefined;
    return m ? `${m.firstName} ${m.lastName}` : null;
  };
}

/** A designation's summary, as every reader sees it. */
export function presentDesignation(d: DesignationRow, today = todayInParis()) {
  const period = periodOf(d, today, d.decided);
  return {
    documentId: d.documentId,
    title: d.title,
    kind: d.kind,
    kindLabel: KIND_LABELS[d.kind],
    scope: d.scope,
    publicElection: isPublicKind(d.kind),
    shape: SHAPE_OF[d.kind],
    territory: d.territoryCode ? { code: d.territoryCode, name: d.territoryName } : null,
    body: d.bodyDocumentId ? { documentId: d.bodyDocumentId, name: d.bodyName } : null,
    seats: d.seats,
    calendar: { candidaciesOpenOn: d.candidaciesOpenOn, candidaciesCloseOn: d.candidaciesCloseOn, checksBy: d.checksBy, decisionOn: d.decisionOn },
    period,
    periodLabel: PERIOD_LABELS[period],
    decidedBy: d.decidedBy,
    decidedByLabel: DECIDER_LABELS[d.decidedBy],
    voteMethod: d.voteMethod,
    voteMethodLabel: d.voteMethod ? VOTE_METHOD_LABELS[d.voteMethod] : null,
    eligibilityCutoff: d.eligibilityCutoff,
    vote: { state: d.voteState, round: d.round },
    decided: d.decided,
    // The actual day, once made (the planned one stays in `calendar.decisionOn`); a body's
    // decision recorded before the day was kept on the designation has it in its minutes' date.
    decidedOn: d.decided ? (d.decidedOn ?? d.bodyDecision?.decidedOn ?? null) : null,
    criteria: {
      national: CRITERIA.filter((k) => d.criteria[k]).map((k) => ({ key: k, label: CRITERION_LABELS[k] })),
      checklist: d.criteria.checklist,
    },
  };
}

/** The designations the caller may see (their place's; staff their federation's; national admins all), newest first. */
export async function listDesignations(strapi: Core.Strapi, actor: Actor, query: { kind?: Kind; page: number; pageSize: number }) {
  const where = designationsFilter(actor, query.kind);
  const load = async () => {
    const rows: DesignationRow[] = await strapi.db.query(DESIGNATION_UID).findMany({ where, orderBy: [{ candidaciesOpenOn: 'desc' }, { id: 'desc' }], offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
    // Counted only when the page does not tell the total.
    const total = totalFromPage(query.page, query.pageSize, rows.length) ?? (await strapi.db.query(DESIGNATION_UID).count({ where }));
    return { rows, total };
  };
  // The first page is kept for every reader with the same filter (issue 13), until any write to
  // the designations (tag `designations`, a trigger: every door, every instance); later pages
  // are read, so that asking every page number cannot fill the shared cache.
  const { rows, total } =
    query.page === 1 ? await requestCache(strapi).read(`designations:${query.pageSize}:${JSON.stringify(where)}`, load, { tags: () => [cacheTags.designations] }) : await load();
  const today = todayInParis();
  return { data: rows.map((d) => ({ ...presentDesignation(d, today), manages: manages(actor, d) })), total };
}

/**
 * The designations the actor may see, as a query-engine filter (pure; the cache key of the
 * list's first page, so that readers share it exactly when they share the filter): national
 * staff all of them; federation staff the national ones and every one of their federation;
 * members the national ones, their federation's and their section's.
 */
export function designationsFilter(actor: Actor, kind?: Kind): Record<string, unknown> {
  const where: Record<string, unknown> = kind ? { kind } : {};
  if (isNational(actor)) return where;
  const or: Record<string, unknown>[] = [{ scope: 'national' }];
  if (actor.federationId != null) {
    or.push(actor.role === 'federation-staff' ? { federationId: actor.federationId } : { scope: 'federation', federationId: actor.federationId });
  }
  if (actor.sectionId != null) or.push({ scope: 'section', sectionId: actor.sectionId });
  return { ...where, $or: or };
}

/** A stored check or decision as read: without the profile id kept beside who made it (for erasure only). */
function withoutMemberIds<T extends object>(value: T | null | undefined): T | null {
  if (!value) return null;
  const copy = { ...value } as Record<string, unknown>;
  delete copy.byMember;
  delete copy.recordedByMember;
  return copy as unknown as T;
}

/**
 * A binôme's running mate's answer as every reader sees it: `awaited` until they accept (the
 * public view then does not name them), `given`, `declined`; `none` without a running mate.
 */
function mateAgreementOf(c: Pick<CandidacyRow, 'runningMateId' | 'mateConfirmedOn' | 'mateDeclinedOn'>) {
  if (c.runningMateId == null) return { state: 'none' as const, label: null, on: null };
  if (c.mateConfirmedOn) return { state: 'given' as const, label: `Accord du ou de la colistier·ère donné le ${frenchDate(c.mateConfirmedOn)}`, on: c.mateConfirmedOn };
  if (c.mateDeclinedOn) return { state: 'declined' as const, label: `Le ou la colistier·ère a décliné le ${frenchDate(c.mateDeclinedOn)}`, on: c.mateDeclinedOn };
  return { state: 'awaited' as const, label: 'Accord du ou de la colistier·ère attendu', on: null };
}

/**
 * A candidacy as its candidate, the staff, its running mate or every reader see it: criteria with
 * who checked and when; never a criminal-record file. The public view names a binôme's running
 * mate only once they agreed; the running mate's view is the public one with their name and
 * their answer (what they may do).
 */
export async function presentCandidacy(strapi: Core.Strapi, c: CandidacyRow, d: DesignationRow, view: 'candidate' | 'staff' | 'running-mate' | 'public', name?: (id: number | null) => string | null) {
  const nameOf = name ?? (await namesOf(strapi, [c.memberId, c.runningMateId]));
  const agreement = mateAgreementOf(c);
  const base = {
    documentId: c.documentId,
    designation: d.documentId,
    name: nameOf(c.memberId),
    position: c.position,
    role: c.role,
    roleLabel: CANDIDACY_ROLE_LABELS[c.role],
    // Named to every reader only once they agreed: being named on a party candidacy commits them.
    runningMate: c.runningMateId && (view !== 'public' || agreement.state === 'given') ? nameOf(c.runningMateId) : null,
    runningMateAgreement: agreement.state,
    runningMateAgreementLabel: agreement.label,
    statement: c.statement,
    state: c.state,
    stateLabel: CANDIDACY_STATE_LABELS[c.state],
  };
  if (view === 'public') return base;
  if (view === 'running-mate') {
    const open = c.state === 'submitted' && agreement.state === 'awaited';
    return { ...base, view, answeredOn: agreement.on, may: { accept: open, decline: open && withdrawable(c, d) } };
  }
  const pledge = await currentPledge(strapi);
  const criteria = criteriaStatus(c.checks ?? {}, d.criteria, pledge, todayInParis(), c).map((s) => ({ ...s, verdictLabel: VERDICT_LABELS[s.verdict] }));
  return {
    ...base,
    view,
    submittedOn: c.submittedOn,
    withdrawnOn: c.withdrawnOn,
    documents: c.documents ?? [],
    criteria,
    meetsCriteria: meetsCriteria(criteria),
    pledge: pledge ? { version: pledge.version, sha256: pledge.sha256, signed: c.checks?.pledge ?? null } : null,
    cumul: withoutMemberIds(c.checks?.cumul),
    may: { withdraw: view === 'candidate' && withdrawable(c, d), sign: view === 'candidate' && c.state === 'submitted' },
    ...(view === 'staff'
      ? { sex: c.sex, birthYear: c.birthYear, previousMandates: c.previousMandates, formerCollaborator: c.formerCollaborator, record: c.record }
      : {}),
  };
}

/**
 * A designation with what the caller may read: its summary; the caller's own candidacy; the
 * candidates on the ballot once a vote is open (names and statements); for its staff, every
 * candidacy with its criteria.
 */
export async function showDesignation(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const d = await designationFor(strapi, actor, documentId);
  const rows = (await strapi.db.query(CANDIDACY_UID).findMany({ where: { designationId: d.id }, orderBy: [{ role: 'desc' }, { position: 'asc' }, { id: 'asc' }] })) as CandidacyRow[];
  const name = await namesOf(strapi, rows.flatMap((c) => [c.memberId, c.runningMateId]));
  const mine = rows.find((c) => c.memberId === actor.memberId && c.state !== 'withdrawn');
  // The binômes that name the caller as running mate and still stand: theirs to answer.
  const asMate = actor.memberId == null ? [] : rows.filter((c) => c.runningMateId === actor.memberId && c.state !== 'withdrawn');
  const staff = manages(actor, d);
  const onBallot = new Set((d.rounds ?? []).flatMap((r) => r.candidates));
  const standing = actor.memberId != null && concerns(actor, d) && d.decidedBy === 'members'
    ? await getService(strapi, 'membership', 'eligibility').ofMember(actor.memberId, { on: todayInParis(), cutoff: d.eligibilityCutoff })
    : null;
  // A round open with a roll: whoever is not on it may not vote, the roll first among the reasons.
  const closedAt = d.voteState === 'open' ? rollClosedAt(d) : null;
  const roll = getService(strapi, 'consultations', 'roll');
  const eligibility = standing && closedAt && !(await roll.includes({ box: boxOf(d, d.round).box }, actor.memberId!))
    ? { ...standing, eligible: false, reasons: [roll.refusal(closedAt).reason, ...standing.reasons] }
    : standing;
  const box = d.voteState !== 'none' && actor.memberId != null ? boxOf(d, d.round) : null;
  return {
    ...presentDesignation(d),
    manages: staff,
    mine: mine ? await presentCandidacy(strapi, mine, d, 'candidate', name) : null,
    asRunningMate: await Promise.all(asMate.map((c) => presentCandidacy(strapi, c, d, 'running-mate', name))),
    ballot: d.voteState === 'none'
      ? null
      : {
          round: d.round,
          state: d.voteState,
          candidates: await Promise.all(rows.filter((c) => boxOf(d, d.round).candidates.includes(c.documentId)).map((c) => presentCandidacy(strapi, c, d, 'public', name))),
          eligible: eligibility ? { eligible: eligibility.eligible, reasons: eligibility.reasons } : null,
          voted: box ? await getService(strapi, 'consultations', 'ballot-box').hasVoted(box.box, actor.memberId!) : false,
        },
    candidacies: staff ? await Promise.all(rows.map((c) => presentCandidacy(strapi, c, d, 'staff', name))) : rows.filter((c) => onBallot.has(c.documentId) || c.state === 'designated').length ? await Promise.all(rows.filter((c) => onBallot.has(c.documentId) || c.state === 'designated').map((c) => presentCandidacy(strapi, c, d, 'public', name))) : [],
    bodyDecision: withoutMemberIds(d.bodyDecision),
  };
}

export async function showCandidacy(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { c, d, view } = await candidacyFor(strapi, actor, documentId);
  return presentCandidacy(strapi, c, d, view);
}

/**
 * The results of a members' vote, round by round, once each round is closed: the count with
 * the candidates' names, turnout, and every ballot (receipt and content) for anyone to find
 * theirs and recount with the same pure count. Nothing while a round is open but turnout.
 */
export async function showResults(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const d = await designationFor(strapi, actor, documentId);
  if (d.decidedBy !== 'members') throw new NotFoundError('Cette désignation n’a pas de vote des adhérents.');
  const rows = (await strapi.db.query(CANDIDACY_UID).findMany({ where: { designationId: d.id } })) as CandidacyRow[];
  const name = await namesOf(strapi, rows.map((c) => c.memberId));
  const labels = Object.fromEntries(rows.map((c) => [c.documentId, name(c.memberId)]));
  const box = getService(strapi, 'consultations', 'ballot-box');
  const rounds = [];
  for (const r of d.rounds ?? []) {
    const spec = boxOf(d, r.round);
    const closed = (d.results ?? []).find((x) => x.round === r.round);
    rounds.push({
      round: r.round,
      method: spec.method,
      candidates: r.candidates.map((id) => ({ documentId: id, name: labels[id] ?? null })),
      eligible: r.eligible,
      turnout: closed?.turnout ?? (await box.turnout(spec.box)),
      closed: Boolean(closed),
      results: closed?.results ?? null,
      withheld: Boolean(closed?.withheld),
      ballots: closed ? await box.ballots(spec.box) : null,
    });
  }
  return { designation: presentDesignation(d), rounds };
}

/** The parity of a designation, by the rule of its kind (staff). */
export async function showParity(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const d = await designationToRun(strapi, actor, documentId);
  const rows = ((await strapi.db.query(CANDIDACY_UID).findMany({ where: { designationId: d.id, state: { $in: STANDING } } })) as CandidacyRow[])
    .filter((c) => !d.decided || c.state === 'designated');
  const name = await namesOf(strapi, rows.flatMap((c) => [c.memberId, c.runningMateId]));
  const rule = PARITY_OF[d.kind];
  const base = { designation: presentDesignation(d), rule };
  if (rule === 'alternation') {
    const entries = (role: string): ListEntry[] => rows.filter((c) => c.role === role && c.position != null).map((c) => ({ position: c.position!, sex: c.sex, name: name(c.memberId) ?? undefined }));
    return { ...base, list: checkAlternation(entries('titulaire')), substitutes: rows.some((c) => c.role === 'suppleant') ? checkAlternation(entries('suppleant')) : null };
  }
  if (rule === 'binome') {
    const mates = await directory(strapi).compositionProfiles(rows.map((c) => c.runningMateId).filter((i): i is number => i != null));
    const sexOf = new Map(mates.map((m) => [m.id, m.sex]));
    return { ...base, binomes: checkBinomes(rows.filter((c) => c.role === 'titulaire').map((c) => ({ label: `${name(c.memberId)} et ${name(c.runningMateId) ?? '—'}`, a: c.sex, b: c.runningMateId ? sexOf.get(c.runningMateId) ?? null : null }))) };
  }
  if (rule === 'delegation') return { ...base, delegation: checkDelegation(rows.map((c) => c.sex)) };
  if (rule === 'federation-gap') return { ...base, federation: await legislativeGap(strapi, d.federationId, yearOf(d.decisionOn), null) };
  return { ...base, message: 'Une fonction unique : pas de règle de parité pour cette désignation.' };
}

async function legislativeGap(strapi: Core.Strapi, federationId: number | null, year: number, firstFractionCents: number | null) {
  const designations = (await strapi.db.query(DESIGNATION_UID).findMany({
    where: { kind: 'legislatives', federationId, decisionOn: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } },
  })) as DesignationRow[];
  const sexes: Sex[] = [];
  let unknown = 0;
  let provisional = 0;
  for (const d of designations) {
    const rows = (await strapi.db.query(CANDIDACY_UID).findMany({ where: { designationId: d.id, role: 'titulaire', state: { $in: d.decided ? ['designated'] : ['submitted'] } } })) as CandidacyRow[];
    if (!d.decided) provisional += 1;
    for (const c of rows) (c.sex ? sexes.push(c.sex) : (unknown += 1));
  }
  return { year, constituencies: designations.length, provisional, unknownSex: unknown, ...fundingGap(sexes, firstFractionCents) };
}

/**
 * A federation's legislative candidacies taken together (designated ones; candidacies still
 * standing where a constituency is not decided yet): the gap and the public-funding penalty
 * it would cost (loi n° 88-227 art. 9-1). Staff of the federation, national admins.
 */
export async function showLegislativeParity(strapi: Core.Strapi, actor: Actor, query: { federation?: string; year?: number; firstFractionCents?: number }) {
  const federation = await federationFor(strapi, actor, query.federation);
  return { federation: { name: federation.name, departmentCode: federation.departmentCode }, ...(await legislativeGap(strapi, federation.id, query.year ?? yearOf(todayInParis()), query.firstFractionCents ?? null)) };
}

/** The candidacies' profiles for the indicators (declared and recorded history merged). */
function profileOf(c: CandidacyRow): CandidateProfile {
  return {
    sex: c.sex,
    birthYear: c.birthYear,
    previousMandates: Math.max(c.previousMandates ?? 0, c.record?.previousMandates ?? 0),
    formerCollaborator: Boolean(c.formerCollaborator || c.record?.formerCollaborator),
    outgoing: Boolean(c.record?.outgoing),
    consecutiveTerms: c.record?.consecutiveTerms ?? 0,
  };
}

/**
 * Diversity and renewal indicators of standing candidacies, for one designation or a whole
 * federation (national admins: any federation), aggregated and masked (domain/indicators.ts).
 */
export async function showIndicators(strapi: Core.Strapi, actor: Actor, query: { federation?: string; designation?: string }) {
  let where: Record<string, unknown>;
  let scope: Record<string, unknown>;
  if (query.designation) {
    const d = await designationToRun(strapi, actor, query.designation);
    where = { designationId: d.id };
    scope = { designation: presentDesignation(d) };
  } else {
    const federation = await federationFor(strapi, actor, query.federation);
    const ids = (await strapi.db.query(DESIGNATION_UID).findMany({ where: { federationId: federation.id }, select: ['id'] })).map((r: { id: number }) => r.id);
    where = { designationId: { $in: ids.length ? ids : [-1] } };
    scope = { federation: { name: federation.name, departmentCode: federation.departmentCode } };
  }
  const rows = (await strapi.db.query(CANDIDACY_UID).findMany({ where: { ...where, state: { $in: STANDING } } })) as CandidacyRow[];
  return { ...scope, ...indicatorsOf(rows.map(profileOf), yearOf(todayInParis())) };
}

/** A federation's criteria for every kind (its configuration, or the defaults). */
export async function showCriteria(strapi: Core.Strapi, actor: Actor, query: { federation?: string }) {
  const federation = await federationFor(strapi, actor, query.federation);
  const kinds = [];
  for (const kind of KINDS) kinds.push({ kind, kindLabel: KIND_LABELS[kind], publicElection: isPublicKind(kind), criteria: await criteriaOf(strapi, federation.id, kind) });
  return { federation: { name: federation.name, departmentCode: federation.departmentCode }, kinds };
}

/** The pledge's text in force, its version and sha256 (what a candidate signs). */
export async function showPledge(strapi: Core.Strapi) {
  const pledge = await currentPledge(strapi);
  if (!pledge) throw new NotFoundError('Aucun texte d’engagement n’est en vigueur.');
  return { ...pledge, article: 'Statuts, article 5.1.7' };
}

