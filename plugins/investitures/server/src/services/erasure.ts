import type { Core } from '@strapi/strapi';
import { actedAs, ERASED_REASON, formerMemberLabel, type ErasureProvider, type ErasureReport, type ErasureSubject, type RetentionRule } from '@intranet-militant/shared';
import { withdrawBinomesOfMate, withdrawCandidaciesOfMember } from '../commands/candidacies';
import { erasedChecks } from '../domain/criteria';
import { CANDIDACY_UID, CRITERIA_UID, DESIGNATION_UID, PLEDGE_UID } from '../uids';

export const INVESTITURES_RETENTION: readonly RetentionRule[] = [
  {
    id: 'investitures.candidacies',
    what: 'Candidacies (designation, position, statement, documents, declared mandates, sex and year of birth as registered, the mandates plugin’s record, the pledge signature, the checks with who and when; a binôme’s running mate and the day they accepted or declined)',
    period: 'As long as the designation’s records',
    then: 'Kept linked to the pseudonymous profile (lists, decisions, parity and votes stay as they were); a candidacy still standing is withdrawn at the erasure, as the candidate could (its position freed), unless it is on the ballot of a members’ vote already opened; so is a binôme still standing that names the member as running mate (« Colistier·ère : départ du parti », its candidate told), the others keep naming the pseudonymous profile with the day of its answer; statement, documents, sex, year of birth, mandates declared (count, former collaborator) and the mandates plugin’s record removed at the erasure; the checks keep their verdicts (which cumul rules, from which source; who checked and when) without free text (the cumul violations’ text and mandates to give up, the standing reasons, the checklist notes); where the member acted as staff (checks, designations, criteria, body decisions, pledge versions), their name becomes « Ancien adhérent (<role>) »',
    basis: 'The party’s record of its investitures (statutes, art. 5.1.7 for the pledge); GDPR art. 17(3)(e)',
  },
  {
    id: 'investitures.criminal-record',
    what: 'Criminal-record checks (a bulletin n° 3 seen: clean or not, its date, who checked and when; never the document, deleted once the check is recorded)',
    period: 'As long as the candidacy',
    then: 'Removed at the member’s erasure',
    basis: 'GDPR art. 10 (data on convictions): only the outcome the investiture needs',
  },
];

type Stamped = { by?: string; byMember?: number | null };

/**
 * Investitures' part of erasure: the member's standing candidacies are withdrawn first, as they
 * could withdraw them (`withdrawCandidaciesOfMember`: an erased member keeps no live candidacy;
 * their departure withdrew them already, unless recorded before that rule; one on the ballot of
 * a vote already opened stays: the ballots cast name it), and so are the binômes that name them as
 * running mate (`withdrawBinomesOfMate`, « Colistier·ère : départ du parti », their candidates
 * told; those on an opened vote's ballot or decided keep naming the pseudonym, with the day of
 * their answer). Candidacies stay (a list, a decision, a vote's candidates are
 * the party's record) linked to the pseudonymised profile, without their free text, documents,
 * sex, year of birth, declared mandates and the mandates plugin's record; their checks keep the
 * verdicts only (`erasedChecks`: no cumul violation text nor mandates to give up, no standing
 * reasons, no checklist notes); criminal-record checks are removed. Where the member acted as staff
 * — checks of others' candidacies, designations created, criteria changed, body decisions
 * recorded, pledge versions adopted — their label (« Prénom Nom … (Rôle) ») becomes
 * « Ancien adhérent (Rôle) »: found by the profile id stored beside it, or the address an
 * actor's label names (admin-panel accounts, rows written before the id was). Idempotent.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: INVESTITURES_RETENTION,
    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      const standing = await withdrawCandidaciesOfMember(strapi, subject.memberId, ERASED_REASON);
      // Named as a binôme's running mate: the binômes still standing are withdrawn as their
      // departure withdraws them (their candidates told); the others keep naming the pseudonym.
      const binomes = await withdrawBinomesOfMate(strapi, subject.memberId, 'Colistier·ère : départ du parti');
      const namedAsMate = await strapi.db.query(CANDIDACY_UID).count({ where: { runningMateId: subject.memberId } });
      const mine = (label: unknown, memberId: unknown) => actedAs(subject, label, memberId);
      /** A check made by the member, without their name; unchanged (same object) otherwise. */
      // Checks written before the profile id was stored beside the name (« Prénom Nom (Rôle) », no address): by the name.
      const legacy = (stamp: Stamped) => !('byMember' in stamp) && typeof stamp.by === 'string' && stamp.by.startsWith(`${subject.firstName} ${subject.lastName} (`);
      const unsigned = <T extends Stamped>(stamp: T): T =>
        stamp && typeof stamp === 'object' && 'by' in stamp && (mine(stamp.by, stamp.byMember) || legacy(stamp)) ? { ...stamp, by: formerMemberLabel(stamp.by), byMember: null } : stamp;
      const rows = await strapi.db.query(CANDIDACY_UID).findMany({ where: { memberId: subject.memberId } });
      let records = 0;
      let checksUnsigned = 0;
      let designations = 0;
      let criteria = 0;
      let pledges = 0;
      await strapi.db.transaction(async () => {
        for (const c of rows) {
          if (c.checks?.criminalRecord) records += 1;
          // No free text nor mandate list about them beside the pseudonym (`erasedChecks`), and no
          // count or record of their mandates: with the designation they would name the person.
          await strapi.db.query(CANDIDACY_UID).update({
            where: { id: c.id },
            data: { statement: null, documents: [], sex: null, birthYear: null, previousMandates: null, formerCollaborator: false, record: null, checks: erasedChecks(c.checks) },
          });
        }
        // Checks they made on any candidacy (a JSON column: read them all, a designation's records are few).
        const checked = await strapi.db.query(CANDIDACY_UID).findMany({ where: { checks: { $notNull: true } }, select: ['id', 'checks'] });
        for (const c of checked) {
          const before = c.checks ?? {};
          const checks: Record<string, any> = {};
          let changed = 0;
          for (const [key, value] of Object.entries(before)) {
            if (key === 'checklist' && value && typeof value === 'object') {
              const list: Record<string, any> = {};
              for (const [item, entry] of Object.entries(value as Record<string, Stamped>)) {
                list[item] = unsigned(entry);
                if (list[item] !== entry) changed += 1;
              }
              checks[key] = list;
            } else {
              checks[key] = unsigned(value as Stamped);
              if (checks[key] !== value) changed += 1;
            }
          }
          if (!changed) continue;
          checksUnsigned += changed;
          await strapi.db.query(CANDIDACY_UID).update({ where: { id: c.id }, data: { checks } });
        }
        for (const d of await strapi.db.query(DESIGNATION_UID).findMany({ select: ['id', 'createdByLabel', 'createdByMember', 'bodyDecision'] })) {
          const data: Record<string, unknown> = {};
          if (mine(d.createdByLabel, d.createdByMember)) Object.assign(data, { createdByLabel: formerMemberLabel(d.createdByLabel), createdByMember: null });
          const decision = d.bodyDecision;
          if (decision && mine(decision.recordedBy, decision.recordedByMember)) data.bodyDecision = { ...decision, recordedBy: formerMemberLabel(decision.recordedBy), recordedByMember: null };
          if (!Object.keys(data).length) continue;
          designations += 1;
          await strapi.db.query(DESIGNATION_UID).update({ where: { id: d.id }, data });
        }
        for (const k of await strapi.db.query(CRITERIA_UID).findMany({ select: ['id', 'updatedByLabel', 'updatedByMember'] })) {
          if (!mine(k.updatedByLabel, k.updatedByMember)) continue;
          criteria += 1;
          await strapi.db.query(CRITERIA_UID).update({ where: { id: k.id }, data: { updatedByLabel: formerMemberLabel(k.updatedByLabel), updatedByMember: null } });
        }
        for (const p of await strapi.db.query(PLEDGE_UID).findMany({ select: ['id', 'adoptedBy', 'adoptedByMember'] })) {
          if (!mine(p.adoptedBy, p.adoptedByMember)) continue;
          pledges += 1;
          await strapi.db.query(PLEDGE_UID).update({ where: { id: p.id }, data: { adoptedBy: formerMemberLabel(p.adoptedBy), adoptedByMember: null } });
        }
      });
      return {
        source: 'investitures',
        counts: { candidaciesKept: rows.length, candidaciesWithdrawn: standing.withdrawn, candidaciesOnBallot: standing.onBallot, binomesAsRunningMate: namedAsMate, binomesWithdrawn: binomes.withdrawn, binomesOnBallot: binomes.onBallot, criminalRecordChecksRemoved: records, checksUnsigned, designationsUnsigned: designations, criteriaUnsigned: criteria, pledgeVersionsUnsigned: pledges },
      };
    },
  }) satisfies ErasureProvider;
