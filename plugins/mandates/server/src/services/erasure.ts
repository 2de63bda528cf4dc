import type { Core } from '@strapi/strapi';
import { actedAs, deletePrivateFile, ERASED_REASON, formerMemberLabel, type ErasureProvider, type ErasureReport, type ErasureSubject, type RetentionRule } from '@intranet-militant/shared';
import type { ReportAttachment } from '../commands/reports';
import { CONTACT_UID, MANDATE_UID, REPORT_UID, WAIVER_UID } from '../uids';

export const MANDATES_RETENTION: readonly RetentionRule[] = [
  {
    id: 'mandates.records',
    what: 'Mandates (category, territory, dates, source, verification, a collaborator\'s employer), waivers, mandate reports (summary, text, earlier versions) and the questions and answers about them',
    period: 'As long as the party’s record of its elected officials',
    then: 'Kept linked to the pseudonymous profile: indicators, breaches and the rules’ history stay as they were; the directory leaves out members who left; a waiver the member granted names « Ancien adhérent (<role>) » as its grantor; the free-text reasons about the member (a mandate’s end reason, a waiver’s reason) read « Motif retiré à l’effacement des données »',
    basis: 'Public mandates are public facts; the party’s record of its officials’ accountability (issue 16); GDPR art. 17(3)(e)',
  },
  {
    id: 'mandates.report-attachments',
    what: 'Files attached to mandate reports (private store: the file, its name, type, size and SHA-256)',
    period: 'As long as the report, until the official removes them or their erasure',
    then: 'Deleted (files and records) at the official’s erasure; the report’s summary and text stay',
    basis: 'GDPR art. 5(1)(c) and 17(1)(a): documents the official chose to share may name them or others; the text is the record',
  },
  {
    id: 'mandates.contacts',
    what: 'An official’s public contact details (address, phone, permanences, whether they are shown)',
    period: 'While a member; until the official withdraws them',
    then: 'Deleted at the member’s erasure',
    basis: 'Consent (the official opts in to show them): GDPR art. 6(1)(a), 7(3) and 17(1)(a)',
  },
];

/**
 * Mandates' part of erasure: the mandates, reports and questions stay on the pseudonymous
 * profile (the party's public record of its officials); the reports' attached files are
 * deleted — records in the transaction, files from the private store once it is committed —
 * and the public contact details are deleted; waivers the member granted (as a national admin)
 * name « Ancien adhérent (Rôle) » instead of them; the free-text reasons about the member (why a
 * mandate of theirs ended, why a waiver was granted to them) read `ERASED_REASON`: beside the
 * kept category, territory and dates they would still tell it about them. Idempotent (a file
 * already gone is fine).
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: MANDATES_RETENTION,
    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      const files: ReportAttachment[] = [];
      let contacts = 0;
      let waivers = 0;
      let reasons = 0;
      await strapi.db.transaction(async () => {
        for (const waiver of await strapi.db.query(WAIVER_UID).findMany({ where: { grantedBy: { $notNull: true } }, select: ['id', 'grantedBy', 'grantedByMember'] })) {
          if (!actedAs(subject, waiver.grantedBy, waiver.grantedByMember)) continue;
          await strapi.db.query(WAIVER_UID).update({ where: { id: waiver.id }, data: { grantedBy: formerMemberLabel(waiver.grantedBy), grantedByMember: null } });
          waivers += 1;
        }
        const reports = await strapi.db.query(REPORT_UID).findMany({
          where: { mandate: { member: { id: subject.memberId } } },
          select: ['id', 'attachments'],
        });
        for (const report of reports as { id: number; attachments: ReportAttachment[] | null }[]) {
          if (!report.attachments?.length) continue;
          files.push(...report.attachments);
          await strapi.db.query(REPORT_UID).update({ where: { id: report.id }, data: { attachments: [] } });
        }
        contacts = (await strapi.db.query(CONTACT_UID).deleteMany({ where: { member: { id: subject.memberId } } })).count;
        // Free text about the member beside the kept record: why a mandate ended, why a waiver was granted.
        // By id: the query engine's updateMany does not filter through a relation.
        for (const [uid, field] of [[MANDATE_UID, 'endReason'], [WAIVER_UID, 'reason']] as const) {
          const rows = await strapi.db.query(uid).findMany({ where: { member: { id: subject.memberId }, [field]: { $notNull: true, $ne: ERASED_REASON } }, select: ['id'] });
          if (rows.length) reasons += Number((await strapi.db.query(uid).updateMany({ where: { id: { $in: rows.map((r: { id: number }) => r.id) } }, data: { [field]: ERASED_REASON } }))?.count ?? 0);
        }
      });
      for (const file of files) await deletePrivateFile(strapi, file);
      return { source: 'mandates', counts: { reportAttachments: files.length, contacts, waiversUnsigned: waivers, reasonsRemoved: reasons } };
    },
  }) satisfies ErasureProvider;
