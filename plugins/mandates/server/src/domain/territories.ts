import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { TerritoryKind } from './catalogue';

/**
 * Official territory codes: INSEE's code officiel géographique (communes, départements,
 * régions) and the SIREN of EPCI (Banatic), as shipped by the kept package
 * `@etalab/decoupage-administratif` (official data as JSON). A commune or EPCI code is
 * accepted only when it is in those lists (current communes only: a commune merged into
 * another — commune déléguée or associée — no longer elects a council); départements and
 * régions as below; constituencies by their count per département.
 */
export const DEPARTEMENTS: readonly string[] = [
  ...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, '0')).filter((code) => code !== '20'),
  '2A', '2B', '971', '972', '973', '974', '976',
];
/** INSEE codes of the 18 régions (2016). */
export const REGIONS: Record<string, string> = {
  '01': 'Guadeloupe', '02': 'Martinique', '03': 'Guyane', '04': 'La Réunion', '06': 'Mayotte', '11': 'Île-de-France', '24': 'Centre-Val de Loire',
  '27': 'Bourgogne-Franche-Comté', '28': 'Normandie', '32': 'Hauts-de-France', '44': 'Grand Est', '52': 'Pays de la Loire', '53': 'Bretagne',
  '75': 'Nouvelle-Aquitaine', '76': 'Occitanie', '84': 'Auvergne-Rhône-Alpes', '93': 'Provence-Alpes-Côte d’Azur', '94': 'Corse',
};

const DEPT = new Set(DEPARTEMENTS);

/**
 * The territories that elect deputies and senators without being départements (INSEE's code
 * officiel géographique for the collectivités d'outre-mer and Nouvelle-Calédonie; « 99 », the
 * COG's code for abroad, for the Français établis hors de France). Their deputies: Code
 * électoral, art. L125 — tableau n° 1 bis (Nouvelle-Calédonie and the collectivités of article 74
 * of the Constitution) and tableau n° 1 ter (Français établis hors de France) annexés au code,
 * drawn by the ordonnance n° 2009-935 du 29 juillet 2009 and first applied in 2012. Their
 * senators: two for Nouvelle-Calédonie, two for Polynésie française, one for Wallis-et-Futuna
 * (Code électoral, livre V); one each for Saint-Barthélemy and Saint-Martin (livre VI); one for
 * Saint-Pierre-et-Miquelon (livre VI; its count non vérifié offline); twelve for the French abroad
 * (loi organique n° 83-499 du 17 juin 1983, art. 1). Saint-Barthélemy (977) and Saint-Martin (978)
 * share one constituency, written 977-01 (the Ministère de l'Intérieur's code for it in the 2024
 * results), and elect a senator each.
 */
export const OUTSIDE_DEPARTEMENTS: Readonly<Record<string, string>> = {
  '975': 'Saint-Pierre-et-Miquelon', '977': 'Saint-Barthélemy', '978': 'Saint-Martin', '986': 'Wallis-et-Futuna',
  '987': 'Polynésie française', '988': 'Nouvelle-Calédonie', '99': 'Français établis hors de France',
};
/** A constituency's area when it is not the name of its code (977-01 covers two collectivités). */
const CONSTITUENCY_AREA: Readonly<Record<string, string>> = { '977': 'Saint-Barthélemy et Saint-Martin' };

/**
 * Legislative constituencies per département (Code électoral, tableau n° 1 annexé à l'article
 * L125, as redrawn by the ordonnance n° 2009-935 and in force since 2012): 539 in metropolitan
 * France, 19 in the overseas départements; and outside départements (tableaux n° 1 bis and 1 ter
 * annexés au code électoral, same ordonnance): 8 in the collectivités d'outre-mer and
 * Nouvelle-Calédonie, 11 for the Français établis hors de France — 577 seats. Every count was
 * checked against the 577 constituencies of the June 2024 legislative elections' published
 * results (no redrawing since 2012). A constituency `30-07` does not exist (the Gard has 6).
 */
export const CONSTITUENCIES_PER_DEPARTEMENT: Readonly<Record<string, number>> = Object.fromEntries(
  '01:5,02:5,03:3,04:2,05:2,06:9,07:3,08:3,09:2,10:3,11:3,12:3,13:16,14:6,15:2,16:3,17:5,18:3,19:2,2A:2,2B:2,21:5,22:5,23:1,24:4,25:5,26:4,27:5,28:4,29:8,30:6,31:10,32:2,33:12,34:9,35:8,36:2,37:5,38:10,39:3,40:3,41:3,42:6,43:2,44:10,45:6,46:2,47:3,48:1,49:7,50:4,51:5,52:2,53:3,54:6,55:2,56:6,57:9,58:2,59:21,60:7,61:3,62:12,63:5,64:6,65:2,66:4,67:9,68:6,69:14,70:2,71:5,72:5,73:4,74:6,75:18,76:10,77:11,78:12,79:3,80:5,81:3,82:2,83:8,84:5,85:5,86:4,87:3,88:4,89:3,90:2,91:10,92:13,93:12,94:11,95:10,971:4,972:4,973:2,974:7,976:2,975:1,977:1,986:1,987:3,988:2,99:11'.split(',').map((pair) => {
    const [code, count] = pair.split(':');
    return [code, Number(count)];
  })
);

/**
 * Cantons per département, those a binôme of conseillers départementaux is elected in: the
 * redistricting of 2014 (one décret per département under the loi n° 2013-403 du 17 mai 2013,
 * first applied in March 2015), each numbered 01 to n. Counted from INSEE's code officiel
 * géographique 2025, cantons of type « C » (2,054; the « V » pseudo-cantons and « N » cantons
 * of communes nouvelles are INSEE's statistical units, not constituencies), whose numbers run
 * from 01 to n without a gap in every département. None in Paris, Martinique and Guyane; the
 * Rhône's 13 lie outside the Métropole de Lyon; Corsica's 26 are still listed by INSEE though the
 * Collectivité de Corse replaced their councils (`NO_DEPARTMENTAL_COUNCIL` refuses them first).
 * A canton `30-24` does not exist (the Gard has 23, 30-01 to 30-23).
 */
export const CANTONS_PER_DEPARTEMENT: Readonly<Record<string, number>> = Object.fromEntries(
  '01:23,02:21,03:19,04:15,05:15,06:27,07:17,08:19,09:13,10:17,11:19,12:23,13:29,14:25,15:15,16:19,17:27,18:19,19:19,2A:11,2B:15,21:23,22:27,23:15,24:25,25:19,26:19,27:23,28:15,29:27,30:23,31:27,32:17,33:33,34:25,35:27,36:13,37:19,38:29,39:17,40:15,41:15,42:21,43:19,44:31,45:21,46:17,47:21,48:13,49:21,50:27,51:23,52:17,53:17,54:23,55:17,56:21,57:27,58:17,59:41,60:21,61:21,62:39,63:31,64:27,65:17,66:17,67:23,68:17,69:13,70:17,71:29,72:21,73:19,74:17,76:35,77:23,78:21,79:17,80:23,81:23,82:15,83:23,84:17,85:17,86:19,87:21,88:17,89:21,90:9,91:21,92:23,93:21,94:25,95:21,971:21,974:25,976:13'.split(',').map((pair) => {
    const [code, count] = pair.split(':');
    return [code, Number(count)];
  })
);

/** The département a code belongs to (a commune's or a circonscription's), or null. */
export function departementOf(kind: TerritoryKind, code: string): string | null {
  if (kind === 'departement') return DEPT.has(code) ? code : null;
  if (kind === 'commune') {
    const overseas = code.slice(0, 3);
    if (/^97[1-6]\d{2}$/.test(code)) return DEPT.has(overseas) ? overseas : null;
    if (/^(\d{2}|2[AB])\d{3}$/.test(code)) return DEPT.has(code.slice(0, 2)) ? code.slice(0, 2) : null;
    return null;
  }
  if (kind === 'circonscription') {
    // A département's, or a collectivité d'outre-mer's (975-01), or the French abroad's (99-01).
    const m = /^(\d{2}|2[AB]|9[78]\d)-(\d{2})$/.exec(code);
    return m && Number(m[2]) >= 1 && Number(m[2]) <= (CONSTITUENCIES_PER_DEPARTEMENT[m[1]] ?? 0) ? m[1] : null;
  }
  return null;
}

/**
 * The name of the area a constituency's first part names (« 30 » → Gard, « 977 » → Saint-Barthélemy
 * et Saint-Martin, « 99 » → Français établis hors de France), or null when it elects no deputy.
 */
export function constituencyAreaName(area: string): string | null {
  if (!CONSTITUENCIES_PER_DEPARTEMENT[area]) return null;
  return CONSTITUENCY_AREA[area] ?? OUTSIDE_DEPARTEMENTS[area] ?? officialLists().departements.get(area) ?? null;
}

/**
 * An assembly a territory does not elect, and what it elects or has instead (French, for a
 * message: « Paris (75) n’élit plus de conseil départemental depuis 2019 (Ville de Paris) »).
 * `since`: the year the assembly was replaced, null when the territory never elected it.
 */
export interface NoCouncil {
  instead: string;
  since: number | null;
}

/**
 * Départements that elect no conseil départemental: Paris since 2019 (the Ville de Paris « en lieu
 * et place de la commune de Paris et du département de Paris », loi n° 2017-257 du 28 février
 * 2017, art. 1 — CGCT L2512-1 — in force on 1 January 2019, art. 8; before that the conseil de
 * Paris, elected at the municipal elections, sat as the département's council: Paris never held
 * departmental elections), Corse-du-Sud and Haute-Corse since 2018 (the collectivité de Corse « en
 * lieu et place de la collectivité territoriale de Corse et des départements de Corse-du-Sud et
 * de Haute-Corse » from 1 January 2018, loi n° 2015-991 « NOTRe », art. 30 — CGCT L4421-1),
 * Martinique and Guyane since 2015 (collectivités territoriales uniques, loi n° 2011-884 du 27
 * juillet 2011; assemblies elected in December 2015). Mayotte (976) keeps one for now: its conseil
 * départemental also has the région's powers (loi organique n° 2010-1486); the loi organique
 * n° 2025-793 and the loi n° 2025-797 du 11 août 2025 make it the « Département-Région de
 * Mayotte », whose « assemblée de Mayotte » is to be elected in one election for the whole
 * island — from which renewal on is non vérifié offline, so it is not modelled here. Not modelled
 * either (both hold departmental elections in cantons): the Rhône elects its conseil départemental
 * in the cantons outside the Métropole de Lyon only, and the Bas-Rhin and Haut-Rhin elect the
 * council of the Collectivité européenne d'Alsace (non vérifié offline).
 */
export const NO_DEPARTMENTAL_COUNCIL: Readonly<Record<string, NoCouncil>> = {
  '75': { instead: 'Ville de Paris', since: 2019 },
  '2A': { instead: 'Collectivité de Corse', since: 2018 },
  '2B': { instead: 'Collectivité de Corse', since: 2018 },
  '972': { instead: 'Collectivité territoriale de Martinique', since: 2015 },
  '973': { instead: 'Collectivité territoriale de Guyane', since: 2015 },
};

/**
 * Régions that elect no conseil régional (Code électoral, livre IV: régionales and the
 * Assemblée de Corse; livre VI bis: the assemblies of Guyane and Martinique): Martinique and
 * Guyane elect their collectivité's assembly since 2015 (loi n° 2011-884), Corse its Assemblée de
 * Corse (Code électoral, art. L364 and following, amended by the loi « NOTRe », art. 30), Mayotte
 * has no conseil régional (its conseil départemental has the région's powers, loi organique
 * n° 2010-1486; the « Département-Région » of the 2025 laws, see `NO_DEPARTMENTAL_COUNCIL`). The
 * twelve other metropolitan régions, Guadeloupe and La Réunion elect one.
 */
export const NO_REGIONAL_COUNCIL: Readonly<Record<string, NoCouncil>> = {
  '02': { instead: 'Assemblée de Martinique, élections territoriales', since: 2015 },
  '03': { instead: 'Assemblée de Guyane, élections territoriales', since: 2015 },
  '94': { instead: 'Assemblée de Corse, élections territoriales', since: null },
  '06': { instead: 'son conseil départemental en exerce les compétences', since: null },
};

/**
 * Communes of a collectivité that elect no conseil municipal (Code électoral, livre VI):
 * Saint-Barthélemy and Saint-Martin, one commune each turned collectivité d'outre-mer in 2007
 * (loi organique n° 2007-223 du 21 février 2007), elect a conseil territorial; Wallis-et-Futuna
 * has no communes but three circonscriptions territoriales matching its three customary kingdoms
 * (Uvea, Alo, Sigave: the COG's 98611–98613; loi n° 61-814 du 29 juillet 1961), and no elected
 * municipal council at all.
 */
export const NO_MUNICIPAL_COUNCIL: Readonly<Record<string, NoCouncil>> = {
  '977': { instead: 'conseil territorial de Saint-Barthélemy', since: 2007 },
  '978': { instead: 'conseil territorial de Saint-Martin', since: 2007 },
  '986': { instead: 'circonscription territoriale de Wallis-et-Futuna, sans conseil élu', since: null },
};

/**
 * Collectivités outside départements whose communes elect a conseil municipal: Saint-Pierre-et-Miquelon
 * (Code électoral, livre VI), Polynésie française and Nouvelle-Calédonie (the articles that govern
 * their municipal elections non vérifiés offline).
 */
const MUNICIPAL_OUTSIDE_DEPARTEMENTS = new Set(['975', '987', '988']);

/**
 * The sectors of Paris, Lyon and Marseille (Code électoral, art. L261 and the tables of secteurs
 * annexed to the code: tableau n° 2 for Paris, n° 3 for Lyon, the next one for Marseille — its
 * number, n° 4, non vérifié offline): lists for the conseils d'arrondissement are filed by
 * secteur. Since the loi n° 2025-795 du 11 août 2025 (first applied in March 2026) the conseil de
 * Paris and the conseils municipaux of Lyon and Marseille are elected on a ballot of their own
 * across the whole commune (L271: « par deux scrutins distincts »; the commune's own code, 75056,
 * 69123, 13055, names that election). Paris's 1st to 4th arrondissements form one secteur,
 * « Paris Centre », since 2020 (loi n° 2017-257); Marseille's sixteen arrondissements make eight
 * secteurs (1st and 7th, 2nd and 3rd, 4th and 5th, 6th and 8th, then two by two to the 15th and
 * 16th); Lyon's nine arrondissements are its nine secteurs.
 * @returns the secteur's French name for an arrondissement municipal's INSEE code, else null
 */
export function plmSecteurOf(code: string): string | null {
  const n = Number(code.slice(3));
  if (/^751(0[1-9]|1\d|20)$/.test(code)) return n <= 4 ? 'secteur Paris Centre' : `${n}e secteur`;
  if (/^6938[1-9]$/.test(code)) return code === '69381' ? '1er secteur' : `${code.slice(4)}e secteur`;
  if (/^132(0[1-9]|1[0-6])$/.test(code)) {
    const s = [0, 1, 2, 2, 3, 3, 4, 1, 4, 5, 5, 6, 6, 7, 7, 8, 8][n];
    return `${s === 1 ? '1er' : `${s}e`} secteur`;
  }
  return null;
}

/** What a place is for an election: elected there (its official name), or not (why), or unknown (null). */
export type ElectionPlace = { code: string; name: string; elects: true } | { code: string; name: string; elects: false; noCouncil: NoCouncil };

/**
 * Whether an election is held in a place, by the Code électoral and the reforms above:
 * - `municipales`: a current commune of a département, of Saint-Pierre-et-Miquelon, Polynésie
 *   française or Nouvelle-Calédonie (INSEE's COG), or an arrondissement municipal of Paris, Lyon
 *   or Marseille (named with its secteur: « Marseille 7e arrondissement (1er secteur) »);
 *   Saint-Barthélemy's, Saint-Martin's and Wallis-et-Futuna's are not (`NO_MUNICIPAL_COUNCIL`);
 * - `departementales`: a département (INSEE's), save Paris, Corsica, Martinique, Guyane (`NO_DEPARTMENTAL_COUNCIL`);
 * - `regionales`: one of the 18 régions, save Martinique, Guyane, Corse, Mayotte (`NO_REGIONAL_COUNCIL`);
 * - `senatoriales`: a département, a collectivité d'outre-mer (975, 977, 978, 986, 987),
 *   Nouvelle-Calédonie (988) or the Français établis hors de France (99).
 * Null for a code that names no such place. Pure but for the lazy read of the lists.
 */
export function electionPlace(election: 'municipales' | 'departementales' | 'regionales' | 'senatoriales', code: string): ElectionPlace | null {
  const lists = officialLists();
  const place = (name: string | undefined, noCouncil: NoCouncil | undefined): ElectionPlace | null =>
    !name ? null : noCouncil ? { code, name, elects: false, noCouncil } : { code, name, elects: true };
  switch (election) {
    case 'municipales': {
      const arrondissement = lists.arrondissements.get(code);
      if (arrondissement) return { code, name: `${arrondissement.replace(/ Arrondissement$/, ' arrondissement')} (${plmSecteurOf(code)})`, elects: true };
      const area = departementOf('commune', code) ?? (/^9[78]\d{3}$/.test(code) ? code.slice(0, 3) : null);
      if (!area || !(DEPT.has(area) || MUNICIPAL_OUTSIDE_DEPARTEMENTS.has(area) || NO_MUNICIPAL_COUNCIL[area])) return null;
      return place(lists.communes.get(code), NO_MUNICIPAL_COUNCIL[area]);
    }
    case 'departementales':
      return place(lists.departements.get(code), NO_DEPARTMENTAL_COUNCIL[code]);
    case 'regionales':
      return place(REGIONS[code], NO_REGIONAL_COUNCIL[code]);
    case 'senatoriales':
      return place(lists.departements.get(code) ?? OUTSIDE_DEPARTEMENTS[code], undefined);
  }
}

interface OfficialLists {
  communes: Map<string, string>;
  epci: Map<string, string>;
  departements: Map<string, string>;
  /** The départements of each EPCI's member communes (an EPCI may straddle two). */
  epciDepartements: Map<string, Set<string>>;
  /** Each département's région (INSEE codes). */
  regionOf: Map<string, string>;
  /** Each département's chef-lieu (its prefecture's commune, INSEE code). */
  chefLieuOf: Map<string, string>;
  /** The arrondissements municipaux of Paris, Lyon and Marseille (INSEE code → « Paris 1er Arrondissement »). */
  arrondissements: Map<string, string>;
}
let lists: OfficialLists | null = null;
let loading: Promise<OfficialLists> | null = null;

type ListRow = { code: string; nom: string; type?: string; region?: string; chefLieu?: string; membres?: { code: string }[] };
// The package's index.js reads its files relative to the working directory: read them by path.
const listPath = (file: string) => require.resolve(`@etalab/decoupage-administratif/data/${file}.json`);

function build(communeRows: ListRow[], epciRows: ListRow[], departementRows: ListRow[]): OfficialLists {
  const communes = new Map<string, string>();
  const arrondissements = new Map<string, string>();
  for (const c of communeRows) {
    if (c.type === 'commune-actuelle') communes.set(c.code, c.nom);
    else if (c.type === 'arrondissement-municipal') arrondissements.set(c.code, c.nom);
  }
  const epci = new Map<string, string>();
  const epciDepartements = new Map<string, Set<string>>();
  for (const e of epciRows) {
    epci.set(e.code, e.nom);
    epciDepartements.set(e.code, new Set((e.membres ?? []).flatMap((m) => departementOf('commune', m.code) ?? [])));
  }
  const departements = new Map<string, string>();
  const regionOf = new Map<string, string>();
  const chefLieuOf = new Map<string, string>();
  for (const d of departementRows) {
    if (!DEPT.has(d.code)) continue;
    departements.set(d.code, d.nom);
    if (d.region) regionOf.set(d.code, d.region);
    if (d.chefLieu) chefLieuOf.set(d.code, d.chefLieu);
  }
  return { communes, epci, departements, epciDepartements, regionOf, chefLieuOf, arrondissements };
}

/**
 * Reads the official lists without blocking the event loop on the disk (13 MB of JSON:
 * 2.1 s at load 11 when read synchronously; only the parse itself still runs on the loop):
 * started at the plugin's bootstrap, awaited by the commands that check a territory code.
 * One read shared by every waiter; a failed read is retried on the next call.
 */
export function loadOfficialLists(): Promise<OfficialLists> {
  if (lists) return Promise.resolve(lists);
  loading ??= Promise.all(['communes', 'epci', 'departements'].map(async (file) => JSON.parse(await readFile(listPath(file), 'utf8')) as ListRow[]))
    .then(([communes, epci, departements]) => (lists ??= build(communes, epci, departements)))
    .catch((error) => {
      loading = null;
      throw error;
    });
  return loading;
}

/**
 * The official lists as code → name maps, read once per process (only the maps of current
 * communes, EPCI and départements are kept, 4 MB of heap). Normally loaded already by
 * `loadOfficialLists` (bootstrap, commands); read synchronously here only when not (pure
 * unit tests, an admin-panel write racing the bootstrap).
 */
export function officialLists(): OfficialLists {
  if (lists) return lists;
  const read = (file: string): ListRow[] => JSON.parse(readFileSync(listPath(file), 'utf8'));
  lists = build(read('communes'), read('epci'), read('departements'));
  return lists;
}

/**
 * Whether the territory `code` of `kind` lies in, or covers, the département `departement`: a
 * commune, a constituency or the département itself in it; an EPCI with a member commune in
 * it; the région it belongs to; France. Pure but for the lazy read of the lists.
 */
export function concernsDepartement(kind: TerritoryKind, code: string, departement: string): boolean {
  if (kind === 'france') return true;
  if (kind === 'epci') return officialLists().epciDepartements.get(code)?.has(departement) ?? false;
  if (kind === 'region') return officialLists().regionOf.get(departement) === code;
  return departementOf(kind, code) === departement;
}

/**
 * The official name of a territory (« Nîmes », « CA de Nîmes Métropole », « Gard »,
 * « Occitanie », « 1re circonscription du Gard », « France »), or null when the code is
 * not a known territory of that kind. Pure but for the lazy read of the lists.
 */
export function officialTerritoryName(kind: TerritoryKind, code: string): string | null {
  if (!isKnownTerritory(kind, code)) return null;
  switch (kind) {
    case 'commune':
      return officialLists().communes.get(code) ?? null;
    case 'epci':
      return officialLists().epci.get(code) ?? null;
    case 'departement':
      return officialLists().departements.get(code) ?? null;
    case 'region':
      return REGIONS[code] ?? null;
    case 'circonscription': {
      const [dept, number] = code.split('-');
      const n = Number(number);
      return `${n === 1 ? '1re' : `${n}e`} circonscription — ${constituencyAreaName(dept) ?? dept}`;
    }
    case 'france':
      return 'France';
    default:
      return null;
  }
}

/**
 * The name stored with a mandate: a commune's or an EPCI's official name always (the code
 * names exactly one place: a name that disagrees is a slip); for a département, a région, a
 * constituency or France, the name typed when there is one (it may say more: the canton of
 * a departmental councillor, whom a collaborator serves), else the official name. Null when
 * the code is unknown.
 */
export function territoryNameFor(kind: TerritoryKind, code: string, typed: string | null | undefined): string | null {
  const official = officialTerritoryName(kind, code);
  if (!official) return null;
  return kind === 'commune' || kind === 'epci' || !typed?.trim() ? official : typed.trim();
}

/** Is `code` an official code of a territory of this kind? (`FR` for France; SIREN 2xxxxxxxx for an EPCI.) */
export function isKnownTerritory(kind: TerritoryKind, code: string): boolean {
  switch (kind) {
    case 'commune':
      return departementOf(kind, code) !== null && officialLists().communes.has(code);
    case 'departement':
    case 'circonscription':
      return departementOf(kind, code) !== null;
    case 'region':
      return code in REGIONS;
    case 'epci':
      return /^2\d{8}$/.test(code) && officialLists().epci.has(code);
    case 'france':
      return code === 'FR';
    default:
      return false;
  }
}

/** What the member is told when a code is refused. */
export const TERRITORY_HINTS: Record<TerritoryKind, string> = {
  commune: 'un code INSEE de commune existante (5 caractères, ex. 30189 pour Nîmes)',
  epci: 'le numéro SIREN d’un EPCI existant (9 chiffres, ex. 243000643 pour Nîmes Métropole)',
  departement: 'un code de département (ex. 30, 2A, 974)',
  region: 'un code INSEE de région (ex. 76 pour l’Occitanie)',
  circonscription: 'une circonscription au format département-numéro (ex. 30-01)',
  france: 'FR',
};
