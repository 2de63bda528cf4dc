import { frenchDate, frenchDateTime, isRole, PAYMENT_METHOD_LABELS, ROLE_LABELS } from '@intranet-militant/shared';
import { actionLabel, subjectLabel } from './action-labels';

/**
 * An audit entry's details (stored as JSON by `recordAudit`) as lines a member reads in « Mes
 * données »: one line per field, « Libellé : valeur », French labels for the fields the
 * plugins record (unknown ones: their name split into words), French values (oui/non, « — »,
 * dates « 31 mars 2026 », instants « 6 décembre 2026 à 04 h 18 » in Paris time, the codes
 * plugins record in words — shared fields, visibility, parts, roles, statuses, payment
 * methods —, a content type by its French name, lists joined by commas), nested objects as
 * « Libellé › sous-libellé ». Internal identifiers (documentIds, database ids) mean nothing
 * to a reader and are left out (a list of them is counted). Pure; never throws (text that is
 * not JSON comes back as it is).
 */

const LABELS: Readonly<Record<string, string>> = {
  reason: 'Motif',
  from: 'Avant',
  to: 'Après',
  until: 'Jusqu’au',
  by: 'Par',
  on: 'Le',
  since: 'Depuis',
  before: 'Avant',
  after: 'Après',
  changed: 'Modifié',
  changes: 'Modifications',
  fields: 'Champs',
  membershipNumber: 'N° d’adhérent',
  joinedOn: 'Date d’adhésion',
  leftOn: 'Date de départ',
  requestedOn: 'Demandé le',
  accountClosed: 'Compte fermé',
  departureCleared: 'Départ annulé',
  cause: 'Cause',
  role: 'Rôle',
  sectionId: 'Section (n°)',
  federation: 'Fédération',
  priorExclusion: 'Exclusion antérieure',
  trace: 'Trace d’exclusion enregistrée',
  status: 'Statut',
  level: 'Niveau',
  title: 'Titre',
  name: 'Nom',
  label: 'Libellé',
  kind: 'Type',
  type: 'Type',
  member: 'Adhérent·e',
  memberId: 'Adhérent·e (n° interne)',
  consultation: 'Consultation',
  proposal: 'Proposition',
  proposals: 'Propositions',
  provenance: 'Provenance',
  skill: 'Compétence',
  skills: 'Compétences',
  interests: 'Centres d’intérêt',
  networks: 'Réseaux',
  visibility: 'Visibilité',
  sharedFields: 'Champs partagés',
  year: 'Année',
  method: 'Mode de paiement',
  reference: 'Référence',
  amountCents: 'Montant (centimes)',
  file: 'Fichier',
  fileName: 'Fichier',
  size: 'Taille (octets)',
  sha256: 'Empreinte SHA-256',
  format: 'Format',
  export: 'Export',
  parts: 'Parties',
  version: 'Version',
  rows: 'Lignes',
  invite: 'Invitation envoyée',
  updated: 'Mis à jour',
  unchanged: 'Inchangés',
  refused: 'Refusés',
  created: 'Créés',
  erased: 'Effacés',
  failed: 'Échecs',
  purged: 'Supprimés',
  deleted: 'Supprimés',
  counts: 'Nombres',
  mandate: 'Mandat',
  periodStart: 'Début de la période',
  onTime: 'À l’heure',
  startOn: 'Début',
  endOn: 'Fin',
  theoreticalEndOn: 'Fin prévue',
  previousEndOn: 'Fin précédente',
  territoryCode: 'Code du territoire',
  ruleId: 'Règle',
  rules: 'Règles',
  startsAt: 'Début',
  module: 'Module',
  source: 'Source',
  sentTo: 'Envoyé à',
  suggested: 'Suggéré',
  sponsor: 'Parrain ou marraine',
  newcomer: 'Nouvel·le adhérent·e',
  body: 'Texte',
  into: 'Vers',
  email: 'Adresse e-mail',
  code: 'Code',
  expiresAt: 'Expire le',
  expiresOn: 'Expire le',
  accountBlocked: 'Compte bloqué',
  effectOf: 'Conséquence de',
  action: 'Action',
  isActive: 'Compte actif',
  sessions: 'Sessions fermées',
  category: 'Catégorie',
  employer: 'Employeur',
  criterion: 'Critère',
  coordinators: 'Coordinateurs',
  audience: 'Public',
  closesOn: 'Clôture le',
  count: 'Nombre',
  total: 'Total',
  entries: 'Entrées',
  listed: 'Visible dans l’annuaire',
};

/** Plugin ids as « Mes données » names their parts (`parts` of an export, an erasure). */
const PARTS: Readonly<Record<string, string>> = {
  membership: 'Adhésion',
  consultations: 'Consultations',
  training: 'Formation',
  bodies: 'Instances',
  audit: 'Journal d’audit',
  notifications: 'Notifications',
  search: 'Recherche',
  events: 'Événements',
  skills: 'Compétences et réseaux',
  mandates: 'Élus et mandats',
  investitures: 'Investitures et désignations',
  sanctions: 'Commission des conflits',
};
const STATUSES: Readonly<Record<string, string>> = { active: 'actif', suspended: 'suspendu', excluded: 'exclu', left: 'parti' };

/** The words of the codes plugins record, by field: a value not listed stays as recorded. */
const VALUE_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // Skills: what a member shares in a network, and who reads their profile.
  sharedFields: { skills: 'compétences', sector: 'secteur d’activité', availability: 'disponibilité', languages: 'langues', email: 'adresse e-mail', phone: 'téléphone' },
  visibility: { staff: 'l’équipe de la fédération seulement', section: 'la section', federation: 'la fédération', all: 'tous les adhérents' },
  parts: PARTS,
  method: PAYMENT_METHOD_LABELS,
  status: STATUSES,
  from: STATUSES,
  to: STATUSES,
  format: { json: 'JSON', html: 'page HTML', pdf: 'PDF', csv: 'CSV', xlsx: 'Excel' },
  // How a synthesis chose its proposals; who an audience is; how a member is notified.
  by: { selection: 'sélection', ranking: 'classement' },
  audience: { national: 'tous les adhérents', federation: 'la fédération', section: 'la section' },
  mode: { email: 'par e-mail', digest: 'dans le résumé hebdomadaire', portal: 'sur l’intranet seulement', off: 'désactivée' },
  // Whose sessions an effect on accounts ended: the portal's, the admin panel's.
  sessions: { 'users-permissions': 'intranet', admin: 'panneau d’administration' },
  // Why the skills directory brought a profile's listing up to date with its member's status.
  cause: { return: 'retour de l’adhérent·e (réadhésion)', 'daily-check': 'contrôle quotidien des statuts' },
};

/** Fields holding an internal identifier (a database id, a documentId): nothing a reader can use. */
const ID_FIELDS = new Set(['id', 'documentId', 'export', 'memberId', 'sectionId', 'federationId', 'fromSectionId', 'toSectionId', 'fromFederationId', 'toFederationId', 'moduleId', 'kindId']);
/** A Strapi 5 documentId (24 lower-case letters and digits). */
const DOCUMENT_ID = /^[a-z0-9]{24}$/;
const isInternalId = (value: unknown) => typeof value === 'string' && DOCUMENT_ID.test(value) && /\d/.test(value) && /[a-z]/.test(value);
const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const CONTENT_TYPE = /^(?:plugin|api|admin)::[a-z-]+\.[a-zA-Z-]+$/;
const ACTION = /^(?:plugin|api|admin)::[a-z-]+\.[a-zA-Z-]+\.[a-zA-Z-]+$/;

/** `someFieldName` → « Some field name » (a field no label names yet). */
const words = (key: string) => {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};
/** A field's French label; under `parts` (an erasure's counts by plugin) the plugin's part. */
const labelOf = (key: string, parent = '') => (parent === 'parts' ? PARTS[key] : undefined) ?? LABELS[key] ?? words(key);

/** A field left out: an internal id (a list of ids is counted instead: `valueOf`). */
const hidden = (key: string, value: unknown) =>
  ID_FIELDS.has(key) || isInternalId(value);

function valueOf(value: unknown, key = ''): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'number') return key === 'year' ? String(value) : value.toLocaleString('fr-FR');
  if (typeof value === 'string') {
    const word = VALUE_LABELS[key]?.[value];
    if (word) return word;
    if (key === 'role' && isRole(value)) return ROLE_LABELS[value].name;
    if (ISO_DAY.test(value)) return frenchDate(value);
    if (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return frenchDateTime(value);
    if (CONTENT_TYPE.test(value)) return subjectLabel(value);
    // What a recorded effect followed (`effectOf.action`): that action's label.
    if (key === 'action' && ACTION.test(value)) return actionLabel(value);
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length && value.every(isInternalId)) return value.length.toLocaleString('fr-FR');
    return value.length ? value.map((v) => valueOf(v, key)).join(', ') : '—';
  }
  const fields = Object.entries(value as Record<string, unknown>).filter(([k, v]) => !hidden(k, v));
  if (fields.length === 0) return '—';
  return fields.map(([k, v]) => `${labelOf(k)} : ${valueOf(v, k)}`).join(' ; ');
}

function linesOf(details: Record<string, unknown>, prefix = '', parent = ''): string[] {
  return Object.entries(details).flatMap(([key, value]) => {
    if (hidden(key, value)) return [];
    const label = prefix ? `${prefix} › ${labelOf(key, parent)}` : labelOf(key);
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) {
      const nested = linesOf(value as Record<string, unknown>, label, key);
      return nested.length ? nested : [`${label} : —`];
    }
    return [`${label} : ${valueOf(value, key)}`];
  });
}

/** The details' readable lines, joined by line breaks (« — » when there are none). */
export function readableDetails(details: string | Record<string, unknown> | null | undefined): string {
  if (details == null || details === '') return '—';
  let parsed: unknown = details;
  if (typeof details === 'string') {
    try {
      parsed = JSON.parse(details);
    } catch {
      return details;
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return valueOf(parsed);
  const lines = linesOf(parsed as Record<string, unknown>);
  return lines.length ? lines.join('\n') : '—';
}
