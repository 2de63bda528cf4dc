import type { Core } from '@strapi/strapi';
import { auditActorOf, ForbiddenError, NotFoundError, recordAudit, type Actor } from '@intranet-militant/shared';
import { SOCIO_PROFESSIONAL_CONSENT_VERSION, socioProfessionalLabel, type SocioProfessionalCategory } from '../domain/socio-professional';
import { can } from '../permissions';
import { MEMBER_UID } from '../uids';

/** The member's own socio-professional category and consent, as « Mon adhésion » shows it. */
export interface OwnSocioProfessional {
  category: SocioProfessionalCategory;
  label: string;
  /** ISO instant of the consent. */
  consentedAt: string;
  /** Version of the consent text agreed to. */
  consentVersion: string;
}

function ownMemberId(actor: Actor): number {
  if (!actor.memberId) throw new NotFoundError('Aucune fiche d’adhérent n’est liée à votre compte.');
  if (!can(actor, 'profile.consent', { federationId: actor.federationId, sectionId: actor.sectionId, ownerUserId: actor.userId })) {
    throw new ForbiddenError('Vous ne pouvez pas modifier cette information.');
  }
  return actor.memberId;
}

/**
 * A member shares their socio-professional category (issue 15, composition of bodies) —
 * the caller's own profile only, with the consent box ticked (the route's input requires
 * `consent: true`): records the category, the instant and the consent text's version.
 * Audited without the category itself (the log is read by staff). Returns what is stored.
 * @throws NotFoundError (404) without a member profile; ForbiddenError (403) when the rule refuses.
 */
export async function shareSocioProfessionalCategory(strapi: Core.Strapi, actor: Actor, category: SocioProfessionalCategory, now: Date = new Date()): Promise<OwnSocioProfessional> {
  const consentedAt = now.toISOString();
  await writeOwnCategory(strapi, actor, 'consent', { category, consentedAt, consentVersion: SOCIO_PROFESSIONAL_CONSENT_VERSION });
  return { category, label: socioProfessionalLabel(category)!, consentedAt, consentVersion: SOCIO_PROFESSIONAL_CONSENT_VERSION };
}

/**
 * A member withdraws their consent: the category, the consent's instant and version are
 * erased at once (the compositions computed from now on no longer count it). Idempotent.
 * Audited. @throws as `shareSocioProfessionalCategory`.
 */
export async function withdrawSocioProfessionalCategory(strapi: Core.Strapi, actor: Actor): Promise<void> {
  await writeOwnCategory(strapi, actor, 'withdrawal', { category: null, consentedAt: null, consentVersion: null });
}

/** Writes the caller's own category, consent instant and version, and audits the step (never the category). */
async function writeOwnCategory(
  strapi: Core.Strapi,
  actor: Actor,
  step: 'consent' | 'withdrawal',
  value: { category: SocioProfessionalCategory | null; consentedAt: string | null; consentVersion: string | null }
): Promise<void> {
  const memberId = ownMemberId(actor);
  await strapi.db.transaction(async () => {
    await strapi.db.query(MEMBER_UID).update({
      where: { id: memberId },
      data: { socioProfessionalCategory: value.category, socioProfessionalConsentedAt: value.consentedAt, socioProfessionalConsentVersion: value.consentVersion },
    });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: `plugin::membership.member.socio-professional-${step}`,
      subject: { type: MEMBER_UID, id: actor.memberDocumentId ?? String(memberId) },
      federationId: actor.federationId ?? null,
      details: value.consentVersion ? { consentVersion: value.consentVersion } : {},
    });
  });
}

/** What the member shared, or null (read for « Mon adhésion » and « Mes données »). */
export function ownSocioProfessional(row: { socioProfessionalCategory?: string | null; socioProfessionalConsentedAt?: string | null; socioProfessionalConsentVersion?: string | null }): OwnSocioProfessional | null {
  if (!row.socioProfessionalCategory || !row.socioProfessionalConsentedAt) return null;
  return {
    category: row.socioProfessionalCategory as SocioProfessionalCategory,
    label: socioProfessionalLabel(row.socioProfessionalCategory) ?? row.socioProfessionalCategory,
    consentedAt: new Date(row.socioProfessionalConsentedAt).toISOString(),
    consentVersion: row.socioProfessionalConsentVersion ?? '',
  };
}
