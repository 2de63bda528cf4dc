import { effectiveStatus, todayInParis, type Subject } from '@intranet-militant/shared';
import { ownSocioProfessional } from './commands/socio-professional';
import { SOCIO_PROFESSIONAL_CATEGORIES, SOCIO_PROFESSIONAL_CONSENT_TEXT } from './domain/socio-professional';
import type { DueRow, FederationRow, MemberRow, SectionRow } from './services/directory';

/** API shapes of membership data: what members and staff receive, nothing more. */

export const presentFederation = (f: FederationRow) => ({
  documentId: f.documentId,
  name: f.name,
  departmentCode: f.departmentCode,
});

export const presentSection = (s: SectionRow) => ({
  documentId: s.documentId,
  name: s.name,
  federation: s.federation ? presentFederation(s.federation) : undefined,
});

export const presentMember = (m: MemberRow) => ({
  documentId: m.documentId,
  membershipNumber: m.membershipNumber,
  firstName: m.firstName,
  lastName: m.lastName,
  email: m.user?.email ?? null,
  phone: m.phone ?? null,
  role: m.user?.role?.type ?? null,
  federation: m.federation ? presentFederation(m.federation) : null,
  section: m.section ? { documentId: m.section.documentId, name: m.section.name } : null,
  joinedOn: m.joinedOn,
  /** Staff-only personal data: this shape goes only to officers who may read the profile and to the member. */
  sex: m.sex ?? null,
  birthYear: m.birthYear ?? null,
  /** As it stands today: a suspension whose end has passed reads as active. */
  status: effectiveStatus({ status: m.membershipStatus, suspendedUntil: m.suspendedUntil ?? null, leftOn: m.leftOn ?? null }, todayInParis()),
  statusReason: m.statusReason ?? null,
  statusChangedOn: m.statusChangedOn ?? null,
  suspendedUntil: m.suspendedUntil ?? null,
});

/**
 * The member's own profile (« Mon adhésion »): what staff see, plus what the member alone
 * sees — the socio-professional category they consented to share, with the consent text.
 */
export const presentOwnMember = (m: MemberRow) => ({
  ...presentMember(m),
  socioProfessional: ownSocioProfessional(m),
  socioProfessionalConsentText: SOCIO_PROFESSIONAL_CONSENT_TEXT,
  socioProfessionalCategories: SOCIO_PROFESSIONAL_CATEGORIES,
});

export const presentDue = (d: DueRow) => ({
  documentId: d.documentId,
  year: d.year,
  amountCents: d.amountCents,
  paidOn: d.paidOn,
  method: d.method,
  reference: d.reference ?? null,
  cancelledOn: d.cancelledOn ?? null,
  cancelReason: d.cancelReason ?? null,
});

/** Where a member stands for permission checks (and which federation's log records it). */
export interface MemberSubject extends Subject {
  federationId: number | null;
  sectionId: number | null;
  ownerUserId: number | null;
}

export const subjectOfMember = (m: Pick<MemberRow, 'federation' | 'section' | 'user'>): MemberSubject => ({
  federationId: m.federation?.id ?? null,
  sectionId: m.section?.id ?? null,
  ownerUserId: m.user?.id ?? null,
});
