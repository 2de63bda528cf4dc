import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, ForbiddenError, getService, NotFoundError, recordAudit, ROLES, toCsv, withTransaction, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import { termSlug } from '../domain/terms';
import { FIELD_LABELS, NETWORK_FIELDS, type NetworkField } from '../domain/vocabulary';
import { can } from '../permissions';
import { NETWORK_MEMBERS, NETWORKS } from '../storage';
import { PROFILE_UID } from '../uids';
import type { JoinInput, NetworkInput } from '../validation/schemas';
import type { ProfileRow } from './profile-index';
import { linksOf, presentProfile, type LinkRow } from '../queries/directory';
import { assertConsultsDirectory, switchedOff } from '../access';
import { consultsDirectory, served } from '../domain/visibility';

const now = () => new Date().toISOString();

export interface NetworkRow {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  federation_id: number | null;
  created_at: string;
}

/**
 * The network with that slug if the actor may see it: national networks are seen by every
 * member; a federation's by its members and national staff. 404 otherwise.
 */
export async function visibleNetwork(trx: any, actor: Actor, slug: string): Promise<NetworkRow> {
  const network: NetworkRow | undefined = await trx(NETWORKS).where({ slug }).first();
  if (!network || (network.federation_id != null && actor.role !== ROLES.nationalAdmin && network.federation_id !== actor.federationId)) {
    throw new NotFoundError('Réseau introuvable.');
  }
  return network;
}

/** The actor's role in the network, or null. */
export async function roleIn(trx: any, network: NetworkRow, memberId: number | null): Promise<'coordinator' | 'member' | null> {
  if (memberId == null) return null;
  const row = await trx(NETWORK_MEMBERS).where({ network_id: network.id, member_id: memberId }).first('role');
  return row?.role ?? null;
}

async function memberIdOfDocument(strapi: Core.Strapi, documentId: string, federationId: number | null): Promise<number> {
  const member = await getService(strapi, 'membership', 'directory').memberByDocumentId(documentId);
  if (!member || (federationId != null && member.federation?.id !== federationId)) throw fieldError('coordinators', 'Coordinateur : un adhérent de la fédération du réseau.');
  return member.id;
}

/**
 * Creates a thematic network: national (national staff) or of the staff's federation, with
 * its first coordinators (members of that federation). Audited. 403, 400, 409 (name taken).
 */
export async function createNetwork(strapi: Core.Strapi, actor: Actor, input: NetworkInput): Promise<NetworkRow> {
  const federationId = input.national ? null : actor.federationId;
  if (!input.national && federationId == null) throw fieldError('national', 'Un compte national crée des réseaux nationaux (national : true).');
  if (input.national ? actor.role !== ROLES.nationalAdmin : !can(actor, 'network.manage', { federationId })) {
    throw new ForbiddenError('Vous ne créez pas de réseau à ce niveau.');
  }
  const coordinators: number[] = [];
  for (const documentId of input.coordinators) coordinators.push(await memberIdOfDocument(strapi, documentId, federationId));
  return withTransaction(strapi, async (trx) => {
    const slug = termSlug(input.name);
    if (await trx(NETWORKS).where({ slug }).first()) throw new ConflictError('Un réseau porte déjà ce nom.');
    const [network] = await trx(NETWORKS).insert({ slug, name: input.name, description: input.description, federation_id: federationId, created_at: now() }).returning('*');
    for (const memberId of new Set(coordinators)) {
      await trx(NETWORK_MEMBERS).insert({ network_id: network.id, member_id: memberId, role: 'coordinator', shared_fields: JSON.stringify(['skills']), joined_at: now() });
    }
    await recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::skills.network.create', subject: { type: NETWORKS, id: slug }, federationId, details: { name: input.name, coordinators: coordinators.length } });
    return network as NetworkRow;
  });
}

/** Names a coordinator (staff of the network's federation, national staff). The member joins if not in yet. Audited. */
export async function addCoordinator(strapi: Core.Strapi, actor: Actor, slug: string, memberDocumentId: string): Promise<void> {
  await withTransaction(strapi, async (trx) => {
    const network = await visibleNetwork(trx, actor, slug);
    const allowed = network.federation_id == null ? actor.role === ROLES.nationalAdmin : can(actor, 'network.manage', { federationId: network.federation_id });
    if (!allowed) throw new ForbiddenError('Vous ne gérez pas ce réseau.');
    let memberId: number;
    try {
      memberId = await memberIdOfDocument(strapi, memberDocumentId, network.federation_id);
    } catch {
      throw fieldError('member', 'L’adhérent : un adhérent de la fédération du réseau.');
    }
    const existing = await trx(NETWORK_MEMBERS).where({ network_id: network.id, member_id: memberId }).first();
    if (existing) await trx(NETWORK_MEMBERS).where({ network_id: network.id, member_id: memberId }).update({ role: 'coordinator' });
    else await trx(NETWORK_MEMBERS).insert({ network_id: network.id, member_id: memberId, role: 'coordinator', shared_fields: JSON.stringify(['skills']), joined_at: now() });
    await recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::skills.network.coordinator', subject: { type: NETWORKS, id: slug }, federationId: network.federation_id, details: { memberId } });
  });
}

/** The member joins a network they may see (opt-in), choosing the fields they share with its members. 409 when already in. */
export async function joinNetwork(strapi: Core.Strapi, actor: Actor, slug: string, input: JoinInput): Promise<void> {
  if (actor.memberId == null) throw new ForbiddenError('Seul un adhérent rejoint un réseau.');
  await withTransaction(strapi, async (trx) => {
    const network = await visibleNetwork(trx, actor, slug);
    const role = await roleIn(trx, network, actor.memberId);
    if (role) {
      await trx(NETWORK_MEMBERS).where({ network_id: network.id, member_id: actor.memberId }).update({ shared_fields: JSON.stringify([...new Set(input.sharedFields)]) });
    } else {
      await trx(NETWORK_MEMBERS).insert({ network_id: network.id, member_id: actor.memberId, role: 'member', shared_fields: JSON.stringify([...new Set(input.sharedFields)]), joined_at: now() });
    }
    await recordAudit(strapi, { actor: auditActorOf(actor), action: role ? 'plugin::skills.network.share' : 'plugin::skills.network.join', subject: { type: NETWORKS, id: slug }, federationId: actor.federationId, details: { sharedFields: input.sharedFields } });
  });
}

/** The member leaves a network. 404 when not in it. */
export async function leaveNetwork(strapi: Core.Strapi, actor: Actor, slug: string): Promise<void> {
  await withTransaction(strapi, async (trx) => {
    const network = await visibleNetwork(trx, actor, slug);
    const gone = await trx(NETWORK_MEMBERS).where({ network_id: network.id, member_id: actor.memberId ?? -1 }).delete();
    if (!gone) throw new NotFoundError('Vous n’êtes pas membre de ce réseau.');
    await recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::skills.network.leave', subject: { type: NETWORKS, id: slug }, federationId: actor.federationId, details: {} });
  });
}

const sharedOf = (packed: string): NetworkField[] => {
  try {
    return (JSON.parse(packed) as string[]).filter((f): f is NetworkField => (NETWORK_FIELDS as readonly string[]).includes(f));
  } catch {
    return [];
  }
};

/**
 * The network's members as another member of it sees them: only listed profiles (consent
 * given, member active) of federations that have the module on, and of each only the fields
 * they shared with the network.
 */
export async function networkRoster(strapi: Core.Strapi, trx: any, network: NetworkRow) {
  const rows: { member_id: number; role: string; shared_fields: string }[] = await trx(NETWORK_MEMBERS).where({ network_id: network.id }).select('member_id', 'role', 'shared_fields');
  if (rows.length === 0) return [];
  const off = await switchedOff(strapi);
  const profiles = ((await strapi.db.query(PROFILE_UID).findMany({ where: { memberId: { $in: rows.map((r) => Number(r.member_id)) }, listed: true } })) as ProfileRow[]).filter((p) =>
    served(p, off)
  );
  const byMember = new Map(profiles.map((p) => [p.memberId, p]));
  const links = await linksOf(trx, profiles.map((p) => p.id));
  const contacts = new Map<number, { email: string | null; phone: string | null }>();
  for (const p of profiles) {
    const member = await getService(strapi, 'membership', 'directory').memberById(p.memberId);
    contacts.set(p.memberId, { email: member?.user?.email ?? null, phone: member?.phone ?? null });
  }
  return rows
    .filter((r) => byMember.has(Number(r.member_id)))
    .map((r) => {
      const profile = byMember.get(Number(r.member_id))!;
      const shared = new Set(sharedOf(r.shared_fields));
      const full = presentProfile(profile, links.get(profile.id) ?? ([] as LinkRow[]), 'owner', contacts.get(profile.memberId) ?? null);
      return {
        role: r.role as 'coordinator' | 'member',
        documentId: full.documentId,
        name: full.name,
        section: full.section,
        skills: shared.has('skills') ? full.skills : undefined,
        sector: shared.has('sector') ? full.sector : undefined,
        availability: shared.has('availability') ? full.availability : undefined,
        languages: shared.has('languages') ? full.languages : undefined,
        email: shared.has('email') ? full.email : undefined,
        phone: shared.has('phone') ? full.phone : undefined,
      };
    })
    .sort((a, b) => (a.role === b.role ? String(a.name).localeCompare(String(b.name), 'fr') : a.role === 'coordinator' ? -1 : 1));
}

/**
 * The coordinator's export of the network's contact list (CSV): only listed members, only
 * the fields each shared with the network. Anyone else → 403 (the network exists for
 * them), a suspended coordinator too. Audited (GDPR art. 30: an export of people).
 */
export async function exportNetwork(strapi: Core.Strapi, actor: Actor, slug: string): Promise<{ filename: string; csv: string }> {
  assertConsultsDirectory(actor);
  return withTransaction(strapi, async (trx) => {
    const network = await visibleNetwork(trx, actor, slug);
    if ((await roleIn(trx, network, actor.memberId)) !== 'coordinator') throw new ForbiddenError('Seuls les coordinateurs du réseau exportent sa liste de contacts.');
    const roster = await networkRoster(strapi, trx, network);
    const csv = toCsv(
      ['Nom', 'Section', 'Rôle', FIELD_LABELS.email, FIELD_LABELS.phone, FIELD_LABELS.skills, FIELD_LABELS.sector, 'Heures par mois', FIELD_LABELS.languages],
      roster.map((m) => [
        m.name, m.section, m.role === 'coordinator' ? 'Coordination' : 'Membre', m.email ?? '', m.phone ?? '',
        m.skills?.map((s) => `${s.label} (${s.level}/4)`).join(', ') ?? '', m.sector ?? '', m.availability?.hoursPerMonth ?? '', m.languages?.join(', ') ?? '',
      ])
    );
    await recordAudit(strapi, { actor: auditActorOf(actor), action: 'plugin::skills.network.export', subject: { type: NETWORKS, id: slug }, federationId: network.federation_id, details: { rows: roster.length } });
    return { filename: `reseau-${slug}.csv`, csv };
  });
}

/** Networks the actor may see, with their role in each and the number of listed members. */
export async function listNetworks(strapi: Core.Strapi, actor: Actor) {
  const knex = strapi.db.connection;
  let query = knex(NETWORKS).select('*').orderBy('name');
  if (actor.role !== ROLES.nationalAdmin) query = query.where((q: any) => q.whereNull('federation_id').orWhere('federation_id', actor.federationId ?? -1));
  const networks: NetworkRow[] = await query;
  const mine: { network_id: number; role: string }[] = actor.memberId != null ? await knex(NETWORK_MEMBERS).where({ member_id: actor.memberId }).select('network_id', 'role') : [];
  const roles = new Map(mine.map((m) => [Number(m.network_id), m.role]));
  return networks.map((n) => ({ slug: n.slug, name: n.name, description: n.description, national: n.federation_id == null, myRole: roles.get(n.id) ?? null }));
}

/**
 * One network: its description, the actor's role, and — for its members only, not while
 * suspended — the roster (see `networkRoster`). 404 when not visible.
 */
export async function showNetwork(strapi: Core.Strapi, actor: Actor, slug: string) {
  const knex = strapi.db.connection;
  const network = await visibleNetwork(knex, actor, slug);
  const myRole = await roleIn(knex, network, actor.memberId);
  const mine = myRole && actor.memberId != null ? await knex(NETWORK_MEMBERS).where({ network_id: network.id, member_id: actor.memberId }).first('shared_fields') : null;
  return {
    slug: network.slug,
    name: network.name,
    description: network.description,
    national: network.federation_id == null,
    myRole,
    mySharedFields: mine ? sharedOf(mine.shared_fields) : null,
    fields: Object.fromEntries(NETWORK_FIELDS.map((f) => [f, FIELD_LABELS[f]])),
    members: myRole && consultsDirectory(actor) ? await networkRoster(strapi, knex, network) : null,
  };
}

