/**
 * « Mes données » (issue 22, item 3): what the intranet holds about one member, gathered
 * plugin by plugin. Each plugin that keeps personal data offers a public service named
 * `personal-data` (declared in its `public.ts`) that satisfies `PersonalDataProvider`; the
 * membership plugin assembles the parts in the background and offers the result as JSON and
 * HTML. A plugin never reads another's tables to describe a member: it describes its own.
 *
 * Values are plain (text, numbers, booleans, null) so that the JSON is the same thing the
 * HTML page shows. Labels and notes are French: the member reads them.
 */
export type PersonalDataValue = string | number | boolean | null;

/** One heading of a part: records of the same shape (French label → value). */
export interface PersonalDataSection {
  /** French heading, e.g. « Contributions ». */
  title: string;
  /** One record per line; an empty list means « nothing held ». */
  rows: Record<string, PersonalDataValue>[];
  /** French sentence explaining what is (not) there, e.g. the secrecy of the ballot. */
  note?: string;
}

/** One plugin's part of the export. */
export interface PersonalDataPart {
  /** The plugin id that holds this data (`training`). */
  source: string;
  /** French title of the part (« Formation »). */
  title: string;
  sections: PersonalDataSection[];
}

/** Whose data: the member profile and its login account (null for a profile without account). */
export interface PersonalDataSubject {
  memberId: number;
  memberDocumentId: string;
  userId: number | null;
}

/** What a plugin's `personal-data` service offers. Reads only; throws only on database failure. */
export interface PersonalDataProvider {
  personalData(subject: PersonalDataSubject): Promise<PersonalDataPart>;
}

/** The name every contributing plugin gives its service. */
export const PERSONAL_DATA_SERVICE = 'personal-data';

interface PluginRegistry {
  plugins: Record<string, unknown>;
  plugin(name: string): { service(name: string): unknown } | undefined;
}

/**
 * The parts of every installed plugin that offers a `personal-data` service, `first` ids
 * first (in that order), then the others by id. A plugin a deployment does not install
 * simply has no part. Provider failures propagate (the export is then marked failed).
 */
export async function collectPersonalData(
  strapi: PluginRegistry,
  subject: PersonalDataSubject,
  first: readonly string[] = []
): Promise<PersonalDataPart[]> {
  const ids = Object.keys(strapi.plugins).sort((a, b) => {
    const ra = first.indexOf(a) === -1 ? first.length : first.indexOf(a);
    const rb = first.indexOf(b) === -1 ? first.length : first.indexOf(b);
    return ra - rb || a.localeCompare(b);
  });
  const parts: PersonalDataPart[] = [];
  for (const id of ids) {
    let provider: PersonalDataProvider | undefined;
    try {
      provider = strapi.plugin(id)?.service(PERSONAL_DATA_SERVICE) as PersonalDataProvider | undefined;
    } catch {
      provider = undefined; // Strapi's own plugins: no such service
    }
    if (provider && typeof provider.personalData === 'function') parts.push(await provider.personalData(subject));
  }
  return parts;
}
