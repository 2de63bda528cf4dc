import type { Core } from '@strapi/strapi';
import type { PersonalDataPart, PersonalDataProvider, PersonalDataSubject } from '@intranet-militant/shared';
import { actionLabel, subjectLabel } from '../domain/action-labels';
import { readableDetails } from '../domain/readable-details';
import { AUDIT_TABLE } from '../storage';

interface Row {
  seq: number;
  occurred_at: string;
  actor_kind: string;
  actor_label: string;
  action: string;
  subject_type: string;
  details: string;
}

/**
 * The audit log's part of « Mes données » (issue 22): the entries whose subject is the
 * member's profile (its documentId: documentIds are unique across types) and the entries
 * the member's own account wrote, oldest first, their actions and subjects in French
 * (`actionLabel`, `subjectLabel`) and their details as readable French lines
 * (`readableDetails`: « Motif : … », one per field). Reads only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async personalData(subject: PersonalDataSubject): Promise<PersonalDataPart> {
      const rows: Row[] = await strapi.db
        .connection(AUDIT_TABLE)
        .where((q) => {
          q.where('subject_id', subject.memberDocumentId);
          if (subject.userId != null) q.orWhere((by) => by.where({ actor_kind: 'user', actor_id: subject.userId }));
        })
        .select('seq', 'occurred_at', 'actor_kind', 'actor_label', 'action', 'subject_type', 'details')
        .orderBy('seq', 'asc');
      const nameOf = (uid: string) => (strapi.contentTypes as unknown as Record<string, { info?: { displayName?: string } }>)[uid]?.info?.displayName;
      return {
        source: 'audit',
        title: 'Journal d’audit',
        sections: [
          {
            title: 'Entrées vous concernant ou écrites par votre compte',
            rows: rows.map((r) => ({
              'N°': Number(r.seq),
              Date: r.occurred_at,
              Auteur: r.actor_label,
              Action: actionLabel(r.action, nameOf),
              Objet: subjectLabel(r.subject_type, nameOf),
              Détails: readableDetails(r.details),
            })),
          },
        ],
      };
    },
  }) satisfies PersonalDataProvider;
