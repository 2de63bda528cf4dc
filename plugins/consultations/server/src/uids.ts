export const CONSULTATION_UID = 'plugin::consultations.consultation' as const;
export const CONTRIBUTION_UID = 'plugin::consultations.contribution' as const;
export const PROPOSAL_UID = 'plugin::consultations.proposal' as const;
export const SYNTHESIS_UID = 'plugin::consultations.synthesis' as const;
export const SECTION_UID = 'plugin::consultations.synthesis-section' as const;
export const CONCEPT_UID = 'plugin::consultations.grouping-concept' as const;
export const REJECTION_UID = 'plugin::consultations.grouping-rejection' as const;
export const EMBEDDING_UID = 'plugin::consultations.grouping-embedding' as const;
