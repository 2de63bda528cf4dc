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
 * Legislative constituencies per département (Code électoral, tableau n° 1 annexé à l'article
 * L125, as redrawn by the ordonnance n° 2009-935 and in force since 2012): 539 in metropolitan
 * France, 19 in the overseas départements. A constituency `30-07` does not exist (the Gard has 6).
 */
export const CONSTITUENCIES_PER_DEPARTEMENT: Readonly<Record<string, number>> = Object.fromEntries(
  '01:5,02:5,03:3,04:2,05:2,06:9,07:3,08:3,09:2,10:3,11:3,12:3,13:16,14:6,15:2,16:3,17:5,18:3,19:2,2A:2,2B:2,21:5,22:5,23:1,24:4,25:5,26:4,27:5,28:4,29:8,30:6,31:10,32:2,33:12,34:9,35:8,36:2,37:5,38:10,39:3,40:3,41:3,42:6,43:2,44:10,45:6,46:2,47:3,48:1,49:7,50:4,51:5,52:2,53:3,54:6,55:2,56:6,57:9,58:2,59:21,60:7,61:3,62:12,63:5,64:6,65:2,66:4,67:9,68:6,69:14,70:2,71:5,72:5,73:4,74:6,75:18,76:10,77:11,78:12,79:3,80:5,81:3,82:2,83:8,84:5,85:5,86:4,87:3,88:4,89:3,90:2,91:10,92:13,93:12,94:11,95:10,971:4,972:4,973:2,974:7,976:2'.split(',').map((pair) => {
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
    const m = /^(\d{2}|2[AB]|97[1-6])-(\d{2})$/.exec(code);
    return m && DEPT.has(m[1]) && Number(m[2]) >= 1 && Number(m[2]) <= (CONSTITUENCIES_PER_DEPARTEMENT[m[1]] ?? 0) ? m[1] : null;
  }
  return null;
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
}
let lists: OfficialLists | null = null;
let loading: Promise<OfficialLists> | null = null;

type ListRow = { code: string; nom: string; type?: string; region?: string; chefLieu?: string; membres?: { code: string }[] };
// The package's index.js reads its files relative to the working directory: read them by path.
const listPath = (file: string) => require.resolve(`@etalab/decoupage-administratif/data/${file}.json`);

function build(communeRows: ListRow[], epciRows: ListRow[], departementRows: ListRow[]): OfficialLists {
  const communes = new Map<string, string>();
  for (const c of communeRows) if (c.type === 'commune-actuelle') communes.set(c.code, c.nom);
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
  return { communes, epci, departements, epciDepartements, regionOf, chefLieuOf };
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
      return `${n === 1 ? '1re' : `${n}e`} circonscription — ${officialLists().departements.get(dept) ?? dept}`;
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
