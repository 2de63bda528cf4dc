import type { Core } from '@strapi/strapi';
import { ConflictError, getService, recordAudit } from '@intranet-militant/shared';
import { inPhase } from '../commands/in-phase';
import { CONSULTATION_UID, CONTRIBUTION_UID } from '../uids';
import type { Consultation } from './consultations';

/** Where the contributing activity took place: a section (with its federation), a federation, or national (both null). */
export interface ContributionPlace {
  federationId: number | null;
  sectionId: number | null;
}

export interface OpenConsultation {
  documentId: string;
  title: string;
  audience: 'national' | 'federation' | 'section';
  contributionEndsAt: string | null;
}

/** Whether a consultation's audience covers the place (a section's event may feed its section's, its federation's or a national consultation). */
function covers(c: Pick<Consultation, 'audience' | 'federation' | 'section'>, place: ContributionPlace): boolean {
  if (c.audience === 'national') return true;
  if (c.audience === 'federation') return place.federationId != null && c.federation?.id === place.federationId;
  return place.sectionId != null && c.section?.id === place.sectionId;
}

/**
 * Contributions that come from another plugin's activity (an events' café-débat report), with
 * their provenance written at the head of the text (« Issu du café-débat du … »). The
 * contribution is filed under the member who sends it, in the contribution phase only, to a
 * full consultation whose audience covers the place where the activity happened.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Full consultations in their contribution phase (by the clock, as readers see it: a phase
   * due but not yet taken counts) whose audience covers `place`, soonest closing first. Writes nothing.
   */
  async openFor(place: ContributionPlace): Promise<OpenConsultation[]> {
    const rows: any[] = await strapi.db.query(CONSULTATION_UID).findMany({
      where: { kind: 'full', phase: { $in: ['upcoming', 'contribution'] } },
      select: ['id', 'documentId', 'kind', 'title', 'audience', 'phase', 'opensAt', 'contributionEndsAt', 'analysisEndsAt', 'evaluationEndsAt', 'voteEndsAt'],
      populate: { federation: { select: ['id'] }, section: { select: ['id'] } },
      orderBy: { contributionEndsAt: 'asc' },
    });
    const clock = getService(strapi, 'consultations', 'clock');
    const open: OpenConsultation[] = [];
    for (const c of rows.filter((row) => covers(row, place))) {
      if ((await clock.phaseNow(c)) !== 'contribution') continue;
      open.push({ documentId: c.documentId, title: c.title, audience: c.audience, contributionEndsAt: c.contributionEndsAt ?? null });
    }
    return open;
  },

  /**
   * Files the contribution. Runs in its own transaction (the consultation's row held, as every write in it).
   * @returns the contribution's documentId
   * @throws NotFoundError (404) unknown consultation; ConflictError (409) a quick consultation, outside
   * its audience, or outside the contribution phase
   */
  async contribute(input: {
    consultationDocumentId: string;
    authorMemberId: number | null;
    place: ContributionPlace;
    title: string;
    body: string;
    /** French, e.g. « Issu du café-débat du 12 mars 2026 (Section Nîmes centre) ». */
    provenance: string;
    /** The audit log's actor label (who sent it). */
    actorLabel: string;
    actorUserId: number | null;
  }): Promise<{ documentId: string }> {
    return inPhase(
      strapi,
      input.consultationDocumentId,
      {
        phase: 'contribution',
        action: 'Contribution impossible',
        check: (c) => {
          if (c.kind !== 'full') throw new ConflictError('Une question rapide ne reçoit pas de contributions.');
          if (!covers(c, input.place)) throw new ConflictError('Cette consultation ne concerne pas le périmètre de l’organisateur.');
        },
      },
      async (c) => {
        const body = `${input.provenance}\n\n${input.body}`.slice(0, 5000);
        const contribution = await strapi.documents(CONTRIBUTION_UID).create({
          data: { title: input.title.slice(0, 200), body, category: null, state: 'submitted', consultation: c.id, author: input.authorMemberId } as any,
        });
        await recordAudit(strapi, {
          actor: { kind: 'user', id: input.actorUserId, label: input.actorLabel },
          action: 'plugin::consultations.contribution.submit',
          subject: { type: CONTRIBUTION_UID, id: contribution.documentId },
          federationId: c.federation?.id ?? null,
          details: { consultation: c.documentId, title: input.title, provenance: input.provenance },
        });
        return { documentId: contribution.documentId };
      }
    );
  },
});
