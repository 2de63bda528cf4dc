/**
 * What a member reads for an audit entry's action (« Mes données », issue 22): the action is
 * stored as Strapi names its permissions, `plugin::<plugin>.<thing>.<verb>` (or
 * `plugin::<plugin>.<verb>` for a plugin-wide step); its French label is « <what was done> —
 * <on what> », « Recherche — annuaire des compétences ». Pure. An action whose thing or verb
 * is not named here keeps its stored name in parentheses, so nothing is ever hidden.
 */

/** The things acted upon, by `<plugin>.<thing>`. */
const THINGS: Record<string, string> = {
  'audit.entry': 'journal d’audit',
  'bodies.attendance': 'présences d’une réunion',
  'bodies.body': 'instance',
  'bodies.meeting': 'réunion d’instance',
  'bodies.minutes': 'compte rendu',
  'bodies.seat': 'siège dans une instance',
  'consultations.consultation': 'consultation',
  'consultations.contribution': 'contribution',
  'consultations.proposal': 'proposition',
  'consultations.suggestion': 'regroupement suggéré',
  'consultations.synthesis': 'synthèse',
  'consultations.workbench': 'atelier de regroupement',
  'content-manager.explorer': 'panneau d’administration',
  'events.event': 'événement',
  'events.registration': 'inscription à un événement',
  'events.summer-university': 'université d’été',
  'investitures.candidacy': 'candidature',
  'investitures.criteria': 'critères d’investiture',
  'investitures.designation': 'désignation',
  'investitures.pledge': 'engagement des candidats',
  'investitures.vote': 'vote de désignation',
  'mandates.mandate': 'mandat',
  'mandates.question': 'question à un élu',
  'mandates.report': 'compte rendu de mandat',
  'mandates.rules': 'règles de cumul',
  'mandates.waiver': 'dérogation aux règles de cumul',
  'membership.admin-account': 'compte du panneau d’administration',
  'membership.api-token': 'jeton d’API',
  'membership.data-export': 'export « Mes données »',
  'membership.due': 'cotisation',
  'membership.federation': 'fédération',
  'membership.import': 'import d’adhérents',
  'membership.member': 'fiche d’adhérent',
  'membership.retention': 'durée de conservation',
  'membership.section': 'section',
  'membership.status': 'statut d’adhérent',
  'modules.module': 'module de la fédération',
  'notifications.bounce': 'adresse en échec',
  'notifications.feed': 'lien d’agenda',
  'notifications.invitation': 'invitation',
  'notifications.preference': 'préférences de notification',
  'sanctions.case': 'procédure disciplinaire',
  'sanctions.scale': 'échelle des sanctions',
  'skills.census': 'recensement des compétences',
  'skills.consent': 'consentement à l’annuaire',
  'skills.directory': 'annuaire des compétences',
  'skills.matching': 'suggestions de personnes',
  'skills.network': 'réseau',
  'skills.profile': 'fiche de compétences',
  'skills.skill': 'compétence',
  'skills.term': 'vocabulaire des compétences',
  'training.enrolment': 'inscription à une formation',
  'training.sponsorship': 'parrainage',
  'upload.assets': 'médiathèque',
  'upload.file': 'fichier de la médiathèque',
  'upload.folder': 'dossier de la médiathèque',
  'users-permissions.auth': 'connexion',
  'users-permissions.user': 'compte',
};

/**
 * Subjects some plugins record by their table's name (things that are not content types:
 * the skills plugin's networks, terms and censuses), by the thing they are.
 */
const TABLES: Record<string, string> = {
  skills_networks: 'skills.network',
  skills_terms: 'skills.term',
  skills_censuses: 'skills.census',
  // Strapi's admin-panel accounts (`admin::user`, whose display name is English: « User »).
  'admin::user': 'membership.admin-account',
};

/** What was done, as a noun. */
const VERBS: Record<string, string> = {
  accept: 'acceptation',
  'account-blocked': 'blocage du compte',
  'account-unblocked': 'déblocage du compte',
  activate: 'activation',
  adopt: 'adoption',
  answer: 'réponse',
  appeal: 'appel',
  apply: 'dépôt',
  approve: 'approbation',
  attach: 'ajout d’une pièce',
  batch: 'lot importé',
  callback: 'connexion',
  cancel: 'annulation',
  changePassword: 'changement de mot de passe',
  check: 'vérification',
  'check-in': 'émargement',
  clear: 'levée',
  close: 'clôture',
  complete: 'fin',
  compose: 'composition',
  confirm: 'confirmation',
  consent: 'consentement',
  contribute: 'contribution',
  coordinator: 'coordination',
  'copy-link': 'copie du lien',
  correct: 'correction',
  create: 'création',
  deactivate: 'désactivation',
  decide: 'décision',
  defence: 'défense',
  delegate: 'délégué',
  delete: 'suppression',
  depart: 'départ',
  designate: 'désignation',
  detach: 'retrait d’une pièce',
  disable: 'désactivation',
  document: 'pièce versée',
  download: 'téléchargement',
  edit: 'modification',
  enable: 'activation',
  end: 'fin',
  erase: 'effacement',
  'erasure-refuse': 'demande d’effacement close, compte rouvert',
  'erasure-request': 'demande d’effacement',
  exclude: 'exclusion',
  export: 'export',
  finalize: 'décision définitive',
  forgotPassword: 'mot de passe oublié',
  getSessions: 'liste des sessions',
  give: 'accord',
  grant: 'accord',
  hearing: 'audition',
  hide: 'masquage',
  hold: 'tenue',
  identify: 'identification',
  investigate: 'instruction',
  join: 'adhésion',
  leave: 'départ',
  logout: 'déconnexion',
  mark: 'relevé',
  'mate-accept': 'accord du ou de la colistier·ère',
  'mate-decline': 'refus du ou de la colistier·ère',
  me: 'lecture de son compte',
  'member-moved': 'changement de section ou de fédération',
  'member-status': 'changement de statut',
  merge: 'fusion',
  moderate: 'modération',
  move: 'déplacement',
  'national-decision': 'décision nationale',
  notify: 'notification',
  open: 'ouverture',
  output: 'production',
  phase: 'changement de phase',
  pledge: 'signature',
  'precautionary-suspension': 'suspension conservatoire',
  preview: 'essai',
  propose: 'proposition',
  publish: 'publication',
  're-registration-flagged': 'réinscription signalée',
  reactivate: 'réactivation',
  read: 'lecture',
  ready: 'mise à disposition',
  record: 'enregistrement',
  redact: 'effacement de données',
  refer: 'saisine',
  refresh: 'prolongation de session',
  refuse: 'refus',
  reinstate: 'réintégration',
  repair: 'remise en ordre',
  reject: 'refus',
  replace: 'remplacement',
  report: 'bilan',
  request: 'demande',
  reset: 'renouvellement',
  resetPassword: 'nouveau mot de passe',
  restore: 'rétablissement',
  return: 'réadhésion',
  revokeSession: 'fin d’une session',
  role: 'changement de rôle',
  run: 'recherche',
  save: 'enregistrement',
  search: 'recherche',
  send: 'envoi',
  session: 'séance',
  'sessions-revoked': 'fin des sessions',
  set: 'réglage',
  share: 'partage',
  'socio-professional-consent': 'accord sur la catégorie socioprofessionnelle',
  'socio-professional-withdrawal': 'retrait de la catégorie socioprofessionnelle',
  submit: 'dépôt',
  suspend: 'suspension',
  'transfer-out': 'transfert',
  unsubscribe: 'désabonnement',
  update: 'modification',
  use: 'ouverture',
  verify: 'vérification',
  withdraw: 'retrait',
};

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * « Recherche — annuaire des compétences » for the skills plugin's `directory.search`.
 *
 * @param action an audit entry's stored action
 * @param contentTypeName a content type's display name by uid, for things not named here
 * @returns its French label; the stored name in parentheses for what is not named here
 */
export function actionLabel(action: string, contentTypeName: (uid: string) => string | undefined = () => undefined): string {
  const aliased = /^(admin::user)\.([a-zA-Z-]+)$/.exec(action);
  if (aliased) {
    const verb = VERBS[aliased[2]!];
    const thing = THINGS[TABLES[aliased[1]!]!]!;
    return verb ? `${capitalised(verb)} — ${thing}` : `${capitalised(thing)} (${action})`;
  }
  const match = /^(plugin|api|admin)::([a-z-]+)\.([a-zA-Z-]+)(?:\.([a-zA-Z-]+))?$/.exec(action);
  if (!match) return action;
  const [, kind, plugin, second, third] = match;
  // A content type's own write through the admin panel (`api::document.document.update`): its display name.
  const thingOf = () => THINGS[`${plugin}.${second}`] ?? contentTypeName(`${kind}::${plugin}.${second}`)?.toLowerCase();
  const [thing, verb] = third ? [thingOf(), VERBS[third]] : [undefined, VERBS[second]];
  if (!verb || (third && !thing)) return `${capitalised(verb ?? thing ?? 'action')} (${action})`;
  return thing ? `${capitalised(verb)} — ${thing}` : capitalised(verb);
}

/**
 * What staff read for an audit entry's subject type: « Fiche d’adhérent » for
 * a member (`membership.member`). Pure.
 *
 * @param type an audit entry's stored subject type (a content type's uid, `<kind>::<plugin>.<thing>`,
 *        or a table's name for things that are not content types: `skills_networks`)
 * @param contentTypeName a content type's display name by uid
 * @returns the French name of the thing when named here (Strapi's own types have English
 *          display names: « User »), else the content type's display name, else `type` as stored
 */
export function subjectLabel(type: string, contentTypeName: (uid: string) => string | undefined = () => undefined): string {
  const match = /^(?:plugin|api|admin)::([a-z-]+)\.([a-zA-Z-]+)$/.exec(type);
  const thing = match ? THINGS[`${match[1]}.${match[2]}`] : TABLES[type] ? THINGS[TABLES[type]] : undefined;
  return thing ? capitalised(thing) : (contentTypeName(type) ?? type);
}

/** The fields of an entry's details that name its subject, in order of preference. */
const NAME_FIELDS = ['title', 'name', 'label', 'fileName'] as const;
/** The parts of an entry's details that are the subject itself, with its `name`. */
const NAMED_PARTS = ['file', 'folder'] as const;
const DOCUMENT_ID = /^[a-z0-9]{24}$/;

/**
 * What the journal shows after an entry's subject label, without reading anything else (no
 * query per entry): the subject's name when the entry's details carry one (a consultation's
 * `title`, a network's `name`, a term's `label`, an import's `fileName`: « « Budget
 * participatif 2027 » »), else a short neutral reference (« réf. q1e3tz » for a documentId,
 * « n° 12 » for a number, a readable slug as it is), else null. Pure.
 *
 * @param id the entry's stored subject id (null for none)
 * @param details the entry's details (parsed JSON, anything else is ignored)
 */
export function subjectName(id: string | null, details: unknown): string | null {
  if (details && typeof details === 'object' && !Array.isArray(details)) {
    for (const field of NAME_FIELDS) {
      const value = (details as Record<string, unknown>)[field];
      if (typeof value === 'string' && value.trim() && !DOCUMENT_ID.test(value)) return `« ${value.trim()} »`;
    }
    // The media library's entries name their file or folder inside it (`{ file: { id, name, … } }`).
    for (const field of NAMED_PARTS) {
      const part = (details as Record<string, unknown>)[field];
      const value = part && typeof part === 'object' ? (part as Record<string, unknown>).name : undefined;
      if (typeof value === 'string' && value.trim()) return `« ${value.trim()} »`;
    }
  }
  if (!id) return null;
  if (/^\d+$/.test(id)) return `n° ${id}`;
  if (DOCUMENT_ID.test(id)) return `réf. ${id.slice(0, 6)}`;
  return id.length <= 40 ? id : `réf. ${id.slice(0, 6)}`;
}

/** Is every piece of this action named (a label without the stored name)? For tests. */
export const isNamed = (action: string) => !actionLabel(action).includes('(');
