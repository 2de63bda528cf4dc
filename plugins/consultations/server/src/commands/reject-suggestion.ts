import type { Core } from '@strapi/strapi';
import { auditActorOf, fieldError, recordAudit, type Actor } from '@intranet-militant/shared';
import { REJECTION_UID } from '../uids';
import { activeProposal, grouping, sourcesOf } from './group-proposals';
import { inPhase } from './in-phase';

/**
 * Staff reject a grouping suggestion, in one click: « this contribution does not go into
 * that proposal » (`proposal`), or « it is not the same idea as these » (`others`, the rest
 * of a suggested group; with `everyPair`, no two of them: the whole group rejected). The
 * next suggestions never propose them together again (see services/grouping.ts). Same rules as grouping: the consultation's staff, analysis phase.
 *
 * @throws ForbiddenError (403) to whoever does not run the consultation; ConflictError (409)
 * outside the analysis; NotFoundError (404) for an unknown proposal; ValidationError (400)
 * for unknown, withdrawn or hidden contributions, or nothing to reject
 */
export async function rejectSuggestion(
  strapi: Core.Strapi,
  actor: Actor,
  consultationId: string,
  input: { contribution: string; proposal?: string; others?: string[]; everyPair?: boolean }
) {
  return inPhase(strapi, consultationId, grouping(actor), async (c) => {
    const others = (input.others ?? []).filter((x) => x !== input.contribution);
    if (!input.proposal && others.length === 0) throw fieldError('others', 'Indiquez la proposition ou les contributions à séparer.');
    const [contribution] = await sourcesOf(strapi, c, [input.contribution]);
    const proposal = input.proposal ? await activeProposal(strapi, c, input.proposal) : null;
    const otherIds = await sourcesOf(strapi, c, others);
    if (proposal) await strapi.db.query(REJECTION_UID).create({ data: { consultation: c.id, contribution, proposal: proposal.id } });
    const pairs: [number, number][] = input.everyPair
      ? [contribution, ...otherIds].flatMap((a, i, all) => all.slice(i + 1).map((b) => [a, b] as [number, number]))
      : otherIds.map((other) => [contribution, other]);
    for (const [a, b] of pairs) await strapi.db.query(REJECTION_UID).create({ data: { consultation: c.id, contribution: a, other: b } });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::consultations.suggestion.reject',
      subject: { type: 'plugin::consultations.contribution', id: input.contribution },
      federationId: c.federation?.id ?? null,
      details: { consultation: c.documentId, proposal: input.proposal ?? null, others, everyPair: input.everyPair ?? false },
    });
    return { rejected: (proposal ? 1 : 0) + pairs.length };
  });
}
