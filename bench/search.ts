/**
 * Intranet search at scale: N French documents (comptes rendus, motions, formations,
 * actualités, propositions), generated deterministically from a political and associative
 * vocabulary with a Zipf-like word distribution, spread over national, federation and
 * section audiences. Measures, in one run:
 *
 * - index throughput: documents written straight through the provider (`upsert`);
 * - reindex throughput: the full pipeline (read the published entries, `toDocument`,
 *   upsert) over a slice of real `api::document.document` entries (`rebuildIndex`);
 * - p50/p95/p99 of Q ranked 1–3-word queries through the provider and through
 *   GET /api/search (member, federation staff, national admin in turn);
 * - the baseline: a naive ILIKE (LIKE on SQLite) scan of the same rows for the same
 *   queries, AND over the words, newest first, with its count.
 *
 * - relevance beside speed: overlap@10 with the exhaustive ranking (every match ranked by the
 *   same scoring, no candidate bound) and known answers placed by construction (issue 21);
 * - the page alone, then its counts apart (as the portal asks), beside the whole answer.
 *
 * Goals (issue 21), checked on the page asked first: provider p95 ≤ 10 ms and API p95 ≤ 20 ms
 * on PostgreSQL at 100,000 documents, API p95 ≤ 60 ms on SQLite; overlap@10 ≥ 0.9; the
 * known answer in the top 10 ≥ 95 %.
 *
 *   DATABASE_CLIENT=postgres npm run bench:search -- 100000 300     (documents, queries)
 *
 * BENCH_BASELINE_QUERIES (default 100) caps how many of the queries the naive scan runs
 * (about a second each at 100,000 documents); BENCH_RELEVANCE_QUERIES (default: all) how many
 * the exhaustive ranking runs (up to 0.2 s each); BENCH_DATABASE=name seeds a corpus once
 * and reuses it in later runs (a PostgreSQL database of that name, or on SQLite the file
 * `os.tmpdir()/<name>.db`, about 380 MB at 100,000); BENCH_KEEP_DATABASE=true keeps the
 * run's PostgreSQL database afterwards, for EXPLAIN.
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { searchKey, stripAccents } from '@intranet-militant/shared';
import type {} from '@intranet-militant/search';
import { rebuildIndex, type TypeReport } from '../plugins/search/server/src/commands/rebuild-index';
import { createDatabaseProvider } from '../plugins/search/server/src/providers/database';
import type { IndexedDocument, SearchProvider, SearchQuery, Viewer } from '../plugins/search/server/src/providers/types';
import { paragraphs } from '../src/content/blocks';
import { buildAccount, buildFederation, buildMember, buildSection } from '../src/seed/builders';
import { client, databaseName, fixed, latencies, machine, seeded, timed, withStrapi } from './support';
import { readBenchArgs } from './args';
import { BENCHES } from './commands';

// Read only when run: bench/search-ab.ts imports the query generator and reads its own command line.
const [documents, queryCount] = (require.main !== module ? [100_000, 300] : readBenchArgs(BENCHES.search.args).positionals) as number[];
/** Real entries indexed through the whole pipeline (part of the N documents). */
const REAL = Math.min(5_000, Math.floor(documents / 2));
/** The naive scan is slow: it runs on this many of the queries (the first ones). */
const BASELINE_QUERIES = Math.min(queryCount, Number(process.env.BENCH_BASELINE_QUERIES ?? 100));
const WARM_UP = 20;
const FEDERATIONS = 10;
const SECTIONS_PER_FEDERATION = 5;
const TYPES = ['document', 'article', 'proposal'];
process.env.SEARCH_WORKER = 'false'; // the bench indexes by itself: no background drain racing it
// The API phases outlast a 15-minute access token on a loaded machine (the SQLite run's 401
// of issue 21 was the token expiring mid-run, not the request chain): tokens for the run.
process.env.ACCESS_TOKEN_LIFESPAN ??= String(6 * 3600);

// ---------------------------------------------------------------------------------------
// Vocabulary: a few hundred lemmas (most frequent first), inflected into a few thousand forms.
// ---------------------------------------------------------------------------------------

const words = (text: string) => text.trim().split(/\s+/);

const FEMININE = words(`
  élection fédération section motion réunion assemblée cotisation formation adhésion commission campagne candidature
  liste circonscription permanence trésorerie convention consultation proposition synthèse contribution délibération
  délégation résolution direction présidence municipalité commune région métropole agglomération politique écologie
  économie santé école éducation culture jeunesse retraite solidarité égalité laïcité démocratie république
  citoyenneté sécurité justice police transition énergie industrie agriculture ruralité ville banlieue mobilité route
  gare ligne fiscalité dépense recette dette subvention association mutuelle entreprise coopérative union grève
  manifestation mobilisation pétition tribune presse communication affiche distribution réforme loi charte règle
  procédure instance conférence journée université rencontre soirée fête marche militante adhérente secrétaire élue
  déléguée trésorière candidate présidente équipe majorité opposition coalition alliance gauche droite victoire
  défaite abstention participation urne procuration inscription question réponse analyse note étude enquête
  évaluation priorité orientation stratégie position déclaration lettre invitation convocation annexe version
  modification page semaine année date heure salle mairie préfecture assurance inflation pauvreté précarité crise
  paix frontière nation europe langue histoire mémoire science recherche technologie donnée plateforme application
  messagerie adresse cantine crèche piscine bibliothèque médiathèque maternité pharmacie clinique infirmière usine
  filière vigne forêt montagne rivière mer côte plage eau pollution biodiversité nature chaleur sécheresse inondation
  tempête agence caisse banque épargne pension allocation prime indemnité taxe contribution aide bourse charge
  facture consommation production vente location propriété copropriété rénovation construction habitation
  tranquillité prévention violence discrimination parité diversité minorité immigration intégration hospitalité
  fraternité liberté dignité honnêteté transparence éthique déontologie exclusion suspension sanction plainte
  médiation conciliation audience décision commission délégation ambition promesse proposition victoire
`);

const MASCULINE = words(`
  congrès conseil bureau comité vote scrutin mandat budget compte rapport programme projet texte amendement statut
  règlement débat militant adhérent élu délégué trésorier candidat président secrétariat groupe parti mouvement
  syndicat collectif territoire département canton quartier village logement emploi travail salaire chômage service
  hôpital transport climat environnement développement numérique handicap sport tourisme commerce marché impôt
  financement investissement plan calendrier ordre jour mois tract meeting rassemblement accueil atelier stage module
  guide document dossier courrier message courriel formulaire questionnaire sondage résultat bilan objectif
  engagement principe droit devoir citoyen électeur habitant jeune retraité salarié agriculteur enseignant médecin
  patron gouvernement ministre député sénateur maire adjoint conseiller parlement sénat état pays monde public avenir
  progrès changement accord désaccord consensus compromis chiffre euro tarif barème versement paiement reçu don
  remboursement déplacement repas local siège matériel site réseau fichier annuaire référent animateur responsable
  secrétaire collège lycée étudiant apprenti chercheur artisan commerçant ouvrier cadre fonctionnaire agent soignant
  patient malade aidant bénévole partenaire voisin quartier centre parc jardin terrain bâtiment chantier équipement
  réseau câble véhicule vélo train autobus tramway aéroport port littoral fleuve espace patrimoine musée théâtre
  cinéma festival concours prix loyer foyer ménage revenu budget déficit excédent crédit prêt contrat bail marché
  appel recours litige conflit procès tribunal juge avocat droit code décret arrêté avis vœu souhait besoin projet
  dialogue échange partage débat entretien témoignage récit discours communiqué article éditorial bulletin journal
  magazine podcast webinaire tutoriel support diaporama compte rendu
`);

const ADJECTIVES = words(`
  fédéral national local municipal régional départemental européen social écologique économique politique public
  populaire démocratique républicain laïque solidaire juste fiscal budgétaire électoral militant associatif collectif
  annuel mensuel prochain dernier ancien premier exceptionnel extraordinaire ordinaire général interne externe commun
  unitaire progressiste rural urbain numérique sanitaire scolaire culturel sportif important urgent prioritaire
  provisoire définitif officiel complet ouvert libre égal actif présent absent favorable défavorable clair large grand
  petit fort faible long court haut nouveau vrai réel possible nécessaire utile difficile facile simple principal
  central territorial international mondial industriel agricole énergétique climatique environnemental médical
  hospitalier universitaire professionnel syndical salarial familial citoyen humain personnel individuel précis
  détaillé unanime majoritaire minoritaire consultatif délibératif statutaire réglementaire juridique financier
  administratif technique pratique concret ambitieux nombreux sérieux heureux dangereux généreux
`);

const VERBS_ER = words(`
  adopter voter organiser préparer proposer présenter discuter animer valider approuver modifier amender publier
  diffuser informer convoquer inviter participer mobiliser rassembler porter renforcer développer financer verser
  cotiser rembourser signer déposer examiner étudier analyser évaluer décider désigner nommer installer lancer engager
  former accompagner encourager consulter contribuer partager échanger rencontrer visiter tracter coller afficher
  distribuer recruter fêter souligner regretter dénoncer exiger demander réclamer refuser accepter confirmer annoncer
  reporter annuler clôturer fixer planifier coordonner représenter gagner militer manifester protester négocier
  travailler améliorer garder créer proposer imaginer écouter rédiger corriger compléter vérifier contrôler mesurer
  calculer estimer augmenter diminuer baisser limiter supprimer remplacer transformer rénover construire
  habiter loger soigner aider soutenir accueillir former enseigner éduquer protéger sauvegarder préserver défendre
  respecter dialoguer consolider structurer mutualiser simplifier clarifier expliquer argumenter convaincre
`).filter((v) => v.endsWith('er') && !['protéger', 'soutenir', 'accueillir', 'construire', 'convaincre', 'défendre'].includes(v));

const VERBS_IR = words(`réunir agir choisir établir définir réussir réfléchir fournir garantir investir bâtir accomplir enrichir unir saisir`);

const CITIES = words(`
  Besançon Nîmes Orléans Béziers Périgueux Créteil Évry Angoulême Lyon Marseille Toulouse Nantes Lille Rennes Grenoble
  Dijon Montpellier Strasbourg Bordeaux Brest Limoges Poitiers Tours Amiens Rouen Caen Metz Nancy Reims Perpignan Pau
  Bayonne Avignon Toulon Nice Cannes Clermont Valence Chambéry Annecy Ajaccio Bastia Quimper Lorient Vannes Angers
  Laval Chartres Bourges Nevers Auxerre Troyes Épinal Colmar Mulhouse Belfort Mâcon Gap Digne Rodez Albi Cahors Agen
  Tarbes Auch Montauban Carcassonne Narbonne Sète Arles Alès Privas Mende Aurillac Guéret Tulle Niort Saintes Cognac
  Vénissieux Hénin Fécamp Sélestat Pézenas Lodève Égletons Ussel Ambérieu Châteauroux Châlons Gérardmer Vésoul
`);

const FIRST_NAMES = words(`Amélie Zoé Léa Chloé Inès Jérôme Hélène Sébastien Frédéric Clément Gaëlle Noémie Raphaël Maël Benoît Élodie Cécile Valérie
  Karim Nadia Fatou Mamadou Julien Camille Thomas Sarah Lucas Manon Hugo Emma Nathan Léon Rose Jeanne Louis Paul Marie`);

const MONTHS = words('janvier février mars avril mai juin juillet août septembre octobre novembre décembre');

function plural(word: string): string {
  if (/[sxz]$/.test(word)) return word;
  if (/al$/.test(word) && !['festival', 'local'].includes(word)) return `${word.slice(0, -2)}aux`;
  if (/(eau|eu)$/.test(word)) return `${word}x`;
  return `${word}s`;
}

interface Noun { sg: string; pl: string; feminine: boolean }
interface Adjective { m: string; f: string; mpl: string; fpl: string }

function feminine(m: string): string {
  if (m === 'public') return 'publique';
  if (m === 'nouveau') return 'nouvelle';
  if (m === 'long') return 'longue';
  if (m === 'sec') return 'sèche';
  if (m.endsWith('e')) return m;
  if (m.endsWith('if')) return `${m.slice(0, -2)}ive`;
  if (/(el|en|on)$/.test(m)) return `${m}${m.slice(-1)}e`;
  if (m.endsWith('er')) return `${m.slice(0, -2)}ère`;
  if (m.endsWith('eux')) return `${m.slice(0, -3)}euse`;
  return `${m}e`;
}

function conjugate(verb: string): string[] {
  if (verb.endsWith('ir')) {
    const s = verb.slice(0, -2);
    return [verb, `${s}it`, `${s}issent`, `${s}issons`, `${s}issez`, `${s}i`, `${s}ie`, `${s}is`, `${s}ies`,
      `${s}issait`, `${s}issaient`, `${s}ira`, `${s}iront`, `${s}irait`, `${s}iraient`, `${s}irons`, `${s}issant`];
  }
  const s = verb.slice(0, -2);
  // Before a or o: manger → mangeons, lancer → lançons.
  const soft = s.endsWith('g') ? `${s}e` : s.endsWith('c') ? `${s.slice(0, -1)}ç` : s;
  return [verb, `${s}e`, `${s}ent`, `${soft}ons`, `${s}ez`, `${s}é`, `${s}ée`, `${s}és`, `${s}ées`,
    `${soft}ait`, `${soft}aient`, `${s}era`, `${s}eront`, `${s}erait`, `${s}eraient`, `${s}erons`, `${soft}ant`];
}
// Indices of conjugate(): the forms each use picks from.
const V = { inf: 0, s3: 1, p3: 2, p1: 3, p2: 4, pp: 5, ppf: 6, ppmp: 7, ppfp: 8, imp3: 9, imp3p: 10, fut3: 11, fut3p: 12, cond3: 13, cond3p: 14, fut1p: 15, ger: 16 };

const interleave = <T,>(a: T[], b: T[]) => Array.from({ length: Math.max(a.length, b.length) * 2 }, (_, i) => (i % 2 ? b : a)[i >> 1]).filter((x): x is T => x !== undefined);
const unique = (list: string[]) => [...new Set(list)];
const NOUNS: Noun[] = interleave<Noun>(
  unique(MASCULINE).map((w) => ({ sg: w, pl: plural(w), feminine: false })),
  unique(FEMININE).map((w) => ({ sg: w, pl: plural(w), feminine: true }))
);
const ADJS: Adjective[] = unique(ADJECTIVES).map((m) => {
  const f = feminine(m);
  return { m, f, mpl: plural(m), fpl: `${f}s` };
});
const VERBS: string[][] = interleave(unique(VERBS_ER), unique(VERBS_IR)).map(conjugate);

/** Zipf–Mandelbrot weights 1/(rank + q)^s, sampled by binary search on the cumulative sums. */
function zipf(size: number, q = 8, s = 1.05) {
  const cumulative: number[] = [];
  let total = 0;
  for (let r = 1; r <= size; r++) cumulative.push((total += 1 / (r + q) ** s));
  return (random: () => number) => {
    const x = random() * total;
    let lo = 0, hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const nounRank = zipf(NOUNS.length);
const adjRank = zipf(ADJS.length);
const verbRank = zipf(VERBS.length);
const cityRank = zipf(CITIES.length, 2);

/** Every form the generator can write (stop words aside): the vocabulary size reported. */
const VOCABULARY = new Set<string>([
  ...NOUNS.flatMap((n) => [n.sg, n.pl]),
  ...ADJS.flatMap((a) => [a.m, a.f, a.mpl, a.fpl]),
  ...VERBS.flat(),
  ...CITIES.map((c) => c.toLowerCase()),
  ...FIRST_NAMES.map((c) => c.toLowerCase()),
  ...MONTHS,
]);

// ---------------------------------------------------------------------------------------
// Text generator: sentences of noun phrases with agreeing determiners and adjectives.
// ---------------------------------------------------------------------------------------

const vowel = (w: string) => /^[aeiouyéèêâîôûh]/i.test(w);

function writer(random: () => number) {
  const pick = <T,>(list: T[]): T => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;

  function nounPhrase(): { text: string; plural: boolean; feminine: boolean } {
    const noun = NOUNS[nounRank(random)];
    const isPlural = chance(0.3);
    const word = isPlural ? noun.pl : noun.sg;
    let adjective = '';
    if (chance(0.45)) {
      const a = ADJS[adjRank(random)];
      adjective = isPlural ? (noun.feminine ? a.fpl : a.mpl) : noun.feminine ? a.f : a.m;
    }
    const kind = random();
    let det: string;
    if (kind < 0.6) det = isPlural ? 'les ' : vowel(word) ? 'l’' : noun.feminine ? 'la ' : 'le ';
    else if (kind < 0.85) det = isPlural ? 'des ' : noun.feminine ? 'une ' : 'un ';
    else det = isPlural ? pick(['nos ', 'leurs ', 'ces ']) : pick(['notre ', 'leur ', noun.feminine ? 'cette ' : vowel(word) ? 'cet ' : 'ce ']);
    let text = `${det}${word}${adjective ? ` ${adjective}` : ''}`;
    if (chance(0.25)) {
      const c = NOUNS[nounRank(random)];
      const cPlural = chance(0.3);
      const cw = cPlural ? c.pl : c.sg;
      text += cPlural ? ` des ${cw}` : vowel(cw) ? ` de l’${cw}` : c.feminine ? ` de la ${cw}` : ` du ${cw}`;
    }
    return { text, plural: isPlural, feminine: noun.feminine };
  }

  /** "à Lyon", "le 12 mars 2025", "pour la campagne régionale"… */
  function complement(): string {
    const r = random();
    if (r < 0.12) return `à ${CITIES[cityRank(random)]}`;
    if (r < 0.2) return `le ${1 + Math.floor(random() * 28)} ${pick(MONTHS)} ${2021 + Math.floor(random() * 6)}`;
    if (r < 0.24) return `avec ${pick(FIRST_NAMES)}`;
    const prep = pick(['pour', 'avec', 'dans', 'sur', 'par', 'sans', 'entre', 'contre', 'depuis', 'vers', 'après', 'avant', 'lors de', 'auprès de', 'selon', 'pendant']);
    const np = nounPhrase().text;
    if (prep.endsWith(' de')) return `${prep.slice(0, -3)} ${np.replace(/^le /, 'du ').replace(/^les /, 'des ').replace(/^(la |l’|un |une |des |notre |nos |leur |leurs |ce |cet |cette |ces )/, 'de $1')}`;
    return `${prep} ${np}`;
  }

  function verbGroup(subject: { plural: boolean; feminine: boolean }): string {
    const forms = VERBS[verbRank(random)];
    const r = random();
    const p = subject.plural;
    if (r < 0.35) return forms[p ? V.p3 : V.s3];
    if (r < 0.55) return `${p ? 'ont' : 'a'} ${forms[V.pp]}`;
    if (r < 0.65) return `${p ? 'seront' : 'sera'} ${forms[p ? (subject.feminine ? V.ppfp : V.ppmp) : subject.feminine ? V.ppf : V.pp]}`;
    if (r < 0.75) return `${p ? 'doivent' : 'doit'} ${forms[V.inf]}`;
    if (r < 0.83) return forms[p ? V.fut3p : V.fut3];
    if (r < 0.9) return forms[p ? V.imp3p : V.imp3];
    if (r < 0.95) return forms[p ? V.cond3p : V.cond3];
    return `nous ${forms[chance(0.5) ? V.p1 : V.fut1p]}`;
  }

  function sentence(): string {
    const subject = nounPhrase();
    let text = `${subject.text} ${verbGroup(subject)}`;
    if (!/ (sera|seront) /.test(text)) text += ` ${nounPhrase().text}`;
    for (let i = Math.floor(random() * 3); i > 0; i--) text += ` ${complement()}`;
    const r = random();
    if (r < 0.15) text += ` afin de ${VERBS[verbRank(random)][V.inf]} ${nounPhrase().text}`;
    else if (r < 0.25) text += `, ${pick(['et', 'mais', 'car'])} ${sentence().replace(/\.$/, '')}`;
    else if (r < 0.32) text += `, en ${VERBS[verbRank(random)][V.ger]} ${nounPhrase().text}`;
    return `${text[0].toUpperCase()}${text.slice(1)}.`;
  }

  const KINDS = ['Compte rendu', 'Motion', 'Formation', 'Note', 'Convocation', 'Ordre du jour', 'Appel', 'Guide', 'Bilan', 'Rapport', 'Proposition', 'Communiqué', 'Tract', 'Invitation', 'Synthèse'];

  return {
    /** 4–10 words: a kind of document, then whole noun phrases and complements. */
    title(): string {
      const target = 4 + Math.floor(random() * 7);
      const np = nounPhrase().text;
      const parts = [pick(KINDS), /^(le|les) /.test(np) ? np.replace(/^le /, 'du ').replace(/^les /, 'des ') : `de ${np}`];
      const length = () => parts.join(' ').split(' ').length;
      for (let tries = 0; length() < target && tries < 6; tries++) {
        const c = complement();
        if (length() + c.split(' ').length <= 10) parts.push(c);
      }
      return parts.join(' ');
    },
    /** Paragraphs of 2–6 sentences, 80–300 words in all. */
    body(): string[] {
      const target = 80 + Math.floor(random() * 221);
      const out: string[] = [];
      let count = 0;
      while (count < target) {
        const sentences: string[] = [];
        for (let n = 2 + Math.floor(random() * 5); n > 0 && count < target; n--) {
          const s = sentence();
          sentences.push(s);
          count += s.split(' ').length;
        }
        out.push(sentences.join(' '));
      }
      return out;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Queries: 1–3 words weighted toward frequent words, some without accents, some with a typo.
// ---------------------------------------------------------------------------------------

export interface Query { text: string; words: string[]; typo: boolean }

export function queries(count: number, random: () => number): Query[] {
  const known = new Set([...VOCABULARY].map((w) => stripAccents(w)));
  const letters = 'abcdefghijlmnoprstuv';
  const word = (): string => {
    const r = random();
    if (r < 0.6) {
      const n = NOUNS[nounRank(random)];
      return random() < 0.75 ? n.sg : n.pl;
    }
    if (r < 0.75) {
      const a = ADJS[adjRank(random)];
      return random() < 0.6 ? a.m : a.f;
    }
    if (r < 0.95) return VERBS[verbRank(random)][random() < 0.5 ? V.inf : V.pp];
    return CITIES[cityRank(random)].toLowerCase();
  };
  const typo = (w: string): string => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const chars = [...w];
      const at = 1 + Math.floor(random() * (chars.length - 2));
      const kind = random();
      if (kind < 0.4) chars[at] = letters[Math.floor(random() * letters.length)];
      else if (kind < 0.7) chars.splice(at, 1);
      else if (kind < 0.85) [chars[at], chars[at + 1]] = [chars[at + 1], chars[at]];
      else chars.splice(at, 0, letters[Math.floor(random() * letters.length)]);
      const out = chars.join('');
      if (out !== w && !known.has(stripAccents(out))) return out;
    }
    return w;
  };
  return Array.from({ length: count }, () => {
    const r = random();
    const n = r < 0.4 ? 1 : r < 0.8 ? 2 : 3;
    const chosen: string[] = [];
    while (chosen.length < n) {
      const w = word();
      if (!chosen.includes(w)) chosen.push(w);
    }
    let typed = chosen;
    let hasTypo = false;
    if (random() < 0.1) {
      const i = chosen.findIndex((w) => w.length >= 5);
      if (i >= 0) {
        const t = typo(chosen[i]);
        hasTypo = t !== chosen[i];
        typed = chosen.map((w, j) => (j === i ? t : w));
      }
    }
    if (random() < 0.3) typed = typed.map(stripAccents);
    return { text: typed.join(' '), words: typed, typo: hasTypo };
  });
}

// ---------------------------------------------------------------------------------------
// Known answers: old documents whose answer to a query is known by construction.
// ---------------------------------------------------------------------------------------

/** Every KNOWN_STEP-th synthetic document, when it is an old one (its first year), carries a known answer. */
const KNOWN_STEP = 41;
const SYLLABLES = words('bra quel vor tiz mun dra fel gor pla sen wik zul tor nev lam rix');
/** Invented words, unique per (k, part), found nowhere else: « bratizvorac ». */
const rareWord = (k: number, part: number) => {
  const n = k * 2 + part;
  return `${SYLLABLES[(n >> 8) % 16]}${SYLLABLES[(n >> 4) % 16]}${SYLLABLES[n % 16]}ac`;
};

export interface KnownAnswer { kind: 'rare phrase' | 'title words'; query: string; title?: string; sentence: string }

/**
 * Verbs in the infinitive: the generator writes them in bodies (« doivent organiser », « afin
 * de mobiliser », and their other forms share the stem), never in titles; those whose search
 * key is also a noun's or an adjective's (« vote » / « voter ») are left out.
 */
export const TITLE_FREE_VERBS = (() => {
  const taken = new Set([...NOUNS.flatMap((n) => [n.sg, n.pl]), ...ADJS.flatMap((a) => [a.m, a.f, a.mpl, a.fpl]), ...CITIES, ...FIRST_NAMES, ...MONTHS, ...words('compte rendu motion formation note convocation ordre jour appel guide bilan rapport proposition communiqué tract invitation synthèse pratique')].map(searchKey));
  return VERBS.map((forms) => forms[V.inf]).filter((verb) => !taken.has(searchKey(verb)));
})();

/**
 * The known answer the j-th synthetic document carries, if any: a rare phrase (two invented
 * words) in its body, looked for as two words; or a title of two verbs that many bodies hold
 * in some form but no other title does (a pair no other known document has), the body saying
 * them again, looked for as those two verbs.
 */
function knownAnswer(j: number, date: string): KnownAnswer | null {
  if (j % KNOWN_STEP !== 0 || Date.parse(date) >= FIRST_DATE + 365 * DAY) return null;
  const k = j / KNOWN_STEP;
  if (k % 2 === 0) {
    const [a, b] = [rareWord(k, 0), rareWord(k, 1)];
    return { kind: 'rare phrase', query: `${a} ${b}`, sentence: `La commission ${a} ${b} se réunira au printemps.` };
  }
  const pair = (k - 1) / 2;
  const half = Math.floor(TITLE_FREE_VERBS.length / 2);
  const [v1, v2] = [TITLE_FREE_VERBS[pair % half], TITLE_FREE_VERBS[half + (Math.floor(pair / half) % half)]];
  return { kind: 'title words', query: `${v1} ${v2}`, title: `Guide pratique : ${v1} et ${v2}`, sentence: `Le point sur la façon de ${v1} et de ${v2}.` };
}

// ---------------------------------------------------------------------------------------
// The run.
// ---------------------------------------------------------------------------------------

const DAY = 86_400_000;
const FIRST_DATE = Date.UTC(2021, 0, 1);
const stamp = (i: number) => new Date(FIRST_DATE + Math.floor((i * 2003) % (5.5 * 365)) * DAY + (i % 86_400) * 1000).toISOString();

// The vocabulary and queries are exported for ad-hoc analysis (EXPLAIN against a kept database).
if (require.main === module) withStrapi(async (strapi) => {
  const knex = strapi.db.connection;
  const postgres = client === 'postgres';
  // The same bounds as the server (plugin config from SEARCH_COUNT_CAP, SEARCH_COUNT_AHEAD).
  const limits = (strapi.config.get('plugin::search') as any).database;
  const provider: SearchProvider = createDatabaseProvider(strapi as any, limits);
  const random = seeded(20261124);
  const write = writer(random);

  // BENCH_DATABASE: a corpus seeded by an earlier run is reused (same N, same generator).
  const already = Object.values(await provider.counts()).reduce((sum, n) => sum + n, 0);
  const reuse = already > 0;
  if (reuse && already !== documents) throw new Error(`BENCH_DATABASE ${databaseName} holds ${already} documents, not ${documents}: drop it or use another name.`);

  // Federations, sections, and the three people who search.
  const federations: any[] = [];
  const sections: { id: number; federationId: number }[] = [];
  let home: any, homeSection: { id: number; federationId: number }, member: any, staff: any, admin: any;
  if (reuse) {
    const userOf = (email: string) => strapi.db.query('plugin::users-permissions.user').findOne({ where: { email } });
    home = await strapi.db.query('plugin::membership.federation').findOne({ where: { name: 'Fédération du banc 1' } });
    const section = await strapi.db.query('plugin::membership.section').findOne({ where: { name: 'Section 1-1' } });
    homeSection = { id: section.id, federationId: home.id };
    [member, staff, admin] = [{ user: await userOf('membre@banc.test') }, { user: await userOf('staff@banc.test') }, await userOf('national@banc.test')];
  } else {
    for (let f = 0; f < FEDERATIONS; f++) {
      const federation = await buildFederation(strapi, { name: `Fédération du banc ${f + 1}`, departmentCode: String(f + 1).padStart(2, '0') });
      federations.push(federation);
      for (let s = 0; s < SECTIONS_PER_FEDERATION; s++) sections.push({ id: (await buildSection(strapi, federation, `Section ${f + 1}-${s + 1}`)).id, federationId: federation.id });
    }
    home = federations[0];
    homeSection = sections[0];
    await strapi.plugin('modules').service('switches').set(home.id, 'consultations', true); // proposals searchable for them
    const year = new Date().getFullYear();
    member = await buildMember(strapi, {
      email: 'membre@banc.test', firstName: 'Adhérent', lastName: 'Banc', membershipNumber: 'S-1', federation: home, section: { id: homeSection.id }, paidYears: [year],
    });
    staff = await buildMember(strapi, {
      email: 'staff@banc.test', firstName: 'Permanent', lastName: 'Banc', membershipNumber: 'S-2', federation: home, section: { id: homeSection.id }, role: 'federation-staff', paidYears: [year],
    });
    admin = await buildAccount(strapi, { email: 'national@banc.test', role: 'national-admin' });
  }
  const viewers: { label: string; viewer: Viewer; user: { id: number } }[] = [
    { label: 'member', user: member.user, viewer: { role: 'member', userId: member.user.id, federationId: home.id, sectionId: homeSection.id } },
    { label: 'federation staff', user: staff.user, viewer: { role: 'federation-staff', userId: staff.user.id, federationId: home.id, sectionId: homeSection.id } },
    { label: 'national admin', user: admin, viewer: { role: 'national-admin', userId: admin.id, federationId: null, sectionId: null } },
  ];

  const skipped = { seconds: 0, result: [] as any[] };
  let bodyChars = 0;
  let sample = '(corpus reused)';
  let upsertSeconds = 0;
  const synthetic = documents - REAL;
  let real: { seconds: number; result: any } = skipped, reindex: { seconds: number; result: TypeReport[] } = skipped;
  let generate: { seconds: number; result: any } = skipped, maintenance: { seconds: number; result: any } = skipped;
  if (!reuse) {
    // 1. The full reindex pipeline over real published documents (national).
    real = await timed(async () => {
      for (let i = 0; i < REAL; i += 500) {
        const data = Array.from({ length: Math.min(500, REAL - i) }, (_, j) => {
          const at = stamp(i + j);
          return {
            documentId: `bench${String(i + j).padStart(19, '0')}`,
            title: write.title().slice(0, 200),
            body: paragraphs(...write.body()),
            audience: 'national',
            publishedAt: at,
            createdAt: at,
            updatedAt: at,
          };
        });
        await strapi.db.query('api::document.document').createMany({ data });
      }
    });
    reindex = await timed(() => rebuildIndex(strapi, { force: true, provider }));
    const reindexed = reindex.result.reduce((s, r) => s + r.expected, 0);
    if (reindexed !== REAL) throw new Error(`Reindex wrote ${reindexed} documents, expected ${REAL}.`);

    // 2. The rest of the N documents straight through the provider.
    generate = await timed(async () => {
      for (let i = 0; i < synthetic; i += 1000) {
        const batch: IndexedDocument[] = [];
        for (let j = i; j < Math.min(i + 1000, synthetic); j++) {
          const r = random();
          const type = r < 0.6 ? 'document' : r < 0.9 ? 'article' : 'proposal';
          const a = random();
          const section = sections[Math.floor(random() * sections.length)];
          const federation = federations[Math.floor(random() * federations.length)];
          const audience = knownAnswer(j, stamp(REAL + j)) ? 'national' : a < 0.3 ? 'national' : a < 0.6 ? 'federation' : 'section';
          const body = write.body().join('\n\n');
          bodyChars += body.length;
          let title = write.title();
          let text = body;
          const answer = knownAnswer(j, stamp(REAL + j));
          if (answer) {
            title = answer.title ?? title;
            text = `${body}\n\n${answer.sentence}`;
          }
          if (j === 0) sample = `« ${title} » — ${body.slice(0, 160)}…`;
          batch.push({
            id: `${type}:bench-${j}`,
            type,
            title,
            body: text,
            date: stamp(REAL + j),
            link: `/${type}s/bench-${j}`,
            facets: type === 'document' ? { category: `categorie-${j % 8}` } : type === 'proposal' ? { consultation: `consultation-${j % 40}` } : {},
            audience,
            federationId: audience === 'national' ? null : audience === 'federation' ? federation.id : section.federationId,
            sectionId: audience === 'section' ? section.id : null,
            roles: random() < 0.05 && !knownAnswer(j, stamp(REAL + j)) ? ['federation-staff', 'national-admin'] : [],
            ownerUserId: null,
            hash: `h${j}`.padEnd(32, '0'),
          } as IndexedDocument);
        }
        const started = performance.now();
        await provider.upsert(batch);
        upsertSeconds += (performance.now() - started) / 1000;
      }
    });
    maintenance = await timed(async () => {
      if (postgres) await knex.raw('VACUUM ANALYZE search_documents, search_terms');
      else await knex.raw('ANALYZE');
    });
  }
  const counts = await provider.counts();
  const indexedTotal = Object.values(counts).reduce((s, n) => s + n, 0);
  if (indexedTotal !== documents) throw new Error(`Index holds ${indexedTotal} documents, expected ${documents}.`);
  const [{ n: lexicon }] = await knex('search_terms').count({ n: '*' });

  // 3. Queries.
  const warm = queries(WARM_UP, seeded(7));
  const list = queries(queryCount, seeded(2026));
  const viewerOf = (i: number) => viewers[i % viewers.length];
  const ask = (q: Query, i: number, parts: SearchQuery['parts'] = 'all') => provider.search({ text: q.text, types: TYPES, viewer: viewerOf(i).viewer, offset: 0, limit: 10, parts });

  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(strapi.server.httpServer.address() as AddressInfo).port}`;
  const jwt = strapi.plugin('users-permissions').service('jwt');
  const tokens = await Promise.all(viewers.map((v) => jwt.issue({ id: v.user.id }) as Promise<string>));
  /** One call, timed; a kept-alive socket the server closed meanwhile is retried once (the retry is what is timed). */
  const http = async (q: Query, i: number, retry = true, path = '/api/search', extra: Record<string, string> = {}): Promise<{ body: any; ms: number }> => {
    const started = performance.now();
    try {
      const res = await fetch(`${base}${path}?${new URLSearchParams({ q: q.text, ...extra })}`, { headers: { authorization: `Bearer ${tokens[i % tokens.length]}` } });
      const body = (await res.json()) as any;
      if (res.status !== 200) throw new Error(`GET ${path}?q=${q.text}: ${res.status} ${JSON.stringify(body)}`);
      return { body, ms: performance.now() - started };
    } catch (error) {
      // Node's fetch reports a kept-alive socket the server closed as ECONNRESET or « other side closed » (UND_ERR_SOCKET).
      if (retry && ['ECONNRESET', 'UND_ERR_SOCKET'].includes((error as any).cause?.code)) return http(q, i, false, path, extra);
      throw error;
    }
  };
  /**
   * As the portal asks (issue 21): the page alone, then its counts once the page has answered
   * (side by side, the two requests' chains fought over the 2 cores and the page came later
   * than the whole answer did); each timed on its own.
   */
  const pageThenCounts = async <T,>(page: () => Promise<T>, counts: () => Promise<unknown>) => {
    const { result, ms: pageMs } = await clock(page);
    const { ms: countsMs } = await clock(counts);
    return { result, pageMs, countsMs };
  };

  // The naive scan: every word somewhere in the title or body, same types and visibility.
  const like = postgres ? 'ILIKE' : 'LIKE';
  const scan = (q: Query, i: number) => {
    const v = viewerOf(i).viewer;
    const where = (qb: any) => {
      qb.whereIn('type', TYPES);
      for (const w of q.words) qb.where((x: any) => x.whereRaw(`title ${like} ?`, [`%${w}%`]).orWhereRaw(`body ${like} ?`, [`%${w}%`]));
      qb.where((x: any) =>
        x.where('owner_user_id', v.userId).orWhere((y: any) => {
          y.where((r: any) => r.where('roles', '').orWhere('roles', 'like', `%,${v.role},%`));
          if (v.role === 'national-admin') return;
          y.where((aud: any) => {
            aud.where('audience', 'national')
              .orWhere((z: any) => z.where('audience', 'federation').where('federation_id', v.federationId))
              .orWhere((z: any) => z.where('audience', 'section').where('section_id', v.sectionId));
            if (v.role === 'federation-staff') aud.orWhere((z: any) => z.where('audience', 'section').where('federation_id', v.federationId));
          });
        })
      );
      return qb;
    };
    return Promise.all([
      where(knex('search_documents')).select('id', 'title').orderByRaw(postgres ? 'date DESC NULLS LAST' : 'date IS NULL, date DESC').limit(10),
      where(knex('search_documents')).count({ n: '*' }),
    ]);
  };

  const clock = async <T,>(run: () => Promise<T>) => {
    const started = performance.now();
    const result = await run();
    return { result, ms: performance.now() - started };
  };

  for (const [i, q] of warm.entries()) {
    await ask(q, i);
    await http(q, i);
    if (i < 3) await scan(q, i);
  }

  // The API path, profiled: the SQL statements one request makes, per viewer (after the warm-up).
  const statements: string[][] = [];
  for (const [k] of viewers.entries()) {
    const seen: string[] = [];
    const listen = (q: { sql: string }) => seen.push(q.sql.replace(/\s+/g, ' ').slice(0, 90));
    knex.on('query', listen);
    await http(list[k], k);
    knex.removeListener('query', listen);
    statements.push(seen);
  }

  // The whole answer and the page alone (then its counts, as the portal asks since issue 21) are
  // timed query by query, in turns: whichever way comes second meets the caches the first
  // warmed on the same query, so each way comes first on half the queries, and the goals are
  // checked on those halves (« asked first »). Each kind of query (words, typo, viewer) is split
  // between the halves to within one, so that neither holds more of the slow three-word queries.
  const pageFirst: boolean[] = new Array(list.length).fill(false);
  const kindOf = (i: number) => `${list[i]!.words.length} ${list[i]!.typo} ${i % viewers.length}`;
  // The queries listed kind after kind, then every other one page first: each kind split to
  // within one, the odd ones out alternating sides, the halves equal to within one.
  [...list.keys()].sort((x, y) => kindOf(x).localeCompare(kindOf(y)) || x - y).forEach((i, rank) => (pageFirst[i] = rank % 2 === 1));
  const providerMs: number[] = [];
  const totals: number[] = [];
  const providerPageMs: number[] = [];
  const providerCountsMs: number[] = [];
  let pagesDiffer = 0;
  for (const [i, q] of list.entries()) {
    const whole = async () => {
      const { result, ms } = await clock(() => ask(q, i));
      providerMs[i] = ms;
      totals[i] = result.total; // a lower bound past the count cap (`totalIsExact` false: « plus de … », as the API says)
      return result.hits.map((h) => h.id).join();
    };
    const page = async () => {
      const { result, pageMs, countsMs } = await pageThenCounts(() => ask(q, i, 'page'), () => ask(q, i, 'counts'));
      providerPageMs[i] = pageMs;
      providerCountsMs[i] = countsMs;
      return result.hits.map((h) => h.id).join();
    };
    const [first, second] = pageFirst[i] ? [await page(), await whole()] : [await whole(), await page()];
    if (first !== second) pagesDiffer++;
  }
  const apiMs: number[] = [];
  const apiPageMs: number[] = [];
  const apiCountsMs: number[] = [];
  let mismatches = 0;
  let countsDiffer = 0;
  for (const [i, q] of list.entries()) {
    const whole = async () => {
      const { body, ms } = await http(q, i);
      apiMs[i] = ms;
      if (body.meta.pagination.total !== totals[i]) mismatches++;
    };
    const page = async () => {
      let counted: any;
      const { pageMs, countsMs } = await pageThenCounts(
        () => http(q, i, true, '/api/search', { count: 'false' }),
        () => http(q, i, true, '/api/search/count').then((r) => (counted = r.body))
      );
      apiPageMs[i] = pageMs;
      apiCountsMs[i] = countsMs;
      if (counted.data.pagination.total !== totals[i]) countsDiffer++;
    };
    // The provider pass above has warmed the same query for both ways here: the API's figures
    // are of a query asked a second time (as a member's next page, or the same search again).
    if (pageFirst[i]) {
      await page();
      await whole();
    } else {
      await whole();
      await page();
    }
  }
  const scanMs: number[] = [];
  const scanTotals: number[] = [];
  for (const [i, q] of list.slice(0, BASELINE_QUERIES).entries()) {
    const { result, ms } = await clock(() => scan(q, i));
    scanMs.push(ms);
    scanTotals.push(Number((result[1] as any)[0].n));
  }

  // Relevance: the same queries ranked exhaustively (every match scored and sorted at once, the same scoring, no tier read in order).
  const exhaustive = createDatabaseProvider(strapi as any, { countCap: 1_000_000_000, exhaustive: true });
  const RELEVANCE_QUERIES = Math.min(queryCount, Number(process.env.BENCH_RELEVANCE_QUERIES ?? queryCount));
  const overlaps: number[] = [];
  const exhaustiveMs: number[] = [];
  let noMatch = 0;
  for (const [i, q] of list.slice(0, RELEVANCE_QUERIES).entries()) {
    const [bounded, { result: full, ms }] = [await ask(q, i), await clock(() => exhaustive.search({ text: q.text, types: TYPES, viewer: viewerOf(i).viewer, offset: 0, limit: 10 }))];
    exhaustiveMs.push(ms);
    if (full.hits.length === 0) {
      noMatch++;
      continue;
    }
    const got = new Set(bounded.hits.map((h) => h.id));
    overlaps.push(full.hits.filter((h) => got.has(h.id)).length / full.hits.length);
  }
  const knownList: (KnownAnswer & { j: number })[] = [];
  for (let j = 0; j < documents - REAL; j++) {
    const answer = knownAnswer(j, stamp(REAL + j));
    if (answer) knownList.push({ ...answer, j });
  }
  // The ids: the generator drew each document's type, so they are read back (`${type}:bench-${j}`).
  const knownIds = new Map<number, string>();
  for (let i = 0; i < knownList.length; i += 200) {
    const ids = knownList.slice(i, i + 200).flatMap((k) => TYPES.map((t) => `${t}:bench-${k.j}`));
    for (const { id } of await knex('search_documents').whereIn('id', ids).select('id')) knownIds.set(Number(id.split('-').pop()), id);
  }
  const knownFound = { 'rare phrase': [0, 0], 'title words': [0, 0] } as Record<KnownAnswer['kind'], [number, number]>;
  let knownExhaustive = 0;
  const knownMs: number[] = [];
  for (const [i, k] of knownList.entries()) {
    const id = knownIds.get(k.j);
    if (!id) throw new Error(`Known answer for « ${k.query} » (document ${k.j}) not in the index.`);
    const { result, ms } = await clock(() => ask({ text: k.query, words: k.query.split(' '), typo: false }, i));
    knownMs.push(ms);
    const full = await exhaustive.search({ text: k.query, types: TYPES, viewer: viewerOf(i).viewer, offset: 0, limit: 10 });
    knownFound[k.kind][1]++;
    if (result.hits.some((h) => h.id === id)) knownFound[k.kind][0]++;
    if (full.hits.some((h) => h.id === id)) knownExhaustive++;
  }

  // 4. Figures.
  const p = latencies(providerMs);
  const pSame = latencies(providerMs.slice(0, BASELINE_QUERIES));
  const a = latencies(apiMs);
  const b = latencies(scanMs);
  const ms = (x: number) => (Number.isFinite(x) ? `${fixed(x, x < 10 ? 2 : 1)} ms` : '–');
  const row = (label: string, value: string, note = '') => console.log(`  ${label.padEnd(38)} ${value.padStart(16)}   ${note}`);
  const by = (pred: (q: Query, i: number) => boolean) => latencies(providerMs.filter((_, i) => pred(list[i], i)));
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / (xs.length || 1);

  console.log(`\nIntranet search — ${fixed(documents)} French documents, ${queryCount} queries (${machine()})`);
  row('vocabulary / lexicon', `${fixed(VOCABULARY.size)} / ${fixed(Number(lexicon))}`, 'forms generated / words in search_terms');
  console.log(`  sample: ${sample}`);
  if (!reuse) row('mean body', `${fixed(bodyChars / Math.max(1, synthetic))} chars`);
  if (reuse) row('corpus', 'reused', `BENCH_DATABASE=${databaseName}: seeding figures are those of the run that seeded it`);
  else {
    row('real documents created (createMany)', `${fixed(REAL)} in ${fixed(real.seconds, 1)} s`);
    row('reindex pipeline (rebuildIndex force)', `${fixed(REAL / reindex.seconds)} docs/s`, `${fixed(REAL)} entries: read + toDocument + upsert, ${fixed(reindex.seconds, 1)} s`);
    row('index throughput (provider.upsert)', `${fixed(synthetic / upsertSeconds)} docs/s`, `${fixed(synthetic)} documents, batches of 1,000, ${fixed(upsertSeconds, 1)} s (with generation: ${fixed(generate.seconds, 1)} s)`);
    row(postgres ? 'VACUUM ANALYZE' : 'ANALYZE', `${fixed(maintenance.seconds, 1)} s`);
  }
  row('matches per query (provider total)', `${fixed(mean(totals))}`, `median ${fixed(latencies(totals).p50)}, no hit: ${totals.filter((t) => t === 0).length}/${queryCount}`);
  row('provider p50 / p95 / p99', `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)}`, `mean ${ms(p.mean)}, max ${ms(p.max)}`);
  for (const [k, v] of viewers.entries()) {
    const l = by((_, i) => i % viewers.length === k);
    row(`  ${v.label} p50 / p95`, `${ms(l.p50)} / ${ms(l.p95)}`);
  }
  for (const n of [1, 2, 3]) {
    const l = by((q) => q.words.length === n && !q.typo);
    row(`  ${n} word${n > 1 ? 's' : ''} (no typo) p50 / p95`, `${ms(l.p50)} / ${ms(l.p95)}`);
  }
  const typos = by((q) => q.typo);
  row(`  with a typo (${list.filter((q) => q.typo).length}) p50 / p95`, `${ms(typos.p50)} / ${ms(typos.p95)}`);
  row('API GET /api/search p50 / p95 / p99', `${ms(a.p50)} / ${ms(a.p95)} / ${ms(a.p99)}`, `mean ${ms(a.mean)}; totals ≠ provider: ${mismatches}`);
  const pp = latencies(providerPageMs);
  const pc = latencies(providerCountsMs);
  const ap = latencies(apiPageMs);
  const ac = latencies(apiCountsMs);
  row('counts apart: provider page p50 / p95 / p99', `${ms(pp.p50)} / ${ms(pp.p95)} / ${ms(pp.p99)}`, `parts 'page', then parts 'counts' (p50 / p95 ${ms(pc.p50)} / ${ms(pc.p95)}); pages ≠ the whole answer's: ${pagesDiffer}`);
  row('counts apart: API page p50 / p95 / p99', `${ms(ap.p50)} / ${ms(ap.p95)} / ${ms(ap.p99)}`, `GET /api/search?count=false, then GET /api/search/count (p50 / p95 ${ms(ac.p50)} / ${ms(ac.p95)}), as the portal asks; totals ≠ provider: ${countsDiffer}`);
  // Each way where it was asked first (on the query, before the other way).
  const firstOf = (xs: number[], page: boolean) => latencies(xs.filter((_, i) => pageFirst[i] === page));
  const [pw1, pp1, aw1, ap1] = [firstOf(providerMs, false), firstOf(providerPageMs, true), firstOf(apiMs, false), firstOf(apiPageMs, true)];
  const firstCount = pageFirst.filter(Boolean).length;
  const inHalves = (pred: (q: Query) => boolean) => [false, true].map((page) => list.filter((q, i) => pageFirst[i] === page && pred(q)).length).join(' / ');
  row('  asked first: provider whole / page p95', `${ms(pw1.p95)} / ${ms(pp1.p95)}`, `each way on the ${queryCount - firstCount} / ${firstCount} queries where it came before the other (3 words ${inHalves((q) => q.words.length === 3)}, with a typo ${inHalves((q) => q.typo)})`);
  row('  asked first: API whole / page p95', `${ms(aw1.p95)} / ${ms(ap1.p95)}`, 'after the provider pass on the same queries');
  row(`${like} scan p50 / p95 (${BASELINE_QUERIES} queries)`, `${ms(b.p50)} / ${ms(b.p95)}`, `mean matches ${fixed(mean(scanTotals))} (substrings, accents as typed, no typo correction)`);
  row(`provider p50 / p95 (same ${BASELINE_QUERIES} queries)`, `${ms(pSame.p50)} / ${ms(pSame.p95)}`);
  row(`ratio ${like} / provider p50, p95`, `${fixed(b.p50 / pSame.p50, 1)} / ${fixed(b.p95 / pSame.p95, 1)}`);
  row('SQL statements per API request', statements.map((x) => x.length).join(' / '), `member / staff / national admin (provider: ${statements.map((x) => x.filter((q) => /search_(documents|terms)/.test(q)).length).join(' / ')})`);
  if (process.env.BENCH_PROFILE === 'true') for (const [k, seen] of statements.entries()) console.log(`  ${viewers[k].label}:\n${seen.map((q) => `    ${q}`).join('\n')}`);
  row('API − provider p50 / p95 (request chain)', `${ms(a.p50 - p.p50)} / ${ms(a.p95 - p.p95)}`, 'authentication, actor, module switches, presentation, HTTP (src/, issue 13)');
  const e = latencies(exhaustiveMs);
  const pRel = latencies(providerMs.slice(0, RELEVANCE_QUERIES));
  row(`exhaustive ranking p50 / p95 (${RELEVANCE_QUERIES} queries)`, `${ms(e.p50)} / ${ms(e.p95)}`, `every match ranked; ratio to the provider p50 ${fixed(e.p50 / pRel.p50, 1)}, p95 ${fixed(e.p95 / pRel.p95, 1)}`);
  const sortedOverlaps = [...overlaps].sort((x, y) => x - y);
  const worstDecile = sortedOverlaps.slice(0, Math.max(1, Math.ceil(sortedOverlaps.length / 10)));
  const overlap = mean(overlaps);
  row('overlap@10 with the exhaustive ranking', `${fixed(overlap, 3)}`, `mean over ${overlaps.length} queries with a match (${noMatch} without); worst decile: mean ${fixed(mean(worstDecile), 3)}, max ${fixed(worstDecile[worstDecile.length - 1] ?? NaN, 3)}; below 1: ${overlaps.filter((x) => x < 1).length}`);
  const knownTotal = knownList.length;
  const knownHits = knownFound['rare phrase'][0] + knownFound['title words'][0];
  const knownRate = knownHits / Math.max(1, knownTotal);
  const kp = latencies(knownMs);
  row('known answer in the top 10', `${fixed(100 * knownRate, 1)} %`, `${knownHits}/${knownTotal}: rare phrase ${knownFound['rare phrase'][0]}/${knownFound['rare phrase'][1]}, title words ${knownFound['title words'][0]}/${knownFound['title words'][1]}; exhaustive ranking ${knownExhaustive}/${knownTotal}; p50 / p95 ${ms(kp.p50)} / ${ms(kp.p95)}`);
  const goal = (label: string, met: boolean, note: string) => row(label, met ? 'met' : 'NOT met', note);
  // The page the member waits for, read apart from its counts (issue 21 allows « computed apart
  // when the page does not need it »), on the queries where it was asked first.
  if (postgres) {
    goal('goal provider p95 ≤ 10 ms (the page asked first)', pp1.p95 <= 10, `p95 ${ms(pp1.p95)} (all queries ${ms(pp.p95)}; page and counts in one answer, asked first: ${ms(pw1.p95)})`);
    goal('goal API p95 ≤ 20 ms (the page asked first)', ap1.p95 <= 20, `p95 ${ms(ap1.p95)} (all queries ${ms(ap.p95)}; page and counts in one answer, asked first: ${ms(aw1.p95)})`);
  } else goal('goal API p95 ≤ 60 ms (SQLite, the page asked first)', ap1.p95 <= 60, `p95 ${ms(ap1.p95)} (all queries ${ms(ap.p95)}; page and counts in one answer, asked first: ${ms(aw1.p95)})`);
  goal('goal overlap@10 ≥ 0.9 on average', overlap >= 0.9, fixed(overlap, 3));
  goal('goal known answer in the top 10 ≥ 95 %', knownRate >= 0.95, `${fixed(100 * knownRate, 1)} %`);
  row('load average (1, 5, 15 min)', os.loadavg().map((x) => fixed(x, 2)).join(' / '), 'other processes share the cores: compare ratios within a run');
  const env = ['DATABASE_CLIENT', 'DATABASE_HOST', 'DATABASE_PORT', 'DATABASE_USERNAME', 'INTRANET_PLUGINS', 'BENCH_BASELINE_QUERIES', 'BENCH_RELEVANCE_QUERIES', 'BENCH_DATABASE'].filter((k) => process.env[k]).map((k) => `${k}=${process.env[k]}`);
  console.log(`\n  ${[...env, 'npm run bench:search --', documents, queryCount].join(' ')}`);
});
