import { defineManifest, type SearchVisibility } from '@intranet-militant/shared';
import { consultationPermissions } from './permissions';
import { CONSULTATION_UID, CONTRIBUTION_UID, PROPOSAL_UID, SECTION_UID, SYNTHESIS_UID } from './uids';

const PUBLIC_FROM_EVALUATION = new Set(['evaluation', 'vote', 'results']);
const PUBLIC_FROM_VOTE = new Set(['vote', 'results']);

const audienceOf = (c: any): SearchVisibility => ({
  audience: c?.audience ?? 'national',
  federationId: c?.federation?.id ?? null,
  sectionId: c?.section?.id ?? null,
});
const consultationPopulate = { consultation: { populate: { federation: true, section: true } } };
/** Their consultation's phase and audience decide who sees them. */
const followConsultation = { uid: CONSULTATION_UID, where: ({ id }: { id: number }) => ({ consultation: { id } }) };

export const consultationsModule = defineManifest({
  id: 'consultations',
  label: 'Consultations',
  description: 'Consultations des adhérents : contributions, propositions évaluées sur l’effort et l’impact, synthèse adoptée par vote ; questions rapides.',
  defaultEnabled: false,
  permissions: consultationPermissions.table,
  searchable: [
    {
      type: 'proposal',
      label: 'Propositions',
      uid: PROPOSAL_UID,
      populate: consultationPopulate,
      toDocument: (p: any) =>
        p.state === 'active' && PUBLIC_FROM_EVALUATION.has(p.consultation?.phase)
          ? {
              id: `proposal:${p.documentId}`,
              type: 'proposal',
              title: p.title,
              body: p.summary ?? '',
              date: p.createdAt ?? null,
              facets: { consultation: p.consultation.documentId },
              link: `/consultations/${p.consultation.documentId}/proposals`,
              visibility: audienceOf(p.consultation),
            }
          : null,
      follows: [followConsultation],
    },
    {
      type: 'synthesis',
      label: 'Synthèses',
      uid: SYNTHESIS_UID,
      populate: { ...consultationPopulate, sections: true },
      toDocument: (s: any) =>
        PUBLIC_FROM_VOTE.has(s.consultation?.phase)
          ? {
              id: `synthesis:${s.documentId}`,
              type: 'synthesis',
              title: s.title,
              body: [s.preamble, ...(s.sections ?? []).map((x: any) => `${x.title}\n${x.text ?? ''}`)].filter(Boolean).join('\n\n'),
              date: s.updatedAt ?? null,
              facets: { state: s.state },
              link: `/consultations/${s.consultation.documentId}/synthesis`,
              visibility: audienceOf(s.consultation),
            }
          : null,
      follows: [followConsultation, { uid: SECTION_UID, where: ({ id }: { id: number }) => ({ sections: { id } }) }],
    },
    {
      type: 'contribution',
      label: 'Contributions',
      uid: CONTRIBUTION_UID,
      populate: { ...consultationPopulate, author: { populate: { user: true } } },
      // Contributions are internal to the team running the consultation.
      toDocument: (x: any) =>
        x.state === 'submitted' && x.consultation
          ? {
              id: `contribution:${x.documentId}`,
              type: 'contribution',
              title: x.title,
              body: x.body,
              date: x.createdAt ?? null,
              facets: { consultation: x.consultation.documentId, category: x.category ?? 'sans-categorie' },
              link: `/consultations/${x.consultation.documentId}/contributions/${x.documentId}`,
              // National consultations are run nationally: federation staff do not read them.
              visibility: {
                ...audienceOf(x.consultation),
                roles: x.consultation.audience === 'national' ? ['national-admin'] : ['federation-staff', 'national-admin'],
                ownerUserId: x.author?.user?.id ?? null, // its author finds it too
              },
            }
          : null,
      follows: [followConsultation],
    },
  ],
});
