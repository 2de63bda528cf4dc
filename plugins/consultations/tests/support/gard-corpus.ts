/**
 * A deterministic corpus shaped like the Gard consultation: themes from its 28 adopted
 * proposals and from what members usually raise, each written several ways, so that
 * similar contributions really share their words (and stemming must do its part).
 */
export function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const THEMES: { key: string; titles: string[]; phrases: string[] }[] = [
  { key: 'intranet', titles: ['Un intranet pour les adhérents', 'Créer un intranet militant', 'Intranet centralisé et sécurisé'], phrases: ['un intranet centralisé où trouver toute l’information interne', 'l’intranet doit être sécurisé et rapide', 'centraliser documents et informations sur un intranet'] },
  { key: 'consultation', titles: ['Consulter les adhérents plus souvent', 'Des consultations régulières', 'Consultation directe des militants'], phrases: ['consulter directement les adhérents plusieurs fois par an', 'des consultations régulières sur les grandes décisions', 'donner la parole aux militants par la consultation'] },
  { key: 'formation', titles: ['Un plan de formation', 'Former les militants', 'Formations en ligne (MOOC)'], phrases: ['des formations à tous les niveaux, section, fédération et national', 'des modules de formation en ligne ouverts à tous', 'former les militants avec un plan de formation évalué'] },
  { key: 'parrainage', titles: ['Parrainer les nouveaux adhérents', 'Un parcours d’accueil', 'Accueillir les nouveaux militants'], phrases: ['chaque nouvel adhérent accueilli par un parrain', 'un parcours d’accueil pour les nouveaux adhérents', 'le parrainage aide les nouveaux militants à trouver leur place'] },
  { key: 'compte-rendu-elus', titles: ['Les élus rendent compte', 'Compte rendu de mandat', 'Transparence des élus'], phrases: ['les élus rendent compte de leur mandat chaque année', 'un compte rendu de mandat présenté aux adhérents', 'les élus expliquent leurs votes et leur action'] },
  { key: 'assiduite', titles: ['Assiduité des élus', 'Présence des élus aux instances', 'Indicateurs de présence'], phrases: ['publier la présence des élus aux instances où ils siègent', 'des indicateurs d’assiduité pour chaque élu', 'les élus doivent être présents aux réunions des instances'] },
  { key: 'cumul', titles: ['Limiter le cumul des mandats', 'Non-cumul des mandats', 'Cumul dans le temps'], phrases: ['interdire le cumul des mandats', 'limiter le cumul des mandats dans le temps', 'pas plus de deux mandats successifs'] },
  { key: 'proces-verbaux', titles: ['Comptes rendus des réunions', 'Publier les procès-verbaux', 'Compte rendu de chaque instance'], phrases: ['un compte rendu de chaque réunion d’instance', 'publier les procès-verbaux des réunions', 'les décisions des instances consignées et publiées'] },
  { key: 'sanctions', titles: ['Une échelle des sanctions', 'Sanctions graduées', 'Publier les décisions disciplinaires'], phrases: ['une échelle graduée des sanctions', 'les décisions de la commission des conflits publiées', 'des sanctions proportionnées et connues de tous'] },
  { key: 'competences', titles: ['Recenser les compétences', 'Annuaire des compétences', 'Connaître les réseaux des militants'], phrases: ['recenser les compétences des adhérents', 'un annuaire des compétences et des réseaux', 'mobiliser les savoir-faire des militants'] },
  { key: 'cotisation', titles: ['Une cotisation annuelle', 'Cotisation simple chaque année', 'Régler sa cotisation en ligne'], phrases: ['une cotisation annuelle claire', 'payer sa cotisation chaque année en ligne', 'la cotisation annuelle remplace le rattrapage sur deux ans'] },
  { key: 'transports', titles: ['Transports en commun gratuits', 'Gratuité des bus', 'Plus de bus dans les villages'], phrases: ['des transports en commun gratuits pour les jeunes', 'la gratuité des bus dans l’agglomération', 'plus de lignes de bus dans les villages'] },
  { key: 'logement', titles: ['Logement social', 'Construire des logements abordables', 'Lutter contre les logements vacants'], phrases: ['construire des logements sociaux dans chaque commune', 'des logements abordables pour les familles', 'remettre sur le marché les logements vacants'] },
  { key: 'sante', titles: ['Déserts médicaux', 'Centres de santé', 'Médecins en zone rurale'], phrases: ['lutter contre les déserts médicaux du département', 'ouvrir des centres de santé avec des médecins salariés', 'attirer des médecins en zone rurale'] },
  { key: 'ecoles', titles: ['Défendre les écoles rurales', 'Pas de fermeture de classes', 'Services publics de proximité'], phrases: ['empêcher la fermeture des classes en zone rurale', 'maintenir les écoles et les services publics de proximité', 'des écoles rurales avec des effectifs réduits'] },
  { key: 'eau', titles: ['Protéger l’eau', 'Gestion publique de l’eau', 'Sécheresse et ressource en eau'], phrases: ['une gestion publique de l’eau', 'protéger la ressource en eau face à la sécheresse', 'économiser l’eau en agriculture et en ville'] },
  { key: 'viticulture', titles: ['Soutenir les viticulteurs', 'Agriculture paysanne', 'Circuits courts agricoles'], phrases: ['soutenir les viticulteurs et l’agriculture paysanne', 'développer les circuits courts agricoles', 'des cantines avec des produits agricoles locaux'] },
  { key: 'emploi-jeunes', titles: ['Emploi des jeunes', 'Apprentissage', 'Insertion professionnelle des jeunes'], phrases: ['favoriser l’emploi des jeunes du département', 'développer l’apprentissage dans les entreprises locales', 'accompagner l’insertion professionnelle des jeunes'] },
  { key: 'culture', titles: ['Culture pour tous', 'Soutenir les festivals', 'Bibliothèques ouvertes'], phrases: ['rendre la culture accessible à tous', 'soutenir les festivals et les associations culturelles', 'des bibliothèques ouvertes le soir et le dimanche'] },
  { key: 'numerique', titles: ['Fracture numérique', 'Accompagner le numérique', 'Internet partout'], phrases: ['réduire la fracture numérique', 'accompagner les personnes âgées dans les démarches numériques', 'la fibre et internet dans chaque village'] },
  { key: 'egalite', titles: ['Égalité femmes-hommes', 'Parité dans les instances', 'Lutter contre le sexisme'], phrases: ['la parité dans toutes les instances du parti', 'l’égalité entre les femmes et les hommes', 'lutter contre le sexisme en politique'] },
  { key: 'reseaux-sociaux', titles: ['Communication sur les réseaux sociaux', 'Mieux communiquer', 'Une communication moderne'], phrases: ['être présents sur les réseaux sociaux', 'une communication moderne et réactive', 'former les militants à la communication sur les réseaux'] },
  { key: 'journal', titles: ['Un journal interne', 'Lettre d’information', 'Bulletin fédéral'], phrases: ['un journal interne pour informer les adhérents', 'une lettre d’information mensuelle', 'un bulletin fédéral avec les nouvelles des sections'] },
  { key: 'energie', titles: ['Énergie solaire', 'Transition énergétique', 'Panneaux solaires publics'], phrases: ['des panneaux solaires sur les bâtiments publics', 'accélérer la transition énergétique', 'produire une énergie renouvelable locale'] },
  { key: 'dechets', titles: ['Réduire les déchets', 'Recyclage', 'Compostage collectif'], phrases: ['réduire et recycler les déchets', 'le compostage collectif dans chaque quartier', 'trier les déchets dans les écoles'] },
  { key: 'velo', titles: ['Pistes cyclables', 'Le vélo au quotidien', 'Plan vélo'], phrases: ['des pistes cyclables sécurisées', 'développer le vélo au quotidien', 'un plan vélo pour relier les villages'] },
  { key: 'budget-participatif', titles: ['Budget participatif', 'Les habitants décident', 'Démocratie participative locale'], phrases: ['un budget participatif dans chaque commune', 'les habitants décident d’une part du budget', 'la démocratie participative au niveau local'] },
  { key: 'sections', titles: ['Réunions de section régulières', 'Faire vivre les sections', 'Sections plus actives'], phrases: ['des réunions de section chaque mois', 'faire vivre les sections avec des débats', 'des sections plus actives et ouvertes'] },
  { key: 'terrain', titles: ['Porte-à-porte', 'Militer sur le terrain', 'Présence sur les marchés'], phrases: ['faire du porte-à-porte dans les quartiers', 'militer sur le terrain toute l’année', 'être présents sur les marchés chaque semaine'] },
  { key: 'finances', titles: ['Transparence financière', 'Publier les comptes', 'Budget de la fédération'], phrases: ['publier les comptes de la fédération', 'la transparence financière des dépenses', 'un budget fédéral présenté aux adhérents'] },
  { key: 'jeunes-militants', titles: ['Attirer les jeunes militants', 'Une place pour la jeunesse', 'Jeunes dans les instances'], phrases: ['attirer les jeunes militants', 'donner des responsabilités aux jeunes', 'des jeunes dans les instances du parti'] },
  { key: 'formation-elus', titles: ['Former les élus', 'Formation des élus locaux', 'Élus mieux préparés'], phrases: ['former les élus locaux à leur mandat', 'des formations pour les élus ouvertes aux militants', 'préparer les candidats à l’exercice du mandat'] },
  { key: 'retraites', titles: ['Défendre les retraites', 'Retraite à taux plein', 'Petites pensions'], phrases: ['défendre les retraites par répartition', 'revaloriser les petites pensions', 'une retraite digne pour tous'] },
  { key: 'sport', titles: ['Sport pour tous', 'Équipements sportifs', 'Clubs sportifs amateurs'], phrases: ['le sport accessible à tous', 'rénover les équipements sportifs', 'aider les clubs sportifs amateurs'] },
  { key: 'tourisme', titles: ['Tourisme durable', 'Protéger les Cévennes', 'Tourisme et environnement'], phrases: ['un tourisme durable respectueux des Cévennes', 'protéger les paysages et accueillir les visiteurs', 'un tourisme qui profite aux habitants'] },
  { key: 'securite', titles: ['Police de proximité', 'Sécurité du quotidien', 'Médiateurs de quartier'], phrases: ['une police de proximité dans les quartiers', 'la sécurité du quotidien', 'des médiateurs de quartier pour prévenir les conflits'] },
  { key: 'associations', titles: ['Soutenir les associations', 'Vie associative', 'Bénévoles'], phrases: ['soutenir les associations locales', 'reconnaître les bénévoles de la vie associative', 'des locaux pour les associations'] },
  { key: 'handicap', titles: ['Accessibilité handicap', 'Inclusion des personnes handicapées', 'Accessibilité des locaux'], phrases: ['rendre les locaux accessibles aux personnes handicapées', 'l’inclusion des personnes en situation de handicap', 'l’accessibilité de toutes les réunions'] },
  { key: 'ruralite', titles: ['Ruralité', 'Villages vivants', 'Commerces de village'], phrases: ['garder des villages vivants', 'aider les commerces de village', 'une politique pour la ruralité'] },
  { key: 'vote-electronique', titles: ['Vote en ligne des adhérents', 'Voter par internet', 'Vote électronique sécurisé'], phrases: ['permettre le vote en ligne des adhérents', 'un vote électronique sécurisé et secret', 'voter par internet pour les décisions internes'] },
];

const OPENINGS = ['Je propose', 'Il faudrait', 'Nous demandons', 'Proposition :', 'Pour moi il est urgent de', 'Je souhaite'];
const CLOSINGS = ['C’est une priorité.', 'Cela changerait beaucoup de choses.', 'Les adhérents l’attendent.', 'C’est réaliste.', ''];

export function contributionText(theme: (typeof THEMES)[number], random: () => number) {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const first = pick(theme.phrases);
  const second = pick(theme.phrases.filter((p) => p !== first));
  return {
    title: pick(theme.titles),
    body: `${pick(OPENINGS)} ${first}. Aussi, ${second}. ${pick(CLOSINGS)}`.trim(),
    category: theme.key.startsWith('c') ? 'Fonctionnement du parti' : 'Projet pour le Gard',
  };
}
