import type { Core } from '@strapi/strapi';
import { auditActorOf, effectiveStatus, fieldError, ForbiddenError, getService, mayTakePart, NotFoundError, recordAudit, SYSTEM_ACTOR, todayInParis, withTransaction, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type { TermRow } from '../domain/terms';
import { sees, served } from '../domain/visibility';
import { assertConsultsDirectory, switchedOff } from '../access';
import { CONSENT_VERSION, type TermKind } from '../domain/vocabulary';
import { can } from '../permissions';
import { NETWORK_MEMBERS, PROFILE_TERMS, TERMS } from '../storage';
import { PROFILE_UID } from '../uids';
import type { ProfileInput } from '../validation/schemas';
import { indexedSnapshot, levelColumns, packList, type ProfileRow } from './profile-index';

const now = () => new Date().toISOString();

/** The member's profile row, or null. */
export async function profileOfMember(strapi: Core.Strapi, memberId: number): Promise<ProfileRow | null> {
  return (await strapi.db.query(PROFILE_UID).findOne({ where: { memberId } })) as ProfileRow | null;
}

/** The actor's member id; 403 for an account without a member profile (national staff accounts). */
function memberIdOf(actor: Actor): number {
  if (actor.memberId == null) throw new ForbiddenError('Une fiche de compétences appartient à un adhérent : ce compte n’a pas de fiche d’adhérent.');
  return actor.memberId;
}

/** Where the member belongs, their name, and their status as it stands today, read from membership. */
async function standingOf(strapi: Core.Strapi, memberId: number) {
  const member = await getService(strapi, 'membership', 'directory').memberById(memberId);
  if (!member) throw new NotFoundError('Adhérent introuvable.');
  // The status as it stands today (a suspension past its end date is over).
  const status = effectiveStatus({ status: member.membershipStatus, suspendedUntil: member.suspendedUntil ?? null, leftOn: member.leftOn ?? null }, todayInParis());
  return {
    status,
    place: {
      userId: member.user?.id ?? null,
      federationId: member.federation?.id ?? null,
      sectionId: member.section?.id ?? null,
      displayName: `${member.firstName} ${member.lastName}`,
      sectionName: member.section?.name ?? null,
      memberActive: mayTakePart(status),
    },
  };
}

/** Where the member belongs and their name, read from membership at each write. */
async function placeOf(strapi: Core.Strapi, memberId: number) {
  return (await standingOf(strapi, memberId)).place;
}

/**
 * The profile of the member, made empty (not listed, visible to staff only) when missing; an
 * existing one gets the member's place and is listed when consented and the member active today
 * (so a suspension ended by its date lists it again at the member's next write).
 */
async function ensureProfile(strapi: Core.Strapi, memberId: number): Promise<ProfileRow> {
  const place = await placeOf(strapi, memberId);
  const existing = await profileOfMember(strapi, memberId);
  if (existing) {
    return (await strapi.db.query(PROFILE_UID).update({ where: { id: existing.id }, data: { ...place, listed: existing.consentVersion != null && place.memberActive } })) as ProfileRow;
  }
  return (await strapi.db.query(PROFILE_UID).create({
    data: { memberId, ...place, listed: false, visibility: 'staff', fieldLevels: {}, ...levelColumns('staff', {}), indexed: {} },
  })) as ProfileRow;
}

/** Writes the search snapshot (the search plugin's watch enqueues the profile). */
async function reindex(strapi: Core.Strapi, trx: any, profile: ProfileRow): Promise<ProfileRow> {
  return (await strapi.db.query(PROFILE_UID).update({ where: { id: profile.id }, data: { indexed: await indexedSnapshot(trx, profile) } })) as ProfileRow;
}

/**
 * The member opts in to the directory (GDPR art. 9(2)(a): explicit consent) to the text of
 * `CONSENT_VERSION`: the version and the instant are recorded; the profile is listed at
 * once when the member is active. Audited. 400 when the version is not the current text's.
 */
export async function giveConsent(strapi: Core.Strapi, actor: Actor, version: string): Promise<ProfileRow> {
  const memberId = memberIdOf(actor);
  if (version !== CONSENT_VERSION) throw fieldError('version', 'Ce n’est pas la version actuelle du texte de consentement : relisez-le et acceptez-le à nouveau.');
  return withTransaction(strapi, async (trx) => {
    const profile = await ensureProfile(strapi, memberId);
    const updated = (await strapi.db.query(PROFILE_UID).update({
      where: { id: profile.id },
      data: { consentVersion: version, consentedAt: now(), withdrawnAt: null, listed: profile.memberActive },
    })) as ProfileRow;
    await recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::skills.consent.give', subject: { type: PROFILE_UID, id: updated.documentId }, federationId: updated.federationId, details: { version } });
    return reindex(strapi, trx, updated);
  });
}

/**
 * The member withdraws consent (GDPR art. 7(3)): the profile leaves the directory, network
 * lists, exports and the search index at once (the index entry is removed by the outbox in
 * the same transaction). What they entered stays visible to them alone, until they erase it.
 * Audited. 404 when they have no profile.
 */
export async function withdrawConsent(strapi: Core.Strapi, actor: Actor): Promise<ProfileRow> {
  const memberId = memberIdOf(actor);
  return withTransaction(strapi, async () => {
    const profile = await profileOfMember(strapi, memberId);
    if (!profile) throw new NotFoundError('Vous n’avez pas de fiche de compétences.');
    const updated = (await strapi.db.query(PROFILE_UID).update({ where: { id: profile.id }, data: { listed: false, consentVersion: null, withdrawnAt: now() } })) as ProfileRow;
    await recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::skills.consent.withdraw', subject: { type: PROFILE_UID, id: profile.documentId }, federationId: profile.federationId, details: {} });
    return updated;
  });
}

/** Erases the member's profile, its links and network memberships (GDPR art. 17). Audited. 404 without a profile. */
export async function eraseProfile(strapi: Core.Strapi, actor: Actor): Promise<void> {
  const memberId = memberIdOf(actor);
  await withTransaction(strapi, async (trx) => {
    const profile = await profileOfMember(strapi, memberId);
    if (!profile) throw new NotFoundError('Vous n’avez pas de fiche de compétences.');
    await trx(PROFILE_TERMS).where({ profile_id: profile.id }).delete();
    await trx(NETWORK_MEMBERS).where({ member_id: memberId }).delete();
    await strapi.db.query(PROFILE_UID).delete({ where: { id: profile.id } });
    await recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::skills.profile.erase', subject: { type: PROFILE_UID, id: profile.documentId }, federationId: profile.federationId, details: {} });
  });
}

/** The active terms of that kind with these slugs; 400 naming the unknown ones (`path`). */
async function termsOf(trx: any, slugs: string[], kind: TermKind, path: string, label: string, feminine = false): Promise<Map<string, TermRow>> {
  if (slugs.length === 0) return new Map();
  const rows: TermRow[] = await trx(TERMS).whereIn('slug', [...new Set(slugs)]).where({ kind, status: 'active' });
  const found = new Map(rows.map((r) => [r.slug, r]));
  const unknown = slugs.filter((s) => !found.has(s));
  if (unknown.length) throw fieldError(path, `${label} inconnu${feminine ? 'e' : ''}${unknown.length > 1 ? 's' : ''} du vocabulaire : ${unknown.join(', ')}.`);
  return found;
}

/**
 * Saves the member's profile: skills (levels 1–4; a confirmation is kept while the level
 * is unchanged), sector, networks, interests, willingness, hours per month, languages,
 * visibility of the profile and stricter per-field overrides (an override wider than the
 * profile is capped to it). Works before consent (nothing is shown until then). Audited
 * (which fields changed, never their values). 400 for an unknown term, a level outside 1–4.
 */
export async function saveProfile(strapi: Core.Strapi, actor: Actor, input: ProfileInput): Promise<ProfileRow> {
  const memberId = memberIdOf(actor);
  return withTransaction(strapi, async (trx) => {
    const skills = await termsOf(trx, input.skills.map((s) => s.term), 'skill', 'skills', 'Compétence', true);
    const networks = await termsOf(trx, input.networks, 'network', 'networks', 'Réseau');
    const interests = await termsOf(trx, input.interests, 'interest', 'interests', 'Centre d’intérêt');
    const profile = await ensureProfile(strapi, memberId);
    const previous: { term_id: number; level: number | null; confirmed_by: number | null; confirmed_by_label: string | null; confirmed_at: string | null }[] =
      await trx(PROFILE_TERMS).where({ profile_id: profile.id }).select('term_id', 'level', 'confirmed_by', 'confirmed_by_label', 'confirmed_at');
    const before = new Map(previous.map((p) => [Number(p.term_id), p]));
    await trx(PROFILE_TERMS).where({ profile_id: profile.id }).delete();
    const rows = [
      ...input.skills.map((s) => {
        const term = skills.get(s.term)!;
        const kept = before.get(term.id);
        const confirmed = kept && kept.level === s.level ? kept : null;
        return { profile_id: profile.id, term_id: term.id, kind: 'skill', level: s.level, confirmed_by: confirmed?.confirmed_by ?? null, confirmed_by_label: confirmed?.confirmed_by_label ?? null, confirmed_at: confirmed?.confirmed_at ?? null };
      }),
      ...[...networks.values()].map((t) => ({ profile_id: profile.id, term_id: t.id, kind: 'network', level: null, confirmed_by: null, confirmed_by_label: null, confirmed_at: null })),
      ...[...interests.values()].map((t) => ({ profile_id: profile.id, term_id: t.id, kind: 'interest', level: null, confirmed_by: null, confirmed_by_label: null, confirmed_at: null })),
    ];
    const unique = [...new Map(rows.map((r) => [r.term_id, r])).values()];
    if (unique.length) await trx(PROFILE_TERMS).insert(unique);
    const updated = (await strapi.db.query(PROFILE_UID).update({
      where: { id: profile.id },
      data: {
        visibility: input.visibility,
        fieldLevels: input.fieldLevels,
        ...levelColumns(input.visibility, input.fieldLevels),
        sector: input.sector,
        willingness: packList(input.willingness),
        hoursPerMonth: input.hoursPerMonth,
        languages: packList(input.languages),
      },
    })) as ProfileRow;
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::skills.profile.update',
      subject: { type: PROFILE_UID, id: profile.documentId },
      federationId: profile.federationId,
      details: { visibility: input.visibility, skills: input.skills.length, networks: input.networks.length, interests: input.interests.length },
    });
    return reindex(strapi, trx, updated);
  });
}

/**
 * Membership told us a member's status changed or that they left: a suspended, excluded or
 * departed member leaves the directory and the index at once (in membership's transaction);
 * a reinstated member comes back if they had consented. No-op without a profile.
 */
export async function onMemberStatus(strapi: Core.Strapi, memberId: number, status: 'active' | 'suspended' | 'excluded' | 'left'): Promise<void> {
  const profile = await profileOfMember(strapi, memberId);
  if (!profile) return;
  const active = status === 'active';
  await strapi.db.query(PROFILE_UID).update({ where: { id: profile.id }, data: { memberActive: active, listed: active && profile.consentVersion != null } });
  await recordAudit(strapi, { actor: SYSTEM_ACTOR, action: 'plugin::skills.profile.member-status', subject: { type: PROFILE_UID, id: profile.documentId }, federationId: profile.federationId, details: { status } });
}

/**
 * Membership told us a member who had left came back (« réadhésion », `membership.member.returned`):
 * the profile's copy of their place is refreshed and it is listed again when they had consented
 * and may take part today (a suspension still running keeps it out: the status is read as it
 * stands, not assumed), in membership's transaction; the query engine's write re-indexes it
 * (the search outbox of that transaction). No-op without a profile. Audited
 * (`plugin::skills.profile.member-status`, cause `return`).
 */
export async function onMemberReturned(strapi: Core.Strapi, memberId: number): Promise<void> {
  await withTransaction(strapi, async (trx) => {
    const profile = await profileOfMember(strapi, memberId);
    if (!profile) return;
    const { status, place } = await standingOf(strapi, memberId);
    const listed = profile.consentVersion != null && place.memberActive;
    await strapi.db.query(PROFILE_UID).update({ where: { id: profile.id }, data: { ...place, listed, indexed: await indexedSnapshot(trx, profile) } });
    await recordAudit(strapi, {
      actor: SYSTEM_ACTOR,
      action: 'plugin::skills.profile.member-status',
      subject: { type: PROFILE_UID, id: profile.documentId },
      federationId: place.federationId,
      details: { status, listed, cause: 'return' },
    });
  });
}

/**
 * Membership told us a member moved to another section or federation: the profile's copy of
 * their place (section, its name, federation) is refreshed in membership's transaction, and the
 * query engine's write re-indexes it, so the former section no longer finds them and the new
 * one does. Listing and consent are untouched. No-op without a profile. Audited.
 */
export async function onMemberMoved(strapi: Core.Strapi, memberId: number): Promise<void> {
  const profile = await profileOfMember(strapi, memberId);
  if (!profile) return;
  const { memberActive: _active, ...place } = await placeOf(strapi, memberId);
  await strapi.db.query(PROFILE_UID).update({ where: { id: profile.id }, data: place });
  await recordAudit(strapi, {
    actor: SYSTEM_ACTOR,
    action: 'plugin::skills.profile.member-moved',
    subject: { type: PROFILE_UID, id: profile.documentId },
    federationId: place.federationId,
    details: { fromSectionId: profile.sectionId, toSectionId: place.sectionId, fromFederationId: profile.federationId, toFederationId: place.federationId },
  });
}

/** Does the actor coordinate a network this member joined and shared their skills with? */
async function coordinatesMember(trx: any, actor: Actor, memberId: number): Promise<boolean> {
  if (actor.memberId == null) return false;
  const rows: { shared_fields: string }[] = await trx(`${NETWORK_MEMBERS} as c`)
    .join(`${NETWORK_MEMBERS} as m`, 'm.network_id', 'c.network_id')
    .where({ 'c.member_id': actor.memberId, 'c.role': 'coordinator', 'm.member_id': memberId })
    .select('m.shared_fields');
  return rows.some((r) => String(r.shared_fields).includes('"skills"'));
}

/**
 * Confirms a member's self-assessed skill at its level: staff of the member's federation,
 * national staff, or a coordinator of a network the member joined; records who and when.
 * A profile the actor may not see (or of a federation that switched the module off), or a
 * skill not on it → 404. Others, and a suspended member, → 403. Audited.
 */
export async function confirmSkill(strapi: Core.Strapi, actor: Actor, profileDocumentId: string, termSlug: string) {
  assertConsultsDirectory(actor);
  const off = await switchedOff(strapi);
  return withTransaction(strapi, async (trx) => {
    const profile = (await strapi.db.query(PROFILE_UID).findOne({ where: { documentId: profileDocumentId } })) as ProfileRow | null;
    // A coordinator sees the skills a network member shared with the network, whatever the directory shows.
    const coordinator = profile?.listed ? await coordinatesMember(trx, actor, profile.memberId) : false;
    if (!profile || (!coordinator && !sees(actor, profile, profile.skillsLevel)) || !served(profile, off)) throw new NotFoundError('Fiche introuvable.');
    // Staff reach the member's federation (or everything); other roles hold `self`, which no subject here owns.
    if (!coordinator && !can(actor, 'skill.confirm', { federationId: profile.federationId })) {
      throw new ForbiddenError('Seuls l’équipe de la fédération de l’adhérent et les coordinateurs de ses réseaux confirment une compétence.');
    }
    if (profile.memberId === actor.memberId) throw new ForbiddenError('On ne confirme pas ses propres compétences.');
    const term = await trx(TERMS).where({ slug: termSlug }).first('id', 'label');
    const link = term ? await trx(PROFILE_TERMS).where({ profile_id: profile.id, term_id: term.id, kind: 'skill' }).first() : null;
    if (!link) throw new NotFoundError('Cette compétence n’est pas sur la fiche.');
    const at = now();
    await trx(PROFILE_TERMS).where({ profile_id: profile.id, term_id: term.id }).update({ confirmed_by: actor.userId, confirmed_by_label: actor.name, confirmed_at: at });
    await recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::skills.skill.confirm', subject: { type: PROFILE_UID, id: profile.documentId }, federationId: profile.federationId, details: { skill: termSlug, level: link.level } });
    return { profile: profile.documentId, term: termSlug, label: term.label as string, level: Number(link.level), confirmed: { by: actor.name, at } };
  });
}
