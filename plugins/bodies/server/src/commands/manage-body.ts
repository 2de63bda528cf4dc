import type { Core } from '@strapi/strapi';
import { auditActorOf, fieldError, ForbiddenError, getService, recordAudit, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { can } from '../permissions';
import { BODY_UID } from '../uids';
import type { BodyInput, BodyUpdate } from '../validation/schemas';
import { assertManages, BODY_POPULATE, loadBodyForWrite, subjectOf, type BodyRow } from './checks';

const directory = (strapi: Core.Strapi) => getService(strapi, 'membership', 'directory');

/**
 * Where a new body lives, from its level: national (none), a federation (the one named, else
 * the caller's own, as events do), a section (and its federation). 400 when missing or unknown
 * (another federation's section: as unknown; a federation is named openly, every member lists them).
 */
async function placeOf(strapi: Core.Strapi, actor: Actor, input: BodyInput): Promise<{ federationId: number | null; sectionId: number | null }> {
  if (input.level === 'national') return { federationId: null, sectionId: null };
  if (input.level === 'section') {
    if (!input.section) throw fieldError('section', 'Une instance de section a besoin de sa section.');
    const section = await directory(strapi).sectionByDocumentId(input.section);
    // Another federation's section looks absent (membership's `section.read`).
    if (!section || !directory(strapi).mayReadSection(actor, { federationId: section.federation?.id ?? null })) throw fieldError('section', 'Section introuvable.');
    return { federationId: section.federation?.id ?? null, sectionId: section.id };
  }
  if (!input.federation) {
    if (actor.federationId == null) throw fieldError('federation', 'Une instance fédérale a besoin de sa fédération.');
    return { federationId: actor.federationId, sectionId: null };
  }
  const federation = await directory(strapi).federationByDocumentId(input.federation);
  if (!federation) throw fieldError('federation', 'Fédération introuvable.');
  return { federationId: federation.id, sectionId: null };
}

/** The secretariat's member id: a member of the body's federation (any member for a national body). 400 otherwise. */
async function secretariatOf(strapi: Core.Strapi, documentId: string | null | undefined, federationId: number | null): Promise<number | null | undefined> {
  if (documentId === undefined) return undefined;
  if (documentId === null) return null;
  const member = await directory(strapi).memberByDocumentId(documentId);
  if (!member || (federationId !== null && member.federation?.id !== federationId)) {
    throw fieldError('secretariat', 'Le ou la secrétaire est un adhérent de la fédération de l’instance.');
  }
  return member.id;
}

/**
 * Creates a body at its level: national admins (national), staff of the federation, a
 * section's secretary (their section's). Audited. Throws 400 (place, secretariat), 403 (not theirs).
 */
export async function createBody(strapi: Core.Strapi, actor: Actor, input: BodyInput): Promise<BodyRow> {
  const place = await placeOf(strapi, actor, input);
  if (!can(actor, 'body.manage', place)) throw new ForbiddenError('Vous ne gérez pas les instances de ce niveau ou de ce lieu.');
  const secretariat = await secretariatOf(strapi, input.secretariat, place.federationId);
  return strapi.db.transaction(async () => {
    const created = await strapi.db.query(BODY_UID).create({
      data: {
        name: input.name,
        level: input.level,
        kind: input.kind,
        seatCount: input.seatCount,
        parityRequired: input.parityRequired,
        absenceAlertAfter: input.absenceAlertAfter,
        federation: place.federationId,
        section: place.sectionId,
        secretariat: secretariat ?? null,
      },
      populate: BODY_POPULATE,
    });
    // The admin panel's federation scope reads a copy of the department code.
    await getService(strapi, 'membership', 'admin-scope').refreshFederationCode(BODY_UID, created.documentId);
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::bodies.body.create',
      subject: { type: BODY_UID, id: created.documentId },
      federationId: place.federationId,
      details: { name: input.name, level: input.level, kind: input.kind },
    });
    return created as BodyRow;
  });
}

/** Changes a body's name, kind, seats, parity, secretariat or alert threshold (not its level or place). Audited; 404/403/400. */
export async function updateBody(strapi: Core.Strapi, actor: Actor, documentId: string, input: BodyUpdate): Promise<BodyRow> {
  const body = await loadBodyForWrite(strapi, actor, documentId);
  assertManages(actor, body);
  const secretariat = await secretariatOf(strapi, input.secretariat, subjectOf(body).federationId ?? null);
  const data: Record<string, unknown> = { ...input };
  if (secretariat !== undefined) data.secretariat = secretariat;
  return strapi.db.transaction(async () => {
    const updated = await strapi.db.query(BODY_UID).update({ where: { id: body.id }, data, populate: BODY_POPULATE });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::bodies.body.update',
      subject: { type: BODY_UID, id: body.documentId },
      federationId: body.federation?.id ?? null,
      details: { changed: Object.keys(input) },
    });
    return updated as BodyRow;
  });
}
