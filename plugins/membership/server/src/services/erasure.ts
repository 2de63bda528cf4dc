import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { actedAs, formerMemberLabel, todayInParis, type Actor, type ErasureHold, type ErasureProvider, type ErasureReport, type ErasureSubject, type RetentionRule } from '@intranet-militant/shared';
import { unusablePasswordHash } from '../import/engine';
import { EXCLUSION_TRACES } from './status';
import { DATA_EXPORT_UID, DUE_UID, IMPORT_JOB_UID, IMPORT_ROW_UID, MEMBER_UID, USER_UID } from '../uids';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Years after leaving before a member's data is erased (`MEMBER_RETENTION_YEARS`, default 3). */
export function memberRetentionYears(): number {
  const value = Number(process.env.MEMBER_RETENTION_YEARS ?? 3);
  return Number.isInteger(value) && value >= 0 ? value : 3;
}

/** Days an import's staging rows are kept after it ends (`IMPORT_ROWS_RETENTION_DAYS`, default 30). */
export function importRowsRetentionDays(): number {
  const value = Number(process.env.IMPORT_ROWS_RETENTION_DAYS ?? 30);
  return Number.isInteger(value) && value >= 0 ? value : 30;
}

/**
 * Years an exclusion trace is kept after the exclusion (`EXCLUSION_TRACE_YEARS`, default 5).
 * The trace exists for one purpose: that a person excluded by the conflicts commission is not
 * re-admitted by a federation's staff (or an import) without the commission knowing. That
 * matters as long as the exclusion stands against a new application, which is a re-admission
 * delay: the statutes' exclusion is the level above a suspension of at most 24 months, and
 * repeat offences count for 3 years (`repeatYears`); the trace must also outlive the
 * profile itself (erased `MEMBER_RETENTION_YEARS`, 3, after the exclusion). Five years covers
 * both with a margin; afterwards a new application is judged on its own merits, and keeping a
 * keyed hash of someone's former opinion (GDPR art. 9) would have no purpose left.
 */
export function exclusionTraceYears(): number {
  const value = Number(process.env.EXCLUSION_TRACE_YEARS ?? 5);
  return Number.isInteger(value) && value >= 1 ? value : 5;
}

/** `YYYY-MM-DD` minus whole years (29 February becomes 28 February). */
export function yearsBefore(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y - years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/** Years a due is kept after the end of its financial year (Code de commerce art. L123-22). */
export const DUES_RETENTION_YEARS = 10;

/** The pseudonym an erased profile carries (what staff and every plugin then show). */
export const ERASED_FIRST_NAME = 'Ancien';
export const ERASED_LAST_NAME = 'adhérent';
/** The number an erased profile carries (the format of membership numbers: `EFF-<id>`). */
export const erasedNumber = (memberId: number) => `EFF-${memberId}`;
/** The address an erased login account carries: no one's, never deliverable (RFC 2606 `.invalid`). */
export const erasedEmail = (memberDocumentId: string, door: 'adherent' | 'admin' = 'adherent') => `efface-${memberDocumentId.toLowerCase()}@${door}.invalid`;

export const MEMBERSHIP_RETENTION: readonly RetentionRule[] = [
  {
    id: 'membership.profile',
    what: 'Member profile (names, membership number, phone, sex, year of birth, socio-professional category and its consent, status reason) and its login account',
    period: `While a member; until ${memberRetentionYears()} years after leaving (departure recorded by staff, or exclusion) — \`MEMBER_RETENTION_YEARS\`; when the member asks: their account closed at once, the erasure just after (or once nothing holds the data)`,
    then: 'Pseudonymised: « Ancien adhérent », number EFF-<id>, phone, sex, year of birth, socio-professional category (and consent) and status reason removed, join date kept as its year only, federation and section kept (counts); login account anonymised (address efface-…@adherent.invalid), blocked, sessions revoked; an admin-panel account with the same address anonymised and deactivated',
    basis: 'GDPR art. 5(1)(e) and 17(1)(a): membership (art. 9(2)(d)) is the purpose and ends with it; the delay after leaving is the party’s choice, to settle disputes about a former member’s standing',
  },
  {
    id: 'membership.dues',
    what: 'Dues (year, amount, date, method, reference)',
    period: `${DUES_RETENTION_YEARS} years after the end of the financial year paid`,
    then: 'At erasure the due keeps its payer (« NOM Prénom, n° X ») as an accounting record, shown to no one in the intranet (no Content Manager answer carries it, to staff or national admins, nor does its list search look into it; only the database holds it); dues of erased members are deleted when their period ends',
    basis: 'Code de commerce art. L123-22 (accounting records and vouchers kept 10 years); loi n° 88-227 art. 11-7 (parties keep certified accounts)',
  },
  {
    id: 'membership.import-rows',
    what: 'Import staging rows (`membership_import_rows`: the cells of an imported file)',
    period: `${importRowsRetentionDays()} days after the import ends or was last previewed — \`IMPORT_ROWS_RETENTION_DAYS\``,
    then: 'Deleted (the import job keeps its file name, counts and audit entries); rows naming an erased member are deleted at the erasure',
    basis: 'GDPR art. 5(1)(c) and (e): needed only to review the dry run and download the refused rows',
  },
  {
    id: 'membership.data-exports',
    what: '« Mes données » exports',
    period: '7 days after they are ready',
    then: 'Deleted (hourly job); an erased member’s exports are deleted at the erasure',
    basis: 'GDPR art. 15 (the member’s copy); issue 22, item 3',
  },
  {
    id: 'membership.exclusion-traces',
    what: 'Exclusion traces (`membership_exclusion_traces`: keyed hashes of an excluded member’s address and membership number, the day, the federation)',
    period: `${exclusionTraceYears()} years after the exclusion — \`EXCLUSION_TRACE_YEARS\`; kept after the member’s erasure (that is their purpose)`,
    then: 'Deleted: a later registration or import of the same person is no longer flagged nor refused',
    basis: 'GDPR art. 5(1)(c) and (e), art. 9(2)(d): the re-admission delay after an exclusion, during which staff must not re-admit the person unknowingly — the party’s choice, longer than the longest suspension (24 months), the repeat-offence window (3 years) and the profile’s own period after leaving',
  },
];

/** Why an erasure waits while an import of the member's federation runs (French, for staff). */
export const IMPORT_RUNNING_HOLD = 'Un import d’adhérents de sa fédération est en cours : l’effacement attend qu’il se termine.';

/**
 * Membership's part of retention and erasure (issue 22, item 4). `erase` pseudonymises the
 * profile and anonymises the login account (the identity every other plugin shows through
 * the directory), keeps the dues as accounting records with their payer, and deletes the
 * import rows and data exports naming the member; the imports they started keep what their
 * batches need of their actor, under « Ancien adhérent (Rôle) » (`unsignImportJobs`). Runs
 * in one transaction; idempotent.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: MEMBERSHIP_RETENTION,

    /**
     * While an import of the member's federation is running, their erasure waits: the
     * running import's staging rows are not erased (`deleteImportRowsNaming` leaves them to
     * the batches) and a row naming them could write their profile again. Not a reason the
     * member needs (nor one that names anyone): their own request gets the neutral answer of
     * `requestErasure`, as for any hold they may not be told of; staff read this. Reads only.
     */
    async holds(subject: Pick<ErasureSubject, 'memberId'>): Promise<ErasureHold | null> {
      const member = await strapi.db.query(MEMBER_UID).findOne({ where: { id: subject.memberId }, select: ['id'], populate: { federation: { select: ['id'] } } });
      const federationId = member?.federation?.id;
      if (federationId == null) return null;
      const running = await strapi.db.query(IMPORT_JOB_UID).count({ where: { federationId, state: 'running' } });
      return running > 0 ? { reason: IMPORT_RUNNING_HOLD, disclosable: false } : null;
    },

    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      const counts = { profile: 0, account: 0, adminAccounts: 0, dues: 0, importRows: 0, importJobs: 0, dataExports: 0 };
      const revoke: { kind: 'users-permissions' | 'admin'; id: number }[] = [];
      await strapi.db.transaction(async ({ trx }) => {
        const member = await strapi.db.query(MEMBER_UID).findOne({ where: { id: subject.memberId }, select: ['id', 'joinedOn', 'leftOn', 'erasedOn'] });
        if (!member) return;
        const today = todayInParis();
        if (!member.erasedOn) {
          const payer = `${subject.lastName.toUpperCase()} ${subject.firstName}, n° ${subject.membershipNumber}`.slice(0, 200);
          const dues = await strapi.db.query(DUE_UID).findMany({ where: { member: { id: subject.memberId }, payer: { $null: true } }, select: ['id'] });
          for (const due of dues) await strapi.db.query(DUE_UID).update({ where: { id: due.id }, data: { payer } });
          counts.dues = dues.length;
          await strapi.db.query(MEMBER_UID).update({
            where: { id: subject.memberId },
            data: {
              firstName: ERASED_FIRST_NAME,
              lastName: ERASED_LAST_NAME,
              membershipNumber: erasedNumber(subject.memberId),
              phone: null,
              sex: null,
              birthYear: null,
              socioProfessionalCategory: null,
              socioProfessionalConsentedAt: null,
              socioProfessionalConsentVersion: null,
              statusReason: null,
              suspendedUntil: null,
              joinedOn: `${String(member.joinedOn).slice(0, 4)}-01-01`,
              leftOn: member.leftOn ?? today,
              erasedOn: today,
            },
          });
          counts.profile = 1;
        }
        if (subject.userId != null) {
          const address = erasedEmail(subject.memberDocumentId);
          const account = await strapi.db.query(USER_UID).findOne({ where: { id: subject.userId }, select: ['id', 'email'] });
          if (account && account.email !== address) {
            await strapi.db.query(USER_UID).update({
              where: { id: account.id },
              data: { email: address, username: address, password: await unusablePasswordHash(), blocked: true, confirmed: false, resetPasswordToken: null, confirmationToken: null },
            });
            counts.account = 1;
            revoke.push({ kind: 'users-permissions', id: account.id });
          }
        }
        if (subject.email) {
          const admins = await strapi.db.query('admin::user').findMany({ where: { email: { $eqi: subject.email } }, select: ['id'] });
          for (const admin of admins) {
            await strapi.db.query('admin::user').update({
              where: { id: admin.id },
              data: { firstname: ERASED_FIRST_NAME, lastname: ERASED_LAST_NAME, username: null, email: erasedEmail(`${subject.memberDocumentId}-${admin.id}`, 'admin'), isActive: false, resetPasswordToken: null, registrationToken: null },
            });
            revoke.push({ kind: 'admin', id: admin.id });
          }
          counts.adminAccounts = admins.length;
        }
        counts.importRows = await deleteImportRowsNaming(strapi, trx, subject);
        counts.importJobs = await unsignImportJobs(strapi, subject);
        counts.dataExports = await strapi.db.query(DATA_EXPORT_UID).deleteMany({ where: { memberId: subject.memberId } }).then((r: { count: number }) => r.count);
      });
      // Sessions live outside the transaction's tables: revoked once the erasure is committed.
      for (const { kind, id } of revoke) await strapi.sessionManager(kind).invalidateRefreshToken(String(id));
      return { source: 'membership', counts };
    },

    /**
     * Import staging rows past their period, dues of erased members past their accounting
     * period, and exclusion traces past `EXCLUSION_TRACE_YEARS`. `dryRun` counts without deleting.
     */
    async purge(now: Date, options: { dryRun?: boolean } = {}): Promise<ErasureReport> {
      const limit = new Date(now.getTime() - importRowsRetentionDays() * DAY_MS);
      const jobs = await strapi.db.query(IMPORT_JOB_UID).findMany({
        where: {
          $or: [
            { state: { $in: ['done', 'failed'] }, finishedAt: { $lte: limit } },
            { state: 'previewed', updatedAt: { $lte: limit } },
          ],
        },
        select: ['id'],
      });
      const jobIds = jobs.map((j: { id: number }) => j.id);
      const rowsWhere = { jobId: { $in: jobIds.length ? jobIds : [0] } };
      const lastYearToDelete = Number(todayInParis(now).slice(0, 4)) - DUES_RETENTION_YEARS - 1;
      const duesWhere = { payer: { $notNull: true }, year: { $lte: lastYearToDelete } };
      // Traces whose exclusion day is `EXCLUSION_TRACE_YEARS` or more ago (Paris days).
      const tracesLimit = yearsBefore(todayInParis(now), exclusionTraceYears());
      const traces = (trx: Knex) => trx(EXCLUSION_TRACES).where('excluded_on', '<=', tracesLimit);
      if (options.dryRun) {
        return {
          source: 'membership',
          counts: {
            importRows: await strapi.db.query(IMPORT_ROW_UID).count({ where: rowsWhere }),
            dues: await strapi.db.query(DUE_UID).count({ where: duesWhere }),
            exclusionTraces: Number((await traces(strapi.db.connection).count({ n: '*' }).first())?.n ?? 0),
          },
        };
      }
      return strapi.db.transaction(async ({ trx }) => ({
        source: 'membership',
        counts: {
          importRows: (await strapi.db.query(IMPORT_ROW_UID).deleteMany({ where: rowsWhere })).count,
          dues: (await strapi.db.query(DUE_UID).deleteMany({ where: duesWhere })).count,
          exclusionTraces: Number(await traces(trx).delete()),
        },
      }));
    },
  }) satisfies ErasureProvider;

/**
 * Deletes the staging rows of imports that are not running whose cells name the member (their
 * address or membership number, compared lower-cased within the stored JSON). Returns how many.
 */
async function deleteImportRowsNaming(strapi: Core.Strapi, trx: Knex.Transaction, subject: ErasureSubject): Promise<number> {
    const running = (await strapi.db.query(IMPORT_JOB_UID).findMany({ where: { state: 'running' }, select: ['id'] })).map((j: { id: number }) => j.id);
  const text = strapi.db.dialect.client === 'postgres' ? 'lower(cells::text)' : 'lower(cells)';
  const needles = [subject.email, subject.membershipNumber].filter((n): n is string => Boolean(n)).map((n) => `%${n.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (needles.length === 0) return 0;
  const query = trx('membership_import_rows').where((q) => {
    for (const needle of needles) q.orWhereRaw(`${text} LIKE ? ESCAPE '\\'`, [needle]);
  });
  if (running.length) query.whereNotIn('job_id', running);
  return Number(await query.delete());
}

/**
 * The import jobs the member started (their actor, stored so that the batches run with their
 * rights): the actor keeps its account id, role and places — what a batch checks — and names
 * « Ancien adhérent (Rôle) » without their profile. Returns how many. In the caller's transaction.
 */
async function unsignImportJobs(strapi: Core.Strapi, subject: ErasureSubject): Promise<number> {
  let count = 0;
  for (const job of await strapi.db.query(IMPORT_JOB_UID).findMany({ select: ['id', 'actor'] })) {
    const actor = job.actor as Actor | null;
    if (!actor || !actedAs(subject, actor.label, actor.memberId)) continue;
    const kept: Actor = {
      kind: actor.kind,
      userId: actor.userId,
      label: formerMemberLabel(actor.label),
      role: actor.role,
      memberId: null,
      memberDocumentId: null,
      federationId: actor.federationId,
      sectionId: actor.sectionId,
      status: actor.status,
    };
    await strapi.db.query(IMPORT_JOB_UID).update({ where: { id: job.id }, data: { actor: kept } });
    count += 1;
  }
  return count;
}
