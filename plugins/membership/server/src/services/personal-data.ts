import type { Core } from '@strapi/strapi';
import { euros } from '../domain/dues';
import { effectiveStatus, labelled, PAYMENT_METHOD_LABELS, readablePersonalValue, todayInParis, type PersonalDataPart, type PersonalDataProvider, type PersonalDataSubject } from '@intranet-militant/shared';
import { ownSocioProfessional } from '../commands/socio-professional';
import { DUE_UID, IMPORT_JOB_UID, MEMBER_UID } from '../uids';
import { MEMBER_POPULATE, type DueRow, type MemberRow } from './directory';

const STATUS_LABELS = { active: 'actif', suspended: 'suspendu', excluded: 'exclu', left: 'a quitté le parti' } as const;
const SEX_LABELS: Record<string, string> = { F: 'femme', M: 'homme' };
/** The dues' payment methods as staff enter them (the portal's « Mon adhésion » words them so too). */
/** A stored code with its French word (`labelled`); null stays null; an unknown code is its own label. */
const coded = (code: string | null | undefined, labels: Record<string, string>) => (code == null || code === '' ? null : labelled(code, labels[code] ?? code));

/**
 * Membership's part of « Mes données » (issue 22): the profile, the login account's address
 * and role, every due recorded (cancelled ones included, with the reason), and the import
 * staging rows naming them. Amounts in euros as text (« 30,00 € »); dates as stored
 * (YYYY-MM-DD Paris days, ISO instants: the readable files word them); codes (sex, payment
 * method) and import cells with their French reading (`labelled`).
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async personalData(subject: PersonalDataSubject): Promise<PersonalDataPart> {
      const member = (await strapi.db.query(MEMBER_UID).findOne({ where: { id: subject.memberId }, populate: MEMBER_POPULATE })) as MemberRow | null;
      const dues = (await strapi.db.query(DUE_UID).findMany({ where: { member: { id: subject.memberId } }, orderBy: [{ year: 'asc' }, { id: 'asc' }] })) as DueRow[];
      const importRows = member ? await importRowsNaming(strapi, [member.user?.email, member.membershipNumber]) : [];
            return {
        source: 'membership',
        title: 'Adhésion',
        sections: [
          {
            title: 'Profil',
            rows: member
              ? [
                  {
                    'Numéro d’adhérent': member.membershipNumber,
                    Prénom: member.firstName,
                    Nom: member.lastName,
                    'Adresse e-mail': member.user?.email ?? null,
                    Téléphone: member.phone ?? null,
                    Rôle: member.user?.role?.name ?? null,
                    Fédération: member.federation ? `${member.federation.name} (${member.federation.departmentCode})` : null,
                    Section: member.section?.name ?? null,
                    'Adhésion le': member.joinedOn,
                    Sexe: coded(member.sex, SEX_LABELS),
                    'Année de naissance': member.birthYear ?? null,
                    'Catégorie socio-professionnelle (partagée avec mon consentement)': ownSocioProfessional(member)?.label ?? null,
                    'Consentement donné le': ownSocioProfessional(member)?.consentedAt ?? null,
                    Statut: STATUS_LABELS[effectiveStatus({ status: member.membershipStatus, suspendedUntil: member.suspendedUntil ?? null, leftOn: member.leftOn ?? null }, todayInParis())],
                    'Motif du statut': member.statusReason ?? null,
                    'Statut changé le': member.statusChangedOn ?? null,
                    'Suspendu jusqu’au': member.suspendedUntil ?? null,
                  },
                ]
              : [],
          },
          {
            title: 'Cotisations',
            rows: dues.map((d) => ({
              Année: d.year,
              Montant: euros(d.amountCents),
              'Payée le': d.paidOn,
              Moyen: coded(d.method, PAYMENT_METHOD_LABELS),
              Référence: d.reference ?? null,
              'Annulée le': d.cancelledOn ?? null,
              'Motif d’annulation': d.cancelReason ?? null,
            })),
          },
          {
            title: 'Lignes de fichiers d’import vous nommant',
            note: 'Quand votre fédération importe un fichier d’adhérents, ses lignes sont gardées le temps de vérifier l’import puis supprimées (voir la durée de conservation).',
            rows: importRows,
          },
        ],
      };
    },
  }) satisfies PersonalDataProvider;

const OUTCOME_LABELS: Record<string, string> = { create: 'fiche créée', update: 'fiche mise à jour', unchanged: 'inchangée', refused: 'refusée' };

/**
 * An import line's cells as read (`{ column: value }`, stored as JSON) with their reading:
 * one « colonne : valeur » line per cell (values in words: `readablePersonalValue`), in the
 * file's order of `columns` (its header, as the import job keeps it: PostgreSQL's jsonb does
 * not keep the keys' order), columns it does not name after. Text that is not a JSON object
 * stays as it is.
 */
export function importCells(cells: unknown, columns: readonly string[] = []) {
  let parsed: unknown = cells;
  if (typeof cells === 'string') {
    try {
      parsed = JSON.parse(cells);
    } catch {
      return cells;
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return typeof cells === 'string' ? cells : JSON.stringify(cells);
  const rank = (column: string) => (columns.indexOf(column) === -1 ? columns.length : columns.indexOf(column));
  const entries = Object.entries(parsed as Record<string, unknown>).sort(([a], [b]) => rank(a) - rank(b));
  const label = entries.map(([column, value]) => `${column} : ${readablePersonalValue(typeof value === 'object' && value !== null && !(value instanceof Date) ? JSON.stringify(value) : value)}`).join('\n');
  return labelled(parsed as Record<string, unknown>, label || '—');
}

/**
 * The staging rows of imports whose cells name the member (their address or membership
 * number, compared lower-cased within the stored JSON): file, when it was imported (ISO
 * instant), line, cells as read (`importCells`), outcome in French.
 */
async function importRowsNaming(strapi: Core.Strapi, needles: (string | null | undefined)[]) {
  const patterns = needles.filter((n): n is string => Boolean(n)).map((n) => `%${n.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (patterns.length === 0) return [];
  const text = strapi.db.dialect.client === 'postgres' ? 'lower(cells::text)' : 'lower(cells)';
  const rows: { job_id: number; line: number; cells: unknown; outcome: string | null }[] = await strapi.db
    .connection('membership_import_rows')
    .where((q) => {
      for (const pattern of patterns) q.orWhereRaw(`${text} LIKE ? ESCAPE '\\'`, [pattern]);
    })
    .select('job_id', 'line', 'cells', 'outcome')
    .orderBy([{ column: 'job_id' }, { column: 'line' }]);
  const jobIds = [...new Set(rows.map((r) => Number(r.job_id)))];
  const jobs = new Map<number, { fileName: string; createdAt: string; columns: string[] | null }>(
    jobIds.length ? (await strapi.db.query(IMPORT_JOB_UID).findMany({ where: { id: { $in: jobIds } }, select: ['id', 'fileName', 'createdAt', 'columns'] })).map((j: any) => [j.id, j]) : []
  );
  return rows.map((r) => {
    const job = jobs.get(Number(r.job_id));
    return {
      Fichier: job?.fileName ?? null,
      'Importé le': job?.createdAt ? new Date(job.createdAt).toISOString() : null,
      Ligne: Number(r.line),
      'Contenu lu': importCells(r.cells, Array.isArray(job?.columns) ? job.columns : []),
      Résultat: r.outcome ? OUTCOME_LABELS[r.outcome] ?? r.outcome : 'en attente',
    };
  });
}
