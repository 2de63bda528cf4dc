/**
 * The users-permissions plugin's role page (Paramètres › Utilisateurs et autorisations › Rôles ›
 * a role) lists the content API's actions as its code names them, with no translation key:
 * each group by its API or plugin (`api::article` as « Article », `plugin::membership` as
 * « Membership », Strapi's own in English: « Media Library », « Users-permissions »), then each
 * controller (« member », « due », « body », shown in capitals), and the group's description
 * names the raw id (« … pour api::article. »), and each action's checkbox by the controller's
 * method (`find`, `findOne`, `changeStatus`). This names them in French in that page as they
 * appear. `tests/admin-translations.test.ts` checks that every API, plugin and controller of ours
 * has its French name here, and that Strapi 5.54 still writes these names so;
 * `tests/admin-panel.test.ts` that every action the page lists has one.
 */
import { watchPage } from './french-leftovers';

/** Each group of the page by its id (`collapse.name`): shared with the admin roles' « Plugins » tab (src/permission-sections.ts). */
export { PERMISSION_GROUPS } from '../permission-sections';
import { PERMISSION_GROUPS } from '../permission-sections';

/** Each controller of the page by its name: ours, then Strapi's plugins' content-API ones. */
export const PERMISSION_CONTROLLERS: Record<string, string> = {
  article: 'Actualité',
  document: 'Document',
  'document-category': 'Catégorie de document',
  audit: 'Journal d’audit',
  bodies: 'Instances',
  consultation: 'Consultation',
  contribution: 'Contribution',
  export: 'Export',
  proposal: 'Proposition',
  results: 'Résultats',
  synthesis: 'Synthèse',
  vote: 'Vote',
  workbench: 'Atelier de l’équipe',
  events: 'Événements',
  'public-events': 'Événements publics',
  'summer-university': 'Université d’été',
  // The events plugin registers these two under camel-case names (as the page shows them).
  publicEvents: 'Événements publics',
  summerUniversity: 'Université d’été',
  investitures: 'Investitures',
  mandates: 'Mandats',
  'mandates-admin': 'Mandats (équipe)',
  due: 'Cotisation',
  federation: 'Fédération',
  import: 'Import',
  index: 'Accueil',
  me: 'Mon compte',
  member: 'Adhérent',
  'member-admin': 'Adhérents (équipe)',
  section: 'Section',
  'federation-module': 'Module d’une fédération',
  invitation: 'Invitation',
  notification: 'Notification',
  sanctions: 'Commission des conflits',
  search: 'Recherche',
  skills: 'Compétences',
  training: 'Formations',
  // Strapi's plugins.
  'content-api': 'Fichiers',
  auth: 'Authentification',
  user: 'Compte',
  role: 'Rôle',
  permissions: 'Autorisations',
  email: 'E-mail',
  locales: 'Langues',
  'content-types': 'Types de contenu',
  components: 'Composants',
};

/**
 * Each action of the page by its name (the controller's method, as the routes name it), shown
 * beside its checkbox, or by `<controller>.<action>` where one name means two things.
 */
export const PERMISSION_ACTIONS: Record<string, string> = {
  // Strapi's own verbs, and ours that read or write a whole entry.
  find: 'Lister',
  findOne: 'Lire une fiche',
  findPage: 'Lister par page',
  create: 'Créer',
  update: 'Modifier',
  delete: 'Supprimer',
  destroy: 'Supprimer',
  count: 'Compter',
  list: 'Lister',
  show: 'Lire',
  query: 'Rechercher',
  search: 'Rechercher',
  upload: 'Téléverser',
  send: 'Envoyer',
  listLocales: 'Lister les langues',
  getComponents: 'Lister les composants',
  getComponent: 'Lire un composant',
  getContentTypes: 'Lister les types de contenu',
  getContentType: 'Lire un type de contenu',
  // Users-permissions: accounts, roles, sign-in.
  callback: 'Retour de connexion externe',
  changePassword: 'Changer son mot de passe',
  resetPassword: 'Réinitialiser le mot de passe',
  forgotPassword: 'Mot de passe oublié',
  refresh: 'Prolonger la session',
  logout: 'Se déconnecter',
  getSessions: 'Lister ses sessions',
  revokeSession: 'Fermer une session',
  connect: 'Se connecter par un fournisseur',
  register: 'S’inscrire',
  emailConfirmation: 'Confirmer son adresse e-mail',
  sendEmailConfirmation: 'Renvoyer la confirmation d’adresse',
  me: 'Lire son compte',
  createRole: 'Créer un rôle',
  updateRole: 'Modifier un rôle',
  deleteRole: 'Supprimer un rôle',
  getPermissions: 'Lister les autorisations',
  // Documents, news, files.
  attachment: 'Télécharger une pièce jointe',
  lessonAttachment: 'Télécharger une pièce jointe de leçon',
  download: 'Télécharger',
  file: 'Télécharger un fichier',
  csv: 'Exporter en CSV',
  print: 'Imprimer',
  // Audit.
  verify: 'Vérifier',
  // Bodies.
  mine: 'Lister les siennes',
  myIndicators: 'Lire ses indicateurs',
  bodies: 'Lister les instances',
  body: 'Lire une instance',
  createBody: 'Créer une instance',
  updateBody: 'Modifier une instance',
  designate: 'Désigner',
  endSeat: 'Mettre fin à un siège',
  meetings: 'Lister les réunions',
  createMeeting: 'Créer une réunion',
  meeting: 'Lire une réunion',
  updateMeeting: 'Modifier une réunion',
  setMeetingStatus: 'Changer le statut d’une réunion',
  meetingIcs: 'Agenda d’une réunion',
  markAttendance: 'Pointer les présences',
  minutes: 'Lire le procès-verbal',
  saveMinutes: 'Enregistrer le procès-verbal',
  approveMinutes: 'Approuver le procès-verbal',
  publishMinutes: 'Publier le procès-verbal',
  correctMinutes: 'Corriger le procès-verbal',
  bodyIndicators: 'Indicateurs d’une instance',
  federationIndicators: 'Indicateurs de la fédération',
  indicators: 'Indicateurs',
  report: 'Rapport',
  reportCsv: 'Rapport en CSV',
  reportPdf: 'Rapport en PDF',
  reportFile: 'Fichier d’un compte rendu',
  composition: 'Composition',
  skillSuggestions: 'Suggestions de compétences',
  // Consultations.
  open: 'Ouvrir',
  advance: 'Passer à l’étape suivante',
  statistics: 'Statistiques',
  statisticsCsv: 'Statistiques en CSV',
  withdraw: 'Retirer',
  moderate: 'Modérer',
  similar: 'Contributions proches',
  similarText: 'Textes proches',
  suggestions: 'Suggestions',
  rejectSuggestion: 'Écarter une suggestion',
  sources: 'Sources',
  merge: 'Fusionner',
  grade: 'Noter',
  gradeMany: 'Noter en lot',
  chart: 'Graphique',
  build: 'Rédiger',
  edit: 'Modifier',
  cast: 'Voter',
  ballots: 'Registre des votants',
  // Events.
  unregister: 'Se désinscrire',
  registrations: 'Lister les inscriptions',
  checkIn: 'Pointer une arrivée',
  consultations: 'Consultations liées',
  contribute: 'Contribuer',
  feedback: 'Donner son avis',
  stats: 'Statistiques',
  publicList: 'Lister (public)',
  publicShow: 'Lire (public)',
  publicCalendar: 'Agenda (public)',
  publicRegister: 'S’inscrire (public)',
  publicConfirm: 'Confirmer une inscription (public)',
  publicCancel: 'Annuler une inscription (public)',
  editions: 'Lister les éditions',
  createEdition: 'Créer une édition',
  edition: 'Lire une édition',
  addSession: 'Ajouter une séance',
  attend: 'Participer à une séance',
  leave: 'Quitter une séance',
  output: 'Productions',
  delegate: 'Déléguer',
  delegation: 'Délégation',
  delegationCsv: 'Délégation en CSV',
  // Investitures.
  designations: 'Lister les désignations',
  designation: 'Lire une désignation',
  apply: 'Candidater',
  candidacy: 'Lire une candidature',
  acceptMate: 'Accepter d’être colistier·ère',
  declineMate: 'Décliner d’être colistier·ère',
  pledge: 'Lire la charte',
  newPledge: 'Nouvelle version de la charte',
  sign: 'Signer',
  criminalRecord: 'Casier judiciaire',
  standing: 'Situation du candidat',
  cumul: 'Cumul des mandats',
  checklist: 'Liste de contrôle',
  parity: 'Parité',
  legislativeParity: 'Parité aux législatives',
  criteria: 'Lire les critères',
  saveCriteria: 'Enregistrer les critères',
  openVote: 'Ouvrir le vote',
  vote: 'Voter',
  closeVote: 'Clore le vote',
  results: 'Résultats',
  decide: 'Décider',
  // Mandates.
  categories: 'Catégories de mandats',
  currentRules: 'Règles en vigueur',
  publishRules: 'Publier les règles',
  withdrawRules: 'Retirer les règles',
  officials: 'Lister les élus',
  official: 'Lire un élu',
  situation: 'Situation',
  saveContact: 'Enregistrer ses coordonnées',
  record: 'Enregistrer',
  preview: 'Aperçu',
  end: 'Mettre fin',
  breaches: 'Manquements',
  compliance: 'Conformité',
  counts: 'Décomptes',
  grantWaiver: 'Accorder une dérogation',
  submitReport: 'Remettre un compte rendu',
  correctReport: 'Corriger un compte rendu',
  attach: 'Joindre un fichier',
  detach: 'Retirer un fichier',
  ask: 'Poser une question',
  answer: 'Répondre',
  pendingQuestions: 'Questions en attente',
  // Membership.
  cancel: 'Annuler',
  remap: 'Associer les colonnes',
  rows: 'Lignes',
  refused: 'Lignes refusées',
  confirm: 'Confirmer',
  shareSocioProfessional: 'Partager sa catégorie socioprofessionnelle',
  withdrawSocioProfessional: 'Retirer sa catégorie socioprofessionnelle',
  requestExport: 'Demander ses données',
  requestErasure: 'Demander l’effacement',
  exports: 'Lister ses exports',
  changeStatus: 'Changer le statut',
  changeRole: 'Changer le rôle',
  eligibility: 'Éligibilité',
  depart: 'Enregistrer un départ',
  return: 'Enregistrer un retour',
  departures: 'Départs',
  erase: 'Effacer',
  // Notifications.
  activate: 'Activer son compte',
  resend: 'Renvoyer l’invitation',
  bounces: 'Adresses refusées',
  clearBounce: 'Lever un refus d’adresse',
  inbox: 'Boîte de réception',
  unread: 'Non lues',
  read: 'Marquer comme lue',
  readAll: 'Tout marquer comme lu',
  preferences: 'Lire ses préférences',
  setPreference: 'Changer une préférence',
  feed: 'Lien d’agenda',
  resetFeed: 'Renouveler le lien d’agenda',
  calendar: 'Agenda',
  unsubscribe: 'Se désabonner',
  // Sanctions.
  scale: 'Barème',
  scaleVersion: 'Version du barème',
  adoptScale: 'Adopter le barème',
  refer: 'Saisir la commission',
  cases: 'Lister les dossiers',
  case: 'Lire un dossier',
  investigate: 'Instruire',
  notify: 'Notifier',
  hearing: 'Audition',
  document: 'Pièce du dossier',
  defence: 'Défense',
  identify: 'Identifier',
  precautionary: 'Mesure conservatoire',
  appeal: 'Faire appel',
  nationalDecision: 'Décision nationale',
  finalize: 'Clore',
  decisions: 'Décisions',
  uniformity: 'Harmonisation',
  // Skills.
  terms: 'Lister les termes',
  createTerm: 'Créer un terme',
  proposeTerm: 'Proposer un terme',
  reviewTerm: 'Examiner un terme',
  myProfile: 'Lire sa fiche',
  saveProfile: 'Enregistrer sa fiche',
  eraseProfile: 'Effacer sa fiche',
  giveConsent: 'Donner son accord',
  withdrawConsent: 'Retirer son accord',
  profile: 'Lire une fiche',
  confirmSkill: 'Confirmer une compétence',
  matching: 'Profils correspondants',
  networks: 'Lister les réseaux',
  createNetwork: 'Créer un réseau',
  network: 'Lire un réseau',
  joinNetwork: 'Rejoindre un réseau',
  leaveNetwork: 'Quitter un réseau',
  addCoordinator: 'Ajouter un coordinateur',
  exportNetwork: 'Exporter un réseau',
  censuses: 'Lister les recensements',
  createCensus: 'Créer un recensement',
  census: 'Lire un recensement',
  // Training.
  courses: 'Lister les formations',
  course: 'Lire une formation',
  enrol: 'S’inscrire',
  completeLesson: 'Terminer une leçon',
  attempt: 'Tenter un quiz',
  rate: 'Évaluer',
  certificatePdf: 'Certificat en PDF',
  verifyCertificate: 'Vérifier un certificat',
  sponsored: 'Parrainages',
  assign: 'Assigner',
  trainerSuggestions: 'Suggestions de formateurs',
  // One word, two meanings: named by controller (`<controller>.<action>`), before the action alone.
  'sanctions.report': 'Signaler des faits',
  'sanctions.identify': 'Identifier la personne mise en cause',
  'events.report': 'Rédiger le compte rendu',
  'mandates.report': 'Lire un compte rendu',
  'bodies.report': 'Rapport d’activité',
  'me.show': 'Lire sa fiche',
  'synthesis.show': 'Lire la synthèse',
  'results.show': 'Lire les résultats',
  'vote.show': 'Lire son vote',
};

/** Where the page is: a role's page of the users-permissions plugin (new or existing). */
const ROLE_PAGE = /\/settings\/users-permissions\/roles\/[^/]+\/?$/;

/** The groups' names as Strapi 5.54 writes them (`formatPluginName`), for those it names itself. */
const STRAPI_GROUP_NAMES: Record<string, string> = {
  Application: 'application',
  'Content manager': 'plugin::content-manager',
  'Content types builder': 'plugin::content-type-builder',
  Documentation: 'plugin::documentation',
  Email: 'plugin::email',
  i18n: 'plugin::i18n',
  'Media Library': 'plugin::upload',
  'Users-permissions': 'plugin::users-permissions',
};

/** A group's id from the name Strapi shows for it (`upperFirst` of the id without its prefix otherwise). */
export function groupOfShownName(shown: string): string | undefined {
  if (STRAPI_GROUP_NAMES[shown]) return STRAPI_GROUP_NAMES[shown];
  const id = shown.charAt(0).toLowerCase() + shown.slice(1);
  return Object.keys(PERMISSION_GROUPS).find((group) => group === `api::${id}` || group === `plugin::${id}`);
}

/** The description's text with each raw group id (`api::article`) named in French. */
export function nameGroupsIn(text: string): string {
  return text.replace(/\b(?:api|plugin)::[a-z0-9-]+/g, (id) => PERMISSION_GROUPS[id] ?? id);
}

/**
 * An action's French name from the name Strapi shows for it and its route (`…controllers.<controller>.<action>`,
 * which the page names beside it for screen readers); undefined when it has none.
 */
export function actionName(shown: string, route: string | undefined): string | undefined {
  const controller = route && /\.controllers\.([^.\s]+)\.[^.\s]+$/.exec(route)?.[1];
  return (controller && PERMISSION_ACTIONS[`${controller}.${shown}`]) || PERMISSION_ACTIONS[shown];
}

/** The route named beside an action's checkbox (in its cog button, for screen readers), from the checkbox's label. */
function routeBeside(label: Element): string | undefined {
  let box = label.parentElement;
  for (let depth = 0; box && depth < 3 && !box.querySelector('button:not([role="checkbox"])'); depth += 1) box = box.parentElement;
  const text = box?.querySelector('button:not([role="checkbox"])')?.textContent ?? '';
  return /\S*\.controllers\.\S+/.exec(text)?.[0];
}

/** The French for a text node of the page, or null to leave it. */
function frenchOf(text: string, element: Element): string | null {
  // An action: its checkbox's label, with its route beside it.
  const label = element.closest('label');
  if (label) return actionName(text.trim(), routeBeside(label)) ?? null;
  // A group's header: its trigger button holds the name, then the description.
  if (element.closest('button[aria-controls], [data-state] > button, h3 button')) {
    if (/(?:api|plugin)::/.test(text)) return nameGroupsIn(text);
    const group = groupOfShownName(text.trim());
    return group ? (PERMISSION_GROUPS[group] ?? null) : null;
  }
  // A controller's name: the heading of its actions, beside its « Tout sélectionner » box.
  const french = PERMISSION_CONTROLLERS[text.trim()];
  return french && !element.closest('label, button, input') && element.closest('[role="region"], [data-state="open"]') ? french : null;
}

/**
 * The name a cog button beside an action's checkbox is read by: Strapi writes the route inside it
 * for screen readers (« Voir la route liée à plugin::membership.controllers.member.findOne »), which
 * `routeBeside` reads; the button is named instead by the action's French name and its controller's
 * (« Voir la route de l’action « Lire une fiche » (Adhérent) »), in its `aria-label`, which screen
 * readers read in place of its text. Null when the text is not such a route or the action has no name.
 */
export function routeButtonName(text: string): string | null {
  const route = /\S*\.controllers\.([^.\s]+)\.([^.\s]+)$/.exec(text.trim());
  if (!route) return null;
  const action = actionName(route[2]!, route[0]);
  if (!action) return null;
  const controller = PERMISSION_CONTROLLERS[route[1]!];
  return `Voir la route de l’action « ${action} »${controller ? ` (${controller})` : ''}`;
}

function mendNode(node: Text) {
  const text = node.nodeValue ?? '';
  const element = node.parentElement;
  if (!element || !text.trim()) return;
  const button = element.closest('button:not([role="checkbox"])');
  if (button && /\.controllers\./.test(text)) {
    const name = routeButtonName(text);
    if (name && button.getAttribute('aria-label') !== name) button.setAttribute('aria-label', name);
    return;
  }
  const french = frenchOf(text, element);
  // Written only when it differs: a write is a mutation this observer would see again.
  if (french !== null && french !== text) node.nodeValue = french;
}

function mend(root: Node) {
  if (!ROLE_PAGE.test(window.location.pathname)) return;
  if (root.nodeType === Node.TEXT_NODE) {
    mendNode(root as Text);
    return;
  }
  if (!(root instanceof Element)) return;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) mendNode(node as Text);
}

/** Watches the panel's page and names the role page's groups and controllers in French as they appear. */
export function namePermissionsInFrench(): void {
  watchPage(mend);
}
