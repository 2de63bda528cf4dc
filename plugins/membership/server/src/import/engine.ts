import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { euros } from '../domain/dues';
import { emitEvent, getService, MEMBER_JOINED, MEMBER_MOVED, todayInParis, violatesUniqueIndex, withSavepoint, type Actor, type Role } from '@intranet-militant/shared';
import { can, outranks } from '../permissions';
import { DUE_UID, MEMBER_UID, USER_UID } from '../uids';
import { ACCOUNT_EMAIL_INDEX, EXCLUDED_DUE_REFUSED, leftMemberRefusal, LEFT_MEMBER_CORRECTABLE, LEFT_MEMBER_REFUSED, readsEveryone, roleIdOf } from '../commands/member-rules';
import type { ImportValues, RowReason } from './fields';
import { insertMany, linkMany } from './bulk';

// bcryptjs ships no types of its own; users-permissions checks passwords with it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bcrypt: { hash(value: string, rounds: number): Promise<string> } = require('bcryptjs');

/**
 * The import's decisions against the database: for each checked row, create, update,
 * unchanged or refused (with French reasons by field), and the writes that carry them out.
 * One lookup per batch (membership numbers, emails, standing dues), not one per row.
 * Matching: membership number first, then email. Rules: the members commands' own
 * (scope with `can`, rank with `outranks`, no one's own standing or dues, no due for an
 * excluded member, one standing due per member and year, never rewritten), and no new member
 * whose email or number an exclusion trace matches (`IMPORT_PRIOR_EXCLUSION`: `POST /members`
 * flags such a registration, an import refuses the row — staff register that person one by
 * one, knowingly, if the commission re-admitted them).
 */

/** The reason of a row refused because an exclusion trace matches its email or number (French). */
export const IMPORT_PRIOR_EXCLUSION =
  'Une exclusion prononcée par la commission des conflits correspond à cette adresse ou à ce numéro d’adhérent : la ligne n’est pas importée. Si la personne a été réadmise, inscrivez-la individuellement (voir le journal d’audit).';

/**
 * What staff bound to one federation read instead of any reason that would tell them about
 * someone outside it (a member of another federation, an account that is no member of theirs,
 * an exclusion pronounced elsewhere): the same words whatever the cause, so that an import's
 * dry run cannot be used to learn who is a member of the party (GDPR art. 9).
 */
export const IMPORT_NOT_HERE = 'Ligne refusée : ce numéro ou cette adresse ne peut pas être importé ici. Contactez l’administration nationale.';

/**
 * A row's reasons as `viewer` may read them: national admins (who see every federation's
 * members) read them all; anyone else reads `IMPORT_NOT_HERE`, once and on the field `row`,
 * in place of the reasons flagged `outside`. The flag itself is never shown.
 */
export function reasonsSeenBy(viewer: Actor, reasons: RowReason[] | null | undefined): RowReason[] {
  const all = reasons ?? [];
  const seesEveryone = readsEveryone(viewer);
  const shown: RowReason[] = all.filter((r) => seesEveryone || !r.outside).map(({ field, message }) => ({ field, message }));
  if (!seesEveryone && all.some((r) => r.outside)) shown.unshift({ field: 'row', message: IMPORT_NOT_HERE });
  return shown;
}

export interface ImportScope {
  actor: Actor;
  federation: { id: number; name: string; departmentCode: string };
  /** The federation's sections by lower-cased trimmed name. */
  sections: Map<string, { id: number; name: string }>;
}

export interface PreparedRow {
  position: number;
  line: number;
  values: ImportValues | null;
  /** Reasons from reading the row and from the whole file (duplicates). */
  reasons: RowReason[];
}

interface ExistingMember {
  id: number;
  documentId: string;
  membershipNumber: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  joinedOn: string;
  membershipStatus: string;
  leftOn?: string | null;
  erasedOn?: string | null;
  federation: { id: number; name: string } | null;
  section: { id: number; name: string } | null;
  user: { id: number; email: string; role: { type: Role } | null } | null;
}

export type Outcome = 'create' | 'update' | 'unchanged' | 'refused';

export interface Decision {
  outcome: Outcome;
  reasons: RowReason[];
  member?: ExistingMember;
  /** For an update: the member fields that change, and whether a due is added. */
  changes?: Record<string, unknown>;
  emailChange?: string;
  addDue?: boolean;
  sectionId?: number | null;
}

const sectionKey = (name: string) => name.trim().toLowerCase();

/** The emails and numbers an exclusion trace matches, each with the federations that pronounced it. */
type ExclusionMatches = { emails: Map<string, (number | null)[]>; numbers: Map<string, (number | null)[]> };

const MEMBER_POPULATE = {
  federation: { select: ['id', 'name'] },
  section: { select: ['id', 'name'] },
  user: { select: ['id', 'email'], populate: { role: { select: ['type'] } } },
} as const;

/** Decides what each row would do, reading the database once for the batch. */
export async function decide(strapi: Core.Strapi, scope: ImportScope, rows: PreparedRow[]): Promise<Decision[]> {
  const valid = rows.filter((r) => r.values && r.reasons.length === 0).map((r) => r.values!);
  const numbers = [...new Set(valid.map((v) => v.membershipNumber))];
  const emails = [...new Set(valid.map((v) => v.email))];
  const byNumber = new Map<string, ExistingMember>();
  if (numbers.length) {
    const found = await strapi.db.query(MEMBER_UID).findMany({ where: { membershipNumber: { $in: numbers } }, populate: MEMBER_POPULATE as any });
    for (const m of found as ExistingMember[]) byNumber.set(m.membershipNumber, m);
  }
  const accounts = new Map<string, { id: number; member: ExistingMember | null }>();
  if (emails.length) {
    // Addresses are stored lower-cased by every door of ours; an account written otherwise is
    // still caught by the unique index on lower(email), and its row refused alone (writeBatch).
    const users: { id: number; email: string }[] = await strapi.db.query(USER_UID).findMany({ where: { email: { $in: emails } }, select: ['id', 'email'] });
    const owners = users.length
      ? ((await strapi.db.query(MEMBER_UID).findMany({ where: { user: { id: { $in: users.map((u) => u.id) } } }, populate: MEMBER_POPULATE as any })) as ExistingMember[])
      : [];
    for (const user of users) accounts.set(user.email.toLowerCase(), { id: user.id, member: owners.find((m) => m.user?.id === user.id) ?? null });
  }
  const dueKeys = new Map<string, number>();
  const matchedIds = [...byNumber.values(), ...[...accounts.values()].flatMap((a) => (a.member ? [a.member] : []))].map((m) => m.id);
  if (matchedIds.length) {
    const dues = await strapi.db.query(DUE_UID).findMany({
      where: { member: { id: { $in: matchedIds } }, cancelledOn: { $null: true } },
      select: ['year', 'amountCents'],
      populate: { member: { select: ['id'] } },
    });
    for (const due of dues as { year: number; amountCents: number; member: { id: number } }[]) dueKeys.set(`${due.member.id}:${due.year}`, due.amountCents);
  }
  // Exclusion traces: only rows that would create a member matter (an excluded member still
  // on file is matched by number or email and treated as such).
  const newcomers = valid.filter((v) => !byNumber.has(v.membershipNumber) && !accounts.get(v.email)?.member);
  const traces = newcomers.length
    ? await getService(strapi, 'membership', 'status').excludedAmong(newcomers)
    : { emails: new Map(), numbers: new Map() };
  return rows.map((row) => decideRow(scope, row, byNumber, accounts, dueKeys, traces));
}

function decideRow(
  scope: ImportScope,
  row: PreparedRow,
  byNumber: Map<string, ExistingMember>,
  accounts: Map<string, { id: number; member: ExistingMember | null }>,
  dueKeys: Map<string, number>,
  traces: ExclusionMatches
): Decision {
  if (!row.values || row.reasons.length) return { outcome: 'refused', reasons: row.reasons };
  const v = row.values;
  const refused = (field: RowReason['field'], message: string): Decision => ({ outcome: 'refused', reasons: [{ field, message }] });
  const { federation, actor } = scope;

  // Reasons about someone outside the import's federation are flagged `outside`: only
  // national admins read them as written (`reasonsSeenBy`).
  const elsewhere = (field: RowReason['field'], message: string): Decision => ({ outcome: 'refused', reasons: [{ field, message, outside: true }] });
  const ours = (m: ExistingMember | null | undefined) => m?.federation?.id === federation.id;

  let member = byNumber.get(v.membershipNumber) ?? null;
  const account = accounts.get(v.email) ?? null;
  if (member && !ours(member)) {
    return elsewhere('membershipNumber', `Le numéro ${v.membershipNumber} est celui d’un adhérent d’une autre fédération.`);
  }
  if (!member && account?.member) {
    if (!ours(account.member)) return elsewhere('email', `L’adresse ${v.email} est celle d’un adhérent d’une autre fédération.`);
    member = account.member; // matched by email: the file gives them a new number
  } else if (account && account.id !== member?.user?.id) {
    const taken = `Un autre compte utilise déjà l’adresse ${v.email}`;
    if (ours(account.member)) return refused('email', `${taken}.`);
    return elsewhere('email', `${taken} : ${account.member ? 'celui d’un adhérent d’une autre fédération' : 'un compte sans fiche d’adhérent'}.`);
  }

  let sectionId: number | null | undefined;
  if (v.section) {
    const section = scope.sections.get(sectionKey(v.section));
    if (!section) return refused('section', `La section « ${v.section} » n’existe pas dans la fédération ${federation.name} : créez-la ou choisissez de la créer avant de confirmer.`);
    sectionId = section.id;
  }

  if (!member) {
    // An exclusion pronounced in this federation is known to its staff (their audit log);
    // one pronounced elsewhere (or of unknown federation) is not theirs to learn.
    const excludedIn = [...(traces.numbers.get(v.membershipNumber) ?? []), ...(traces.emails.get(v.email) ?? [])];
    if (excludedIn.length) {
      const field = traces.numbers.has(v.membershipNumber) ? 'membershipNumber' : 'email';
      return excludedIn.every((id) => id === federation.id) ? refused(field, IMPORT_PRIOR_EXCLUSION) : elsewhere(field, IMPORT_PRIOR_EXCLUSION);
    }
    if (!can(actor, 'member.create', { federationId: federation.id, sectionId: sectionId ?? null })) {
      return refused('section', actor.role === 'section-secretary' ? 'Vous n’inscrivez des adhérents que dans votre section.' : 'Vous n’inscrivez des adhérents que dans votre fédération.');
    }
    return { outcome: 'create', reasons: [], sectionId: sectionId ?? null, addDue: Boolean(v.due) };
  }

  const subject = { federationId: federation.id, sectionId: member.section?.id ?? null, ownerUserId: member.user?.id ?? null };
  if (!can(actor, 'member.update', subject)) return refused('section', 'Cet adhérent ne relève pas de votre périmètre.');
  if (actor.kind !== 'admin' && member.user?.id === actor.userId) return refused('row', 'Vous ne pouvez pas modifier votre propre adhésion par un import.');
  if (!outranks(actor, member.user?.role?.type ?? null)) {
    return refused('row', 'Cet adhérent exerce une responsabilité : seule l’administration nationale peut modifier sa fiche.');
  }

  const changes: Record<string, unknown> = {};
  if (member.membershipNumber !== v.membershipNumber) changes.membershipNumber = v.membershipNumber;
  if (member.firstName !== v.firstName) changes.firstName = v.firstName;
  if (member.lastName !== v.lastName) changes.lastName = v.lastName;
  // An empty cell keeps what the intranet knows (a file never erases a phone or a section).
  if (v.phone && member.phone !== v.phone) changes.phone = v.phone;
  if (sectionId !== undefined && member.section?.id !== sectionId) changes.section = sectionId;
  if (String(member.joinedOn).slice(0, 10) !== v.joinedOn) changes.joinedOn = v.joinedOn;
  const emailChange = member.user && member.user.email.toLowerCase() !== v.email ? v.email : undefined;

  let addDue = false;
  if (v.due) {
    const standing = dueKeys.get(`${member.id}:${v.due.year}`);
    if (standing === undefined) {
      if (member.membershipStatus === 'excluded') return refused('dueYear', EXCLUDED_DUE_REFUSED);
      addDue = true;
    } else if (standing !== v.due.amountCents) {
      return refused('dueAmount', `La cotisation ${v.due.year} est déjà enregistrée pour ${euros(standing)} : une cotisation enregistrée ne se réécrit pas (annulez-la d’abord).`);
    }
  }
  // A member who left: as through the API, their record may be corrected (names, phone,
  // address, number) but not moved nor given a due — a return is recorded first (réadhésion).
  if (addDue || Object.keys(changes).some((field) => !LEFT_MEMBER_CORRECTABLE.has(field)) || (member.erasedOn && (Object.keys(changes).length || emailChange))) {
    const refusal = leftMemberRefusal(member, todayInParis(), addDue ? LEFT_MEMBER_REFUSED.due : 'sa section et sa date d’adhésion ne changent plus');
    if (refusal) return refused(addDue ? 'dueYear' : 'row', refusal);
  }
  const changed = Object.keys(changes).length > 0 || Boolean(emailChange) || addDue;
  return { outcome: changed ? 'update' : 'unchanged', reasons: [], member, changes, emailChange, addDue };
}

/** What a batch wrote, by outcome, and the membership numbers concerned. */
export interface BatchResult {
  created: string[];
  updated: string[];
  unchanged: number;
  refused: number;
  duesRecorded: number;
}

/**
 * Writes one batch (the caller holds the transaction): creates and updates what `decide`
 * says, each row in a savepoint so that a row the database refuses (an address taken in the
 * meantime) is refused alone. Returns each row's final decision and the batch's counts.
 * New members announce MEMBER_JOINED with `invite` (the notifications plugin emails the
 * invitation only when staff chose it).
 */
export async function writeBatch(
  strapi: Core.Strapi,
  trx: { raw(sql: string): Promise<unknown> },
  scope: ImportScope,
  rows: PreparedRow[],
  options: { invite: boolean; passwordHash: string }
): Promise<{ decisions: Decision[]; result: BatchResult }> {
  const decisions = await decide(strapi, scope, rows);
  const result: BatchResult = { created: [], updated: [], unchanged: 0, refused: 0, duesRecorded: 0 };
  const creates: ImportValues[] = [];
  const createDecisions: Decision[] = [];
  for (let i = 0; i < rows.length; i += 1) {
    const decision = decisions[i];
    const values = rows[i].values;
    if (decision.outcome === 'refused' || !values) { result.refused += 1; continue; }
    if (decision.outcome === 'unchanged') { result.unchanged += 1; continue; }
    if (decision.outcome === 'create') {
      creates.push(values);
      createDecisions.push(decision);
      continue;
    }
    try {
      await withSavepoint(trx, () => updateOne(strapi, scope, values, decision));
      result.updated.push(values.membershipNumber);
      if (decision.addDue) result.duesRecorded += 1;
    } catch (error) {
      if (!violatesUniqueIndex(error, ACCOUNT_EMAIL_INDEX) && !isUniqueViolation(error)) throw error;
      // Whose it became is not known here: possibly someone outside the federation.
      decisions[i] = { outcome: 'refused', reasons: [{ field: 'email', message: `L’adresse ${values.email} ou le numéro ${values.membershipNumber} vient d’être attribué à un autre adhérent.`, outside: true }] };
      result.refused += 1;
    }
  }
  // New members together: numbers and addresses were checked free by `decide` in this
  // transaction; one taken meanwhile by another writer fails the batch, which is rolled back
  // whole and retried when the import is resumed.
  const memberIds = await createMany(strapi, trx, scope, creates, createDecisions, options.passwordHash);
  result.created.push(...creates.map((v) => v.membershipNumber));
  result.duesRecorded += creates.filter((v) => v.due).length;
  for (let i = 0; i < memberIds.length; i += 1) {
    await emitEvent(strapi, MEMBER_JOINED, { memberId: memberIds[i], invite: options.invite, joinedOn: creates[i].joinedOn });
  }
  return { decisions, result };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505' || /UNIQUE constraint failed/.test(String(e?.message ?? ''))
    || (e as { name?: string })?.name === 'ConflictError';
}

/**
 * Creates accounts (role `member`, a password nobody knows: members set theirs through the
 * invitation or « mot de passe oublié », as when staff register them one by one), profiles
 * and dues in bulk, with what the Document Service's write middlewares would add (the
 * federation code, the standing-due key). Their checks are made before: dates in readRow,
 * the section is one of the federation's in decide. Returns the new members' ids.
 */
async function createMany(
  strapi: Core.Strapi,
  trx: any,
  scope: ImportScope,
  creates: ImportValues[],
  decisions: Decision[],
  passwordHash: string
): Promise<number[]> {
  if (creates.length === 0) return [];
  const roleId = await roleIdOf(strapi, 'member');
  const userIds = await insertMany(strapi, USER_UID, creates.map((v) => ({
    username: v.email, email: v.email, provider: 'local', password: passwordHash, confirmed: true, blocked: false,
  })));
  await linkMany(strapi, trx, USER_UID, 'role', userIds.map((id) => [id, roleId]));
  const memberIds = await insertMany(strapi, MEMBER_UID, creates.map((v) => ({
    membershipNumber: v.membershipNumber, firstName: v.firstName, lastName: v.lastName, phone: v.phone,
    joinedOn: v.joinedOn, membershipStatus: 'active', federationCode: scope.federation.departmentCode,
  })));
  await linkMany(strapi, trx, MEMBER_UID, 'user', memberIds.map((id, i) => [id, userIds[i]]));
  await linkMany(strapi, trx, MEMBER_UID, 'federation', memberIds.map((id) => [id, scope.federation.id]));
  await linkMany(strapi, trx, MEMBER_UID, 'section', memberIds.flatMap((id, i) => (decisions[i].sectionId ? [[id, decisions[i].sectionId!] as [number, number]] : [])));
  const withDues = creates.flatMap((v, i) => (v.due ? [{ due: v.due, memberId: memberIds[i] }] : []));
  const dueIds = await insertMany(strapi, DUE_UID, withDues.map(({ due, memberId }) => ({
    year: due.year, amountCents: due.amountCents, paidOn: due.paidOn, method: due.method, reference: due.reference,
    federationCode: scope.federation.departmentCode, memberYear: `${memberId}:${due.year}`,
  })));
  await linkMany(strapi, trx, DUE_UID, 'member', dueIds.map((id, i) => [id, withDues[i].memberId]));
  return memberIds;
}

async function updateOne(strapi: Core.Strapi, scope: ImportScope, v: ImportValues, decision: Decision) {
  const member = decision.member!;
  if (decision.emailChange && member.user) {
    await strapi.db.query(USER_UID).update({ where: { id: member.user.id }, data: { email: decision.emailChange, username: decision.emailChange } });
    // Whoever held the old address loses the sessions opened with it (as update-member does).
    await strapi.sessionManager('users-permissions').invalidateRefreshToken(String(member.user.id));
  }
  if (Object.keys(decision.changes ?? {}).length) {
    await strapi.db.query(MEMBER_UID).update({ where: { id: member.id }, data: decision.changes as any });
    if (decision.changes?.section !== undefined) {
      // As update-member does: listeners holding a copy of the member's place refresh it.
      const federationId = scope.federation.id;
      await emitEvent(strapi, MEMBER_MOVED, { memberId: member.id, fromFederationId: federationId, toFederationId: federationId, fromSectionId: member.section?.id ?? null, toSectionId: (decision.changes.section as number | null) ?? null });
    }
  }
  if (decision.addDue && v.due) {
    await strapi.db.query(DUE_UID).create({
      data: {
        year: v.due.year, amountCents: v.due.amountCents, paidOn: v.due.paidOn, method: v.due.method, reference: v.due.reference, member: member.id,
        federationCode: scope.federation.departmentCode, memberYear: `${member.id}:${v.due.year}`,
      },
    });
  }
}

/** A password hash nobody can match: bcrypt of 32 random bytes that are then forgotten. */
export function unusablePasswordHash(): Promise<string> {
  return bcrypt.hash(randomBytes(32).toString('base64url'), 10);
}
