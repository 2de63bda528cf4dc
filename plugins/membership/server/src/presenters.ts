import { todayInParis } from '@intranet-militant/shared';
import { effectiveStatus, standingOf, type Eligibility } from './domain/eligibility';

/** API shapes of membership data: what members and staff receive, nothing more. */

export const presentFederation = (f: any) => ({
  documentId: f.documentId,
  name: f.name,
  departmentCode: f.departmentCode,
});

export const presentSection = (s: any) => ({
  documentId: s.documentId,
  name: s.name,
  federation: s.federation ? presentFederation(s.federation) : undefined,
});

export const presentMember = (m: any) => ({
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
  /** As it stands today: a suspension whose end has passed reads as active. */
  status: effectiveStatus(standingOf(m), todayInParis()),
  statusReason: m.statusReason ?? null,
  statusChangedOn: m.statusChangedOn ?? null,
  suspendedUntil: m.suspendedUntil ?? null,
});

export const presentDue = (d: any) => ({
  documentId: d.documentId,
  year: d.year,
  amountCents: d.amountCents,
  paidOn: d.paidOn,
  method: d.method,
  reference: d.reference ?? null,
  cancelledOn: d.cancelledOn ?? null,
  cancelReason: d.cancelReason ?? null,
});

export const presentEligibility = (e: Eligibility) => e;

/** Where a member stands for permission checks. */
export const subjectOfMember = (m: any) => ({
  federationId: m.federation?.id ?? null,
  sectionId: m.section?.id ?? null,
  ownerUserId: m.user?.id ?? null,
});
