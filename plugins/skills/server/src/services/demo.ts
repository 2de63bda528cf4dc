import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { getService, todayInParis, type Actor } from '@intranet-militant/shared';
import { createCensus } from '../commands/census';
import { createNetwork, joinNetwork } from '../commands/networks';
import { giveConsent, saveProfile } from '../commands/profile';
import { createTerm, proposeTerm } from '../commands/terms';
import { CONSENT_VERSION, PROFILE_LEVELS, WILLINGNESS, type TermKind } from '../domain/vocabulary';
import type { NetworkField } from '../domain/vocabulary';

/** [label, parent label or null, synonyms]. */
type DemoTerm = [string, string | null, string[]];

/** The national vocabulary of the demo: 62 terms. */
export const DEMO_VOCABULARY: Record<TermKind, DemoTerm[]> = {
  skill: [
    ['Communication', null, []], ['Rédaction', 'Communication', ['écriture', 'rédacteur']], ['Graphisme', 'Communication', ['design graphique', 'PAO']],
    ['Prise de parole', 'Communication', ['éloquence', 'oral']], ['Réseaux sociaux', 'Communication', ['community management']], ['Relations presse', 'Communication', ['attaché de presse']],
    ['Vidéo', 'Communication', ['montage vidéo']], ['Données', null, []], ['Analyse de données', 'Données', ['data', 'statistiques']],
    ['Cartographie électorale', 'Données', ['SIG']], ['Enquêtes et sondages', 'Données', []], ['Droit', null, ['juriste']],
    ['Droit public', 'Droit', ['droit administratif']], ['Droit du travail', 'Droit', ['droit social']], ['Droit électoral', 'Droit', []],
    ['Finances publiques', null, ['budget des collectivités']], ['Comptabilité', null, ['trésorerie']], ['Formation d’adultes', null, ['formateur', 'pédagogie']],
    ['Animation de réunion', 'Formation d’adultes', ['facilitation']], ['Organisation d’événements', null, ['logistique']], ['Informatique', null, []],
    ['Développement web', 'Informatique', ['site internet']], ['Cybersécurité', 'Informatique', []], ['Traduction', null, ['interprétariat']],
    ['Urbanisme', null, ['aménagement']], ['Action sociale', null, ['travail social']], ['Santé publique', null, []],
    ['Éducation', null, ['enseignement']], ['Environnement', null, ['transition écologique']], ['Porte-à-porte', null, ['terrain']],
  ],
  network: [
    ['Associations', null, []], ['Associations d’éducation populaire', 'Associations', []], ['Associations de quartier', 'Associations', []],
    ['Syndicats', null, ['syndicalisme']], ['Syndicats de salariés', 'Syndicats', []], ['Syndicats étudiants', 'Syndicats', []],
    ['Professions', null, []], ['Enseignants', 'Professions', []], ['Soignants', 'Professions', ['hôpital']],
    ['Avocats', 'Professions', []], ['Élus locaux', 'Professions', []], ['Entreprises', null, []],
    ['Groupes socialistes d’entreprise', 'Entreprises', ['GSE']], ['Économie sociale et solidaire', 'Entreprises', ['ESS', 'coopératives']], ['Fonction publique', null, []],
    ['Fonction publique territoriale', 'Fonction publique', []], ['Fonction publique hospitalière', 'Fonction publique', []],
  ],
  interest: [
    ['Logement', null, []], ['Transports', null, ['mobilités']], ['Écologie', null, ['climat']], ['Santé', null, []], ['Éducation et jeunesse', null, []],
    ['Europe', null, ['Union européenne']], ['International', null, []], ['Travail et emploi', null, []], ['Égalité femmes-hommes', null, ['parité']],
    ['Ruralité', null, ['territoires ruraux']], ['Culture', null, []], ['Numérique', null, []], ['Sécurité', null, []], ['Agriculture', null, []], ['Laïcité', null, []],
  ],
};

export interface SkillsDemoPlaces {
  /** The user id of a national admin (curates the vocabulary). */
  nationalUserId: number;
  /** The user id of a staff member of the Gard. */
  staffUserId: number;
  /** The Gard's member user ids (40), in a stable order. */
  memberUserIds: number[];
}

const pick = <T>(list: readonly T[], i: number, n: number): T[] => Array.from({ length: n }, (_, k) => list[(i * 7 + k * 3) % list.length]);

/**
 * The skills demo, made through the commands (same checks, same audit): the national
 * vocabulary (62 terms) and one member's proposal awaiting review; 40 Gard members with
 * profiles of every visibility — 34 consented, 3 filled in without consent, 3 without
 * profile; two networks (the Gard's trainers, national; the « Groupes socialistes
 * d’entreprise » network of the Gard) with coordinators and members; one census in progress.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async seed(places: SkillsDemoPlaces): Promise<void> {
    const actors = getService(strapi, 'membership', 'actors');
    const national: Actor = await actors.forUserId(places.nationalUserId);
    const staff: Actor = await actors.forUserId(places.staffUserId);
    const created: Record<TermKind, { slug: string; root: boolean }[]> = { skill: [], network: [], interest: [] };
    for (const kind of ['skill', 'network', 'interest'] as const) {
      const slugOf = new Map<string, string>();
      for (const [label, parent, synonyms] of DEMO_VOCABULARY[kind]) {
        const term = await createTerm(strapi, national, { label, kind, parent: parent ? (slugOf.get(parent) ?? null) : null, synonyms });
        slugOf.set(label, term.slug);
        created[kind].push({ slug: term.slug, root: parent == null });
      }
    }
    // Members hold specific terms (children), and a few broad skills.
    const skills = [...created.skill.filter((t) => !t.root).map((t) => t.slug), ...created.skill.filter((t) => t.root).slice(0, 3).map((t) => t.slug)];
    const networks = created.network.filter((t) => !t.root).map((t) => t.slug);
    const interests = created.interest.map((t) => t.slug);
    const members: Actor[] = [];
    for (const userId of places.memberUserIds) members.push(await actors.forUserId(userId));
    for (const [i, member] of members.entries()) {
      if (i >= 37) continue; // three members never filled in their profile
      const visibility = PROFILE_LEVELS[i % PROFILE_LEVELS.length];
      await saveProfile(strapi, member, {
        visibility,
        fieldLevels: i % 5 === 0 ? { availability: 'staff', email: visibility } : i % 3 === 0 ? { phone: 'staff' } : {},
        sector: ['Enseignement', 'Santé', 'Fonction publique territoriale', 'Industrie', 'Commerce', 'Associatif', 'Retraité·e'][i % 7],
        skills: pick(skills, i, 2 + (i % 3)).map((term, k) => ({ term, level: ((i + k) % 4) + 1 })),
        networks: pick(networks, i, i % 3),
        interests: pick(interests, i, 1 + (i % 3)),
        willingness: pick(WILLINGNESS, i, 1 + (i % 3)),
        hoursPerMonth: [2, 4, 8, 10, 16, 20][i % 6],
        languages: i % 4 === 0 ? ['fr', 'en'] : i % 9 === 0 ? ['fr', 'es', 'oc'] : ['fr'],
      }).catch((error) => {
        throw new Error(`skills demo, member ${i}: ${(error as Error).message}`);
      });
      if (i < 34) await giveConsent(strapi, member, CONSENT_VERSION);
    }
    await proposeTerm(strapi, members[1], { label: 'Permaculture', kind: 'interest', parent: null });
    const trainers = await createNetwork(strapi, national, { name: 'Réseau national des formateurs', description: 'Les adhérents qui forment d’autres adhérents : partage de supports, échanges de pratiques.', national: true, coordinators: [] });
    const gse = await createNetwork(strapi, staff, {
      name: 'Groupes socialistes d’entreprise du Gard',
      description: 'Les adhérents qui militent dans leur entreprise ou leur administration.',
      national: false,
      coordinators: [members[0].memberDocumentId!],
    });
    const share: NetworkField[][] = [['skills'], ['skills', 'email'], ['skills', 'sector', 'availability'], ['skills', 'email', 'phone', 'languages']];
    for (const [i, member] of members.entries()) {
      if (i === 0 || i >= 34) continue;
      if (i % 3 === 0) await joinNetwork(strapi, member, trainers.slug, { sharedFields: share[i % 4] });
      if (i % 4 === 1) await joinNetwork(strapi, member, gse.slug, { sharedFields: share[(i + 1) % 4] });
    }
    await joinNetwork(strapi, members[0], trainers.slug, { sharedFields: ['skills', 'email'] });
    const inSixWeeks = todayInParis(new Date(Date.now() + 42 * 86_400_000));
    await createCensus(strapi, staff, { title: 'Recensement des talents du Gard', message: 'Aidez-nous à savoir qui peut former, écrire, analyser ou prendre la parole.', closesOn: inSixWeeks });
  },
});
