/**
 * An audit entry's details (stored as JSON by `recordAudit`) as lines a member reads in « Mes
 * données »: one line per field, « Libellé : valeur », French labels for the fields the
 * plugins record (unknown ones: their name split into words), French values (oui/non, « — »,
 * dates JJ/MM/AAAA, lists joined by commas), nested objects as « Libellé › sous-libellé ».
 * Pure; never throws (text that is not JSON comes back as it is).
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
  changed: 'Modifié',
  changes: 'Modifications',
  fields: 'Champs',
  membershipNumber: 'N° d’adhérent',
  joinedOn: 'Date d’adhésion',
  leftOn: 'Date de départ',
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
  id: 'Identifiant',
  into: 'Vers',
};

/** `someFieldName` → « Some field name » (a field no label names yet). */
const words = (key: string) => {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};
const labelOf = (key: string) => LABELS[key] ?? words(key);

function valueOf(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'number') return value.toLocaleString('fr-FR');
  if (typeof value === 'string') {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return day ? `${day[3]}/${day[2]}/${day[1]}` : value;
  }
  if (Array.isArray(value)) return value.length ? value.map(valueOf).join(', ') : '—';
  if (Object.keys(value as object).length === 0) return '—';
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${labelOf(k)} : ${valueOf(v)}`).join(' ; ');
}

function linesOf(details: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(details).flatMap(([key, value]) => {
    const label = prefix ? `${prefix} › ${labelOf(key)}` : labelOf(key);
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) return linesOf(value as Record<string, unknown>, label);
    return [`${label} : ${valueOf(value)}`];
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
