import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { getService, type Actor } from '@intranet-militant/shared';
import { advancePhase } from '../commands/advance-phase';
import { castBallot } from '../commands/cast-ballot';
import { buildSynthesis } from '../commands/compose-synthesis';
import { gradeProposals } from '../commands/grade-proposal';
import { createProposal } from '../commands/group-proposals';
import { inPhase } from '../commands/in-phase';
import { createConsultation } from '../commands/save-consultation';
import { submitContribution } from '../commands/submit-contribution';
import { CONSULTATION_UID } from '../uids';
import { consultationInput } from '../validation/schemas';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

export interface DemoPlaces {
  /** The federation's documentId. */
  federation: string;
  /** The user id of a staff member of that federation (runs the consultations). */
  staffUserId: number;
  /** User ids of members eligible to take part (dues paid, joined before the cut-off); the first is the demo member. */
  eligibleUserIds: number[];
  /** The dues cut-off of the full consultations (YYYY-MM-DD, Paris). */
  cutoff: string;
}

/**
 * The consultations of the development demo, made the way staff and members make them:
 * through the commands (same checks, same audit), so every rule holds in the demo too —
 * only eligible members contribute and vote. One consultation per moment of the process:
 * contributions open, contributions waiting to be grouped, proposals to grade, a quick
 * question open to the vote, and a closed quick question with its results and ballots.
 * The demo member (first eligible user) is left to contribute, grade and vote herself.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async seed(places: DemoPlaces): Promise<void> {
    const actors = getService(strapi, 'membership', 'actors');
    const staff = await actors.forUserId(places.staffUserId);
    const members: Actor[] = [];
    for (const id of places.eligibleUserIds) members.push(await actors.forUserId(id));
    const others = members.slice(1);
    const year = places.cutoff.slice(0, 4);

    const open = async (body: Record<string, unknown>) => {
      const input = consultationInput.parse({ audience: 'federation', federation: places.federation, ...body });
      const created = await createConsultation(strapi, staff, input);
      await advancePhase(strapi, staff, created.documentId, 'draft');
      return created.documentId;
    };
    const contribute = async (id: string, ideas: [string, string, string][]) => {
      const ids: string[] = [];
      for (const [i, [title, body, category]] of ideas.entries()) {
        ids.push((await submitContribution(strapi, others[i % others.length], id, { title, body, category })).documentId);
      }
      return ids;
    };
    /**
     * The phases the demo moved on one after the other within a second, dated as they would
     * have run in the days before the seed (days from now, each after the one before): the
     * calendar members read (« du … au … ») shows no phase of no length. The commands record
     * an early end as « now »; this writes the demo's story over it, in the plugin's own table.
     */
    const ranBefore = async (id: string, ends: Partial<Record<'contribution' | 'analysis' | 'evaluation' | 'vote', number>>) => {
      const data = Object.fromEntries(Object.entries(ends).map(([phase, days]) => [`${phase}EndsAt`, at(days!)]));
      await strapi.db.query(CONSULTATION_UID).update({ where: { documentId: id }, data });
    };
    /**
     * The roll of a vote the demo opened on the seed's day, dated when its vote phase opened
     * in the demo's story (a quick question's opening, a full consultation's end of
     * evaluation): a member is told the list was « arrêtée » when the vote they see began, not
     * after. Who is on it is unchanged (nobody's standing changed in between).
     */
    const rollClosedAtVoteOpening = async (id: string) => {
      const c = await strapi.db.query(CONSULTATION_UID).findOne({ where: { documentId: id }, select: ['kind', 'opensAt', 'evaluationEndsAt'] });
      await strapi.db.query(CONSULTATION_UID).update({ where: { documentId: id }, data: { rollClosedAt: c.kind === 'quick' ? c.opensAt : c.evaluationEndsAt } });
    };
    const fullCalendar = (contributionEnds: number) => ({
      eligibilityCutoff: places.cutoff,
      opensAt: at(-20),
      phases: {
        contribution: { endsAt: at(contributionEnds), inCharge: 'Sophie Bonnet, secrétaire fédérale' },
        analysis: { endsAt: at(contributionEnds + 10), inCharge: 'Commission du projet' },
        evaluation: { endsAt: at(contributionEnds + 20), inCharge: 'Commission du projet' },
        vote: { endsAt: at(contributionEnds + 30), inCharge: 'Bureau fédéral' },
        results: { inCharge: 'Bureau fédéral' },
      },
      quorumPercent: 25,
      synthesisSize: 3,
    });
    const categories = ['Fonctionnement du parti', 'Projet pour le Gard'];

    // 1. Contributions open: the demo member can contribute and sees similar ones as she writes.
    const contributing = await open({
      title: 'Budget participatif des sections : vos idées',
      description: 'Proposez comment utiliser le budget participatif de votre section. Les idées semblables seront regroupées, puis évaluées par tous.',
      ...fullCalendar(12),
      categories: ['Vie des sections', 'Actions publiques'],
    });
    await contribute(contributing, [
      ['Des cafés-débats mensuels', 'Organiser un café-débat ouvert chaque mois dans un lieu différent de la section.', 'Actions publiques'],
      ['Former les nouveaux militants', 'Financer des formations locales pour les nouveaux adhérents de la section.', 'Vie des sections'],
      ['Un local partagé', 'Louer un petit local partagé avec la section voisine pour les réunions.', 'Vie des sections'],
      ['Tracts sur le marché', 'Imprimer des tracts pour les marchés du samedi.', 'Actions publiques'],
    ]);

    // 2. Contributions waiting to be grouped in the workbench (admin panel → Consultations).
    const grouping = await open({
      title: `Consultation fédérale ${year} : quelle fédération voulons-nous ?`,
      description: 'Chaque adhérent contribue librement ; la commission regroupe les contributions semblables en propositions ; chacun évalue chaque proposition (effort, impact) ; les meilleures forment une synthèse soumise au vote.',
      ...fullCalendar(5),
      categories,
    });
    await contribute(grouping, [
      ['Un intranet pour les adhérents', 'Centraliser toute l’information interne sur un intranet sécurisé.', 'Fonctionnement du parti'],
      ['Intranet centralisé', 'Un intranet rapide où trouver les comptes rendus et les documents.', 'Fonctionnement du parti'],
      ['Consulter les adhérents plus souvent', 'Des consultations directes plusieurs fois par an.', 'Fonctionnement du parti'],
      ['Des consultations régulières', 'Consulter les militants avant chaque grande décision.', 'Fonctionnement du parti'],
      ['Parrainer les nouveaux adhérents', 'Chaque nouvel adhérent accueilli par un parrain de sa section.', 'Fonctionnement du parti'],
      ['Un parcours d’accueil', 'Un parcours d’accueil et un parrain pour les nouveaux militants.', 'Fonctionnement du parti'],
      ['Transports en commun gratuits', 'Des bus gratuits pour les jeunes et les retraités.', 'Projet pour le Gard'],
      ['Gratuité des bus', 'La gratuité des transports en commun dans l’agglomération.', 'Projet pour le Gard'],
      ['Lutter contre les déserts médicaux', 'Ouvrir des centres de santé avec des médecins salariés.', 'Projet pour le Gard'],
      ['Médecins en zone rurale', 'Attirer des médecins dans les déserts médicaux du département.', 'Projet pour le Gard'],
      ['Les élus rendent compte', 'Chaque élu présente un compte rendu de mandat aux adhérents.', 'Fonctionnement du parti'],
      ['Publier les comptes', 'La transparence financière de la fédération.', 'Fonctionnement du parti'],
    ]);
    await advancePhase(strapi, staff, grouping, 'contribution');

    // 3. Proposals to grade on effort and impact.
    const grading = await open({
      title: 'Les priorités de la rentrée',
      description: 'Évaluez chaque proposition sur deux axes : l’effort qu’elle demande et l’impact qu’on en attend.',
      ...fullCalendar(3),
      categories,
    });
    const sources = await contribute(grading, [
      ['Une université d’été mieux organisée', 'Préparer l’université d’été plus tôt, avec des ateliers choisis par les adhérents.', 'Fonctionnement du parti'],
      ['Université d’été : programme participatif', 'Que les adhérents votent les thèmes des ateliers de l’université d’été.', 'Fonctionnement du parti'],
      ['Porte-à-porte dans les quartiers', 'Des campagnes de porte-à-porte régulières dans les quartiers populaires.', 'Projet pour le Gard'],
      ['Aller vers les habitants', 'Rencontrer les habitants chez eux, quartier par quartier.', 'Projet pour le Gard'],
      ['Recenser les compétences', 'Un annuaire des compétences des adhérents, avec leur accord.', 'Fonctionnement du parti'],
    ]);
    await advancePhase(strapi, staff, grading, 'contribution');
    await createProposal(strapi, staff, grading, { title: 'Une université d’été préparée avec les adhérents', summary: 'Des thèmes votés par les adhérents, un programme publié tôt.', sources: [sources[0], sources[1]] });
    await createProposal(strapi, staff, grading, { title: 'Des campagnes de porte-à-porte régulières', summary: 'Quartier par quartier, avec les sections.', sources: [sources[2], sources[3]] });
    await createProposal(strapi, staff, grading, { title: 'Un recensement des compétences des adhérents', summary: 'Avec le consentement de chacun.', sources: [sources[4]] });
    await advancePhase(strapi, staff, grading, 'analysis');
    await ranBefore(grading, { contribution: -9, analysis: -2 });

    // 4. A consultation run to its end: graded proposals (results, quadrants), the synthesis
    // with its provenance, adopted by a secret vote whose ballots anyone may recount.
    const concluded = await open({
      title: 'Consultation de printemps : rendre le parti plus ouvert',
      description: 'Menée de bout en bout : contributions, propositions, évaluation effort × impact, synthèse adoptée par vote.',
      ...fullCalendar(2),
      categories,
    });
    const spring = await contribute(concluded, [
      ['Des cafés-débats ouverts', 'Des cafés-débats ouverts aux sympathisants dans chaque section.', 'Fonctionnement du parti'],
      ['Ouvrir nos réunions', 'Inviter les citoyens à une réunion publique par trimestre.', 'Fonctionnement du parti'],
      ['Former les élus', 'Des formations régulières pour les élus locaux.', 'Fonctionnement du parti'],
      ['Publier les votes des élus', 'Chaque élu publie ses votes et sa présence en conseil.', 'Fonctionnement du parti'],
      ['Une lettre mensuelle', 'Une lettre d’information mensuelle aux adhérents.', 'Fonctionnement du parti'],
    ]);
    await advancePhase(strapi, staff, concluded, 'contribution');
    const proposals = [
      await createProposal(strapi, staff, concluded, { title: 'Des rencontres ouvertes aux citoyens', summary: 'Cafés-débats et réunions publiques.', sources: [spring[0], spring[1]] }),
      await createProposal(strapi, staff, concluded, { title: 'Des élus formés et transparents', summary: 'Formation et publication des votes.', sources: [spring[2], spring[3]] }),
      await createProposal(strapi, staff, concluded, { title: 'Une lettre mensuelle aux adhérents', sources: [spring[4]] }),
    ].map((p) => p.documentId);
    await advancePhase(strapi, staff, concluded, 'analysis');
    for (const [i, member] of others.entries()) {
      await gradeProposals(strapi, member, concluded, [
        { proposal: proposals[0], effort: 2, impact: 5 - (i % 2) },
        { proposal: proposals[1], effort: 3 + (i % 2), impact: 4 },
        { proposal: proposals[2], effort: 1, impact: 2 + (i % 2) },
      ]);
    }
    await buildSynthesis(strapi, staff, concluded, { size: 2 });
    await advancePhase(strapi, staff, concluded, 'evaluation');
    for (const [i, voter] of others.entries()) await castBallot(strapi, voter, concluded, { choice: i === 0 ? 'abstain' : 'for' });
    await advancePhase(strapi, staff, concluded, 'vote');
    await ranBefore(concluded, { contribution: -16, analysis: -12, evaluation: -7, vote: -1 });
    await rollClosedAtVoteOpening(concluded);

    // 5. A quick question open to the vote.
    const saturday = await open({
      kind: 'quick',
      title: 'Réunions de section le samedi matin ?',
      question: 'Faut-il tenir les réunions de section le samedi matin ?',
      answerType: 'choice',
      choices: ['Oui', 'Non', 'Peu importe'],
      eligibilityCutoff: places.cutoff,
      opensAt: at(-1),
      phases: { vote: { endsAt: at(5), inCharge: 'Bureau fédéral' }, results: { inCharge: 'Bureau fédéral' } },
    });
    // Its vote opened yesterday: the step is taken here, as the clock's next tick would take it
    // after the seed (in-phase brings a held row up to the clock), so that its roll can be dated.
    await inPhase(strapi, saturday, { phase: 'vote', exclusive: true }, async () => undefined);
    await rollClosedAtVoteOpening(saturday);

    // 6. A quick question closed: results and published ballots anyone addressed can recount.
    const closed = await open({
      kind: 'quick',
      title: 'Un café-débat ouvert à tous chaque mois ?',
      question: 'La fédération doit-elle organiser un café-débat ouvert aux citoyens chaque mois ?',
      answerType: 'choice',
      choices: ['Oui', 'Non'],
      eligibilityCutoff: places.cutoff,
      opensAt: at(-6),
      phases: { vote: { endsAt: at(1), inCharge: 'Bureau fédéral' }, results: { inCharge: 'Bureau fédéral' } },
    });
    // Answers are choice numbers: 1 « Oui », 2 « Non » (the first ballot opens its vote, the clock catching up).
    for (const [i, voter] of others.entries()) await castBallot(strapi, voter, closed, { answer: i === others.length - 1 ? 2 : 1 });
    await rollClosedAtVoteOpening(closed);
    await advancePhase(strapi, staff, closed, 'vote');
  },
});
