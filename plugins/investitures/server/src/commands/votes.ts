import type { Core } from '@strapi/strapi';
import { ConflictError, ForbiddenError, getService, parisDate, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/consultations';
import type { BoxSpec } from '@intranet-militant/consultations';
import { criteriaStatus, meetsCriteria } from '../domain/criteria';
import { KIND_LABELS } from '../domain/vocabulary';
import { concerns, currentPledge, designationFor, designationToRun, holdDesignation, pledgeInForceOn, type CandidacyRow, type DesignationRow } from '../queries/access';
import { CANDIDACY_UID, DESIGNATION_UID } from '../uids';
import { audit } from './designations';
import '../public';

const ballotBox = (strapi: Core.Strapi) => getService(strapi, 'consultations', 'ballot-box');

/** The ballot box of a designation's round: always its own (never bundled with a motion). */
export function boxOf(d: Pick<DesignationRow, 'documentId' | 'voteMethod' | 'rounds'>, round: number): BoxSpec {
  const entry = (d.rounds ?? []).find((r) => r.round === round);
  return { box: `investitures:${d.documentId}:${round}`, method: d.voteMethod ?? 'single', candidates: entry?.candidates ?? [], round };
}

/**
 * Our ballot boxes (`investitures:<designation>:<round>`) as a voter reads them in « Mes
 * données »: « Désignation : <title> (<kind>), tour <n> ». Boxes of a designation no longer
 * here are left out (the ballot box names them generically).
 */
export async function nameBoxes(strapi: Core.Strapi, boxes: string[]): Promise<Map<string, string>> {
  const parsed = boxes.map((box) => ({ box, documentId: box.split(':')[1] ?? '', round: Number(box.split(':')[2]) }));
  const rows = await strapi.db.query(DESIGNATION_UID).findMany({ where: { documentId: { $in: [...new Set(parsed.map((p) => p.documentId))] } }, select: ['documentId', 'title', 'kind'] });
  const byId = new Map(rows.map((d: { documentId: string; title: string; kind: keyof typeof KIND_LABELS }) => [d.documentId, d]));
  const names = new Map<string, string>();
  for (const { box, documentId, round } of parsed) {
    const d = byId.get(documentId);
    if (d) names.set(box, `Désignation : ${d.title} (${KIND_LABELS[d.kind]}), tour ${round}`);
  }
  return names;
}

/** When the open round's roll was closed (null: no round open, or opened before rolls existed). */
export function rollClosedAt(d: Pick<DesignationRow, 'rounds' | 'round'>): string | null {
  return (d.rounds ?? []).find((r) => r.round === d.round)?.rollClosedAt ?? null;
}

/** Who votes: the members of the designation's place. */
const audienceOf = (d: DesignationRow) => ({ audience: d.scope, federationId: d.federationId, sectionId: d.sectionId });

/**
 * Staff open the members' vote once candidacies are closed: round 1 among the standing
 * candidacies that meet every criterion; round 2 (single choice without an absolute
 * majority) between the two the count named. The roll is closed then, in the opening's
 * transaction (consultations' roll service): round 1, the members eligible on the day (joined
 * before the cut-off); round 2, the same list. Its size is the round's electorate.
 * @throws 409 (a body decides, candidacies still open, vote already open, decided, no candidate)
 */
export async function openVote(strapi: Core.Strapi, actor: Actor, documentId: string) {
  return strapi.db.transaction(async () => {
    // The designation held, then read with its candidacies: a withdrawal at the same time either
    // ran first (its candidacy is not on the ballot) or waits and finds the vote open (409).
    await holdDesignation(strapi, { document_id: documentId });
    const d = await designationToRun(strapi, actor, documentId);
    if (d.decidedBy !== 'members') throw new ConflictError('Cette désignation est décidée par une instance, pas par un vote des adhérents.');
    if (d.decided) throw new ConflictError('La désignation est déjà faite.');
    if (d.voteState === 'open') throw new ConflictError('Le vote est déjà ouvert.');
    const today = todayInParis();
    if (today <= d.candidaciesCloseOn) throw new ConflictError('Le vote s’ouvre après la clôture des candidatures.');
    let round: number;
    let candidates: string[];
    // Every round is among candidacies that meet every criterion on its opening day.
    const pledge = await currentPledge(strapi);
    const standing = (await strapi.db.query(CANDIDACY_UID).findMany({ where: { designationId: d.id, state: 'submitted' }, orderBy: { id: 'asc' } })) as CandidacyRow[];
    const meeting = standing.filter((c) => meetsCriteria(criteriaStatus(c.checks ?? {}, d.criteria, pledge, today, c))).map((c) => c.documentId);
    if (d.voteState === 'none') {
      candidates = meeting;
      round = 1;
    } else {
      const last = (d.results ?? []).find((r) => r.round === d.round);
      if (last?.withheld) {
        // The leader no longer met the criteria at the close: a new round among those who do.
        candidates = meeting;
      } else if (last?.results?.runoff) {
        // A runoff between the two leaders, as long as they still meet the criteria.
        candidates = (last.results.runoff as string[]).filter((id) => meeting.includes(id));
      } else throw new ConflictError('Le scrutin est clos.');
      round = d.round + 1;
    }
    if (candidates.length === 0) throw new ConflictError('Aucune candidature ne remplit tous les critères : le vote ne peut s’ouvrir.');
    // The opening itself first, only from the state read: of two openings at once, the second
    // waits for the first's row lock, then finds it open and writes nothing (409).
    const { count } = await strapi.db.query(DESIGNATION_UID).updateMany({ where: { id: d.id, voteState: d.voteState, round: d.round }, data: { voteState: 'open', round } });
    if (!count) throw new ConflictError('Le vote est déjà ouvert.');
    // The roll (« liste électorale arrêtée »), in this transaction: who may vote in the round.
    // A second round votes on the first's list; the first, on the members eligible today.
    const roll = getService(strapi, 'consultations', 'roll');
    const box = { box: boxOf(d, round).box };
    const first = (d.rounds ?? []).find((r) => r.round === 1);
    const eligible =
      round > 1 && first?.rollClosedAt
        ? await roll.copy({ box: boxOf(d, 1).box }, box)
        : await roll.close(box, { target: audienceOf(d), on: today, cutoff: d.eligibilityCutoff ?? null });
    const row = await strapi.db.query(DESIGNATION_UID).update({
      where: { id: d.id },
      data: { rounds: [...(d.rounds ?? []), { round, candidates, eligible, rollClosedAt: new Date().toISOString() }] },
    });
    await audit(strapi, actor, 'vote.open', { type: DESIGNATION_UID, id: d.documentId }, d.federationId, { round, candidates });
    return row;
  });
}

/**
 * A member votes, by secret ballot through the consultations plugin's ballot box: only a
 * member of the designation's place on the round's roll who is still eligible on the day
 * (active, paid up, joined before the cut-off — membership's eligibility service), once per round.
 * @returns the receipt (to find the ballot among the published ones) and the ballot
 * @throws 403 with the reasons (outside the place, ineligible, not on the roll), 409 (vote not open, second vote), 400 (ballot)
 */
export async function castVote(strapi: Core.Strapi, actor: Actor, documentId: string, input: { choice?: string; grades?: Record<string, number> }) {
  const d = await designationFor(strapi, actor, documentId);
  if (actor.memberId == null || !concerns(actor, d)) {
    throw new ForbiddenError('Vous ne pouvez pas voter : cette désignation concerne les adhérents d’un autre périmètre.', { reasons: [{ code: 'outside-scope', message: 'désignation d’un autre périmètre' }] });
  }
  if (d.voteState !== 'open') throw new ConflictError(d.voteState === 'none' ? 'Le vote n’est pas encore ouvert.' : 'Le vote est clos.');
  const eligibility = await getService(strapi, 'membership', 'eligibility').ofMember(actor.memberId, { on: todayInParis(), cutoff: d.eligibilityCutoff });
  if (!eligibility.eligible) {
    throw new ForbiddenError(`Vous ne pouvez pas voter : ${eligibility.reasons.map((r) => r.message).join(' ; ')}.`, { reasons: eligibility.reasons });
  }
  const spec = boxOf(d, d.round);
  // On the roll closed when the round opened (none for a round opened before rolls existed: eligibility alone decides).
  const closedAt = rollClosedAt(d);
  const roll = getService(strapi, 'consultations', 'roll');
  if (closedAt && !(await roll.includes({ box: spec.box }, actor.memberId))) {
    const refusal = roll.refusal(closedAt);
    throw new ForbiddenError(refusal.message, { reasons: [refusal.reason] });
  }
  const cast = await strapi.db.transaction(async () => {
    // The designation held FOR SHARE (ballots go in side by side) and its state read again: a
    // close waits for the ballots under way, which it counts, and a ballot after it finds it closed.
    await holdDesignation(strapi, { id: d.id }, 'share');
    const now = (await strapi.db.query(DESIGNATION_UID).findOne({ where: { id: d.id }, select: ['voteState', 'round'] })) as Pick<DesignationRow, 'voteState' | 'round'>;
    if (now.voteState !== 'open' || now.round !== d.round) throw new ConflictError('Le vote est clos.');
    return ballotBox(strapi).cast(spec, actor.memberId!, input);
  });
  return { round: d.round, receipt: cast.receipt, ballot: cast.ballot };
}

/**
 * Staff close the round: the ballots are counted (the consultations plugin's pure count,
 * which anyone repeats on the published ballots). Single choice: elected with an absolute
 * majority in round 1, else a second round between the two leading candidates; majority
 * judgment: the best majority grade. The winner is designated, the others not; a tie is left
 * to staff (a new round or a body's decision), never broken by chance. The leader's criteria
 * are judged again at the close: when a check recorded during the vote means they are no
 * longer met, the designation is withheld (`withheld` on the round, nothing designated; which
 * criterion is never published — RGPD art. 10 for a bulletin n° 3) and staff may open a new
 * round among the candidacies that meet them. A round that designates makes today the
 * designation's actual decision day (`decidedOn`).
 * @throws 409 (vote not open)
 */
export async function closeVote(strapi: Core.Strapi, actor: Actor, documentId: string) {
  return strapi.db.transaction(async () => {
    // The designation held, then read: a second close finds it closed (409); the ballots under
    // way (held FOR SHARE) are in before the count, those after it find the vote closed.
    await holdDesignation(strapi, { document_id: documentId });
    const d = await designationToRun(strapi, actor, documentId);
    if (d.voteState !== 'open') throw new ConflictError('Le vote n’est pas ouvert.');
    const spec = boxOf(d, d.round);
    const box = ballotBox(strapi);
    // The ballots rewritten in random order: nothing relates them to the register any more.
    await box.seal(spec.box);
    const results = await box.results(spec);
    const turnout = await box.turnout(spec.box);
    const eligible = (d.rounds ?? []).find((r) => r.round === d.round)?.eligible ?? 0;
    const winner = results.winner;
    let withheld: { candidacy: string } | null = null;
    if (winner) {
      const standing = (await strapi.db.query(CANDIDACY_UID).findMany({ where: { designationId: d.id, state: 'submitted' } })) as CandidacyRow[];
      // The leader's checks are judged again at the close, as they stood on the round's opening
      // day (a bulletin's age, the pledge then in force): only a check recorded during the vote
      // (a bulletin n° 3 that is not clean, standing lost…) withholds the designation.
      const leader = standing.find((c) => c.documentId === winner);
      const closedAt = rollClosedAt(d);
      const openedOn = closedAt ? parisDate(closedAt) : todayInParis();
      // A binôme's running mate's agreement is not judged again: it was met to be on the ballot
      // and cannot be taken back while a vote is open (a refusal then is 409; a departure leaves
      // the ballot as it is).
      const meets = leader != null && meetsCriteria(criteriaStatus(leader.checks ?? {}, d.criteria, await pledgeInForceOn(strapi, openedOn), openedOn));
      if (meets) {
        for (const c of standing) await strapi.db.query(CANDIDACY_UID).update({ where: { id: c.id }, data: { state: c.documentId === winner ? 'designated' : 'not-designated' } });
      } else withheld = { candidacy: winner };
    }
    const row = await strapi.db.query(DESIGNATION_UID).update({
      where: { id: d.id },
      data: { voteState: 'closed', decided: Boolean(winner) && !withheld, decidedOn: winner && !withheld ? todayInParis() : null, results: [...(d.results ?? []), { round: d.round, results, turnout, eligible, ...(withheld ? { withheld } : {}) }] },
    });
    await audit(strapi, actor, 'vote.close', { type: DESIGNATION_UID, id: d.documentId }, d.federationId, { round: d.round, turnout, winner, withheld: Boolean(withheld) });
    return row;
  });
}
