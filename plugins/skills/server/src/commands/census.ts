import type { Core } from '@strapi/strapi';
import { auditActorOf, fieldError, MASK_BELOW, ForbiddenError, getService, NotFoundError, recordAudit, ROLES, todayInParis, withTransaction, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { censusFigures } from '../domain/census';
import { can } from '../permissions';
import { CENSUSES } from '../storage';
import { PROFILE_UID } from '../uids';
import type { CensusInput } from '../validation/schemas';

export interface CensusRow {
  id: number;
  federation_id: number;
  title: string;
  message: string | null;
  opened_on: string;
  closes_on: string;
  created_by: string;
  created_by_member?: number | null;
  created_at: string;
}

/**
 * Opens a census campaign in a federation (its staff; national staff name the federation):
 * its members are invited to fill in their profile by the notification « Recensement des
 * compétences » (sent by the notifications clock). Audited. 403, 400 (closing date past).
 */
export async function createCensus(strapi: Core.Strapi, actor: Actor, input: CensusInput): Promise<CensusRow> {
  let federationId = actor.federationId;
  if (input.federation) {
    const federation = await getService(strapi, 'membership', 'directory').federationByDocumentId(input.federation);
    if (!federation) throw fieldError('federation', 'Fédération introuvable.');
    federationId = federation.id;
  }
  if (federationId == null) throw fieldError('federation', 'Indiquez la fédération recensée.');
  if (!can(actor, 'census.manage', { federationId })) throw new ForbiddenError('Vous ne recensez pas les adhérents de cette fédération.');
  const today = todayInParis();
  if (input.closesOn < today) throw fieldError('closesOn', 'La date de clôture est passée.');
  return withTransaction(strapi, async (trx) => {
    const [census] = await trx(CENSUSES)
      .insert({ federation_id: federationId, title: input.title, message: input.message, opened_on: today, closes_on: input.closesOn, created_by: actor.label, created_by_member: actor.memberId, created_at: new Date().toISOString() })
      .returning('*');
    await recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::skills.census.create', subject: { type: CENSUSES, id: census.id }, federationId, details: { title: input.title, closesOn: input.closesOn } });
    return census as CensusRow;
  });
}

/**
 * How far a census got: per section, active members and those who consented to the
 * directory, with the federation's total, masked by `censusFigures` (the shared secrecy rule:
 * under 5 masked, zero included, plus a second cell where one alone would be recovered from
 * the total). Sections sorted by name (French collation); members without one are « Sans section ».
 * Staff of the census's federation and national staff; 404 for anyone else.
 */
export async function censusCompletion(strapi: Core.Strapi, actor: Actor, id: number) {
  const census: CensusRow | undefined = await strapi.db.connection(CENSUSES).where({ id }).first();
  if (!census || !can(actor, 'census.manage', { federationId: census.federation_id })) throw new NotFoundError('Recensement introuvable.');
  const directory = getService(strapi, 'membership', 'directory');
  const members = await directory.activeMembersOn(census.federation_id, todayInParis());
  const profiles = (await strapi.db.query(PROFILE_UID).findMany({ where: { federationId: census.federation_id, listed: true }, select: ['memberId'] })) as { memberId: number }[];
  const done = new Set(profiles.map((p) => p.memberId));
  const sections = new Map<string, { section: string; members: number; completed: number }>();
  for (const m of members) {
    const name = m.section?.name ?? 'Sans section';
    const row = sections.get(name) ?? { section: name, members: 0, completed: 0 };
    row.members++;
    if (done.has(m.id)) row.completed++;
    sections.set(name, row);
  }
  const sorted = [...sections.values()].sort((a, b) => a.section.localeCompare(b.section, 'fr'));
  const figures = censusFigures(sorted);
  return {
    id: census.id,
    title: census.title,
    message: census.message,
    openedOn: census.opened_on,
    closesOn: census.closes_on,
    open: census.closes_on >= todayInParis(),
    total: figures.total,
    sections: figures.sections,
    maskedUnder: MASK_BELOW,
  };
}

/** Censuses the actor sees: staff their federation's (national staff all); members the open ones of their federation. */
export async function listCensuses(strapi: Core.Strapi, actor: Actor) {
  let query = strapi.db.connection(CENSUSES).select('*').orderBy('id', 'desc');
  const staff = actor.role === ROLES.nationalAdmin || actor.role === ROLES.federationStaff;
  if (actor.role !== ROLES.nationalAdmin) query = query.where({ federation_id: actor.federationId ?? -1 });
  if (!staff) query = query.where('closes_on', '>=', todayInParis());
  const rows: CensusRow[] = await query;
  return rows.map((c) => ({ id: c.id, title: c.title, message: c.message, openedOn: c.opened_on, closesOn: c.closes_on, open: c.closes_on >= todayInParis() }));
}

/** Open censuses (notifications: who to invite). */
export async function openCensuses(strapi: Core.Strapi, on: string): Promise<CensusRow[]> {
  return strapi.db.connection(CENSUSES).where('closes_on', '>=', on).select('*');
}
