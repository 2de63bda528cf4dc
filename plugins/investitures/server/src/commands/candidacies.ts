import type { Core } from '@strapi/strapi';
import { auditActorOf, BINOME_WITHDRAWN, ConflictError, emitEvent, fieldError, ForbiddenError, frenchDate, getService, NotFoundError, recordAudit, RUNNING_MATE_NAMED, SYSTEM_ACTOR, todayInParis, type Actor, type AuditActor, type IntranetEvents } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/mandates';
import { candidacyConflicts } from '../content-types';
import { periodOf } from '../domain/calendar';
import { MANDATE_CATEGORY_OF, SHAPE_OF } from '../domain/vocabulary';
import { candidacyFor, concerns, concernsPlace, currentPledge, designationFor, holdCandidacy, holdDesignation, withdrawable, type CandidacyRow, type DesignationRow } from '../queries/access';
import { CANDIDACY_UID, DESIGNATION_UID } from '../uids';
import type { Apply } from '../validation/schemas';
import { audit } from './designations';
import '../public';

/** The candidate's record from the mandates plugin (when installed), for renewal indicators. */
async function recordOf(strapi: Core.Strapi, memberId: number, d: DesignationRow) {
  if (!strapi.plugin('mandates')) return null;
  return getService(strapi, 'mandates', 'cumul').recordOf(memberId, MANDATE_CATEGORY_OF[d.kind] ?? null, d.territoryCode, d.mandateStartOn ?? d.decisionOn);
}

/**
 * The 409 of a candidacy outside its period: the designation already made (a body's decision
 * comes after the candidacies' close, so only a candidacy sent on the last day and written
 * after midnight meets it), or the days candidacies are open. Null while they are.
 */
function closedToCandidacies(d: Pick<DesignationRow, 'candidaciesOpenOn' | 'candidaciesCloseOn' | 'checksBy' | 'decisionOn' | 'decided'>, today: string): ConflictError | null {
  if (d.decided) return new ConflictError('La désignation est déjà faite : les candidatures sont closes.');
  if (periodOf(d, today) !== 'candidacies') return new ConflictError(`Les candidatures sont ouvertes du ${frenchDate(d.candidaciesOpenOn)} au ${frenchDate(d.candidaciesCloseOn)}.`);
  return null;
}

/**
 * A member applies: only a member the designation concerns, while candidacies are open, once
 * per designation; on a list a free position (titulaire or suppléant); a binôme names its
 * running mate (a member of the same federation, neither a candidate nor another binôme's
 * running mate there), who is told at once and asked for their agreement (`RUNNING_MATE_NAMED`;
 * `acceptRunningMate`, `declineRunningMate`); one named as a running mate there does not apply
 * themself while named. Sex as registered and year of birth are
 * copied from the membership file (parity, indicators), the record from the mandates plugin.
 * The designation is held while the candidacy is written (`FOR SHARE`, as ballots; a binôme's
 * `FOR UPDATE`, its double-role checks read the others): a body's decision at the same time
 * either comes after it (and counts it) or before (409 here).
 * @throws 403 (no member profile, not concerned), 404 (unknown), 409 (outside the period,
 * designation already made, already a candidate, position taken, named as a running mate there),
 * 400 (position missing or beyond the seats, running mate unknown or already in a role there)
 */
export async function applyFor(strapi: Core.Strapi, actor: Actor, documentId: string, input: Apply) {
  if (actor.memberId == null) throw new ForbiddenError('Seul·e un·e adhérent·e peut être candidat·e.');
  const d = await designationFor(strapi, actor, documentId);
  if (!concerns(actor, d)) throw new ForbiddenError('Cette désignation concerne les adhérents d’un autre périmètre.');
  const today = todayInParis();
  const closed = closedToCandidacies(d, today);
  if (closed) throw closed;
  const shape = SHAPE_OF[d.kind];
  if (shape === 'list') {
    if (input.position == null) throw fieldError('position', 'Indiquez votre position sur la liste.');
    if (d.seats != null && input.position > d.seats) throw fieldError('position', `La liste compte ${d.seats} places.`);
  } else if (input.position != null) throw fieldError('position', 'Cette désignation n’est pas une liste : pas de position.');
  const directory = getService(strapi, 'membership', 'directory');
  let runningMateId: number | null = null;
  if (shape === 'binome') {
    if (!input.runningMate) throw fieldError('runningMate', 'Un binôme se présente à deux : indiquez votre colistier·ère.');
    const mate = await directory.memberByDocumentId(input.runningMate);
    // A member of the federation still in the party: one who left, was erased or excluded is not
    // found (the same answer as an unknown one).
    const gone = mate && (mate.leftOn || mate.erasedOn || mate.membershipStatus === 'excluded');
    if (!mate || gone || mate.federation?.id !== actor.federationId || mate.id === actor.memberId) throw fieldError('runningMate', 'Colistier·ère introuvable dans votre fédération.');
    runningMateId = mate.id;
  } else if (input.runningMate) throw fieldError('runningMate', 'Seul un binôme nomme un·e colistier·ère.');
  const [profile] = await directory.compositionProfiles([actor.memberId]);
  const record = await recordOf(strapi, actor.memberId, d);
  return strapi.db.transaction(async () => {
    // The designation held FOR SHARE (candidacies go in side by side) and its state read again:
    // a body's decision (FOR UPDATE) waits for the candidacies under way, which it then finds
    // and decides on; a candidacy after it finds the designation made.
    // A binôme's: FOR UPDATE, one candidacy at a time — the double-role checks below read the
    // others (two naming the same running mate at once, one naming a member who applies at once).
    await holdDesignation(strapi, { id: d.id }, shape === 'binome' ? 'update' : 'share');
    const now = (await strapi.db.query(DESIGNATION_UID).findOne({
      where: { id: d.id },
      select: ['candidaciesOpenOn', 'candidaciesCloseOn', 'checksBy', 'decisionOn', 'decided'],
    })) as Pick<DesignationRow, 'candidaciesOpenOn' | 'candidaciesCloseOn' | 'checksBy' | 'decisionOn' | 'decided'> | null;
    if (!now) throw new NotFoundError('Désignation introuvable.');
    const closedNow = closedToCandidacies(now, today);
    if (closedNow) throw closedNow;
    // No double role on one designation (read under the designation's hold).
    const named = await strapi.db.query(CANDIDACY_UID).count({ where: { designationId: d.id, runningMateId: actor.memberId, state: 'submitted' } });
    if (named) throw new ConflictError('Vous êtes proposé·e comme colistier·ère d’une candidature à cette désignation : vous ne pouvez pas vous y présenter vous-même.');
    if (runningMateId != null) {
      const candidate = await strapi.db.query(CANDIDACY_UID).count({ where: { designationId: d.id, memberId: runningMateId, state: 'submitted' } });
      if (candidate) throw fieldError('runningMate', 'Ce ou cette adhérent·e est déjà candidat·e à cette désignation : il ou elle ne peut pas être votre colistier·ère.');
      const mateElsewhere = await strapi.db.query(CANDIDACY_UID).count({ where: { designationId: d.id, runningMateId, state: 'submitted' } });
      if (mateElsewhere) throw fieldError('runningMate', 'Ce ou cette adhérent·e est déjà proposé·e comme colistier·ère d’une autre candidature à cette désignation.');
    }
    try {
      const row = await strapi.db.query(CANDIDACY_UID).create({
        data: {
          designationId: d.id, memberId: actor.memberId, federationId: actor.federationId, position: input.position ?? null, role: input.role,
          runningMateId, statement: input.statement, documents: input.documents, sex: profile?.sex ?? null, birthYear: profile?.birthYear ?? null,
          previousMandates: input.previousMandates, formerCollaborator: input.formerCollaborator, record, state: 'submitted', submittedOn: today, checks: {},
          memberKey: `${d.id}:${actor.memberId}`, positionKey: input.position != null ? `${d.id}:${input.role}:${input.position}` : null,
        },
      });
      await audit(strapi, actor, 'candidacy.apply', { type: CANDIDACY_UID, id: row.documentId }, d.federationId, { designation: d.documentId, position: input.position ?? null });
      // The running mate is asked at once (notifications, in this transaction).
      if (runningMateId != null) await emitEvent(strapi, RUNNING_MATE_NAMED, { candidacyId: row.id, mateId: runningMateId });
      return row;
    } catch (error) {
      candidacyConflicts.rethrow(error);
    }
  });
}

/**
 * Writes a withdrawal, in the caller's transaction with the designation held: state
 * `withdrawn` on today's Paris date, and the candidacy's keys freed (the position goes back to
 * the list, the member could apply again). Audited as `plugin::investitures.candidacy.withdraw`
 * under `actor`, with `details`. The candidacy's counts (lists, parity, the staff's view) read
 * it at the next request.
 */
export async function recordWithdrawal(strapi: Core.Strapi, c: CandidacyRow, d: DesignationRow, actor: AuditActor, details: Record<string, unknown> = {}, more: Record<string, unknown> = {}) {
  const row = await strapi.db.query(CANDIDACY_UID).update({ where: { id: c.id }, data: { state: 'withdrawn', withdrawnOn: todayInParis(), memberKey: null, positionKey: null, ...more } });
  await recordAudit(strapi, { actor, action: 'plugin::investitures.candidacy.withdraw', subject: { type: CANDIDACY_UID, id: c.documentId }, federationId: d.federationId, details });
  return row;
}

/**
 * The candidate withdraws, until the decision (before a members' vote opens). Their position
 * is freed.
 * @throws 403 (not theirs), 409 (already withdrawn, vote open or decided)
 */
export async function withdrawCandidacy(strapi: Core.Strapi, actor: Actor, documentId: string) {
  const { d: before } = await candidacyFor(strapi, actor, documentId);
  return strapi.db.transaction(async () => {
    // The designation held, then the candidacy read: a vote opening or a body's decision at the
    // same time either ran first (409 here) or waits and no longer finds it standing.
    await holdDesignation(strapi, { id: before.id });
    const { c, d, view } = await candidacyFor(strapi, actor, documentId);
    if (view !== 'candidate') throw new ForbiddenError('Seul·e la personne candidate retire sa candidature.');
    if (c.state !== 'submitted') throw new ConflictError('Cette candidature n’est plus en cours.');
    if (!withdrawable(c, d)) throw new ConflictError('Le vote est ouvert ou la désignation faite : la candidature ne peut plus être retirée.');
    return recordWithdrawal(strapi, c, d, auditActorOf(actor));
  });
}

/**
 * A member who leaves the party (membership's MEMBER_LEFT: a departure recorded by staff, or
 * an erasure request's) or is erased (issue 22, item 4) keeps no live candidacy — one who is no
 * longer a member cannot be the party's candidate, and a standing candidacy holds its list
 * position. Withdrawn as they could themselves: each one `withdrawable` is withdrawn as by
 * `withdrawCandidacy` (position freed), audited by the system with `reason` (« Départ du parti
 * (le …) », `ERASED_REASON`). One on the ballot of a members' vote already opened stays as it
 * is (the ballots cast name it; the vote's count decides), as do decided ones (the record). In
 * one transaction (the caller's, when there is one), each designation `only` picks held as the
 * candidate's own withdrawal holds it (and no other). A departure later undone gives none back:
 * they apply again.
 * The same goes for the binômes that name the member as running mate (`as: 'mate'`: a binôme
 * runs as two, a running mate who left cannot stand beside the candidate), each candidate told
 * (`BINOME_WITHDRAWN` with `cause`).
 * @param only which designations' candidacies go (all by default; a move: those that no longer
 *        concern the member's new place, `onMemberMoved`)
 * @returns how many were withdrawn, and how many standing ones stay on an opened vote's ballot
 */
export async function withdrawCandidaciesOfMember(
  strapi: Core.Strapi,
  memberId: number,
  reason: string,
  only: (d: Pick<DesignationRow, 'scope' | 'federationId' | 'sectionId'>) => boolean = () => true,
  as: { role: 'candidate' } | { role: 'mate'; cause: IntranetEvents['investitures.binome.withdrawn']['cause'] } = { role: 'candidate' }
): Promise<{ withdrawn: number; onBallot: number }> {
  return strapi.db.transaction(async () => {
    let withdrawn = 0;
    let onBallot = 0;
    const where = as.role === 'mate' ? { runningMateId: memberId, state: 'submitted' } : { memberId, state: 'submitted' };
    const standing = (await strapi.db.query(CANDIDACY_UID).findMany({ where, select: ['id', 'designationId'] })) as Pick<CandidacyRow, 'id' | 'designationId'>[];
    // Only the designations `only` picks are held: a move holds no national designation (nor one
    // of its new place), which it never changes — held after the audit log's head (bodies' seat
    // ends come first), such a hold met the designation's own commands (a withdrawal, a vote
    // opened or closed: the designation held, then the head) in a deadlock.
    const ids = [...new Set(standing.map((c) => c.designationId))];
    const places = ids.length ? ((await strapi.db.query(DESIGNATION_UID).findMany({ where: { id: { $in: ids } }, select: ['id', 'scope', 'federationId', 'sectionId'] })) as Pick<DesignationRow, 'id' | 'scope' | 'federationId' | 'sectionId'>[]) : [];
    const picked = new Set(places.filter((d) => only(d)).map((d) => d.id));
    for (const { id, designationId } of standing) {
      if (!picked.has(designationId)) continue;
      await holdDesignation(strapi, { id: designationId });
      const c = (await strapi.db.query(CANDIDACY_UID).findOne({ where: { id } })) as CandidacyRow | null;
      const d = (await strapi.db.query(DESIGNATION_UID).findOne({ where: { id: designationId } })) as DesignationRow | null;
      if (!c || !d || c.state !== 'submitted' || !only(d)) continue;
      if (!withdrawable(c, d)) {
        if (!d.decided) onBallot += 1;
        continue;
      }
      await recordWithdrawal(strapi, c, d, SYSTEM_ACTOR, { reason });
      if (as.role === 'mate') await emitEvent(strapi, BINOME_WITHDRAWN, { candidacyId: c.id, candidateId: c.memberId, cause: as.cause });
      withdrawn += 1;
    }
    return { withdrawn, onBallot };
  });
}

/**
 * A member who leaves the party (MEMBER_LEFT) or is erased while named as a binôme's running
 * mate: each such binôme still standing is withdrawn as `withdrawCandidaciesOfMember` withdraws
 * (one on an opened vote's ballot stays), reason `reason` (« Colistier·ère : départ du parti (le
 * …) »), its candidate told; they may apply again with someone else.
 */
export function withdrawBinomesOfMate(strapi: Core.Strapi, memberId: number, reason: string) {
  return withdrawCandidaciesOfMember(strapi, memberId, reason, () => true, { role: 'mate', cause: 'mate-left' });
}

/**
 * Membership moved a member to another federation or section (`MEMBER_MOVED`: every door's
 * write, the import): candidacies to designations that no longer concern them — their former
 * federation's, or former section's — are withdrawn as a departure withdraws them
 * (`withdrawCandidaciesOfMember`: one on an opened vote's ballot stays), reason « Changement de
 * fédération » or « Changement de section », audited by the system; so are the binômes of the
 * designation's federation that name them as running mate when they leave that federation
 * (« Colistier·ère : changement de fédération », the candidate told). A candidate is a member of
 * the designation's place (`applyFor`); national designations' candidacies stay. In
 * membership's transaction.
 */
export async function withdrawCandidaciesOutsidePlace(
  strapi: Core.Strapi,
  move: { memberId: number; fromFederationId: number | null; toFederationId: number | null; toSectionId: number | null }
): Promise<{ withdrawn: number; onBallot: number }> {
  const place = { federationId: move.toFederationId, sectionId: move.toSectionId };
  const reason = move.fromFederationId !== move.toFederationId ? 'Changement de fédération' : 'Changement de section';
  const own = await withdrawCandidaciesOfMember(strapi, move.memberId, reason, (d) => !concernsPlace(place, d));
  // A running mate is a member of the designation's federation (`applyFor`): one who moved out
  // of it no longer stands beside the candidate (a change of section within it changes nothing).
  const asMate = await withdrawCandidaciesOfMember(strapi, move.memberId, 'Colistier·ère : changement de fédération', (d) => d.federationId != null && d.federationId !== move.toFederationId, {
    role: 'mate',
    cause: 'mate-moved',
  });
  return { withdrawn: own.withdrawn + asMate.withdrawn, onBallot: own.onBallot + asMate.onBallot };
}

/**
 * The candidate signs the pledge (statutes, art. 5.1.7): the exact text in force, named by its
 * version and sha256 (the text they read). Stored with the date; a later version asks again.
 * Signing the version already signed changes nothing and records nothing (a double click, two
 * tabs): the first signature, its date and its single audit entry stay.
 * @throws 403 (not theirs), 409 (the text changed since it was read, candidacy not standing)
 */
export async function signPledge(strapi: Core.Strapi, actor: Actor, documentId: string, input: { version: number; sha256: string }) {
  const { c: before } = await candidacyFor(strapi, actor, documentId);
  return strapi.db.transaction(async () => {
    // The candidacy held, then read: a check recorded at the same time keeps its place in `checks`.
    await holdCandidacy(strapi, before.id);
    const { c, d, view } = await candidacyFor(strapi, actor, documentId);
    if (view !== 'candidate') throw new ForbiddenError('Seul·e la personne candidate signe son engagement.');
    if (c.state !== 'submitted') throw new ConflictError('Cette candidature n’est plus en cours.');
    const pledge = await currentPledge(strapi);
    if (!pledge) throw new ConflictError('Aucun texte d’engagement n’est en vigueur.');
    if (pledge.version !== input.version || pledge.sha256 !== input.sha256) {
      throw new ConflictError(`Le texte de l’engagement a changé : relisez la version ${pledge.version} en vigueur avant de signer.`);
    }
    // Read under the candidacy's hold: of two signatures at once, the second finds the first.
    const signed = c.checks?.pledge;
    if (signed?.version === pledge.version && signed.sha256 === pledge.sha256) return c;
    const signature = { version: pledge.version, sha256: pledge.sha256, signedOn: todayInParis(), at: new Date().toISOString() };
    const row = await strapi.db.query(CANDIDACY_UID).update({ where: { id: c.id }, data: { checks: { ...(c.checks ?? {}), pledge: signature } } });
    await audit(strapi, actor, 'candidacy.pledge', { type: CANDIDACY_UID, id: c.documentId }, d.federationId, { version: pledge.version, sha256: pledge.sha256 });
    return row;
  });
}
