import type { Core } from '@strapi/strapi';
import { ConflictError, getService, NotFoundError, ValidationError, withTransaction, type Actor } from '@intranet-militant/shared';
import { PROPOSAL_UID } from '../uids';
import { GRADES } from '../storage';
import { assertEligible } from './checks';
import { inPhase } from './in-phase';

export interface GradeInput {
  proposal: string;
  effort?: number;
  impact?: number;
}

/**
 * An eligible member grades proposals on effort and impact (1 to 5), during the
 * evaluation phase; grading again replaces their grade. One row per member, proposal and
 * axis: the primary key holds it. Grades are not audited one by one (the table is their record).
 *
 * Several at once (a grading page sends its whole form): a proposal the consultation does not
 * have is a mistake in the body, answered 400 at that item (`grades.<i>.proposal`).
 *
 * @returns the member's grades of these proposals, `{ proposal, effort?, impact? }[]`
 * @throws ForbiddenError (403) outside the audience or ineligible; ConflictError (409)
 * outside the evaluation or for a merged proposal; ValidationError (400) for unknown proposals
 */
export async function gradeProposals(strapi: Core.Strapi, actor: Actor, consultationId: string, grades: GradeInput[]) {
  return grade(strapi, actor, consultationId, grades, (unknown) => unknownInBody(grades, unknown));
}

/**
 * One proposal, named in the path (`/consultations/:id/proposals/:proposalId/grade`): one
 * that is not the consultation's — another consultation's, or none — looks absent.
 *
 * @returns the member's grades of the proposal, `{ proposal, effort?, impact? }`
 * @throws NotFoundError (404) « Proposition introuvable. », and as `gradeProposals` otherwise
 */
export async function gradeProposal(strapi: Core.Strapi, actor: Actor, consultationId: string, proposalId: string, grades: Omit<GradeInput, 'proposal'>) {
  const [mine] = await grade(strapi, actor, consultationId, [{ ...grades, proposal: proposalId }], () => new NotFoundError('Proposition introuvable.'));
  return mine;
}

/** The 400 naming each unknown proposal at its place in the body (`grades.<i>.proposal`). */
function unknownInBody(grades: GradeInput[], unknown: string[]) {
  const missing = new Set(unknown);
  const errors = grades.flatMap((g, i) =>
    missing.has(g.proposal) ? [{ path: ['grades', String(i), 'proposal'], message: 'Proposition inconnue dans cette consultation.', name: 'ValidationError' }] : []
  );
  const listed = unknown.slice(0, 5).join(', ');
  const message = unknown.length === 1 ? `Proposition inconnue dans cette consultation : ${listed}.` : `Propositions inconnues dans cette consultation : ${listed}.`;
  return new ValidationError(message, { errors });
}

async function grade(strapi: Core.Strapi, actor: Actor, consultationId: string, grades: GradeInput[], unknownError: (unknown: string[]) => Error) {
  const rule = { phase: 'evaluation' as const, action: 'Évaluation impossible', check: (c: Parameters<typeof assertEligible>[2]) => assertEligible(strapi, actor, c) };
  return inPhase(strapi, consultationId, rule, async (c) => {
    const documentIds = [...new Set(grades.map((g) => g.proposal))];
    const proposals: { id: number; documentId: string; state: string }[] = await strapi.db.query(PROPOSAL_UID).findMany({
      where: { documentId: { $in: documentIds }, consultation: { id: c.id } },
      select: ['id', 'documentId', 'state'],
    });
    const byDocument = new Map(proposals.map((p) => [p.documentId, p]));
    const unknown = documentIds.filter((id) => !byDocument.has(id));
    if (unknown.length) throw unknownError(unknown);
    const merged = documentIds.filter((id) => byDocument.get(id)!.state !== 'active');
    if (merged.length) throw new ConflictError('Une proposition notée a été fusionnée dans une autre : notez celle-ci.', { proposals: merged });
    const rows = grades.flatMap((g) =>
      (['effort', 'impact'] as const)
        .filter((axis) => g[axis] !== undefined)
        .map((axis) => ({ consultation_id: c.id, proposal_id: byDocument.get(g.proposal)!.id, member_id: actor.memberId, axis, grade: g[axis] }))
    );
    await withTransaction(strapi, (trx) => trx(GRADES).insert(rows).onConflict(['proposal_id', 'member_id', 'axis']).merge(['grade']));
    const mine = await getService(strapi, 'consultations', 'tallies').gradesBy(c.id, actor.memberId!);
    return documentIds.map((id) => ({ proposal: id, ...mine.get(byDocument.get(id)!.id) }));
  });
}
