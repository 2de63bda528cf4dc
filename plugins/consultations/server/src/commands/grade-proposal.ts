import type { Core } from '@strapi/strapi';
import { ConflictError, fieldError, withTransaction, type Actor } from '@intranet-militant/shared';
import { PROPOSAL_UID } from '../uids';
import { GRADES } from '../storage';
import { assertEligible, assertPhase, holdPhase, loadConsultation } from './checks';

export interface GradeInput {
  proposal: string;
  effort?: number;
  impact?: number;
}

/**
 * An eligible member grades proposals on effort and impact (1 to 5), during the
 * evaluation phase; grading again replaces their grade. One row per member, proposal and
 * axis: the primary key holds it. Grades are not audited one by one (the table is their record).
 */
export async function gradeProposals(strapi: Core.Strapi, actor: Actor, consultationId: string, grades: GradeInput[]) {
  const c = await loadConsultation(strapi, consultationId);
  await assertEligible(strapi, actor, c);
  assertPhase(strapi, c, 'evaluation', 'Évaluation impossible');
  const documentIds = [...new Set(grades.map((g) => g.proposal))];
  const proposals = await strapi.db.query(PROPOSAL_UID).findMany({
    where: { documentId: { $in: documentIds }, consultation: { id: c.id } },
    select: ['id', 'documentId', 'state'],
  });
  const byDocument = new Map(proposals.map((p: any) => [p.documentId, p]));
  const unknown = documentIds.filter((id) => !byDocument.has(id));
  if (unknown.length) throw fieldError('proposal', `Propositions inconnues : ${unknown.slice(0, 5).join(', ')}.`);
  const merged = documentIds.filter((id) => (byDocument.get(id) as any).state !== 'active');
  if (merged.length) throw new ConflictError('Une proposition notée a été fusionnée dans une autre : notez celle-ci.', { proposals: merged });
  const rows = grades.flatMap((g) =>
    (['effort', 'impact'] as const)
      .filter((axis) => g[axis] !== undefined)
      .map((axis) => ({ consultation_id: c.id, proposal_id: (byDocument.get(g.proposal) as any).id, member_id: actor.memberId, axis, grade: g[axis] }))
  );
  await withTransaction(strapi, async (trx) => {
    await holdPhase(strapi, c, 'evaluation', 'Évaluation impossible');
    await trx(GRADES).insert(rows).onConflict(['proposal_id', 'member_id', 'axis']).merge(['grade']);
  });
  const mine: Map<number, { effort?: number; impact?: number }> = await strapi.plugin('consultations').service('tallies').gradesBy(c.id, actor.memberId!);
  return documentIds.map((id) => ({ proposal: id, ...mine.get((byDocument.get(id) as any).id) }));
}
