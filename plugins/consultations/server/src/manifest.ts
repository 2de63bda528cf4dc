import { audienceOf, defineManifest, type Audience, type SearchVisibility } from '@intranet-militant/shared';
import { consultationCalendar } from './calendar';
import { consultationNotifications } from './notifications';
import { consultationPermissions } from './permissions';
import { CONSULTATION_UID, CONTRIBUTION_UID, PROPOSAL_UID, SECTION_UID, SYNTHESIS_UID } from './uids';

const PUBLIC_FROM_EVALUATION = new Set(['evaluation', 'vote', 'results']);
const PUBLIC_FROM_VOTE = new Set(['vote', 'results']);

/** What the search reads of an entry's consultation (populated as `consultationPopulate` says). */
interface OfConsultation {
  consultation?: { documentId: string; phase: string; audience: Audience; federation?: { id: number } | null; section?: { id: number } | null } | null;
}
type Dated = { documentId: string; title: string; createdAt?: string | null; updatedAt?: string | null };

/** Who is addressed by the entry's consultation: the shared audience target, which the search's visibility renders. */
const visibilityOf = (c: OfConsultation['consultation']): SearchVisibility => {
  const { audience, federationId, sectionId } = c ? audienceOf(c) : { audience: 'national' as const, federationId: null, sectionId: null };
  return { audience, federationId, sectionId };
};
const consultationPopulate = { consultation: { populate: { federation: true, section: true } } };
/** Their consultation's phase and audience decide who sees them. */
const followConsultation = { uid: CONSULTATION_UID, where: ({ id }: { id: number }) => ({ consultation: { id } }) };

export const consultationsModule = defineManifest({
  id: 'consultations',
  label: 'Consultations',
  description: 'Consultations des adhérents : contributions, propositions évaluées sur l’effort et l’impact, synthèse adoptée par vote ; questions rapides.',
  defaultEnabled: false,
  permissions: consultationPermissions.table,
  notifications: consultationNotifications,
  calendar: consultationCalendar,
  searchable: [
    {
      type: 'proposal',
      label: 'Propositions',
      uid: PROPOSAL_UID,
      populate: consultationPopulate,
      toDocument: (p: Dated & OfConsultation & { state: string; summary?: string | null }) =>
        p.state === 'active' && p.consultation && PUBLIC_FROM_EVALUATION.has(p.consultation.phase)
          ? {
              id: `proposal:${p.documentId}`,
              type: 'proposal',
              title: p.title,
              body: p.summary ?? '',
              date: p.createdAt ?? null,
              facets: { consultation: p.consultation.documentId },
              link: `/consultations/${p.consultation.documentId}/proposals`,
              visibility: visibilityOf(p.consultation),
            }
          : null,
      follows: [followConsultation],
    },
    {
      type: 'synthesis',
      label: 'Synthèses',
      uid: SYNTHESIS_UID,
      populate: { ...consultationPopulate, sections: true },
      toDocument: (s: Dated & OfConsultation & { state: string; preamble?: string | null; sections?: { title: string; text?: string | null }[] }) =>
        s.consultation && PUBLIC_FROM_VOTE.has(s.consultation.phase)
          ? {
              id: `synthesis:${s.documentId}`,
              type: 'synthesis',
              title: s.title,
              body: [s.preamble, ...(s.sections ?? []).map((x) => `${x.title}\n${x.text ?? ''}`)].filter(Boolean).join('\n\n'),
              date: s.updatedAt ?? null,
              facets: { state: s.state },
              link: `/consultations/${s.consultation.documentId}/synthesis`,
              visibility: visibilityOf(s.consultation),
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
      toDocument: (x: Dated & OfConsultation & { state: string; body: string; category?: string | null; author?: { erasedOn?: string | null; user?: { id: number } | null } | null }) =>
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
                ...visibilityOf(x.consultation),
                roles: x.consultation.audience === 'national' ? ['national-admin'] : ['federation-staff', 'national-admin'],
                // its author finds it too, while they are a member (an erased one's account is no one's)
                ownerUserId: x.author?.erasedOn ? null : x.author?.user?.id ?? null,
              },
            }
          : null,
      follows: [followConsultation],
    },
  ],
});
