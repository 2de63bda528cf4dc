import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { effectiveStatus, effectiveStatusFilter, todayInParis, withConnection, type Actor, type AudienceTarget, type EffectiveStatus, type MemberStatus, type Role, type Subject } from '@intranet-militant/shared';
import { can } from '../permissions';
import { SOCIO_PROFESSIONAL_CATEGORIES } from '../domain/socio-professional';
import { DUE_UID, FEDERATION_UID, MEMBER_UID, SECTION_UID } from '../uids';

/** A federation row as the directory returns it. */
export interface FederationRow {
  id: number;
  documentId: string;
  name: string;
  departmentCode: string;
}

/** A section row; `federation` when populated. */
export interface SectionRow {
  id: number;
  documentId: string;
  name: string;
  federation?: FederationRow | null;
}

/** A member row populated with `MEMBER_POPULATE` (where they belong, their account and role). */
export interface MemberRow {
  id: number;
  documentId: string;
  membershipNumber: string;
  firstName: string;
  lastName: string;
  phone?: string | null;
  joinedOn: string;
  /** Sex as registered (`F`, `M`) or not given; staff-only. */
  sex?: 'F' | 'M' | null;
  /** Year of birth or not given; staff-only. */
  birthYear?: number | null;
  /** Consent-based (domain/socio-professional.ts): only the member themself and masked aggregates see it. */
  socioProfessionalCategory?: string | null;
  socioProfessionalConsentedAt?: string | null;
  socioProfessionalConsentVersion?: string | null;
  membershipStatus: MemberStatus;
  statusReason?: string | null;
  statusChangedOn?: string | null;
  suspendedUntil?: string | null;
  /** The day a departure was recorded for (issue 22), and the day the data was erased. */
  leftOn?: string | null;
  erasedOn?: string | null;
  federation?: FederationRow | null;
  section?: Omit<SectionRow, 'federation'> | null;
  user?: { id: number; email: string; blocked?: boolean; role?: { id: number; type: Role; name: string } | null } | null;
}

/** Where to write to a member (see `contactsByIds`). */
export interface MemberContact {
  id: number;
  documentId: string;
  firstName: string;
  lastName: string;
  membershipStatus: MemberStatus;
  suspendedUntil: string | null;
  /** The day a departure was recorded for, or null. */
  leftOn: string | null;
  federation: { id: number; name: string; departmentCode: string } | null;
  userId: number | null;
  email: string | null;
  blocked: boolean;
}

/** A member as `memberCardByDocumentId` reads them: who, where (federation) and whose account. */
export interface MemberCard {
  id: number;
  documentId: string;
  firstName: string;
  lastName: string;
  federation: FederationRow | null;
  user: { id: number } | null;
}

/** A due row. */
export interface DueRow {
  id: number;
  documentId: string;
  year: number;
  amountCents: number;
  paidOn: string;
  method: string;
  reference?: string | null;
  cancelledOn?: string | null;
  cancelReason?: string | null;
  member?: MemberRow | null;
}

/**
 * Reads of federations, sections, members and dues. Writes go through the commands;
 * other plugins read through this service and `eligibility`, never the tables.
 */
/** Query-engine populate of a member: where they belong and their account (never its secrets). */
export const MEMBER_POPULATE = {
  federation: { select: ['id', 'documentId', 'name', 'departmentCode'] },
  section: { select: ['id', 'documentId', 'name'] },
  user: { select: ['id', 'email', 'blocked'], populate: { role: { select: ['id', 'type', 'name'] } } },
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * May the actor read this member's profile (membership's `member.read`: oneself, one's
   * section for a secretary, one's federation for its staff and commission, everyone for
   * national admins)? Pure. A plugin naming a member the actor may not read answers exactly
   * as for an unknown member (`MEMBER_NOT_FOUND`, 404 or 400 at the field), never 403:
   * another federation's members look absent.
   * @param member where the member belongs (`federationId`, `sectionId`) and their account (`ownerUserId`)
   */
  mayReadMember(actor: Actor, member: Subject): boolean {
    return can(actor, 'member.read', member);
  },

  /**
   * May the actor read this section (membership's `section.read`: the sections of one's own
   * federation, every one for national admins)? Pure. A plugin naming a section the actor may
   * not read answers exactly as for an unknown section (400 at the field), never 403.
   * @param section where the section belongs (`federationId`)
   */
  mayReadSection(actor: Actor, section: { federationId: number | null }): boolean {
    return can(actor, 'section.read', { federationId: section.federationId, sectionId: null });
  },

  /** The federation with that documentId, or null. */
  federationByDocumentId(documentId: string) {
    return strapi.db.query(FEDERATION_UID).findOne({ where: { documentId } });
  },

  /** The federation with that id, or null. */
  federationById(id: number) {
    return strapi.db.query(FEDERATION_UID).findOne({ where: { id } });
  },

  /** Every federation, by department code. */
  listFederations() {
    return strapi.db.query(FEDERATION_UID).findMany({ orderBy: { departmentCode: 'asc' } });
  },

  /** The section with that documentId (its federation populated), or null. */
  sectionByDocumentId(documentId: string) {
    return strapi.db.query(SECTION_UID).findOne({ where: { documentId }, populate: ['federation'] });
  },

  /** The section with that id (its federation populated), or null. */
  sectionById(id: number) {
    return strapi.db.query(SECTION_UID).findOne({ where: { id }, populate: ['federation'] });
  },

  /** The sections of a federation, by name. */
  sectionsOf(federationId: number) {
    return strapi.db.query(SECTION_UID).findMany({ where: { federation: { id: federationId } }, orderBy: { name: 'asc' } });
  },

  /** The member with that documentId (`MemberRow`: federation, section, account and role), or null. */
  memberByDocumentId(documentId: string) {
    return strapi.db.query(MEMBER_UID).findOne({ where: { documentId }, populate: MEMBER_POPULATE });
  },

  /**
   * Who a member is and where they belong, in **one statement** (`memberByDocumentId` reads
   * the member, then each relation apart: four or five): id, documentId, names, federation
   * (`FederationRow`) and account id — what another plugin needs to check scope (`can()`:
   * federation and owner) and to name the member. Null when no member has that documentId.
   * Used on hot paths (the mandates plugin's preview, issue 16).
   */
  async memberCardByDocumentId(documentId: string): Promise<MemberCard | null> {
    // Raw SQL joins the transaction in progress, if any (an admin-panel write checks an employer inside one).
    const row = await withConnection(strapi, (knex: Knex) =>
      knex
        .first({
          id: 'm.id', documentId: 'm.document_id', firstName: 'm.first_name', lastName: 'm.last_name',
          federationId: 'f.id', federationDocumentId: 'f.document_id', federationName: 'f.name', departmentCode: 'f.department_code', userId: 'u.user_id',
        })
        .from('membership_members as m')
        .leftJoin('membership_members_federation_lnk as fl', 'fl.member_id', 'm.id')
        .leftJoin('membership_federations as f', 'f.id', 'fl.federation_id')
        .leftJoin('membership_members_user_lnk as u', 'u.member_id', 'm.id')
        .where('m.document_id', documentId)
    );
    if (!row) return null;
    return {
      id: Number(row.id),
      documentId: row.documentId,
      firstName: row.firstName,
      lastName: row.lastName,
      federation: row.federationId == null ? null : { id: Number(row.federationId), documentId: row.federationDocumentId, name: row.federationName, departmentCode: row.departmentCode },
      user: row.userId == null ? null : { id: Number(row.userId) },
    };
  },

  /**
   * Names and numbers of several members at once (e.g. the authors of contributions), as
   * others may see them. An erased profile (`formerMember`) reads only as the pseudonym
   * « Ancien adhérent », the same for every erased member: no number (its `EFF-<id>` would
   * carry the profile's id, the same in every place and telling the order of registration)
   * and no section (a small section would name the person), so that what others see cannot be
   * linked from one place to another nor back to the former member (issue 22, item 4).
   */
  async membersByIds(ids: number[]): Promise<Map<number, { membershipNumber: string | null; firstName: string; lastName: string; section: string | null; formerMember: boolean }>> {
    if (ids.length === 0) return new Map();
    const rows = await strapi.db.query(MEMBER_UID).findMany({
      where: { id: { $in: [...new Set(ids)] } },
      select: ['id', 'membershipNumber', 'firstName', 'lastName', 'erasedOn'],
      populate: { section: { select: ['name'] } },
    });
    // `formerMember`: the profile was erased (issue 22): its names are the pseudonym « Ancien adhérent ».
    return new Map(
      rows.map((m: MemberRow & { erasedOn?: string | null }) => [
        m.id,
        m.erasedOn
          ? { membershipNumber: null, firstName: m.firstName, lastName: m.lastName, section: null, formerMember: true }
          : { membershipNumber: m.membershipNumber, firstName: m.firstName, lastName: m.lastName, section: m.section?.name ?? null, formerMember: false },
      ])
    );
  },

  /**
   * Which of these members are no longer members on `on` (YYYY-MM-DD, Paris; today by
   * default): a departure recorded for that day or earlier (effective status `left`, issue
   * 22) or their data erased. Other plugins drop them from their directories and counts
   * (mandates' officials, national counts) through this, never membership's tables.
   * Exclusions are not included (their own status, which plugins read as such).
   */
  async departedAmong(ids: number[], on: string = todayInParis()): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const asked = new Set(ids);
    const departed = { $or: [effectiveStatusFilter('left', on), { erasedOn: { $notNull: true } }] };
    // Many ids (a national view asks for every official): the departed are few, so read them
    // all and keep those asked, rather than bind tens of thousands of parameters (SQLite takes
    // at most 32,766; PostgreSQL plans such a list slowly).
    const where = asked.size > 1000 ? departed : { $and: [{ id: { $in: [...asked] } }, departed] };
    const rows: { id: number }[] = await strapi.db.query(MEMBER_UID).findMany({ where, select: ['id'] });
    return new Set(rows.map((r) => r.id).filter((id) => asked.has(id)));
  },

  /**
   * Whether the member's own erasure request stands (recorded, not yet carried out: perhaps held
   * by something they may not be told of) or their data is erased. What a plugin shows of a
   * member to anyone without an account (training's public certificate check) answers then as
   * for something unknown, the same for both: nothing may tell a pending request from a done
   * erasure. Once a request is withdrawn (the member told of a case, `reopenAfterNotice`, or a
   * return recorded by staff) this is false again and what it hid is shown again as it was.
   * `memberId` null (no member to ask about: an unknown certificate code) answers false after
   * the same one query, so that the caller's answer takes the same time whichever it is.
   */
  async erasureRequestedOrDone(memberId: number | null): Promise<boolean> {
    const row: { erasureRequestedOn: string | null; erasedOn: string | null } | null = await strapi.db
      .query(MEMBER_UID)
      .findOne({ where: { id: memberId ?? 0 }, select: ['id', 'erasureRequestedOn', 'erasedOn'] });
    return memberId != null && Boolean(row?.erasureRequestedOn || row?.erasedOn);
  },

  /**
   * The effective status on `on` (YYYY-MM-DD, Paris; today by default) of several members:
   * `effectiveStatus` of each (a suspension past its end date reads `active`, a recorded
   * departure `left`; an erased profile reads `left` too). Unknown ids are absent from the map.
   * For plugins that keep their own copy of « may take part » and bring it up to date without
   * a write of membership to tell them (the skills directory's daily check, when a suspension
   * ends by its date). Read by chunks of 500 ids (SQLite binds at most 32,766 parameters).
   */
  async effectiveStatusesOf(ids: number[], on: string = todayInParis()): Promise<Map<number, EffectiveStatus>> {
    const statuses = new Map<number, EffectiveStatus>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows: { id: number; membershipStatus: MemberStatus; suspendedUntil: string | null; leftOn: string | null; erasedOn: string | null }[] = await strapi.db
        .query(MEMBER_UID)
        .findMany({ where: { id: { $in: unique.slice(i, i + 500) } }, select: ['id', 'membershipStatus', 'suspendedUntil', 'leftOn', 'erasedOn'] });
      for (const m of rows) {
        const status = effectiveStatus({ status: m.membershipStatus, suspendedUntil: m.suspendedUntil ?? null, leftOn: m.leftOn ?? null }, on);
        statuses.set(m.id, m.erasedOn && status !== 'excluded' ? 'left' : status);
      }
    }
    return statuses;
  },

  /**
   * Where several members stand in the party: their federation's and section's ids (null when
   * none) and the Paris date of a recorded departure (`leftOn`, YYYY-MM-DD; null when none), by
   * member id; unknown ids are absent from the map. For plugins that keep records tied to a
   * member's place and check them without a write of membership to tell them (bodies' nightly
   * check of seats against their bodies' scope, which names the departure's day). Read by
   * chunks of 500 ids.
   */
  async placesOf(ids: number[]): Promise<Map<number, { federationId: number | null; sectionId: number | null; leftOn: string | null }>> {
    const places = new Map<number, { federationId: number | null; sectionId: number | null; leftOn: string | null }>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows: { id: number; leftOn: unknown; federation: { id: number } | null; section: { id: number } | null }[] = await strapi.db.query(MEMBER_UID).findMany({
        where: { id: { $in: unique.slice(i, i + 500) } },
        select: ['id', 'leftOn'],
        populate: { federation: { select: ['id'] }, section: { select: ['id'] } },
      });
      for (const m of rows) places.set(m.id, { federationId: m.federation?.id ?? null, sectionId: m.section?.id ?? null, leftOn: m.leftOn == null ? null : String(m.leftOn).slice(0, 10) });
    }
    return places;
  },

  /** The socio-professional categories (INSEE PCS 2020 groups, key and French label), in order. */
  socioProfessionalCategories(): readonly { key: string; label: string }[] {
    return SOCIO_PROFESSIONAL_CATEGORIES;
  },

  /**
   * Sex as registered, year of birth, join date and — only when the member consented to
   * share it, else null — socio-professional category (INSEE PCS 2020 group key) of several
   * members, for **aggregates only** (issue 15: the composition of bodies, counts under 5
   * masked by the caller). Never present these per member: they are staff-only, the
   * category the member's alone.
   */
  async compositionProfiles(
    ids: number[]
  ): Promise<{ id: number; sex: 'F' | 'M' | null; birthYear: number | null; joinedOn: string; socioProfessionalCategory: string | null }[]> {
    if (ids.length === 0) return [];
    const rows = await strapi.db.query(MEMBER_UID).findMany({
      where: { id: { $in: [...new Set(ids)] } },
      select: ['id', 'sex', 'birthYear', 'joinedOn', 'socioProfessionalCategory', 'socioProfessionalConsentedAt'],
    });
    return rows.map((m: MemberRow) => ({
      id: m.id,
      sex: m.sex ?? null,
      birthYear: m.birthYear ?? null,
      joinedOn: m.joinedOn,
      socioProfessionalCategory: m.socioProfessionalConsentedAt ? (m.socioProfessionalCategory ?? null) : null,
    }));
  },

  /** The member with that id (`MemberRow`), or null. */
  memberById(id: number) {
    return strapi.db.query(MEMBER_UID).findOne({ where: { id }, populate: MEMBER_POPULATE });
  },

  /** The member profile of a users-permissions account (`MemberRow`), or null. */
  memberOfUser(userId: number) {
    return strapi.db.query(MEMBER_UID).findOne({ where: { user: { id: userId } }, populate: MEMBER_POPULATE });
  },

  /** The member row with that membership number, or null. */
  memberByNumber(membershipNumber: string) {
    return strapi.db.query(MEMBER_UID).findOne({ where: { membershipNumber } });
  },

  /** One page (1-based) of members matching a query-engine filter, by name, and their total. */
  async listMembers(where: Record<string, unknown>, page: number, pageSize: number): Promise<{ results: MemberRow[]; total: number }> {
    const [results, total] = await Promise.all([
      strapi.db.query(MEMBER_UID).findMany({
        where,
        populate: MEMBER_POPULATE,
        orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
        limit: pageSize,
        offset: (page - 1) * pageSize,
      }),
      strapi.db.query(MEMBER_UID).count({ where }),
    ]);
    return { results, total };
  },

  /** A member's dues (cancelled ones too), newest year first. */
  duesOf(memberId: number) {
    return strapi.db.query(DUE_UID).findMany({ where: { member: { id: memberId } }, orderBy: { year: 'desc' } });
  },

  /** The due with that documentId, its member populated (`MemberRow`), or null. */
  dueByDocumentId(documentId: string) {
    return strapi.db.query(DUE_UID).findOne({ where: { documentId }, populate: { member: { populate: MEMBER_POPULATE } } });
  },

  /** Years whose dues stand (recorded and not cancelled). */
  async paidYears(memberId: number): Promise<number[]> {
    const dues = await strapi.db.query(DUE_UID).findMany({
      where: { member: { id: memberId }, cancelledOn: { $null: true } },
      select: ['year'],
    });
    return dues.map((d: { year: number }) => d.year);
  },

  /**
   * Members of a federation whose effective status on `on` (YYYY-MM-DD, Paris) is active —
   * a suspension past its end counts as active — with their section and join date (e.g.
   * training's sponsor suggestions). Unordered.
   */
  activeMembersOn(
    federationId: number,
    on: string
  ): Promise<{ id: number; documentId: string; firstName: string; lastName: string; joinedOn: string; section: { id: number; documentId: string; name: string } | null }[]> {
    return strapi.db.query(MEMBER_UID).findMany({
      where: { $and: [{ federation: { id: federationId } }, effectiveStatusFilter('active', on)] },
      select: ['id', 'documentId', 'firstName', 'lastName', 'joinedOn'],
      populate: { section: { select: ['id', 'documentId', 'name'] } },
    });
  },
  /**
   * The ids of the members an audience reaches (national: all; a federation's or a section's
   * members) whose status is active on `on` (YYYY-MM-DD, Paris; today by default): whom a
   * publication to that audience is announced to. Dues play no part (reading is not taking part).
   */
  async activeMemberIds(target: Pick<AudienceTarget, 'audience' | 'federationId' | 'sectionId'>, on: string = todayInParis()): Promise<number[]> {
    const where: Record<string, unknown> = { ...effectiveStatusFilter('active', on) };
    if (target.audience === 'federation') where.federation = { id: target.federationId ?? -1 };
    if (target.audience === 'section') where.section = { id: target.sectionId ?? -1 };
    const rows: { id: number }[] = await strapi.db.query(MEMBER_UID).findMany({ where, select: ['id'] });
    return rows.map((r) => r.id);
  },
  /**
   * The ids of a federation's staff (members of it whose account has the `federation-staff`
   * role, not blocked): whom a federation's moderation work is announced to.
   */
  async staffMemberIds(federationId: number): Promise<number[]> {
    const rows: { id: number }[] = await strapi.db.query(MEMBER_UID).findMany({
      where: { federation: { id: federationId }, user: { blocked: { $ne: true }, role: { type: 'federation-staff' } } },
      select: ['id'],
    });
    return rows.map((r) => r.id);
  },
  /**
   * Where to write to several members at once (notifications): names, account address and
   * whether it is blocked, status (with its end), federation. Members without an account
   * come back with `email: null`. Unknown ids are absent from the map.
   */
  async contactsByIds(ids: number[]): Promise<Map<number, MemberContact>> {
    if (ids.length === 0) return new Map();
    const rows: MemberRow[] = await strapi.db.query(MEMBER_UID).findMany({
      where: { id: { $in: [...new Set(ids)] } },
      select: ['id', 'documentId', 'firstName', 'lastName', 'membershipStatus', 'suspendedUntil', 'leftOn'],
      populate: { federation: { select: ['id', 'name', 'departmentCode'] }, user: { select: ['id', 'email', 'blocked'] } },
    });
    return new Map(
      rows.map((m) => [
        m.id,
        {
          id: m.id,
          documentId: m.documentId,
          firstName: m.firstName,
          lastName: m.lastName,
          membershipStatus: m.membershipStatus,
          suspendedUntil: m.suspendedUntil ?? null,
          leftOn: m.leftOn ?? null,
          federation: m.federation ? { id: m.federation.id, name: m.federation.name, departmentCode: m.federation.departmentCode } : null,
          userId: m.user?.id ?? null,
          email: m.user?.email ?? null,
          blocked: Boolean(m.user?.blocked),
        },
      ])
    );
  },
});
